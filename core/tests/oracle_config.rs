//! The config layer against the reference oracle (`shared/tools/kubelet-oracle`): every case
//! whose argv is only `--config` (and optionally `--config-dir`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use kubeletlint::config::{dropin_order, evaluate, Doc, MergeMode};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn shared_dir() -> Option<PathBuf> {
    let mut c = Vec::new();
    if let Ok(s) = std::env::var("KUBELETLINT_SHARED") {
        c.push(PathBuf::from(s));
    }
    c.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    c.push(PathBuf::from("/work/shared"));
    c.into_iter()
        .find(|p| p.join("tools/kubelet-oracle/cases.jsonl").is_file())
}

fn clean(p: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            x => out.push(x),
        }
    }
    format!("/{}", out.join("/"))
}

fn abs(cwd: &str, p: &str) -> String {
    if p.starts_with('/') {
        clean(p)
    } else {
        clean(&format!("{cwd}/{p}"))
    }
}

fn argv_of(input: &Value) -> Vec<String> {
    input["argv"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// `(--config, --config-dir)` when argv holds nothing else.
fn config_args(argv: &[String]) -> Option<(Option<String>, Option<String>)> {
    let mut cfg = None;
    let mut dir = None;
    let mut it = argv.iter().skip(1);
    let mut any = false;
    while let Some(a) = it.next() {
        any = true;
        if let Some(v) = a.strip_prefix("--config=") {
            cfg = Some(v.to_string());
        } else if let Some(v) = a.strip_prefix("--config-dir=") {
            dir = Some(v.to_string());
        } else if a == "--config" {
            cfg = Some(it.next()?.clone());
        } else if a == "--config-dir" {
            dir = Some(it.next()?.clone());
        } else {
            return None;
        }
    }
    if !any {
        return None;
    }
    Some((cfg.filter(|c| !c.is_empty()), dir.filter(|d| !d.is_empty())))
}

#[derive(Debug)]
enum Outcome {
    Runs {
        ca: String,
        anon: bool,
        webhook: bool,
    },
    Refuses(String),
    /// Decided before the config layer (flag parsing, the alpha env gate): not this module's.
    NotConfigLayer(String),
}

fn run_case(input: &Value, judged: u32) -> Outcome {
    let (cfg, dir) = config_args(&argv_of(input)).unwrap();
    let cwd = input["cwd"].as_str().unwrap_or("/");
    let files: BTreeMap<String, String> = input["files"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (clean(k), v.as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let dirs: Vec<String> = input["dirs"]
        .as_array()
        .map(|a| a.iter().map(|d| clean(d.as_str().unwrap())).collect())
        .unwrap_or_default();
    let under = |f: &str, root: &str| f.starts_with(&format!("{}/", root.trim_end_matches('/')));
    let is_dir =
        |p: &str| dirs.iter().any(|d| d == p || under(d, p)) || files.keys().any(|f| under(f, p));
    // the caller's part: flags, the alpha gate, reading files
    if dir.is_some() && judged < 28 {
        return Outcome::NotConfigLayer("`--config-dir` is an unknown flag before 1.28".into());
    }
    if dir.is_some()
        && judged <= 29
        && input["env"]
            .get("KUBELET_CONFIG_DROPIN_DIR_ALPHA")
            .is_none()
    {
        return Outcome::NotConfigLayer("1.28-1.29 need KUBELET_CONFIG_DROPIN_DIR_ALPHA".into());
    }
    let main_path = cfg.as_ref().map(|c| abs(cwd, c));
    if let Some(p) = &main_path {
        if !files.contains_key(p) {
            return Outcome::Refuses(format!("caller: cannot read {p}"));
        }
    }
    let mut dropin_paths: Vec<&str> = Vec::new();
    if let Some(d) = &dir {
        let root = abs(cwd, d);
        if !files.contains_key(&root) && !is_dir(&root) {
            return Outcome::Refuses(format!("caller: no such directory {root}"));
        }
        let all: Vec<&str> = files
            .keys()
            .filter(|f| **f == root || under(f, &root))
            .map(String::as_str)
            .collect();
        dropin_paths = dropin_order(&root, &all).0;
    }
    let main_doc = main_path.as_ref().map(|p| Doc {
        artifact: 0,
        name: p,
        path: Some(p),
        text: &files[p],
    });
    let drops: Vec<Doc<'_>> = dropin_paths
        .iter()
        .enumerate()
        .map(|(i, p)| Doc {
            artifact: i + 1,
            name: p,
            path: Some(p),
            text: &files[*p],
        })
        .collect();
    let mode = if (28..=31).contains(&judged) {
        MergeMode::Internal
    } else {
        MergeMode::V1beta1
    };
    let out = evaluate(main_doc.as_ref(), main_path.as_deref(), &drops, mode);
    if let Some(f) = out.fatal {
        return Outcome::Refuses(f.message);
    }
    let ca = out.client_ca_file.map(|v| v.value).unwrap_or_default();
    // Z7 is the caller's decision, from this module's outputs
    if ca.is_empty() && !out.anonymous_enabled && !out.webhook_enabled {
        return Outcome::Refuses("no authentication method configured (Z7)".into());
    }
    Outcome::Runs {
        ca,
        anon: out.anonymous_enabled,
        webhook: out.webhook_enabled,
    }
}

#[test]
fn config_layer_agrees_with_the_oracle() {
    let Some(shared) = shared_dir() else {
        println!("skipped: shared/tools/kubelet-oracle not found (set KUBELETLINT_SHARED)");
        return;
    };
    let dir = shared.join("tools/kubelet-oracle");
    let cases = std::fs::read_to_string(dir.join("cases.jsonl")).unwrap();
    let expected = std::fs::read_to_string(dir.join("cases-expected.jsonl")).unwrap();
    let expected: BTreeMap<String, Value> = expected
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (v["id"].as_str().unwrap().to_string(), v["output"].clone())
        })
        .collect();
    let (mut checked, mut skipped, mut mismatches) = (0, 0, Vec::new());
    for line in cases.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).unwrap();
        let id = case["id"].as_str().unwrap();
        let input = &case["input"];
        if config_args(&argv_of(input)).is_none() {
            continue;
        }
        let exp = &expected[id];
        let judged: u32 = exp["judged_version"]
            .as_str()
            .unwrap()
            .trim_start_matches("1.")
            .parse()
            .unwrap();
        // an explicit merge_mode input overrides the version's merge generation
        let judged = match input.get("merge_mode").and_then(Value::as_str) {
            Some("internal") if !(28..=31).contains(&judged) => 31,
            Some("v1beta1") => judged.max(32),
            _ => judged,
        };
        let got = run_case(input, judged);
        let refuses = exp["refuses_to_start"].as_bool().unwrap();
        let verdict = match &got {
            Outcome::NotConfigLayer(why) => {
                assert!(refuses, "{id}: oracle runs but the harness says {why}");
                println!("{id}: skipped ({why}; the oracle refuses too)");
                skipped += 1;
                continue;
            }
            Outcome::Refuses(msg) => {
                if refuses {
                    None
                } else {
                    Some(format!(
                        "refuses ({msg}), oracle runs with {}",
                        exp["client_ca_file"]
                    ))
                }
            }
            Outcome::Runs { ca, anon, webhook } => {
                if refuses {
                    Some(format!(
                        "runs with {ca:?}, oracle refuses: {}",
                        exp["error"]
                    ))
                } else if exp["client_ca_file"].as_str() != Some(ca.as_str())
                    || exp["anonymous_auth"].as_bool() != Some(*anon)
                    || exp["webhook_authn"].as_bool() != Some(*webhook)
                {
                    Some(format!(
                        "got ca={ca:?} anon={anon} webhook={webhook}, oracle ca={} anon={} webhook={}",
                        exp["client_ca_file"], exp["anonymous_auth"], exp["webhook_authn"]
                    ))
                } else {
                    None
                }
            }
        };
        checked += 1;
        if let Some(m) = verdict {
            println!("MISMATCH {id}: {m}");
            mismatches.push(id.to_string());
        }
    }
    println!(
        "oracle cases checked: {checked}, skipped (decided before the config layer): {skipped}, mismatches: {}",
        mismatches.len()
    );
    assert!(
        checked >= 50,
        "expected the config cases of the oracle, found {checked}"
    );
    assert!(mismatches.is_empty(), "mismatches: {mismatches:?}");
}
