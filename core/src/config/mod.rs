//! Kubelet config files, drop-ins and `/configz` (spec B, C, D, Z1-Z4, Z6).
//! OWNER: config helper.
//!
//! Decoding follows the kubelet's own libraries as the reference oracle runs them
//! (`shared/tools/kubelet-oracle`): JSON if the first non-space byte is `{` (Z1), else YAML 1.1
//! as go-yaml v2 + sigs.k8s.io/yaml read it (first document only, B8); the main file is decoded
//! strictly-then-leniently and case-sensitively (B5-B7), drop-ins as complete typed documents
//! merged with RFC 7386 merge patches and a final case-insensitive decode (C6-C10, Z2).

mod configz;
mod eval;
mod gojson;
mod json;
mod paths;
mod skim;
mod tree;
mod yaml;

use crate::model::{Diagnostic, InputError, Location};
use std::borrow::Cow;

/// One config document given as evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Doc<'a> {
    /// Index of the artifact.
    pub artifact: usize,
    /// Display name (node path, or `artifact #N`).
    pub name: &'a str,
    /// Absolute node path, if known.
    pub path: Option<&'a str>,
    pub text: &'a str,
}

/// How drop-ins are merged (spec Z2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeMode {
    /// 1.28-1.31: merged over the internal (untagged) struct.
    Internal,
    /// 1.32+: JSON merge patch over the v1beta1 JSON, then a case-insensitive decode.
    V1beta1,
}

/// A value and where it was set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valued<T> {
    pub value: T,
    /// In words: ``key `authentication.x509.clientCAFile` ``.
    pub what: Cow<'static, str>,
    /// artifact + line + column + excerpt.
    pub location: Location,
}

/// The outcome of the config layer (main file + drop-ins), before flags are re-applied.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConfigOutcome {
    /// Why the kubelet refuses to start (decode error, missing kind, bad drop-in, ...).
    pub fatal: Option<Diagnostic>,
    /// The resulting `clientCAFile` (`None` = unset; never `Some("")`: an empty value is unset,
    /// recorded in `history`). Main-file relative paths are already resolved (B10).
    pub client_ca_file: Option<Valued<String>>,
    /// Every assignment along the way, lowest precedence first (`None` = erased / null).
    pub history: Vec<Valued<Option<String>>>,
    /// After defaults: with a main file v1beta1 defaults (anonymous off, webhook on); without
    /// one the flags-only legacy defaults (anonymous on, webhook off).
    pub anonymous_enabled: bool,
    pub webhook_enabled: bool,
    pub diagnostics: Vec<Diagnostic>,
    /// Spec rules tagged [derived] that the result relied on (e.g. `C9`).
    pub derived: Vec<String>,
    /// Set when the outcome cannot be decided with certainty (H5), with the reason.
    pub ambiguous: Option<String>,
}

/// Evaluates the config layer as the kubelet reads it. `main` is the `--config` file;
/// `main_abs_path` is its absolute path (for B10), if known. `dropins` are in the kubelet's
/// walk order already. A YAML file with several documents counts by its first one (B8), also a
/// kubeadm configuration.
pub fn evaluate(
    main: Option<&Doc<'_>>,
    main_abs_path: Option<&str>,
    dropins: &[Doc<'_>],
    mode: MergeMode,
) -> ConfigOutcome {
    eval::evaluate(main, main_abs_path, dropins, mode, false)
}

/// [`evaluate`] for a config judged on its own (no command line names it): a kubeadm
/// multi-document configuration stands for the config file kubeadm writes from it, its
/// `KubeletConfiguration` document with kubeadm's defaults (G4).
pub fn evaluate_standalone(
    main: Option<&Doc<'_>>,
    main_abs_path: Option<&str>,
    dropins: &[Doc<'_>],
    mode: MergeMode,
) -> ConfigOutcome {
    eval::evaluate(main, main_abs_path, dropins, mode, true)
}

/// The decoded `/configz` payload.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Configz {
    /// `None` when absent or empty (omitempty).
    pub client_ca_file: Option<Valued<String>>,
    pub anonymous_enabled: Option<bool>,
    pub webhook_enabled: Option<bool>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A k3s or RKE2 configuration file (`/etc/rancher/k3s/config.yaml`): the k3s command line in
/// YAML. What the kubelet gets from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RancherConfig {
    /// `rke2` when RKE2-only keys show it (`profile`, `cni`), else `k3s`.
    pub rke2: bool,
    /// `data-dir`, when set.
    pub data_dir: Option<String>,
    /// Each `kubelet-arg` entry (`KEY=VALUE`) with its 1-based line and column.
    pub kubelet_args: Vec<(String, u32, u32)>,
    /// 1-based line of the `kubelet-arg` key (or 1).
    pub line: u32,
}

/// Top-level keys only k3s/RKE2 configuration files have (any one, and no `kind`).
const RANCHER_KEYS: [&str; 12] = [
    "kubelet-arg",
    "kube-apiserver-arg",
    "kube-proxy-arg",
    "write-kubeconfig-mode",
    "tls-san",
    "node-label",
    "node-taint",
    "cluster-init",
    "disable",
    "token",
    "server",
    "data-dir",
];

/// Reads `text` as a k3s/RKE2 configuration file: a YAML mapping without `kind` with one of
/// their keys. `None` otherwise (or when it is not YAML).
pub(crate) fn rancher_config(text: &str) -> Option<RancherConfig> {
    // (a top-level `KEY:` line first: command-line text is never parsed as YAML)
    let top_key = |l: &str| {
        RANCHER_KEYS
            .iter()
            .any(|k| l.strip_prefix(k).is_some_and(|r| r.starts_with(':')))
    };
    if !text.lines().any(top_key) {
        return None;
    }
    let out = yaml::load(text, 0, false).ok()?;
    let yaml::YV::Map(ents) = &out.doc.root.v else {
        return None;
    };
    fn key(e: &yaml::YEnt) -> Option<&str> {
        match &e.id {
            yaml::KeyId::Str(k) => Some(k.as_str()),
            _ => None,
        }
    }
    if ents
        .iter()
        .any(|e| matches!(key(e), Some("kind" | "apiVersion")))
        || !ents
            .iter()
            .any(|e| key(e).is_some_and(|k| RANCHER_KEYS.contains(&k)))
    {
        return None;
    }
    let mut cfg = RancherConfig {
        rke2: false,
        data_dir: None,
        kubelet_args: Vec::new(),
        line: 1,
    };
    for e in ents {
        match (key(e), &e.val.v) {
            (Some("profile" | "cni" | "etcd-expose-metrics"), _) => cfg.rke2 = true,
            (Some("data-dir"), yaml::YV::Str(d)) if !d.is_empty() => {
                cfg.data_dir = Some(d.clone());
            }
            (Some("kubelet-arg"), v) => {
                cfg.line = e.key.at.line.max(1);
                // (a list, or one string; a later key replaces an earlier one)
                cfg.kubelet_args.clear();
                let items: Vec<&yaml::YN> = match v {
                    yaml::YV::Seq(items) => items.iter().map(|i| i.as_ref()).collect(),
                    _ => vec![e.val.as_ref()],
                };
                for item in items {
                    if let yaml::YV::Str(a) = &item.v {
                        cfg.kubelet_args
                            .push((a.clone(), item.at.line, item.at.col));
                    }
                }
            }
            _ => {}
        }
    }
    Some(cfg)
}

/// Decodes a `/configz` payload, also when pasted inside shell prompts or curl output.
pub fn decode_configz(doc: &Doc<'_>) -> Result<Configz, InputError> {
    configz::decode(doc)
}

/// Orders drop-in paths the way the kubelet's `filepath.WalkDir` visits them (C5) and says
/// which are skipped (not `.conf`). `dir` is the `--config-dir` value. Paths outside `dir`
/// are returned as skipped too. When `dir` itself is one of `paths` (`--config-dir` naming a
/// file), that file is the only drop-in.
pub fn dropin_order<'p>(dir: &str, paths: &[&'p str]) -> (Vec<&'p str>, Vec<&'p str>) {
    paths::dropin_order(dir, paths)
}
