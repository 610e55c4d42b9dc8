//! Snapshot tests of the human text rendering (and the JSON report) for a few shared vectors.
//! Update with `INSTA_UPDATE=always cargo test -p kubeletlint --test snapshots_text` and review.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use kubeletlint::{check, render, Artifact, Options};

fn report_for(id: &str) -> kubeletlint::Report {
    let path = common::repo_root().join(format!("tests/vectors/{id}.json"));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let artifacts: Vec<Artifact> = serde_json::from_value(v["artifacts"].clone()).unwrap();
    let options: Options = v
        .get("options")
        .map(|o| serde_json::from_value(o.clone()).unwrap())
        .unwrap_or_default();
    check(&artifacts, &options).unwrap()
}

macro_rules! snap {
    ($name:ident, $id:expr) => {
        #[test]
        fn $name() {
            let r = report_for($id);
            insta::assert_snapshot!(concat!("text_", $id), render::text(&r, false));
        }
    };
}

snap!(t01_flag, "T01");
snap!(t09_empty_flag_overrides, "T09");
snap!(t19_duplicate_key, "T19");
snap!(t44_kubeadm_systemd, "T44");
snap!(t53_literal_dollar, "T53");
snap!(t59_configz, "T59");
snap!(t67_aks, "T67");
snap!(t68_truncated, "T68");
snap!(x03_no_authentication, "X03");
snap!(x04_unseen_config, "X04");

#[test]
fn json_report_t67() {
    let r = report_for("T67");
    insta::assert_snapshot!("json_T67", render::json(&r));
}

#[test]
fn kube_bench_t66() {
    let r = report_for("T66");
    insta::assert_snapshot!("kube_bench_T66", render::kube_bench(&r));
}
