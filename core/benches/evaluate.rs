//! Benchmarks: a real-sized `/configz` payload against `serde_json` validating the same bytes
//! into `IgnoredAny` (target: at most 1.25x), and a whole AKS-like node bundle (target: < 10 µs).
//! Run: `cargo bench -p kubeletlint --bench evaluate`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use criterion::{criterion_group, Criterion, Throughput};
use kubeletlint::{check, Artifact, ArtifactKind, Options};
use std::hint::black_box;
use std::time::{Duration, Instant};

const CONFIGZ: &str = include_str!("data/configz.json");

fn configz() -> Vec<Artifact> {
    vec![Artifact::new(CONFIGZ).with_kind(ArtifactKind::Configz)]
}

fn aks_bundle() -> Vec<Artifact> {
    vec![
        Artifact::new(include_str!("data/aks-kubelet.service"))
            .with_path("/etc/systemd/system/kubelet.service")
            .with_kind(ArtifactKind::SystemdUnit),
        Artifact::new(include_str!("data/aks-default-kubelet"))
            .with_path("/etc/default/kubelet")
            .with_kind(ArtifactKind::EnvFile),
        Artifact::new(include_str!("data/aks-10-componentconfig.conf"))
            .with_path("/etc/systemd/system/kubelet.service.d/10-componentconfig.conf")
            .with_kind(ArtifactKind::SystemdDropin),
        Artifact::new(include_str!("data/aks-kubeletconfig.json"))
            .with_path("/etc/default/kubeletconfig.json")
            .with_kind(ArtifactKind::KubeletConfig),
    ]
}

fn benches(c: &mut Criterion) {
    let opts = Options::default();
    let cz = configz();
    let mut g = c.benchmark_group("configz");
    g.throughput(Throughput::Bytes(CONFIGZ.len() as u64));
    g.bench_function("kubeletlint::check", |b| {
        b.iter(|| check(black_box(&cz), &opts).unwrap())
    });
    g.bench_function("serde_json IgnoredAny", |b| {
        b.iter(|| serde_json::from_str::<serde::de::IgnoredAny>(black_box(CONFIGZ)).unwrap())
    });
    g.finish();
    let bundle = aks_bundle();
    let bytes: usize = bundle.iter().map(|a| a.text.len()).sum();
    let mut g = c.benchmark_group("node-bundle");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("aks unit+env+dropin+config", |b| {
        b.iter(|| check(black_box(&bundle), &opts).unwrap())
    });
    g.finish();
}

/// Median time per call over `rounds` rounds of `iters` calls.
fn median<F: FnMut()>(mut f: F, iters: u32, rounds: usize) -> Duration {
    let mut v: Vec<Duration> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..iters {
                f();
            }
            t.elapsed() / iters
        })
        .collect();
    v.sort();
    v[v.len() / 2]
}

fn summary() {
    let opts = Options::default();
    let cz = configz();
    let bundle = aks_bundle();
    assert_eq!(check(&cz, &opts).unwrap().verdict.as_str(), "pass");
    assert_eq!(check(&bundle, &opts).unwrap().verdict.as_str(), "pass");
    let mbs = |d: Duration, n: usize| n as f64 / d.as_secs_f64() / 1e6;
    let ours = median(
        || {
            black_box(check(black_box(&cz), &opts).unwrap());
        },
        2000,
        15,
    );
    let base = median(
        || {
            black_box(serde_json::from_str::<serde::de::IgnoredAny>(black_box(CONFIGZ)).unwrap());
        },
        2000,
        15,
    );
    let node = median(
        || {
            black_box(check(black_box(&bundle), &opts).unwrap());
        },
        2000,
        15,
    );
    let ratio = ours.as_secs_f64() / base.as_secs_f64();
    println!();
    println!("summary ({} byte /configz payload)", CONFIGZ.len());
    println!(
        "  kubeletlint::check(/configz)      {:>8.2} µs  {:>7.1} MB/s",
        ours.as_secs_f64() * 1e6,
        mbs(ours, CONFIGZ.len())
    );
    println!(
        "  serde_json -> IgnoredAny          {:>8.2} µs  {:>7.1} MB/s",
        base.as_secs_f64() * 1e6,
        mbs(base, CONFIGZ.len())
    );
    println!(
        "  ratio                             {ratio:>8.2}x   (target <= 1.25x) {}",
        if ratio <= 1.25 { "OK" } else { "OVER" }
    );
    println!(
        "  AKS node bundle (4 artifacts)     {:>8.2} µs               (target < 10 µs) {}",
        node.as_secs_f64() * 1e6,
        if node < Duration::from_micros(10) {
            "OK"
        } else {
            "OVER"
        }
    );
}

criterion_group!(group, benches);

fn main() {
    group();
    Criterion::default().configure_from_args().final_summary();
    summary();
}
