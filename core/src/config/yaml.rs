//! YAML 1.1 as go-yaml v2 + sigs.k8s.io/yaml `YAMLToJSON` read it, built from saphyr-parser
//! events (spec B2, B7, B8, Z1, Z4).

use super::tree::{sort_keys, At, Ent, J, JN};
use crate::float::parse_f64;
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, StrInput, Tag};
use std::borrow::Cow;
use std::rc::Rc;

/// Deepest nesting accepted (go-yaml refuses excessive depth too).
const MAX_DEPTH: usize = 1000;
/// Most nodes produced by alias expansion while converting to JSON.
const MAX_EXPANSION: usize = 1_000_000;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum YV {
    Null,
    Bool(bool),
    /// Canonical decimal.
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Rc<YN>>),
    Map(Vec<YEnt>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YN {
    pub v: YV,
    pub at: At,
    /// A plain `<<` scalar (a merge key when used as a key).
    pub merge: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YEnt {
    pub id: KeyId,
    pub key: Rc<YN>,
    pub val: Rc<YN>,
}

/// Identity of a map key as go-yaml's `map[interface{}]interface{}` sees it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum KeyId {
    Str(String),
    Int(i128),
    Float(u64),
    Bool(bool),
    Null,
    Unhashable(usize),
}

impl KeyId {
    fn show(&self) -> String {
        match self {
            KeyId::Str(s) => s.clone(),
            KeyId::Int(i) => int_string(*i),
            KeyId::Float(b) => f64::from_bits(*b).to_string(),
            KeyId::Bool(b) => b.to_string(),
            KeyId::Null => "null".to_string(),
            KeyId::Unhashable(_) => "{...}".to_string(),
        }
    }
}

/// A key set twice in one mapping (a strict-decoding error: go-yaml's "already set in map").
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Dup {
    pub key: String,
    /// Where the later value is.
    pub at: At,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YErr {
    pub msg: String,
    pub at: At,
}

/// One decoded YAML document.
#[derive(Debug, Clone)]
pub(crate) struct YDoc {
    pub root: Rc<YN>,
    pub dups: Vec<Dup>,
    /// A `.inf`/`.nan` value: `json.Marshal` fails on it, so YAMLToJSON fails.
    pub nonfinite: Option<At>,
    /// Where the document starts.
    pub start: At,
}

/// The result of loading a config file's YAML.
#[derive(Debug, Clone)]
pub(crate) struct YamlOut {
    pub doc: YDoc,
    /// Start of the first ignored later document (B8).
    pub later_doc: Option<At>,
    /// Set when the first document was a kubeadm one and `doc` is its `KubeletConfiguration`.
    pub kubeadm: Option<Kubeadm>,
}

/// What kubeadm itself takes from its configuration for the kubelet (G4).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Kubeadm {
    /// Where the `KubeletConfiguration` document starts.
    pub at: At,
    /// `ClusterConfiguration.certificatesDir`, when set.
    pub certificates_dir: Option<String>,
    /// `nodeRegistration.kubeletExtraArgs` `client-ca-file` of an `InitConfiguration` or
    /// `JoinConfiguration` (map form, or v1beta4's `name`/`value` list; the last one counts):
    /// kubeadm writes it to `kubeadm-flags.env`, a flag that beats the config file.
    pub extra_client_ca: Option<(String, At)>,
    /// No `KubeletConfiguration` document: kubeadm's defaults alone.
    pub defaults_only: bool,
}

/// `n.key` of a mapping (the last one, as go-yaml's map keeps it).
fn child<'n>(n: &'n YN, key: &str) -> Option<&'n YN> {
    match &n.v {
        YV::Map(ents) => ents.iter().rev().find_map(|e| match &e.id {
            KeyId::Str(k) if k == key => Some(e.val.as_ref()),
            _ => None,
        }),
        _ => None,
    }
}

/// Reads what kubeadm takes for the kubelet from one kubeadm document into `k`.
fn kubeadm_doc(root: &YN, k: &mut Kubeadm) {
    if let Some(dir) = top_str(root, "certificatesDir").filter(|d| !d.is_empty()) {
        k.certificates_dir = Some(dir.to_string());
    }
    let Some(extra) = child(root, "nodeRegistration").and_then(|n| child(n, "kubeletExtraArgs"))
    else {
        return;
    };
    let str_of = |n: &YN| match &n.v {
        YV::Str(s) => Some(s.clone()),
        YV::Null => Some(String::new()),
        _ => None,
    };
    match &extra.v {
        YV::Map(_) => {
            if let Some(v) = child(extra, "client-ca-file") {
                if let Some(s) = str_of(v) {
                    k.extra_client_ca = Some((s, v.at));
                }
            }
        }
        YV::Seq(items) => {
            for item in items {
                if top_str(item, "name") == Some("client-ca-file") {
                    let v = child(item, "value");
                    let s = v.and_then(str_of).unwrap_or_default();
                    k.extra_client_ca = Some((s, v.map_or(item.at, |v| v.at)));
                }
            }
        }
        _ => {}
    }
}

fn at_of(doc: u32, span: &Span) -> At {
    At::lc(doc, span.start.line(), span.start.col())
}

fn scan_err(doc: u32, e: &ScanError) -> YErr {
    let m = e.marker();
    YErr {
        msg: format!("yaml: {}", e.info()),
        at: At::lc(doc, m.line(), m.col()),
    }
}

enum Frame {
    Seq {
        items: Vec<Rc<YN>>,
        anchor: usize,
        at: At,
    },
    Map {
        ents: Vec<YEnt>,
        pending: Option<Rc<YN>>,
        anchor: usize,
        at: At,
    },
}

struct Builder {
    doc: u32,
    stack: Vec<Frame>,
    /// The anchored nodes by anchor id (the parser's ids grow in document order; a node is added
    /// when it ends, so the vector is sorted but for nesting), sorted by id. A sorted vector
    /// rather than a `HashMap`: no hasher and no hash table code in the WASM module.
    anchors: Vec<(usize, Rc<YN>)>,
    root: Option<Rc<YN>>,
    dups: Vec<Dup>,
    nonfinite: Option<At>,
    unhashable: usize,
}

impl Builder {
    fn new(doc: u32) -> Self {
        Builder {
            doc,
            stack: Vec::new(),
            anchors: Vec::new(),
            root: None,
            dups: Vec::new(),
            nonfinite: None,
            unhashable: 0,
        }
    }

    fn key_id(&mut self, n: &YN) -> KeyId {
        match &n.v {
            YV::Str(s) => KeyId::Str(s.clone()),
            YV::Int(i) => KeyId::Int(*i),
            YV::Float(f) => KeyId::Float(f.to_bits()),
            YV::Bool(b) => KeyId::Bool(*b),
            YV::Null => KeyId::Null,
            YV::Seq(_) | YV::Map(_) => {
                self.unhashable += 1;
                KeyId::Unhashable(self.unhashable)
            }
        }
    }

    fn push_node(&mut self, n: Rc<YN>) -> Result<(), YErr> {
        let is_value = match self.stack.last() {
            None => true,
            Some(Frame::Seq { .. }) => true,
            Some(Frame::Map { pending, .. }) => pending.is_some(),
        };
        if is_value && self.nonfinite.is_none() {
            if let YV::Float(f) = n.v {
                if !f.is_finite() {
                    self.nonfinite = Some(n.at);
                }
            }
        }
        let id = match self.stack.last() {
            Some(Frame::Map {
                pending: Some(k), ..
            }) => {
                let k = Rc::clone(k);
                Some(self.key_id(&k))
            }
            _ => None,
        };
        let doc = self.doc;
        match self.stack.last_mut() {
            None => {
                self.root = Some(n);
                Ok(())
            }
            Some(Frame::Seq { items, .. }) => {
                items.push(n);
                Ok(())
            }
            Some(Frame::Map { ents, pending, .. }) => match (pending.take(), id) {
                (None, _) => {
                    *pending = Some(n);
                    Ok(())
                }
                (Some(k), Some(id)) => {
                    if k.merge {
                        merge_into(ents, &mut self.dups, &n, doc)
                    } else {
                        set_key(ents, &mut self.dups, id, k, n);
                        Ok(())
                    }
                }
                (Some(_), None) => Ok(()),
            },
        }
    }

    fn event(&mut self, ev: Event<'_>, span: &Span) -> Result<(), YErr> {
        let at = at_of(self.doc, span);
        match ev {
            Event::Scalar(value, style, anchor, tag) => {
                let merge = style == ScalarStyle::Plain && tag.is_none() && value == "<<";
                let v = resolve(&value, style, tag.as_deref()).map_err(|msg| YErr { msg, at })?;
                let n = Rc::new(YN { v, at, merge });
                if anchor != 0 {
                    self.anchor(anchor, &n);
                }
                self.push_node(n)
            }
            Event::Alias(id) => match self
                .anchors
                .binary_search_by_key(&id, |(a, _)| *a)
                .ok()
                .and_then(|i| self.anchors.get(i))
            {
                Some((_, n)) => {
                    let n = Rc::clone(n);
                    self.push_node(n)
                }
                None => Err(YErr {
                    msg: "yaml: unknown anchor referenced".to_string(),
                    at,
                }),
            },
            Event::SequenceStart(anchor, _) => {
                self.check_depth(at)?;
                self.stack.push(Frame::Seq {
                    items: Vec::new(),
                    anchor,
                    at,
                });
                Ok(())
            }
            Event::MappingStart(anchor, _) => {
                self.check_depth(at)?;
                self.stack.push(Frame::Map {
                    ents: Vec::new(),
                    pending: None,
                    anchor,
                    at,
                });
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (n, anchor) = match self.stack.pop() {
                    Some(Frame::Seq { items, anchor, at }) => (
                        YN {
                            v: YV::Seq(items),
                            at,
                            merge: false,
                        },
                        anchor,
                    ),
                    Some(Frame::Map {
                        ents, anchor, at, ..
                    }) => (
                        YN {
                            v: YV::Map(ents),
                            at,
                            merge: false,
                        },
                        anchor,
                    ),
                    None => return Ok(()),
                };
                let n = Rc::new(n);
                if anchor != 0 {
                    self.anchor(anchor, &n);
                }
                self.push_node(n)
            }
            _ => Ok(()),
        }
    }

    /// Records the node of anchor `id` (a later node with the same id replaces it).
    fn anchor(&mut self, id: usize, n: &Rc<YN>) {
        match self.anchors.binary_search_by_key(&id, |(a, _)| *a) {
            Ok(i) => {
                if let Some(slot) = self.anchors.get_mut(i) {
                    slot.1 = Rc::clone(n);
                }
            }
            Err(i) => self.anchors.insert(i, (id, Rc::clone(n))),
        }
    }

    fn check_depth(&self, at: At) -> Result<(), YErr> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YErr {
                msg: format!("yaml: exceeded max depth of {MAX_DEPTH}"),
                at,
            });
        }
        Ok(())
    }
}

fn set_key(ents: &mut Vec<YEnt>, dups: &mut Vec<Dup>, id: KeyId, key: Rc<YN>, val: Rc<YN>) {
    if let Some(e) = ents.iter_mut().find(|e| e.id == id) {
        dups.push(Dup {
            key: id.show(),
            at: val.at,
        });
        e.key = key;
        e.val = val;
    } else {
        ents.push(YEnt { id, key, val });
    }
}

/// go-yaml v2 merge keys: the merged mapping's keys are set in order (later keys override
/// earlier ones, and later explicit keys override merged ones); a sequence is merged from
/// its last element to its first.
fn merge_into(ents: &mut Vec<YEnt>, dups: &mut Vec<Dup>, n: &YN, doc: u32) -> Result<(), YErr> {
    let bad = || YErr {
        msg: "yaml: map merge requires map or sequence of maps as the value".to_string(),
        at: n.at,
    };
    let _ = doc;
    match &n.v {
        YV::Map(src) => {
            for e in src {
                set_key(
                    ents,
                    dups,
                    e.id.clone(),
                    Rc::clone(&e.key),
                    Rc::clone(&e.val),
                );
            }
            Ok(())
        }
        YV::Seq(items) => {
            for it in items.iter().rev() {
                match &it.v {
                    YV::Map(src) => {
                        for e in src {
                            set_key(
                                ents,
                                dups,
                                e.id.clone(),
                                Rc::clone(&e.key),
                                Rc::clone(&e.val),
                            );
                        }
                    }
                    _ => return Err(bad()),
                }
            }
            Ok(())
        }
        _ => Err(bad()),
    }
}

/// Resolves a scalar the way go-yaml v2 does (YAML 1.1 core types).
fn resolve(value: &str, style: ScalarStyle, tag: Option<&Tag>) -> Result<YV, String> {
    if let Some(t) = tag {
        if !t.is_yaml_core_schema() {
            return Ok(YV::Str(value.to_string()));
        }
        let r = resolve_plain(value);
        let ok = match t.suffix.as_str() {
            "null" => matches!(r, YV::Null),
            "bool" => matches!(r, YV::Bool(_)),
            "int" => matches!(r, YV::Int(_)),
            "float" => {
                if let YV::Int(i) = r {
                    return Ok(YV::Float(i as f64));
                }
                matches!(r, YV::Float(_))
            }
            _ => return Ok(YV::Str(value.to_string())),
        };
        if ok {
            return Ok(r);
        }
        return Err(format!(
            "yaml: cannot decode `{value}` as a `!!{}`",
            t.suffix
        ));
    }
    if style != ScalarStyle::Plain {
        return Ok(YV::Str(value.to_string()));
    }
    Ok(resolve_plain(value))
}

pub(crate) fn resolve_plain(s: &str) -> YV {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return YV::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return YV::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return YV::Bool(false)
        }
        ".nan" | ".NaN" | ".NAN" => return YV::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return YV::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return YV::Float(f64::NEG_INFINITY),
        _ => {}
    }
    let first = s.as_bytes().first().copied().unwrap_or(b' ');
    if first == b'.' {
        if let Some(f) = parse_f64(s) {
            if go_float_syntax(s) {
                return YV::Float(f);
            }
        }
        return YV::Str(s.to_string());
    }
    if first == b'+' || first == b'-' || first.is_ascii_digit() {
        let plain: String = s.chars().filter(|&c| c != '_').collect();
        if let Some(i) = go_parse_int(&plain) {
            return YV::Int(i);
        }
        if yaml_style_float(&plain) {
            if let Some(f) = parse_f64(&plain) {
                return YV::Float(f);
            }
        }
        let (neg, rest) = match plain.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, plain.as_str()),
        };
        if let Some(bin) = rest.strip_prefix("0b") {
            if !bin.is_empty() && !bin.starts_with(['+', '-']) {
                if let Ok(v) = i128::from_str_radix(bin, 2) {
                    if v <= i128::from(i64::MAX) + i128::from(neg) {
                        return YV::Int(if neg { -v } else { v });
                    }
                }
            }
        }
    }
    YV::Str(s.to_string())
}

/// Go `strconv.ParseFloat` accepts these for a `.`-leading scalar: `.5`, `.5e3`.
fn go_float_syntax(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+') | Some(b'-')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let st = *i;
        while b.get(*i).is_some_and(|c| c.is_ascii_digit()) {
            *i += 1;
        }
        *i - st
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e') | Some(b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+') | Some(b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// `i.to_string()`, without the 128-bit integer formatting (about 1.3 KB of WASM code): the
/// integers scalars resolve to lie in `i64::MIN..=u64::MAX` (see [`go_parse_int`]), and the
/// others take a digit loop over 32-bit limbs.
fn int_string(i: i128) -> String {
    if let Ok(u) = u64::try_from(i) {
        return u.to_string();
    }
    if let Ok(s) = i64::try_from(i) {
        return s.to_string();
    }
    let n = i.unsigned_abs();
    let mut limbs = [
        (n >> 96) as u32,
        (n >> 64) as u32,
        (n >> 32) as u32,
        n as u32,
    ];
    let mut digits = Vec::new();
    while limbs.iter().any(|&l| l != 0) {
        let mut rem = 0u64;
        for l in limbs.iter_mut() {
            let cur = (rem << 32) | u64::from(*l);
            *l = (cur / 10) as u32;
            rem = cur % 10;
        }
        digits.push(b'0' + rem as u8);
    }
    if i < 0 {
        digits.push(b'-');
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

/// Go `strconv.ParseInt(s, 0, 64)`, then `ParseUint(s, 0, 64)`.
fn go_parse_int(s: &str) -> Option<i128> {
    let (neg, signed, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, true, s.get(1..)?),
        Some(b'+') => (false, true, s.get(1..)?),
        _ => (false, false, s),
    };
    let lower = rest.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower.get(1..)?)
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = u128::from_str_radix(digits, radix).ok()?;
    let v = i128::try_from(v).ok()?;
    if neg {
        if v <= i128::from(i64::MAX) + 1 {
            return Some(-v);
        }
        return None;
    }
    if v <= i128::from(i64::MAX) || (!signed && v <= i128::from(u64::MAX)) {
        return Some(v);
    }
    None
}

struct Loader<'a> {
    parser: Parser<'a, StrInput<'a>>,
    doc: u32,
}

impl<'a> Loader<'a> {
    /// Reads the next document; `None` at the end of the stream.
    fn next_doc(&mut self) -> Result<Option<YDoc>, YErr> {
        let mut b = Builder::new(self.doc);
        let mut start: Option<At> = None;
        loop {
            let (ev, span) = match self.parser.next_event() {
                None => return Ok(None),
                Some(Err(e)) => return Err(scan_err(self.doc, &e)),
                Some(Ok(x)) => x,
            };
            match ev {
                Event::StreamStart | Event::Nothing => {}
                Event::StreamEnd => {
                    if start.is_none() {
                        return Ok(None);
                    }
                    break;
                }
                Event::DocumentStart(_) => start = Some(at_of(self.doc, &span)),
                Event::DocumentEnd => break,
                other => b.event(other, &span)?,
            }
        }
        let start = start.unwrap_or_default();
        let root = b.root.unwrap_or_else(|| {
            Rc::new(YN {
                v: YV::Null,
                at: start,
                merge: false,
            })
        });
        Ok(Some(YDoc {
            root,
            dups: b.dups,
            nonfinite: b.nonfinite,
            start,
        }))
    }
}

const KUBEADM_KINDS: [&str; 5] = [
    "InitConfiguration",
    "ClusterConfiguration",
    "JoinConfiguration",
    "UpgradeConfiguration",
    "ResetConfiguration",
];

fn top_str<'n>(n: &'n YN, key: &str) -> Option<&'n str> {
    match &n.v {
        YV::Map(ents) => ents.iter().rev().find_map(|e| match (&e.id, &e.val.v) {
            (KeyId::Str(k), YV::Str(v)) if k == key => Some(v.as_str()),
            _ => None,
        }),
        _ => None,
    }
}

fn is_kubeadm(n: &YN) -> bool {
    top_str(n, "apiVersion").is_some_and(|v| v.starts_with("kubeadm.k8s.io/"))
        || top_str(n, "kind").is_some_and(|k| KUBEADM_KINDS.contains(&k))
}

/// Loads the first document (B8); from a kubeadm multi-document file, its
/// `KubeletConfiguration` document instead (`pick_kubeadm`).
pub(crate) fn load(text: &str, doc: u32, pick_kubeadm: bool) -> Result<YamlOut, YErr> {
    let mut l = Loader {
        parser: Parser::new_from_str(text),
        doc,
    };
    let first = match l.next_doc()? {
        Some(d) => d,
        None => YDoc {
            root: Rc::new(YN {
                v: YV::Null,
                at: At::lc(doc, 1, 0),
                merge: false,
            }),
            dups: Vec::new(),
            nonfinite: None,
            start: At::lc(doc, 1, 0),
        },
    };
    if pick_kubeadm && is_kubeadm(&first.root) {
        let mut info = Kubeadm {
            at: first.start,
            certificates_dir: None,
            extra_client_ca: None,
            defaults_only: false,
        };
        kubeadm_doc(&first.root, &mut info);
        let mut kubelet: Option<YDoc> = None;
        while let Some(d) = l.next_doc()? {
            if top_str(&d.root, "kind") == Some("KubeletConfiguration") {
                if kubelet.is_none() {
                    info.at = d.start;
                    kubelet = Some(d);
                }
            } else if is_kubeadm(&d.root) {
                kubeadm_doc(&d.root, &mut info);
            }
        }
        // Without a `KubeletConfiguration` document kubeadm writes its defaults: an empty one.
        let doc = kubelet.unwrap_or_else(|| {
            info.defaults_only = true;
            let at = first.start;
            let node = |v: YV| {
                Rc::new(YN {
                    v,
                    at,
                    merge: false,
                })
            };
            let ent = |k: &str, v: &str| YEnt {
                id: KeyId::Str(k.to_string()),
                key: node(YV::Str(k.to_string())),
                val: node(YV::Str(v.to_string())),
            };
            YDoc {
                root: node(YV::Map(vec![
                    ent("apiVersion", "kubelet.config.k8s.io/v1beta1"),
                    ent("kind", "KubeletConfiguration"),
                ])),
                dups: Vec::new(),
                nonfinite: None,
                start: at,
            }
        });
        return Ok(YamlOut {
            doc,
            later_doc: None,
            kubeadm: Some(info),
        });
    }
    // Later documents are never read by go-yaml; peek only to say they are ignored.
    let later_doc = match l.parser.next_event() {
        Some(Ok((Event::DocumentStart(_), span))) => Some(at_of(doc, &span)),
        _ => None,
    };
    Ok(YamlOut {
        doc: first,
        later_doc,
        kubeadm: None,
    })
}

/// What to keep while converting to JSON.
#[derive(Clone, Copy)]
pub(crate) enum Keep<'k> {
    All,
    /// At the top level, keep values only for keys `relevant` accepts (names are all kept).
    Top(&'k dyn Fn(&str) -> bool),
}

/// sigs.k8s.io/yaml `YAMLToJSON`: keys become strings (ints, bools, floats formatted), the
/// last duplicate wins, and keys come out in byte order (Go `json.Marshal` of a map).
pub(crate) fn to_json(d: &YDoc, keep: Keep<'_>) -> Result<JN<'static>, YErr> {
    if let Some(at) = d.nonfinite {
        return Err(YErr {
            msg: "json: unsupported value: a `.inf` or `.nan` float".to_string(),
            at,
        });
    }
    let mut budget = MAX_EXPANSION;
    conv(&d.root, keep, &mut budget)
}

fn conv(n: &YN, keep: Keep<'_>, budget: &mut usize) -> Result<JN<'static>, YErr> {
    if *budget == 0 {
        return Err(YErr {
            msg: "yaml: document contains excessive aliasing".to_string(),
            at: n.at,
        });
    }
    *budget -= 1;
    let v = match &n.v {
        YV::Null => J::Null,
        YV::Bool(b) => J::Bool(*b),
        YV::Int(i) => J::Num(int_string(*i)),
        YV::Float(f) => J::Num(f.to_string()),
        YV::Str(s) => J::Str(Cow::Owned(s.clone())),
        YV::Seq(items) => {
            let mut out = Vec::with_capacity(items.len());
            for it in items {
                out.push(conv(it, Keep::All, budget)?);
            }
            J::Arr(out)
        }
        YV::Map(ents) => {
            let mut out: Vec<Ent<'static>> = Vec::with_capacity(ents.len());
            for e in ents {
                let key: Cow<'_, str> = match &e.id {
                    KeyId::Str(s) => Cow::Borrowed(s.as_str()),
                    KeyId::Int(i) => Cow::Owned(int_string(*i)),
                    KeyId::Bool(b) => Cow::Owned(b.to_string()),
                    KeyId::Float(f) => Cow::Owned(format_key_float(f64::from_bits(*f))),
                    KeyId::Null | KeyId::Unhashable(_) => {
                        return Err(YErr {
                            msg: format!(
                                "yaml: unsupported map key of type {}",
                                if e.id == KeyId::Null {
                                    "null"
                                } else {
                                    "map or sequence"
                                }
                            ),
                            at: e.key.at,
                        })
                    }
                };
                let val = match keep {
                    Keep::Top(f) if !f(&key) => JN::new(J::Skipped, e.val.at),
                    _ => conv(&e.val, Keep::All, budget)?,
                };
                let ent = Ent {
                    key: Cow::Owned(key.into_owned()),
                    key_at: e.key.at,
                    val,
                };
                if let Some(x) = out.iter_mut().find(|x| x.key == ent.key) {
                    *x = ent;
                } else {
                    out.push(ent);
                }
            }
            sort_keys(&mut out);
            J::Obj(out)
        }
    };
    Ok(JN::new(v, n.at))
}

fn format_key_float(f: f64) -> String {
    if f.is_nan() {
        ".nan".to_string()
    } else if f == f64::INFINITY {
        ".inf".to_string()
    } else if f == f64::NEG_INFINITY {
        "-.inf".to_string()
    } else {
        (f as f32).to_string()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn top(text: &str) -> Result<JN<'static>, String> {
        let out = load(text, 0, true).map_err(|e| e.msg)?;
        to_json(&out.doc, Keep::All).map_err(|e| e.msg)
    }

    fn scalar(s: &str) -> Result<J<'static>, String> {
        match top(&format!("k: {s}\n"))?.v {
            J::Obj(o) => Ok(o.into_iter().next().map(|e| e.val.v).unwrap()),
            other => Ok(other),
        }
    }

    #[test]
    fn yaml11_scalars() {
        let ok = |s: &str| scalar(s).unwrap();
        assert_eq!(ok("yes"), J::Bool(true));
        assert_eq!(ok("Off"), J::Bool(false));
        assert_eq!(ok("y"), J::Bool(true));
        assert_eq!(ok("yEs"), J::Str("yEs".into()));
        assert_eq!(ok("~"), J::Null);
        assert_eq!(ok(""), J::Null);
        assert_eq!(ok("NULL"), J::Null);
        assert_eq!(ok("0x1F"), J::Num("31".into()));
        assert_eq!(ok("0777"), J::Num("511".into()));
        assert_eq!(ok("1_000"), J::Num("1000".into()));
        assert_eq!(ok("0b101"), J::Num("5".into()));
        assert_eq!(ok("1.5"), J::Num("1.5".into()));
        assert_eq!(ok("2024-01-01"), J::Str("2024-01-01".into()));
        assert_eq!(ok("\"yes\""), J::Str("yes".into()));
        assert_eq!(ok("!!str 123"), J::Str("123".into()));
        assert_eq!(ok("/etc/ca.crt"), J::Str("/etc/ca.crt".into()));
        assert_eq!(ok("08"), J::Num("8".into()));
        assert_eq!(ok("|\n  /x\n"), J::Str("/x\n".into()));
        assert!(scalar(".inf").is_err());
        assert!(scalar("!!int abc").is_err());
    }

    #[test]
    fn duplicates_last_wins_and_recorded() {
        let out = load("a:\n  p: 1\na:\n  q: 2\n", 0, false).unwrap();
        assert_eq!(out.doc.dups.len(), 1);
        assert_eq!(out.doc.dups[0].at.line, 4);
        let s = format!("{:?}", to_json(&out.doc, Keep::All).unwrap());
        assert!(s.contains("\"q\"") && !s.contains("\"p\""), "{s}");
    }

    #[test]
    fn merge_keys_and_aliases() {
        let s = format!(
            "{:?}",
            top("base: &b\n  x: 1\n  y: 2\nm:\n  <<: *b\n  y: 3\nz: *b\n").unwrap()
        );
        assert!(s.contains("Num(\"3\")"), "{s}");
        assert!(top("m:\n  <<: 5\n").is_err());
        assert!(top("? [a]\n: 1\n").is_err());
        assert!(top("~: 1\n").is_err());
    }

    #[test]
    fn int_string_is_to_string() {
        for i in [
            0,
            1,
            -1,
            9,
            10,
            i128::from(i64::MIN),
            i128::from(i64::MAX),
            i128::from(u64::MAX),
            i128::from(u64::MAX) + 1,
            i128::from(i64::MIN) - 1,
            i128::MAX,
            i128::MIN,
            i128::MIN + 1,
            (1i128 << 96) + 12345,
        ] {
            assert_eq!(int_string(i), i.to_string());
        }
    }

    #[test]
    fn nested_and_reused_anchors() {
        // inner anchors end (are recorded) before the anchored mapping around them; a reused
        // anchor name refers to its latest node
        let j = top("m: &m\n  e: &n 3\n  f: *n\na: &x 1\nb: &x 2\nc: *x\ng: *m\nh: *n\n").unwrap();
        let get = |k: &str| {
            let e = j.obj().unwrap().iter().find(|e| e.key == k).unwrap();
            format!("{:?}", e.val.v)
        };
        assert_eq!(get("g"), get("m"));
        assert!(get("m").contains("Num(\"3\")"), "{}", get("m"));
        assert_eq!(get("c"), "Num(\"2\")");
        assert_eq!(get("h"), "Num(\"3\")");
        assert!(top("a: *nope\n").is_err());
    }

    #[test]
    fn keys_are_sorted_and_stringified() {
        let j = top("b: 1\n1: x\nyes: 2\nA: 3\n").unwrap();
        let keys: Vec<_> = j.obj().unwrap().iter().map(|e| e.key.clone()).collect();
        assert_eq!(keys, vec!["1", "A", "b", "true"]);
    }

    #[test]
    fn tabs_are_fatal() {
        assert!(load("a:\n\tb: 1\n", 0, false).is_err());
        assert!(load("a: /x\t# c\n", 0, false).is_ok());
    }

    #[test]
    fn first_document_only_and_kubeadm() {
        let out = load("a: 1\n---\nb: 2\n", 0, false).unwrap();
        assert!(out.later_doc.is_some());
        let text = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\n---\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nx: 1\n";
        let out = load(text, 0, true).unwrap();
        assert_eq!(out.kubeadm.map(|k| k.at.line), Some(3));
        // without a `KubeletConfiguration` document: kubeadm's defaults (an empty one)
        let out = load("kind: ClusterConfiguration\n", 0, true).unwrap();
        assert!(out.kubeadm.is_some_and(|k| k.defaults_only));
        // read as the kubelet reads it: the first document
        let out = load(text, 0, false).unwrap();
        assert!(out.kubeadm.is_none() && out.later_doc.is_some());
    }

    #[test]
    fn deep_nesting_is_refused_not_crashing() {
        let t = "[".repeat(5000);
        assert!(load(&t, 0, false).is_err());
    }
}
