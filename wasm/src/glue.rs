//! Target-independent conversions between JSON text and the core's types. No rule logic: the
//! only decisions here are about the shape of the JS arguments.

use kubeletlint::{render, Artifact, ArtifactKind, InputError, Options, Report};
use serde::{Deserialize, Serialize};

/// One artifact as JS passes it: `{text, path?, kind?}`; `kind` accepts every name
/// [`ArtifactKind::parse`] accepts (including the aliases).
#[derive(Deserialize)]
struct ArtifactIn {
    text: String,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    kind: Option<String>,
}

/// Decodes the `artifacts` argument (a JSON array).
pub fn decode_artifacts(json: &str) -> Result<Vec<Artifact>, InputError> {
    let items: Vec<ArtifactIn> = serde_json::from_str(json).map_err(|e| {
        InputError::new(format!(
            "artifacts: expected an array of {{text, path?, kind?}}: {e}"
        ))
    })?;
    items
        .into_iter()
        .enumerate()
        .map(|(i, a)| {
            let kind = match a.kind.as_deref().map(str::trim) {
                None | Some("") | Some("auto") => None,
                Some(name) => Some(ArtifactKind::parse(name).ok_or_else(|| {
                    let mut e = InputError::new(format!(
                        "unknown artifact kind \"{name}\" (expected one of: {})",
                        ArtifactKind::ALL.map(|k| k.as_str()).join(", ")
                    ));
                    e.artifact = Some(i);
                    e
                })?),
            };
            let path = a.path.filter(|p| !p.trim().is_empty());
            Ok(Artifact {
                text: a.text,
                path,
                kind,
            })
        })
        .collect()
}

/// Decodes the `options` argument (a JSON object, or nothing).
pub fn decode_options(json: Option<&str>) -> Result<Options, InputError> {
    match json {
        None => Ok(Options::default()),
        Some(j) => serde_json::from_str(j).map_err(|e| InputError::new(format!("options: {e}"))),
    }
}

/// Runs the core's `check` on JSON arguments.
pub fn check_report(artifacts: Option<&str>, options: Option<&str>) -> Result<Report, InputError> {
    let artifacts = decode_artifacts(artifacts.unwrap_or("[]"))?;
    let options = decode_options(options)?;
    kubeletlint::check(&artifacts, &options)
}

/// Runs the core's `check` on JSON arguments and returns the report as JSON: the core's JSON
/// rendering ([`render::json`], pretty-printed), so that the report's `Serialize` code is linked
/// once (a compact `serde_json::to_string` would instantiate it a second time; the callers parse
/// the text, so the white space does not matter).
pub fn check_json(artifacts: Option<&str>, options: Option<&str>) -> Result<String, InputError> {
    let report = check_report(artifacts, options)?;
    Ok(render::json(&report))
}

/// The output formats of [`render`] (the core's renderings).
pub const FORMATS: [&str; 7] = [
    "json",
    "text",
    "text-color",
    "kube-bench",
    "sarif",
    "junit",
    "redacted-json",
];

/// Checks and renders with one of the core's renderings. (Renderings take the evidence rather
/// than a report: deserialising a report in the WASM module would cost about 18 KB gzip.)
pub fn render(
    artifacts: Option<&str>,
    options: Option<&str>,
    format: &str,
) -> Result<String, InputError> {
    if !FORMATS.contains(&format) {
        return Err(InputError::new(format!(
            "unknown format \"{format}\" (expected one of: {})",
            FORMATS.join(", ")
        )));
    }
    let report = check_report(artifacts, options)?;
    Ok(match format {
        "text" => render::text(&report, false),
        "text-color" => render::text(&report, true),
        "kube-bench" => render::kube_bench(&report),
        "sarif" => render::sarif(&report),
        "junit" => render::junit(&report),
        "redacted-json" => render::json(&render::redact(&report)),
        _ => render::json(&report),
    })
}

/// `source:line:column: message`, with the parts that are known (the artifact number stands in
/// for a missing source name).
pub fn error_message(e: &InputError) -> String {
    let mut at = e
        .source
        .clone()
        .or_else(|| e.artifact.map(|i| format!("artifact #{}", i + 1)))
        .unwrap_or_default();
    if let Some(line) = e.line {
        if at.is_empty() {
            at.push_str("input");
        }
        at.push_str(&format!(":{line}"));
        if let Some(column) = e.column {
            at.push_str(&format!(":{column}"));
        }
    }
    if at.is_empty() {
        e.message.clone()
    } else {
        format!("{at}: {}", e.message)
    }
}

#[derive(Serialize)]
struct ErrorProps<'a> {
    /// Always `"input"`: unusable input (not an internal error).
    kind: &'static str,
    detail: &'a str,
    source: Option<&'a str>,
    artifact: Option<usize>,
    line: Option<u32>,
    column: Option<u32>,
}

/// The properties set on the thrown JS `Error` (JSON object).
pub fn error_props(e: &InputError) -> String {
    serde_json::to_string(&ErrorProps {
        kind: "input",
        detail: &e.message,
        source: e.source.as_deref(),
        artifact: e.artifact,
        line: e.line,
        column: e.column,
    })
    .unwrap_or_else(|_| "{}".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_artifacts_and_aliases() {
        let a = decode_artifacts(
            r#"[{"text":"x"},{"text":"y","path":"/etc/default/kubelet","kind":"envfile"},{"text":"z","path":"","kind":"auto"}]"#,
        )
        .unwrap();
        assert_eq!(a.len(), 3);
        assert_eq!(a[0], Artifact::new("x"));
        assert_eq!(a[1].kind, Some(ArtifactKind::EnvFile));
        assert_eq!(a[1].path.as_deref(), Some("/etc/default/kubelet"));
        assert_eq!(a[2].path, None);
        assert_eq!(a[2].kind, None);
    }

    #[test]
    fn rejects_bad_shapes() {
        assert!(decode_artifacts(r#"{"text":"x"}"#).is_err());
        let e = decode_artifacts(r#"[{"text":"x"},{"text":"y","kind":"nope"}]"#).unwrap_err();
        assert_eq!(e.artifact, Some(1));
        assert!(error_message(&e).starts_with("artifact #2: unknown artifact kind \"nope\""));
    }

    #[test]
    fn formats_positions() {
        let mut e = InputError::new("boom");
        assert_eq!(error_message(&e), "boom");
        e.artifact = Some(0);
        e.line = Some(3);
        e.column = Some(7);
        assert_eq!(error_message(&e), "artifact #1:3:7: boom");
        e.source = Some("/etc/kubernetes/kubelet.conf".into());
        assert_eq!(error_message(&e), "/etc/kubernetes/kubelet.conf:3:7: boom");
        let props: serde_json::Value = serde_json::from_str(&error_props(&e)).unwrap();
        assert_eq!(props["line"], 3);
        assert_eq!(props["column"], 7);
        assert_eq!(props["kind"], "input");
    }
}
