//! Replays the systemd oracle (a real systemd 252, `shared/tools/systemd-oracle/`) against
//! `kubeletlint::systemd::reconstruct`: the oracle's own 20 cases (read from `shared/` when it is
//! there) and our differential cases with their recorded outputs
//! (`tests/data/systemd-differential.jsonl`, always).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use kubeletlint::systemd::{reconstruct_with, EnvDoc, Reconstruction, SpecifierContext, UnitDoc};
use serde_json::Value;
use std::path::PathBuf;

fn shared_dir() -> Option<PathBuf> {
    let mut cands = Vec::new();
    if let Ok(s) = std::env::var("KUBELETLINT_SHARED") {
        cands.push(PathBuf::from(s));
    }
    cands.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    cands.push(PathBuf::from("/work/shared"));
    cands
        .into_iter()
        .find(|p| p.join("tools/systemd-oracle/cases.jsonl").is_file())
}

struct Owned {
    units: Vec<(String, String, bool)>, // path, text, dropin
    envs: Vec<(String, String)>,
}

fn is_unit_dir(dir: &str) -> bool {
    let d = dir.strip_prefix("/usr").unwrap_or(dir);
    d.starts_with("/etc/systemd/")
        || d.starts_with("/run/systemd/")
        || d.starts_with("/lib/systemd/")
        || d.starts_with("/local/lib/systemd/")
}

fn owned(case: &Value) -> Owned {
    let name = case
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("kubelet.service")
        .to_string();
    let mut o = Owned {
        units: vec![],
        envs: vec![],
    };
    if let Some(u) = case.get("unit").and_then(Value::as_str) {
        o.units
            .push((format!("/etc/systemd/system/{name}"), u.to_string(), false));
    }
    if let Some(d) = case.get("dropins").and_then(Value::as_object) {
        for (f, t) in d {
            o.units.push((
                format!("/etc/systemd/system/{name}.d/{f}"),
                t.as_str().unwrap_or("").to_string(),
                true,
            ));
        }
    }
    if let Some(files) = case.get("files").and_then(Value::as_object) {
        for (p, t) in files {
            let t = t.as_str().unwrap_or("").to_string();
            let (dir, _) = p.rsplit_once('/').unwrap_or(("", p));
            if is_unit_dir(dir) && p.ends_with(".service") {
                o.units.push((p.clone(), t, false));
            } else if dir.ends_with(".d") && is_unit_dir(dir) {
                o.units.push((p.clone(), t, true));
            } else {
                o.envs.push((p.clone(), t));
            }
        }
    }
    o
}

fn run(o: &Owned) -> Reconstruction {
    let units: Vec<UnitDoc> = o
        .units
        .iter()
        .enumerate()
        .map(|(i, (p, t, d))| UnitDoc {
            artifact: i,
            name: p,
            path: Some(p),
            text: t,
            dropin: *d,
        })
        .collect();
    let envs: Vec<EnvDoc> = o
        .envs
        .iter()
        .enumerate()
        .map(|(i, (p, t))| EnvDoc {
            artifact: 100 + i,
            name: p,
            path: Some(p),
            text: t,
        })
        .collect();
    let ctx = SpecifierContext {
        hostname: Some("oracle".into()),
        ..Default::default()
    };
    reconstruct_with(&units, &envs, &ctx)
}

fn strs(v: &Value) -> Option<Vec<String>> {
    v.as_array().map(|a| {
        a.iter()
            .map(|x| x.as_str().unwrap_or("").to_string())
            .collect()
    })
}

fn base(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

fn same_argv(ours: &[String], theirs: &[String]) -> bool {
    ours.len() == theirs.len()
        && ours
            .iter()
            .zip(theirs)
            .enumerate()
            .all(|(i, (a, b))| a == b || (i == 0 && base(a) == base(b)))
}

/// Compares one case; returns a description of the disagreement.
fn check(case: &Value, out: &Value) -> Option<String> {
    let rec = run(&owned(case));
    // "compare": "kubelet" = the oracle ran a real shell and recorded the kubelet's own argv.
    let kubelet_side = case.get("compare").and_then(Value::as_str) == Some("kubelet");
    // `exec_argv` is empty when the command is the kubelet's argv itself.
    let shown = if kubelet_side || rec.exec_argv.is_empty() {
        &rec.argv
    } else {
        &rec.exec_argv
    };
    let ours: Vec<String> = shown.iter().map(|a| a.value.clone()).collect();
    let err = out.get("error").and_then(Value::as_str);
    match err {
        Some(e) if e.starts_with("oracle failure") => Some(format!("oracle failure: {e}")),
        Some(e) if e.contains("Failed to load environment files") => {
            if rec.refused.is_some() || rec.missing_required_env_files.is_empty() {
                Some(format!(
                    "oracle: missing required env file; ours: refused={:?} missing={:?}",
                    rec.refused.map(|d| d.message),
                    rec.missing_required_env_files
                ))
            } else {
                None
            }
        }
        Some(e) => {
            if rec.refused.is_none() {
                Some(format!("oracle refused ({e}); ours: argv {ours:?}"))
            } else {
                None
            }
        }
        None => {
            if let Some(r) = &rec.refused {
                return Some(format!(
                    "we refused ({}) but oracle ran {:?}",
                    r.message,
                    out.get("argv")
                ));
            }
            let all: Vec<Vec<String>> = out
                .get("all_argv")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(strs).collect())
                .unwrap_or_default();
            let first = out.get("argv").and_then(strs).unwrap_or_default();
            if same_argv(&ours, &first) || all.iter().any(|t| same_argv(&ours, t)) {
                None
            } else {
                Some(format!(
                    "argv differs:\n  ours:   {ours:?}\n  oracle: {first:?}"
                ))
            }
        }
    }
}

fn replay(pairs: Vec<(Value, Value)>) -> (usize, Vec<String>) {
    let mut bad = Vec::new();
    let n = pairs.len();
    for (c, o) in pairs {
        let id = c
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string();
        if let Some(why) = check(&c, &o) {
            bad.push(format!("{id}: {why}"));
        }
    }
    (n, bad)
}

fn lines(p: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn oracle_cases_agree() {
    let Some(shared) = shared_dir() else {
        println!("skipped: shared/tools/systemd-oracle not found (set KUBELETLINT_SHARED)");
        return;
    };
    let dir = shared.join("tools/systemd-oracle");
    let cases = lines(&dir.join("cases.jsonl"));
    let outs = lines(&dir.join("outputs.jsonl"));
    let pairs: Vec<(Value, Value)> = cases
        .into_iter()
        .map(|c| {
            let id = c.get("id").cloned();
            let o = outs
                .iter()
                .find(|o| o.get("id").cloned() == id)
                .cloned()
                .unwrap();
            (c, o)
        })
        .collect();
    let (n, bad) = replay(pairs);
    assert!(
        bad.is_empty(),
        "{} of {n} oracle cases disagree:\n{}",
        bad.len(),
        bad.join("\n")
    );
    println!("{n} oracle cases agree");
}

#[test]
fn differential_cases_agree() {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/systemd-differential.jsonl");
    let pairs: Vec<(Value, Value)> = lines(&p)
        .into_iter()
        .map(|v| {
            (
                v.get("case").cloned().unwrap(),
                v.get("output").cloned().unwrap(),
            )
        })
        .collect();
    assert!(
        pairs.len() >= 40,
        "expected at least 40 differential cases, got {}",
        pairs.len()
    );
    let (n, bad) = replay(pairs);
    assert!(
        bad.is_empty(),
        "{} of {n} differential cases disagree:\n{}",
        bad.len(),
        bad.join("\n")
    );
    println!("{n} differential cases agree");
}
