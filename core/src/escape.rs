//! Escaping strings for messages, like Rust's `{:?}` / `str::escape_debug` for everything the
//! evidence holds in practice, without the standard library's Unicode "printable" and
//! "grapheme extend" tables (about 8 KB of the gzip'd WebAssembly module, and incompressible).
//!
//! Identical to the standard library for ASCII, C1 controls and the invisible, format and
//! combining characters listed below; other non-ASCII characters are written as they are.

use std::fmt::Write as _;

/// Code points written as `\u{..}` although they are not ASCII controls: C1 controls, invisible
/// and format characters (soft hyphen, zero-width and directional marks, word joiners, BOM,
/// interlinear annotation, tags), line and paragraph separators, variation selectors, and the
/// common combining-mark blocks (what `{:?}` escapes as grapheme-extending).
const ESCAPED: &[(u32, u32)] = &[
    (0x80, 0x9f),
    (0xad, 0xad),
    (0x300, 0x36f),
    (0x483, 0x489),
    (0x591, 0x5bd),
    (0x600, 0x605),
    (0x61c, 0x61c),
    (0x6dd, 0x6dd),
    (0x70f, 0x70f),
    (0x180e, 0x180e),
    (0x1ab0, 0x1aff),
    (0x1dc0, 0x1dff),
    (0x200b, 0x200f),
    (0x2028, 0x202e),
    (0x2060, 0x2064),
    (0x2066, 0x206f),
    (0x20d0, 0x20ff),
    (0xfe00, 0xfe0f),
    (0xfe20, 0xfe2f),
    (0xfeff, 0xfeff),
    (0xfff9, 0xfffb),
    (0xe0001, 0xe007f),
    (0xe0100, 0xe01ef),
];

fn escaped(c: char) -> bool {
    let u = c as u32;
    ESCAPED.iter().any(|&(lo, hi)| (lo..=hi).contains(&u))
}

/// `all`: also `'` (what `str::escape_debug` escapes; `{:?}` of a `str` keeps it).
fn push(out: &mut String, c: char, all: bool) {
    match c {
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        '\n' => out.push_str("\\n"),
        '\0' => out.push_str("\\0"),
        '\\' => out.push_str("\\\\"),
        '"' => out.push_str("\\\""),
        '\'' if all => out.push_str("\\'"),
        c if (c as u32) < 0x20 || c == '\u{7f}' || escaped(c) => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// `format!("{s:?}")`: the string in double quotes, escaped.
pub(crate) fn debug_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push(&mut out, c, false);
    }
    out.push('"');
    out
}

/// `s.escape_debug().to_string()` (both quotes escaped; combining marks only at the start, as
/// the standard library does).
pub(crate) fn escape_debug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        if i > 0
            && escaped(c)
            && (c as u32) >= 0x300
            && !matches!(c as u32, 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x180e | 0x200b..=0x200f | 0x2028..=0x202e | 0x2060..=0x2064 | 0x2066..=0x206f | 0xfeff | 0xfff9..=0xfffb | 0xe0001..=0xe007f)
        {
            // a combining mark after the first character: `str::escape_debug` keeps it
            out.push(c);
        } else {
            push(&mut out, c, true);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The same as the standard library for ASCII, the listed ranges and ordinary letters.
        #[test]
        fn matches_std_where_it_claims_to(
            s in "[\\x00-\\x7f\u{80}-\u{9f}\u{ad}\u{e9}\u{300}-\u{36f}\u{200b}-\u{200f}\u{2028}-\u{202e}\u{feff}\u{4e2d}\u{1f600}]{0,12}"
        ) {
            prop_assert_eq!(debug_quoted(&s), format!("{s:?}"));
            prop_assert_eq!(escape_debug(&s), s.escape_debug().to_string());
        }
    }
}
