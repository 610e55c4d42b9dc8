//! Prints every rendering of every shared vector, corpus case and benchmark input, one after
//! the other, so two builds can be compared byte for byte (development aid for speed work):
//! `cargo run -q --release -p kubeletlint --example golden > /tmp/before.txt`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod common;

use kubeletlint::{check, render, Artifact, ArtifactKind, Options};
use std::path::Path;

fn emit(name: &str, artifacts: &[Artifact], options: &Options) {
    println!("=== {name}");
    match check(artifacts, options) {
        Ok(r) => {
            println!("{}", render::json(&r));
            println!("{}", render::text(&r, false));
            println!("{}", render::kube_bench(&r));
            println!("{}", render::sarif(&r));
        }
        Err(e) => println!("input error: {e}"),
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files: Vec<_> = std::fs::read_dir(root.join("tests/vectors"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for f in files {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        let artifacts: Vec<Artifact> = serde_json::from_value(v["artifacts"].clone()).unwrap();
        let options: Options = v
            .get("options")
            .map(|o| serde_json::from_value(o.clone()).unwrap())
            .unwrap_or_default();
        emit(&f.display().to_string(), &artifacts, &options);
        // The same evidence with detected kinds and without paths.
        let bare: Vec<Artifact> = artifacts
            .iter()
            .map(|a| Artifact::new(a.text.clone()))
            .collect();
        emit(&format!("{} (bare)", f.display()), &bare, &options);
    }
    let cases = root.join("../shared/corpus/cases");
    if let Ok(rd) = std::fs::read_dir(&cases) {
        let mut dirs: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        dirs.sort();
        for dir in dirs {
            let Ok(c) = std::fs::read_to_string(dir.join("case.json")) else {
                continue;
            };
            let case: serde_json::Value = serde_json::from_str(&c).unwrap();
            let mut artifacts = Vec::new();
            for (file, label) in case["artifacts"].as_object().unwrap() {
                let bytes = std::fs::read(dir.join(file)).unwrap();
                let path = case
                    .get("on_node")
                    .and_then(|m| m.get(file))
                    .and_then(|p| p.as_str())
                    .map(String::from);
                artifacts.push(Artifact {
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                    path,
                    kind: ArtifactKind::parse(label.as_str().unwrap_or("")),
                });
            }
            emit(&dir.display().to_string(), &artifacts, &Options::default());
        }
    }
    emit("bench configz", &common::configz(), &Options::default());
    emit("bench bundle", &common::aks_bundle(), &Options::default());
    emit("bench process", &common::aks_process(), &Options::default());
}
