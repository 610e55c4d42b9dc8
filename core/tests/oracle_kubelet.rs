//! Differential test of the whole pipeline against the kubelet oracle's recorded outputs
//! (`shared/tools/kubelet-oracle/cases.jsonl` + `cases-expected.jsonl`): the argv becomes an exact
//! `/proc/PID/cmdline` artifact, every file an artifact with its node path.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use kubeletlint::{check, Artifact, ArtifactKind, Options, Verdict};
use serde_json::Value;
use std::collections::HashMap;

/// Cases the evidence model cannot express as the oracle does, with why.
const SKIP: &[(&str, &str)] = &[
    (
        "T26",
        "`--config` names a directory: evidence is text files, a directory cannot be given",
    ),
    (
        "T22",
        "CWD other than `/` for a bare process: covered by vector T22 through `WorkingDirectory=`",
    ),
    (
        "D13",
        "forced merge_mode input; the version-driven merge is covered by V07-V09",
    ),
    (
        "D14",
        "forced merge_mode input; the version-driven merge is covered by V07-V09",
    ),
    (
        "D15",
        "forced merge_mode input; the version-driven merge is covered by V07-V09",
    ),
    (
        "V28",
        "an out-of-range version is an input error here (the oracle's input_error)",
    ),
];

/// `--config` / `--config-dir` values (last occurrence) that name nothing in the case's files or
/// dirs: absent on the node, as node mode would report them.
fn absent_paths(argv: &[String], input: &Value) -> Vec<String> {
    let files = input["files"].as_object().unwrap();
    let dirs: Vec<&str> = input
        .get("dirs")
        .and_then(|d| d.as_array())
        .map(|d| d.iter().filter_map(|x| x.as_str()).collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    for flag in ["--config=", "--config-dir="] {
        if let Some(v) = argv.iter().rev().find_map(|a| a.strip_prefix(flag)) {
            let v = v.trim_end_matches('/');
            let exists = files
                .keys()
                .any(|k| k == v || k.starts_with(&format!("{v}/")))
                || dirs.contains(&v);
            if !v.is_empty() && v.starts_with('/') && !exists {
                out.push(v.to_string());
            }
        }
    }
    out
}

#[test]
fn whole_pipeline_matches_kubelet_oracle() {
    let Some(shared) = common::shared_dir() else {
        println!("shared/ not found: oracle test skipped");
        return;
    };
    let dir = shared.join("tools/kubelet-oracle");
    let expected: HashMap<String, Value> =
        std::fs::read_to_string(dir.join("cases-expected.jsonl"))
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                (v["id"].as_str().unwrap().to_string(), v["output"].clone())
            })
            .collect();
    let mut mismatches = Vec::new();
    let mut compared = 0;
    for line in std::fs::read_to_string(dir.join("cases.jsonl"))
        .unwrap()
        .lines()
    {
        if line.trim().is_empty() {
            continue;
        }
        let case: Value = serde_json::from_str(line).unwrap();
        let id = case["id"].as_str().unwrap();
        if SKIP.iter().any(|s| s.0 == id) {
            continue;
        }
        let input = &case["input"];
        let out = &expected[id];
        let mut argv: Vec<String> = input["argv"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_string())
            .collect();
        if input.get("os").and_then(|o| o.as_str()) == Some("windows") {
            argv[0] = "C:\\k\\kubelet.exe".to_string();
        } else {
            argv[0] = "/usr/bin/kubelet".to_string();
        }
        let mut text = argv.join("\0");
        text.push('\0');
        let mut artifacts = vec![Artifact {
            text,
            path: Some("/proc/4242/cmdline".into()),
            kind: Some(ArtifactKind::Cmdline),
        }];
        let config_dir: Option<String> = argv.iter().rev().find_map(|a| {
            a.strip_prefix("--config-dir=")
                .map(|s| s.trim_end_matches('/').to_string())
        });
        for (path, content) in input["files"].as_object().unwrap() {
            let in_dir = config_dir
                .as_ref()
                .is_some_and(|d| path.starts_with(&format!("{d}/")) || path == d);
            let kind = if in_dir {
                ArtifactKind::ConfigDropin
            } else {
                ArtifactKind::KubeletConfig
            };
            artifacts.push(Artifact {
                text: content.as_str().unwrap().to_string(),
                path: Some(path.clone()),
                kind: Some(kind),
            });
        }
        let options = Options {
            kubelet_version: input
                .get("version")
                .and_then(|v| v.as_str())
                .map(String::from),
            dropin_alpha_env: input
                .get("env")
                .map(|e| e.get("KUBELET_CONFIG_DROPIN_DIR_ALPHA").is_some())
                .or(Some(false)),
            // What node mode would tell: the directories the case creates, and that a
            // `--config-dir` / `--config` path the case has no file for does not exist.
            empty_dirs: input
                .get("dirs")
                .and_then(|d| d.as_array())
                .map(|d| {
                    d.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default(),
            absent_paths: absent_paths(&argv, input),
            ..Default::default()
        };
        compared += 1;
        let report = match check(&artifacts, &options) {
            Ok(r) => r,
            Err(e) => {
                mismatches.push(format!("{id}: input error {e}"));
                continue;
            }
        };
        let refuses = out["refuses_to_start"].as_bool().unwrap_or(false);
        let value = out["client_ca_file"].as_str().unwrap_or("");
        // E2: a value that cannot name a CA file (a swallowed flag, a path with a space or a
        // literal `$`) makes the kubelet exit when it opens the file, outside the oracle.
        let unopenable = value.starts_with('-') || value.contains(char::is_whitespace);
        let want = if refuses || unopenable {
            Verdict::Invalid
        } else if value.is_empty() {
            Verdict::Fail
        } else {
            Verdict::Pass
        };
        let mut problems = Vec::new();
        if report.verdict != want {
            problems.push(format!(
                "verdict {} (oracle: {want}{})",
                report.verdict,
                out["error"]
                    .as_str()
                    .map(|e| format!(", {e}"))
                    .unwrap_or_default()
            ));
        }
        if want == Verdict::Pass && report.client_ca_file.as_deref() != Some(value) {
            problems.push(format!(
                "value {:?} (oracle {value:?})",
                report.client_ca_file
            ));
        }
        if let (Some(j), Some(w)) = (
            report.judged_version.as_ref(),
            out["judged_version"].as_str(),
        ) {
            if j.version != w {
                problems.push(format!("judged {} (oracle {w})", j.version));
            }
        }
        if !problems.is_empty() {
            mismatches.push(format!(
                "{id}: {} — {}",
                problems.join("; "),
                report.summary
            ));
        }
    }
    println!(
        "{compared} oracle cases compared, {} skipped, {} mismatching",
        SKIP.len(),
        mismatches.len()
    );
    assert!(compared > 100);
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
