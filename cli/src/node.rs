//! `kubeletlint node`: collect the evidence from a live node (or a node's root file system
//! mounted under `--root`) and check it.
//!
//! Read-only: nothing here writes, executes or opens anything but regular files and
//! directory listings. The collection is a fixed-point loop over the core: gather the starting
//! evidence (kubelet processes, `kubelet.service` and its drop-ins), call
//! [`kubeletlint::check`], read every path the report lists as unseen that exists under the
//! root, and check again until nothing new turns up. The core decides what is referenced;
//! this module only reads.

use crate::input::{read_text, LoadError};
use kubeletlint::{Artifact, ArtifactKind, InputError, Options, Report};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The unit directories systemd reads `kubelet.service` and its drop-ins from, highest
/// precedence first.
pub const UNIT_DIRS: [&str; 4] = [
    "/etc/systemd/system",
    "/run/systemd/system",
    "/lib/systemd/system",
    "/usr/lib/systemd/system",
];

/// At most this many check rounds (each round can only follow references found by the last).
pub const MAX_ROUNDS: usize = 6;

/// The environment variable that enables `--config-dir` on kubelet 1.28-1.29.
const DROPIN_ALPHA_ENV: &str = "KUBELET_CONFIG_DROPIN_DIR_ALPHA";

/// Why node mode could not produce a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeError {
    /// Neither a kubelet process nor a kubelet unit was found.
    NothingFound { root: String },
    /// A file that exists could not be read.
    Load(LoadError),
    /// The core refused the evidence.
    Input(InputError),
}

impl std::fmt::Display for NodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NodeError::NothingFound { root } => write!(
                f,
                "no kubelet process (in {root}proc) and no kubelet.service (in the systemd unit directories) found under {root}",
                root = if root.ends_with('/') { root.clone() } else { format!("{root}/") }
            ),
            NodeError::Load(e) => e.fmt(f),
            NodeError::Input(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for NodeError {}

/// What node mode found and decided.
#[derive(Debug, Clone)]
pub struct NodeResult {
    /// Every artifact read, with its node path.
    pub artifacts: Vec<Artifact>,
    /// The options used (with `dropin_alpha_env` taken from the kubelet's environment).
    pub options: Options,
    /// The last round's result.
    pub report: Result<Report, InputError>,
    /// Check rounds run.
    pub rounds: usize,
}

/// Maps a node path to a host path under `root`, resolving symlinks *inside* the root
/// (an absolute link target is relative to the root, `..` never leaves it). Returns `None`
/// for a symlink loop.
pub fn host_path(root: &Path, node_path: &str) -> Option<PathBuf> {
    if root == Path::new("/") {
        return Some(PathBuf::from(node_path));
    }
    let mut pending: Vec<String> = node_path
        .split('/')
        .rev()
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect();
    let mut cur: Vec<String> = Vec::new();
    let mut hops = 0;
    while let Some(c) = pending.pop() {
        match c.as_str() {
            "." => {}
            ".." => {
                cur.pop();
            }
            _ => {
                cur.push(c);
                let p = root.join(cur.join("/"));
                let is_link = fs::symlink_metadata(&p)
                    .map(|m| m.file_type().is_symlink())
                    .unwrap_or(false);
                if is_link {
                    hops += 1;
                    if hops > 40 {
                        return None;
                    }
                    let target = fs::read_link(&p).ok()?;
                    let t = target.to_string_lossy().into_owned();
                    cur.pop();
                    if t.starts_with('/') {
                        cur.clear();
                    }
                    pending.extend(
                        t.split('/')
                            .rev()
                            .filter(|c| !c.is_empty())
                            .map(str::to_string),
                    );
                }
            }
        }
    }
    Some(root.join(cur.join("/")))
}

/// Reads one node file if it exists as a regular file under the root. `Ok(None)` when it does
/// not exist (or is not a regular file: a FIFO or device is never opened).
fn read_node_file(root: &Path, node_path: &str) -> Result<Option<String>, LoadError> {
    let Some(host) = host_path(root, node_path) else {
        return Ok(None);
    };
    match fs::metadata(&host) {
        Ok(md) if md.is_file() => read_text(&host).map(Some),
        _ => Ok(None),
    }
}

/// The sorted names of the entries of a node directory (`None` when it is not a directory).
fn list_node_dir(root: &Path, node_dir: &str) -> Option<Vec<String>> {
    let host = host_path(root, node_dir)?;
    let rd = fs::read_dir(host).ok()?;
    let mut names: Vec<String> = rd
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Some(names)
}

/// Every file under a node directory, recursively, as node paths in walk order (`None` when the
/// directory does not exist). Depth-limited; symlinked directories are not followed.
fn walk_node_dir(root: &Path, node_dir: &str) -> Option<Vec<String>> {
    fn walk(root: &Path, dir: &str, depth: usize, out: &mut Vec<String>) {
        let Some(names) = list_node_dir(root, dir) else {
            return;
        };
        for name in names {
            let p = node_join(dir, &name);
            let Some(host) = host_path(root, &p) else {
                continue;
            };
            match fs::symlink_metadata(&host) {
                Ok(md) if md.is_dir() && depth < 8 => walk(root, &p, depth + 1, out),
                Ok(_) => out.push(p),
                Err(_) => {}
            }
        }
    }
    list_node_dir(root, node_dir)?;
    let mut out = Vec::new();
    walk(root, node_dir, 0, &mut out);
    Some(out)
}

fn node_join(dir: &str, name: &str) -> String {
    format!("{}/{}", dir.trim_end_matches('/'), name)
}

/// Whether a NUL-separated argv is a kubelet: argv[0] is `kubelet` (by basename) or
/// `hyperkube` followed by `kubelet`. Collection only (which processes to read); what the
/// command line means is the core's business.
pub fn is_kubelet_argv(cmdline: &[u8]) -> bool {
    let mut args = cmdline.split(|&b| b == 0);
    let base = |a: &[u8]| -> Vec<u8> { a.rsplit(|&b| b == b'/').next().unwrap_or(a).to_vec() };
    match args.next().map(base) {
        Some(a0) if a0 == b"kubelet" => true,
        Some(a0) if a0 == b"hyperkube" => args.next().map(base).is_some_and(|a1| a1 == b"kubelet"),
        _ => false,
    }
}

/// Kubelet processes under `<root>/proc`: `(node path of cmdline, raw cmdline, has the
/// drop-in alpha variable)`. Unreadable processes (gone, or no permission) are skipped.
fn kubelet_processes(root: &Path) -> Vec<(String, String, Option<bool>)> {
    let Some(proc_dir) = host_path(root, "/proc") else {
        return Vec::new();
    };
    let Ok(rd) = fs::read_dir(&proc_dir) else {
        return Vec::new();
    };
    let mut pids: Vec<u64> = rd
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<u64>().ok()))
        .collect();
    pids.sort_unstable();
    let mut out = Vec::new();
    for pid in pids {
        let Ok(bytes) = fs::read(proc_dir.join(pid.to_string()).join("cmdline")) else {
            continue;
        };
        if !is_kubelet_argv(&bytes) {
            continue;
        }
        let alpha = fs::read(proc_dir.join(pid.to_string()).join("environ"))
            .ok()
            .map(|env| {
                env.split(|&b| b == 0).any(|kv| {
                    kv.starts_with(DROPIN_ALPHA_ENV.as_bytes())
                        && kv.get(DROPIN_ALPHA_ENV.len()) == Some(&b'=')
                })
            });
        out.push((
            format!("/proc/{pid}/cmdline"),
            String::from_utf8_lossy(&bytes).into_owned(),
            alpha,
        ));
    }
    out
}

/// The kind of evidence an unseen reference is, as named by the core's `Unseen::what`.
fn kind_of_unseen(what: &str) -> Option<ArtifactKind> {
    Some(match what {
        "config-file" => ArtifactKind::KubeletConfig,
        "environment-file" => ArtifactKind::EnvFile,
        "systemd-dropin" => ArtifactKind::SystemdDropin,
        "systemd-unit" => ArtifactKind::SystemdUnit,
        "ca-file" => ArtifactKind::CaBundle,
        _ => return None,
    })
}

/// Collects the starting evidence: kubelet processes and `kubelet.service` with its
/// drop-ins from the four unit directories.
fn starting_evidence(root: &Path, options: &mut Options) -> Result<Vec<Artifact>, LoadError> {
    let mut out = Vec::new();
    let mut any_alpha: Option<bool> = None;
    for (path, text, alpha) in kubelet_processes(root) {
        if let Some(a) = alpha {
            any_alpha = Some(any_alpha.unwrap_or(false) || a);
        }
        out.push(Artifact {
            text,
            path: Some(path),
            kind: Some(ArtifactKind::Cmdline),
        });
    }
    if options.dropin_alpha_env.is_none() {
        options.dropin_alpha_env = any_alpha;
    }
    for dir in UNIT_DIRS {
        let unit = node_join(dir, "kubelet.service");
        if let Some(text) = read_node_file(root, &unit)? {
            out.push(Artifact {
                text,
                path: Some(unit),
                kind: Some(ArtifactKind::SystemdUnit),
            });
        }
        let dropin_dir = node_join(dir, "kubelet.service.d");
        for name in list_node_dir(root, &dropin_dir).unwrap_or_default() {
            if !name.ends_with(".conf") {
                continue;
            }
            let p = node_join(&dropin_dir, &name);
            if let Some(text) = read_node_file(root, &p)? {
                out.push(Artifact {
                    text,
                    path: Some(p),
                    kind: Some(ArtifactKind::SystemdDropin),
                });
            }
        }
    }
    Ok(out)
}

/// Collects the evidence of the node under `root` and checks it (see the module docs).
pub fn check_node(root: &Path, options: &Options) -> Result<NodeResult, NodeError> {
    let mut options = options.clone();
    let mut artifacts = starting_evidence(root, &mut options).map_err(NodeError::Load)?;
    if artifacts.is_empty() {
        return Err(NodeError::NothingFound {
            root: root.display().to_string(),
        });
    }
    // Node paths already read or tried (so a missing file is not tried twice).
    let mut tried: BTreeSet<String> = artifacts.iter().filter_map(|a| a.path.clone()).collect();
    let mut rounds = 0;
    loop {
        rounds += 1;
        let report = kubeletlint::check(&artifacts, &options);
        let Ok(r) = &report else {
            return Ok(NodeResult {
                artifacts,
                options,
                report,
                rounds,
            });
        };
        let mut added = false;
        for u in &r.unseen {
            let reference = u.reference.as_str();
            if !reference.starts_with('/') {
                continue;
            }
            if u.what == "config-dir" {
                if !tried.insert(format!("{reference}/")) {
                    continue;
                }
                // The kubelet walks the directory recursively (every file; it skips non-`.conf`
                // names itself, and the core says which).
                if let Some(text) = read_node_file(root, reference).map_err(NodeError::Load)? {
                    // `--config-dir` naming a file: that file is the only drop-in (spec Z6).
                    artifacts.push(Artifact {
                        text,
                        path: Some(reference.to_string()),
                        kind: Some(ArtifactKind::ConfigDropin),
                    });
                    added = true;
                    continue;
                }
                let Some(files) = walk_node_dir(root, reference) else {
                    // Not there: tell the core it is absent (the kubelet exits), not unknown.
                    options.absent_paths.push(reference.to_string());
                    added = true;
                    continue;
                };
                if files.is_empty() {
                    options.empty_dirs.push(reference.to_string());
                    added = true;
                }
                for p in files {
                    if !tried.insert(p.clone()) {
                        continue;
                    }
                    if let Some(text) = read_node_file(root, &p).map_err(NodeError::Load)? {
                        artifacts.push(Artifact {
                            text,
                            path: Some(p),
                            kind: Some(ArtifactKind::ConfigDropin),
                        });
                        added = true;
                    }
                }
                continue;
            }
            let Some(kind) = kind_of_unseen(&u.what) else {
                continue;
            };
            if !tried.insert(reference.to_string()) {
                continue;
            }
            if let Some(text) = read_node_file(root, reference).map_err(NodeError::Load)? {
                artifacts.push(Artifact {
                    text,
                    path: Some(reference.to_string()),
                    kind: Some(kind),
                });
            } else {
                // Looked, and it is not there: absent, not unknown.
                options.absent_paths.push(reference.to_string());
            }
            added = true;
        }
        if !added || rounds >= MAX_ROUNDS {
            return Ok(NodeResult {
                artifacts,
                options,
                report,
                rounds,
            });
        }
    }
}
