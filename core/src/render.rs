//! Renderings of a report, shared by every front-end: JSON, text, kube-bench JSON, SARIF, JUnit.
//! (Implementations pending: the signatures are fixed.)

use crate::model::Report;

/// The report as JSON (the documented, versioned schema), pretty-printed.
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default()
}

/// The human text form: verdict, value, the deciding line quoted and marked, provenance,
/// diagnostics, remediation. `color`: ANSI colours.
pub fn text(report: &Report, _color: bool) -> String {
    format!("{}: {}\n", report.verdict, report.summary)
}

/// kube-bench-compatible JSON (`{"Controls": [...], "Totals": {...}}`), one line.
pub fn kube_bench(report: &Report) -> String {
    json(report)
}

/// SARIF 2.1.0.
pub fn sarif(report: &Report) -> String {
    json(report)
}

/// JUnit XML (kube-bench's shape).
pub fn junit(report: &Report) -> String {
    json(report)
}

/// A copy of the report with values and paths masked (`--redact`).
pub fn redact(report: &Report) -> Report {
    report.clone()
}
