//! `flags::analyze` on the AKS argv in a loop (profiling aid). Modes (one per process, so the
//! allocator state of one does not skew another): `analyze` (default), `explicit` (version
//! 1.30 given), `clone` (clone + drop of the result: the cost of its allocations alone, a
//! floor for `analyze`), `dump` (the argv and the result).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
use kubeletlint::*;
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let d = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/data/");
    let rd = |f: &str| std::fs::read_to_string(format!("{d}{f}")).unwrap();
    let unit = rd("aks-kubelet.service");
    let env = rd("aks-default-kubelet");
    let drop = rd("aks-10-componentconfig.conf");
    let units = [
        systemd::UnitDoc {
            artifact: 0,
            name: "u",
            path: Some("/etc/systemd/system/kubelet.service"),
            text: &unit,
            dropin: false,
        },
        systemd::UnitDoc {
            artifact: 2,
            name: "d",
            path: Some("/etc/systemd/system/kubelet.service.d/10-componentconfig.conf"),
            text: &drop,
            dropin: true,
        },
    ];
    let envs = [systemd::EnvDoc {
        artifact: 1,
        name: "e",
        path: Some("/etc/default/kubelet"),
        text: &env,
    }];
    let rec = systemd::reconstruct(&units, &envs);
    let args: Vec<String> = rec.argv.iter().skip(1).map(|a| a.value.clone()).collect();
    let mode = std::env::args().nth(1).unwrap_or_else(|| "analyze".into());
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20000);
    let lin = flags::Os::Linux;
    let r = flags::analyze(&args, None, lin, None);
    let mut f: Box<dyn FnMut()> = match mode.as_str() {
        "dump" => {
            println!("{args:?}\n{r:#?}");
            return;
        }
        "explicit" => Box::new(|| {
            black_box(flags::analyze(black_box(&args), Some(30), lin, None));
        }),
        "clone" => Box::new(|| {
            black_box(black_box(&r).clone());
        }),
        _ => Box::new(|| {
            black_box(flags::analyze(black_box(&args), None, lin, None));
        }),
    };
    for _ in 0..200 {
        f();
    }
    let mut best = f64::MAX;
    for _ in 0..7 {
        let t = Instant::now();
        for _ in 0..n {
            f();
        }
        best = best.min(t.elapsed().as_secs_f64() * 1e6 / n as f64);
    }
    println!("{mode}: best of 7 {best:.3} µs");
}
