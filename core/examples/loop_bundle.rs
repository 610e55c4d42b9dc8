//! Runs check() on the benchmark's AKS bundle (or the /configz payload with `configz`, the cmdline + config pair with `process`) in a loop,
//! for profilers: `valgrind --tool=callgrind target/release/examples/loop_bundle`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
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
    let arts = if which == "configz" {
        vec![Artifact::new(rd("configz.json")).with_kind(ArtifactKind::Configz)]
    } else if which == "process" {
        vec![
            Artifact::new(rd("aks-cmdline"))
                .with_path("/proc/1234/cmdline")
                .with_kind(ArtifactKind::Cmdline),
            Artifact::new(rd("aks-kubeletconfig.json"))
                .with_path("/etc/default/kubeletconfig.json")
                .with_kind(ArtifactKind::KubeletConfig),
        ]
    } else {
        vec![
            Artifact::new(rd("aks-kubelet.service"))
                .with_path("/etc/systemd/system/kubelet.service")
                .with_kind(ArtifactKind::SystemdUnit),
            Artifact::new(rd("aks-default-kubelet"))
                .with_path("/etc/default/kubelet")
                .with_kind(ArtifactKind::EnvFile),
            Artifact::new(rd("aks-10-componentconfig.conf"))
                .with_path("/etc/systemd/system/kubelet.service.d/10-componentconfig.conf")
                .with_kind(ArtifactKind::SystemdDropin),
            Artifact::new(rd("aks-kubeletconfig.json"))
                .with_path("/etc/default/kubeletconfig.json")
                .with_kind(ArtifactKind::KubeletConfig),
        ]
    };
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    for _ in 0..n {
        std::hint::black_box(check(&arts, &Options::default()).unwrap());
    }
}
