//! Go `encoding/json` decoding of the modelled fields into the kubelet's struct, RFC 7386 merge
//! patch as evanphx/json-patch does it, and Go duration syntax (spec B5-B9, C7-C10, Z2, Z4).

use super::tree::{fold_eq, sort_keys, At, Ent, J, JN};
use std::borrow::Cow;

/// A synthetic position (values the kubelet made up: defaults, the marshalled base).
pub(crate) const NOWHERE: At = At {
    doc: u32::MAX,
    off: 0,
    line: 0,
    col: 0,
};

/// `clientCAFile` as decoded, with where it was written and under which key path.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CaVal {
    pub value: String,
    pub at: At,
    pub what: Cow<'static, str>,
}

/// The modelled slice of the kubelet configuration.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Cfg {
    pub ca: Option<CaVal>,
    /// `None` = nil pointer (the default applies).
    pub anon: Option<bool>,
    pub anon_at: Option<At>,
    pub webhook: Option<bool>,
    pub webhook_at: Option<At>,
    pub mode: Option<Cow<'static, str>>,
}

impl Cfg {
    /// v1beta1 `SetDefaults_KubeletConfiguration` for the modelled fields (B9).
    pub fn set_defaults(&mut self) {
        if self.anon.is_none() {
            self.anon = Some(false);
        }
        if self.webhook.is_none() {
            self.webhook = Some(true);
        }
        if self.mode.as_deref().unwrap_or("").is_empty() {
            self.mode = Some(Cow::Borrowed("Webhook"));
        }
    }

    /// Flags-only starting point: v1beta1 defaults, then the legacy flag defaults (B9, C11).
    pub fn flags_only() -> Cfg {
        Cfg {
            ca: None,
            anon: Some(true),
            anon_at: None,
            webhook: Some(false),
            webhook_at: None,
            mode: Some(Cow::Borrowed("AlwaysAllow")),
        }
    }

    pub fn ca_str(&self) -> &str {
        self.ca.as_ref().map(|c| c.value.as_str()).unwrap_or("")
    }
}

/// How to decode.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Opts {
    /// Go encoding/json (case-insensitive) rather than sigs.k8s.io/json (case-sensitive).
    pub insensitive: bool,
    /// `enabled` fields are `*bool` (v1beta1: null sets nil) rather than `bool` (internal).
    pub bool_ptr: bool,
}

/// A fatal decoding error.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GoErr {
    pub msg: String,
    pub at: At,
}

/// One assignment of `clientCAFile` met while decoding (`None` = null).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Assign {
    pub value: Option<String>,
    pub at: At,
    pub what: Cow<'static, str>,
}

fn type_err(expected: &str, path: &str, n: &JN<'_>) -> GoErr {
    GoErr {
        msg: format!(
            "expected {expected} for `{path}`, found {} `{}`",
            article(n.v.type_name()),
            n.v.show()
        ),
        at: n.at,
    }
}

fn article(t: &str) -> String {
    match t {
        "object" | "array" => format!("an {t}"),
        "null" => "null:".to_string(),
        _ => format!("a {t}"),
    }
}

/// The entries of `n` that match `names` (exact match first, then Go's case folding when
/// `insensitive`), in document order, with the index of the matched name.
/// The entries of object `n` that decode into one of `names` (index into `names`), in order;
/// null (and skipped) decodes as no entries, anything else is a type error.
fn fields<'a, 'j, 'n>(
    n: &'a JN<'j>,
    path: &KeyPath<'_>,
    names: &'n [&'n str],
    o: Opts,
) -> Result<impl Iterator<Item = (usize, &'a Ent<'j>)> + use<'a, 'j, 'n>, GoErr> {
    let ents: &'a [Ent<'j>] = match &n.v {
        J::Null | J::Skipped => &[],
        J::Obj(ents) => ents,
        _ => {
            let path = path.render();
            return Err(type_err(
                "an object",
                if path.is_empty() {
                    "the document"
                } else {
                    &path
                },
                n,
            ));
        }
    };
    Ok(ents.iter().filter_map(move |e| {
        names
            .iter()
            .position(|nm| *nm == e.key)
            .or_else(|| {
                if o.insensitive {
                    names.iter().position(|nm| fold_eq(nm, &e.key))
                } else {
                    None
                }
            })
            .map(|i| (i, e))
    }))
}

/// A key path as written (`authentication.x509`), joined into text only when needed.
#[derive(Debug, Clone, Copy)]
struct KeyPath<'p> {
    parent: Option<&'p KeyPath<'p>>,
    key: &'p str,
}

impl<'p> KeyPath<'p> {
    /// The document itself (renders as an empty path).
    const ROOT: KeyPath<'static> = KeyPath {
        parent: None,
        key: "",
    };

    fn child(&'p self, key: &'p str) -> KeyPath<'p> {
        KeyPath {
            parent: Some(self),
            key,
        }
    }

    /// `a.b.c` (`join` of the keys).
    fn render(&self) -> String {
        match self.parent {
            None => self.key.to_string(),
            Some(p) => join(&p.render(), self.key),
        }
    }

    /// Whether the path is exactly `keys` (below the document).
    fn is(&self, keys: &[&str]) -> bool {
        match (self.parent, keys.split_last()) {
            (None, None) => self.key.is_empty(),
            (Some(p), Some((last, rest))) => self.key == *last && p.is(rest),
            _ => false,
        }
    }

    /// The rendered path as a `what`, without allocating for the canonical `clientCAFile`
    /// path.
    fn what(&self) -> Cow<'static, str> {
        if self.is(&["authentication", "x509", "clientCAFile"]) {
            Cow::Borrowed("authentication.x509.clientCAFile")
        } else {
            Cow::Owned(self.render())
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        let mut p = String::with_capacity(path.len() + 1 + key.len());
        p.push_str(path);
        p.push('.');
        p.push_str(key);
        p
    }
}

fn dec_bool(
    e: &Ent,
    path: &KeyPath<'_>,
    o: Opts,
    slot: &mut Option<bool>,
    at: &mut Option<At>,
) -> Result<(), GoErr> {
    match &e.val.v {
        J::Bool(b) => {
            *slot = Some(*b);
            *at = Some(e.val.at);
            Ok(())
        }
        J::Null => {
            if o.bool_ptr {
                *slot = None;
                *at = Some(e.val.at);
            }
            Ok(())
        }
        _ => Err(type_err(
            "a bool (`true` or `false`)",
            &path.child(&e.key).render(),
            &e.val,
        )),
    }
}

fn dec_duration(e: &Ent, path: &KeyPath<'_>) -> Result<(), GoErr> {
    match &e.val.v {
        J::Str(s) if parse_duration(s) => Ok(()),
        _ => Err(duration_err(e, &path.child(&e.key).render())),
    }
}

fn duration_err(e: &Ent, p: &str) -> GoErr {
    match &e.val.v {
        J::Str(s) => GoErr {
            msg: format!("expected a duration such as `2m0s` for `{p}`, found `{s}`"),
            at: e.val.at,
        },
        J::Null => GoErr {
            msg: format!("expected a duration such as `2m0s` for `{p}`, found null (`time: invalid duration \"\"`)"),
            at: e.val.at,
        },
        _ => type_err("a duration string", p, &e.val),
    }
}

/// Decodes `root` into `cfg` like Go would (into the existing value: objects merge, null is a
/// no-op except for pointers). Assignments to `clientCAFile` go to `hist`.
pub(crate) fn decode(
    root: &JN,
    cfg: &mut Cfg,
    o: Opts,
    mut hist: Option<&mut Vec<Assign>>,
) -> Result<(), GoErr> {
    let root_path = KeyPath::ROOT;
    for (i, e) in fields(
        root,
        &root_path,
        &["authentication", "authorization", "kind", "apiVersion"],
        o,
    )? {
        match i {
            0 => {
                let p = root_path.child(&e.key);
                for (j, a) in fields(&e.val, &p, &["x509", "webhook", "anonymous"], o)? {
                    let pa = p.child(&a.key);
                    match j {
                        0 => {
                            for (_, c) in fields(&a.val, &pa, &["clientCAFile"], o)? {
                                let pc = pa.child(&c.key);
                                match &c.val.v {
                                    J::Str(s) => {
                                        let what = pc.what();
                                        cfg.ca = Some(CaVal {
                                            value: s.to_string(),
                                            at: c.val.at,
                                            what: what.clone(),
                                        });
                                        if let Some(h) = hist.as_deref_mut() {
                                            h.push(Assign {
                                                value: Some(s.to_string()),
                                                at: c.val.at,
                                                what,
                                            });
                                        }
                                    }
                                    J::Null => {
                                        if let Some(h) = hist.as_deref_mut() {
                                            h.push(Assign {
                                                value: None,
                                                at: c.val.at,
                                                what: pc.what(),
                                            });
                                        }
                                    }
                                    _ => return Err(type_err("a string", &pc.render(), &c.val)),
                                }
                            }
                        }
                        1 => {
                            for (k, w) in fields(&a.val, &pa, &["enabled", "cacheTTL"], o)? {
                                if k == 0 {
                                    dec_bool(w, &pa, o, &mut cfg.webhook, &mut cfg.webhook_at)?;
                                } else {
                                    dec_duration(w, &pa)?;
                                }
                            }
                        }
                        _ => {
                            for (_, w) in fields(&a.val, &pa, &["enabled"], o)? {
                                dec_bool(w, &pa, o, &mut cfg.anon, &mut cfg.anon_at)?;
                            }
                        }
                    }
                }
            }
            1 => {
                let p = root_path.child(&e.key);
                for (j, a) in fields(&e.val, &p, &["mode", "webhook"], o)? {
                    let pa = p.child(&a.key);
                    if j == 0 {
                        match &a.val.v {
                            J::Str(s) => cfg.mode = Some(Cow::Owned(s.to_string())),
                            J::Null => {}
                            _ => return Err(type_err("a string", &pa.render(), &a.val)),
                        }
                    } else {
                        for (_, w) in fields(
                            &a.val,
                            &pa,
                            &["cacheAuthorizedTTL", "cacheUnauthorizedTTL"],
                            o,
                        )? {
                            dec_duration(w, &pa)?;
                        }
                    }
                }
            }
            _ => match &e.val.v {
                J::Str(_) | J::Null => {}
                _ => return Err(type_err("a string", &e.key, &e.val)),
            },
        }
    }
    Ok(())
}

/// Go `time.ParseDuration` syntax check.
pub(crate) fn parse_duration(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    if s == "0" {
        return true;
    }
    if s.is_empty() {
        return false;
    }
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b.get(i).copied().unwrap_or(0);
        if !(c == b'.' || c.is_ascii_digit()) {
            return false;
        }
        let st = i;
        while b.get(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        let pre = i > st;
        let mut post = false;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let st = i;
            while b.get(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
            post = i > st;
        }
        if !pre && !post {
            return false;
        }
        let st = i;
        while b.get(i).is_some_and(|&c| c != b'.' && !c.is_ascii_digit()) {
            i += 1;
        }
        let unit = s.get(st..i).unwrap_or("");
        if !matches!(
            unit,
            "ns" | "us" | "\u{b5}s" | "\u{3bc}s" | "ms" | "s" | "m" | "h"
        ) {
            return false;
        }
    }
    true
}

fn s(v: &str) -> JN<'static> {
    JN::new(J::Str(Cow::Owned(v.to_string())), NOWHERE)
}
fn b(v: bool) -> JN<'static> {
    JN::new(J::Bool(v), NOWHERE)
}
fn obj(mut ents: Vec<(&'static str, JN<'static>)>) -> JN<'static> {
    let mut out: Vec<Ent<'static>> = ents
        .drain(..)
        .map(|(k, v)| Ent {
            key: Cow::Borrowed(k),
            key_at: NOWHERE,
            val: v,
        })
        .collect();
    sort_keys(&mut out);
    JN::new(J::Obj(out), NOWHERE)
}

fn ca_node(cfg: &Cfg) -> JN<'static> {
    match &cfg.ca {
        Some(c) => JN::new(J::Str(Cow::Owned(c.value.clone())), c.at),
        None => s(""),
    }
}

/// `json.Marshal` of the v1beta1 config (the merge base from 1.32).
pub(crate) fn base_v1(cfg: &Cfg) -> JN<'static> {
    let mut x509 = Vec::new();
    if !cfg.ca_str().is_empty() {
        x509.push(("clientCAFile", ca_node(cfg)));
    }
    obj(vec![
        (
            "authentication",
            obj(vec![
                ("x509", obj(x509)),
                (
                    "webhook",
                    obj(vec![
                        ("enabled", b(cfg.webhook.unwrap_or(false))),
                        ("cacheTTL", s("2m0s")),
                    ]),
                ),
                (
                    "anonymous",
                    obj(vec![("enabled", b(cfg.anon.unwrap_or(false)))]),
                ),
            ]),
        ),
        (
            "authorization",
            obj(vec![
                ("mode", s(cfg.mode.as_deref().unwrap_or(""))),
                (
                    "webhook",
                    obj(vec![
                        ("cacheAuthorizedTTL", s("5m0s")),
                        ("cacheUnauthorizedTTL", s("30s")),
                    ]),
                ),
            ]),
        ),
    ])
}

/// `json.Marshal` of the untagged internal config (the merge base on 1.28-1.31).
pub(crate) fn base_internal(cfg: &Cfg) -> JN<'static> {
    obj(vec![
        (
            "Authentication",
            obj(vec![
                ("X509", obj(vec![("ClientCAFile", ca_node(cfg))])),
                (
                    "Webhook",
                    obj(vec![
                        ("Enabled", b(cfg.webhook.unwrap_or(false))),
                        ("CacheTTL", s("2m0s")),
                    ]),
                ),
                (
                    "Anonymous",
                    obj(vec![("Enabled", b(cfg.anon.unwrap_or(false)))]),
                ),
            ]),
        ),
        (
            "Authorization",
            obj(vec![
                ("Mode", s(cfg.mode.as_deref().unwrap_or(""))),
                (
                    "Webhook",
                    obj(vec![
                        ("CacheAuthorizedTTL", s("5m0s")),
                        ("CacheUnauthorizedTTL", s("30s")),
                    ]),
                ),
            ]),
        ),
    ])
}

/// Sorts every object's keys (`json.Marshal` of a Go map).
pub(crate) fn sort_deep(n: &mut JN<'_>) {
    match &mut n.v {
        J::Obj(ents) => {
            for e in ents.iter_mut() {
                sort_deep(&mut e.val);
            }
            sort_keys(ents);
        }
        J::Arr(items) => items.iter_mut().for_each(sort_deep),
        _ => {}
    }
}

fn prune_nulls(n: &mut JN<'_>) {
    match &mut n.v {
        J::Obj(ents) => {
            ents.retain(|e| e.val.v != J::Null);
            ents.iter_mut().for_each(|e| prune_nulls(&mut e.val));
        }
        J::Arr(items) => items.iter_mut().for_each(prune_nulls),
        _ => {}
    }
}

/// evanphx/json-patch `MergePatch` (RFC 7386) of `patch` onto the object `doc`.
pub(crate) fn merge_patch<'a>(doc: &mut JN<'a>, patch: &JN<'a>) {
    match (&mut doc.v, &patch.v) {
        (J::Obj(d), J::Obj(p)) => merge_docs(d, p),
        (_, J::Obj(_)) => {
            let mut p = patch.clone();
            prune_nulls(&mut p);
            *doc = p;
        }
        _ => *doc = patch.clone(),
    }
}

fn merge_docs<'a>(doc: &mut Vec<Ent<'a>>, patch: &[Ent<'a>]) {
    for p in patch {
        if p.val.v == J::Null {
            doc.retain(|e| e.key != p.key);
            continue;
        }
        match doc.iter_mut().find(|e| e.key == p.key) {
            Some(cur) if cur.val.v != J::Null => {
                merge_patch(&mut cur.val, &p.val);
                cur.key_at = p.key_at;
            }
            Some(cur) => {
                let mut v = p.val.clone();
                prune_nulls(&mut v);
                cur.val = v;
                cur.key_at = p.key_at;
            }
            None => {
                let mut v = p.val.clone();
                prune_nulls(&mut v);
                doc.push(Ent {
                    key: p.key.clone(),
                    key_at: p.key_at,
                    val: v,
                });
            }
        }
    }
    sort_keys(doc);
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn st(v: &str, at: u32) -> JN<'static> {
        JN::new(
            J::Str(Cow::Owned(v.to_string())),
            At {
                doc: 1,
                off: at,
                line: 0,
                col: 0,
            },
        )
    }
    fn ob(ents: Vec<(&str, JN<'static>)>) -> JN<'static> {
        JN::new(
            J::Obj(
                ents.into_iter()
                    .map(|(k, v)| Ent {
                        key: Cow::Owned(k.to_string()),
                        key_at: NOWHERE,
                        val: v,
                    })
                    .collect(),
            ),
            NOWHERE,
        )
    }
    const V1: Opts = Opts {
        insensitive: true,
        bool_ptr: true,
    };

    #[test]
    fn durations() {
        for ok in [
            "2m", "1h30m", "1.5s", "300ms", "-1s", "0", ".5s", "1us", "1\u{b5}s",
        ] {
            assert!(parse_duration(ok), "{ok}");
        }
        for bad in ["", "2x", "2", "m", "1.s.", "--1s", "."] {
            assert!(!parse_duration(bad), "{bad}");
        }
    }

    #[test]
    fn case_insensitive_last_in_byte_order_wins() {
        let base = Cfg {
            ca: Some(CaVal {
                value: "/etc/a.crt".into(),
                at: NOWHERE,
                what: Cow::Borrowed(""),
            }),
            ..Cfg::default()
        };
        let mut doc = base_v1(&base);
        let mut patch = ob(vec![(
            "authentication",
            ob(vec![(
                "x509",
                ob(vec![("clientCaFile", st("/etc/x.crt", 5))]),
            )]),
        )]);
        sort_deep(&mut patch);
        merge_patch(&mut doc, &patch);
        let mut cfg = Cfg::default();
        decode(&doc, &mut cfg, V1, None).unwrap();
        assert_eq!(cfg.ca_str(), "/etc/x.crt");
        // `ClientCAFile` sorts before `clientCAFile` and loses
        let mut doc = base_v1(&base);
        merge_patch(
            &mut doc,
            &ob(vec![(
                "authentication",
                ob(vec![(
                    "x509",
                    ob(vec![("ClientCAFile", st("/etc/x.crt", 5))]),
                )]),
            )]),
        );
        let mut cfg = Cfg::default();
        decode(&doc, &mut cfg, V1, None).unwrap();
        assert_eq!(cfg.ca_str(), "/etc/a.crt");
    }

    #[test]
    fn null_erases_in_v1_not_internal() {
        let base = Cfg {
            ca: Some(CaVal {
                value: "/etc/a.crt".into(),
                at: NOWHERE,
                what: Cow::Borrowed(""),
            }),
            ..Cfg::flags_only()
        };
        let patch = ob(vec![(
            "authentication",
            ob(vec![(
                "x509",
                ob(vec![("clientCAFile", JN::new(J::Null, NOWHERE))]),
            )]),
        )]);
        let mut doc = base_v1(&base);
        merge_patch(&mut doc, &patch);
        let mut cfg = Cfg::default();
        decode(&doc, &mut cfg, V1, None).unwrap();
        assert_eq!(cfg.ca_str(), "");
        let mut doc = base_internal(&base);
        merge_patch(&mut doc, &patch);
        let mut cfg = base.clone();
        decode(
            &doc,
            &mut cfg,
            Opts {
                insensitive: true,
                bool_ptr: false,
            },
            None,
        )
        .unwrap();
        assert_eq!(cfg.ca_str(), "/etc/a.crt");
    }

    #[test]
    fn type_errors() {
        let doc = ob(vec![(
            "authentication",
            ob(vec![(
                "x509",
                ob(vec![(
                    "clientCAFile",
                    JN::new(J::Num("123".into()), NOWHERE),
                )]),
            )]),
        )]);
        let e = decode(
            &doc,
            &mut Cfg::default(),
            Opts {
                insensitive: false,
                bool_ptr: true,
            },
            None,
        )
        .unwrap_err();
        assert_eq!(
            e.msg,
            "expected a string for `authentication.x509.clientCAFile`, found a number `123`"
        );
        let doc = ob(vec![("authentication", st("x", 0))]);
        assert!(decode(&doc, &mut Cfg::default(), V1, None).is_err());
    }
}
