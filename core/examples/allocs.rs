//! Counts allocations per `check` of the benchmark inputs (development aid).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod common;

use kubeletlint::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static N: AtomicUsize = AtomicUsize::new(0);
static F: AtomicUsize = AtomicUsize::new(0);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        N.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        F.fetch_add(1, Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        N.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(p, l, n) }
    }
}
#[global_allocator]
static A: Counting = Counting;

fn main() {
    let cz = common::configz();
    let bundle = common::aks_bundle();
    let process = common::aks_process();
    let o = Options::default();
    let _ = check(&cz, &o);
    let _ = check(&bundle, &o);
    for (name, a) in [("configz", &cz), ("bundle", &bundle), ("process", &process)] {
        let before = N.load(Ordering::Relaxed);
        let r = check(a, &o).unwrap();
        let after = N.load(Ordering::Relaxed);
        let freed = F.load(Ordering::Relaxed);
        let verdict = r.verdict;
        drop(r);
        println!(
            "{name}: {} allocations, verdict {}; the report holds {}",
            after - before,
            verdict,
            F.load(Ordering::Relaxed) - freed
        );
        if name == "configz" {
            let before = N.load(Ordering::Relaxed);
            let _ = config::decode_configz(&config::Doc {
                artifact: 0,
                name: "x",
                path: None,
                text: &a[0].text,
            });
            println!(
                "  decode_configz alone: {}",
                N.load(Ordering::Relaxed) - before
            );
        }
    }
    let count = |name: &str, f: &mut dyn FnMut()| {
        f();
        let before = N.load(Ordering::Relaxed);
        f();
        println!("  {name}: {}", N.load(Ordering::Relaxed) - before);
    };
    let units = [
        systemd::UnitDoc {
            artifact: 0,
            name: "u",
            path: Some("/etc/systemd/system/kubelet.service"),
            text: &bundle[0].text,
            dropin: false,
        },
        systemd::UnitDoc {
            artifact: 2,
            name: "d",
            path: Some("/etc/systemd/system/kubelet.service.d/10-componentconfig.conf"),
            text: &bundle[2].text,
            dropin: true,
        },
    ];
    let envs = [systemd::EnvDoc {
        artifact: 1,
        name: "e",
        path: Some("/etc/default/kubelet"),
        text: &bundle[1].text,
    }];
    count("systemd::reconstruct", &mut || {
        let _ = std::hint::black_box(systemd::reconstruct(&units, &envs));
    });
    let rec = systemd::reconstruct(&units, &envs);
    let args: Vec<String> = rec.argv.iter().skip(1).map(|a| a.value.clone()).collect();
    count("flags::analyze", &mut || {
        let _ = std::hint::black_box(flags::analyze(&args, None, flags::Os::Linux, None));
    });
    let doc = config::Doc {
        artifact: 3,
        name: "c",
        path: Some("/etc/default/kubeletconfig.json"),
        text: &bundle[3].text,
    };
    count("config::evaluate", &mut || {
        let _ = std::hint::black_box(config::evaluate(
            Some(&doc),
            Some("/etc/default/kubeletconfig.json"),
            &[],
            config::MergeMode::V1beta1,
        ));
    });
    count("detect_kind x4", &mut || {
        for a in &bundle {
            let _ = std::hint::black_box(evidence::detect_kind(&a.text, a.path.as_deref()));
        }
    });
}
