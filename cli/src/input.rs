//! Reading the evidence named on the command line (`check ARG...`): files, `NODE_PATH=FILE`,
//! directories and `-` (stdin). Only I/O lives here: what each file *is* and what it means is
//! decided by the core (`kubeletlint::check`, `kubeletlint::detect_kind`).

use kubeletlint::Artifact;
use std::fmt;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest evidence file read (kubelet configs, units and CA bundles are a few KiB).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Top-level directory names that mark a directory as a copy of a node's root file system
/// (`bundle/etc/default/kubelet` is `/etc/default/kubelet` on the node).
pub const ROOT_MARKERS: [&str; 7] = ["etc", "lib", "usr", "run", "var", "opt", "proc"];

/// A file that could not be read: the one-line error names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read {}: {}", self.path, self.message)
    }
}

impl std::error::Error for LoadError {}

fn load_error(path: &Path, e: impl fmt::Display) -> LoadError {
    LoadError {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Reads a regular file (at most [`MAX_FILE_BYTES`]) as text. Invalid UTF-8 is replaced
/// (the core's API is text).
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    let md = fs::metadata(path).map_err(|e| load_error(path, e))?;
    if !md.is_file() {
        return Err(load_error(path, "not a regular file"));
    }
    let f = fs::File::open(path).map_err(|e| load_error(path, e))?;
    let mut bytes = Vec::new();
    f.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| load_error(path, e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(load_error(
            path,
            format!("larger than {MAX_FILE_BYTES} bytes"),
        ));
    }
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Splits `NODE_PATH=LOCAL` (NODE_PATH absolute: `/...`, or a Windows node's `C:\...` or
/// `C:/...`). An argument that exists as a local path as a whole is never split.
pub fn split_node_path(arg: &str) -> (Option<&str>, &str) {
    let b = arg.as_bytes();
    let windows = matches!(b, [d, b':', b'\\' | b'/', ..] if d.is_ascii_alphabetic());
    if (arg.starts_with('/') || windows) && !Path::new(arg).exists() {
        if let Some((node, local)) = arg.split_once('=') {
            if !local.is_empty() {
                return (Some(node), local);
            }
        }
    }
    (None, arg)
}

/// Joins a node directory and a relative path with `/`.
fn node_join(dir: &str, rel: &str) -> String {
    let dir = dir.trim_end_matches('/');
    format!("{dir}/{rel}")
}

/// Every regular file under `dir` (recursively; hidden entries skipped; directory symlinks not
/// followed), sorted by relative path, as `(relative path with '/', full path)`.
fn walk(dir: &Path) -> Result<Vec<(String, PathBuf)>, LoadError> {
    fn go(base: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<(), LoadError> {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .map_err(|e| load_error(dir, e))?
            .filter_map(|e| e.ok())
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let p = e.path();
            let ft = e.file_type().map_err(|err| load_error(&p, err))?;
            if ft.is_dir() {
                go(base, &p, out)?;
            } else if ft.is_file() || (ft.is_symlink() && p.is_file()) {
                let rel = p
                    .strip_prefix(base)
                    .unwrap_or(&p)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((rel, p));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    go(dir, dir, &mut out)?;
    Ok(out)
}

/// Whether a directory is laid out as a node's root file system (see [`ROOT_MARKERS`]).
pub fn looks_like_root(dir: &Path) -> bool {
    ROOT_MARKERS.iter().any(|m| dir.join(m).is_dir())
}

/// Loads the evidence named by `args` (see the module docs). `stdin` is read for `-`.
pub fn load(args: &[String], stdin: &mut dyn Read) -> Result<Vec<Artifact>, LoadError> {
    load_labelled(args, stdin).map(|(a, _)| a)
}

/// [`load`], with the local name of each artifact (the file as given, a file under a given
/// directory, `<stdin>`), for messages about artifacts that have no node path.
pub fn load_labelled(
    args: &[String],
    stdin: &mut dyn Read,
) -> Result<(Vec<Artifact>, Vec<String>), LoadError> {
    let mut out = Vec::new();
    let mut labels = Vec::new();
    let mut stdin_used = false;
    for arg in args {
        let (node, local) = split_node_path(arg);
        if local == "-" {
            if stdin_used {
                return Err(LoadError {
                    path: "-".into(),
                    message: "stdin given twice".into(),
                });
            }
            stdin_used = true;
            let mut bytes = Vec::new();
            stdin
                .take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| LoadError {
                    path: "<stdin>".into(),
                    message: e.to_string(),
                })?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            out.push(Artifact {
                text,
                path: node.map(str::to_string),
                kind: None,
            });
            labels.push("<stdin>".to_string());
            continue;
        }
        let local_path = Path::new(local);
        let md = fs::metadata(local_path).map_err(|e| load_error(local_path, e))?;
        if md.is_dir() {
            let files = walk(local_path)?;
            let as_root = node.is_none() && looks_like_root(local_path);
            for (rel, full) in files {
                let text = read_text(&full)?;
                let path = match node {
                    Some(n) => Some(node_join(n, &rel)),
                    None if as_root && rel.contains('/') => {
                        let top = rel.split('/').next().unwrap_or("");
                        ROOT_MARKERS.contains(&top).then(|| format!("/{rel}"))
                    }
                    None => None,
                };
                out.push(Artifact {
                    text,
                    path,
                    kind: None,
                });
                labels.push(full.display().to_string());
            }
        } else {
            let text = read_text(local_path)?;
            out.push(Artifact {
                text,
                path: node.map(str::to_string),
                kind: None,
            });
            labels.push(local.to_string());
        }
    }
    Ok((out, labels))
}

/// The names to give the artifacts in messages ([`kubeletlint::Report::name_artifacts`]): the
/// local name of each one that has no node path (the core calls it `artifact #N`).
pub fn local_names<'a>(artifacts: &[Artifact], labels: &'a [String]) -> Vec<Option<&'a str>> {
    artifacts
        .iter()
        .zip(labels)
        .map(|(a, l)| {
            let has_path = a.path.as_deref().is_some_and(|p| !p.trim().is_empty());
            (!has_path).then_some(l.as_str())
        })
        .collect()
}
