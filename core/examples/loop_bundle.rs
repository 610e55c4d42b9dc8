//! Runs check() on the benchmark's AKS bundle (or the /configz payload with `configz`, the cmdline + config pair with `process`) in a loop,
//! for profilers: `valgrind --tool=callgrind target/release/examples/loop_bundle`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod common;

use kubeletlint::*;
fn main() {
    let d = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/data/");
    let rd = |f: &str| std::fs::read_to_string(format!("{d}{f}")).unwrap();
    let which = std::env::args().nth(1).unwrap_or_default();
    if which == "ignored" {
        let t = rd("configz.json");
        for _ in 0..std::env::args()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .unwrap_or(200usize)
        {
            std::hint::black_box(
                serde_json::from_str::<serde::de::IgnoredAny>(std::hint::black_box(&t)).unwrap(),
            );
        }
        return;
    }
    let arts = match which.as_str() {
        "configz" => common::configz(),
        "process" => common::aks_process(),
        _ => common::aks_bundle(),
    };
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    for _ in 0..n {
        std::hint::black_box(check(&arts, &Options::default()).unwrap());
    }
}
