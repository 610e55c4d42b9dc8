//! `/configz` payloads (spec D1, D2; T58-T60), also inside pasted shell noise: a prompt, the
//! curl command, curl's progress meter, a trailing prompt, jq pretty-printing.

use super::eval::location;
use super::json::{json_err, Ctx, ValueSeed};
use super::skim;
use super::tree::{At, Ent, J, JN};
use super::{Configz, Doc, Valued};
use crate::codes;
use crate::model::{Diagnostic, InputError, Severity};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

const KEY: &str = "kubeletconfig";
/// `what` of the `clientCAFile` value (the match below requires exactly these keys).
const CA_WHAT: &str = "key `kubeletconfig.authentication.x509.clientCAFile`";
const PAYLOAD: &str = "expected a `/configz` payload `{\"kubeletconfig\": {...}}`";

/// The outer object: finds `kubeletconfig` and decodes its value with the inner seed.
struct Outer<'c, 'de>(&'c Ctx<'de>);

impl<'de> DeserializeSeed<'de> for Outer<'_, 'de> {
    type Value = Option<JN>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<JN>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Outer<'_, 'de> {
    type Value = Option<JN>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<JN>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<JN>, A::Error> {
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

/// The `kubeletconfig` object: only `authentication`, `kind` and `apiVersion` are built; the
/// other keys are matched without allocating and skipped.
struct Inner<'c, 'de>(&'c Ctx<'de>);

impl<'de> DeserializeSeed<'de> for Inner<'_, 'de> {
    type Value = JN;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<JN, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Inner<'_, 'de> {
    type Value = JN;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<JN, E> {
        Ok(JN::new(J::Bool(v), self.0.at(0)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<JN, E> {
        Ok(JN::new(J::Num(v.to_string()), self.0.at(0)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<JN, E> {
        Ok(JN::new(J::Num(v.to_string()), self.0.at(0)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<JN, E> {
        Ok(JN::new(J::Num(v.to_string()), self.0.at(0)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<JN, E> {
        Ok(JN::new(J::Str(v.to_string()), self.0.at(0)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<JN, E> {
        Ok(JN::new(J::Null, self.0.at(0)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JN, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(JN::new(J::Arr(Vec::new()), self.0.at(0)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JN, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<InnerKey>()? {
            let name = match k {
                InnerKey::Authentication => "authentication",
                InnerKey::Kind => "kind",
                InnerKey::ApiVersion => "apiVersion",
                InnerKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            let val = map.next_value_seed(ValueSeed {
                ctx: self.0,
                at: self.0.at(0),
            })?;
            out.push(Ent {
                key: name.to_string(),
                key_at: val.at,
                val,
            });
        }
        Ok(JN::new(J::Obj(out), self.0.at(0)))
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
    match fast(doc.text) {
        Some(inner) => finish(doc, &inner),
        None => finish(doc, &slow(doc)?),
    }
}

/// The fast path: the text is the payload (it starts with `{`), one skimming pass finds the
/// relevant entries and only their values are decoded by serde_json. `None` when the text
/// needs the general path (shell noise, escapes, errors, odd shapes): that path then decides
/// exactly as if this one did not exist.
fn fast(text: &str) -> Option<JN> {
    let lead = text.len() - text.trim_start().len();
    let slice = text.get(lead..)?;
    if !slice.starts_with('{') {
        return None;
    }
    let found = skim::configz(slice)?;
    let ctx = Ctx::new(slice, lead, 0);
    let mut out = Vec::with_capacity(found.len());
    for e in found {
        let mut de = serde_json::Deserializer::from_str(slice.get(e.start..e.end)?);
        let val = ValueSeed {
            ctx: &ctx,
            at: ctx.at(0),
        }
        .deserialize(&mut de)
        .ok()?;
        out.push(Ent {
            key: e.rel.name().to_string(),
            key_at: val.at,
            val,
        });
    }
    Some(JN::new(J::Obj(out), ctx.at(0)))
}

/// The general path: the text itself, then every object in it that may be the payload.
fn slow(doc: &Doc<'_>) -> Result<JN, InputError> {
    let text = doc.text;
    let mut first_err: Option<(String, At)> = None;
    let mut object_without_key: Option<At> = None;
    let mut inner: Option<JN> = None;
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
    Ok(inner)
}

/// The decoded `kubeletconfig` value → the outcome.
fn finish(doc: &Doc<'_>, inner: &JN) -> Result<Configz, InputError> {
    let ents = match &inner.v {
        J::Obj(e) => e,
        other => {
            return Err(input_error(
                doc,
                format!(
                    "expected `{KEY}` to be an object, found {} `{}`",
                    other.type_name(),
                    other.show()
                ),
                inner.at,
            ))
        }
    };
    let mut out = Configz::default();
    let warn = |out: &mut Configz, msg: String, at: At| {
        out.diagnostics.push(
            Diagnostic::new(codes::CONFIG_DECODE_ERROR, Severity::Warning, msg)
                .at(location(doc, at))
                .rules(&["D2"]),
        );
    };
    for e in ents {
        match (e.key.as_str(), &e.val.v) {
            ("kind", J::Str(k)) if k != "KubeletConfiguration" => warn(
                &mut out,
                format!("expected `kind` `KubeletConfiguration` in `{KEY}`, found `{k}`"),
                e.val.at,
            ),
            ("apiVersion", J::Str(a)) if a != "kubelet.config.k8s.io/v1beta1" => warn(
                &mut out,
                format!(
                    "expected `apiVersion` `kubelet.config.k8s.io/v1beta1` in `{KEY}`, found `{a}`"
                ),
                e.val.at,
            ),
            ("authentication", J::Obj(auth)) => {
                for a in auth {
                    let Some(fields) = a.val.obj() else { continue };
                    for f in fields {
                        let path = || format!("{KEY}.authentication.{}.{}", a.key, f.key);
                        match (a.key.as_str(), f.key.as_str(), &f.val.v) {
                            ("x509", "clientCAFile", J::Str(s)) => {
                                out.client_ca_file = if s.is_empty() {
                                    None
                                } else {
                                    Some(Valued {
                                        value: s.clone(),
                                        what: CA_WHAT.to_string(),
                                        location: location(doc, f.val.at),
                                    })
                                };
                            }
                            ("anonymous", "enabled", J::Bool(b)) => {
                                out.anonymous_enabled = Some(*b)
                            }
                            ("webhook", "enabled", J::Bool(b)) => out.webhook_enabled = Some(*b),
                            ("x509", "clientCAFile", v)
                            | ("anonymous", "enabled", v)
                            | ("webhook", "enabled", v)
                                if *v != J::Null =>
                            {
                                warn(
                                    &mut out,
                                    format!(
                                        "expected {} for `{}`, found {} `{}`",
                                        path(),
                                        if f.key == "enabled" {
                                            "a bool"
                                        } else {
                                            "a string"
                                        },
                                        v.type_name(),
                                        v.show()
                                    ),
                                    f.val.at,
                                )
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
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

    /// Whenever the fast path accepts a text, the general path reads the same tree from it.
    fn same_as_slow(t: &str) {
        if let Some(f) = fast(t) {
            let s = slow(&doc(t));
            assert_eq!(s.as_ref().ok(), Some(&f), "{t:?}");
        }
    }

    const PAYLOADS: &[&str] = &[
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
