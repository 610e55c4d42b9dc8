//! `kubeletlint::flags` against the reference oracle (`shared/tools/kubelet-oracle/`):
//! its 143 recorded cases and the committed differential set `tests/data/flags-differential.jsonl`
//! (random command lines run through the oracle binary; see `gen_flags_differential.py`).
//!
//! For every case: the judged version and its reason. The refusal to start when it comes from
//! the command line (parse errors, positional words, `--help`/`--version`, the `--config-dir`
//! alpha gate, the precedence re-parse); refusals from the config file, the drop-ins or Z7 are
//! other modules' business. The effective client CA when the flags decide it.

use kubeletlint::flags::{analyze, parse_version, KubeletArgs, Os};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn shared_dir() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut candidates = Vec::new();
    if let Ok(p) = std::env::var("KUBELETLINT_SHARED") {
        candidates.push(PathBuf::from(p));
    }
    // CI: `shared/` is a sibling of the repository; a worktree under `wt/` is one level deeper.
    candidates.push(manifest.join("../../shared"));
    candidates.push(manifest.join("../../../shared"));
    candidates
        .into_iter()
        .find(|p| p.join("tools/kubelet-oracle/cases.jsonl").is_file())
}

fn read_jsonl(path: &Path) -> Result<Vec<Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(|e| format!("{}: {e}: {l}", path.display())))
        .collect()
}

/// The oracle errors that come from the config file, the drop-ins or Z7 (not from flags).
fn is_config_error(err: &str) -> bool {
    err.starts_with("failed to load kubelet config file")
        || err.starts_with("failed to merge kubelet configs")
        || err.starts_with("no authentication method configured")
}

/// Runs one case; returns a description of each disagreement.
fn check_case(id: &str, input: &Value, output: &Value) -> Vec<String> {
    let mut bad = Vec::new();
    let argv: Vec<String> = input["argv"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default();
    let args = argv.get(1..).unwrap_or(&[]).to_vec();
    let os = match input["os"].as_str() {
        Some("windows") => Os::Windows,
        _ => Os::Linux,
    };
    let env = Some(
        input["env"]
            .get("KUBELET_CONFIG_DROPIN_DIR_ALPHA")
            .is_some(),
    );
    let explicit = input["version"].as_str().filter(|s| !s.is_empty());
    if output.get("input_error").is_some_and(|e| !e.is_null()) {
        // The oracle refuses the input itself (a version outside 1.10-1.37); kubeletlint clamps
        // the version and says so. Nothing else to compare.
        let m = explicit.and_then(parse_version);
        if m.is_some_and(|m| (10..=37).contains(&m)) {
            bad.push(format!(
                "{id}: oracle input error {} but version {m:?} is in range",
                output["input_error"]
            ));
        }
        return bad;
    }
    let explicit = match explicit.map(|s| (s, parse_version(s))) {
        Some((s, None)) => {
            bad.push(format!("{id}: cannot parse version {s:?}"));
            return bad;
        }
        Some((_, m)) => m,
        None => None,
    };
    let k: KubeletArgs = analyze(&args, explicit, os, env);

    let judged = format!("1.{}", k.minor);
    if output["judged_version"].as_str() != Some(judged.as_str()) {
        bad.push(format!(
            "{id}: judged {judged}, oracle {}",
            output["judged_version"]
        ));
    }
    if output["version_reason"].as_str() != Some(k.version_reason.as_str()) {
        bad.push(format!(
            "{id}: reason {:?}, oracle {}",
            k.version_reason, output["version_reason"]
        ));
    }

    let refuses = output["refuses_to_start"].as_bool().unwrap_or(false);
    let err = output["error"].as_str().unwrap_or("");
    let mine = k.fatal.as_ref().map(|f| f.0.as_str());
    if refuses && is_config_error(err) {
        // Config loading happens before the alpha gate and the re-parse in the kubelet: only
        // those later checks may have fired here.
        if let Some(m) = mine {
            if !(m.starts_with("flag ") || m.starts_with("precedence re-parse")) {
                bad.push(format!("{id}: fatal {m:?}, oracle config error {err:?}"));
            }
        }
    } else if refuses {
        if mine != Some(err) {
            bad.push(format!("{id}: fatal {mine:?}, oracle {err:?}"));
        }
    } else if let Some(m) = mine {
        bad.push(format!("{id}: fatal {m:?}, oracle runs"));
    }

    if !refuses {
        let ca = output["client_ca_file"].as_str();
        let flags_only = k.config.as_ref().is_none_or(|o| o.value.is_empty())
            && k.config_dir.as_ref().is_none_or(|o| o.value.is_empty());
        let eff = k
            .client_ca_file_effective
            .as_ref()
            .map(|o| o.value.as_ref());
        if flags_only {
            if ca != Some(eff.unwrap_or("")) {
                bad.push(format!("{id}: client CA {eff:?}, oracle {ca:?}"));
            }
        } else if let Some(e) = eff {
            // the flag re-applied over the config decides
            if ca != Some(e) {
                bad.push(format!(
                    "{id}: client CA flag {e:?} re-applied, oracle {ca:?}"
                ));
            }
        }
        for (name, got, key) in [
            ("anonymous-auth", k.anonymous_auth, "anonymous_auth"),
            (
                "authentication-token-webhook",
                k.webhook_authn,
                "webhook_authn",
            ),
        ] {
            if let Some((b, _)) = got {
                if output[key].as_bool() != Some(b) {
                    bad.push(format!("{id}: --{name} {b}, oracle {}", output[key]));
                }
            }
        }
    }
    bad
}

#[test]
fn oracle_cases() -> Result<(), String> {
    let Some(shared) = shared_dir() else {
        println!("skipped: shared/tools/kubelet-oracle not found (set KUBELETLINT_SHARED)");
        return Ok(());
    };
    let dir = shared.join("tools/kubelet-oracle");
    let cases = read_jsonl(&dir.join("cases.jsonl"))?;
    let expected = read_jsonl(&dir.join("cases-expected.jsonl"))?;
    assert_eq!(cases.len(), expected.len());
    let mut bad = Vec::new();
    for (c, e) in cases.iter().zip(&expected) {
        let id = c["id"].as_str().unwrap_or("?");
        assert_eq!(Some(id), e["id"].as_str());
        bad.extend(check_case(id, &c["input"], &e["output"]));
    }
    for b in &bad {
        println!("MISMATCH {b}");
    }
    println!("{} oracle cases, {} mismatches", cases.len(), bad.len());
    if !bad.is_empty() {
        return Err(format!("{} mismatches with the oracle cases", bad.len()));
    }
    Ok(())
}

fn replay(path: &Path, min: usize) -> Result<(), String> {
    let cases = read_jsonl(path)?;
    if cases.len() < min {
        return Err(format!("{}: only {} cases", path.display(), cases.len()));
    }
    let mut bad = Vec::new();
    for c in &cases {
        let id = c["id"].as_str().unwrap_or("?");
        bad.extend(check_case(id, &c["input"], &c["output"]));
    }
    for b in &bad {
        println!("MISMATCH {b}");
    }
    println!(
        "{}: {} cases, {} mismatches",
        path.display(),
        cases.len(),
        bad.len()
    );
    if !bad.is_empty() {
        return Err(format!("{} mismatches with {}", bad.len(), path.display()));
    }
    Ok(())
}

/// Random command lines (`gen_flags_differential.py`); `KUBELETLINT_FLAGS_DIFFERENTIAL` replays
/// another file of the same shape instead (a bigger local run).
#[test]
fn differential_cases() -> Result<(), String> {
    match std::env::var("KUBELETLINT_FLAGS_DIFFERENTIAL") {
        Ok(p) => replay(Path::new(&p), 1),
        Err(_) => replay(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/flags-differential.jsonl"),
            500,
        ),
    }
}

/// Random values for each value type (`MODE=values gen_flags_differential.py`).
#[test]
fn differential_values() -> Result<(), String> {
    replay(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/flags-values-differential.jsonl"),
        500,
    )
}
