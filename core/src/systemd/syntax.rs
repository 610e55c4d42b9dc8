//! Unit file syntax as systemd 252's `config_parse()` reads it: line ends (`\n`, `\r\n`, `\r`,
//! NUL), a leading BOM, comment lines (`#`/`;` after whitespace, also inside a continuation),
//! `\` continuation (odd trailing backslashes; the backslash becomes a space), sections,
//! `key=value` with whitespace stripped. Every byte of a value remembers where it came from.
//!
//! A line without continuation is read in place (keys and values borrow the unit text); only
//! continued lines are copied into a buffer, which remembers where each piece came from.

use std::borrow::Cow;

use super::words::is_ws;

/// One `key=value` line of a known section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Assignment<'t> {
    /// One of the known sections (`Unit`, `Service`, `Install`).
    pub section: &'static str,
    pub key: Cow<'t, str>,
    pub value: Cow<'t, str>,
    /// Byte offset of the key in the unit text.
    pub key_offset: usize,
    /// Length of the value in bytes.
    value_len: usize,
    /// Unit-text offset of the first byte of the value, when the value is one piece of text.
    base: usize,
    /// For a value read across continuation lines: (value byte index, unit-text offset) at the
    /// start of every piece; bytes of a piece follow each other in the text. Empty = one piece
    /// starting at `base`.
    pieces: Vec<(usize, usize)>,
}

impl Assignment<'_> {
    /// The unit-text offset of byte `i` of the value (its last byte when out of range, the key
    /// when the value is empty).
    pub fn origin(&self, i: usize) -> usize {
        if self.value_len == 0 {
            return self.key_offset;
        }
        let j = i.min(self.value_len - 1);
        if self.pieces.is_empty() {
            return self.base + j;
        }
        let k = self.pieces.partition_point(|&(v, _)| v <= j);
        match k.checked_sub(1).and_then(|k| self.pieces.get(k)) {
            Some(&(v, t)) => t + (j - v),
            None => self.base + j,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct ParsedUnit<'t> {
    pub assignments: Vec<Assignment<'t>>,
    /// Warnings: (message, text offset).
    pub warnings: Vec<(String, usize)>,
    /// A fatal parse error (bad section header): systemd will not load the unit.
    pub fatal: Option<(String, usize)>,
}

/// Splits like systemd's `read_line()`: `\n`, `\r`, `\r\n`, NUL (and `\n\0`, `\r\0`,
/// `\r\n\0`) end a line. Yields (start, end) byte ranges without the terminators.
struct Lines<'b> {
    b: &'b [u8],
    i: usize,
}

impl Iterator for Lines<'_> {
    type Item = (usize, usize);
    fn next(&mut self) -> Option<(usize, usize)> {
        let b = self.b;
        let start = self.i;
        if start >= b.len() {
            return None;
        }
        let mut i = start;
        // skip 8 bytes at a time while none of them is below 0x0e (so no `\n`, `\r`, NUL)
        while let Some(chunk) = b.get(i..i + 8) {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            let x = u64::from_le_bytes(w);
            const LOW: u64 = 0x0e0e_0e0e_0e0e_0e0e;
            const HIGH: u64 = 0x8080_8080_8080_8080;
            if x.wrapping_sub(LOW) & !x & HIGH != 0 {
                break;
            }
            i += 8;
        }
        while let Some(&c) = b.get(i) {
            if matches!(c, b'\n' | b'\r' | 0) {
                let end = i;
                i += 1;
                if c == b'\r' && b.get(i) == Some(&b'\n') {
                    i += 1;
                }
                if c != 0 && b.get(i) == Some(&0) {
                    i += 1;
                }
                self.i = i;
                return Some((start, end));
            }
            i += 1;
        }
        self.i = b.len();
        Some((start, b.len()))
    }
}

#[cfg(test)]
pub(crate) fn split_lines(text: &str) -> Vec<(usize, usize)> {
    Lines {
        b: text.as_bytes(),
        i: 0,
    }
    .collect()
}

/// A line being continued: joined bytes and pieces (buffer index, text offset).
type Joined = (Vec<u8>, Vec<(usize, usize)>);

/// The most a continued line's buffer reserves at first (it grows as needed; a big first
/// reservation costs more in the allocator than it saves).
const MAX_RESERVE: usize = 512;

const KNOWN_SECTIONS: [&str; 3] = ["Unit", "Service", "Install"];

struct State {
    section: Option<&'static str>,
    section_ignored: bool,
}

/// A logical line: either a piece of the unit text read in place, or a buffer joined from
/// continuation lines.
enum Logical<'t, 'b> {
    /// The bytes `start..end` of the text.
    InPlace {
        text: &'t str,
        start: usize,
        end: usize,
    },
    /// Joined bytes and their pieces (buffer index, text offset).
    Joined {
        text: &'t str,
        buf: &'b [u8],
        pieces: &'b [(usize, usize)],
    },
}

impl<'t> Logical<'t, '_> {
    fn bytes(&self) -> &[u8] {
        match self {
            Logical::InPlace { text, start, end } => {
                text.as_bytes().get(*start..*end).unwrap_or(&[])
            }
            Logical::Joined { buf, .. } => buf,
        }
    }

    /// The text offset of byte `i`.
    fn at(&self, i: usize) -> usize {
        match self {
            Logical::InPlace { start, .. } => start + i,
            Logical::Joined { pieces, .. } => {
                let k = pieces.partition_point(|&(v, _)| v <= i);
                match k.checked_sub(1).and_then(|k| pieces.get(k)) {
                    Some(&(v, t)) => t + (i - v),
                    None => 0,
                }
            }
        }
    }

    /// Bytes `a..b` as text (borrowed from the unit text when read in place, or when they are
    /// the same bytes in one piece of the text, like a key before a continued value).
    fn str(&self, a: usize, b: usize) -> Cow<'t, str> {
        match self {
            Logical::InPlace { text, start, .. } => {
                if let Some(s) = text.get(start + a..start + b) {
                    return Cow::Borrowed(s);
                }
            }
            Logical::Joined { text, buf, .. } => {
                let t = self.at(a);
                if let (Some(s), Some(want)) = (text.get(t..t + b.saturating_sub(a)), buf.get(a..b))
                {
                    if s.as_bytes() == want {
                        return Cow::Borrowed(s);
                    }
                }
            }
        }
        Cow::Owned(super::words::to_string(
            self.bytes().get(a..b).unwrap_or(&[]),
        ))
    }

    /// Where the value bytes `a..b` come from: (base, pieces) as [`Assignment`] holds them.
    fn value_pieces(&self, a: usize, b: usize) -> (usize, Vec<(usize, usize)>) {
        match self {
            Logical::InPlace { start, .. } => (start + a, Vec::new()),
            Logical::Joined { pieces, buf, .. } => {
                let mut out = Vec::with_capacity(pieces.len());
                for (k, &(bs, t)) in pieces.iter().enumerate() {
                    let be = pieces.get(k + 1).map_or(buf.len(), |p| p.0);
                    let s = bs.max(a);
                    let e = be.min(b);
                    if s < e {
                        out.push((s - a, t + (s - bs)));
                    }
                }
                (self.at(a), out)
            }
        }
    }
}

pub(crate) fn parse_unit(text: &str) -> ParsedUnit<'_> {
    let b = text.as_bytes();
    let mut out = ParsedUnit::default();
    let mut st = State {
        section: None,
        section_ignored: false,
    };
    // A continued line: joined bytes and pieces (buffer index, text offset).
    let mut cont: Option<Joined> = None;
    let mut spare: Joined = (Vec::new(), Vec::new());
    for (n, (s, e)) in (Lines { b, i: 0 }).enumerate() {
        let line = b.get(s..e).unwrap_or(&[]);
        let first = line.iter().position(|&c| !is_ws(c));
        if let Some(f) = first {
            if matches!(line.get(f), Some(b'#' | b';')) {
                continue;
            }
        }
        let mut start = s;
        if n == 0 && line.starts_with(&[0xEF, 0xBB, 0xBF]) {
            start = s + 3;
        }
        let piece = b.get(start..e).unwrap_or(&[]);
        match cont.as_mut() {
            None => {
                let trailing = piece.iter().rev().take_while(|&&c| c == b'\\').count();
                if trailing % 2 == 1 {
                    // (the buffers of the last continued line are reused; the first ones are
                    // sized for the rest of the text, which bounds the logical line)
                    let (mut buf, mut pieces) = std::mem::take(&mut spare);
                    buf.clear();
                    pieces.clear();
                    if buf.capacity() == 0 {
                        buf.reserve(b.len().saturating_sub(start).min(MAX_RESERVE));
                        pieces.reserve(16);
                    }
                    buf.extend_from_slice(piece);
                    if let Some(last) = buf.last_mut() {
                        *last = b' ';
                    }
                    pieces.push((0, start));
                    cont = Some((buf, pieces));
                    continue;
                }
                let l = Logical::InPlace {
                    text,
                    start,
                    end: e,
                };
                parse_line(&l, &mut st, &mut out);
            }
            Some((buf, pieces)) => {
                if !piece.is_empty() {
                    pieces.push((buf.len(), start));
                    buf.extend_from_slice(piece);
                }
                let trailing = buf.iter().rev().take_while(|&&c| c == b'\\').count();
                if trailing % 2 == 1 {
                    if let Some(last) = buf.last_mut() {
                        *last = b' ';
                    }
                    continue;
                }
                let l = Logical::Joined { text, buf, pieces };
                parse_line(&l, &mut st, &mut out);
                if let Some(j) = cont.take() {
                    spare = j;
                }
            }
        }
        if out.fatal.is_some() {
            return out;
        }
    }
    if let Some((buf, pieces)) = cont {
        let l = Logical::Joined {
            text,
            buf: &buf,
            pieces: &pieces,
        };
        parse_line(&l, &mut st, &mut out);
    }
    out
}

fn strip(buf: &[u8], a: usize, b: usize) -> (usize, usize) {
    let mut a = a;
    let mut b = b;
    while a < b && buf.get(a).is_some_and(|&c| is_ws(c)) {
        a += 1;
    }
    while b > a && buf.get(b - 1).is_some_and(|&c| is_ws(c)) {
        b -= 1;
    }
    (a, b)
}

fn parse_line<'t>(line: &Logical<'t, '_>, st: &mut State, out: &mut ParsedUnit<'t>) {
    let buf = line.bytes();
    let (a, b) = strip(buf, 0, buf.len());
    if a >= b {
        return;
    }
    let at = |i: usize| line.at(i);
    let l = buf.get(a..b).unwrap_or(&[]);
    let text = |x: &[u8]| String::from_utf8_lossy(x).into_owned();
    if l.first() == Some(&b'[') {
        if l.last() != Some(&b']') || l.len() < 2 {
            out.fatal = Some((format!("invalid section header `{}`", text(l)), at(a)));
            return;
        }
        let name = l.get(1..l.len() - 1).unwrap_or(&[]);
        if let Some(known) = KNOWN_SECTIONS.iter().find(|s| s.as_bytes() == name) {
            st.section = Some(known);
            st.section_ignored = false;
        } else {
            let name = text(name);
            if !name.starts_with("X-") {
                out.warnings.push((
                    format!("unknown section `{name}`; systemd ignores it"),
                    at(a),
                ));
            }
            st.section = None;
            st.section_ignored = true;
        }
        return;
    }
    let Some(section) = st.section else {
        if !st.section_ignored {
            out.warnings.push((
                format!(
                    "assignment outside of a section: `{}`; systemd ignores it",
                    text(l)
                ),
                at(a),
            ));
        }
        return;
    };
    let Some(eq) = l.iter().position(|&c| c == b'=') else {
        out.warnings.push((
            format!("missing `=` in `{}`; systemd ignores the line", text(l)),
            at(a),
        ));
        return;
    };
    if eq == 0 {
        out.warnings.push((
            format!(
                "missing key name before `=` in `{}`; systemd ignores the line",
                text(l)
            ),
            at(a),
        ));
        return;
    }
    let (ka, kb) = strip(buf, a, a + eq);
    let (va, vb) = strip(buf, a + eq + 1, b);
    let (base, pieces) = line.value_pieces(va, vb);
    out.assignments.push(Assignment {
        section,
        key: line.str(ka, kb),
        value: line.str(va, vb),
        key_offset: at(ka),
        value_len: vb - va,
        base,
        pieces,
    });
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    fn kv(text: &str) -> Vec<(String, String, String)> {
        parse_unit(text)
            .assignments
            .into_iter()
            .map(|a| {
                (
                    a.section.to_string(),
                    a.key.into_owned(),
                    a.value.into_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn continuation_and_comments() {
        let t = "[Service]\nExecStart=/usr/bin/kubelet \\\n# comment\n  --a=1 \\\n; more\n--b=2\n";
        let got = kv(t);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].2, "/usr/bin/kubelet    --a=1  --b=2");
    }

    #[test]
    fn double_backslash_does_not_continue() {
        let got = kv("[Service]\nExecStart=/usr/bin/kubelet --a=x\\\\\nEnvironment=A=1\n");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].2, "/usr/bin/kubelet --a=x\\\\");
    }

    #[test]
    fn sections_and_warnings() {
        let p = parse_unit(
            "ExecStart=/x\n[Foo]\nA=1\n[X-Bar]\nB=2\n[Service]\n  Type = oneshot  \nnoequals\n=v\n",
        );
        assert_eq!(p.assignments.len(), 1);
        assert_eq!(p.assignments[0].key, "Type");
        assert_eq!(p.assignments[0].value, "oneshot");
        assert_eq!(p.warnings.len(), 4, "{:?}", p.warnings);
        assert!(parse_unit("[Service\nA=1\n").fatal.is_some());
    }

    #[test]
    fn origins_track_lines() {
        let t = "[Service]\r\nExecStart=/a \\\r\n  b\r\n";
        let p = parse_unit(t);
        let a = &p.assignments[0];
        let bpos = a.value.find('b').unwrap_or(0);
        assert_eq!(&t[a.origin(bpos)..a.origin(bpos) + 1], "b");
        assert_eq!(
            split_lines("a\r\nb\rc\n\0d"),
            vec![(0, 1), (3, 4), (5, 6), (8, 9)]
        );
    }

    /// The reading before pieces: every value byte with its own text offset.
    fn origins_reference(text: &str) -> Vec<(String, Vec<usize>, usize)> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut cont: Option<(Vec<u8>, Vec<usize>)> = None;
        let flush = |buf: &[u8], org: &[usize], out: &mut Vec<(String, Vec<usize>, usize)>| {
            let (a, e) = strip(buf, 0, buf.len());
            let l = &buf[a..e];
            if l.is_empty() || l[0] == b'[' {
                return;
            }
            if let Some(eq) = l.iter().position(|&c| c == b'=').filter(|&q| q > 0) {
                let (ka, _) = strip(buf, a, a + eq);
                let (va, vb) = strip(buf, a + eq + 1, e);
                out.push((
                    String::from_utf8_lossy(&buf[va..vb]).into_owned(),
                    org[va..vb].to_vec(),
                    org[ka],
                ));
            }
        };
        for (n, (s, e)) in split_lines(text).into_iter().enumerate() {
            let line = &b[s..e];
            if let Some(f) = line.iter().position(|&c| !is_ws(c)) {
                if matches!(line[f], b'#' | b';') {
                    continue;
                }
            }
            let start = if n == 0 && line.starts_with(&[0xEF, 0xBB, 0xBF]) {
                s + 3
            } else {
                s
            };
            let (mut buf, mut org) = cont.take().unwrap_or_default();
            buf.extend_from_slice(&b[start..e]);
            org.extend(start..e);
            if buf.iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1 {
                *buf.last_mut().unwrap() = b' ';
                cont = Some((buf, org));
                continue;
            }
            flush(&buf, &org, &mut out);
        }
        if let Some((buf, org)) = cont {
            flush(&buf, &org, &mut out);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn pieces_match_per_byte_origins(parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("\n"), proptest::strategy::Just("\r\n"),
                proptest::strategy::Just("\\"), proptest::strategy::Just(" "),
                proptest::strategy::Just("A=b"), proptest::strategy::Just("é"),
                proptest::strategy::Just("x"), proptest::strategy::Just("#c"),
                proptest::strategy::Just("="), proptest::strategy::Just("\t")
            ], 0..60)) {
            let text = format!("[Service]\n{}", parts.concat());
            let got = parse_unit(&text).assignments;
            let want = origins_reference(&text);
            proptest::prop_assert_eq!(got.len(), want.len());
            for (a, (v, org, ko)) in got.iter().zip(want.iter()) {
                proptest::prop_assert_eq!(&*a.value, v.as_str());
                proptest::prop_assert_eq!(a.key_offset, *ko);
                for i in 0..org.len() + 3 {
                    let w = org.get(i).or(org.last()).copied().unwrap_or(*ko);
                    proptest::prop_assert_eq!(a.origin(i), w);
                }
            }
        }
    }
}
