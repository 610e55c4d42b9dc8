//! Prints the text report (or `--json`) of one shared vector: `cargo run -p kubeletlint --example vector -- tests/vectors/T67.json`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .expect("a vector file");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let artifacts: Vec<kubeletlint::Artifact> =
        serde_json::from_value(v["artifacts"].clone()).unwrap();
    let options: kubeletlint::Options = v
        .get("options")
        .map(|o| serde_json::from_value(o.clone()).unwrap())
        .unwrap_or_default();
    match kubeletlint::check(&artifacts, &options) {
        Ok(r) if args.iter().any(|a| a == "--json") => {
            println!("{}", kubeletlint::render::json(&r))
        }
        Ok(r) => print!("{}", kubeletlint::render::text(&r, false)),
        Err(e) => println!("input error: {e}"),
    }
}
