//! The rule itself: IDs, title, and its documentation (what, why, how to fix, per platform).

use crate::model::{BenchmarkRef, RuleInfo};

pub const RULE_ID: &str = "kubelet-client-ca-file";
pub const TITLE: &str = "Ensure that the --client-ca-file argument is set as appropriate";

/// The rule and its benchmark IDs.
pub fn info() -> RuleInfo {
    let b = |benchmark: &str, version: &str, control: &str| BenchmarkRef {
        benchmark: benchmark.to_string(),
        version: version.to_string(),
        control: control.to_string(),
    };
    RuleInfo {
        id: RULE_ID.to_string(),
        title: TITLE.to_string(),
        benchmarks: vec![
            b(
                "CIS Azure Kubernetes Service (AKS) Benchmark",
                "1.7.0",
                "3.2.3",
            ),
            b("CIS Kubernetes Benchmark", "1.10.0", "4.2.3"),
            b(
                "CIS Amazon Elastic Kubernetes Service (EKS) Benchmark",
                "1.7.0",
                "3.2.3",
            ),
            b(
                "CIS Google Kubernetes Engine (GKE) Benchmark",
                "1.7.0",
                "3.2.3",
            ),
        ],
    }
}

/// The rule's documentation, as Markdown-flavoured plain text (rendered by `kubeletlint explain`
/// and the web page).
pub const EXPLAIN: &str = include_str!("../../docs/rule.md");
