//! JSON decoding with serde_json in one pass: only the parts that matter are built, the rest
//! is skipped with `IgnoredAny` (or only checked for duplicate keys, for drop-ins).

use super::tree::{At, Ent, J, JN};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

/// Shared state of one decode: the input (for positions) and the first duplicate key seen in a
/// skipped subtree.
pub(crate) struct Ctx<'de> {
    pub base: &'de str,
    /// Byte offset of `base` inside the artifact's text.
    pub shift: usize,
    pub doc: u32,
    pub dup: RefCell<Option<(String, usize)>>,
}

impl<'de> Ctx<'de> {
    pub fn new(base: &'de str, shift: usize, doc: u32) -> Self {
        Ctx {
            base,
            shift,
            doc,
            dup: RefCell::new(None),
        }
    }

    /// Offset of a borrowed slice of the input, if it is one.
    fn offset_of(&self, s: &str) -> Option<usize> {
        let b = self.base.as_ptr() as usize;
        let p = s.as_ptr() as usize;
        if p >= b && p + s.len() <= b + self.base.len() {
            Some(p - b)
        } else {
            None
        }
    }

    pub fn at(&self, off: usize) -> At {
        At::off(self.doc, off + self.shift)
    }

    /// Start of the value that follows a key ending (closing quote) at `key_end`.
    fn value_start(&self, key_end: usize) -> usize {
        let bytes = self.base.as_bytes();
        let mut i = key_end;
        while let Some(&c) = bytes.get(i) {
            if c == b':' || c.is_ascii_whitespace() {
                i += 1;
            } else {
                break;
            }
        }
        i
    }
}

/// A key with where it is and where its value starts.
pub(crate) struct Key<'de> {
    pub name: Cow<'de, str>,
    off: Option<usize>,
    /// Offset just after the closing quote.
    end: Option<usize>,
}

impl Key<'_> {
    pub fn value_at(&self, ctx: &Ctx<'_>, fallback: At) -> At {
        self.end
            .map(|e| ctx.at(ctx.value_start(e)))
            .unwrap_or(fallback)
    }
}

pub(crate) struct KeySeed<'c, 'de>(pub &'c Ctx<'de>);

impl<'de> DeserializeSeed<'de> for KeySeed<'_, 'de> {
    type Value = Key<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key<'de>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_, 'de> {
    type Value = Key<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        let off = self.0.offset_of(v);
        Ok(Key {
            name: Cow::Borrowed(v),
            off: off.map(|o| o.saturating_sub(1)),
            end: off.map(|o| o + v.len() + 1),
        })
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key {
            name: Cow::Owned(v.to_string()),
            off: None,
            end: None,
        })
    }
}

/// Builds the whole value.
pub(crate) struct ValueSeed<'c, 'de> {
    pub ctx: &'c Ctx<'de>,
    pub at: At,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, 'de> {
    type Value = JN<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<JN<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_, 'de> {
    type Value = JN<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<JN<'de>, E> {
        Ok(JN::new(J::Bool(v), self.at))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<JN<'de>, E> {
        Ok(JN::new(J::Num(v.to_string()), self.at))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<JN<'de>, E> {
        Ok(JN::new(J::Num(v.to_string()), self.at))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<JN<'de>, E> {
        Ok(JN::new(J::Num(v.to_string()), self.at))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<JN<'de>, E> {
        let at = match self.ctx.offset_of(v) {
            Some(o) => self.ctx.at(o.saturating_sub(1)),
            None => self.at,
        };
        Ok(JN::new(J::Str(Cow::Borrowed(v)), at))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<JN<'de>, E> {
        Ok(JN::new(J::Str(Cow::Owned(v.to_string())), self.at))
    }
    fn visit_unit<E: de::Error>(self) -> Result<JN<'de>, E> {
        Ok(JN::new(J::Null, self.at))
    }
    fn visit_none<E: de::Error>(self) -> Result<JN<'de>, E> {
        Ok(JN::new(J::Null, self.at))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JN<'de>, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(ValueSeed {
            ctx: self.ctx,
            at: self.at,
        })? {
            out.push(v);
        }
        Ok(JN::new(J::Arr(out), self.at))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JN<'de>, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = map.next_key_seed(KeySeed(self.ctx))? {
            let vat = k.value_at(self.ctx, self.at);
            let val = map.next_value_seed(ValueSeed {
                ctx: self.ctx,
                at: vat,
            })?;
            let key_at = k.off.map(|o| self.ctx.at(o)).unwrap_or(vat);
            out.push(Ent {
                key: k.name,
                key_at,
                val,
            });
        }
        Ok(JN::new(J::Obj(out), self.at))
    }
}

/// Skips a value but remembers the first duplicate key in any object inside it.
struct DupSeed<'c, 'de>(&'c Ctx<'de>);

impl<'de> DeserializeSeed<'de> for DupSeed<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DupSeed<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(DupSeed(self.0))?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen: Vec<Cow<'de, str>> = Vec::new();
        while let Some(k) = map.next_key_seed(KeySeed(self.0))? {
            if seen.contains(&k.name) {
                let mut d = self.0.dup.borrow_mut();
                if d.is_none() {
                    *d = Some((k.name.to_string(), k.off.unwrap_or(0)));
                }
            } else {
                seen.push(k.name);
            }
            map.next_value_seed(DupSeed(self.0))?;
        }
        Ok(())
    }
}

/// The top-level object: every key name is kept (for unknown-field checks) when
/// `record_keys`, values only for keys `relevant` accepts.
pub(crate) struct TopSeed<'c, 'de, 'f> {
    pub ctx: &'c Ctx<'de>,
    pub relevant: &'f dyn Fn(&str) -> bool,
    pub record_keys: bool,
    /// Check skipped values for duplicate keys (drop-ins: duplicates are fatal).
    pub dupcheck: bool,
    pub at: At,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_, 'de, '_> {
    type Value = JN<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<JN<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, 'de, '_> {
    type Value = JN<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<JN<'de>, E> {
        ValueSeed {
            ctx: self.ctx,
            at: self.at,
        }
        .visit_bool(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<JN<'de>, E> {
        ValueSeed {
            ctx: self.ctx,
            at: self.at,
        }
        .visit_i64(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<JN<'de>, E> {
        ValueSeed {
            ctx: self.ctx,
            at: self.at,
        }
        .visit_u64(v)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<JN<'de>, E> {
        ValueSeed {
            ctx: self.ctx,
            at: self.at,
        }
        .visit_f64(v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<JN<'de>, E> {
        ValueSeed {
            ctx: self.ctx,
            at: self.at,
        }
        .visit_str(v)
    }
    fn visit_unit<E: de::Error>(self) -> Result<JN<'de>, E> {
        Ok(JN::new(J::Null, self.at))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<JN<'de>, A::Error> {
        ValueSeed {
            ctx: self.ctx,
            at: self.at,
        }
        .visit_seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JN<'de>, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = map.next_key_seed(KeySeed(self.ctx))? {
            if (self.relevant)(&k.name) {
                let vat = k.value_at(self.ctx, self.at);
                let key_at = k.off.map(|o| self.ctx.at(o)).unwrap_or(vat);
                let val = map.next_value_seed(ValueSeed {
                    ctx: self.ctx,
                    at: vat,
                })?;
                out.push(Ent {
                    key: k.name,
                    key_at,
                    val,
                });
            } else {
                if self.dupcheck {
                    map.next_value_seed(DupSeed(self.ctx))?;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
                if self.record_keys {
                    let vat = k.value_at(self.ctx, self.at);
                    let key_at = k.off.map(|o| self.ctx.at(o)).unwrap_or(vat);
                    out.push(Ent {
                        key: k.name,
                        key_at,
                        val: JN::new(J::Skipped, vat),
                    });
                }
            }
        }
        Ok(JN::new(J::Obj(out), self.at))
    }
}

/// A JSON syntax error with its byte offset in the artifact.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct JsonErr {
    pub msg: String,
    pub at: At,
}

/// serde_json error → message without the position suffix + offset.
pub(crate) fn json_err(e: &serde_json::Error, ctx: &Ctx<'_>) -> JsonErr {
    let msg = e.to_string();
    let msg = match msg.rfind(" at line ") {
        Some(i) => msg.get(..i).unwrap_or(&msg).to_string(),
        None => msg,
    };
    // line/column → byte offset inside `base`
    let mut off = 0usize;
    let mut line = 1usize;
    if e.line() > 1 {
        for (i, b) in ctx.base.bytes().enumerate() {
            if b == b'\n' {
                line += 1;
                if line == e.line() {
                    off = i + 1;
                    break;
                }
            }
        }
    }
    let off = (off + e.column().saturating_sub(1)).min(ctx.base.len());
    JsonErr {
        msg: format!("json: {msg}"),
        at: ctx.at(off),
    }
}

/// Decodes a whole JSON document (trailing non-space text is an error, as in Go).
pub(crate) fn decode_top<'de>(
    ctx: &Ctx<'de>,
    relevant: &dyn Fn(&str) -> bool,
    record_keys: bool,
    dupcheck: bool,
) -> Result<JN<'de>, JsonErr> {
    let mut de = serde_json::Deserializer::from_str(ctx.base);
    let start = ctx.base.len() - ctx.base.trim_start().len();
    let seed = TopSeed {
        ctx,
        relevant,
        record_keys,
        dupcheck,
        at: ctx.at(start),
    };
    let v = seed.deserialize(&mut de).map_err(|e| json_err(&e, ctx))?;
    de.end().map_err(|e| json_err(&e, ctx))?;
    Ok(v)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_relevant_and_positions() {
        let text = "{\"kind\":\"KubeletConfiguration\",\"big\":[1,2,{\"a\":1}],\n \"authentication\": {\"x509\": {\"clientCAFile\": \"/etc/ca.crt\"}}}";
        let ctx = Ctx::new(text, 0, 0);
        let rel = |k: &str| k == "kind" || k == "authentication";
        let v = decode_top(&ctx, &rel, true, false).unwrap();
        let o = v.obj().unwrap();
        assert_eq!(o.len(), 3);
        assert_eq!(o[1].val.v, J::Skipped);
        let ca = &o[2].val.obj().unwrap()[0].val.obj().unwrap()[0].val;
        assert_eq!(ca.v, J::Str("/etc/ca.crt".into()));
        assert_eq!(&text[ca.at.off as usize..ca.at.off as usize + 5], "\"/etc");
    }

    #[test]
    fn escaped_values_get_position_from_key() {
        let text = "{\"authentication\": {\"x509\": {\"clientCAFile\" : \"/etc/\\u0063a.crt\"}}}";
        let ctx = Ctx::new(text, 0, 0);
        let v = decode_top(&ctx, &|_| true, true, false).unwrap();
        let ca = &v.obj().unwrap()[0].val.obj().unwrap()[0].val.obj().unwrap()[0].val;
        assert_eq!(ca.v, J::Str("/etc/ca.crt".into()));
        assert_eq!(&text[ca.at.off as usize..ca.at.off as usize + 5], "\"/etc");
    }

    #[test]
    fn dupcheck_in_skipped_values() {
        let text = "{\"x\": {\"a\": 1, \"a\": 2}}";
        let ctx = Ctx::new(text, 0, 0);
        decode_top(&ctx, &|_| false, true, true).unwrap();
        assert_eq!(ctx.dup.borrow().as_ref().map(|d| d.0.as_str()), Some("a"));
    }

    #[test]
    fn errors_have_positions() {
        let text = "{\n  \"a\": 1,\n  b: 2}";
        let ctx = Ctx::new(text, 0, 0);
        let e = decode_top(&ctx, &|_| true, true, false).unwrap_err();
        assert_eq!(&text[e.at.off as usize..e.at.off as usize + 1], "b");
        assert!(!e.msg.contains("line"));
    }
}
