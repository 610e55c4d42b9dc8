#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Runs every shared vector in `tests/vectors/*.json` (the same files pytest and node run).

mod common;

use kubeletlint::{check, Artifact, Options};
use serde::Deserialize;

#[derive(Deserialize)]
struct Vector {
    id: String,
    #[serde(default)]
    artifacts: Vec<Artifact>,
    #[serde(default)]
    options: Option<Options>,
    expect: serde_json::Value,
}

#[test]
fn shared_vectors() {
    let dir = common::repo_root().join("tests/vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/vectors exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 60,
        "expected the spec's vectors, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable vector");
        let v: Vector =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let opts = v.options.clone().unwrap_or_default();
        let result = std::panic::catch_unwind(|| check(&v.artifacts, &opts));
        let Ok(result) = result else {
            failures.push(format!("{}: panicked", v.id));
            continue;
        };
        let want_error = v
            .expect
            .get("error")
            .and_then(|e| e.as_bool())
            .unwrap_or(false);
        match result {
            Err(e) => {
                if !want_error {
                    failures.push(format!("{}: unexpected input error: {e}", v.id));
                }
            }
            Ok(r) => {
                if want_error {
                    failures.push(format!(
                        "{}: expected an input error, got verdict {}",
                        v.id, r.verdict
                    ));
                    continue;
                }
                let mut problems = Vec::new();
                if let Some(want) = v.expect.get("verdict").and_then(|x| x.as_str()) {
                    if r.verdict.as_str() != want {
                        problems.push(format!("verdict {} (want {want})", r.verdict));
                    }
                }
                if let Some(want) = v.expect.get("client_ca_file") {
                    let got = serde_json::to_value(&r.client_ca_file).unwrap_or_default();
                    if &got != want {
                        problems.push(format!("client_ca_file {got} (want {want})"));
                    }
                }
                let codes = r.codes();
                for c in v
                    .expect
                    .get("codes")
                    .and_then(|x| x.as_array())
                    .into_iter()
                    .flatten()
                {
                    let c = c.as_str().unwrap_or_default();
                    if !codes.contains(&c) {
                        problems.push(format!("missing code {c} (have {codes:?})"));
                    }
                }
                for c in v
                    .expect
                    .get("absent_codes")
                    .and_then(|x| x.as_array())
                    .into_iter()
                    .flatten()
                {
                    let c = c.as_str().unwrap_or_default();
                    if codes.contains(&c) {
                        problems.push(format!("unexpected code {c}"));
                    }
                }
                if !problems.is_empty() {
                    failures.push(format!("{}: {} — {}", v.id, problems.join("; "), r.summary));
                }
            }
        }
    }
    println!("{} vectors, {} failing", files.len(), failures.len());
    assert!(
        failures.is_empty(),
        "{} of {} vectors fail:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}
