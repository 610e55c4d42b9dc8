//! Renderings of a report, shared by every front-end: JSON, text, kube-bench JSON, SARIF, JUnit.

use crate::model::Report;

/// The report as JSON (the documented, versioned schema).
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default()
}
