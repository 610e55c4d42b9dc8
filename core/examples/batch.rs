//! Runs a JSON list of `{id, artifacts, expect}` cases and prints disagreements (development aid).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
fn main() {
    let path = std::env::args().nth(1).expect("a JSON file");
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut bad = 0;
    for c in &cases {
        let arts: Vec<kubeletlint::Artifact> =
            serde_json::from_value(c["artifacts"].clone()).unwrap();
        let want = c["expect"]["verdict"].as_str().unwrap_or("");
        let accept: Vec<&str> = c["expect"]["accept"]
            .as_array()
            .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
            .unwrap_or_default();
        match kubeletlint::check(&arts, &kubeletlint::Options::default()) {
            Ok(r) => {
                if r.verdict.as_str() != want && !accept.contains(&r.verdict.as_str()) {
                    bad += 1;
                    println!(
                        "{}: want {want}, got {} — {}",
                        c["id"], r.verdict, r.summary
                    );
                    for a in &r.artifacts {
                        println!("    {} {} {} {:?}", a.name, a.kind, a.role, a.note);
                    }
                }
            }
            Err(e) => {
                bad += 1;
                println!("{}: input error {e}", c["id"]);
            }
        }
    }
    println!("{} cases, {bad} disagree", cases.len());
}
