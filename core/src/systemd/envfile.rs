//! `EnvironmentFile=` contents, read like systemd 252's `parse_env_file_internal()` (the
//! state machine behind `load_env_file_pairs()`).

use std::borrow::Cow;

/// One `KEY=value` read from an environment file. The key may be invalid (`export X`);
/// systemd drops such assignments when it starts the process, with a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EnvPair<'t> {
    pub key: Cow<'t, str>,
    pub value: Cow<'t, str>,
    /// Byte offset of the key in the file.
    pub offset: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum St {
    PreKey,
    Key,
    PreValue,
    Value,
    ValueEscape,
    SingleQuote,
    DoubleQuote,
    DoubleQuoteEscape,
    Comment,
    CommentEscape,
}

fn is_newline(c: u8) -> bool {
    c == b'\n' || c == b'\r'
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

/// `bytes` as text: borrowed from `text` when they are the bytes at `start` there.
fn borrow_or_own<'t>(text: &'t str, start: usize, bytes: &[u8]) -> Cow<'t, str> {
    let end = start + bytes.len();
    if text.as_bytes().get(start..end) == Some(bytes) {
        if let Some(s) = text.get(start..end) {
            return Cow::Borrowed(s);
        }
    }
    Cow::Owned(String::from_utf8_lossy(bytes).into_owned())
}

/// A value being read: its bytes and where its first byte was in the text (a hint that lets
/// the common unquoted value borrow the text).
struct Val {
    bytes: Vec<u8>,
    start: usize,
}

impl Val {
    fn push(&mut self, c: u8, at: usize) {
        if self.bytes.is_empty() {
            self.start = at;
        }
        self.bytes.push(c);
    }
    fn extend(&mut self, run: &[u8], at: usize) {
        if self.bytes.is_empty() {
            self.start = at;
        }
        self.bytes.extend_from_slice(run);
    }
    fn len(&self) -> usize {
        self.bytes.len()
    }
}

#[cfg(test)]
pub(crate) fn parse_env_file<'t>(text: &'t str) -> Vec<EnvPair<'t>> {
    let mut v = Vec::new();
    parse_env_file_each(text, &mut |p| v.push(p));
    v
}

/// The assignments of an environment file, in order, each given to `out` as it is read.
pub(crate) fn parse_env_file_each<'t>(text: &'t str, out: &mut dyn FnMut(EnvPair<'t>)) {
    let mut st = St::PreKey;
    // (a key is the text from `key_offset` on, byte for byte: only its length is kept)
    let mut key: usize = 0;
    let mut value = Val {
        bytes: Vec::with_capacity(text.len()),
        start: 0,
    };
    let mut key_offset = 0usize;
    let mut last_key_ws: Option<usize> = None;
    let mut last_value_ws: Option<usize> = None;

    let push = |key: &mut usize,
                value: &mut Val,
                last_key_ws: Option<usize>,
                trim_value: Option<usize>,
                offset: usize,
                out: &mut dyn FnMut(EnvPair<'t>)| {
        if let Some(k) = last_key_ws {
            *key = (*key).min(k);
        }
        if let Some(v) = trim_value {
            value.bytes.truncate(v);
        }
        let key_bytes = text.as_bytes().get(offset..offset + *key).unwrap_or(&[]);
        out(EnvPair {
            key: borrow_or_own(text, offset, key_bytes),
            value: borrow_or_own(text, value.start, &value.bytes),
            offset,
        });
        *key = 0;
        value.bytes.clear();
    };

    let bytes = text.as_bytes();
    let mut i = 0usize;
    while let Some(&c) = bytes.get(i) {
        match st {
            St::PreKey => {
                if c == b'#' || c == b';' {
                    st = St::Comment;
                } else if !is_ws(c) {
                    st = St::Key;
                    last_key_ws = None;
                    key = 1;
                    key_offset = i;
                }
            }
            St::Key => {
                if is_newline(c) {
                    st = St::PreKey;
                    key = 0;
                } else if c == b'=' {
                    st = St::PreValue;
                    last_value_ws = None;
                } else {
                    if !is_ws(c) {
                        last_key_ws = None;
                    } else if last_key_ws.is_none() {
                        last_key_ws = Some(key);
                    }
                    key += 1;
                }
            }
            St::PreValue => {
                if is_newline(c) {
                    st = St::PreKey;
                    push(&mut key, &mut value, last_key_ws, None, key_offset, out);
                } else if c == b'\'' {
                    st = St::SingleQuote;
                } else if c == b'"' {
                    st = St::DoubleQuote;
                } else if c == b'\\' {
                    st = St::ValueEscape;
                } else if !is_ws(c) {
                    st = St::Value;
                    value.push(c, i);
                }
            }
            St::Value => {
                if is_newline(c) {
                    st = St::PreKey;
                    push(
                        &mut key,
                        &mut value,
                        last_key_ws,
                        last_value_ws,
                        key_offset,
                        out,
                    );
                } else if c == b'\\' {
                    st = St::ValueEscape;
                    last_value_ws = None;
                } else {
                    // a run of bytes up to the next line end or backslash, at once: the same
                    // as taking them one by one (non-blank clears `last_value_ws`, the first
                    // blank after a non-blank sets it)
                    let rest = bytes.get(i..).unwrap_or(&[]);
                    // (the line ends `is_newline` knows, or a backslash)
                    let n = memchr::memchr3(b'\n', b'\r', b'\\', rest).unwrap_or(rest.len());
                    let run = rest.get(..n).unwrap_or(&[]);
                    let before = value.len();
                    match run.iter().rposition(|&x| !is_ws(x)) {
                        Some(k) if k + 1 == n => last_value_ws = None,
                        Some(k) => last_value_ws = Some(before + k + 1),
                        None => {
                            if last_value_ws.is_none() {
                                last_value_ws = Some(before);
                            }
                        }
                    }
                    value.extend(run, i);
                    i += n.max(1);
                    continue;
                }
            }
            St::ValueEscape => {
                st = St::Value;
                if !is_newline(c) {
                    value.push(c, i);
                }
            }
            St::SingleQuote => {
                if c == b'\'' {
                    st = St::PreValue;
                } else {
                    value.push(c, i);
                }
            }
            St::DoubleQuote => {
                if c == b'"' {
                    st = St::PreValue;
                } else if c == b'\\' {
                    st = St::DoubleQuoteEscape;
                } else {
                    value.push(c, i);
                }
            }
            St::DoubleQuoteEscape => {
                st = St::DoubleQuote;
                if matches!(c, b'"' | b'\\' | b'`' | b'$') {
                    value.push(c, i);
                } else if c != b'\n' {
                    value.push(b'\\', i.saturating_sub(1));
                    value.push(c, i);
                }
            }
            St::Comment => {
                if c == b'\\' {
                    st = St::CommentEscape;
                } else if is_newline(c) {
                    st = St::PreKey;
                }
            }
            St::CommentEscape => st = St::Comment,
        }
        i += 1;
    }
    match st {
        St::PreValue
        | St::ValueEscape
        | St::SingleQuote
        | St::DoubleQuote
        | St::DoubleQuoteEscape => push(&mut key, &mut value, last_key_ws, None, key_offset, out),
        St::Value => push(
            &mut key,
            &mut value,
            last_key_ws,
            last_value_ws,
            key_offset,
            out,
        ),
        _ => {}
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    fn pairs(t: &str) -> Vec<(String, String)> {
        parse_env_file(t)
            .into_iter()
            .map(|p| (p.key.into_owned(), p.value.into_owned()))
            .collect()
    }

    fn p(k: &str, v: &str) -> (String, String) {
        (k.to_string(), v.to_string())
    }

    #[test]
    fn oracle_envfile_syntax_case() {
        let t = "# comment\n; also a comment\nKUBELET_FLAGS=\"--a=1 \\\n  --b=2\"\nQ1='single $HOME quoted'\nQ2=\"dq \\\"esc\\\" \\$x\"\nU=unquoted value   # not a comment?\nC=line1\\\ncontinued\nexport SP = spaced\n";
        assert_eq!(
            pairs(t),
            vec![
                p("KUBELET_FLAGS", "--a=1   --b=2"),
                p("Q1", "single $HOME quoted"),
                p("Q2", "dq \"esc\" $x"),
                p("U", "unquoted value   # not a comment?"),
                p("C", "line1continued"),
                p("export SP", "spaced"),
            ]
        );
    }

    #[test]
    fn comment_continuation_and_quote_joins() {
        let t = "# c \\\nA=1\nB=\"x\" y\nC=x\"y\"\nD=a\\ \nE=\nF";
        assert_eq!(
            pairs(t),
            vec![p("B", "xy"), p("C", "x\"y\""), p("D", "a "), p("E", "")]
        );
        assert_eq!(pairs("X=last"), vec![p("X", "last")]);
        assert_eq!(pairs("X='open\nmore"), vec![p("X", "open\nmore")]);
    }

    /// The byte-at-a-time reading before the run fast path.
    fn reference(text: &str) -> Vec<(String, String, usize)> {
        let mut out = Vec::new();
        let mut st = St::PreKey;
        let mut key: Vec<u8> = Vec::new();
        let mut value: Vec<u8> = Vec::new();
        let mut key_offset = 0usize;
        let mut last_key_ws: Option<usize> = None;
        let mut last_value_ws: Option<usize> = None;

        let push = |key: &mut Vec<u8>,
                    value: &mut Vec<u8>,
                    last_key_ws: Option<usize>,
                    trim_value: Option<usize>,
                    offset: usize,
                    out: &mut Vec<(String, String, usize)>| {
            if let Some(k) = last_key_ws {
                key.truncate(k);
            }
            if let Some(v) = trim_value {
                value.truncate(v);
            }
            out.push((
                String::from_utf8_lossy(key).into_owned(),
                String::from_utf8_lossy(value).into_owned(),
                offset,
            ));
            key.clear();
            value.clear();
        };

        for (i, &c) in text.as_bytes().iter().enumerate() {
            match st {
                St::PreKey => {
                    if c == b'#' || c == b';' {
                        st = St::Comment;
                    } else if !is_ws(c) {
                        st = St::Key;
                        last_key_ws = None;
                        key.clear();
                        key.push(c);
                        key_offset = i;
                    }
                }
                St::Key => {
                    if is_newline(c) {
                        st = St::PreKey;
                        key.clear();
                    } else if c == b'=' {
                        st = St::PreValue;
                        last_value_ws = None;
                    } else {
                        if !is_ws(c) {
                            last_key_ws = None;
                        } else if last_key_ws.is_none() {
                            last_key_ws = Some(key.len());
                        }
                        key.push(c);
                    }
                }
                St::PreValue => {
                    if is_newline(c) {
                        st = St::PreKey;
                        push(
                            &mut key,
                            &mut value,
                            last_key_ws,
                            None,
                            key_offset,
                            &mut out,
                        );
                    } else if c == b'\'' {
                        st = St::SingleQuote;
                    } else if c == b'"' {
                        st = St::DoubleQuote;
                    } else if c == b'\\' {
                        st = St::ValueEscape;
                    } else if !is_ws(c) {
                        st = St::Value;
                        value.push(c);
                    }
                }
                St::Value => {
                    if is_newline(c) {
                        st = St::PreKey;
                        push(
                            &mut key,
                            &mut value,
                            last_key_ws,
                            last_value_ws,
                            key_offset,
                            &mut out,
                        );
                    } else if c == b'\\' {
                        st = St::ValueEscape;
                        last_value_ws = None;
                    } else {
                        if !is_ws(c) {
                            last_value_ws = None;
                        } else if last_value_ws.is_none() {
                            last_value_ws = Some(value.len());
                        }
                        value.push(c);
                    }
                }
                St::ValueEscape => {
                    st = St::Value;
                    if !is_newline(c) {
                        value.push(c);
                    }
                }
                St::SingleQuote => {
                    if c == b'\'' {
                        st = St::PreValue;
                    } else {
                        value.push(c);
                    }
                }
                St::DoubleQuote => {
                    if c == b'"' {
                        st = St::PreValue;
                    } else if c == b'\\' {
                        st = St::DoubleQuoteEscape;
                    } else {
                        value.push(c);
                    }
                }
                St::DoubleQuoteEscape => {
                    st = St::DoubleQuote;
                    if matches!(c, b'"' | b'\\' | b'`' | b'$') {
                        value.push(c);
                    } else if c != b'\n' {
                        value.push(b'\\');
                        value.push(c);
                    }
                }
                St::Comment => {
                    if c == b'\\' {
                        st = St::CommentEscape;
                    } else if is_newline(c) {
                        st = St::PreKey;
                    }
                }
                St::CommentEscape => st = St::Comment,
            }
        }
        match st {
            St::PreValue
            | St::ValueEscape
            | St::SingleQuote
            | St::DoubleQuote
            | St::DoubleQuoteEscape => push(
                &mut key,
                &mut value,
                last_key_ws,
                None,
                key_offset,
                &mut out,
            ),
            St::Value => push(
                &mut key,
                &mut value,
                last_key_ws,
                last_value_ws,
                key_offset,
                &mut out,
            ),
            _ => {}
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn runs_match_byte_at_a_time(parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("\n"), proptest::strategy::Just("\r"),
                proptest::strategy::Just("\\"), proptest::strategy::Just(" "),
                proptest::strategy::Just("\t"), proptest::strategy::Just("A="),
                proptest::strategy::Just("é"), proptest::strategy::Just("x"),
                proptest::strategy::Just("#"), proptest::strategy::Just("'"),
                proptest::strategy::Just("\""), proptest::strategy::Just("$"),
                proptest::strategy::Just("="), proptest::strategy::Just(";")
            ], 0..60)) {
            let text = parts.concat();
            let got: Vec<(String, String, usize)> = parse_env_file(&text)
                .into_iter()
                .map(|p| (p.key.into_owned(), p.value.into_owned(), p.offset))
                .collect();
            proptest::prop_assert_eq!(got, reference(&text));
        }
    }
}
