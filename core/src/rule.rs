//! The rule itself: IDs, title, and its documentation (what, why, how to fix, per platform).

use crate::model::{BenchmarkRef, RuleInfo};
use std::borrow::Cow;

pub const RULE_ID: &str = "kubelet-client-ca-file";
pub const TITLE: &str = "Ensure that the --client-ca-file argument is set as appropriate";

const fn bench(
    benchmark: &'static str,
    version: &'static str,
    control: &'static str,
) -> BenchmarkRef {
    BenchmarkRef {
        benchmark: Cow::Borrowed(benchmark),
        version: Cow::Borrowed(version),
        control: Cow::Borrowed(control),
    }
}

/// The benchmarks that carry this rule, with the control number in each (checked against the
/// benchmarks' own tables of contents and kube-bench's control files).
pub static BENCHMARKS: [BenchmarkRef; 4] = [
    bench(
        "CIS Azure Kubernetes Service (AKS) Benchmark",
        "1.7.0",
        "3.2.3",
    ),
    bench("CIS Kubernetes Benchmark", "1.10.0", "4.2.3"),
    bench(
        "CIS Amazon Elastic Kubernetes Service (EKS) Benchmark",
        "1.7.0",
        "3.2.3",
    ),
    bench(
        "CIS Google Kubernetes Engine (GKE) Benchmark",
        "1.7.0",
        "3.2.3",
    ),
];

/// The rule and its benchmark IDs.
pub fn info() -> RuleInfo {
    RuleInfo {
        id: Cow::Borrowed(RULE_ID),
        title: Cow::Borrowed(TITLE),
        benchmarks: Cow::Borrowed(&BENCHMARKS),
    }
}

/// The rule's documentation, as Markdown-flavoured plain text (rendered by `kubeletlint explain`
/// and the web page).
pub static EXPLAIN: &str = include_str!("../../docs/rule.md");
