//! The evidence readers against the shared real-artifact corpus (`shared/corpus/cases/*`).
//!
//! The corpus lives outside the repository: `KUBELETLINT_SHARED`, else
//! `$CARGO_MANIFEST_DIR/../../shared`, else `/work/shared`. When none exists the tests print why
//! and pass (nothing to check against).

// Test code: a failed expectation should panic with a message.
#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used
)]

use kubeletlint::evidence::{check_ca_bundle, detect_kind, extract_cmdlines, CaCheck};
use kubeletlint::ArtifactKind;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn shared_dir() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Ok(p) = std::env::var("KUBELETLINT_SHARED") {
        candidates.push(PathBuf::from(p));
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    candidates.push(PathBuf::from("/work/shared"));
    candidates
        .into_iter()
        .find(|p| p.join("corpus/cases").is_dir())
}

struct Case {
    id: String,
    dir: PathBuf,
    json: Value,
}

fn cases() -> Option<Vec<Case>> {
    let Some(shared) = shared_dir() else {
        println!("skipping: no shared/corpus (set KUBELETLINT_SHARED)");
        return None;
    };
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(shared.join("corpus/cases"))
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    dirs.sort();
    for dir in dirs {
        let Ok(text) = std::fs::read_to_string(dir.join("case.json")) else {
            continue;
        };
        let Ok(json) = serde_json::from_str::<Value>(&text) else {
            panic!("{}: case.json does not parse", dir.display())
        };
        let id = json["id"].as_str().unwrap_or_default().to_string();
        out.push(Case { id, dir, json });
    }
    assert!(!out.is_empty(), "corpus found but no cases");
    Some(out)
}

fn artifacts(case: &Case) -> Vec<(String, String)> {
    case.json["artifacts"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

fn read(case: &Case, name: &str) -> String {
    let bytes =
        std::fs::read(case.dir.join(name)).unwrap_or_else(|e| panic!("{}/{name}: {e}", case.id));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A `.conf` directly under a `*.d/` directory that is not a systemd `*.service.d/`: a
/// `--config-dir` drop-in.
fn is_config_dropin_path(path: &str) -> bool {
    let mut parts = path.rsplit('/');
    let name = parts.next().unwrap_or("");
    let parent = parts.next().unwrap_or("");
    name.ends_with(".conf") && parent.ends_with(".d") && !parent.ends_with(".service.d")
}

/// The kind the corpus label means for a given path (or none).
///
/// Decision: the corpus labels `config.json.d/00-nodeadm.conf` and
/// `kubelet.conf.d/00-rke2-defaults.conf` `kubelet-config-json`/`-yaml` (their content is a
/// `KubeletConfiguration`), but where they sit makes them `--config-dir` drop-ins, which the
/// kubelet merges differently (spec C). With the path known, kubeletlint says config-dropin;
/// from content alone it can only say kubelet-config.
fn expected(label: &str, path: Option<&str>) -> Option<ArtifactKind> {
    let kind = ArtifactKind::parse(label)?;
    if kind == ArtifactKind::KubeletConfig && path.is_some_and(is_config_dropin_path) {
        return Some(ArtifactKind::ConfigDropin);
    }
    Some(kind)
}

#[test]
fn detect_kind_matches_corpus_labels() {
    let Some(cases) = cases() else { return };
    let mut checked = 0usize;
    let mut mismatches = Vec::new();
    for case in &cases {
        for (name, label) in artifacts(case) {
            let text = read(case, &name);
            let on_node = case.json["on_node"][name.as_str()]
                .as_str()
                .map(str::to_string);
            let mut paths: Vec<Option<String>> = vec![None, Some(name.clone())];
            if on_node.is_some() {
                paths.push(on_node);
            }
            for path in paths {
                let want = expected(&label, path.as_deref());
                let got = detect_kind(&text, path.as_deref());
                checked += 1;
                if got != want {
                    mismatches.push(format!(
                        "{}/{name} (path {:?}): corpus {label} -> want {want:?}, got {got:?}",
                        case.id, path
                    ));
                }
            }
        }
    }
    for m in &mismatches {
        println!("MISMATCH {m}");
    }
    println!(
        "detect_kind: {checked} checks, {} mismatches",
        mismatches.len()
    );
    assert!(mismatches.is_empty(), "{mismatches:#?}");
}

#[test]
fn extract_cmdlines_finds_the_kubelet_in_every_cmdline_artifact() {
    let Some(cases) = cases() else { return };
    let mut checked = 0usize;
    for case in &cases {
        for (name, label) in artifacts(case) {
            if label != "cmdline" {
                continue;
            }
            let text = read(case, &name);
            let c = extract_cmdlines(&text);
            let kubelets: Vec<_> = c.kubelets().collect();
            let summary: Vec<(String, bool, usize)> = c
                .processes
                .iter()
                .map(|p| (p.program.clone(), p.is_kubelet, p.argv.len()))
                .collect();
            println!("{}/{name}: {summary:?}", case.id);
            // Every cmdline artifact of the corpus shows the kubelet (as a process, an
            // in-process k3s `Running kubelet` line, a `hyperkube kubelet` container or an
            // args file).
            assert_eq!(kubelets.len(), 1, "{}/{name}: {c:#?}", case.id);
            let k = kubelets.first().copied().unwrap_or_else(|| unreachable!());
            assert!(k.args().iter().all(|a| !a.is_empty()) || k.args().is_empty());
            // Every word's offset points at its text (exact for unquoted words).
            for w in &k.argv {
                if !k.has_synthetic_argv0() || w.offset > 0 {
                    let at = text.get(w.offset..).unwrap_or("");
                    let first = w.value.chars().next();
                    assert!(
                        first.is_none()
                            || at.starts_with(first.unwrap_or(' '))
                            || at.starts_with(['"', '\'']),
                        "{}/{name}: word {:?} at {} does not match the text",
                        case.id,
                        w.value,
                        w.offset
                    );
                }
            }
            // The API server is never the kubelet.
            for p in &c.processes {
                if p.program.contains("apiserver") {
                    assert!(!p.is_kubelet, "{}/{name}", case.id);
                }
            }
            let truncated_case = case.id.contains("truncated");
            assert_eq!(k.truncated, truncated_case, "{}/{name}: truncated", case.id);
            checked += 1;
        }
    }
    println!("extract_cmdlines: {checked} cmdline artifacts");
}

#[test]
fn specific_corpus_cmdlines() {
    let Some(cases) = cases() else { return };
    let get = |id: &str, name: &str| -> Option<String> {
        cases.iter().find(|c| c.id == id).map(|c| read(c, name))
    };
    // The control-plane paste: the API server's `--client-ca-file` is not the kubelet's.
    if let Some(text) = get(
        "kubeadm-controlplane-ps-apiserver-trap",
        "ps-ef-grep-kubelet.txt",
    ) {
        let c = extract_cmdlines(&text);
        let k = c
            .kubelets()
            .next()
            .cloned()
            .unwrap_or_else(|| unreachable!());
        assert!(k.args().iter().all(|a| !a.starts_with("--client-ca-file")));
        assert!(c
            .processes
            .iter()
            .any(|p| p.program == "kube-apiserver" && !p.is_kubelet));
        assert!(c
            .processes
            .iter()
            .any(|p| p.program == "grep" && !p.is_kubelet));
    }
    // GKE `ps aux`: `--config /home/...` in the space form, health-monitor is `bash`.
    if let Some(text) = get("gke-ps-aux-config-space-form", "ps-aux-grep-kubelet.txt") {
        let c = extract_cmdlines(&text);
        let k = c
            .kubelets()
            .next()
            .cloned()
            .unwrap_or_else(|| unreachable!());
        assert!(k.lossy);
        let args = k.args();
        assert_eq!(
            args.get(args.len().saturating_sub(2)..),
            Some(&["--config", "/home/kubernetes/kubelet-config.yaml"][..])
        );
        assert!(c
            .processes
            .iter()
            .any(|p| p.program == "bash" && !p.is_kubelet));
    }
    // k3s: the kubelet runs in-process; its argv is in the `Running kubelet` log line.
    if let Some(text) = get(
        "k3s-journal-running-kubelet-lxe",
        "journal-running-kubelet.txt",
    ) {
        let c = extract_cmdlines(&text);
        let k = c
            .kubelets()
            .next()
            .cloned()
            .unwrap_or_else(|| unreachable!());
        assert!(k
            .args()
            .contains(&"--client-ca-file=/var/lib/rancher/k3s/agent/client-ca.crt"));
        assert!(k.args().last().is_some_and(|a| !a.ends_with('"')));
    }
    // The truncated `systemctl status`: cut at `--config>`.
    if let Some(text) = get(
        "kubeadm-systemctl-status-truncated",
        "systemctl-status-kubelet.txt",
    ) {
        let c = extract_cmdlines(&text);
        let k = c
            .kubelets()
            .next()
            .cloned()
            .unwrap_or_else(|| unreachable!());
        assert!(k.truncated && k.lossy);
        assert_eq!(k.args().last(), Some(&"--config"));
    }
    // microk8s args file: no argv[0], quotes removed as its shell wrapper does.
    if let Some(text) = get("microk8s-args-file-snap-vars", "args-kubelet") {
        let c = extract_cmdlines(&text);
        let k = c
            .kubelets()
            .next()
            .cloned()
            .unwrap_or_else(|| unreachable!());
        assert!(k.has_synthetic_argv0() && !k.lossy);
        assert!(k
            .args()
            .contains(&"--client-ca-file=${SNAP_DATA}/certs/ca.crt"));
        assert!(k.args().iter().all(|a| !a.contains('"')));
    }
    // kube-deploy: `docker run ... /hyperkube kubelet \` continued lines.
    if let Some(text) = get(
        "kube-deploy-docker-multinode-worker-fail",
        "docker-run-kubelet.sh",
    ) {
        let c = extract_cmdlines(&text);
        let k = c
            .kubelets()
            .next()
            .cloned()
            .unwrap_or_else(|| unreachable!());
        assert_eq!(k.program, "hyperkube kubelet");
        assert_eq!(k.args_start, 2);
        assert_eq!(k.args().last(), Some(&"--v=2"));
    }
}

#[test]
fn corpus_has_no_ca_bundles_but_the_check_handles_its_text() {
    // The corpus ships no CA files; make sure no artifact text is mistaken for a bundle.
    let Some(cases) = cases() else { return };
    for case in &cases {
        for (name, _) in artifacts(case) {
            let text = read(case, &name);
            assert!(
                matches!(check_ca_bundle(text.as_bytes()), CaCheck::Unusable(_)),
                "{}/{name}",
                case.id
            );
        }
    }
}
