//! `evaluate` and `decode_configz` never panic, whatever the text.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use kubeletlint::config::{decode_configz, evaluate, Doc, MergeMode};
use proptest::prelude::*;

const SEEDS: &[&str] = &[
    "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  x509:\n    clientCAFile: /etc/ca.crt\n  anonymous:\n    enabled: false\n",
    "{\"kind\":\"KubeletConfiguration\",\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"authentication\":{\"x509\":{\"clientCAFile\":\"/etc/ca.crt\"}}}",
    "{\"kubeletconfig\":{\"authentication\":{\"x509\":{\"clientCAFile\":\"/etc/ca.crt\"},\"webhook\":{\"enabled\":true}}}}",
    "a: &x [1, 2]\nb: *x\nc:\n  <<: {d: 1}\n  e: ~\n---\nf: yes\n",
    "$ curl -sk localhost:10250/configz\n{\"kubeletconfig\":{\"authentication\":{\"x509\":{}}}}\n$ ",
];

fn mutate(seed: &str, cuts: &[(usize, String)]) -> String {
    let mut s: Vec<char> = seed.chars().collect();
    for (pos, ins) in cuts {
        let p = pos % (s.len() + 1);
        if ins.is_empty() {
            if p < s.len() {
                s.remove(p);
            }
        } else {
            for (i, c) in ins.chars().enumerate() {
                s.insert((p + i).min(s.len()), c);
            }
        }
    }
    s.into_iter().collect()
}

fn run_all(text: &str) {
    let d = Doc {
        artifact: 0,
        name: "x",
        path: Some("/x/c.yaml"),
        text,
    };
    let _ = evaluate(Some(&d), Some("/x/c.yaml"), &[], MergeMode::V1beta1);
    let _ = evaluate(Some(&d), None, &[d], MergeMode::Internal);
    let _ = evaluate(None, None, &[d, d], MergeMode::V1beta1);
    let _ = decode_configz(&d);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        run_all(&text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        run_all(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn mutated_yaml_and_json_never_panic(
        seed in 0..SEEDS.len(),
        cuts in proptest::collection::vec(
            (0usize..400, prop_oneof![
                Just(String::new()), Just("{".to_string()), Just("}".to_string()), Just("[".to_string()),
                Just("\"".to_string()), Just(":".to_string()), Just("\n".to_string()), Just("\t".to_string()),
                Just(" ".to_string()), Just("*x".to_string()), Just("&x ".to_string()), Just("<<: ".to_string()),
                Just("- ".to_string()), Just("---\n".to_string()), Just("\\u00".to_string()), Just("\u{feff}".to_string()),
                Just("!!int ".to_string()), Just("|".to_string()), Just("null".to_string()), Just(".inf".to_string()),
            ]),
            0..8,
        ),
    ) {
        run_all(&mutate(SEEDS[seed], &cuts));
    }
}

/// A real-sized `/configz` body (~7 KB).
fn big_configz() -> String {
    let mut inner = String::from(
        "\"enableServer\":true,\"staticPodPath\":\"/etc/kubernetes/manifests\",\"syncFrequency\":\"1m0s\",\
         \"authentication\":{\"x509\":{\"clientCAFile\":\"/etc/kubernetes/pki/ca.crt\"},\"webhook\":{\"enabled\":true,\"cacheTTL\":\"2m0s\"},\"anonymous\":{\"enabled\":false}},\
         \"authorization\":{\"mode\":\"Webhook\",\"webhook\":{\"cacheAuthorizedTTL\":\"5m0s\",\"cacheUnauthorizedTTL\":\"30s\"}},",
    );
    for i in 0..120 {
        inner.push_str(&format!(
            "\"field{i}\":{{\"name\":\"value-{i}\",\"list\":[1,2,3,{i}],\"flag\":true,\"nested\":{{\"x\":\"/var/lib/kubelet/{i}\"}}}},"
        ));
    }
    inner.push_str(
        "\"kind\":\"KubeletConfiguration\",\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\"",
    );
    format!("{{\"kubeletconfig\":{{{inner}}}}}")
}

/// Timing sanity check (not a timed test): run with
/// `cargo test --release --test config_props -- --ignored --nocapture`.
/// Prints the best-of-rounds cost of `decode_configz` relative to
/// `serde_json::from_str::<IgnoredAny>` on the same bytes (the budget is 1.25).
#[test]
#[ignore]
fn configz_cost_ratio() {
    let texts = [
        big_configz(),
        serde_json::to_string_pretty(
            &serde_json::from_str::<serde_json::Value>(&big_configz()).unwrap(),
        )
        .unwrap(),
    ];
    for text in &texts {
        let d = Doc {
            artifact: 0,
            name: "configz",
            path: None,
            text,
        };
        assert!(decode_configz(&d).unwrap().client_ca_file.is_some());
        let n = 2_000u32;
        let time = |f: &dyn Fn()| {
            let t = std::time::Instant::now();
            for _ in 0..n {
                f();
            }
            t.elapsed() / n
        };
        let (mut base, mut ours, mut derive) = (
            std::time::Duration::MAX,
            std::time::Duration::MAX,
            std::time::Duration::MAX,
        );
        for _ in 0..40 {
            base = base.min(time(&|| {
                std::hint::black_box(
                    serde_json::from_str::<serde::de::IgnoredAny>(std::hint::black_box(text))
                        .unwrap(),
                );
            }));
            ours = ours.min(time(&|| {
                std::hint::black_box(decode_configz(std::hint::black_box(&d)).unwrap());
            }));
            derive = derive.min(time(&|| {
                std::hint::black_box(
                    serde_json::from_str::<DOuter>(std::hint::black_box(text)).unwrap(),
                );
            }));
        }
        println!(
            "  (serde derive of the same path: ratio {:.3})",
            derive.as_secs_f64() / base.as_secs_f64()
        );
        println!(
            "{} bytes: IgnoredAny {base:?}/op, decode_configz {ours:?}/op, ratio {:.3}",
            text.len(),
            ours.as_secs_f64() / base.as_secs_f64()
        );
    }
}

/// The same path decoded with serde derive, for comparison.
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct DOuter<'a> {
    #[serde(borrow)]
    kubeletconfig: DInner<'a>,
}
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct DInner<'a> {
    #[serde(borrow, default)]
    authentication: Option<DAuth<'a>>,
}
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct DAuth<'a> {
    #[serde(borrow, default)]
    x509: Option<DX<'a>>,
}
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct DX<'a> {
    #[serde(borrow, default, rename = "clientCAFile")]
    ca: Option<&'a str>,
}
