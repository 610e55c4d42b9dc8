//! Dumps `flags::analyze` results over the differential, value, oracle and systemd inputs and
//! variants of them (appended `--config`, leading `--config-dir`, a bare global bool flag, two
//! inputs spliced; explicit versions, Windows, the drop-in env), for byte-for-byte before/after
//! comparisons of `flags.rs` changes: `cargo run --release --example flags_dump > out.txt`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
use kubeletlint::flags::{analyze, parse_version, Os};
use std::io::Write;

/// argv without argv[0], explicit version, OS, drop-in env.
type Input = (Vec<String>, Option<u16>, Os, Option<bool>);

fn main() {
    let d = concat!(env!("CARGO_MANIFEST_DIR"), "/");
    let files = [
        format!("{d}tests/data/flags-differential.jsonl"),
        format!("{d}tests/data/flags-values-differential.jsonl"),
        format!("{d}../../../shared/tools/kubelet-oracle/cases.jsonl"),
        format!("{d}tests/data/systemd-differential.jsonl"),
    ];
    let mut argvs: Vec<Input> = Vec::new();
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            eprintln!("skip {f}");
            continue;
        };
        for l in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let input = if v.get("input").is_some() {
                &v["input"]
            } else {
                &v
            };
            let Some(a) = input["argv"].as_array() else {
                continue;
            };
            let a: Vec<String> = a
                .iter()
                .map(|s| s.as_str().unwrap_or("").to_string())
                .collect();
            let args = a.get(1..).unwrap_or(&[]).to_vec();
            let os = if input["os"].as_str() == Some("windows") {
                Os::Windows
            } else {
                Os::Linux
            };
            let env = Some(
                input["env"]
                    .get("KUBELET_CONFIG_DROPIN_DIR_ALPHA")
                    .is_some(),
            );
            let ex = input["version"].as_str().and_then(parse_version);
            argvs.push((args, ex, os, env));
        }
    }
    let n0 = argvs.len();
    eprintln!("{n0} base inputs");
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let mut count = 0usize;
    for (k, (args, ex, os, env)) in argvs.iter().enumerate() {
        let mut variants: Vec<Vec<String>> = vec![args.clone()];
        let mut c = args.clone();
        c.push("--config=/c.yaml".into());
        variants.push(c);
        let mut c = vec!["--config-dir=/d".to_string()];
        c.extend(args.iter().cloned());
        variants.push(c);
        let mut c = vec!["--logtostderr".to_string()];
        c.extend(args.iter().cloned());
        c.push("--config".into());
        c.push("/c.yaml".into());
        variants.push(c);
        // splice with another input
        if let Some((o, _, _, _)) = argvs.get((k * 7 + 3) % n0) {
            let mut c = args.clone();
            c.extend(o.iter().cloned());
            variants.push(c);
        }
        for v in &variants {
            let mut params = vec![(*ex, *os, *env), (None, Os::Linux, None)];
            if k % 5 == 0 {
                for m in [9u16, 10, 11, 23, 25, 28, 29, 30, 37, 40] {
                    params.push((Some(m), Os::Linux, None));
                }
                params.push((None, Os::Windows, Some(false)));
                params.push((Some(28), Os::Linux, Some(true)));
                params.push((Some(29), Os::Windows, Some(false)));
            }
            for (e, o, en) in params {
                let r = analyze(v, e, o, en);
                writeln!(out, "{v:?} {e:?} {o:?} {en:?}\n{r:#?}").unwrap();
                count += 1;
            }
        }
    }
    eprintln!("{count} analyses");
}
