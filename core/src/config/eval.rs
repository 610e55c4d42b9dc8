//! The config layer: main file, drop-ins, merge (spec B, C, Z1-Z4, Z6).
// A fatal `Diagnostic` is the cold path, built at most once per evaluation: boxing it buys nothing.
#![allow(clippy::result_large_err)]

use super::gojson::{self, Assign, CaVal, Cfg, GoErr, Opts, NOWHERE};
use super::json::{self, Ctx};
use super::paths;
use super::tree::{fold_eq, At, J, JN};
use super::yaml::{self, Keep};
use super::{ConfigOutcome, Doc, MergeMode, Valued};
use crate::codes;
use crate::model::{Diagnostic, Location, Severity};
use std::borrow::Cow;
use std::ops::Range;

const GROUP_VERSION: &str = "kubelet.config.k8s.io/v1beta1";
const KIND: &str = "KubeletConfiguration";
const FIELDS: &str = include_str!("../../data/v1beta1-fields.txt");
const CA_KEY: &str = "authentication.x509.clientCAFile";

/// Keys whose values the decoders keep (case variants included: Go matches them).
pub(crate) fn relevant(k: &str) -> bool {
    matches!(
        k,
        "kind" | "apiVersion" | "authentication" | "authorization"
    ) || ["kind", "apiVersion", "authentication", "authorization"]
        .iter()
        .any(|n| fold_eq(n, k))
}

fn known_top(k: &str) -> bool {
    k == "kind"
        || k == "apiVersion"
        || matches!(k, "authentication" | "authorization")
        || FIELDS.lines().any(|l| l.trim() == k)
}

fn known_top_fold(k: &str) -> Option<&'static str> {
    if fold_eq("kind", k) {
        return Some("kind");
    }
    if fold_eq("apiVersion", k) {
        return Some("apiVersion");
    }
    FIELDS
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && fold_eq(l, k))
}

/// The known children of the modelled structs (v1beta1 names).
fn children(path: &str) -> Option<&'static [&'static str]> {
    Some(match path {
        "authentication" => &["x509", "webhook", "anonymous"],
        "authentication.x509" => &["clientCAFile"],
        "authentication.webhook" => &["enabled", "cacheTTL"],
        "authentication.anonymous" => &["enabled"],
        "authorization" => &["mode", "webhook"],
        "authorization.webhook" => &["cacheAuthorizedTTL", "cacheUnauthorizedTTL"],
        _ => return None,
    })
}

/// How many `\n` bytes `b` holds (eight bytes at a time: this runs for every location).
fn newlines(b: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const LANES: u64 = 0x00ff_00ff_00ff_00ff;
    let mut n = 0;
    // blocks of 255 words: per-byte counters cannot overflow within one
    for block in b.chunks(8 * 255) {
        let mut words = block.chunks_exact(8);
        let mut acc = 0u64;
        for w in words.by_ref() {
            let x = w.first_chunk::<8>().map_or(0, |w| u64::from_le_bytes(*w)) ^ (ONES * 10);
            // the high bit of a byte is clear iff the byte is zero (exact, no carries across)
            acc += (!(((x & LOW7) + LOW7) | x) >> 7) & ONES;
        }
        // byte counters (<= 255) → 16-bit lanes (<= 510) → their sum (<= 2040)
        let pairs = (acc & LANES) + ((acc >> 8) & LANES);
        n += (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize;
        n += words.remainder().iter().filter(|&&c| c == b'\n').count();
    }
    n
}

/// Where the first `\n` of `b` is (sixteen bytes at a time: a minified JSON document is one
/// long line, quoted whole).
fn first_newline(b: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // the high bit of each `\n` byte; the lowest flag is exact
    let flags = |w: &[u8; 8]| {
        let x = u64::from_le_bytes(*w) ^ (ONES * 10);
        x.wrapping_sub(ONES) & !x & HIGH
    };
    let mut blocks = b.chunks_exact(16);
    let mut at = 0;
    for block in blocks.by_ref() {
        if let Some((lo, hi)) = block.split_first_chunk::<8>() {
            let (l, h) = (flags(lo), hi.first_chunk::<8>().map_or(0, flags));
            if l | h != 0 {
                let bit = if l != 0 {
                    l.trailing_zeros()
                } else {
                    64 + h.trailing_zeros()
                };
                return Some(at + (bit / 8) as usize);
            }
        }
        at += 16;
    }
    blocks
        .remainder()
        .iter()
        .position(|&c| c == b'\n')
        .map(|i| at + i)
}

/// Where the last `\n` of `b` is (eight bytes at a time, from the end).
fn last_newline(b: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = b.rchunks_exact(8);
    let mut end = b.len();
    for w in words.by_ref() {
        end -= 8;
        let x = w.first_chunk::<8>().map_or(0, |w| u64::from_le_bytes(*w)) ^ (ONES * 10);
        // exact per byte (no carries across bytes): the highest flag is the last `\n`
        let f = !(((x & LOW7) + LOW7) | x) & HIGH;
        if f != 0 {
            return Some(end + (63 - f.leading_zeros()) as usize / 8);
        }
    }
    words.remainder().iter().rposition(|&c| c == b'\n')
}

/// Builds a [`Location`] for a position in one of the documents.
pub(crate) fn location(doc: &Doc<'_>, at: At) -> Location {
    location_with(doc, at, 0..0)
}

/// [`location`], told that the byte range `plain` of the text holds no `\n` (a skimmed
/// one-line JSON payload): the search for the ends of the line skips it.
pub(crate) fn location_with(doc: &Doc<'_>, at: At, plain: Range<usize>) -> Location {
    let text = doc.text;
    let mut search_from = None;
    let (line, column, line_start) = if at.line > 0 {
        let start = if at.line == 1 {
            0
        } else {
            text.match_indices('\n')
                .nth(at.line as usize - 2)
                .map(|(i, _)| i + 1)
                .unwrap_or(text.len())
        };
        (at.line, at.col, start)
    } else {
        let mut off = (at.off as usize).min(text.len());
        while off > 0 && !text.is_char_boundary(off) {
            off -= 1;
        }
        let inside = plain.start <= off && off <= plain.end;
        let before = text.get(..off).unwrap_or("");
        let start = if inside {
            // no `\n` in `plain`: the line starts before it
            search_from = Some(plain.end);
            last_newline(text.as_bytes().get(..plain.start).unwrap_or(&[]))
        } else {
            last_newline(before.as_bytes())
        }
        .map(|i| i + 1)
        .unwrap_or(0);
        let line = newlines(before.get(..start).unwrap_or("").as_bytes()) + 1;
        let col = before.get(start..).map(|s| s.chars().count()).unwrap_or(0) + 1;
        (
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(col).unwrap_or(u32::MAX),
            start,
        )
    };
    // the line ends at the first `\n` from `from` on (none between its start and `from`)
    let from = search_from.unwrap_or(line_start).max(line_start);
    let end = text
        .get(from..)
        .and_then(|r| first_newline(r.as_bytes()))
        .map_or(text.len(), |i| from + i);
    let l = text.get(line_start..end).unwrap_or("");
    Location {
        artifact: Some(doc.artifact),
        source: Some(doc.name.to_string()),
        line: Some(line),
        column: Some(column),
        argv_index: None,
        excerpt: Some(l.strip_suffix('\r').unwrap_or(l).to_string()),
    }
}

/// A decoded document: the tree and the duplicate keys met (key, position).
struct Decoded<'a> {
    root: JN<'a>,
    dups: Vec<(String, At)>,
    /// A kubeadm configuration: what kubeadm takes from it for the kubelet.
    kubeadm: Option<yaml::Kubeadm>,
}

/// One drop-in after decoding, before merging.
struct Dropin<'a> {
    patch: JN<'a>,
    /// The GVK is exactly `kubelet.config.k8s.io/v1beta1, Kind=KubeletConfiguration`.
    gvk_ok: bool,
    api: String,
    kind: String,
    at: At,
}

/// kubeadm's default `certificatesDir`; its `authentication.x509.clientCAFile` default is
/// `certificatesDir`/ca.crt.
const KUBEADM_CERTIFICATES_DIR: &str = "/etc/kubernetes/pki";
/// The `what` of a client CA that is kubeadm's default (see [`KUBEADM_CERTIFICATES_DIR`]).
const KUBEADM_DEFAULT: &str = "authentication.x509.clientCAFile (kubeadm default)";
/// The `what` of a client CA from a kubeadm `kubeletExtraArgs` flag.
const KUBEADM_EXTRA_ARG: &str = "nodeRegistration.kubeletExtraArgs.client-ca-file";

struct Ev<'a, 'd> {
    /// A kubeadm configuration as the main file is read as kubeadm does (its
    /// `KubeletConfiguration` document, kubeadm's defaults); otherwise as the kubelet does (the
    /// first document only, B8).
    kubeadm: bool,
    /// A kubeadm configuration's `kubeletExtraArgs` `client-ca-file`: a flag, it beats the
    /// config file and its drop-ins.
    kubeadm_flag: Option<(String, At)>,
    /// Document 0: the main file (a placeholder when there is none).
    main: Doc<'a>,
    /// Documents 1..: the drop-ins.
    dropins: &'d [Doc<'a>],
    diags: Vec<Diagnostic>,
    derived: Vec<String>,
}

fn is_json(text: &str) -> bool {
    text.trim_start().starts_with('{')
}

fn dups_in(n: &JN<'_>, out: &mut Vec<(String, At)>) {
    match &n.v {
        J::Obj(ents) => {
            for (i, e) in ents.iter().enumerate() {
                if ents.iter().take(i).any(|p| p.key == e.key) {
                    out.push((e.key.to_string(), e.key_at));
                }
                dups_in(&e.val, out);
            }
        }
        J::Arr(items) => items.iter().for_each(|x| dups_in(x, out)),
        _ => {}
    }
}

impl<'a> Ev<'a, '_> {
    /// Document `i` (0: the main file's slot, then the drop-ins).
    fn doc(&self, i: usize) -> Option<&Doc<'a>> {
        match i.checked_sub(1) {
            None => Some(&self.main),
            Some(d) => self.dropins.get(d),
        }
    }

    fn loc(&self, at: At) -> Option<Location> {
        self.doc(at.doc as usize).map(|d| location(d, at))
    }

    fn diag(
        &self,
        code: &'static str,
        sev: Severity,
        msg: String,
        at: At,
        rules: &[&'static str],
    ) -> Diagnostic {
        let d = Diagnostic::new(code, sev, msg).rules(rules);
        match self.loc(at) {
            Some(l) => d.at(l),
            None => d,
        }
    }

    fn derive(&mut self, rule: &str) {
        if !self.derived.iter().any(|r| r == rule) {
            self.derived.push(rule.to_string());
        }
    }

    fn doc_start(&self, idx: u32) -> At {
        At::lc(idx, 1, 0)
    }

    /// Decodes one document (JSON or YAML, Z1) into the tree the Go code would see.
    fn decode_doc(&mut self, idx: u32, is_main: bool) -> Result<Decoded<'a>, Diagnostic> {
        let Some(doc) = self.doc(idx as usize).copied() else {
            return Err(Diagnostic::new(
                codes::CONFIG_DECODE_ERROR,
                Severity::Error,
                "missing document",
            ));
        };
        let fatal_rules: &[&'static str] = if is_main {
            &["B2", "Z1", "Z4"]
        } else {
            &["C6", "Z1", "Z4"]
        };
        if is_json(doc.text) {
            let ctx = Ctx::new(doc.text, 0, idx);
            let root = json::decode_top(&ctx, &relevant, is_main, !is_main).map_err(|e| {
                self.diag(
                    codes::CONFIG_DECODE_ERROR,
                    Severity::Error,
                    format!("the kubelet cannot decode this JSON (it starts with `{{`, so it is never read as YAML): {}", e.msg),
                    e.at,
                    fatal_rules,
                )
            })?;
            let mut dups = Vec::new();
            if let Some((k, off)) = ctx.dup.borrow().clone() {
                dups.push((k, At::off(idx, off)));
            }
            dups_in(&root, &mut dups);
            return Ok(Decoded {
                root,
                dups,
                kubeadm: None,
            });
        }
        let out = yaml::load(doc.text, idx, is_main && self.kubeadm).map_err(|e| {
            self.diag(
                codes::CONFIG_DECODE_ERROR,
                Severity::Error,
                e.msg,
                e.at,
                fatal_rules,
            )
        })?;
        if let Some(k) = &out.kubeadm {
            self.diags.push(self.diag(
                codes::KUBEADM_DOCUMENT,
                Severity::Info,
                if k.defaults_only {
                    "this is a kubeadm configuration without a `KubeletConfiguration` document: kubeadm writes its defaults to the kubelet's config file (`/var/lib/kubelet/config.yaml`)"
                } else {
                    "this is a kubeadm configuration: its `KubeletConfiguration` document is used (kubeadm writes it to the kubelet's config file, `/var/lib/kubelet/config.yaml`)"
                }
                .to_string(),
                k.at,
                &["B8", "G4"],
            ));
        }
        if let Some(at) = out.later_doc {
            self.diags.push(self.diag(
                codes::IGNORED_DOCUMENT,
                Severity::Warning,
                "only the first YAML document counts: the kubelet ignores this one and every later one".to_string(),
                at,
                &["B8", "Z6"],
            ));
        }
        let root = yaml::to_json(&out.doc, Keep::Top(&relevant)).map_err(|e| {
            self.diag(
                codes::CONFIG_DECODE_ERROR,
                Severity::Error,
                e.msg,
                e.at,
                fatal_rules,
            )
        })?;
        let dups = out.doc.dups.iter().map(|d| (d.key.clone(), d.at)).collect();
        Ok(Decoded {
            root,
            dups,
            kubeadm: out.kubeadm,
        })
    }

    /// apiVersion/kind as the serializer's meta factory reads them: Go encoding/json,
    /// case-insensitive keys, last one wins.
    fn interpret<'r>(
        &self,
        root: &'r JN,
        rules: &[&'static str],
    ) -> Result<(&'r str, &'r str), Diagnostic> {
        let mut api = "";
        let mut kind = "";
        match &root.v {
            J::Null => {}
            J::Obj(ents) => {
                for e in ents {
                    let slot = if fold_eq("apiVersion", &e.key) {
                        &mut api
                    } else if fold_eq("kind", &e.key) {
                        &mut kind
                    } else {
                        continue;
                    };
                    match &e.val.v {
                        J::Str(s) => *slot = s,
                        J::Null => {}
                        other => {
                            return Err(self.diag(
                                codes::MISSING_TYPE_META,
                                Severity::Error,
                                format!(
                                    "expected a string for `{}`, found {} (`{}`): the kubelet cannot read the type of this config",
                                    e.key,
                                    other.type_name(),
                                    other.show()
                                ),
                                e.val.at,
                                rules,
                            ))
                        }
                    }
                }
            }
            other => {
                return Err(self.diag(
                    codes::CONFIG_DECODE_ERROR,
                    Severity::Error,
                    format!(
                        "expected a mapping of config fields, found {} (`{}`)",
                        other.type_name(),
                        other.show()
                    ),
                    root.at,
                    rules,
                ))
            }
        }
        Ok((api, kind))
    }

    fn go_err(&self, e: GoErr, rules: &[&'static str]) -> Diagnostic {
        self.diag(
            codes::CONFIG_DECODE_ERROR,
            Severity::Error,
            format!("{}: the kubelet exits", e.msg),
            e.at,
            rules,
        )
    }

    /// The `--config` file (B2-B10, Z1, Z3, Z4).
    fn main_file(
        &mut self,
        abs_path: Option<&str>,
        hist: &mut Vec<Assign>,
    ) -> Result<Cfg, Diagnostic> {
        let Some(doc) = self.doc(0).copied() else {
            return Ok(Cfg::flags_only());
        };
        if doc.text.is_empty() {
            return Err(self.diag(
                codes::CONFIG_DECODE_ERROR,
                Severity::Error,
                "expected a kubelet config, found an empty file: the kubelet exits".to_string(),
                self.doc_start(0),
                &["B3"],
            ));
        }
        let d = self.decode_doc(0, true)?;
        let (api, kind) = self.interpret(&d.root, &["B4", "Z3"])?;
        let start = self.doc_start(0);
        if kind.is_empty() {
            return Err(self.diag(
                codes::MISSING_TYPE_META,
                Severity::Error,
                format!("expected `kind: {KIND}`, found no `kind`: the kubelet exits"),
                start,
                &["B4"],
            ));
        }
        if api.is_empty() {
            return Err(self.diag(
                codes::MISSING_TYPE_META,
                Severity::Error,
                format!("expected `apiVersion: {GROUP_VERSION}`, found no `apiVersion`: the kubelet exits"),
                start,
                &["B4"],
            ));
        }
        if api != GROUP_VERSION || kind != KIND {
            return Err(self.diag(
                codes::MISSING_TYPE_META,
                Severity::Error,
                format!(
                    "expected `apiVersion: {GROUP_VERSION}` and `kind: {KIND}`, found `{api}` and `{kind}`: no such kind is registered, the kubelet exits"
                ),
                start,
                &["B4"],
            ));
        }
        let mut cfg = Cfg::default();
        gojson::decode(
            &d.root,
            &mut cfg,
            Opts {
                insensitive: false,
                bool_ptr: true,
            },
            Some(hist),
        )
        .map_err(|e| self.go_err(e, &["B5", "Z4"]))?;
        // strict decoding errors: warnings, then lenient decoding (B5-B7)
        for (k, at) in &d.dups {
            self.diags.push(self.diag(
                codes::DUPLICATE_KEY,
                Severity::Warning,
                format!("key `{k}` is given more than once: the last one wins (the kubelet logs `using lenient decoding as strict decoding failed`)"),
                *at,
                &["B5", "B7", "Z4"],
            ));
        }
        self.unknown_fields(&d.root);
        cfg.set_defaults();
        // kubeadm defaults the client CA before it writes the kubelet's config file (G4):
        // `certificatesDir`/ca.crt (kubeadm's componentconfigs `Default`).
        if let Some(k) = &d.kubeadm {
            if cfg.ca.as_ref().is_none_or(|c| c.value.is_empty()) {
                let dir = k
                    .certificates_dir
                    .as_deref()
                    .unwrap_or(KUBEADM_CERTIFICATES_DIR);
                let value = paths::join(dir, "ca.crt", false);
                self.diags.push(self.diag(
                    codes::KUBEADM_DOCUMENT,
                    Severity::Info,
                    format!("the `KubeletConfiguration` document leaves `authentication.x509.clientCAFile` unset: kubeadm sets it to `{value}` (`certificatesDir`/ca.crt) in the config file it writes for the kubelet (`/var/lib/kubelet/config.yaml`)"),
                    k.at,
                    &["G4"],
                ));
                cfg.ca = Some(CaVal {
                    value,
                    at: k.at,
                    what: Cow::Borrowed(KUBEADM_DEFAULT),
                });
            }
            self.kubeadm_flag = k.extra_client_ca.clone();
        }
        // relative clientCAFile → joined onto the config file's directory (B10)
        if let Some(ca) = cfg.ca.as_mut() {
            let path = abs_path.or(doc.path);
            let windows = path.is_some_and(paths::is_windows_path);
            if !ca.value.is_empty() && !paths::is_abs(&ca.value, windows) {
                let original = ca.value.clone();
                match path {
                    Some(p) => {
                        let dir = paths::dir(p, windows);
                        ca.value = paths::join(&dir, &original, windows);
                        let absolute = paths::is_abs(p, windows);
                        let msg = if absolute {
                            format!("relative `{original}` is resolved against the config file's directory: `{}`", ca.value)
                        } else {
                            format!("relative `{original}` is resolved against the config file's directory (`{dir}`, itself relative to the kubelet's working directory): `{}`", ca.value)
                        };
                        let sev = if absolute {
                            Severity::Info
                        } else {
                            Severity::Warning
                        };
                        let d = self.diag(codes::RELATIVE_PATH, sev, msg, ca.at, &["B10"]);
                        self.diags.push(d);
                    }
                    None => {
                        let d = self.diag(
                            codes::RELATIVE_PATH,
                            Severity::Warning,
                            format!("relative `{original}` is resolved against the config file's directory, which the evidence does not show"),
                            ca.at,
                            &["B10"],
                        );
                        self.diags.push(d);
                    }
                }
                let resolved = ca.value.clone();
                for h in hist.iter_mut() {
                    if h.value.as_deref() == Some(original.as_str()) && h.at == ca.at {
                        h.value = Some(resolved.clone());
                    }
                }
            }
        }
        Ok(cfg)
    }

    /// Unknown and case-mismatched keys of the main file (strict decoding, B5, B6, Z3).
    fn unknown_fields(&mut self, root: &JN) {
        let Some(ents) = root.obj() else { return };
        let mut found: Vec<(String, String, Option<String>, At)> = Vec::new();
        for e in ents {
            if known_top(&e.key) {
                if children(&e.key).is_some() {
                    walk_unknown(&e.val, &e.key, &mut found);
                }
            } else {
                found.push((
                    e.key.to_string(),
                    e.key.to_string(),
                    known_top_fold(&e.key).map(str::to_string),
                    e.key_at,
                ));
            }
        }
        for (path, key, like, at) in found {
            let d = match like {
                Some(known) => self.diag(
                    codes::CASE_MISMATCHED_KEY,
                    Severity::Warning,
                    if key == "Kind" {
                        format!("key `{path}` is not `kind`: the kubelet still reads the kind from it (case-insensitively) but ignores it as a field (it logs `using lenient decoding as strict decoding failed`)")
                    } else {
                        format!("expected key `{known}`, found `{key}` (in `{path}`): keys are case-sensitive in the config file, so the kubelet ignores it (it logs `using lenient decoding as strict decoding failed`)")
                    },
                    at,
                    &["B5", "B6", "Z3"],
                ),
                None => self.diag(
                    codes::UNKNOWN_FIELD,
                    Severity::Warning,
                    format!("unknown field `{path}`: the kubelet ignores it (it logs `using lenient decoding as strict decoding failed`)"),
                    at,
                    &["B5"],
                ),
            };
            self.diags.push(d);
        }
    }

    /// One drop-in (C6, C7, Z3): a complete typed document.
    fn dropin(&mut self, idx: u32) -> Result<Dropin<'a>, Diagnostic> {
        let Some(doc) = self.doc(idx as usize).copied() else {
            return Err(Diagnostic::new(
                codes::DROPIN_ERROR,
                Severity::Error,
                "missing drop-in",
            ));
        };
        let start = self.doc_start(idx);
        if doc.text.is_empty() {
            return Err(self.diag(
                codes::DROPIN_ERROR,
                Severity::Error,
                "expected a kubelet config drop-in, found an empty file: the kubelet exits"
                    .to_string(),
                start,
                &["C6"],
            ));
        }
        let d = self.decode_doc(idx, false)?;
        self.interpret(&d.root, &["C6"])?;
        let exact = |key: &str| -> String {
            d.root
                .obj()
                .and_then(|o| o.iter().rev().find(|e| e.key == key))
                .and_then(|e| match &e.val.v {
                    J::Str(s) => Some(s.to_string()),
                    _ => None,
                })
                .unwrap_or_default()
        };
        let api = exact("apiVersion");
        let mut kind = exact("kind");
        if api.matches('/').count() > 1 {
            kind.clear();
        }
        if kind.is_empty() {
            let capital = d
                .root
                .obj()
                .is_some_and(|o| o.iter().any(|e| e.key != "kind" && fold_eq("kind", &e.key)));
            let msg = if capital {
                format!("expected `kind: {KIND}`, found only a case variant of `kind`: a drop-in's kind is read case-sensitively, the kubelet exits")
            } else {
                format!("expected `kind: {KIND}`, found no `kind`: every drop-in must be a complete typed document, the kubelet exits")
            };
            return Err(self.diag(
                codes::MISSING_TYPE_META,
                Severity::Error,
                msg,
                start,
                &["C6", "Z3"],
            ));
        }
        if let Some((k, at)) = d.dups.first() {
            return Err(self.diag(
                codes::DUPLICATE_KEY,
                Severity::Error,
                format!("key `{k}` is given more than once: duplicate keys in a drop-in are a strict decoding error, the kubelet exits"),
                *at,
                &["C7"],
            ));
        }
        let mut patch = d.root;
        gojson::sort_deep(&mut patch);
        Ok(Dropin {
            patch,
            gvk_ok: api == GROUP_VERSION && kind == KIND,
            api,
            kind,
            at: start,
        })
    }

    /// Drop-in assignments of `clientCAFile` (and erasures of its parents), as written.
    fn dropin_history(&mut self, p: &Dropin<'_>, mode: MergeMode, hist: &mut Vec<Assign>) {
        let Some(top) = p.patch.obj() else { return };
        let mut notes: Vec<(String, At)> = Vec::new();
        for a in top.iter().filter(|e| fold_eq("authentication", &e.key)) {
            match &a.val.v {
                J::Null => hist.push(Assign {
                    value: None,
                    at: a.val.at,
                    what: a.key.to_string().into(),
                }),
                J::Obj(xs) => {
                    for x in xs.iter().filter(|e| fold_eq("x509", &e.key)) {
                        let px = format!("{}.{}", a.key, x.key);
                        match &x.val.v {
                            J::Null => hist.push(Assign {
                                value: None,
                                at: x.val.at,
                                what: px.into(),
                            }),
                            J::Obj(cs) => {
                                for c in cs.iter().filter(|e| fold_eq("clientCAFile", &e.key)) {
                                    let pc = format!("{px}.{}", c.key);
                                    if pc != CA_KEY {
                                        notes.push((pc.clone(), c.key_at));
                                    }
                                    match &c.val.v {
                                        J::Str(s) => hist.push(Assign {
                                            value: Some(s.to_string()),
                                            at: c.val.at,
                                            what: pc.into(),
                                        }),
                                        J::Null => hist.push(Assign {
                                            value: None,
                                            at: c.val.at,
                                            what: pc.into(),
                                        }),
                                        _ => {}
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        for (path, at) in notes {
            let msg = match mode {
                MergeMode::V1beta1 => format!(
                    "key `{path}` is not `{CA_KEY}`: in a drop-in it still counts, because the merged config is decoded case-insensitively and the last key in byte order wins (`clientCaFile` beats `clientCAFile`, `ClientCAFile` loses to it)"
                ),
                MergeMode::Internal => format!(
                    "key `{path}` is not `{CA_KEY}`: on kubelets 1.28-1.31 a drop-in key applies whatever its case"
                ),
            };
            let d = self.diag(
                codes::CASE_MISMATCHED_KEY,
                Severity::Warning,
                msg,
                at,
                &["C10", "Z2"],
            );
            self.diags.push(d);
            self.derive("C10");
        }
    }

    /// Merges the drop-ins over `cfg` (C8, Z2). Silent: only the result or the fatal error.
    fn merge(&self, cfg: &Cfg, drops: &[Dropin<'_>], mode: MergeMode) -> Result<Cfg, Diagnostic> {
        let mut merged = match mode {
            MergeMode::V1beta1 => gojson::base_v1(cfg),
            MergeMode::Internal => gojson::base_internal(cfg),
        };
        for p in drops {
            if mode == MergeMode::V1beta1 && !p.gvk_ok {
                return Err(self.diag(
                    codes::MISSING_TYPE_META,
                    Severity::Error,
                    format!(
                        "expected `apiVersion: {GROUP_VERSION}` and `kind: {KIND}`, found `{}` and `{}`: from kubelet 1.32 a drop-in of another type is refused, the kubelet exits",
                        if p.api.is_empty() { "(none)" } else { &p.api },
                        p.kind
                    ),
                    p.at,
                    &["C6", "Z2"],
                ));
            }
            gojson::merge_patch(&mut merged, &p.patch);
        }
        match mode {
            MergeMode::V1beta1 => {
                let mut out = Cfg::default();
                gojson::decode(
                    &merged,
                    &mut out,
                    Opts {
                        insensitive: true,
                        bool_ptr: true,
                    },
                    None,
                )
                .map_err(|e| self.go_err(e, &["C8", "Z4"]))?;
                out.set_defaults();
                Ok(out)
            }
            MergeMode::Internal => {
                let mut out = cfg.clone();
                gojson::decode(
                    &merged,
                    &mut out,
                    Opts {
                        insensitive: true,
                        bool_ptr: false,
                    },
                    None,
                )
                .map_err(|e| self.go_err(e, &["C8", "Z2", "Z4"]))?;
                Ok(out)
            }
        }
    }

    fn valued<T>(&self, value: T, at: At, what: &str) -> Valued<T> {
        Valued {
            value,
            what: ["key `", what, "`"].concat().into(),
            location: self.loc(at).unwrap_or_default(),
        }
    }
}

/// `a.b` without the formatting machinery (this runs for every key of the main file).
fn dotted(a: &str, b: &str) -> String {
    let mut p = String::with_capacity(a.len() + 1 + b.len());
    p.push_str(a);
    p.push('.');
    p.push_str(b);
    p
}

/// `dotted(a, b)` when that is a path with [`children`] (else there is nothing to walk).
fn child_path(a: &str, b: &str) -> Option<&'static str> {
    const PATHS: [&str; 4] = [
        "authentication.x509",
        "authentication.webhook",
        "authentication.anonymous",
        "authorization.webhook",
    ];
    PATHS.into_iter().find(|p| {
        p.strip_prefix(a)
            .and_then(|r| r.strip_prefix('.'))
            .is_some_and(|r| r == b)
    })
}

fn walk_unknown(n: &JN, path: &str, found: &mut Vec<(String, String, Option<String>, At)>) {
    let (Some(ents), Some(known)) = (n.obj(), children(path)) else {
        return;
    };
    for e in ents {
        if known.contains(&e.key.as_ref()) {
            // only objects have children to check
            if let (Some(_), Some(p)) = (e.val.obj(), child_path(path, &e.key)) {
                walk_unknown(&e.val, p, found);
            }
        } else {
            let p = dotted(path, &e.key);
            let like = known
                .iter()
                .find(|k| fold_eq(k, &e.key))
                .map(|k| k.to_string());
            found.push((p, e.key.to_string(), like, e.key_at));
        }
    }
}

fn mode_name(m: MergeMode) -> &'static str {
    match m {
        MergeMode::V1beta1 => "kubelet 1.32 and newer",
        MergeMode::Internal => "kubelets 1.28-1.31",
    }
}

fn describe(r: &Result<Cfg, Diagnostic>) -> String {
    match r {
        Err(d) => format!("the kubelet would refuse to start ({})", d.message),
        Ok(c) => {
            format!(
            "`clientCAFile` would be {}, anonymous authentication {}, webhook authentication {}",
            if c.ca_str().is_empty() { "unset".to_string() } else { format!("`{}`", c.ca_str()) },
            if c.anon.unwrap_or(false) { "on" } else { "off" },
            if c.webhook.unwrap_or(false) { "on" } else { "off" }
        )
        }
    }
}

pub(crate) fn evaluate(
    main: Option<&Doc<'_>>,
    main_abs_path: Option<&str>,
    dropins: &[Doc<'_>],
    mode: MergeMode,
    kubeadm: bool,
) -> ConfigOutcome {
    // index 0 is always the main file's slot (a placeholder when there is none)
    let mut ev = Ev {
        kubeadm,
        kubeadm_flag: None,
        main: main.copied().unwrap_or(Doc {
            artifact: usize::MAX,
            name: "",
            path: None,
            text: "",
        }),
        dropins,
        diags: Vec::new(),
        derived: Vec::new(),
    };
    let mut out = ConfigOutcome::default();
    let mut hist: Vec<Assign> = Vec::new();

    let base = if main.is_some() {
        ev.main_file(main_abs_path, &mut hist)
    } else {
        Ok(Cfg::flags_only())
    };
    let base = match base {
        Ok(c) => c,
        Err(d) => {
            out.fatal = Some(d);
            out.diagnostics = ev.diags;
            return out;
        }
    };

    let result = if dropins.is_empty() {
        Ok(base)
    } else {
        let mut drops = Vec::with_capacity(dropins.len());
        let mut failed = None;
        for i in 0..dropins.len() {
            let idx = u32::try_from(i + 1).unwrap_or(u32::MAX);
            match ev.dropin(idx) {
                Ok(d) => {
                    ev.dropin_history(&d, mode, &mut hist);
                    drops.push(d);
                }
                Err(d) => {
                    failed = Some(d);
                    break;
                }
            }
        }
        let ok = failed.is_none();
        let result = match failed {
            Some(d) => Err(d),
            None => ev.merge(&base, &drops, mode),
        };
        // Z2: say when the other merge generation decides differently
        if ok {
            let other = match mode {
                MergeMode::V1beta1 => MergeMode::Internal,
                MergeMode::Internal => MergeMode::V1beta1,
            };
            let alt = ev.merge(&base, &drops, other);
            let same = match (&result, &alt) {
                (Ok(a), Ok(b)) => {
                    a.ca_str() == b.ca_str() && a.anon == b.anon && a.webhook == b.webhook
                }
                (Err(_), Err(_)) => true,
                _ => false,
            };
            if !same {
                let d = Diagnostic::new(
                    codes::VERSION_DEPENDENT,
                    Severity::Info,
                    format!(
                        "the drop-in merge depends on the kubelet version: judged as {} here; with {} {}",
                        mode_name(mode),
                        mode_name(other),
                        describe(&alt)
                    ),
                )
                .rules(&["Z2", "C8", "C12"]);
                ev.diags.push(d);
            }
        }
        result
    };

    let mut cfg = match result {
        Ok(c) => c,
        Err(d) => {
            out.fatal = Some(d);
            out.history = hist
                .into_iter()
                .map(|h| ev.valued(h.value, h.at, &h.what))
                .collect();
            out.diagnostics = ev.diags;
            out.derived = ev.derived;
            return out;
        }
    };

    // kubeadm's `kubeletExtraArgs` become flags in `kubeadm-flags.env`: they beat the file (C1),
    // also when empty (A8).
    if let Some((value, at)) = ev.kubeadm_flag.take() {
        let d = ev.diag(
            codes::KUBEADM_DOCUMENT,
            Severity::Info,
            format!("`nodeRegistration.kubeletExtraArgs` sets `client-ca-file` to `{value}`: kubeadm writes it to `/var/lib/kubelet/kubeadm-flags.env` as `--client-ca-file`, a flag, which beats the config file"),
            at,
            &["G4", "C1", "A8"],
        );
        ev.diags.push(d);
        cfg.ca = Some(CaVal {
            value,
            at,
            what: Cow::Borrowed(KUBEADM_EXTRA_ARG),
        });
    }
    // the deciding value
    if let Some(CaVal { value, at, what }) = cfg.ca.take() {
        if value.is_empty() {
            if at != NOWHERE {
                let d = ev.diag(
                    codes::EMPTY_VALUE,
                    Severity::Info,
                    format!("`{what}` is empty: x509 client-certificate authentication is off"),
                    at,
                    &["C8", "E1"],
                );
                ev.diags.push(d);
            }
        } else {
            if at.doc >= 1
                && at.doc != NOWHERE.doc
                && !paths::is_abs(&value, paths::is_windows_path(&value))
            {
                let d = ev.diag(
                    codes::RELATIVE_PATH,
                    Severity::Warning,
                    format!("relative `{value}` from a drop-in is not resolved against the drop-in directory: the kubelet opens it relative to its working directory"),
                    at,
                    &["C9", "E5"],
                );
                ev.diags.push(d);
                ev.derive("C9");
            }
            let mut valued = ev.valued(value, at, &what);
            if what == KUBEADM_DEFAULT {
                valued.what =
                    Cow::Borrowed("kubeadm's default for `authentication.x509.clientCAFile`");
            } else if what == KUBEADM_EXTRA_ARG {
                valued.what = Cow::Borrowed("kubeadm `kubeletExtraArgs` `client-ca-file`");
            }
            out.client_ca_file = Some(valued);
        }
    }
    out.history = hist
        .into_iter()
        .map(|h| ev.valued(h.value, h.at, &h.what))
        .collect();
    out.anonymous_enabled = cfg.anon.unwrap_or(false);
    out.webhook_enabled = cfg.webhook.unwrap_or(false);
    out.diagnostics = ev.diags;
    out.derived = ev.derived;
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// The config as judged on its own (kubeadm configurations read as kubeadm does).
    fn evaluate(
        main: Option<&Doc<'_>>,
        main_abs_path: Option<&str>,
        dropins: &[Doc<'_>],
        mode: MergeMode,
    ) -> ConfigOutcome {
        super::evaluate(main, main_abs_path, dropins, mode, true)
    }

    const HEAD: &str = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";

    #[test]
    fn child_paths_are_the_walked_paths() {
        for top in ["authentication", "authorization"] {
            let mut stack = vec![top.to_string()];
            while let Some(path) = stack.pop() {
                for k in children(&path).unwrap() {
                    let full = dotted(&path, k);
                    assert_eq!(child_path(&path, k), children(&full).map(|_| full.as_str()));
                    if children(&full).is_some() {
                        stack.push(full);
                    }
                }
            }
        }
    }

    fn doc<'a>(i: usize, name: &'a str, text: &'a str) -> Doc<'a> {
        Doc {
            artifact: i,
            name,
            path: Some(name),
            text,
        }
    }

    fn main_only(text: &str) -> ConfigOutcome {
        let d = doc(0, "/var/lib/kubelet/config.yaml", text);
        evaluate(
            Some(&d),
            Some("/var/lib/kubelet/config.yaml"),
            &[],
            MergeMode::V1beta1,
        )
    }

    fn codes(o: &ConfigOutcome) -> Vec<&str> {
        o.diagnostics.iter().map(|d| d.code.as_ref()).collect()
    }

    #[test]
    fn value_location_and_history() {
        let t = format!("{HEAD}authentication:\n  x509:\n    clientCAFile: /etc/ca.crt\n");
        let o = main_only(&t);
        assert!(o.fatal.is_none());
        let ca = o.client_ca_file.unwrap();
        assert_eq!(ca.value, "/etc/ca.crt");
        assert_eq!(ca.what, "key `authentication.x509.clientCAFile`");
        assert_eq!(ca.location.line, Some(5));
        assert_eq!(ca.location.column, Some(19));
        assert_eq!(
            ca.location.excerpt.as_deref(),
            Some("    clientCAFile: /etc/ca.crt")
        );
        assert_eq!(
            ca.location.source.as_deref(),
            Some("/var/lib/kubelet/config.yaml")
        );
        assert_eq!(o.history.len(), 1);
        assert!(!o.anonymous_enabled && o.webhook_enabled);
    }

    #[test]
    fn last_newline_finds_the_last() {
        for len in [0, 1, 7, 8, 9, 16, 17, 40, 100] {
            for at in [0, 1, 3, 7, 8, 9, 15, 16, 31, 39, 99] {
                let mut t = vec![b'x'; len];
                if at < len {
                    t[at] = b'\n';
                    if at >= 5 {
                        t[at - 5] = b'\n';
                    }
                }
                let want = t.iter().rposition(|&c| c == b'\n');
                assert_eq!(last_newline(&t), want, "{len} {at}");
            }
        }
        assert_eq!(last_newline("\né€\u{10a}".as_bytes()), Some(0));
        assert_eq!(last_newline(&[b'\n'; 9]), Some(8));
    }

    #[test]
    fn first_newline_finds_the_first() {
        for len in [0, 1, 15, 16, 17, 40, 100] {
            for at in [0, 3, 7, 8, 15, 16, 31, 39, 99] {
                let mut t = vec![b'x'; len];
                if at < len {
                    t[at] = b'\n';
                    if at + 5 < len {
                        t[at + 5] = b'\n';
                    }
                }
                let want = t.iter().position(|&c| c == b'\n');
                assert_eq!(first_newline(&t), want, "{len} {at}");
            }
        }
        assert_eq!(first_newline("é€\u{10a}\n".as_bytes()), Some(7));
    }

    #[test]
    fn newline_count() {
        for len in [0, 1, 7, 8, 9, 64, 2039, 2040, 2041, 5000] {
            let t: String = (0..len)
                .map(|i| if i % 3 == 0 || i % 7 == 0 { '\n' } else { 'x' })
                .collect();
            let want = t.bytes().filter(|&b| b == b'\n').count();
            assert_eq!(newlines(t.as_bytes()), want, "{len}");
        }
        assert_eq!(newlines(&[b'\n'; 4000]), 4000);
        assert_eq!(newlines("é\n\u{8a}\n".as_bytes()), 2);
    }

    #[test]
    fn json_main_file_positions() {
        let t = "{\"kind\":\"KubeletConfiguration\",\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\n\"authentication\":{\"x509\":{\"clientCAFile\":\"/etc/ca.crt\"}}}";
        let o = main_only(t);
        let ca = o.client_ca_file.unwrap();
        assert_eq!((ca.location.line, ca.location.column), (Some(2), Some(42)));
    }

    #[test]
    fn case_and_unknown_and_duplicates_warn() {
        let t = format!("{HEAD}foo: 1\nauthentication:\n  x509:\n    clientCaFile: /etc/ca.crt\n");
        let o = main_only(&t);
        assert!(o.client_ca_file.is_none());
        assert!(codes(&o).contains(&codes::UNKNOWN_FIELD));
        assert!(codes(&o).contains(&codes::CASE_MISMATCHED_KEY));
        let t =
            format!("{HEAD}authentication:\n  x509:\n    clientCAFile: /a\n    clientCAFile: /b\n");
        let o = main_only(&t);
        assert_eq!(o.client_ca_file.as_ref().unwrap().value, "/b");
        assert!(codes(&o).contains(&codes::DUPLICATE_KEY));
        let t = "apiVersion: kubelet.config.k8s.io/v1beta1\nKind: KubeletConfiguration\n";
        let o = main_only(t);
        assert!(o.fatal.is_none());
        assert!(codes(&o).contains(&codes::CASE_MISMATCHED_KEY));
    }

    #[test]
    fn fatal_main_files() {
        for t in [
            "".to_string(),
            "# only a comment\n".to_string(),
            "apiVersion: kubelet.config.k8s.io/v1beta1\n".to_string(),
            "kind: KubeletConfiguration\n".to_string(),
            format!("{HEAD}authentication:\n  x509:\n    clientCAFile: yes\n"),
            format!("{HEAD}authentication:\n  x509:\n    clientCAFile: 123\n"),
            format!("{HEAD}authentication:\n\tx509: {{}}\n"),
            format!("{HEAD}authentication:\n  webhook:\n    cacheTTL: 2x\n"),
            "{apiVersion: kubelet.config.k8s.io/v1beta1, kind: KubeletConfiguration}".to_string(),
        ] {
            let o = main_only(&t);
            let f = o.fatal.unwrap_or_else(|| panic!("not fatal: {t:?}"));
            assert_eq!(
                f.message.to_lowercase().get(..1),
                f.message.get(..1),
                "{}",
                f.message
            );
            assert!(f.location.is_some(), "{t:?}");
        }
    }

    #[test]
    fn relative_paths() {
        let t = format!("{HEAD}authentication:\n  x509:\n    clientCAFile: ../pki/ca.crt\n");
        let o = main_only(&t);
        assert_eq!(
            o.client_ca_file.as_ref().unwrap().value,
            "/var/lib/pki/ca.crt"
        );
        assert_eq!(o.history[0].value.as_deref(), Some("/var/lib/pki/ca.crt"));
        assert!(codes(&o).contains(&codes::RELATIVE_PATH));
        // T24: a Windows kubelet joins even `/etc/...` (no volume name)
        let t = format!(
            "{HEAD}authentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\n"
        );
        let p = r"C:\var\lib\kubelet\config.yaml";
        let d = doc(0, p, &t);
        let o = evaluate(Some(&d), Some(p), &[], MergeMode::V1beta1);
        assert_eq!(
            o.client_ca_file.unwrap().value,
            r"C:\var\lib\kubelet\etc\kubernetes\pki\ca.crt"
        );
    }

    #[test]
    fn dropins_merge_and_history() {
        let m = format!("{HEAD}authentication:\n  x509:\n    clientCAFile: /etc/a.crt\n");
        let d1 = format!("{HEAD}authentication:\n  x509:\n    clientCaFile: /etc/x.crt\n");
        let d2 = format!("{HEAD}authentication:\n  anonymous:\n    enabled: true\n");
        let main = doc(0, "/c.yaml", &m);
        let drops = [doc(1, "/d/10.conf", &d1), doc(2, "/d/20.conf", &d2)];
        let o = evaluate(Some(&main), Some("/c.yaml"), &drops, MergeMode::V1beta1);
        assert!(o.fatal.is_none());
        let ca = o.client_ca_file.unwrap();
        assert_eq!(ca.value, "/etc/x.crt");
        assert_eq!(ca.location.artifact, Some(1));
        assert_eq!(ca.what, "key `authentication.x509.clientCaFile`");
        assert_eq!(o.history.len(), 2);
        assert!(o.derived.contains(&"C10".to_string()));
        assert!(o.anonymous_enabled);
    }

    #[test]
    fn dropin_null_depends_on_version() {
        let m = format!("{HEAD}authentication:\n  x509:\n    clientCAFile: /etc/a.crt\n");
        let d1 = format!("{HEAD}authentication:\n  x509:\n    clientCAFile: null\n");
        let main = doc(0, "/c.yaml", &m);
        let drops = [doc(1, "/d/10.conf", &d1)];
        let o = evaluate(Some(&main), Some("/c.yaml"), &drops, MergeMode::V1beta1);
        assert!(o.client_ca_file.is_none());
        assert_eq!(o.history.last().unwrap().value, None);
        assert!(codes(&o).contains(&codes::VERSION_DEPENDENT));
        let o = evaluate(Some(&main), Some("/c.yaml"), &drops, MergeMode::Internal);
        assert_eq!(o.client_ca_file.unwrap().value, "/etc/a.crt");
    }

    #[test]
    fn bad_dropins_are_fatal() {
        let m = format!("{HEAD}authentication:\n  x509:\n    clientCAFile: /etc/a.crt\n");
        let main = doc(0, "/c.yaml", &m);
        for (t, code) in [
            ("", codes::DROPIN_ERROR),
            ("authentication: {}\n", codes::MISSING_TYPE_META),
            ("apiVersion: kubelet.config.k8s.io/v1beta1\nKind: KubeletConfiguration\n", codes::MISSING_TYPE_META),
            ("kind: KubeletConfiguration\n", codes::MISSING_TYPE_META),
            ("{\"kind\":\"KubeletConfiguration\",\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"x\":{\"a\":1,\"a\":2}}", codes::DUPLICATE_KEY),
            ("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\na: 1\na: 2\n", codes::DUPLICATE_KEY),
        ] {
            let drops = [doc(1, "/d/10.conf", t)];
            let o = evaluate(Some(&main), Some("/c.yaml"), &drops, MergeMode::V1beta1);
            assert_eq!(o.fatal.map(|f| f.code), Some(code.into()), "{t:?}");
        }
        // without apiVersion: accepted on 1.28-1.31
        let t =
            "kind: KubeletConfiguration\nauthentication:\n  x509:\n    clientCAFile: /etc/b.crt\n";
        let drops = [doc(1, "/d/10.conf", t)];
        let o = evaluate(Some(&main), Some("/c.yaml"), &drops, MergeMode::Internal);
        assert_eq!(o.client_ca_file.unwrap().value, "/etc/b.crt");
    }

    #[test]
    fn flags_only_base_and_relative_dropin() {
        let t = format!("{HEAD}authentication:\n  x509:\n    clientCAFile: pki/ca.crt\n");
        let drops = [doc(1, "/d/10.conf", &t)];
        let o = evaluate(None, None, &drops, MergeMode::V1beta1);
        assert_eq!(o.client_ca_file.unwrap().value, "pki/ca.crt");
        assert!(o.anonymous_enabled && !o.webhook_enabled);
        assert!(o.derived.contains(&"C9".to_string()));
        let o = evaluate(None, None, &[], MergeMode::V1beta1);
        assert!(o.anonymous_enabled && !o.webhook_enabled && o.fatal.is_none());
    }

    #[test]
    fn kubeadm_multi_document() {
        let t = format!("apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n---\n{HEAD}authentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\n");
        let o = main_only(&t);
        let ca = o.client_ca_file.clone().unwrap();
        assert_eq!(ca.location.line, Some(8));
        assert!(codes(&o).contains(&codes::KUBEADM_DOCUMENT));
        let t = format!("{HEAD}---\nfoo: 1\n");
        assert!(codes(&main_only(&t)).contains(&codes::IGNORED_DOCUMENT));
    }
}
