//! The benchmark's inputs, shared by the development examples and the benchmark.
#![allow(dead_code)]
use kubeletlint::{Artifact, ArtifactKind};

pub const CONFIGZ: &str = include_str!("../../benches/data/configz.json");

/// A real-sized `/configz` payload.
pub fn configz() -> Vec<Artifact> {
    vec![Artifact::new(CONFIGZ).with_kind(ArtifactKind::Configz)]
}

/// An AKS node's kubelet unit, its environment file, a drop-in and the config file.
pub fn aks_bundle() -> Vec<Artifact> {
    vec![
        Artifact::new(include_str!("../../benches/data/aks-kubelet.service"))
            .with_path("/etc/systemd/system/kubelet.service")
            .with_kind(ArtifactKind::SystemdUnit),
        Artifact::new(include_str!("../../benches/data/aks-default-kubelet"))
            .with_path("/etc/default/kubelet")
            .with_kind(ArtifactKind::EnvFile),
        Artifact::new(include_str!(
            "../../benches/data/aks-10-componentconfig.conf"
        ))
        .with_path("/etc/systemd/system/kubelet.service.d/10-componentconfig.conf")
        .with_kind(ArtifactKind::SystemdDropin),
        Artifact::new(include_str!("../../benches/data/aks-kubeletconfig.json"))
            .with_path("/etc/default/kubeletconfig.json")
            .with_kind(ArtifactKind::KubeletConfig),
    ]
}

/// The AKS kubelet as a process: its `/proc/PID/cmdline` (the argv systemd builds from the unit
/// above) and the config file its `--config` names.
pub fn aks_process() -> Vec<Artifact> {
    vec![
        Artifact::new(include_str!("../../benches/data/aks-cmdline"))
            .with_path("/proc/1234/cmdline")
            .with_kind(ArtifactKind::Cmdline),
        Artifact::new(include_str!("../../benches/data/aks-kubeletconfig.json"))
            .with_path("/etc/default/kubeletconfig.json")
            .with_kind(ArtifactKind::KubeletConfig),
    ]
}
