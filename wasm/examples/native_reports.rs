//! Runs every shared vector (`tests/vectors/*.json`) through the same glue as the WASM exports,
//! natively, and prints `{"<file name>": {"report": ...} | {"error": {...}}}` as JSON. The node
//! test compares the WASM build's answers with this, field for field.
//!
//!     cargo run -q -p kubeletlint-wasm --example native_reports -- tests/vectors > target/native-vector-reports.json

use kubeletlint_wasm::glue;
use serde_json::{json, Map, Value};
use std::{env, fs, process::ExitCode};

fn main() -> ExitCode {
    let dir = env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/vectors".to_string());
    let mut names: Vec<_> = match fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .collect(),
        Err(e) => {
            eprintln!("native_reports: {dir}: {e}");
            return ExitCode::FAILURE;
        }
    };
    names.sort();
    let mut out = Map::new();
    for name in names {
        let path = format!("{dir}/{name}");
        let vector: Value = match fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
        {
            Ok(v) => v,
            Err(e) => {
                eprintln!("native_reports: {path}: {e}");
                return ExitCode::FAILURE;
            }
        };
        let artifacts = vector.get("artifacts").map(Value::to_string);
        let options = vector
            .get("options")
            .filter(|o| !o.is_null())
            .map(Value::to_string);
        let result = match glue::check_json(artifacts.as_deref(), options.as_deref()) {
            Ok(report) => {
                json!({ "report": serde_json::from_str::<Value>(&report).unwrap_or(Value::Null) })
            }
            Err(e) => json!({ "error": {
                "message": glue::error_message(&e),
                "artifact": e.artifact, "line": e.line, "column": e.column,
            } }),
        };
        out.insert(name, result);
    }
    println!("{}", Value::Object(out));
    ExitCode::SUCCESS
}
