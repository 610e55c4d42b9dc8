//! Benchmarks: a real-sized `/configz` payload against `serde_json` validating the same bytes
//! into `IgnoredAny` (target: at most 1.25x), and an AKS node bundle: its config file + command
//! line (target: < 10 µs), and the same node as systemd evidence (unit, env file, drop-in, config).
//! Run: `cargo bench -p kubeletlint --bench evaluate`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use criterion::{criterion_group, Criterion, Throughput};
use kubeletlint::{check, Options};
use std::hint::black_box;
use std::time::{Duration, Instant};

#[path = "../examples/common/mod.rs"]
mod common;
use common::{aks_bundle, aks_process, configz, CONFIGZ};

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
    let process = aks_process();
    g.bench_function("aks config+cmdline", |b| {
        b.iter(|| check(black_box(&process), &opts).unwrap())
    });
    g.finish();
}

/// Time per call of `f` over `iters` calls.
fn per_call<F: FnMut()>(f: &mut F, iters: u32) -> Duration {
    let t = Instant::now();
    for _ in 0..iters {
        f();
    }
    t.elapsed() / iters
}

fn median_of(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Medians over `rounds` rounds of `iters` calls each of `a` and of `b`, timed back to back
/// (in alternating order) so that a change in machine load hits both alike; the ratio is the
/// median of the per-round ratios.
fn paired<A: FnMut(), B: FnMut()>(
    mut a: A,
    mut b: B,
    iters: u32,
    rounds: usize,
) -> (f64, f64, f64) {
    let (mut ta, mut tb, mut r) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..rounds {
        let (x, y) = if i % 2 == 0 {
            let x = per_call(&mut a, iters);
            (x, per_call(&mut b, iters))
        } else {
            let y = per_call(&mut b, iters);
            (per_call(&mut a, iters), y)
        };
        ta.push(x.as_secs_f64());
        tb.push(y.as_secs_f64());
        r.push(x.as_secs_f64() / y.as_secs_f64());
    }
    (median_of(ta), median_of(tb), median_of(r))
}

fn median_time<F: FnMut()>(mut f: F, iters: u32, rounds: usize) -> f64 {
    median_of(
        (0..rounds)
            .map(|_| per_call(&mut f, iters).as_secs_f64())
            .collect(),
    )
}

fn summary() {
    let opts = Options::default();
    let cz = configz();
    let bundle = aks_bundle();
    let process = aks_process();
    let bytes: usize = bundle.iter().map(|a| a.text.len()).sum();
    for set in [&cz, &bundle, &process] {
        assert_eq!(check(set, &opts).unwrap().verdict.as_str(), "pass");
    }
    let mbs = |secs: f64, n: usize| n as f64 / secs / 1e6;
    let (ours, base, ratio) = paired(
        || {
            black_box(check(black_box(&cz), &opts).unwrap());
        },
        || {
            black_box(serde_json::from_str::<serde::de::IgnoredAny>(black_box(CONFIGZ)).unwrap());
        },
        1000,
        41,
    );
    let node = median_time(
        || {
            black_box(check(black_box(&bundle), &opts).unwrap());
        },
        1000,
        21,
    );
    let proc_ = median_time(
        || {
            black_box(check(black_box(&process), &opts).unwrap());
        },
        1000,
        21,
    );
    let ok = |b: bool| if b { "OK" } else { "OVER" };
    println!();
    println!("summary ({} byte /configz payload)", CONFIGZ.len());
    println!(
        "  kubeletlint::check(/configz)             {:>8.2} µs  {:>7.1} MB/s",
        ours * 1e6,
        mbs(ours, CONFIGZ.len())
    );
    println!(
        "  serde_json -> IgnoredAny                 {:>8.2} µs  {:>7.1} MB/s",
        base * 1e6,
        mbs(base, CONFIGZ.len())
    );
    println!(
        "  ratio (median of paired rounds)          {ratio:>8.2}x   (target <= 1.25x) {}",
        ok(ratio <= 1.25)
    );
    let proc_bytes: usize = process.iter().map(|a| a.text.len()).sum();
    // Issue #2's node bundle is its evidence kinds: the config file and the command line. The
    // systemd bundle (unit, environment file, drop-in: issue #3's kinds) is held to the same
    // 10 µs goal and reported next to it.
    println!(
        "  node bundle: config + /proc cmdline      {:>8.2} µs  {:>7.1} MB/s  (target < 10 µs) {}",
        proc_ * 1e6,
        mbs(proc_, proc_bytes),
        ok(proc_ < 10e-6)
    );
    println!(
        "  systemd: unit + env + drop-in + config   {:>8.2} µs  {:>7.1} MB/s  (goal < 10 µs) {}",
        node * 1e6,
        mbs(node, bytes),
        ok(node < 10e-6)
    );
}

criterion_group!(group, benches);

fn main() {
    group();
    Criterion::default().configure_from_args().final_summary();
    summary();
}
