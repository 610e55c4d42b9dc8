//! The small JSON-like tree every decoder produces (only the parts that matter are kept).

use std::borrow::Cow;

/// Where a value sits: which document (index into the evaluation's document list) and either a
/// byte offset (JSON) or a line/column (YAML; `line == 0` means "use `off`").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct At {
    pub doc: u32,
    pub off: u32,
    pub line: u32,
    pub col: u32,
}

impl At {
    pub fn off(doc: u32, off: usize) -> At {
        At {
            doc,
            off: u32::try_from(off).unwrap_or(u32::MAX),
            line: 0,
            col: 0,
        }
    }
    pub fn lc(doc: u32, line: usize, col0: usize) -> At {
        At {
            doc,
            off: 0,
            line: u32::try_from(line).unwrap_or(u32::MAX),
            col: u32::try_from(col0 + 1).unwrap_or(u32::MAX),
        }
    }
}

/// A JSON value as the kubelet's Go code would see it after YAML-to-JSON conversion.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum J<'a> {
    Null,
    Bool(bool),
    /// A number, as written (or as go-yaml would print it).
    Num(String),
    /// A string, borrowed from the document when it holds it as is.
    Str(Cow<'a, str>),
    Arr(Vec<JN<'a>>),
    /// Entries in document order (JSON, duplicates kept) or in byte order (YAML, unique).
    Obj(Vec<Ent<'a>>),
    /// A value this checker does not need (skipped while parsing).
    Skipped,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct JN<'a> {
    pub v: J<'a>,
    pub at: At,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ent<'a> {
    /// The key, borrowed from the document when it holds it as is.
    pub key: Cow<'a, str>,
    pub key_at: At,
    pub val: JN<'a>,
}

impl J<'_> {
    /// The JSON type name, as Go's encoding/json says it.
    pub fn type_name(&self) -> &'static str {
        match self {
            J::Null => "null",
            J::Bool(_) => "bool",
            J::Num(_) => "number",
            J::Str(_) => "string",
            J::Arr(_) => "array",
            J::Obj(_) => "object",
            J::Skipped => "value",
        }
    }

    /// A short rendering for messages.
    pub fn show(&self) -> String {
        match self {
            J::Null => "null".to_string(),
            J::Bool(b) => b.to_string(),
            J::Num(n) => n.clone(),
            J::Str(s) => format!("{s:?}"),
            J::Arr(_) => "[...]".to_string(),
            J::Obj(_) => "{...}".to_string(),
            J::Skipped => "...".to_string(),
        }
    }
}

impl<'a> JN<'a> {
    pub fn new(v: J<'a>, at: At) -> JN<'a> {
        JN { v, at }
    }
    pub fn obj(&self) -> Option<&Vec<Ent<'a>>> {
        match &self.v {
            J::Obj(o) => Some(o),
            _ => None,
        }
    }
}

/// Go encoding/json's case-insensitive key match (`equalFold`): ASCII letters match either
/// case, `s` also matches U+017F and `k` also matches U+212A; everything else exactly.
pub(crate) fn fold_eq(name: &str, key: &str) -> bool {
    // a key is never shorter than a name it matches (U+017F, U+212A are longer than s, k)
    if key.len() < name.len() {
        return false;
    }
    if name.len() == key.len() {
        return name.eq_ignore_ascii_case(key);
    }
    let mut a = name.chars();
    let mut b = key.chars();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) => {
                let ok = x == y
                    || (x.is_ascii_alphabetic() && x.eq_ignore_ascii_case(&y))
                    || (x.eq_ignore_ascii_case(&'s') && y == '\u{17f}')
                    || (x.eq_ignore_ascii_case(&'k') && y == '\u{212a}');
                if !ok {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// Sorts object entries by key bytes (what `json.Marshal` of a Go map does), keeping the
/// relative order of equal keys.
pub(crate) fn sort_keys(ents: &mut [Ent<'_>]) {
    crate::sort::sort_by(ents, |a, b| a.key.as_bytes().cmp(b.key.as_bytes()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_matches_go() {
        assert!(fold_eq("clientCAFile", "clientCaFile"));
        assert!(fold_eq("clientCAFile", "CLIENTCAFILE"));
        assert!(!fold_eq("clientCAFile", "clientCAFil"));
        assert!(fold_eq("kind", "\u{212a}ind"));
        assert!(fold_eq("anonymous", "anonymou\u{17f}"));
        assert!(fold_eq("x509", "X509"));
        assert!(!fold_eq("x509", "x5o9"));
        assert!(!fold_eq("kind", "kin"));
        assert!(!fold_eq("kind", ""));
        assert!(fold_eq("kind", "\u{212a}IND"));
        assert!(!fold_eq("\u{212a}ind", "kind"));
    }
}
