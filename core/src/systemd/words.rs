//! systemd 252 word handling: `extract_first_word()`, `cunescape_one()`, unit specifiers and
//! `replace_env()` / `replace_env_argv()`, ported state machine by state machine so that the
//! corner cases (mid-word quotes, `\;`, `$A=x`, `${A:-x}`, a lone `$`) come out the same.

use std::borrow::Cow;

/// systemd's `WHITESPACE`.
pub(crate) fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ExtractFlags {
    /// `EXTRACT_CUNESCAPE`: C escapes (`\n`, `\x41`, `\s`, ...).
    pub cunescape: bool,
    /// `EXTRACT_UNESCAPE_RELAX`: keep unknown escapes verbatim.
    pub unescape_relax: bool,
    /// `EXTRACT_RELAX`: unbalanced quotes and a trailing backslash end the word.
    pub relax: bool,
}

/// `extract_first_word(p, ret, WHITESPACE, EXTRACT_UNQUOTE | flags)`: the word goes to `out`
/// (cleared first), the result is the byte offset where it starts in the input.
/// `Ok(None)` = no more words; `Err(())` = bad escape or unbalanced quotes.
pub(crate) fn extract_first_word(
    s: &[u8],
    pos: &mut usize,
    fl: ExtractFlags,
    out: &mut Vec<u8>,
) -> Result<Option<usize>, ()> {
    out.clear();
    loop {
        match s.get(*pos) {
            None => return Ok(None),
            Some(&c) if is_ws(c) => *pos += 1,
            Some(_) => break,
        }
    }
    let start = *pos;
    let mut quote: Option<u8> = None;
    let mut backslash = false;
    loop {
        let c = s.get(*pos).copied();
        if backslash {
            let Some(ch) = c else {
                if fl.unescape_relax && (quote.is_none() || fl.relax) {
                    out.push(b'\\');
                    return Ok(Some(start));
                }
                if fl.relax {
                    return Ok(Some(start));
                }
                return Err(());
            };
            if fl.cunescape {
                match cunescape_one(s, *pos) {
                    Some((bytes, len)) => {
                        out.extend_from_slice(bytes.as_slice());
                        *pos += len.saturating_sub(1);
                    }
                    None => {
                        if fl.unescape_relax {
                            out.push(b'\\');
                            out.push(ch);
                        } else {
                            return Err(());
                        }
                    }
                }
            } else {
                out.push(ch);
            }
            backslash = false;
            *pos += 1;
            continue;
        }
        if let Some(q) = quote {
            match c {
                None => {
                    if fl.relax {
                        return Ok(Some(start));
                    }
                    return Err(());
                }
                Some(ch) if ch == q => quote = None,
                Some(b'\\') => backslash = true,
                Some(ch) => out.push(ch),
            }
            *pos += 1;
            continue;
        }
        match c {
            None => return Ok(Some(start)),
            Some(ch) if !matches!(ch, b'\'' | b'"' | b'\\') && !is_ws(ch) => {
                // a run of plain bytes: copy it at once
                let rest = s.get(*pos..).unwrap_or(&[]);
                let n = rest
                    .iter()
                    .position(|&x| matches!(x, b'\'' | b'"' | b'\\') || is_ws(x))
                    .unwrap_or(rest.len());
                out.extend_from_slice(rest.get(..n).unwrap_or(&[]));
                *pos += n;
                continue;
            }
            Some(ch @ (b'\'' | b'"')) => quote = Some(ch),
            Some(b'\\') => backslash = true,
            Some(_) => {
                // whitespace ends the word
                while s.get(*pos).is_some_and(|&x| is_ws(x)) {
                    *pos += 1;
                }
                return Ok(Some(start));
            }
        }
        *pos += 1;
    }
}

/// How `extract_first_word_and_warn()` ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WarnedWord {
    None,
    /// A word (in the caller's buffer) starting at `start`.
    Word {
        start: usize,
        relaxed: bool,
    },
    /// Unbalanced quoting (or an undecodable word).
    Bad,
}

/// `extract_first_word_and_warn()`: on a bad escape, retry keeping unknown escapes verbatim.
/// The word goes to `out`.
pub(crate) fn extract_first_word_and_warn(
    s: &[u8],
    pos: &mut usize,
    cunescape: bool,
    out: &mut Vec<u8>,
) -> WarnedWord {
    let save = *pos;
    let fl = ExtractFlags {
        cunescape,
        ..Default::default()
    };
    match extract_first_word(s, pos, fl, out) {
        Ok(None) => WarnedWord::None,
        Ok(Some(start)) => WarnedWord::Word {
            start,
            relaxed: false,
        },
        Err(()) => {
            *pos = save;
            match extract_first_word(
                s,
                pos,
                ExtractFlags {
                    unescape_relax: true,
                    ..fl
                },
                out,
            ) {
                Ok(None) => WarnedWord::None,
                Ok(Some(start)) => WarnedWord::Word {
                    start,
                    relaxed: true,
                },
                Err(()) => WarnedWord::Bad,
            }
        }
    }
}

fn unhex(c: u8) -> Option<u32> {
    (c as char).to_digit(16)
}

fn unoct(c: u8) -> Option<u32> {
    (c as char).to_digit(8)
}

/// Up to four bytes produced by one escape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EscBytes {
    buf: [u8; 4],
    len: usize,
}

impl EscBytes {
    fn one(b: u8) -> Self {
        EscBytes {
            buf: [b, 0, 0, 0],
            len: 1,
        }
    }
    fn unichar(u: u32) -> Self {
        let ch = char::from_u32(u).unwrap_or(char::REPLACEMENT_CHARACTER);
        let mut buf = [0u8; 4];
        let len = ch.encode_utf8(&mut buf).len();
        EscBytes { buf, len }
    }
    pub(crate) fn as_slice(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }
}

/// `cunescape_one()`: `s[i]` is the character after the backslash. Returns the bytes and how
/// many input bytes were used, or `None` for an invalid escape.
pub(crate) fn cunescape_one(s: &[u8], i: usize) -> Option<(EscBytes, usize)> {
    let at = |k: usize| s.get(i + k).copied().unwrap_or(0);
    let simple = |b: u8| Some((EscBytes::one(b), 1));
    match at(0) {
        b'a' => simple(7),
        b'b' => simple(8),
        b'f' => simple(12),
        b'n' => simple(b'\n'),
        b'r' => simple(b'\r'),
        b't' => simple(b'\t'),
        b'v' => simple(11),
        b'\\' => simple(b'\\'),
        b'"' => simple(b'"'),
        b'\'' => simple(b'\''),
        b's' => simple(b' '),
        b'x' => {
            let a = unhex(at(1))?;
            let b = unhex(at(2))?;
            if a == 0 && b == 0 {
                return None;
            }
            Some((EscBytes::one(((a << 4) | b) as u8), 3))
        }
        b'u' => {
            let mut c: u32 = 0;
            for k in 1..=4 {
                c = (c << 4) | unhex(at(k))?;
            }
            if c == 0 {
                return None;
            }
            Some((EscBytes::unichar(c), 5))
        }
        b'U' => {
            let mut c: u32 = 0;
            for k in 1..=8 {
                c = (c << 4) | unhex(at(k))?;
            }
            if c == 0 || char::from_u32(c).is_none() {
                return None;
            }
            Some((EscBytes::unichar(c), 9))
        }
        b'0'..=b'7' => {
            let a = unoct(at(0))?;
            let b = unoct(at(1))?;
            let c = unoct(at(2))?;
            if a == 0 && b == 0 && c == 0 {
                return None;
            }
            let m = (a << 6) | (b << 3) | c;
            if m > 255 {
                return None;
            }
            Some((EscBytes::one(m as u8), 3))
        }
        _ => None,
    }
}

/// What the specifiers of a system service resolve to. Unknown values (`%H` without a
/// hostname, `%m`, `%b`, ...) are kept as written and reported.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecifierContext {
    /// `%H` (and `%l`, its first label).
    pub hostname: Option<String>,
    /// `%m`.
    pub machine_id: Option<String>,
    /// `%b`.
    pub boot_id: Option<String>,
    /// `%v`.
    pub kernel_release: Option<String>,
    /// `%a`.
    pub architecture: Option<String>,
}

pub(crate) struct UnitNames<'n> {
    /// `kubelet.service`.
    pub name: &'n str,
    /// `%y`: the fragment path, when known.
    pub fragment: Option<&'n str>,
}

impl UnitNames<'_> {
    fn prefix(&self) -> &str {
        let base = self
            .name
            .rsplit_once('.')
            .map(|(a, _)| a)
            .unwrap_or(self.name);
        base.split_once('@').map(|(a, _)| a).unwrap_or(base)
    }
    fn instance(&self) -> &str {
        let base = self
            .name
            .rsplit_once('.')
            .map(|(a, _)| a)
            .unwrap_or(self.name);
        base.split_once('@').map(|(_, b)| b).unwrap_or("")
    }
}

/// `unit_name_unescape()`: `-` → `/`, `\xNN` → byte.
fn unit_unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'-' {
            out.push(b'/');
        } else if c == b'\\' && b.get(i + 1) == Some(&b'x') {
            if let (Some(h), Some(l)) = (
                b.get(i + 2).and_then(|&x| unhex(x)),
                b.get(i + 3).and_then(|&x| unhex(x)),
            ) {
                out.push(((h << 4) | l) as u8);
                i += 4;
                continue;
            }
            out.push(c);
        } else {
            out.push(c);
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The outcome of a specifier expansion.
#[derive(Debug, Clone)]
pub(crate) struct Expanded<'s> {
    /// The input itself when it has no `%`.
    pub bytes: Cow<'s, [u8]>,
    /// Specifiers whose value the evidence does not show (kept as written).
    pub unknown: Vec<char>,
}

/// `specifier_printf()` with the system-service table. `Err(c)` = unknown specifier `%c`
/// (systemd: "Invalid slot").
pub(crate) fn expand_specifiers<'s>(
    s: &'s [u8],
    names: &UnitNames,
    ctx: &SpecifierContext,
) -> Result<Expanded<'s>, char> {
    if !s.contains(&b'%') {
        return Ok(Expanded {
            bytes: Cow::Borrowed(s),
            unknown: Vec::new(),
        });
    }
    let mut bytes: Vec<u8> = Vec::with_capacity(s.len());
    let mut unknown: Vec<char> = Vec::new();
    let mut percent = false;
    for &c in s {
        if !percent {
            if c == b'%' {
                percent = true;
            } else {
                bytes.push(c);
            }
            continue;
        }
        percent = false;
        let prefix = names.prefix();
        let known: Option<String> = match c {
            b'%' => Some("%".into()),
            b'n' => Some(names.name.to_string()),
            b'N' => Some(
                names
                    .name
                    .rsplit_once('.')
                    .map(|(a, _)| a)
                    .unwrap_or(names.name)
                    .into(),
            ),
            b'p' => Some(prefix.into()),
            b'P' => Some(unit_unescape(prefix)),
            b'i' => Some(names.instance().into()),
            b'I' => Some(unit_unescape(names.instance())),
            b'j' => Some(prefix.rsplit('-').next().unwrap_or(prefix).into()),
            b'J' => Some(unit_unescape(prefix.rsplit('-').next().unwrap_or(prefix))),
            b'f' => {
                let inst = names.instance();
                let u = if inst.is_empty() {
                    unit_unescape(prefix)
                } else {
                    unit_unescape(inst)
                };
                Some(if u.starts_with('/') {
                    u
                } else {
                    format!("/{u}")
                })
            }
            b'd' => Some(format!("/run/credentials/{}", names.name)),
            b'C' => Some("/var/cache".into()),
            b'E' => Some("/etc".into()),
            b'L' => Some("/var/log".into()),
            b'S' => Some("/var/lib".into()),
            b't' => Some("/run".into()),
            b'T' => Some("/tmp".into()),
            b'V' => Some("/var/tmp".into()),
            b'g' | b'u' => Some("root".into()),
            b'G' | b'U' => Some("0".into()),
            b'h' => Some("/root".into()),
            b's' => Some("/bin/sh".into()),
            b'y' => names.fragment.map(str::to_string),
            b'Y' => names
                .fragment
                .and_then(|f| f.rsplit_once('/'))
                .map(|(d, _)| {
                    if d.is_empty() {
                        "/".to_string()
                    } else {
                        d.to_string()
                    }
                }),
            b'H' => ctx.hostname.clone(),
            b'l' => ctx
                .hostname
                .as_deref()
                .map(|h| h.split('.').next().unwrap_or(h).to_string()),
            b'm' => ctx.machine_id.clone(),
            b'b' => ctx.boot_id.clone(),
            b'v' => ctx.kernel_release.clone(),
            b'a' => ctx.architecture.clone(),
            b'A' | b'B' | b'M' | b'o' | b'q' | b'w' | b'W' => None,
            other => return Err(other as char),
        };
        match known {
            Some(v) => bytes.extend_from_slice(v.as_bytes()),
            None => {
                bytes.push(b'%');
                bytes.push(c);
                unknown.push(c as char);
            }
        }
    }
    if percent {
        bytes.push(b'%');
    }
    Ok(Expanded {
        bytes: Cow::Owned(bytes),
        unknown,
    })
}

/// `env_name_is_valid()` of systemd 252.
pub(crate) fn env_name_is_valid(name: &[u8]) -> bool {
    match name.first() {
        None => false,
        Some(c) if c.is_ascii_digit() => false,
        Some(_) => name.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_'),
    }
}

/// A variable of the final environment, in `strv` order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EnvVar<'t, O> {
    pub name: Cow<'t, str>,
    pub value: Cow<'t, str>,
    pub origin: O,
}

/// `strv_env_get_n()`: searches backwards for an entry `NAME=...` whose text starts with
/// `query` followed by `=` (so `$A=x` finds `A=x=1`'s tail, like systemd does).
pub(crate) fn env_get<'e, O>(env: &'e [EnvVar<'_, O>], query: &[u8]) -> Option<(&'e str, usize)> {
    if query.is_empty() {
        return None;
    }
    for (idx, v) in env.iter().enumerate().rev() {
        let n = v.name.as_bytes();
        let val = v.value.as_bytes();
        // entry text = n '=' val; need entry[..k] == query and entry[k] == '='.
        let k = query.len();
        // (slices compared at once: the name, then `=`, then the start of the value)
        let matches = if k <= n.len() {
            n.get(..k) == Some(query) && n.get(k).is_none_or(|&c| c == b'=')
        } else {
            query.split_at_checked(n.len()).is_some_and(|(head, tail)| {
                head == n
                    && tail.first() == Some(&b'=')
                    && val.get(..k - n.len() - 1) == tail.get(1..)
                    && val.get(k - n.len() - 1) == Some(&b'=')
            })
        };
        if matches {
            let tail_start = k + 1; // offset in entry text
            let value = if tail_start <= n.len() {
                // cannot happen: the entry has '=' at n.len() and entry[k] == '=' with k < n.len()
                // would need '=' inside the name, which valid names never contain.
                &*v.value
            } else {
                v.value.get(tail_start - n.len() - 1..).unwrap_or("")
            };
            return Some((value, idx));
        }
    }
    None
}

impl VarRef {
    pub fn name(&self) -> &str {
        self.joined.get(self.split..).unwrap_or("")
    }
}

/// One variable reference met while expanding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VarRef {
    /// As written (`${NAME}`), then the name: one string, the name from `split` on.
    pub joined: String,
    pub split: usize,
    /// Index into the environment, when found.
    pub found: Option<usize>,
}

/// `replace_env(word, env, 0)` of systemd 252: `${NAME}` expands (unset = empty), `$$` → `$`,
/// everything else (`$NAME`, `${NAME:-x}`, an unterminated `${`) stays literal.
pub(crate) fn replace_env<O>(
    word: &[u8],
    env: &[EnvVar<'_, O>],
    refs: &mut Vec<VarRef>,
) -> Vec<u8> {
    #[derive(PartialEq)]
    enum St {
        Word,
        Curly,
        Variable,
    }
    let mut st = St::Word;
    let mut r: Vec<u8> = Vec::with_capacity(word.len());
    let mut w = 0usize; // start of the pending literal
    let slice = |a: usize, b: usize| word.get(a..b).unwrap_or(&[]);
    for (e, &c) in word.iter().enumerate() {
        match st {
            St::Word => {
                if c == b'$' {
                    st = St::Curly;
                }
            }
            St::Curly => {
                if c == b'{' {
                    r.extend_from_slice(slice(w, e.saturating_sub(1)));
                    w = e.saturating_sub(1);
                    st = St::Variable;
                } else if c == b'$' {
                    r.extend_from_slice(slice(w, e));
                    w = e + 1;
                    st = St::Word;
                } else {
                    st = St::Word;
                }
            }
            St::Variable => {
                if c == b'}' {
                    let name = slice(w + 2, e);
                    let found = env_get(env, name);
                    if let Some((v, _)) = found {
                        // (room for the rest of the word too)
                        r.reserve(v.len() + word.len().saturating_sub(e));
                        r.extend_from_slice(v.as_bytes());
                    }
                    let name = String::from_utf8_lossy(name);
                    let mut joined = String::with_capacity(2 * name.len() + 3);
                    joined.push_str("${");
                    joined.push_str(&name);
                    joined.push('}');
                    let split = joined.len();
                    joined.push_str(&name);
                    refs.push(VarRef {
                        joined,
                        split,
                        found: found.map(|(_, i)| i),
                    });
                    w = e + 1;
                    st = St::Word;
                } else if c == b':' {
                    st = St::Word;
                }
            }
        }
    }
    r.extend_from_slice(slice(w, word.len()));
    r
}

/// `strv_split_full(value, WHITESPACE, EXTRACT_RELAX | EXTRACT_UNQUOTE)`: how a bare `$NAME`
/// word is split.
/// Each word goes to `out`, in order; `scratch` is a work buffer.
pub(crate) fn split_value(value: &str, scratch: &mut Vec<u8>, out: &mut dyn FnMut(String)) {
    let b = value.as_bytes();
    let mut pos = 0usize;
    let fl = ExtractFlags {
        relax: true,
        ..Default::default()
    };
    scratch.reserve(b.len());
    while let Ok(Some(_)) = extract_first_word(b, &mut pos, fl, scratch) {
        out(to_string(scratch));
    }
}

/// `String::from_utf8_lossy(b).into_owned()`, quicker for valid UTF-8.
pub(crate) fn to_string(b: &[u8]) -> String {
    match std::str::from_utf8(b) {
        Ok(s) => s.to_owned(),
        Err(_) => String::from_utf8_lossy(b).into_owned(),
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        let mut pos = 0;
        let mut out = vec![];
        let mut bytes = vec![];
        loop {
            match extract_first_word_and_warn(s.as_bytes(), &mut pos, true, &mut bytes) {
                WarnedWord::Word { .. } => out.push(String::from_utf8_lossy(&bytes).into()),
                WarnedWord::None => return out,
                WarnedWord::Bad => {
                    out.push("<bad>".into());
                    return out;
                }
            }
        }
    }

    #[test]
    fn extract_quotes_and_escapes() {
        assert_eq!(
            words(r#"a "b c" d"e f"g 'h\ti'"#),
            vec!["a", "b c", "de fg", "h\ti"]
        );
        assert_eq!(
            words(r"\d \$A e\x41f c\sd"),
            vec!["\\d", "\\$A", "eAf", "c d"]
        );
        assert_eq!(words("x \"unclosed"), vec!["x", "<bad>"]);
        assert_eq!(words(r"a\\"), vec!["a\\"]);
        assert_eq!(words(r"\x00 \101"), vec!["\\x00", "A"]);
    }

    #[test]
    fn split_value_respects_quotes() {
        let split = |s: &str| {
            let mut v = vec![];
            let mut scratch = b"stale".to_vec();
            split_value(s, &mut scratch, &mut |w| v.push(w));
            v
        };
        assert_eq!(split(r#"--x "" 'b c' d\ e"#), vec!["--x", "", "b c", "d e"]);
        assert_eq!(split("  "), Vec::<String>::new());
        assert_eq!(split("'unbalanced x"), vec!["unbalanced x"]);
        assert_eq!(split("trail\\"), vec!["trail"]);
    }

    fn env(pairs: &[(&str, &str)]) -> Vec<EnvVar<'static, ()>> {
        pairs
            .iter()
            .map(|(n, v)| EnvVar {
                name: n.to_string().into(),
                value: v.to_string().into(),
                origin: (),
            })
            .collect()
    }

    #[test]
    fn replace_env_like_systemd() {
        let e = env(&[("A", "1 2"), ("B", "x=1")]);
        let mut refs = vec![];
        let mut f = |s: &str| {
            String::from_utf8_lossy(&replace_env(s.as_bytes(), &e, &mut refs)).into_owned()
        };
        assert_eq!(f("--x=$A"), "--x=$A");
        assert_eq!(f("--y=${A}"), "--y=1 2");
        assert_eq!(f("pre${A}post"), "pre1 2post");
        assert_eq!(f("$${A}"), "${A}");
        assert_eq!(f("$$A"), "$A");
        assert_eq!(f("${A:-d}"), "${A:-d}");
        assert_eq!(f("${}"), "");
        assert_eq!(f("${A"), "${A");
        assert_eq!(f("${B=x}"), "1");
        assert_eq!(f("${U}"), "");
        assert_eq!(env_get(&e, b"B=x").map(|x| x.0), Some("1"));
        assert_eq!(env_get(&e, b""), None);
    }

    #[test]
    fn specifiers() {
        let n = UnitNames {
            name: "kubelet.service",
            fragment: Some("/etc/systemd/system/kubelet.service"),
        };
        let ctx = SpecifierContext::default();
        let f = |s: &str| {
            expand_specifiers(s.as_bytes(), &n, &ctx)
                .map(|e| String::from_utf8_lossy(&e.bytes).into_owned())
        };
        assert_eq!(
            f("%n %N %p %% %f %Y a%").ok(),
            Some("kubelet.service kubelet kubelet % /kubelet /etc/systemd/system a%".to_string())
        );
        assert_eq!(f("%z"), Err('z'));
        assert_eq!(f("--h=%H").ok(), Some("--h=%H".to_string()));
        let ctx = SpecifierContext {
            hostname: Some("oracle".into()),
            ..Default::default()
        };
        assert_eq!(
            expand_specifiers(b"%H", &n, &ctx)
                .map(|e| e.bytes.into_owned())
                .ok(),
            Some(b"oracle".to_vec())
        );
    }
}
