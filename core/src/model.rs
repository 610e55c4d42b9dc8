//! The data model shared by every module and front-end: evidence in, report out.
//!
//! Everything here is plain data (serde `Serialize`/`Deserialize`), so the report JSON, the
//! Python objects and the WASM objects are all the same shape.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// What an artifact is. Detected from the content (and node path) when not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ArtifactKind {
    /// A kubelet config file (`--config`), JSON or YAML (also a kubeadm multi-document YAML).
    KubeletConfig,
    /// A file of the `--config-dir` drop-in directory.
    ConfigDropin,
    /// A `/configz` payload (`{"kubeletconfig": {...}}`), possibly inside shell noise.
    Configz,
    /// Anything that shows a kubelet argv: `ps` output, `/proc/PID/cmdline`, an argv string,
    /// an args file, `systemctl status` output.
    Cmdline,
    /// A systemd unit file (`kubelet.service`).
    SystemdUnit,
    /// A systemd drop-in (`kubelet.service.d/*.conf`).
    SystemdDropin,
    /// An environment file read through `EnvironmentFile=`.
    EnvFile,
    /// The client CA bundle itself (PEM or DER).
    CaBundle,
}

impl ArtifactKind {
    pub const ALL: [ArtifactKind; 8] = [
        ArtifactKind::KubeletConfig,
        ArtifactKind::ConfigDropin,
        ArtifactKind::Configz,
        ArtifactKind::Cmdline,
        ArtifactKind::SystemdUnit,
        ArtifactKind::SystemdDropin,
        ArtifactKind::EnvFile,
        ArtifactKind::CaBundle,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ArtifactKind::KubeletConfig => "kubelet-config",
            ArtifactKind::ConfigDropin => "config-dropin",
            ArtifactKind::Configz => "configz",
            ArtifactKind::Cmdline => "cmdline",
            ArtifactKind::SystemdUnit => "systemd-unit",
            ArtifactKind::SystemdDropin => "systemd-dropin",
            ArtifactKind::EnvFile => "env-file",
            ArtifactKind::CaBundle => "ca-bundle",
        }
    }

    /// Parses a kind name. Accepts the names above and the corpus' aliases
    /// (`kubelet-config-json`, `kubelet-config-yaml`).
    pub fn parse(name: &str) -> Option<ArtifactKind> {
        let n = name.trim().to_ascii_lowercase().replace('_', "-");
        Some(match n.as_str() {
            "kubelet-config" | "kubelet-config-json" | "kubelet-config-yaml" | "config" => {
                ArtifactKind::KubeletConfig
            }
            "config-dropin" | "dropin" | "kubelet-config-dropin" => ArtifactKind::ConfigDropin,
            "configz" => ArtifactKind::Configz,
            "cmdline" | "argv" | "ps" => ArtifactKind::Cmdline,
            "systemd-unit" | "unit" => ArtifactKind::SystemdUnit,
            "systemd-dropin" => ArtifactKind::SystemdDropin,
            "env-file" | "envfile" | "environment-file" => ArtifactKind::EnvFile,
            "ca-bundle" | "ca" | "ca-file" => ArtifactKind::CaBundle,
            _ => return None,
        })
    }
}

impl fmt::Display for ArtifactKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One piece of evidence: its text, where it lives on the node (if known) and its kind
/// (if known; detected otherwise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Artifact {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ArtifactKind>,
}

impl Artifact {
    pub fn new(text: impl Into<String>) -> Self {
        Artifact {
            text: text.into(),
            path: None,
            kind: None,
        }
    }
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }
    pub fn with_kind(mut self, kind: ArtifactKind) -> Self {
        self.kind = Some(kind);
        self
    }
}

/// The four verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The effective client CA is set.
    Pass,
    /// The effective client CA is not set (or set but not usable as a CA).
    Fail,
    /// The evidence cannot decide.
    Inconclusive,
    /// The evidence describes a kubelet (or unit) that would refuse to start.
    Invalid,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Inconclusive => "inconclusive",
            Verdict::Invalid => "invalid",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A position inside one artifact. Lines and columns are 1-based; columns count characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub fn new(line: u32, column: u32) -> Self {
        Pos { line, column }
    }

    /// The 1-based line and column of byte offset `offset` in `text` (clamped to the text).
    pub fn of_offset(text: &str, offset: usize) -> Pos {
        let mut off = offset.min(text.len());
        while off > 0 && !text.is_char_boundary(off) {
            off -= 1;
        }
        let before = text.get(..off).unwrap_or("");
        let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() as u32 + 1;
        let line_start = memchr::memrchr(b'\n', before.as_bytes())
            .map(|i| i + 1)
            .unwrap_or(0);
        let column = before
            .get(line_start..)
            .map(|s| s.chars().count())
            .unwrap_or(0) as u32
            + 1;
        Pos { line, column }
    }
}

/// Where something is: which artifact, where in it, and (for argv) which element.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Location {
    /// Index of the artifact in the evidence list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact: Option<usize>,
    /// Display name of the artifact: its node path, or `artifact #N`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// For command-line evidence: index into the kubelet's argv (argv[0] = the binary).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub argv_index: Option<usize>,
    /// The whole text of the line at `line`, for quoting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
}

impl Location {
    pub fn artifact(index: usize) -> Self {
        Location {
            artifact: Some(index),
            ..Default::default()
        }
    }
    pub fn at(index: usize, pos: Pos) -> Self {
        Location {
            artifact: Some(index),
            line: Some(pos.line),
            column: Some(pos.column),
            ..Default::default()
        }
    }
    pub fn with_argv_index(mut self, i: usize) -> Self {
        self.argv_index = Some(i);
        self
    }
    /// `source:line:column` (the parts that are known).
    pub fn short(&self) -> String {
        let mut s = self.source.clone().unwrap_or_else(|| match self.artifact {
            Some(i) => format!("artifact #{}", i + 1),
            None => "evidence".to_string(),
        });
        use fmt::Write as _;
        if let Some(l) = self.line {
            let _ = write!(s, ":{l}");
            if let Some(c) = self.column {
                let _ = write!(s, ":{c}");
            }
        }
        if let Some(i) = self.argv_index {
            let _ = write!(s, " (argv[{i}])");
        }
        s
    }
}

impl Location {
    fn for_each_string_mut(&mut self, f: &mut dyn FnMut(&mut String)) {
        let Location {
            artifact: _,
            source,
            line: _,
            column: _,
            argv_index: _,
            excerpt,
        } = self;
        source.iter_mut().for_each(&mut *f);
        excerpt.iter_mut().for_each(&mut *f);
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.short())
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// A finding about the evidence, with a stable code (see [`crate::codes`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// One of [`crate::codes`] (static text).
    pub code: Cow<'static, str>,
    pub severity: Severity,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The spec rules that back this diagnostic (e.g. `A4`, `Z10`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Cow<'static, str>>,
}

// Not inlined: the builder is called from about 45 places, and each inlined copy (moving the
// whole Diagnostic through `at`/`rules`) costs code; about 1 KB gzip of the WebAssembly module.
impl Diagnostic {
    #[inline(never)]
    pub fn new(code: &'static str, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            code: Cow::Borrowed(code),
            severity,
            message: message.into(),
            location: None,
            rules: Vec::new(),
        }
    }
    #[inline(never)]
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }
    #[inline(never)]
    pub fn rules(mut self, rules: &[&'static str]) -> Self {
        self.rules = rules.iter().map(|r| Cow::Borrowed(*r)).collect();
        self
    }
}

/// One link of a provenance chain: where a value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// What set it, in words: ``flag `--client-ca-file` ``, ``key `authentication.x509.clientCAFile` ``,
    /// ```$KUBELET_FLAGS` in `ExecStart=` ``, ``defined in `EnvironmentFile=` ``.
    pub what: String,
    /// The value it set (`""` = explicitly empty, `None` = not applicable / null).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub location: Location,
}

/// Where the effective value came from, and what it overrode.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Provenance {
    /// The source that decided the effective value (absent when nothing set it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<Source>,
    /// How the deciding value got there, innermost first (e.g. the environment-file line that
    /// defined a variable, then the `ExecStart=` line that expanded it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<Source>,
    /// Every other value it overrode, in the order they were applied (lowest precedence first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overridden: Vec<Source>,
}

/// Evidence that is referenced but was not given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unseen {
    /// What kind of thing is missing: `config-file`, `config-dir`, `environment-file`,
    /// `systemd-dropin`, `systemd-unit`, `ca-file`, `variable`.
    pub what: String,
    /// Its name or path as referenced.
    pub reference: String,
    /// Whether the answer could depend on it.
    pub could_decide: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referenced_at: Option<Location>,
}

/// The rule's benchmark IDs (static text: no allocation per report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenchmarkRef {
    pub benchmark: Cow<'static, str>,
    pub version: Cow<'static, str>,
    pub control: Cow<'static, str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleInfo {
    pub id: Cow<'static, str>,
    pub title: Cow<'static, str>,
    pub benchmarks: Cow<'static, [BenchmarkRef]>,
}

/// The version the evidence was judged as (spec Z10).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JudgedVersion {
    /// `1.NN`.
    pub version: String,
    pub reason: String,
}

/// How the fix should be made, for the platform the evidence shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remediation {
    pub platform: String,
    pub summary: String,
    pub steps: Vec<String>,
}

/// How sure the result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Certainty {
    /// Every rule used is confirmed (code, docs, or the oracles).
    Confirmed,
    /// A rule tagged [derived] in the spec decided part of the result.
    Derived,
}

/// Summary of each artifact as kubeletlint understood it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArtifactSummary {
    pub index: usize,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub kind: ArtifactKind,
    /// `given`, `detected` or `inferred` (kind from the node path).
    pub kind_from: Cow<'static, str>,
    /// `used`, `ignored` (with `note`), or `unreferenced`.
    pub role: Cow<'static, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Cow<'static, str>>,
}

/// The effective configuration around the client CA, as far as the evidence shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Effective {
    /// The kubelet argv (argv[0] first), when the evidence shows one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub argv: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_dir: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dropins: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anonymous_auth: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_authn: Option<bool>,
    /// The absolute path the kubelet opens (relative values resolved as spec E5 says).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_path_opened: Option<String>,
    /// `none`, `internal` (1.28-1.31) or `v1beta1` (1.32+): the drop-in merge used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merge_mode: Option<String>,
}

/// The result of a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Version of this JSON shape (see `docs/report-schema.md`).
    pub schema_version: u32,
    pub tool: Cow<'static, str>,
    pub tool_version: Cow<'static, str>,
    pub rule: RuleInfo,
    pub verdict: Verdict,
    /// The effective `authentication.x509.clientCAFile`, or null when not set / unknown.
    pub client_ca_file: Option<String>,
    pub certainty: Certainty,
    /// One sentence saying why.
    pub summary: String,
    pub provenance: Provenance,
    pub diagnostics: Vec<Diagnostic>,
    pub unseen: Vec<Unseen>,
    pub judged_version: Option<JudgedVersion>,
    pub platform: Cow<'static, str>,
    pub remediation: Option<Remediation>,
    pub effective: Effective,
    pub artifacts: Vec<ArtifactSummary>,
}

/// `s` with every `artifact #N` that `labels` names (`labels[N - 1]`) replaced by that name.
fn rename_artifact_refs(s: &str, labels: &[Option<&str>]) -> Option<String> {
    const REF: &str = "artifact #";
    if !s.contains(REF) {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let mut changed = false;
    while let Some(i) = rest.find(REF) {
        let (before, from) = rest.split_at(i);
        out.push_str(before);
        let after = from.get(REF.len()..).unwrap_or("");
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let label = after
            .get(..digits)
            .and_then(|d| d.parse::<usize>().ok())
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| labels.get(i).copied().flatten());
        match label {
            Some(l) => {
                out.push_str(l);
                changed = true;
            }
            None => out.push_str(from.get(..REF.len() + digits).unwrap_or(from)),
        }
        rest = after.get(digits..).unwrap_or("");
    }
    out.push_str(rest);
    changed.then_some(out)
}

impl Report {
    /// Names the artifacts that have no node path the way the caller knows them (the CLI: the
    /// local file name): every `artifact #N` in the report's strings becomes `labels[N - 1]`
    /// where that is `Some`. Presentation only; nothing is decided again.
    pub fn name_artifacts(&mut self, labels: &[Option<&str>]) {
        self.for_each_string_mut(&mut |s| {
            if let Some(r) = rename_artifact_refs(s, labels) {
                *s = r;
            }
        });
    }

    /// The diagnostic codes, in order (handy for tests).
    pub fn codes(&self) -> Vec<&str> {
        self.diagnostics.iter().map(|d| d.code.as_ref()).collect()
    }

    /// Calls `f` on every free-text string of the report: every JSON string value but the enum
    /// names (kinds, verdicts, severities, certainty). The patterns are exhaustive, so a new
    /// string field cannot be forgotten.
    pub fn for_each_string_mut(&mut self, f: &mut dyn FnMut(&mut String)) {
        let Report {
            schema_version: _,
            tool: _,
            tool_version: _,
            rule,
            verdict: _,
            client_ca_file,
            certainty: _,
            summary,
            provenance,
            diagnostics,
            unseen,
            judged_version,
            platform,
            remediation,
            effective,
            artifacts,
        } = self;
        // `rule` is static text about the rule: it never holds evidence.
        let _ = rule;
        client_ca_file.iter_mut().for_each(&mut *f);
        f(summary);
        let Provenance {
            decided_by,
            via,
            overridden,
        } = provenance;
        for Source {
            what,
            value,
            location,
        } in decided_by.iter_mut().chain(via).chain(overridden)
        {
            f(what);
            value.iter_mut().for_each(&mut *f);
            location.for_each_string_mut(f);
        }
        for Diagnostic {
            code,
            severity: _,
            message,
            location,
            rules,
        } in diagnostics
        {
            // `code` and `rules` are static text: they never hold evidence.
            let _ = (code, rules);
            f(message);
            if let Some(l) = location {
                l.for_each_string_mut(f);
            }
        }
        for Unseen {
            what,
            reference,
            could_decide: _,
            referenced_at,
        } in unseen
        {
            f(what);
            f(reference);
            if let Some(l) = referenced_at {
                l.for_each_string_mut(f);
            }
        }
        if let Some(JudgedVersion { version, reason }) = judged_version {
            f(version);
            f(reason);
        }
        let _ = platform; // static text
        if let Some(Remediation {
            platform,
            summary,
            steps,
        }) = remediation
        {
            f(platform);
            f(summary);
            steps.iter_mut().for_each(&mut *f);
        }
        let Effective {
            argv,
            config_file,
            config_dir,
            dropins,
            anonymous_auth: _,
            webhook_authn: _,
            ca_path_opened,
            merge_mode,
        } = effective;
        argv.iter_mut().flatten().for_each(&mut *f);
        config_file.iter_mut().for_each(&mut *f);
        config_dir.iter_mut().for_each(&mut *f);
        dropins.iter_mut().for_each(&mut *f);
        ca_path_opened.iter_mut().for_each(&mut *f);
        merge_mode.iter_mut().for_each(&mut *f);
        for ArtifactSummary {
            index: _,
            name,
            path,
            kind: _,
            kind_from,
            role,
            note,
        } in artifacts
        {
            f(name);
            path.iter_mut().for_each(&mut *f);
            let _ = kind_from; // static text
            let _ = role; // static text
            if let Some(Cow::Owned(n)) = note {
                f(n);
            }
        }
    }
}

/// Input that cannot be used at all (as opposed to evidence of a broken kubelet, which is a
/// verdict). Carries the artifact and the position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputError {
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl InputError {
    /// [`Report::name_artifacts`] for an input error: every `artifact #N` in its message and
    /// source becomes `labels[N - 1]` where that is `Some`.
    pub fn name_artifacts(&mut self, labels: &[Option<&str>]) {
        if let Some(r) = rename_artifact_refs(&self.message, labels) {
            self.message = r;
        }
        if let Some(r) = self
            .source
            .as_deref()
            .and_then(|s| rename_artifact_refs(s, labels))
        {
            self.source = Some(r);
        }
    }

    pub fn new(message: impl Into<String>) -> Self {
        InputError {
            message: message.into(),
            source: None,
            artifact: None,
            line: None,
            column: None,
        }
    }
    pub fn at(mut self, loc: &Location) -> Self {
        self.artifact = loc.artifact;
        self.source = loc.source.clone();
        self.line = loc.line;
        self.column = loc.column;
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.source, self.line, self.column) {
            (Some(s), Some(l), Some(c)) => write!(f, "{s}:{l}:{c}: {}", self.message),
            (Some(s), Some(l), None) => write!(f, "{s}:{l}: {}", self.message),
            (Some(s), None, _) => write!(f, "{s}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for InputError {}

/// Options of a check.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Options {
    /// The kubelet version to judge as (`1.30`, `v1.30.2`); otherwise spec Z10 infers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubelet_version: Option<String>,
    /// Set when the kubelet runs with `KUBELET_CONFIG_DROPIN_DIR_ALPHA` in its environment
    /// (1.28-1.29 only); `None` = unknown / take it from the evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dropin_alpha_env: Option<bool>,
    /// "now" as seconds since the Unix epoch, for certificate validity (never read from a clock
    /// in the core).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now_unix: Option<i64>,
    /// Node paths known NOT to exist on the node (node mode looked): a referenced file or
    /// directory listed here is absent, not unknown (a missing `--config` file or required
    /// `EnvironmentFile=` stops the kubelet or its unit; a missing optional one is ignored).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absent_paths: Vec<String>,
    /// Directories known to exist and to hold no file (an empty `--config-dir`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub empty_dirs: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artifact_refs_are_renamed_as_whole_numbers() {
        let labels = [Some("a.yaml"), None, Some("c.txt")];
        let r = |s: &str| rename_artifact_refs(s, &labels);
        assert_eq!(r("at artifact #1:2:3"), Some("at a.yaml:2:3".into()));
        assert_eq!(
            r("`artifact #3` and artifact #2"),
            Some("`c.txt` and artifact #2".into())
        );
        assert_eq!(r("artifact #10 and artifact #"), None);
        assert_eq!(r("no reference"), None);
    }

    proptest::proptest! {
        /// Without labels nothing changes; with them, no `artifact #N` they name is left.
        #[test]
        fn renaming_never_panics_and_replaces_named_refs(s in "(artifact #[0-9]{0,2}|[ a#:0-9x`])*") {
            proptest::prop_assert_eq!(rename_artifact_refs(&s, &[]), None);
            let out = rename_artifact_refs(&s, &[Some("F")]).unwrap_or(s.clone());
            let named = out.match_indices("artifact #1").any(|(i, _)| {
                !out.get(i + "artifact #1".len()..).is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()))
            });
            proptest::prop_assert!(!named, "{s:?} -> {out:?}");
        }
    }

    /// `for_each_string_mut` reaches every string value of the report's JSON (but enum names).
    #[test]
    fn for_each_string_mut_reaches_every_json_string() {
        let s = || "x".to_string();
        // Static text (rule, tool, platform, roles) never holds evidence and is not walked.
        let c = || Cow::Borrowed("static");
        let loc = || Location {
            artifact: Some(0),
            source: Some(s()),
            line: Some(1),
            column: Some(1),
            argv_index: Some(0),
            excerpt: Some(s()),
        };
        let src = || Source {
            what: s(),
            value: Some(s()),
            location: loc(),
        };
        let mut report = Report {
            schema_version: 1,
            tool: c(),
            tool_version: c(),
            rule: RuleInfo {
                id: c(),
                title: c(),
                benchmarks: Cow::Owned(vec![BenchmarkRef {
                    benchmark: c(),
                    version: c(),
                    control: c(),
                }]),
            },
            verdict: Verdict::Pass,
            client_ca_file: Some(s()),
            certainty: Certainty::Confirmed,
            summary: s(),
            provenance: Provenance {
                decided_by: Some(src()),
                via: vec![src()],
                overridden: vec![src()],
            },
            diagnostics: vec![Diagnostic {
                code: c(),
                severity: Severity::Info,
                message: s(),
                location: Some(loc()),
                rules: vec![c()],
            }],
            unseen: vec![Unseen {
                what: s(),
                reference: s(),
                could_decide: true,
                referenced_at: Some(loc()),
            }],
            judged_version: Some(JudgedVersion {
                version: s(),
                reason: s(),
            }),
            platform: c(),
            remediation: Some(Remediation {
                platform: s(),
                summary: s(),
                steps: vec![s()],
            }),
            effective: Effective {
                argv: Some(vec![s()]),
                config_file: Some(s()),
                config_dir: Some(s()),
                dropins: vec![s()],
                anonymous_auth: Some(true),
                webhook_authn: Some(false),
                ca_path_opened: Some(s()),
                merge_mode: Some(s()),
            },
            artifacts: vec![ArtifactSummary {
                index: 0,
                name: s(),
                path: Some(s()),
                kind: ArtifactKind::Cmdline,
                kind_from: c(),
                role: c(),
                note: Some(Cow::Owned(s())),
            }],
        };
        let mut n = 0;
        report.for_each_string_mut(&mut |v| {
            assert_eq!(v, "x");
            *v = "y".to_string();
            n += 1;
        });
        fn strings<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
            match v {
                serde_json::Value::String(s) => out.push(s),
                serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
                serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
                _ => {}
            }
        }
        let json = serde_json::to_value(&report).unwrap();
        let mut all = Vec::new();
        strings(&json, &mut all);
        let enums = ["pass", "confirmed", "info", "cmdline"];
        assert!(
            all.iter()
                .all(|s| *s == "y" || *s == "static" || enums.contains(s)),
            "{all:?}"
        );
        assert_eq!(n, all.iter().filter(|s| **s == "y").count());
        let statics = all.iter().filter(|s| **s == "static").count();
        assert_eq!(statics, 12);
        assert_eq!(all.len(), n + enums.len() + statics);
    }
}
