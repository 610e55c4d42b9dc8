//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The `shared/` folder beside the repository (CI lays it there), or `KUBELETLINT_SHARED`.
pub fn shared_dir() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("KUBELETLINT_SHARED") {
        let p = PathBuf::from(p);
        if p.is_dir() {
            return Some(p);
        }
    }
    let candidates = [repo_root().join("../shared"), PathBuf::from("/work/shared")];
    candidates
        .into_iter()
        .find(|p| p.join("docs/kubelet-semantics.md").is_file())
}
