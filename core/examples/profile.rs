//! Rough per-stage timings of the benchmark inputs (development aid).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
use kubeletlint::*;
use std::hint::black_box;
use std::time::Instant;

fn time<F: FnMut()>(name: &str, mut f: F) {
    for _ in 0..200 {
        f();
    }
    let n = 3000;
    let t = Instant::now();
    for _ in 0..n {
        f();
    }
    println!(
        "{name:40} {:8.2} µs",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}

fn main() {
    let d = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/data/");
    let rd = |f: &str| std::fs::read_to_string(format!("{d}{f}")).unwrap();
    let unit = rd("aks-kubelet.service");
    let env = rd("aks-default-kubelet");
    let drop = rd("aks-10-componentconfig.conf");
    let cfg = rd("aks-kubeletconfig.json");
    let cz = rd("configz.json");
    let bundle = vec![
        Artifact::new(unit.clone())
            .with_path("/etc/systemd/system/kubelet.service")
            .with_kind(ArtifactKind::SystemdUnit),
        Artifact::new(env.clone())
            .with_path("/etc/default/kubelet")
            .with_kind(ArtifactKind::EnvFile),
        Artifact::new(drop.clone())
            .with_path("/etc/systemd/system/kubelet.service.d/10-componentconfig.conf")
            .with_kind(ArtifactKind::SystemdDropin),
        Artifact::new(cfg.clone())
            .with_path("/etc/default/kubeletconfig.json")
            .with_kind(ArtifactKind::KubeletConfig),
    ];
    let opts = Options::default();
    time("check(bundle)", || {
        black_box(check(&bundle, &opts).unwrap());
    });
    let process = vec![
        Artifact::new(rd("aks-cmdline"))
            .with_path("/proc/1234/cmdline")
            .with_kind(ArtifactKind::Cmdline),
        Artifact::new(cfg.clone())
            .with_path("/etc/default/kubeletconfig.json")
            .with_kind(ArtifactKind::KubeletConfig),
    ];
    time("check(cmdline + config)", || {
        black_box(check(&process, &opts).unwrap());
    });
    let czv = vec![Artifact::new(cz.clone()).with_kind(ArtifactKind::Configz)];
    time("check(configz)", || {
        black_box(check(&czv, &opts).unwrap());
    });
    time("config::decode_configz", || {
        black_box(
            config::decode_configz(&config::Doc {
                artifact: 0,
                name: "x",
                path: None,
                text: &cz,
            })
            .unwrap(),
        );
    });
    time("rule::info", || {
        black_box(rule::info());
    });
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
    time("systemd::reconstruct", || {
        black_box(systemd::reconstruct(&units, &envs));
    });
    let rec = systemd::reconstruct(&units, &envs);
    let args: Vec<String> = rec.argv.iter().skip(1).map(|a| a.value.clone()).collect();
    time("flags::analyze", || {
        black_box(flags::analyze(&args, None, flags::Os::Linux, None));
    });
    time("flags::analyze(explicit 1.30)", || {
        black_box(flags::analyze(&args, Some(30), flags::Os::Linux, None));
    });
    let doc = config::Doc {
        artifact: 3,
        name: "c",
        path: Some("/etc/default/kubeletconfig.json"),
        text: &cfg,
    };
    time("config::evaluate(main json)", || {
        black_box(config::evaluate(
            Some(&doc),
            Some("/etc/default/kubeletconfig.json"),
            &[],
            config::MergeMode::V1beta1,
        ));
    });
    time("evidence::detect_kind(unit)", || {
        black_box(evidence::detect_kind(&unit, None));
    });
    let r = check(&bundle, &opts).unwrap();
    time("render::json", || {
        black_box(render::json(&r));
    });
}
