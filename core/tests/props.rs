//! Property tests over the whole pipeline: hostile text never panics, never hangs, and never
//! yields a `pass` without a value.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use kubeletlint::{check, render, Artifact, ArtifactKind, Options, Verdict};
use proptest::prelude::*;

fn kind() -> impl Strategy<Value = Option<ArtifactKind>> {
    prop_oneof![
        Just(None),
        proptest::sample::select(ArtifactKind::ALL.to_vec()).prop_map(Some)
    ]
}

/// Text built from fragments that the parsers care about, glued at random.
fn evidence_text() -> impl Strategy<Value = String> {
    let frag = proptest::sample::select(vec![
        "[Service]\n",
        "ExecStart=",
        "ExecStart=/usr/bin/kubelet ",
        "$KUBELET_FLAGS ",
        "${A}",
        "\\\n",
        "\"",
        "'",
        "Environment=",
        "EnvironmentFile=-/etc/default/kubelet\n",
        "KUBELET_FLAGS=",
        "--client-ca-file=",
        "/etc/ca.crt ",
        "--config=/c.yaml ",
        "--config-dir=/d ",
        "-- ",
        "--anonymous-auth ",
        "false ",
        "\n",
        "\0",
        "apiVersion: kubelet.config.k8s.io/v1beta1\n",
        "kind: KubeletConfiguration\n",
        "authentication:\n  x509:\n    clientCAFile: ",
        "{",
        "}",
        "\"kubeletconfig\":",
        ":",
        ",",
        "[",
        "]",
        "&a ",
        "*a",
        "<<: ",
        "- ",
        "\t",
        "~",
        "yes",
        "#",
        ";",
        "%n",
        "%",
        "@",
        "root 1 0 0 ? 00:00:01 /usr/bin/kubelet ",
        "hyperkube kubelet ",
        "-----BEGIN CERTIFICATE-----\n",
        "-----END CERTIFICATE-----\n",
        "MIIB",
        "é",
        "\u{feff}",
    ]);
    prop_oneof![
        proptest::collection::vec(frag, 0..40).prop_map(|v| v.concat()),
        ".{0,300}",
    ]
}

fn artifact() -> impl Strategy<Value = Artifact> {
    (
        evidence_text(),
        kind(),
        proptest::option::of(proptest::sample::select(vec![
            "/etc/systemd/system/kubelet.service",
            "/etc/default/kubelet",
            "/c.yaml",
            "/d/10.conf",
            "/etc/ca.crt",
            "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
            "/proc/1/cmdline",
        ])),
    )
        .prop_map(|(text, kind, path)| Artifact {
            text,
            kind,
            path: path.map(String::from),
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn check_never_panics(artifacts in proptest::collection::vec(artifact(), 1..5)) {
        if let Ok(r) = check(&artifacts, &Options::default()) {
            if r.verdict == Verdict::Pass {
                prop_assert!(r.client_ca_file.as_deref().is_some_and(|v| !v.is_empty()));
            }
            // Every rendering works on every report.
            let _ = render::text(&r, true);
            prop_assert!(serde_json::from_str::<serde_json::Value>(&render::kube_bench(&r)).is_ok());
            prop_assert!(serde_json::from_str::<serde_json::Value>(&render::sarif(&r)).is_ok());
            let red = render::redact(&r);
            if let Some(v) = &r.client_ca_file {
                if v.len() >= 2 {
                    let needle = format!("\"client_ca_file\": \"{v}\"");
                    prop_assert!(!render::json(&red).contains(&needle));
                }
            }
        }
    }
}
