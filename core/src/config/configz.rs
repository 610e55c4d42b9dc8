//! `/configz` payloads (spec D1, D2; T58-T60), also inside pasted shell noise: a prompt, the
//! curl command, curl's progress meter, a trailing prompt, jq pretty-printing.

use super::eval::{location, location_with};
use super::json::{json_err, Ctx, KeySeed, ValueSeed};
use super::skim::{self, Rel};
use super::tree::{At, J, JN};
use super::{Configz, Doc, Valued};
use crate::codes;
use crate::model::{Diagnostic, InputError, Severity};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

const KEY: &str = "kubeletconfig";
/// `what` of the `clientCAFile` value (the match below requires exactly these keys).
const CA_WHAT: &str = "key `kubeletconfig.authentication.x509.clientCAFile`";
const PAYLOAD: &str = "expected a `/configz` payload `{\"kubeletconfig\": {...}}`";

/// The outer object: finds `kubeletconfig` and decodes its value with the inner seed.
struct Outer<'c, 'de>(&'c Ctx<'de>);

impl<'de> DeserializeSeed<'de> for Outer<'_, 'de> {
    type Value = Option<InnerValue<'de>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<InnerValue<'de>>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Outer<'_, 'de> {
    type Value = Option<InnerValue<'de>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<InnerValue<'de>>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<InnerValue<'de>>, A::Error> {
        let mut found = None;
        while let Some(k) = map.next_key::<KeyIs>()? {
            if k.0 {
                found = Some(map.next_value_seed(Inner(self.0))?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// The `kubeletconfig` object: only `authentication`, `kind` and `apiVersion` are read (into
/// [`Item`]s); the other keys are matched without allocating and skipped. Not an object: the
/// value, for the message.
struct Inner<'c, 'de>(&'c Ctx<'de>);

type InnerValue<'a> = Result<Vec<Item<'a>>, JN<'a>>;

impl<'de> DeserializeSeed<'de> for Inner<'_, 'de> {
    type Value = InnerValue<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<InnerValue<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Inner<'_, 'de> {
    type Value = InnerValue<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<InnerValue<'de>, E> {
        Ok(Err(JN::new(J::Bool(v), self.0.at(0))))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<InnerValue<'de>, E> {
        Ok(Err(JN::new(J::Num(v.to_string()), self.0.at(0))))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<InnerValue<'de>, E> {
        Ok(Err(JN::new(J::Num(v.to_string()), self.0.at(0))))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<InnerValue<'de>, E> {
        Ok(Err(JN::new(J::Num(v.to_string()), self.0.at(0))))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<InnerValue<'de>, E> {
        Ok(Err(JN::new(
            J::Str(Cow::Owned(v.to_string())),
            self.0.at(0),
        )))
    }
    fn visit_unit<E: de::Error>(self) -> Result<InnerValue<'de>, E> {
        Ok(Err(JN::new(J::Null, self.0.at(0))))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<InnerValue<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Err(JN::new(J::Arr(Vec::new()), self.0.at(0))))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<InnerValue<'de>, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<InnerKey>()? {
            match k {
                InnerKey::Authentication => map.next_value_seed(AuthSeed {
                    ctx: self.0,
                    out: &mut out,
                })?,
                InnerKey::Kind => out.push(Item::Kind(map.next_value_seed(value(self.0))?)),
                InnerKey::ApiVersion => {
                    out.push(Item::ApiVersion(map.next_value_seed(value(self.0))?))
                }
                InnerKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Ok(out))
    }
}

/// What matters in the `kubeletconfig` object, in document order (duplicates kept).
#[derive(Debug, Clone, PartialEq)]
enum Item<'a> {
    Kind(JN<'a>),
    ApiVersion(JN<'a>),
    /// `authentication.<section>.<its field>`.
    Field(Sect, JN<'a>),
}

/// Where decoded items go: collected (the general path) or finished as they come (the fast
/// path, which keeps no list).
trait Sink<'a> {
    fn put(&mut self, item: Item<'a>);
}

impl<'a> Sink<'a> for Vec<Item<'a>> {
    fn put(&mut self, item: Item<'a>) {
        self.push(item);
    }
}

/// The sections of `authentication` that matter, each with the one field read from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sect {
    X509,
    Anonymous,
    Webhook,
}

impl Sect {
    fn of(key: &str) -> Option<Sect> {
        match key {
            "x509" => Some(Sect::X509),
            "anonymous" => Some(Sect::Anonymous),
            "webhook" => Some(Sect::Webhook),
            _ => None,
        }
    }
    fn field(self) -> &'static str {
        match self {
            Sect::X509 => "clientCAFile",
            Sect::Anonymous | Sect::Webhook => "enabled",
        }
    }
    /// `kubeletconfig.authentication.<section>.<field>`.
    fn path(self) -> &'static str {
        match self {
            Sect::X509 => "kubeletconfig.authentication.x509.clientCAFile",
            Sect::Anonymous => "kubeletconfig.authentication.anonymous.enabled",
            Sect::Webhook => "kubeletconfig.authentication.webhook.enabled",
        }
    }
}

/// A whole value, built (positions as the value of a `kubeletconfig` key).
fn value<'c, 'de>(ctx: &'c Ctx<'de>) -> ValueSeed<'c, 'de> {
    ValueSeed { ctx, at: ctx.at(0) }
}

/// The `authentication` value: its sections' fields become [`Item::Field`]s; everything else
/// is parsed exactly as if it were built (same errors), but nothing is kept.
struct AuthSeed<'c, 'o, 'de> {
    ctx: &'c Ctx<'de>,
    out: &'o mut dyn Sink<'de>,
}

impl<'de> DeserializeSeed<'de> for AuthSeed<'_, '_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AuthSeed<'_, '_, 'de> {
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
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        Check(self.ctx).visit_seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let top = self.ctx.at(0);
        while let Some(k) = map.next_key_seed(KeySeed(self.ctx))? {
            match Sect::of(&k.name) {
                Some(sect) => map.next_value_seed(SectSeed {
                    ctx: self.ctx,
                    sect,
                    at: k.value_at(self.ctx, top),
                    out: &mut *self.out,
                })?,
                None => map.next_value_seed(Check(self.ctx))?,
            }
        }
        Ok(())
    }
}

/// One section of `authentication` (`x509`, ...): its field is built, the rest checked.
struct SectSeed<'c, 'o, 'de> {
    ctx: &'c Ctx<'de>,
    sect: Sect,
    /// Where the section's value starts (the fallback position of its fields).
    at: At,
    out: &'o mut dyn Sink<'de>,
}

impl<'de> DeserializeSeed<'de> for SectSeed<'_, '_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SectSeed<'_, '_, 'de> {
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
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        Check(self.ctx).visit_seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(k) = map.next_key_seed(KeySeed(self.ctx))? {
            if k.name == self.sect.field() {
                let val = map.next_value_seed(ValueSeed {
                    ctx: self.ctx,
                    at: k.value_at(self.ctx, self.at),
                })?;
                self.out.put(Item::Field(self.sect, val));
            } else {
                map.next_value_seed(Check(self.ctx))?;
            }
        }
        Ok(())
    }
}

/// Parses a value the way [`ValueSeed`] does (`deserialize_any`, keys as strings: the same
/// errors, the same nesting limit) without building it.
struct Check<'c, 'de>(&'c Ctx<'de>);

impl<'de> DeserializeSeed<'de> for Check<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Check<'_, 'de> {
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
        while seq.next_element_seed(Check(self.0))?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key_seed(KeySeed(self.0))?.is_some() {
            map.next_value_seed(Check(self.0))?;
        }
        Ok(())
    }
}

enum InnerKey {
    Authentication,
    Kind,
    ApiVersion,
    Other,
}

impl<'de> de::Deserialize<'de> for InnerKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<InnerKey, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = InnerKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<InnerKey, E> {
                Ok(match v {
                    "authentication" => InnerKey::Authentication,
                    "kind" => InnerKey::Kind,
                    "apiVersion" => InnerKey::ApiVersion,
                    _ => InnerKey::Other,
                })
            }
        }
        d.deserialize_str(V)
    }
}

/// Whether a key is `kubeletconfig`, without allocating.
struct KeyIs(bool);

impl<'de> de::Deserialize<'de> for KeyIs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<KeyIs, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = KeyIs;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyIs, E> {
                Ok(KeyIs(v == KEY))
            }
        }
        d.deserialize_str(V)
    }
}

/// Where JSON objects that may be the payload start: the text itself when it starts with `{`
/// (the fast path), else every `{` that opens an object whose first key is `kubeletconfig`.
fn candidates(text: &str, lead_only: bool) -> Vec<usize> {
    let mut out = Vec::new();
    let lead = text.len() - text.trim_start().len();
    if text.get(lead..).is_some_and(|t| t.starts_with('{')) {
        out.push(lead);
    }
    if lead_only {
        return out;
    }
    let needle = "\"kubeletconfig\"";
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| t.find(needle)) {
        let at = from + i;
        let before = text.get(..at).unwrap_or("").trim_end();
        if before.ends_with('{') {
            let start = before.len() - 1;
            if !out.contains(&start) {
                out.push(start);
            }
        }
        from = at + needle.len();
    }
    out
}

fn input_error(doc: &Doc<'_>, msg: String, at: At) -> InputError {
    InputError::new(msg).at(&location(doc, at))
}

pub(crate) fn decode(doc: &Doc<'_>) -> Result<Configz, InputError> {
    if let Some((lead, found, plain)) = fast_skim(doc.text) {
        let mut f = Finish::new(doc, plain);
        if fast(doc.text, lead, &found, &mut f).is_some() {
            return Ok(f.out);
        }
    }
    finish(doc, slow(doc)?, 0..0)
}

/// The fast path, first step: the text is the payload (it starts with `{`, after `lead`
/// bytes of whitespace) and one skimming pass finds the relevant entries. Also returns the
/// payload's byte range when it is a single line (for locations). `None` when the text needs
/// the general path (shell noise, escapes, errors, odd shapes): that path then decides exactly
/// as if this one did not exist.
fn fast_skim(text: &str) -> Option<(usize, skim::Skimmed, Range<usize>)> {
    let lead = text.len() - text.trim_start().len();
    let slice = text.get(lead..)?;
    if !slice.starts_with('{') {
        return None;
    }
    let found = skim::configz(slice)?;
    let plain = if found.newlines == 0 {
        lead..lead + found.end
    } else {
        0..0
    };
    Some((lead, found, plain))
}

/// The fast path, second step: only the values of the skimmed entries are decoded by
/// serde_json, their items going to `out` in order. `None` as for [`fast_skim`] (what `out`
/// got is then to be discarded).
fn fast<'t>(
    text: &'t str,
    lead: usize,
    found: &skim::Skimmed,
    out: &mut dyn Sink<'t>,
) -> Option<()> {
    let slice = text.get(lead..)?;
    let ctx = Ctx::new(slice, lead, 0);
    for e in found.entries.iter() {
        let text = slice.get(e.start..e.end)?;
        let de = || serde_json::Deserializer::from_str(text);
        match e.rel {
            Rel::Authentication => auth(slice, e.start, &ctx, &mut *out)?,
            Rel::Kind => out.put(Item::Kind(value(&ctx).deserialize(&mut de()).ok()?)),
            Rel::ApiVersion => out.put(Item::ApiVersion(value(&ctx).deserialize(&mut de()).ok()?)),
        }
    }
    Some(())
}

/// The `authentication` value at `start` of a skimmed payload, read directly (the skimmer
/// validated it): the items [`AuthSeed`] gives for it, in the same order and with the same
/// positions. A field value other than a string, `true`, `false` or `null` is built by
/// [`ValueSeed`], as there.
fn auth<'t>(slice: &'t str, start: usize, ctx: &Ctx<'t>, out: &mut dyn Sink<'t>) -> Option<()> {
    let b = slice.as_bytes();
    skim::members(b, start, |k, vs| {
        let Some(sect) = slice.get(k).and_then(Sect::of) else {
            return Some(None);
        };
        skim::members(b, vs, |k, vs| {
            if slice.get(k) != Some(sect.field()) {
                return Some(None);
            }
            let at = ctx.at(vs);
            // (the skimmer validated the literals)
            let (val, end) = match b.get(vs)? {
                b'"' => {
                    let s = skim::string_at(b, vs)?;
                    let end = s.end + 1;
                    (JN::new(J::Str(Cow::Borrowed(slice.get(s)?)), at), end)
                }
                b't' => (JN::new(J::Bool(true), at), vs + 4),
                b'f' => (JN::new(J::Bool(false), at), vs + 5),
                b'n' => (JN::new(J::Null, at), vs + 4),
                _ => {
                    let end = skim::value_end(b, vs)?;
                    let mut de = serde_json::Deserializer::from_str(slice.get(vs..end)?);
                    (ValueSeed { ctx, at }.deserialize(&mut de).ok()?, end)
                }
            };
            out.put(Item::Field(sect, val));
            Some(Some(end))
        })
        .map(Some)
    })
    .map(|_| ())
}

/// The general path: the text itself, then every object in it that may be the payload.
fn slow<'t>(doc: &Doc<'t>) -> Result<Vec<Item<'t>>, InputError> {
    let text = doc.text;
    let mut first_err: Option<(String, At)> = None;
    let mut object_without_key: Option<At> = None;
    let mut inner: Option<InnerValue<'t>> = None;
    // the fast path first (the text is the payload); the search through shell noise only when
    // that fails
    let first = candidates(text, true);
    let mut queue = first.clone();
    let mut searched = false;
    while let Some(start) = (!queue.is_empty()).then(|| queue.remove(0)).or_else(|| {
        if searched {
            return None;
        }
        searched = true;
        queue = candidates(text, false)
            .into_iter()
            .filter(|c| !first.contains(c))
            .collect();
        (!queue.is_empty()).then(|| queue.remove(0))
    }) {
        let Some(slice) = text.get(start..) else {
            continue;
        };
        let ctx = Ctx::new(slice, start, 0);
        let mut de = serde_json::Deserializer::from_str(slice);
        match Outer(&ctx).deserialize(&mut de) {
            Ok(Some(v)) => {
                inner = Some(v);
                break;
            }
            Ok(None) => {
                object_without_key.get_or_insert(At::off(0, start));
            }
            Err(e) => {
                if first_err.is_none() {
                    let e = json_err(&e, &ctx);
                    first_err = Some((e.msg, e.at));
                }
            }
        }
    }
    let Some(inner) = inner else {
        if let Some((msg, at)) = first_err {
            return Err(input_error(
                doc,
                format!("{PAYLOAD}, found JSON that does not parse ({msg})"),
                at,
            ));
        }
        if let Some(at) = object_without_key {
            return Err(input_error(
                doc,
                format!("{PAYLOAD}, found a JSON object without the key `{KEY}`"),
                at,
            ));
        }
        return Err(input_error(
            doc,
            format!("{PAYLOAD}, found no JSON object"),
            At::off(0, 0),
        ));
    };
    inner.map_err(|v| {
        input_error(
            doc,
            format!(
                "expected `{KEY}` to be an object, found {} `{}`",
                v.v.type_name(),
                v.v.show()
            ),
            v.at,
        )
    })
}

/// The decoded `kubeletconfig` value → the outcome, item by item.
struct Finish<'d, 't> {
    doc: &'d Doc<'t>,
    /// A byte range of the text without line breaks (see [`location_with`]).
    plain: Range<usize>,
    out: Configz,
}

impl<'d, 't> Finish<'d, 't> {
    fn new(doc: &'d Doc<'t>, plain: Range<usize>) -> Finish<'d, 't> {
        Finish {
            doc,
            plain,
            out: Configz::default(),
        }
    }
}

impl<'t> Sink<'t> for Finish<'_, 't> {
    fn put(&mut self, item: Item<'t>) {
        let (doc, plain, out) = (self.doc, &self.plain, &mut self.out);
        let warn = |out: &mut Configz, msg: String, at: At| {
            out.diagnostics.push(
                Diagnostic::new(codes::CONFIG_DECODE_ERROR, Severity::Warning, msg)
                    .at(location_with(doc, at, plain.clone()))
                    .rules(&["D2"]),
            );
        };
        match item {
            Item::Kind(v) => match &v.v {
                J::Str(k) if k != "KubeletConfiguration" => warn(
                    out,
                    format!("expected `kind` `KubeletConfiguration` in `{KEY}`, found `{k}`"),
                    v.at,
                ),
                _ => {}
            },
            Item::ApiVersion(v) => match &v.v {
                J::Str(a) if a != "kubelet.config.k8s.io/v1beta1" => warn(
                    out,
                    format!(
                    "expected `apiVersion` `kubelet.config.k8s.io/v1beta1` in `{KEY}`, found `{a}`"
                ),
                    v.at,
                ),
                _ => {}
            },
            Item::Field(sect, JN { v, at }) => match (sect, v) {
                (Sect::X509, J::Str(s)) => {
                    out.client_ca_file = if s.is_empty() {
                        None
                    } else {
                        Some(Valued {
                            value: s.into_owned(),
                            what: Cow::Borrowed(CA_WHAT),
                            location: location_with(doc, at, plain.clone()),
                        })
                    };
                }
                (Sect::Anonymous, J::Bool(b)) => out.anonymous_enabled = Some(b),
                (Sect::Webhook, J::Bool(b)) => out.webhook_enabled = Some(b),
                (_, J::Null) => {}
                (sect, other) => warn(
                    out,
                    format!(
                        "expected {} for `{}`, found {} `{}`",
                        if sect == Sect::X509 {
                            "a string"
                        } else {
                            "a bool"
                        },
                        sect.path(),
                        other.type_name(),
                        other.show()
                    ),
                    at,
                ),
            },
        }
    }
}

/// The decoded `kubeletconfig` value → the outcome.
/// `plain`: a byte range of the text without line breaks (see [`location_with`]).
fn finish<'t>(
    doc: &Doc<'t>,
    items: Vec<Item<'t>>,
    plain: Range<usize>,
) -> Result<Configz, InputError> {
    let mut f = Finish::new(doc, plain);
    for item in items {
        f.put(item);
    }
    Ok(f.out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Doc<'_> {
        Doc {
            artifact: 2,
            name: "configz.txt",
            path: None,
            text,
        }
    }

    #[test]
    fn plain_payload() {
        let t = r#"{"kubeletconfig":{"authentication":{"x509":{"clientCAFile":"/etc/kubernetes/pki/ca.crt"},"webhook":{"enabled":true,"cacheTTL":"2m0s"},"anonymous":{"enabled":false}},"maxPods":110}}"#;
        let c = decode(&doc(t)).unwrap();
        let ca = c.client_ca_file.unwrap();
        assert_eq!(ca.value, "/etc/kubernetes/pki/ca.crt");
        assert_eq!(ca.location.line, Some(1));
        assert_eq!(ca.location.column, Some(60));
        assert_eq!(ca.location.artifact, Some(2));
        assert_eq!(c.anonymous_enabled, Some(false));
        assert_eq!(c.webhook_enabled, Some(true));
    }

    #[test]
    fn omitempty_means_unset() {
        let t = r#"{"kubeletconfig":{"kind":"KubeletConfiguration","apiVersion":"kubelet.config.k8s.io/v1beta1","authentication":{"x509":{},"webhook":{"enabled":true},"anonymous":{"enabled":false}}}}"#;
        let c = decode(&doc(t)).unwrap();
        assert!(c.client_ca_file.is_none());
        assert!(c.diagnostics.is_empty());
    }

    #[test]
    fn inside_shell_noise() {
        let t = "user@node:~$ curl -sk https://localhost:10250/configz | jq .\n  % Total    % Received % Xferd  Average Speed   Time\n100  5432  100  5432    0     0   123k      0 --:--:-- --:--:-- --:--:--  126k\n{\n  \"kubeletconfig\": {\n    \"authentication\": {\n      \"x509\": {\n        \"clientCAFile\": \"/etc/ca.crt\"\n      }\n    }\n  }\n}\nuser@node:~$ ";
        let c = decode(&doc(t)).unwrap();
        let ca = c.client_ca_file.unwrap();
        assert_eq!(ca.location.line, Some(8));
        assert_eq!(
            ca.location.excerpt.as_deref(),
            Some("        \"clientCAFile\": \"/etc/ca.crt\"")
        );
        let t2 = "$ curl localhost:10250/configz{\"kubeletconfig\":{\"authentication\":{\"x509\":{\"clientCAFile\":\"/x\"}}}}$ ";
        assert_eq!(
            decode(&doc(t2)).unwrap().client_ca_file.unwrap().value,
            "/x"
        );
    }

    /// Both steps of the fast path, its items collected.
    fn fast(t: &str) -> Option<(Vec<Item<'_>>, Range<usize>)> {
        let (lead, found, plain) = fast_skim(t)?;
        let mut items = Vec::new();
        super::fast(t, lead, &found, &mut items)?;
        Some((items, plain))
    }

    /// Whenever the fast path accepts a text, the general path reads the same tree from it.
    fn same_as_slow(t: &str) {
        if let Some((f, _)) = fast(t) {
            let s = slow(&doc(t));
            assert_eq!(s.as_ref().ok(), Some(&f), "{t:?}");
        }
    }

    const PAYLOADS: &[&str] = &[
        "{\"kubeletconfig\":{\"authentication\":{\"x509\":{\"clientCAFile\":\"/a\",\"clientCAFile\":null,\"x\":[1,{\"clientCAFile\":2}]},\"x509\":{\"clientCAFile\":{\"a\":[1,-2.5e1]}},\"webhook\":{\"enabled\":-0,\"enabled\":1.0,\"enabled\":[true]},\"anonymous\":null,\"anonymous\":[{}],\"anonymous\":{},\"Anonymous\":{\"enabled\":true},\"anonymous\":{ \"enabled\" :\r\n\t\"yes\" }}}}",
        "{\"kubeletconfig\":{\"authentication\":[{\"x509\":{\"clientCAFile\":\"/a\"}}],\"authentication\":\"x\",\"authentication\":{},\"authentication\":{\"x509\":\"/b\",\"webhook\":{\"enabled\":false,\"cacheTTL\":\"1s\"}}}}",
        "{\"kubeletconfig\":{\"kind\":\"KubeletConfiguration\",\"maxPods\":110,\"authentication\":{\"x509\":{\"clientCAFile\":\"/etc/ca.crt\"},\"webhook\":{\"enabled\":true,\"cacheTTL\":\"2m0s\"},\"anonymous\":{\"enabled\":false}},\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"tls\":[\"a\",-1.5e3,null,{}]}}",
        "{\n  \"kubeletconfig\": {\n    \"staticPodPath\": \"/etc/kubernetes/manifests\",\n    \"authentication\": {\n      \"x509\": {\n        \"clientCAFile\": \"/etc/kubernetes/certs/ca.crt\"\n      },\n      \"anonymous\": {\n        \"enabled\": 0\n      }\n    },\n    \"featureGates\": {\"A\": true, \"B\": [[], [1, 2.0], {\"c\": \"d\"}]}\n  },\n  \"other\": \"x\"\n}\n",
    ];

    #[test]
    fn fast_path_matches_the_general_path() {
        for t in PAYLOADS {
            assert!(fast(t).is_some(), "{t}");
            same_as_slow(t);
        }
        let big = include_str!("../../benches/data/configz.json");
        assert!(fast(big).is_some());
        same_as_slow(big);
        assert_eq!(
            decode(&doc(big)).unwrap().client_ca_file.unwrap().value,
            "/etc/kubernetes/certs/ca.crt"
        );
    }

    #[test]
    fn many_relevant_entries_take_the_general_path() {
        let kinds = "\"kind\":\"K\",".repeat(9);
        let t = format!(
            "{{\"kubeletconfig\":{{{kinds}\"authentication\":{{\"x509\":{{\"clientCAFile\":\"/x\"}}}}}}}}"
        );
        assert!(fast(&t).is_none());
        let got = decode(&doc(&t)).unwrap();
        assert_eq!(
            got,
            finish(&doc(&t), slow(&doc(&t)).unwrap(), 0..0).unwrap()
        );
        assert_eq!(got.client_ca_file.unwrap().value, "/x");
        assert_eq!(got.diagnostics.len(), 9);
    }

    #[test]
    fn one_line_payload_locations() {
        // minified, inside a line of shell noise: the excerpt is the whole line
        for t in [
            "{\"kubeletconfig\":{\"kind\":\"K\",\"authentication\":{\"x509\":{\"clientCAFile\":\"/é/ca\"}}}}",
            "  \r\n{\"kubeletconfig\":{\"kind\":\"K\",\"authentication\":{\"x509\":{\"clientCAFile\":\"/é/ca\"}}}} $ x\r\n$ ",
            "\n\n{\"kubeletconfig\":{\"kind\":\"K\",\"authentication\":{\"x509\":{\"clientCAFile\":\"/é/ca\"}}}}",
        ] {
            let (items, plain) = fast(t).unwrap();
            let hinted = finish(&doc(t), items.clone(), plain).unwrap();
            let plain_search = finish(&doc(t), items, 0..0).unwrap();
            assert_eq!(hinted, plain_search, "{t:?}");
            let ca = hinted.client_ca_file.unwrap();
            let kind = &hinted.diagnostics[0].location.as_ref().unwrap();
            for l in [&ca.location, kind] {
                let line = t.split('\n').nth(l.line.unwrap() as usize - 1).unwrap();
                assert_eq!(l.excerpt.as_deref(), Some(line.trim_end_matches('\r')));
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, ..Default::default() })]
        #[test]
        fn fast_path_never_disagrees(
            which in 0usize..2,
            edits in proptest::collection::vec((0usize..400, proptest::sample::select(vec![
                "", "", "\"", "\\", ",", "}", "{", "]", "[", ":", " ", "\n", "\t", "0", "1", "-",
                ".", "e", "+", "E", "true", "null", "\"kind\":1,", "\"authentication\":", "\u{1}", "é", "\u{a0}",
            ])), 0..4),
        ) {
            let base = PAYLOADS.get(which).copied().unwrap_or("");
            let mut t: Vec<char> = base.chars().collect();
            for (pos, ins) in &edits {
                let p = pos % (t.len() + 1);
                if ins.is_empty() {
                    if p < t.len() {
                        t.remove(p);
                    }
                } else {
                    for (i, c) in ins.chars().enumerate() {
                        t.insert((p + i).min(t.len()), c);
                    }
                }
            }
            let t: String = t.into_iter().collect();
            same_as_slow(&t);
        }
    }

    #[test]
    fn no_payload_is_an_input_error() {
        let e = decode(&doc("hello\nworld")).unwrap_err();
        assert_eq!(
            e.message,
            "expected a `/configz` payload `{\"kubeletconfig\": {...}}`, found no JSON object"
        );
        assert_eq!(e.line, Some(1));
        let e = decode(&doc("{\"a\": 1}")).unwrap_err();
        assert!(
            e.message.contains("without the key `kubeletconfig`"),
            "{}",
            e.message
        );
        let e = decode(&doc("$ x\n{\"kubeletconfig\": {\"a\": }}")).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.starts_with("expected a `/configz` payload"));
    }
}
