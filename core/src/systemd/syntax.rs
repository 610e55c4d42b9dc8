//! Unit file syntax as systemd 252's `config_parse()` reads it: line ends (`\n`, `\r\n`, `\r`,
//! NUL), a leading BOM, comment lines (`#`/`;` after whitespace, also inside a continuation),
//! `\` continuation (odd trailing backslashes; the backslash becomes a space), sections,
//! `key=value` with whitespace stripped. Every byte of a value remembers where it came from.

use super::words::is_ws;

/// One `key=value` line of a known section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Assignment {
    pub section: String,
    pub key: String,
    pub value: String,
    /// For every byte of `value`, its byte offset in the unit text.
    pub origins: Vec<usize>,
    /// Byte offset of the key in the unit text.
    pub key_offset: usize,
}

impl Assignment {
    /// The unit-text offset of byte `i` of the value (the end of the value when out of range).
    pub fn origin(&self, i: usize) -> usize {
        self.origins
            .get(i)
            .or(self.origins.last())
            .copied()
            .unwrap_or(self.key_offset)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct ParsedUnit {
    pub assignments: Vec<Assignment>,
    /// Warnings: (message, text offset).
    pub warnings: Vec<(String, usize)>,
    /// A fatal parse error (bad section header): systemd will not load the unit.
    pub fatal: Option<(String, usize)>,
}

/// Splits like systemd's `read_line()`: `\n`, `\r`, `\r\n`, NUL (and `\n\0`, `\r\0`,
/// `\r\n\0`) end a line. Returns (start, end) byte ranges without the terminators.
pub(crate) fn split_lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    while let Some(&c) = b.get(i) {
        match c {
            b'\n' | b'\r' | 0 => {
                out.push((start, i));
                i += 1;
                if c == b'\r' && b.get(i) == Some(&b'\n') {
                    i += 1;
                }
                if c != 0 && b.get(i) == Some(&0) {
                    i += 1;
                }
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < b.len() {
        out.push((start, b.len()));
    }
    out
}

const KNOWN_SECTIONS: [&str; 3] = ["Unit", "Service", "Install"];

struct State {
    section: Option<String>,
    section_ignored: bool,
}

pub(crate) fn parse_unit(text: &str) -> ParsedUnit {
    let b = text.as_bytes();
    let mut out = ParsedUnit::default();
    let mut st = State {
        section: None,
        section_ignored: false,
    };
    let mut cont: Option<(Vec<u8>, Vec<usize>)> = None;
    for (n, (s, e)) in split_lines(text).into_iter().enumerate() {
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
        let (mut buf, mut org) = cont.take().unwrap_or_default();
        for i in start..e {
            buf.push(b.get(i).copied().unwrap_or(b' '));
            org.push(i);
        }
        let trailing = buf.iter().rev().take_while(|&&c| c == b'\\').count();
        if trailing % 2 == 1 {
            if let Some(last) = buf.last_mut() {
                *last = b' ';
            }
            cont = Some((buf, org));
            continue;
        }
        parse_line(&buf, &org, &mut st, &mut out);
        if out.fatal.is_some() {
            return out;
        }
    }
    if let Some((buf, org)) = cont {
        parse_line(&buf, &org, &mut st, &mut out);
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

fn parse_line(buf: &[u8], org: &[usize], st: &mut State, out: &mut ParsedUnit) {
    let (a, b) = strip(buf, 0, buf.len());
    if a >= b {
        return;
    }
    let at = |i: usize| org.get(i).copied().unwrap_or(0);
    let l = buf.get(a..b).unwrap_or(&[]);
    let text = |x: &[u8]| String::from_utf8_lossy(x).into_owned();
    if l.first() == Some(&b'[') {
        if l.last() != Some(&b']') || l.len() < 2 {
            out.fatal = Some((format!("invalid section header `{}`", text(l)), at(a)));
            return;
        }
        let name = text(l.get(1..l.len() - 1).unwrap_or(&[]));
        if KNOWN_SECTIONS.contains(&name.as_str()) {
            st.section = Some(name);
            st.section_ignored = false;
        } else {
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
    let Some(section) = st.section.clone() else {
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
    out.assignments.push(Assignment {
        section,
        key: text(buf.get(ka..kb).unwrap_or(&[])),
        value: text(buf.get(va..vb).unwrap_or(&[])),
        origins: org.get(va..vb).map(|o| o.to_vec()).unwrap_or_default(),
        key_offset: at(ka),
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
            .map(|a| (a.section, a.key, a.value))
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
}
