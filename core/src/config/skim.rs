//! The `/configz` fast path: one validating pass over the payload that finds the spans of the
//! few `kubeletconfig` entries that matter (`authentication`, `kind`, `apiVersion`) and skips
//! everything else without building anything.
//!
//! It is conservative: it accepts only text that serde_json also accepts, read the same way
//! (strict JSON, no backslash escapes anywhere, nesting at most [`MAX_DEPTH`], exactly one
//! `kubeletconfig` key whose value is an object, at most [`MAX_ENTRIES`] relevant entries).
//! Anything else returns `None` and the caller falls back to the serde path, which decides
//! exactly as before.

use std::ops::Range;

/// A relevant key of the `kubeletconfig` object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rel {
    Authentication,
    Kind,
    ApiVersion,
}

/// A relevant entry: its key and the byte span of its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub rel: Rel,
    pub start: usize,
    pub end: usize,
}

/// The most relevant entries kept (inline, no allocation); a payload with more (duplicate keys)
/// is left to the serde path.
const MAX_ENTRIES: usize = 8;

/// The relevant entries found, in order (at most [`MAX_ENTRIES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entries {
    buf: [Entry; MAX_ENTRIES],
    len: usize,
}

impl Entries {
    fn new() -> Entries {
        Entries {
            buf: [Entry {
                rel: Rel::Kind,
                start: 0,
                end: 0,
            }; MAX_ENTRIES],
            len: 0,
        }
    }

    /// Appends `e`; `None` when full.
    fn push(&mut self, e: Entry) -> Option<()> {
        *self.buf.get_mut(self.len)? = e;
        self.len += 1;
        Some(())
    }
}

impl std::ops::Deref for Entries {
    type Target = [Entry];
    fn deref(&self) -> &[Entry] {
        self.buf.get(..self.len).unwrap_or(&[])
    }
}

/// Deepest nesting accepted (serde_json's own limit, 128, is far away); the open containers
/// are a bit stack in a `u64`.
const MAX_DEPTH: u32 = 60;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;
const SPACES: u64 = ONES * b' ' as u64;
const QUOTES: u64 = ONES * b'"' as u64;
const SLASHES: u64 = ONES * b'\\' as u64;
const CONTROL: u64 = ONES * 0x20;

/// Eight bytes from `i`, if there are eight.
#[inline(always)]
fn word(b: &[u8], i: usize) -> Option<u64> {
    b.get(i..)?
        .first_chunk::<8>()
        .map(|w| u64::from_le_bytes(*w))
}

/// The first non-whitespace byte at or after `i` and its index.
#[inline(always)]
fn ws(b: &[u8], nl: &mut usize, mut i: usize) -> Option<(u8, usize)> {
    loop {
        let c = *b.get(i)?;
        if c > b' ' {
            return Some((c, i));
        }
        match c {
            b' ' | b'\t' | b'\r' => i += 1,
            b'\n' => {
                *nl += 1;
                i += 1;
                // indentation, eight spaces at a time
                while let Some(v) = word(b, i) {
                    let x = v ^ SPACES;
                    if x != 0 {
                        i += (x.trailing_zeros() / 8) as usize;
                        break;
                    }
                    i += 8;
                }
            }
            _ => return Some((c, i)),
        }
    }
}

/// The contents of a string whose opening quote is just before `i`: returns the index of the
/// closing quote. Rejects escapes and control characters.
#[inline(always)]
fn string(b: &[u8], mut i: usize) -> Option<usize> {
    loop {
        for w in b.get(i..)?.chunks_exact(8) {
            let v = w.first_chunk::<8>().map_or(0, |w| u64::from_le_bytes(*w));
            // a byte is `"`, `\\` or below 0x20 (`!v`: the three share the high bit 0)
            let m = ((v ^ QUOTES).wrapping_sub(ONES)
                | (v ^ SLASHES).wrapping_sub(ONES)
                | v.wrapping_sub(CONTROL))
                & !v
                & HIGH;
            if m != 0 {
                i += (m.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        let c = *b.get(i)?;
        if c == b'"' {
            return Some(i);
        }
        if c < 0x20 || c == b'\\' {
            return None;
        }
        i += 1;
    }
}

/// `"key"` then `:` from `i` (whitespace first): the key's span and the index after `:`.
#[inline(always)]
fn key(b: &[u8], nl: &mut usize, i: usize) -> Option<(usize, usize, usize)> {
    let (c, i) = ws(b, nl, i)?;
    if c != b'"' {
        return None;
    }
    let end = string(b, i + 1)?;
    let (c, j) = ws(b, nl, end + 1)?;
    if c != b':' {
        return None;
    }
    Some((i + 1, end, j + 1))
}

fn digits(b: &[u8], mut i: usize) -> (usize, usize) {
    let from = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    (i, i - from)
}

/// A number in JSON's grammar (what serde_json accepts when it skips one) from `i`.
fn number(b: &[u8], mut i: usize) -> Option<usize> {
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match *b.get(i)? {
        b'0' => {
            i += 1;
            if b.get(i).is_some_and(u8::is_ascii_digit) {
                return None;
            }
        }
        b'1'..=b'9' => i = digits(b, i + 1).0,
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        let (j, n) = digits(b, i + 1);
        if n == 0 {
            return None;
        }
        i = j;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let (j, n) = digits(b, i);
        if n == 0 {
            return None;
        }
        i = j;
    }
    Some(i)
}

fn literal(b: &[u8], i: usize, lit: &[u8]) -> Option<usize> {
    let end = i.checked_add(lit.len())?;
    (b.get(i..end)? == lit).then_some(end)
}

/// Skips one value starting at `i` (whitespace first), validating it; returns the index after
/// it. Iterative, like serde_json's own skipping.
fn skip(b: &[u8], nl: &mut usize, i: usize) -> Option<usize> {
    // one bit per open container, 1 = object
    let mut stack: u64 = 0;
    let mut depth: u32 = 0;
    let mut i = i;
    loop {
        // a value
        let (c, at) = ws(b, nl, i)?;
        i = match c {
            b'"' => string(b, at + 1)? + 1,
            b'{' => {
                let (c, j) = ws(b, nl, at + 1)?;
                if c == b'}' {
                    j + 1
                } else {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return None;
                    }
                    stack = stack << 1 | 1;
                    i = key(b, nl, j)?.2;
                    continue;
                }
            }
            b'[' => {
                let (c, j) = ws(b, nl, at + 1)?;
                if c == b']' {
                    j + 1
                } else {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return None;
                    }
                    stack <<= 1;
                    i = j;
                    continue;
                }
            }
            b't' => literal(b, at, b"true")?,
            b'f' => literal(b, at, b"false")?,
            b'n' => literal(b, at, b"null")?,
            _ => number(b, at)?,
        };
        // after a value: `,` or closing brackets
        loop {
            if depth == 0 {
                return Some(i);
            }
            let (c, at) = ws(b, nl, i)?;
            i = at + 1;
            let obj = stack & 1 == 1;
            if c == b',' {
                if obj {
                    i = key(b, nl, i)?.2;
                }
                break;
            }
            if c != if obj { b'}' } else { b']' } {
                return None;
            }
            depth -= 1;
            stack >>= 1;
        }
    }
}

/// After a member: `,` (`Some(true)`, index after it) or `}` (`Some(false)`, index after it).
#[inline(always)]
fn next(b: &[u8], nl: &mut usize, i: usize) -> Option<(bool, usize)> {
    match ws(b, nl, i)? {
        (b',', at) => Some((true, at + 1)),
        (b'}', at) => Some((false, at + 1)),
        _ => None,
    }
}

/// The `kubeletconfig` object whose `{` is at `i`: the relevant entries, in order, and the
/// index after it.
fn kubeletconfig(b: &[u8], nl: &mut usize, i: usize, out: &mut Entries) -> Option<usize> {
    let (c, mut i) = ws(b, nl, i + 1)?;
    if c == b'}' {
        return Some(i + 1);
    }
    loop {
        let (ks, ke, after) = key(b, nl, i)?;
        let rel = match b.get(ks..ke)? {
            b"authentication" => Some(Rel::Authentication),
            b"kind" => Some(Rel::Kind),
            b"apiVersion" => Some(Rel::ApiVersion),
            _ => None,
        };
        let end = skip(b, nl, after)?;
        if let Some(rel) = rel {
            out.push(Entry {
                rel,
                start: ws(b, nl, after)?.1,
                end,
            })?;
        }
        let (more, j) = next(b, nl, end)?;
        if !more {
            return Some(j);
        }
        i = j;
    }
}

/// The value at `i` (whitespace first) of a payload [`configz`] accepted, member by member:
/// `f(key span, value start)` for each member of an object, in order, which returns where that
/// value ends (`None`: it did not read it, skip it). Returns the index after the value (one
/// that is not an object is skipped whole). `None` when `f` says so.
pub(crate) fn members(
    b: &[u8],
    i: usize,
    mut f: impl FnMut(Range<usize>, usize) -> Option<Option<usize>>,
) -> Option<usize> {
    let nl = &mut 0;
    let (c, i) = ws(b, nl, i)?;
    if c != b'{' {
        return skip(b, nl, i);
    }
    let (c, mut i) = ws(b, nl, i + 1)?;
    if c == b'}' {
        return Some(i + 1);
    }
    loop {
        let (ks, ke, after) = key(b, nl, i)?;
        let start = ws(b, nl, after)?.1;
        let end = match f(ks..ke, start)? {
            Some(end) => end,
            None => skip(b, nl, start)?,
        };
        let (more, j) = next(b, nl, end)?;
        if !more {
            return Some(j);
        }
        i = j;
    }
}

/// The index after the value at `i` of a payload [`configz`] accepted.
pub(crate) fn value_end(b: &[u8], i: usize) -> Option<usize> {
    skip(b, &mut 0, i)
}

/// The string whose opening quote is at `i` in a payload [`configz`] accepted (no escapes):
/// the span of its contents.
pub(crate) fn string_at(b: &[u8], i: usize) -> Option<Range<usize>> {
    (b.get(i) == Some(&b'"'))
        .then(|| string(b, i + 1).map(|end| i + 1..end))
        .flatten()
}

/// A skimmed payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Skimmed {
    /// The relevant entries of its only `kubeletconfig` object, in order.
    pub entries: Entries,
    /// Where the payload ends.
    pub end: usize,
    /// How many line breaks it holds.
    pub newlines: usize,
}

/// Skims a `/configz` payload that starts with `{`, with spans relative to `text`. Text after
/// the payload is not read.
pub(crate) fn configz(text: &str) -> Option<Skimmed> {
    let b = text.as_bytes();
    let mut newlines = 0;
    let nl = &mut newlines;
    let (c, i) = ws(b, nl, 0)?;
    if c != b'{' {
        return None;
    }
    let (c, mut i) = ws(b, nl, i + 1)?;
    if c == b'}' {
        return None;
    }
    let mut found = false;
    let mut out = Entries::new();
    loop {
        let (ks, ke, after) = key(b, nl, i)?;
        let end = if b.get(ks..ke)? == b"kubeletconfig" {
            let (c, at) = ws(b, nl, after)?;
            if found || c != b'{' {
                return None;
            }
            found = true;
            kubeletconfig(b, nl, at, &mut out)?
        } else {
            skip(b, nl, after)?
        };
        let (more, j) = next(b, nl, end)?;
        if !more {
            return found.then_some(Skimmed {
                entries: out,
                end: j,
                newlines,
            });
        }
        i = j;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde::de::IgnoredAny;

    fn accepts(s: &str) -> bool {
        skip(s.as_bytes(), &mut 0, 0).is_some()
    }

    #[test]
    fn spans() {
        let t = r#"{"a": [1, {"kind": 2}], "kubeletconfig": {"kind": "K", "x": {"authentication": 1}, "authentication": {"x509": {}} , "apiVersion": null}} trailing"#;
        let e = configz(t).unwrap().entries;
        let got: Vec<(Rel, &str)> = e.iter().map(|e| (e.rel, &t[e.start..e.end])).collect();
        assert_eq!(
            got,
            [
                (Rel::Kind, "\"K\""),
                (Rel::Authentication, "{\"x509\": {}}"),
                (Rel::ApiVersion, "null")
            ]
        );
    }

    #[test]
    fn rejects_what_needs_the_serde_path() {
        for t in [
            r#"{"kubeletconfig": 1}"#,
            r#"{"kubeletconfig": {}, "kubeletconfig": {}}"#,
            r#"{"a": 1}"#,
            r#"{}"#,
            r#"{"kubeletconfig": {"kind": "a\"b"}}"#,
            r#"{"kubelet\u0063onfig": {}}"#,
            r#"{"kubeletconfig": {"kind": "K",}}"#,
            r#"{"kubeletconfig": {"kind": "K"}"#,
        ] {
            assert!(configz(t).is_none(), "{t}");
        }
        assert!(configz(r#"{"kubeletconfig": {}}"#).is_some());
    }

    #[test]
    fn never_accepts_what_serde_rejects() {
        let cases = [
            "0",
            "-0",
            "01",
            "-",
            "1.",
            "1.5",
            "1e",
            "1e+",
            "1E-7",
            "-12.5e3",
            ".5",
            "+1",
            "1x",
            "true",
            "tru",
            "nul",
            "null",
            "falsey",
            "\"a\tb\"",
            "\"a b\"",
            "\"é\"",
            "[1,]",
            "[,1]",
            "[1 2]",
            "[]",
            "[ ]",
            "{}",
            "{\"a\" 1}",
            "{\"a\":}",
            "{1:2}",
            "{\"a\":1,}",
            "[\"\u{1}\"]",
            "\"\u{7f}\"",
            " \u{a0}1",
            "[1]]",
            "{\"a\":[{}]}",
        ];
        for c in cases {
            let ours = accepts(c);
            let mut de = serde_json::Deserializer::from_str(c);
            let theirs = serde::Deserialize::deserialize(&mut de)
                .map(|_: IgnoredAny| ())
                .is_ok();
            assert!(!ours || theirs, "{c:?}");
        }
        let deep = "[".repeat(70) + &"]".repeat(70);
        assert!(!accepts(&deep));
    }

    #[test]
    fn long_strings_and_indentation() {
        let t = format!(
            "{{\n{}\"kubeletconfig\"{}:\r\n\t{{\"kind\": \"{}\"}}}}",
            " ".repeat(37),
            " ".repeat(9),
            "x".repeat(61)
        );
        let e = configz(&t).unwrap();
        assert_eq!((e.newlines, e.end), (2, t.len()));
        let e = e.entries;
        assert_eq!(&t[e[0].start..e[0].end], format!("\"{}\"", "x".repeat(61)));
        let bad = format!(
            "{{\"kubeletconfig\": {{\"kind\": \"{}\n\"}}}}",
            "x".repeat(13)
        );
        assert!(configz(&bad).is_none());
    }
}
