//! Renderings of a report, shared by every front-end: JSON, text, kube-bench JSON, SARIF, JUnit,
//! and redaction. All pure functions of the [`Report`].

use crate::model::*;
use crate::rule;
use serde::Serialize;
use std::fmt::Write as _;

/// The report as JSON (the documented, versioned schema: `docs/report-schema.md`), pretty-printed.
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// The report as one line of JSON.
pub fn json_compact(report: &Report) -> String {
    serde_json::to_string(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    fn verdict(&self, v: Verdict) -> String {
        let label = v.as_str().to_ascii_uppercase();
        let code = match v {
            Verdict::Pass => "1;32",
            Verdict::Fail => "1;31",
            Verdict::Invalid => "1;35",
            Verdict::Inconclusive => "1;33",
        };
        self.paint(code, &label)
    }
    fn severity(&self, s: Severity) -> String {
        match s {
            Severity::Error => self.paint("31", "error"),
            Severity::Warning => self.paint("33", "warning"),
            Severity::Info => self.paint("36", "info"),
        }
    }
}

/// Width of the excerpt window around the marked column.
const WINDOW: usize = 96;

/// Quotes the line of a location with a caret under the column (cropped around it).
fn quote(out: &mut String, loc: &Location, st: &Style, mark_len: usize) {
    let Some(excerpt) = &loc.excerpt else { return };
    let line = loc.line.unwrap_or(0);
    let col = loc.column.unwrap_or(1).max(1) as usize;
    let chars: Vec<char> = excerpt.chars().collect();
    let (start, prefix) = if chars.len() > WINDOW && col > WINDOW / 3 {
        (col - WINDOW / 3, "…")
    } else {
        (1, "")
    };
    let end = (start - 1 + WINDOW).min(chars.len());
    let shown: String = chars
        .get(start - 1..end)
        .map(|c| c.iter().collect())
        .unwrap_or_default();
    let suffix = if end < chars.len() { "…" } else { "" };
    let gutter = line.to_string();
    let pad = " ".repeat(gutter.len());
    let _ = writeln!(out, "   {pad} {}", st.dim("|"));
    let _ = writeln!(
        out,
        "   {} {} {prefix}{shown}{suffix}",
        st.dim(&gutter),
        st.dim("|")
    );
    let caret_pos = col.saturating_sub(start) + prefix.chars().count();
    let avail = end.saturating_sub(col - 1).max(1);
    let n = mark_len.clamp(1, avail);
    let _ = writeln!(
        out,
        "   {pad} {} {}{}",
        st.dim("|"),
        " ".repeat(caret_pos),
        st.paint("1;33", &"^".repeat(n))
    );
}

/// Length (in characters) of the word at a location's column: what the caret marks.
fn token_len(l: &Location) -> usize {
    let (Some(e), Some(c)) = (&l.excerpt, l.column) else {
        return 1;
    };
    e.chars()
        .skip((c as usize).saturating_sub(1))
        .take_while(|ch| !ch.is_whitespace() && *ch != '"' && *ch != '\'')
        .count()
        .max(1)
}

fn source_line(s: &Source) -> String {
    let mut t = s.what.clone();
    if let Some(v) = &s.value {
        let _ = write!(t, " = `{v}`");
    }
    let _ = write!(t, " at {}", s.location.short());
    t
}

/// The human text form: verdict, value, the deciding line quoted and marked, provenance,
/// diagnostics, unseen evidence, remediation. `color`: ANSI colours.
pub fn text(report: &Report, color: bool) -> String {
    let st = Style { color };
    let mut o = String::new();
    let ids: Vec<String> = report
        .rule
        .benchmarks
        .iter()
        .map(|b| format!("{} {}", short_benchmark(&b.benchmark), b.control))
        .collect();
    let _ = writeln!(
        o,
        "{}",
        st.dim(&format!("{} · {}", report.rule.title, ids.join(" · ")))
    );
    let value = match &report.client_ca_file {
        Some(v) => format!("`{v}`"),
        None => "not set".to_string(),
    };
    let _ = writeln!(
        o,
        "{}  client CA: {}",
        st.verdict(report.verdict),
        st.bold(&value)
    );
    let _ = writeln!(o, "{}", report.summary);
    if report.certainty == Certainty::Derived {
        let _ = writeln!(
            o,
            "{}",
            st.dim("(less certain: relies on spec rules tagged [derived])")
        );
    }
    if let Some(d) = &report.provenance.decided_by {
        let _ = writeln!(o);
        let _ = writeln!(o, "{} {}", st.bold("decided by:"), source_line(d));
        quote(&mut o, &d.location, &st, token_len(&d.location));
        for v in &report.provenance.via {
            let _ = writeln!(o, "  {} {}", st.dim("via"), source_line(v));
        }
        for v in &report.provenance.overridden {
            let _ = writeln!(o, "  {} {}", st.dim("overrides"), source_line(v));
        }
    }
    if !report.diagnostics.is_empty() {
        let _ = writeln!(o);
        for d in &report.diagnostics {
            let _ = writeln!(o, "{}[{}]: {}", st.severity(d.severity), d.code, d.message);
            if let Some(l) = &d.location {
                if l.artifact.is_some() || l.source.is_some() {
                    let _ = writeln!(o, "   {} {}", st.dim("-->"), l.short());
                    if d.severity >= Severity::Warning {
                        quote(&mut o, l, &st, token_len(l));
                    }
                }
            }
        }
    }
    let unseen: Vec<&Unseen> = report.unseen.iter().collect();
    if !unseen.is_empty() {
        let _ = writeln!(o);
        let _ = writeln!(o, "{}", st.bold("referenced but not given:"));
        for u in unseen {
            let _ = writeln!(
                o,
                "  {} `{}`{}",
                u.what,
                u.reference,
                if u.could_decide {
                    " (could decide the result)"
                } else {
                    ""
                }
            );
        }
    }
    if let Some(j) = &report.judged_version {
        let _ = writeln!(o);
        let _ = writeln!(
            o,
            "{} kubelet {} ({})",
            st.dim("judged as"),
            j.version,
            j.reason
        );
    }
    if let Some(r) = &report.remediation {
        let _ = writeln!(o);
        let _ = writeln!(
            o,
            "{} ({}): {}",
            st.bold("how to fix"),
            r.platform,
            r.summary
        );
        for s in &r.steps {
            let _ = writeln!(o, "  - {s}");
        }
    }
    o
}

fn short_benchmark(b: &str) -> &str {
    if b.contains("AKS") {
        "CIS AKS"
    } else if b.contains("EKS") {
        "CIS EKS"
    } else if b.contains("GKE") {
        "CIS GKE"
    } else {
        "CIS Kubernetes"
    }
}

// ---------------------------------------------------------------------------------------------
// kube-bench JSON (docs: shared/docs/kube-bench-compat.md §4.1). Field order follows kube-bench's
// struct tags.

#[derive(Serialize)]
struct KbOutput {
    #[serde(rename = "Controls")]
    controls: Vec<KbControls>,
    #[serde(rename = "Totals")]
    totals: KbTotals,
}

#[derive(Serialize, Clone, Copy, Default)]
struct KbTotals {
    total_pass: u32,
    total_fail: u32,
    total_warn: u32,
    total_info: u32,
}

#[derive(Serialize)]
struct KbControls {
    id: String,
    version: String,
    detected_version: String,
    text: String,
    node_type: String,
    tests: Vec<KbGroup>,
    total_pass: u32,
    total_fail: u32,
    total_warn: u32,
    total_info: u32,
}

#[derive(Serialize)]
struct KbGroup {
    section: String,
    #[serde(rename = "type")]
    kind: String,
    pass: u32,
    fail: u32,
    warn: u32,
    info: u32,
    desc: String,
    results: Vec<KbCheck>,
}

#[derive(Serialize, Clone)]
struct KbCheck {
    test_number: String,
    test_desc: String,
    audit: String,
    #[serde(rename = "AuditEnv")]
    audit_env: String,
    #[serde(rename = "AuditConfig")]
    audit_config: String,
    #[serde(rename = "type")]
    kind: String,
    remediation: String,
    test_info: Vec<String>,
    status: String,
    actual_value: String,
    scored: bool,
    #[serde(rename = "IsMultiple")]
    is_multiple: bool,
    expected_result: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    reason: String,
}

/// kube-bench's status for a verdict: inconclusive is `WARN` (kube-bench's "did not run").
pub fn kube_bench_status(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "PASS",
        Verdict::Fail | Verdict::Invalid => "FAIL",
        Verdict::Inconclusive => "WARN",
    }
}

/// Benchmark naming per platform: (kube-bench version, section id, group section, check number).
fn kb_benchmark(platform: &str) -> (&'static str, &'static str, &'static str, &'static str) {
    match platform {
        "aks" => ("aks-1.7", "3", "3.2", "3.2.3"),
        "eks" => ("eks-1.7.0", "3", "3.2", "3.2.3"),
        "gke" => ("gke-1.7.0", "3", "3.2", "3.2.3"),
        _ => ("cis-1.10", "4", "4.2", "4.2.3"),
    }
}

fn remediation_text(report: &Report) -> String {
    match &report.remediation {
        Some(r) => {
            let mut s = r.summary.clone();
            for step in &r.steps {
                s.push_str("; ");
                s.push_str(step);
            }
            s
        }
        None => "If using a Kubelet config file, set authentication.x509.clientCAFile to the location of the client CA file; if using command line arguments, set --client-ca-file. Then restart the kubelet.".to_string(),
    }
}

fn kb_check(report: &Report) -> KbCheck {
    let (_, _, _, number) = kb_benchmark(&report.platform);
    let status = kube_bench_status(report.verdict);
    let remediation = remediation_text(report);
    let reason = match report.verdict {
        Verdict::Pass | Verdict::Fail => String::new(),
        _ => report.summary.clone(),
    };
    KbCheck {
        test_number: number.to_string(),
        test_desc: format!("{} (Automated)", rule::TITLE),
        audit: "kubeletlint: effective kubelet configuration from the evidence".to_string(),
        audit_env: String::new(),
        audit_config: String::new(),
        kind: String::new(),
        remediation: remediation.clone(),
        test_info: vec![remediation],
        status: status.to_string(),
        actual_value: report.client_ca_file.clone().unwrap_or_default(),
        scored: true,
        is_multiple: false,
        expected_result: "'authentication.x509.clientCAFile' (--client-ca-file) is set".to_string(),
        reason,
    }
}

fn kb_totals(v: Verdict) -> KbTotals {
    let mut t = KbTotals::default();
    match v {
        Verdict::Pass => t.total_pass = 1,
        Verdict::Fail | Verdict::Invalid => t.total_fail = 1,
        Verdict::Inconclusive => t.total_warn = 1,
    }
    t
}

fn kb_controls(report: &Report) -> KbControls {
    let (version, id, section, _) = kb_benchmark(&report.platform);
    let t = kb_totals(report.verdict);
    KbControls {
        id: id.to_string(),
        version: version.to_string(),
        detected_version: report
            .judged_version
            .as_ref()
            .map(|j| j.version.clone())
            .unwrap_or_else(|| "none".to_string()),
        text: "Worker Node Security Configuration".to_string(),
        node_type: "node".to_string(),
        tests: vec![KbGroup {
            section: section.to_string(),
            kind: String::new(),
            pass: t.total_pass,
            fail: t.total_fail,
            warn: t.total_warn,
            info: t.total_info,
            desc: "Kubelet".to_string(),
            results: vec![kb_check(report)],
        }],
        total_pass: t.total_pass,
        total_fail: t.total_fail,
        total_warn: t.total_warn,
        total_info: t.total_info,
    }
}

/// kube-bench-compatible JSON (`{"Controls": [...], "Totals": {...}}`), one line, as
/// `kube-bench --json` writes it.
pub fn kube_bench(report: &Report) -> String {
    let out = KbOutput {
        controls: vec![kb_controls(report)],
        totals: kb_totals(report.verdict),
    };
    serde_json::to_string(&out).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// SARIF 2.1.0

// Field order: serde_json's object keys are sorted (no `preserve_order`), and the SARIF output
// was first built from `serde_json::Value` objects: the structs below keep their keys sorted so
// the output stays byte for byte the same.

#[derive(Serialize)]
struct SarifDoc<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [SarifRun<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
struct SarifRun<'a> {
    results: Vec<SarifResult<'a>>,
    tool: SarifTool<'a>,
}

#[derive(Serialize)]
struct SarifTool<'a> {
    driver: SarifDriver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifDriver<'a> {
    name: &'static str,
    rules: Vec<SarifRule<'a>>,
    semantic_version: &'a str,
    version: &'a str,
}

#[derive(Serialize)]
struct SarifText<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct SarifHelp {
    markdown: &'static str,
    text: &'static str,
}

#[derive(Serialize)]
struct SarifTags {
    tags: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRule<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<SarifText<'static>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<SarifHelp>,
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<SarifTags>,
    short_description: SarifText<'a>,
}

#[derive(Serialize)]
struct SarifProps<'a> {
    certainty: Certainty,
    client_ca_file: &'a Option<String>,
    platform: &'a str,
    verdict: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    kind: &'static str,
    level: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    locations: Option<[SarifLocation; 1]>,
    message: SarifText<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<SarifProps<'a>>,
    rule_id: String,
    rule_index: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    physical_location: SarifPhysical,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifPhysical {
    artifact_location: SarifUri,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<SarifRegion>,
}

#[derive(Serialize)]
struct SarifUri {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRegion {
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<SarifSnippet>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    start_line: u32,
}

#[derive(Serialize)]
struct SarifSnippet {
    text: String,
}

fn sarif_uri(name: &str) -> String {
    let mut s = String::new();
    let base = if name.starts_with('/') {
        format!("file://{name}")
    } else {
        name.replace(" #", "-")
    };
    for c in base.chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '.' | '_' | '~' | '/' | ':' => s.push(c),
            c => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(s, "%{b:02X}");
                }
            }
        }
    }
    s
}

fn sarif_location(l: &Location) -> Option<[SarifLocation; 1]> {
    let name = l
        .source
        .clone()
        .or_else(|| l.artifact.map(|i| format!("artifact #{}", i + 1)))?;
    let region = l.line.map(|line| SarifRegion {
        snippet: l.excerpt.as_ref().map(|e| SarifSnippet { text: e.clone() }),
        start_column: l.column.map(|c| c.max(1)),
        start_line: line.max(1),
    });
    Some([SarifLocation {
        physical_location: SarifPhysical {
            artifact_location: SarifUri {
                uri: sarif_uri(&name),
            },
            region,
        },
    }])
}

/// SARIF 2.1.0: one result for the rule (kind `pass`/`fail`/`review`), one per diagnostic.
pub fn sarif(report: &Report) -> String {
    let (kind, level) = match report.verdict {
        Verdict::Pass => ("pass", "none"),
        Verdict::Fail | Verdict::Invalid => ("fail", "error"),
        Verdict::Inconclusive => ("review", "warning"),
    };
    let tags: Vec<String> = report
        .rule
        .benchmarks
        .iter()
        .map(|b| format!("{} {}", short_benchmark(&b.benchmark), b.control))
        .collect();
    let mut rules = vec![SarifRule {
        full_description: Some(SarifText { text: "The kubelet's effective authentication.x509.clientCAFile must name a usable CA bundle, so that the API server's certificate-based requests are authenticated." }),
        help: Some(SarifHelp { markdown: rule::EXPLAIN, text: rule::EXPLAIN }),
        id: report.rule.id.to_string(),
        name: Some("KubeletClientCaFile"),
        properties: Some(SarifTags { tags }),
        short_description: SarifText { text: &report.rule.title },
    }];
    let mut short_names: Vec<String> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for d in &report.diagnostics {
        if !seen.contains(&d.code.as_ref()) {
            seen.push(&d.code);
            short_names.push(d.code.replace('-', " "));
        }
    }
    for (code, short) in seen.iter().zip(&short_names) {
        rules.push(SarifRule {
            full_description: None,
            help: None,
            id: format!("kubeletlint/{code}"),
            name: None,
            properties: None,
            short_description: SarifText { text: short },
        });
    }
    let main = SarifResult {
        kind,
        level,
        locations: report
            .provenance
            .decided_by
            .as_ref()
            .and_then(|d| sarif_location(&d.location)),
        message: SarifText {
            text: &report.summary,
        },
        properties: Some(SarifProps {
            certainty: report.certainty,
            client_ca_file: &report.client_ca_file,
            platform: &report.platform,
            verdict: report.verdict.as_str(),
        }),
        rule_id: report.rule.id.to_string(),
        rule_index: 0,
    };
    let mut results = vec![main];
    for d in &report.diagnostics {
        let (kind, level) = match d.severity {
            Severity::Error => ("fail", "error"),
            Severity::Warning => ("fail", "warning"),
            Severity::Info => ("informational", "note"),
        };
        let idx = seen
            .iter()
            .position(|c| *c == d.code)
            .map(|i| i + 1)
            .unwrap_or(0);
        results.push(SarifResult {
            kind,
            level,
            locations: d.location.as_ref().and_then(sarif_location),
            message: SarifText { text: &d.message },
            properties: None,
            rule_id: format!("kubeletlint/{}", d.code),
            rule_index: idx,
        });
    }
    let doc = SarifDoc {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [SarifRun {
            results,
            tool: SarifTool {
                driver: SarifDriver {
                    name: "kubeletlint",
                    rules,
                    semantic_version: &report.tool_version,
                    version: &report.tool_version,
                },
            },
        }],
        version: "2.1.0",
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// JUnit (kube-bench's shape, §4.3)

fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' && c != '\r' => {}
            c => o.push(c),
        }
    }
    o
}

/// JUnit XML in kube-bench's shape: one test suite, one test case.
pub fn junit(report: &Report) -> String {
    let c = kb_controls(report);
    let check = kb_check(report);
    let check_json = serde_json::to_string(&check).unwrap_or_default();
    let t = kb_totals(report.verdict);
    let tests = t.total_pass + t.total_fail + t.total_warn + t.total_info;
    let mut o = String::new();
    o.push_str("<testsuites>\n");
    let _ = writeln!(
        o,
        "    <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{}\" errors=\"0\" time=\"0\">",
        xml_escape(&c.text),
        t.total_fail
    );
    let _ = writeln!(
        o,
        "        <testcase name=\"{}\" classname=\"Kubelet\" time=\"0\">",
        xml_escape(&format!("{} {}", check.test_number, check.test_desc))
    );
    match report.verdict {
        Verdict::Fail | Verdict::Invalid => {
            let _ = writeln!(
                o,
                "            <failure type=\"\">{}</failure>",
                xml_escape(&check.remediation)
            );
        }
        Verdict::Inconclusive => o.push_str("            <skipped></skipped>\n"),
        Verdict::Pass => {}
    }
    let _ = writeln!(
        o,
        "            <system-out>{}</system-out>",
        xml_escape(&check_json)
    );
    o.push_str("        </testcase>\n    </testsuite>\n</testsuites>\n");
    o
}

// ---------------------------------------------------------------------------------------------
// Redaction

/// The mask put in place of values and paths.
pub const MASK: &str = "[REDACTED]";

/// A copy of the report with values and content paths masked (`--redact`): the client CA value,
/// every argv word and flag value, config values, referenced paths (config file, drop-in
/// directory, CA path, unseen references) and every excerpt, message and summary that quotes
/// them. The node paths of the artifacts themselves (where the evidence came from) are kept, so
/// that locations stay usable.
pub fn redact(report: &Report) -> Report {
    let mut secrets: Vec<String> = Vec::new();
    let mut add = |s: &str| {
        let s = s.trim();
        if s.len() >= 2 && !secrets.iter().any(|x| x == s) {
            secrets.push(s.to_string());
        }
    };
    if let Some(v) = &report.client_ca_file {
        add(v);
    }
    let e = &report.effective;
    for v in [&e.ca_path_opened, &e.config_file, &e.config_dir]
        .into_iter()
        .flatten()
    {
        add(v);
    }
    if let Some(argv) = &e.argv {
        for w in argv {
            if let Some((_, v)) = w.split_once('=') {
                add(v);
            }
            if !w.starts_with('-') {
                add(w);
            }
        }
    }
    let p = &report.provenance;
    for s in p
        .decided_by
        .iter()
        .chain(p.via.iter())
        .chain(p.overridden.iter())
    {
        if let Some(v) = &s.value {
            add(v);
        }
    }
    for u in &report.unseen {
        add(&u.reference);
    }
    // Longest first, so that a value containing another is masked whole.
    crate::sort::sort_by(&mut secrets, |a, b| b.len().cmp(&a.len()));
    let mask = |s: &str| -> String {
        let mut out = s.to_string();
        for sec in &secrets {
            if out.contains(sec.as_str()) {
                out = out.replace(sec.as_str(), MASK);
            }
        }
        out
    };
    let mut r = report.clone();
    r.client_ca_file = r.client_ca_file.map(|_| MASK.to_string());
    r.summary = mask(&r.summary);
    let fix_loc = |l: &mut Location| {
        l.excerpt = l.excerpt.as_ref().map(|x| mask(x));
    };
    let fix_src = |s: &mut Source| {
        s.value = s.value.as_ref().map(|_| MASK.to_string());
        s.what = mask(&s.what);
        fix_loc(&mut s.location);
    };
    if let Some(d) = r.provenance.decided_by.as_mut() {
        fix_src(d);
    }
    r.provenance.via.iter_mut().for_each(fix_src);
    r.provenance.overridden.iter_mut().for_each(fix_src);
    for d in &mut r.diagnostics {
        d.message = mask(&d.message);
        if let Some(l) = d.location.as_mut() {
            fix_loc(l);
        }
    }
    for u in &mut r.unseen {
        u.reference = MASK.to_string();
        if let Some(l) = u.referenced_at.as_mut() {
            fix_loc(l);
        }
    }
    // Artifact names are node paths; one that is itself a masked value (the CA file's path) is
    // masked too, wherever it is shown.
    for a in &mut r.artifacts {
        a.name = mask(&a.name);
        a.path = a.path.as_ref().map(|p| mask(p));
        a.note = a.note.as_ref().map(|n| std::borrow::Cow::Owned(mask(n)));
    }
    let fix_source_name = |l: &mut Location| {
        l.source = l.source.as_ref().map(|s| mask(s));
    };
    if let Some(d) = r.provenance.decided_by.as_mut() {
        fix_source_name(&mut d.location);
    }
    r.provenance
        .via
        .iter_mut()
        .for_each(|s| fix_source_name(&mut s.location));
    r.provenance
        .overridden
        .iter_mut()
        .for_each(|s| fix_source_name(&mut s.location));
    for d in &mut r.diagnostics {
        if let Some(l) = d.location.as_mut() {
            fix_source_name(l);
        }
    }
    r.effective.dropins = r.effective.dropins.iter().map(|d| mask(d)).collect();
    r.effective.argv = r
        .effective
        .argv
        .map(|a| a.iter().map(|w| mask(w)).collect());
    r.effective.ca_path_opened = r.effective.ca_path_opened.map(|_| MASK.to_string());
    r.effective.config_file = r.effective.config_file.map(|x| mask(&x));
    r.effective.config_dir = r.effective.config_dir.map(|x| mask(&x));
    if let Some(rem) = r.remediation.as_mut() {
        rem.summary = mask(&rem.summary);
    }
    r
}
