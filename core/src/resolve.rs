//! Resolution: from the evidence set to the verdict (spec H), tying the modules together.
//!
//! Order of decisions (spec H2/H3, errata Z7/Z10):
//! 1. classify every artifact (given kind, else detected; unusable input is an [`InputError`]);
//! 2. find the kubelet's argv: a kubelet process in command-line evidence (the running process,
//!    spec H1), else a systemd reconstruction (next start);
//! 3. read argv like the judged kubelet version; link `--config` / `--config-dir` to the artifacts
//!    with those node paths; evaluate the config layer; re-apply flags (C1);
//! 4. a live `/configz` decides the running state (H4) and is compared with the files;
//! 5. verdict: invalid (refuses to start) > inconclusive (evidence missing that could decide)
//!    > Z7 > CA bundle checks > pass/fail.

use crate::codes;
use crate::config::{self, Doc, MergeMode};
use crate::evidence::{self, CaCheck, Process};
use crate::flags::{self, FlagOcc, KubeletArgs, Minor};
use crate::model::*;
use crate::rule;
use crate::systemd::{self, EnvDoc, UnitDoc};
use std::borrow::Cow;

/// One artifact as classified.
#[derive(Debug, Clone)]
struct Item<'a> {
    index: usize,
    text: &'a str,
    path: Option<Cow<'a, str>>,
    name: Cow<'a, str>,
    kind: ArtifactKind,
    kind_from: &'static str,
}

/// Where the kubelet argv came from.
#[derive(Debug, Clone)]
enum ArgvOrigin {
    /// A command line found in command-line evidence: the artifact and each word's byte offset.
    Process {
        artifact: usize,
        offsets: Vec<usize>,
    },
    /// Rebuilt from systemd units.
    Systemd(Box<systemd::Reconstruction>),
}

/// The kubelet argv with a location for each element.
#[derive(Debug, Clone)]
struct KArgv {
    words: Vec<String>,
    /// Index in `words` of the first kubelet argument.
    args_start: usize,
    origin: ArgvOrigin,
    lossy: bool,
    truncated: bool,
    /// A unit's command before variable expansion (`systemctl show`).
    unit_command: bool,
    /// Rebuilt from startup `FLAG:` log lines (A13).
    flag_dump: bool,
}

/// Accumulates the report while resolving.
struct Ctx<'a> {
    items: Vec<Item<'a>>,
    diagnostics: Vec<Diagnostic>,
    unseen: Vec<Unseen>,
    roles: Vec<(&'static str, Option<Cow<'static, str>>)>,
    derived: Vec<String>,
    options: &'a Options,
    /// Tokens standing for unrendered template expressions.
    template_tokens: Vec<String>,
}

impl<'a> Ctx<'a> {
    fn item(&self, index: usize) -> Option<&Item<'a>> {
        self.items.get(index)
    }

    fn use_item(&mut self, index: usize, note: Option<&'static str>) {
        if let Some(r) = self.roles.get_mut(index) {
            r.0 = "used";
            if let Some(n) = note {
                r.1 = Some(Cow::Borrowed(n));
            }
        }
    }

    fn ignore_item(&mut self, index: usize, note: impl Into<Cow<'static, str>>) {
        if let Some(r) = self.roles.get_mut(index) {
            if r.0 != "used" {
                r.0 = "ignored";
                r.1 = Some(note.into());
            }
        }
    }

    /// Whether node mode reported `path` as absent on the node.
    fn absent(&self, path: &str) -> bool {
        if self.options.absent_paths.is_empty() {
            return false;
        }
        let p = clean_path_cow(path);
        self.options
            .absent_paths
            .iter()
            .any(|a| clean_path_cow(a) == p)
    }

    fn empty_dir(&self, path: &str) -> bool {
        if self.options.empty_dirs.is_empty() {
            return false;
        }
        let p = clean_path_cow(path);
        self.options
            .empty_dirs
            .iter()
            .any(|a| clean_path_cow(a) == p)
    }

    fn diag(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Fills `source` and `excerpt` of a location from its artifact.
    fn complete(&self, mut loc: Location) -> Location {
        if let Some(item) = loc.artifact.and_then(|i| self.item(i)) {
            if loc.source.is_none() {
                loc.source = Some(item.name.to_string());
            }
            if loc.excerpt.is_none() {
                if let Some(line) = loc.line {
                    loc.excerpt = line_text(item.text, line).map(|s| s.to_string());
                }
            }
        }
        loc
    }
}

/// The text of 1-based line `line` (without its line break).
pub fn line_text(text: &str, line: u32) -> Option<&str> {
    let idx = (line as usize).checked_sub(1)?;
    let start = if idx == 0 {
        0
    } else {
        memchr::memchr_iter(b'\n', text.as_bytes()).nth(idx - 1)? + 1
    };
    let rest = text.get(start..)?;
    let end = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
    let l = rest.get(..end)?;
    Some(l.strip_suffix('\r').unwrap_or(l))
}

fn display_name<'a>(index: usize, path: &Option<Cow<'a, str>>) -> Cow<'a, str> {
    match path {
        Some(p) if !p.is_empty() => p.clone(),
        _ => Cow::Owned(format!("artifact #{}", index + 1)),
    }
}

/// Normalises a node path: collapses `//`, resolves `.` and `..` lexically (like Go `filepath.Clean`).
pub fn clean_path(p: &str) -> String {
    clean_path_cow(p).into_owned()
}

/// Whether [`clean_path`] leaves `p` as it is: no empty, `.` or `..` segment, no trailing `/`.
fn is_clean(p: &str) -> bool {
    if p == "/" {
        return true;
    }
    let rel = p.strip_prefix('/').unwrap_or(p);
    !rel.is_empty()
        && rel
            .as_bytes()
            .split(|&b| b == b'/')
            .all(|s| !matches!(s, b"" | b"." | b".."))
}

/// [`clean_path`], borrowing `p` when it is already clean.
fn clean_path_cow(p: &str) -> Cow<'_, str> {
    if is_clean(p) {
        return Cow::Borrowed(p);
    }
    Cow::Owned(clean_path_slow(p))
}

/// Go's `path.Clean`, without the already-clean shortcut.
fn clean_path_slow(p: &str) -> String {
    let abs = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !abs {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if abs {
        format!("/{joined}")
    } else if joined.is_empty() {
        ".".to_string()
    } else {
        joined
    }
}

/// Joins `rel` onto `base` (both node paths) and cleans the result; absolute `rel` stays.
pub fn join_path(base: &str, rel: &str) -> String {
    if is_windows_absolute(rel) {
        rel.to_string()
    } else if rel.starts_with('/') {
        clean_path(rel)
    } else {
        clean_path(&format!("{}/{}", base.trim_end_matches('/'), rel))
    }
}

fn parent_dir(p: &str) -> &str {
    match p.rfind('/') {
        Some(0) => "/",
        Some(i) => p.get(..i).unwrap_or("/"),
        None => ".",
    }
}

/// `$NAME` or `${NAME}` as a whole word: a shell or systemd variable reference.
/// The undefined variable (F8) in systemd argv word `i` (of the kubelet's arguments), if any.
fn undefined_var_in(k: &KArgv, i: usize) -> Option<String> {
    let ArgvOrigin::Systemd(rec) = &k.origin else {
        return None;
    };
    let at = &rec.argv.get(i + k.args_start)?.exec_location;
    rec.undefined_vars
        .iter()
        .find(|(_, l)| l.artifact == at.artifact && l.line == at.line && l.column == at.column)
        .map(|(name, _)| name.clone())
}

fn is_variable_word(w: &str) -> bool {
    let Some(rest) = w.strip_prefix('$') else {
        return false;
    };
    let name = match rest.strip_prefix('{') {
        Some(braced) => match braced.strip_suffix('}') {
            Some(n) => n,
            None => return false,
        },
        None => rest,
    };
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Whether a value looks like an unrendered template placeholder.
pub fn looks_like_template(v: &str) -> bool {
    if v.contains("{{") || v.contains("${") || v.contains("%{") || v.contains("<%") {
        return true;
    }
    if v.contains('$') {
        return true;
    }
    // A bare ALL_CAPS word such as `CLIENT_CA_FILE` (sed placeholders).
    let t = v.trim();
    !t.is_empty()
        && !t.contains('/')
        && t.len() >= 4
        && t.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && t.contains('_')
}

fn is_absolute(p: &str) -> bool {
    p.starts_with('/') || is_windows_absolute(p)
}

fn is_windows_absolute(p: &str) -> bool {
    let b = p.as_bytes();
    matches!((b.first(), b.get(1), b.get(2)), (Some(c), Some(b':'), Some(b'\\' | b'/')) if c.is_ascii_alphabetic())
        || p.starts_with("\\\\")
}

/// Decides the verdict for an evidence set.
pub fn check(artifacts: &[Artifact], options: &Options) -> Result<Report, InputError> {
    if artifacts.is_empty() {
        return Err(InputError::new(
            "no evidence given: expected at least one artifact (a kubelet config, a command line, a systemd unit, an environment file or a `/configz` payload)",
        ));
    }
    let explicit: Option<Minor> = match options.kubelet_version.as_deref() {
        None => None,
        Some(v) if v.trim().is_empty() => None,
        Some(v) => Some(flags::parse_version(v).ok_or_else(|| {
            InputError::new(format!(
                "expected a kubelet version such as `1.30` or `v1.30.2`, found `{v}`"
            ))
        })?),
    };
    if let Some(m) = explicit {
        if !(flags::OLDEST..=flags::NEWEST).contains(&m) {
            return Err(InputError::new(format!(
                "expected a kubelet version from `1.{}` to `1.{}`, found `1.{m}`",
                flags::OLDEST,
                flags::NEWEST
            )));
        }
    }

    // Unrendered templates (`{{ ... }}`): each expression becomes a same-length token that every
    // parser reads as one plain word (so lines and columns stay put), and is put back in the
    // report at the end.
    // A file pasted with its shell session (`$ cat /var/lib/kubelet/config.yaml`, the file, a
    // prompt): the prompt lines are blanked and the path comes from the command. Command lines
    // and `/configz` payloads read their shell noise themselves.
    let pastes: Vec<Option<evidence::Paste>> = artifacts
        .iter()
        .map(|a| match a.kind {
            Some(ArtifactKind::Cmdline | ArtifactKind::Configz) => None,
            _ => {
                evidence::unwrap_cat_paste(&a.text).or_else(|| evidence::unwrap_configmap(&a.text))
            }
        })
        .collect();
    let texts: Vec<&str> = artifacts
        .iter()
        .zip(&pastes)
        .map(|(a, p)| p.as_ref().map_or(a.text.as_str(), |p| p.text.as_str()))
        .collect();
    let mut templates = Templates::default();
    let masked: Vec<std::borrow::Cow<'_, str>> = artifacts
        .iter()
        .zip(&texts)
        .map(|(a, t)| match a.kind {
            // A `/configz` payload is the running kubelet's own output: never a template.
            Some(ArtifactKind::Configz) => std::borrow::Cow::Borrowed(*t),
            _ => templates.mask(t),
        })
        .collect();
    let mut items = Vec::with_capacity(artifacts.len());
    for (index, a) in artifacts.iter().enumerate() {
        let pasted_path = pastes
            .get(index)
            .and_then(|p| p.as_ref())
            .and_then(|p| p.path.as_deref());
        let path = a
            .path
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .or(pasted_path)
            .map(|p| templates.mask(p));
        let name = display_name(index, &path);
        let text = texts.get(index).copied().unwrap_or(a.text.as_str());
        let (kind, kind_from) = match a.kind {
            Some(k) => (k, "given"),
            None => match evidence::detect_kind(text, path.as_deref()) {
                Some(k) => (k, "detected"),
                None => {
                    let mut e = InputError::new(format!(
                        "cannot tell what `{name}` is: expected a kubelet config (JSON/YAML), a config drop-in, a `/configz` payload, a kubelet command line, a systemd unit or drop-in, an environment file or a CA bundle{}",
                        undetected_hint(&a.text)
                    ));
                    e.source = Some(name.to_string());
                    e.artifact = Some(index);
                    let first = a.text.lines().position(|l| !l.trim().is_empty());
                    if let Some(l) = first {
                        e.line = Some(l as u32 + 1);
                        e.column = Some(1);
                    }
                    return Err(e);
                }
            },
        };
        items.push(Item {
            index,
            text: masked.get(index).map(|m| m.as_ref()).unwrap_or(&a.text),
            path,
            name,
            kind,
            kind_from,
        });
    }

    let mut ctx = Ctx {
        roles: items.iter().map(|_| ("unreferenced", None)).collect(),
        items,
        diagnostics: Vec::new(),
        unseen: Vec::new(),
        derived: Vec::new(),
        options,
        template_tokens: templates.tokens.iter().map(|t| t.0.clone()).collect(),
    };
    for (index, p) in pastes.iter().enumerate() {
        let (Some(p), Some(a)) = (p, artifacts.get(index)) else {
            continue;
        };
        let (code, msg) = match &p.configmap {
            Some((name, key)) => (
                codes::EMBEDDED_CONFIG,
                format!(
                    "a ConfigMap{}: the kubelet config in its key `data.{key}` was read, the rest set aside; a node's kubelet reads its own copy (kubeadm writes this one to `/var/lib/kubelet/config.yaml` at `kubeadm join` and `kubeadm upgrade node`), which decides",
                    if name.is_empty() { String::new() } else { format!(" (`{name}`)") }
                ),
            ),
            None => (codes::PASTED_SESSION, pasted_message(p, a)),
        };
        let loc = Location {
            artifact: Some(index),
            source: ctx.item(index).map(|i| i.name.to_string()),
            line: Some(p.line),
            column: Some(1),
            argv_index: None,
            excerpt: line_text(&a.text, p.line).map(str::to_string),
        };
        ctx.diag(Diagnostic::new(code, Severity::Info, msg).at(loc));
    }
    let report = resolve(&mut ctx, explicit)?;
    Ok(templates.restore(report))
}

/// The note on a file pasted with its shell session.
fn pasted_message(p: &evidence::Paste, a: &Artifact) -> String {
    let path_given = a.path.as_deref().is_some_and(|p| !p.trim().is_empty());
    match (&p.path, p.configz_path) {
            (_, Some(at)) => format!(
                "pasted with its shell session: the command `{}` and the prompts were set aside, and the `jq` output was read as `{at}` of the `/configz` payload",
                p.command
            ),
            (Some(path), _) if !path_given => format!(
                "pasted with its shell session: the command `{}` and the prompts were set aside, and the file is taken as `{path}` on the node",
                p.command
            ),
            (_, None) => format!(
                "pasted with its shell session: the command `{}` and the prompts were set aside",
                p.command
            ),
        }
}

/// Unrendered template expressions found in the evidence.
#[derive(Debug, Default)]
struct Templates {
    /// (token, original expression)
    tokens: Vec<(String, String)>,
}

impl Templates {
    /// Replaces every single-line `{{ ... }}` with a token of the same byte length that starts with
    /// `/` (a rendered path is absolute; no relative-path joining) and holds no space or quote.
    fn mask<'t>(&mut self, text: &'t str) -> std::borrow::Cow<'t, str> {
        let bytes = text.as_bytes();
        let has_template = memchr::memchr_iter(b'{', bytes)
            .any(|i| matches!(bytes.get(i + 1), Some(b'{' | b'%' | b'#')));
        if !has_template {
            return std::borrow::Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        loop {
            // The next opener of any of `{{ }}`, `{% %}`, `{# #}` (Go templates, Jinja).
            let next = [("{{", "}}"), ("{%", "%}"), ("{#", "#}")]
                .iter()
                .filter_map(|(o, c)| rest.find(o).map(|i| (i, *c)))
                .min_by_key(|(i, _)| *i);
            let Some((start, closer)) = next else { break };
            let (before, from) = rest.split_at(start);
            out.push_str(before);
            let close = from
                .find(closer)
                .filter(|&e| !from.get(..e).unwrap_or("").contains('\n'));
            let Some(e) = close else {
                out.push_str(from.get(..2).unwrap_or(""));
                rest = from.get(2..).unwrap_or("");
                continue;
            };
            let expr = from.get(..e + 2).unwrap_or("");
            rest = from.get(e + 2..).unwrap_or("");
            if let Some((t, _)) = self.tokens.iter().find(|(_, o)| o == expr) {
                out.push_str(t);
                continue;
            }
            let n = self.tokens.len();
            let mut token = format!("/_{n}_");
            while token.len() < expr.len() {
                token.push('_');
            }
            if token.len() > expr.len() {
                // Too short to hold a unique token: leave it as written.
                out.push_str(expr);
            } else {
                out.push_str(&token);
                self.tokens.push((token, expr.to_string()));
            }
        }
        out.push_str(rest);
        std::borrow::Cow::Owned(out)
    }

    fn restore_str(&self, s: &str) -> String {
        let mut out = s.to_string();
        for (t, orig) in self.tokens.iter().rev() {
            if out.contains(t.as_str()) {
                out = out.replace(t.as_str(), orig);
            }
        }
        out
    }

    fn restore(&self, mut report: Report) -> Report {
        if self.tokens.is_empty() {
            return report;
        }
        report.for_each_string_mut(&mut |s| *s = self.restore_str(s));
        report
    }
}

/// A hint for text that is close to evidence but is not (what a user most likely pasted).
fn undetected_hint(text: &str) -> &'static str {
    let t = text.trim_start_matches('\u{feff}');
    if (t.contains("kind: Config")
        || t.contains("\"kind\": \"Config\"")
        || t.contains("\"kind\":\"Config\""))
        && t.contains("clusters")
    {
        "; found a kubeconfig (`kind: Config`): the kubelet's client CA is in its config file (`--config`), not in its kubeconfig"
    } else if t.contains("machine:") && t.contains("version: v1alpha1") {
        "; found a Talos machine config: Talos writes the kubelet's config from it; give the running kubelet's `/configz` output (`kubectl get --raw /api/v1/nodes/NODE/proxy/configz`)"
    } else if t.contains("kubelet--") {
        "; found what looks like `/proc/PID/cmdline` shown without its NUL separators: give the file itself, or `tr '\\0' ' ' < /proc/PID/cmdline`"
    } else {
        ""
    }
}

/// The outcome of the file-based (argv + files) evaluation.
#[derive(Debug, Default)]
struct Outcome {
    verdict: Option<Verdict>,
    /// The effective value (`None` = not set); meaningful when verdict is pass/fail.
    value: Option<String>,
    provenance: Provenance,
    effective: Effective,
    judged: Option<JudgedVersion>,
    summary: String,
    /// Whether any evidence at all was evaluated.
    had_evidence: bool,
}

fn resolve(ctx: &mut Ctx<'_>, explicit: Option<Minor>) -> Result<Report, InputError> {
    // /configz payloads: decoded first so that bad pastes are input errors.
    let mut configz_results = Vec::new();
    let configz_items: Vec<usize> = ctx
        .items
        .iter()
        .filter(|i| i.kind == ArtifactKind::Configz)
        .map(|i| i.index)
        .collect();
    for idx in configz_items {
        let Some(item) = ctx.item(idx) else {
            continue;
        };
        let doc = Doc {
            artifact: idx,
            name: &item.name,
            path: item.path.as_deref(),
            text: item.text,
        };
        let cz = config::decode_configz(&doc)?;
        ctx.use_item(idx, Some("running kubelet's effective configuration"));
        configz_results.push((idx, cz));
    }

    let mut files = evaluate_files(ctx, explicit);

    let mut verdict;
    let mut value;
    let mut provenance;
    let mut summary;
    let mut effective = std::mem::take(&mut files.effective);
    if let Some((idx, cz)) = configz_results.last() {
        for d in &cz.diagnostics {
            ctx.diag(d.clone());
        }
        value = cz.client_ca_file.as_ref().map(|v| v.value.clone());
        provenance = Provenance::default();
        if let Some(v) = &cz.client_ca_file {
            provenance.decided_by = Some(Source {
                what: "`/configz` key `kubeletconfig.authentication.x509.clientCAFile`".to_string(),
                value: Some(v.value.clone()),
                location: ctx.complete(v.location.clone()),
            });
        }
        effective.anonymous_auth = cz.anonymous_enabled.or(effective.anonymous_auth);
        effective.webhook_authn = cz.webhook_enabled.or(effective.webhook_authn);
        let name = ctx.item(*idx).map(|i| i.name.as_ref()).unwrap_or_default();
        if value.is_some() {
            verdict = Verdict::Pass;
            summary = format!(
                "the running kubelet's `/configz` ({name}) shows `clientCAFile` set to `{}`",
                value.as_deref().unwrap_or_default()
            );
        } else {
            verdict = Verdict::Fail;
            summary = format!(
                "the running kubelet's `/configz` ({name}) has no `clientCAFile`: x509 client authentication is off"
            );
        }
        if files.had_evidence {
            if let Some(fv) = files.verdict {
                let same = fv == verdict && (fv != Verdict::Pass || files.value == value);
                if !same && fv != Verdict::Inconclusive {
                    ctx.diag(
                        Diagnostic::new(
                            codes::EVIDENCE_DISAGREES,
                            Severity::Warning,
                            format!(
                                "the files describe the next start as `{}`{}, but the running kubelet's `/configz` shows {}: the kubelet was started with other settings, or the files changed since",
                                fv,
                                files.value.as_ref().map(|v| format!(" with `{v}`")).unwrap_or_default(),
                                value.as_ref().map(|v| format!("`{v}`")).unwrap_or_else(|| "no client CA".to_string())
                            ),
                        )
                        .rules(&["H1", "F12"]),
                    );
                }
            }
        }
        // The files' unseen references cannot change the running state.
        for u in &mut ctx.unseen {
            u.could_decide = false;
        }
    } else {
        verdict = files.verdict.unwrap_or(Verdict::Inconclusive);
        value = files.value.take();
        provenance = std::mem::take(&mut files.provenance);
        summary = std::mem::take(&mut files.summary);
    }

    // The CA bundle itself (E2, E4), when given.
    if matches!(verdict, Verdict::Pass) {
        if let Some(v) = value.clone() {
            let opened = effective
                .ca_path_opened
                .clone()
                .unwrap_or_else(|| v.clone());
            check_ca(
                ctx,
                &opened,
                configz_results.is_empty(),
                &mut verdict,
                &mut summary,
            );
        }
    }
    if !matches!(verdict, Verdict::Pass | Verdict::Fail) {
        value = match verdict {
            Verdict::Invalid => value,
            _ => None,
        };
    }
    if verdict == Verdict::Inconclusive {
        provenance.decided_by = None;
    }

    // Unreferenced artifacts.
    for i in 0..ctx.items.len() {
        if ctx.roles.get(i).is_some_and(|r| r.0 == "unreferenced") {
            let name = ctx.item(i).map(|it| it.name.clone()).unwrap_or_default();
            let kind = ctx
                .item(i)
                .map(|it| it.kind)
                .unwrap_or(ArtifactKind::Cmdline);
            ctx.diag(
                Diagnostic::new(
                    codes::UNREFERENCED_ARTIFACT,
                    Severity::Info,
                    format!("`{name}` ({kind}) is not referenced by the rest of the evidence and was not used"),
                )
                .at(Location { artifact: Some(i), source: Some(name.into_owned()), ..Default::default() }),
            );
        }
    }

    if effective.anonymous_auth == Some(true) && matches!(verdict, Verdict::Pass | Verdict::Fail) {
        ctx.diag(
            Diagnostic::new(
                codes::ANONYMOUS_AUTH_ENABLED,
                Severity::Warning,
                "anonymous authentication stays enabled (`--anonymous-auth`, `authentication.anonymous.enabled`): requests without credentials are served as `system:anonymous` (CIS 4.2.1 / AKS 3.2.1)",
            )
            .rules(&["B9"]),
        );
    }

    let certainty = if ctx.derived.is_empty() {
        Certainty::Confirmed
    } else {
        let list = ctx.derived.join(", ");
        ctx.diag(
            Diagnostic::new(
                codes::DERIVED_RULE,
                Severity::Info,
                format!("the result relies on spec rules tagged [derived] (not yet confirmed on a real kubelet): {list}"),
            ),
        );
        Certainty::Derived
    };

    let platform = detect_platform(ctx, value.as_deref(), effective.config_file.as_deref());
    let remediation = remediation_for(platform, verdict, ctx);
    let diagnostics = ctx
        .diagnostics
        .drain(..)
        .map(|mut d| {
            d.location = d.location.map(|l| {
                let mut l2 = l;
                if let Some(item) = l2.artifact.and_then(|i| ctx.items.get(i)) {
                    if l2.source.is_none() {
                        l2.source = Some(item.name.to_string());
                    }
                    if l2.excerpt.is_none() {
                        if let Some(line) = l2.line {
                            l2.excerpt = line_text(item.text, line).map(|s| s.to_string());
                        }
                    }
                }
                l2
            });
            d
        })
        .collect::<Vec<_>>();
    // (the items are not read after this: their names and paths move into the report)
    let artifacts = ctx
        .items
        .iter_mut()
        .map(|i| {
            let (role, note) = ctx
                .roles
                .get_mut(i.index)
                .map(std::mem::take)
                .unwrap_or(("unreferenced", None));
            ArtifactSummary {
                index: i.index,
                name: std::mem::take(&mut i.name).into_owned(),
                path: i.path.take().map(Cow::into_owned),
                kind: i.kind,
                kind_from: Cow::Borrowed(i.kind_from),
                role: Cow::Borrowed(role),
                note,
            }
        })
        .collect();
    if summary.is_empty() {
        summary = format!("verdict `{verdict}`");
    }
    Ok(Report {
        schema_version: 1,
        tool: Cow::Borrowed("kubeletlint"),
        tool_version: Cow::Borrowed(crate::VERSION),
        rule: rule::info(),
        verdict,
        client_ca_file: value,
        certainty,
        summary,
        provenance,
        diagnostics,
        unseen: std::mem::take(&mut ctx.unseen),
        judged_version: files.judged,
        platform: Cow::Borrowed(platform),
        remediation,
        effective,
        artifacts,
    })
}

/// Finds the kubelet argv: command-line evidence first (running process), then systemd.
fn find_argv(ctx: &mut Ctx<'_>) -> Option<KArgv> {
    let mut kubelets: Vec<(usize, Process)> = Vec::new();
    let mut others = 0usize;
    let mut kubelite_args: Vec<(String, usize, u32)> = Vec::new();
    let cmd_items: Vec<usize> = ctx
        .items
        .iter()
        .filter(|i| i.kind == ArtifactKind::Cmdline)
        .map(|i| i.index)
        .collect();
    for idx in &cmd_items {
        let Some(item) = ctx.item(*idx).cloned() else {
            continue;
        };
        let ex = evidence::extract_cmdlines_at(item.text, item.path.as_deref());
        for mut d in ex.diagnostics {
            if let Some(l) = d.location.as_mut() {
                l.artifact = Some(*idx);
            } else {
                d.location = Some(Location::artifact(*idx));
            }
            ctx.diag(d);
        }
        for p in ex.processes {
            if p.is_kubelet {
                kubelets.push((*idx, p));
            } else {
                others += 1;
                // microk8s's `kubelite` runs the kubelet in-process with the flags of the file
                // `--kubelet-args-file` names.
                if basename(&p.program) == "kubelite" {
                    let args = p.args();
                    let file = args.iter().enumerate().find_map(|(n, a)| {
                        a.strip_prefix("--kubelet-args-file=")
                            .map(str::to_string)
                            .or_else(|| {
                                (*a == "--kubelet-args-file")
                                    .then(|| args.get(n + 1).map(|v| v.to_string()))
                                    .flatten()
                            })
                    });
                    if let Some(f) = file.filter(|f| !f.is_empty()) {
                        kubelite_args.push((f, *idx, p.line));
                    }
                }
            }
        }
    }
    let unit_items: Vec<usize> = ctx
        .items
        .iter()
        .filter(|i| {
            matches!(
                i.kind,
                ArtifactKind::SystemdUnit | ArtifactKind::SystemdDropin
            )
        })
        .map(|i| i.index)
        .collect();

    if kubelets.is_empty() {
        for (file, idx, line) in std::mem::take(&mut kubelite_args) {
            if !ctx.unseen.iter().any(|u| u.reference == file) {
                ctx.unseen.push(Unseen {
                    what: "args-file".to_string(),
                    reference: file,
                    could_decide: true,
                    referenced_at: Some(Location {
                        artifact: Some(idx),
                        line: Some(line),
                        ..Default::default()
                    }),
                });
            }
        }
    }
    if !cmd_items.is_empty() && kubelets.is_empty() {
        let names: Vec<String> = cmd_items
            .iter()
            .filter_map(|i| ctx.item(*i).map(|it| format!("`{}`", it.name)))
            .collect();
        ctx.diag(
            Diagnostic::new(
                codes::NO_KUBELET_PROCESS,
                Severity::Warning,
                if others == 0 {
                    format!("no kubelet process in {}", names.join(", "))
                } else {
                    format!(
                        "no kubelet process in {} ({} other process{} ignored: another program's `--client-ca-file`, such as the API server's, is not the kubelet's)",
                        names.join(", "),
                        others,
                        if others == 1 { "" } else { "es" }
                    )
                },
            )
            .rules(&["A12", "G4"]),
        );
        for i in &cmd_items {
            ctx.ignore_item(*i, "no kubelet process in it");
        }
    }

    if let Some(pos) = best_process(&kubelets) {
        let (artifact, process) = kubelets.swap_remove(pos);
        if !kubelets.is_empty() {
            ctx.diag(
                Diagnostic::new(
                    codes::SEVERAL_KUBELETS,
                    Severity::Warning,
                    format!(
                        "{} kubelet command lines in the evidence; used the one at line {} of `{}`",
                        kubelets.len() + 1,
                        process.line,
                        ctx.item(artifact)
                            .map(|i| i.name.clone())
                            .unwrap_or_default()
                    ),
                )
                .at(Location {
                    artifact: Some(artifact),
                    line: Some(process.line),
                    ..Default::default()
                }),
            );
        }
        let (words, offsets): (Vec<String>, Vec<usize>) = process
            .argv
            .into_iter()
            .map(|w| (w.value.into_owned(), w.offset))
            .unzip();
        let words = expand_snap_variables(ctx, artifact, words);
        ctx.use_item(artifact, Some("kubelet command line"));
        for (a, _) in &kubelets {
            if *a != artifact {
                ctx.ignore_item(*a, "another kubelet command line was used");
            }
        }
        if !unit_items.is_empty() {
            ctx.diag(Diagnostic::new(
                codes::EVIDENCE_DISAGREES,
                Severity::Info,
                "a running kubelet's command line was given: it decides the current state; the systemd units describe the next start and were not used for the argv",
            ).rules(&["H1", "F12"]));
            for u in &unit_items {
                ctx.ignore_item(*u, "a running kubelet's command line was used instead");
            }
        }
        return Some(KArgv {
            args_start: process.args_start,
            lossy: process.lossy,
            truncated: process.truncated,
            unit_command: process.unit_command,
            flag_dump: process.flag_dump,
            words,
            origin: ArgvOrigin::Process { artifact, offsets },
        });
    }

    if unit_items.is_empty() {
        return None;
    }
    // `systemctl cat kubelet` output holds the unit and its drop-ins, each after a `# /path`
    // header: split it into its files (same artifact, other sections blanked so that lines stay
    // put).
    let sections: Vec<(usize, Vec<(String, String)>)> = unit_items
        .iter()
        .filter_map(|i| ctx.item(*i))
        .map(|it| (it.index, systemctl_cat_sections(it.text)))
        .collect();
    let mut units: Vec<UnitDoc<'_>> = Vec::new();
    for it in unit_items.iter().filter_map(|i| ctx.item(*i)) {
        let split = sections
            .iter()
            .find(|(a, _)| *a == it.index)
            .map(|(_, v)| v.as_slice())
            .unwrap_or(&[]);
        if split.is_empty() {
            units.push(UnitDoc {
                artifact: it.index,
                name: &it.name,
                path: it.path.as_deref(),
                text: it.text,
                dropin: it.kind == ArtifactKind::SystemdDropin,
            });
        } else {
            for (path, text) in split {
                units.push(UnitDoc {
                    artifact: it.index,
                    name: path,
                    path: Some(path),
                    text,
                    dropin: path.contains(".service.d/") || path.ends_with(".conf"),
                });
            }
        }
    }
    let envs: Vec<EnvDoc<'_>> = ctx
        .items
        .iter()
        .filter(|i| i.kind == ArtifactKind::EnvFile)
        .map(|it| EnvDoc {
            artifact: it.index,
            name: &it.name,
            path: it.path.as_deref(),
            text: it.text,
        })
        .collect();
    // Argv word locations are completed only where reported, when each unit document is an
    // artifact of its own (not a `systemctl cat` section).
    let lazy = sections.iter().all(|(_, v)| v.is_empty());
    let mut rec = if lazy {
        systemd::reconstruct_lazy(&units, &envs)
    } else {
        systemd::reconstruct(&units, &envs)
    };
    let env_indices: Vec<usize> = envs.iter().map(|e| e.artifact).collect();
    drop(units);
    if let Some(u) = rec.unit_used {
        ctx.use_item(u, Some("kubelet.service"));
    }
    for d in &rec.dropins_applied {
        ctx.use_item(*d, Some("applied drop-in"));
    }
    for (i, why) in &rec.ignored {
        ctx.ignore_item(*i, why.clone());
    }
    for e in env_indices {
        // Read by an `EnvironmentFile=` of the unit unless the systemd module set it aside.
        if !rec.ignored.iter().any(|(i, _)| *i == e) {
            ctx.use_item(e, Some("environment file"));
        }
    }
    for d in std::mem::take(&mut rec.diagnostics) {
        ctx.diag(d);
    }
    let env_refs_matter = variable_references_matter(&rec, &ctx.items);
    let argv_empty = rec.argv.is_empty();
    for mut u in std::mem::take(&mut rec.unseen) {
        let via_variables =
            u.what == "environment-file" || (u.what == "systemd-unit" && !argv_empty);
        if via_variables && u.could_decide && !env_refs_matter {
            u.could_decide = false;
        }
        ctx.unseen.push(u);
    }
    for (name, loc) in &rec.undefined_vars {
        // Reported by the systemd module as diagnostics; keep the location for the record.
        let _ = (name, loc);
    }
    // The values move to `KArgv::words`; `rec.argv` keeps how each word got there.
    let words: Vec<String> = rec
        .argv
        .iter_mut()
        .map(|a| std::mem::take(&mut a.value))
        .collect();
    let args_start = if words.get(1).map(|w| w.as_str()) == Some("kubelet")
        && words.first().is_some_and(|w| basename(w) == "hyperkube")
    {
        2
    } else {
        1
    };
    Some(KArgv {
        words,
        args_start,
        lossy: false,
        truncated: false,
        unit_command: false,
        flag_dump: false,
        origin: ArgvOrigin::Systemd(Box::new(rec)),
    })
}

/// The location of argv word `n` (computed on demand: most words are never reported).
fn word_location(k: &KArgv, docs: &[Option<(&str, Cow<'_, str>)>], n: usize) -> Location {
    match &k.origin {
        ArgvOrigin::Process { artifact, offsets } => {
            let Some(Some((text, name))) = docs.get(*artifact) else {
                return Location::default();
            };
            let Some(off) = offsets.get(n) else {
                return Location::default();
            };
            let pos = Pos::of_offset(text, *off);
            let mut l = Location::at(*artifact, pos).with_argv_index(n);
            l.source = Some(name.to_string());
            // `/proc/PID/cmdline` separates words with NULs: show them as spaces.
            l.excerpt = line_text(text, pos.line).map(|s| s.replace('\0', " "));
            l
        }
        ArgvOrigin::Systemd(rec) => {
            let Some(a) = rec.argv.get(n) else {
                return Location::default();
            };
            // A word that came from a variable is shown where the variable's value was written
            // (the environment-file or `Environment=` line, at the word's column); the
            // `ExecStart=` reference is in the provenance's `via`.
            let def = a.via_variable.as_ref().and_then(|v| v.defined_at.as_ref());
            if let Some(def) = def {
                let mut l = whole_location(def.location.clone(), docs);
                let value = k.words.get(n).map_or("", String::as_str);
                let col = l.excerpt.as_deref().and_then(|e| {
                    find_short(e, value).map(|b| e.get(..b).map(|p| p.chars().count()).unwrap_or(0))
                });
                if let Some(col) = col {
                    l.column = Some(col as u32 + 1);
                } else if let Some((line, col, excerpt)) = continued_position(&l, docs, value) {
                    // (a value continued over several lines: the line the word is on)
                    l.line = Some(line);
                    l.column = Some(col);
                    l.excerpt = Some(excerpt.to_string());
                }
                l.argv_index = Some(n);
                return l;
            }
            whole_location(a.exec_location.clone(), docs).with_argv_index(n)
        }
    }
}

/// Splits `systemctl cat` output into (path, text) per file: a section starts at a line
/// `# /abs/path.service` or `# /abs/path.conf`; each text keeps the whole artifact's line layout
/// (lines of other sections are emptied). Empty when the text has no such header.
fn systemctl_cat_sections(text: &str) -> Vec<(String, String)> {
    let header = |line: &str| -> Option<String> {
        let p = line.trim_end().strip_prefix("# /")?;
        let ok =
            !p.contains(char::is_whitespace) && (p.ends_with(".service") || p.ends_with(".conf"));
        ok.then(|| format!("/{p}"))
    };
    // (a header line starts with `# /`: most texts have none)
    if !text.starts_with("# /") && memchr::memmem::find(text.as_bytes(), b"\n# /").is_none() {
        return Vec::new();
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let starts: Vec<(usize, String)> = lines
        .iter()
        .enumerate()
        .filter_map(|(n, l)| header(l).map(|p| (n, p)))
        .collect();
    if starts.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (k, (start, path)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map(|s| s.0).unwrap_or(lines.len());
        let mut t = String::with_capacity(text.len());
        for (n, l) in lines.iter().enumerate() {
            if n > 0 {
                t.push('\n');
            }
            if n >= *start && n < end {
                t.push_str(l);
            }
        }
        out.push((path.clone(), t));
    }
    out
}

/// Flags whose value decides this rule.
const DECIDING_FLAGS: [&str; 5] = [
    "client-ca-file",
    "config",
    "config-dir",
    "anonymous-auth",
    "authentication-token-webhook",
];

/// Whether an environment file we were not given could change the answer through the variables
/// `ExecStart=` references: a variable that is a word of its own (`$A`, `${A}`) can add any flag;
/// one inside a word changes only that word, which matters only for a deciding flag.
fn variable_references_matter(rec: &systemd::Reconstruction, items: &[Item<'_>]) -> bool {
    /// The excerpt of a location, also of a bare one (lazy reconstruction: from its artifact).
    fn excerpt_of<'s>(loc: &'s Location, items: &[Item<'s>]) -> Option<&'s str> {
        match &loc.excerpt {
            Some(e) => Some(e),
            None if loc.source.is_none() => {
                let it = loc.artifact.and_then(|i| items.get(i))?;
                systemd::excerpt_line(it.text, loc.line?)
            }
            None => None,
        }
    }
    fn word_at<'s>(loc: &'s Location, items: &[Item<'s>]) -> Option<&'s str> {
        let e = excerpt_of(loc, items)?;
        let col = loc.column? as usize;
        let start: usize = e
            .char_indices()
            .nth(col.saturating_sub(1))
            .map(|(b, _)| b)?;
        // Back up to the start of the word.
        let before = e.get(..start)?;
        let word_start = before
            .rfind(char::is_whitespace)
            .map(|b| b + 1)
            .unwrap_or(0);
        let rest = e.get(word_start..)?;
        Some(rest.split(char::is_whitespace).next().unwrap_or(""))
    }
    let matters_word = |w: &str| -> bool {
        let w = w.trim_matches(|c| c == '"' || c == '\'');
        if w.starts_with('$') {
            return true;
        }
        match w.strip_prefix("--").or_else(|| w.strip_prefix('-')) {
            Some(flag) => {
                let name = flags::normalize_name(flag.split('=').next().unwrap_or(flag));
                DECIDING_FLAGS.contains(&name.as_str())
            }
            None => true,
        }
    };
    for (_, loc) in &rec.undefined_vars {
        match word_at(loc, items) {
            Some(w) if !matters_word(w) => {}
            _ => return true,
        }
    }
    for a in &rec.argv {
        if let Some(v) = &a.via_variable {
            let whole = excerpt_of(&a.exec_location, items).is_none()
                || word_at(&a.exec_location, items).is_none_or(matters_word);
            if whole || v.written().is_empty() {
                return true;
            }
        }
    }
    false
}

fn basename(p: &str) -> &str {
    p.rsplit(['/', '\\']).next().unwrap_or(p)
}

/// Prefers exact (NUL-separated) command lines over lossy ones, then complete over truncated.
/// microk8s keeps the kubelet's flags in `/var/snap/microk8s/<revision>/args/kubelet`, and its
/// wrapper expands the snap's variables in them with bash before it starts the kubelet
/// (`${SNAP_DATA}/certs/ca.crt`). With that node path known, the words get the values the
/// kubelet gets: `SNAP_DATA` is `/var/snap/microk8s/<revision>`, `SNAP_COMMON`
/// `/var/snap/microk8s/common`, `SNAP` `/snap/microk8s/<revision>`.
fn expand_snap_variables(ctx: &mut Ctx<'_>, artifact: usize, words: Vec<String>) -> Vec<String> {
    let Some(rev) = ctx
        .item(artifact)
        .and_then(|i| i.path.as_deref())
        .and_then(|p| p.strip_prefix("/var/snap/microk8s/"))
        .and_then(|p| p.split_once("/args/"))
        .map(|(rev, _)| rev.to_string())
        .filter(|r| !r.is_empty() && !r.contains('/'))
    else {
        return words;
    };
    if !words
        .iter()
        .any(|w| w.contains("$SNAP") || w.contains("${SNAP"))
    {
        return words;
    }
    let vars = [
        ("SNAP_DATA", format!("/var/snap/microk8s/{rev}")),
        ("SNAP_COMMON", "/var/snap/microk8s/common".to_string()),
        ("SNAP", format!("/snap/microk8s/{rev}")),
    ];
    let expand = |w: &str| -> String {
        let mut out = String::with_capacity(w.len() + 16);
        let mut rest = w;
        while let Some(i) = rest.find('$') {
            out.push_str(rest.get(..i).unwrap_or(""));
            let after = rest.get(i + 1..).unwrap_or("");
            let hit = vars.iter().find_map(|(name, value)| {
                if let Some(r) = after.strip_prefix('{').and_then(|a| a.strip_prefix(name)) {
                    return r.strip_prefix('}').map(|r| (value, r));
                }
                let r = after.strip_prefix(name)?;
                let boundary = !r.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
                boundary.then_some((value, r))
            });
            match hit {
                Some((value, r)) => {
                    out.push_str(value);
                    rest = r;
                }
                None => {
                    out.push('$');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    };
    let words: Vec<String> = words.iter().map(|w| expand(w)).collect();
    ctx.diag(
        Diagnostic::new(
            codes::SNAP_VARIABLES,
            Severity::Info,
            format!("microk8s's wrapper expands the snap's variables in its args file before it starts the kubelet: `${{SNAP_DATA}}` is `/var/snap/microk8s/{rev}`, `${{SNAP_COMMON}}` `/var/snap/microk8s/common` (from the file's node path)"),
        )
        .at(Location::artifact(artifact)),
    );
    words
}

fn best_process(list: &[(usize, Process)]) -> Option<usize> {
    let mut best: Option<(usize, (bool, bool))> = None;
    for (n, (_, p)) in list.iter().enumerate() {
        let score = (!p.lossy, !p.truncated);
        match best {
            Some((_, s)) if s >= score => {}
            _ => best = Some((n, score)),
        }
    }
    best.map(|b| b.0)
}

/// Evaluates argv + files (everything except `/configz`).
fn evaluate_files(ctx: &mut Ctx<'_>, explicit: Option<Minor>) -> Outcome {
    let mut out = Outcome::default();
    let argv = find_argv(ctx);

    // systemd refused or could not build a command.
    if let Some(KArgv {
        origin: ArgvOrigin::Systemd(rec),
        ..
    }) = &argv
    {
        if let Some(refused) = &rec.refused {
            out.had_evidence = true;
            ctx.diag(refused.clone());
            out.verdict = Some(Verdict::Invalid);
            out.summary = format!(
                "systemd would refuse to start `kubelet.service`: {}",
                refused.message
            );
            return out;
        }
        // Environment files node mode found absent: optional ones are ignored by systemd, a
        // required one stops the unit (F6, T47).
        let absent_env: Vec<String> = ctx
            .unseen
            .iter()
            .filter(|u| u.what == "environment-file" && ctx.absent(&u.reference))
            .map(|u| u.reference.clone())
            .collect();
        if !absent_env.is_empty() {
            ctx.unseen
                .retain(|u| !(u.what == "environment-file" && absent_env.contains(&u.reference)));
            if let Some(req) = absent_env.iter().find(|p| {
                rec.missing_required_env_files
                    .iter()
                    .any(|m| clean_path(m) == clean_path(p))
            }) {
                out.had_evidence = true;
                ctx.diag(
                    Diagnostic::new(
                        codes::SYSTEMD_REFUSES,
                        Severity::Error,
                        format!("the required `EnvironmentFile={req}` does not exist on the node: systemd fails the start (`Failed to load environment files: No such file or directory`)"),
                    )
                    .rules(&["F6", "Z11"]),
                );
                out.verdict = Some(Verdict::Invalid);
                out.summary = format!("systemd would not start `kubelet.service`: the required environment file `{req}` does not exist");
                return out;
            }
            for p in &absent_env {
                ctx.diag(Diagnostic::new(
                    codes::UNSEEN_EVIDENCE,
                    Severity::Info,
                    format!("the optional `EnvironmentFile=-{p}` does not exist on the node: systemd ignores it"),
                ).rules(&["F6"]));
            }
        }
        if rec.argv.is_empty() {
            out.had_evidence = true;
            out.verdict = Some(Verdict::Inconclusive);
            out.summary = "the systemd units give no kubelet command line".to_string();
            if let Some(u) = &rec.unresolved {
                ctx.diag(u.clone());
            }
            return out;
        }
    }

    match argv {
        Some(k) => evaluate_with_argv(ctx, explicit, k, &mut out),
        None => evaluate_config_alone(ctx, explicit, &mut out),
    }
    out
}

fn merge_mode_for(minor: Minor) -> MergeMode {
    if minor >= 32 {
        MergeMode::V1beta1
    } else {
        MergeMode::Internal
    }
}

fn evaluate_with_argv(ctx: &mut Ctx<'_>, explicit: Option<Minor>, k: KArgv, out: &mut Outcome) {
    evaluate_argv(ctx, explicit, &k, out);
    out.effective.argv = Some(k.words);
}

fn evaluate_argv(ctx: &mut Ctx<'_>, explicit: Option<Minor>, k: &KArgv, out: &mut Outcome) {
    out.had_evidence = true;
    let args: &[String] = k.words.get(k.args_start..).unwrap_or(&[]);
    let (cwd, env_alpha) = match &k.origin {
        ArgvOrigin::Systemd(rec) => (
            rec.working_directory
                .clone()
                .unwrap_or_else(|| "/".to_string()),
            Some(
                rec.environment
                    .iter()
                    .any(|(n, _)| n == "KUBELET_CONFIG_DROPIN_DIR_ALPHA"),
            ),
        ),
        ArgvOrigin::Process { .. } => ("/".to_string(), None),
    };
    let env_alpha = ctx.options.dropin_alpha_env.or(env_alpha);
    let windows = k
        .words
        .first()
        .is_some_and(|w| w.to_ascii_lowercase().ends_with(".exe") || is_windows_absolute(w));
    let os = if windows {
        flags::Os::Windows
    } else {
        flags::Os::Linux
    };
    // Names of config-backed deprecated flags whose diagnostics the analysis folded
    // (emptied whenever `ka` is replaced by an analysis with all its diagnostics).
    let mut folded: Vec<&'static str> = Vec::new();
    let mut ka: KubeletArgs = flags::analyze_folding(args, explicit, os, env_alpha, &mut folded);
    if ka.fatal.is_some() && explicit.is_none() {
        let mut older_folded = Vec::new();
        if let Some(older) = judge_pre_coverage(args, os, env_alpha, &mut older_folded) {
            ka = older;
            folded = older_folded;
        }
    }
    // Unrendered templates: a word that is a whole template expression renders to flags we cannot
    // see, and a flag whose value is a placeholder cannot be judged by its syntax; set both aside
    // (a template is not a kubelet that refuses to start).
    let is_placeholder_word = |w: &str| {
        ctx.template_tokens.iter().any(|t| w.contains(t.as_str()))
            || w.split_once('=')
                .is_some_and(|(_, v)| looks_like_template(v))
    };
    let mut set_aside: Vec<usize> = args
        .iter()
        .enumerate()
        .filter(|(_, w)| {
            // (a word of white space alone, e.g. the `\r` a CRLF continuation leaves, is a
            // stray argument, not a template)
            if !ctx.template_tokens.iter().any(|t| w.contains(t.as_str())) {
                return false;
            }
            let mut rest = w.to_string();
            for t in &ctx.template_tokens {
                rest = rest.replace(t.as_str(), "");
            }
            rest.trim().is_empty() && !w.is_empty()
        })
        .map(|(i, _)| i)
        .collect();
    let template_words = !set_aside.is_empty();
    // Unexpanded variables (`$KUBELET_ARGS`, `${EXTRA_ARGS}`) in command-line evidence: a running
    // kubelet's argv never holds one (systemd or the shell expands them first), so the text is a
    // unit's command (`systemctl show`) or a script line. In a script line a variable nothing in
    // the evidence defines expands to nothing, as an undefined variable in `ExecStart=` does
    // (F8): the word is dropped, with a warning. A unit's command (`systemctl show`) certainly
    // gets them from the unit's environment, which the evidence does not show: the verdict below
    // is inconclusive when they could decide.
    let unexpanded: Vec<usize> = match k.origin {
        ArgvOrigin::Process { .. } => args
            .iter()
            .enumerate()
            .filter(|(i, w)| is_variable_word(w) && !set_aside.contains(i))
            .map(|(i, _)| i)
            .collect(),
        ArgvOrigin::Systemd(_) => Vec::new(),
    };
    set_aside.extend(unexpanded.iter().copied());
    if !set_aside.is_empty() {
        folded.clear();
        ka = analyze_without(args, &set_aside, explicit, os, env_alpha, &mut folded);
    }
    // Undefined `${VAR}` references that made the kubelet exit at flag parsing, when evidence not
    // given (an optional environment file, the unit behind its drop-ins, the manager's
    // environment) could define them: (argv index, variable, the exit message).
    let may_define = ctx
        .unseen
        .iter()
        .any(|u| u.what == "environment-file" || u.what == "systemd-unit");
    let mut var_fatal: Vec<(usize, String, String)> = Vec::new();
    for _ in 0..8 {
        let Some((_, Some(i))) = ka.fatal.clone() else {
            break;
        };
        let Some(word) = args.get(i) else { break };
        let value_is_placeholder = args
            .get(i + 1)
            .is_some_and(|v| is_placeholder_word(v) || looks_like_template(v));
        if is_placeholder_word(word) {
            set_aside.push(i);
        } else if value_is_placeholder && word.starts_with("--") && !word.contains('=') {
            set_aside.push(i);
            set_aside.push(i + 1);
        } else if let Some(var) = undefined_var_in(k, i)
            .map(|v| (v, false))
            .or_else(|| undefined_var_in(k, i + 1).map(|v| (v, true)))
            .filter(|_| may_define)
        {
            // An undefined `${VAR}` in this word (or its value) made the kubelet exit; evidence
            // not given could define it (H1, H3): set the word aside, the verdict is inconclusive.
            let msg = ka.fatal.as_ref().map(|f| f.0.clone()).unwrap_or_default();
            set_aside.push(i);
            if var.1 {
                set_aside.push(i + 1);
            }
            var_fatal.push((i, var.0, msg));
        } else {
            break;
        }
        folded.clear();
        ka = analyze_without(args, &set_aside, explicit, os, env_alpha, &mut folded);
    }
    for (i, var, msg) in &var_fatal {
        let mut d = Diagnostic::new(
            codes::UNDEFINED_VARIABLE,
            Severity::Warning,
            format!("with `${{{var}}}` undefined the kubelet exits at flag parsing ({msg}); evidence that was not given could define it: the word was set aside"),
        )
        .rules(&["F8", "H1", "H3"]);
        d.location = Some(Location {
            argv_index: Some(i + 1),
            ..Default::default()
        });
        ka.diagnostics.push(d);
    }
    if !var_fatal.is_empty() {
        for u in ctx.unseen.iter_mut() {
            if u.what == "environment-file" || u.what == "systemd-unit" {
                u.could_decide = true;
            }
        }
    }
    for i in &unexpanded {
        if let Some(w) = args.get(*i) {
            let mut d = Diagnostic::new(
                codes::UNDEFINED_VARIABLE,
                Severity::Warning,
                if k.unit_command {
                    format!("`{w}` is expanded by systemd from the unit's environment (`Environment=`, `EnvironmentFile=`), which the evidence does not show; give the unit with its drop-ins and environment files, or the running kubelet's `/proc/PID/cmdline`")
                } else {
                    format!("variable `{w}` is not defined in the evidence: the shell expands it to nothing and the word is dropped; if it is defined where this line comes from, give the running kubelet's `/proc/PID/cmdline` (or the unit with its environment files)")
                },
            )
            .rules(&["F8", "H1"]);
            d.location = Some(Location {
                argv_index: Some(i + 1),
                ..Default::default()
            });
            ka.diagnostics.push(d);
        }
    }
    let var_words = |i: &usize| {
        var_fatal
            .iter()
            .any(|(v, ..)| *v == *i || (*v + 1 == *i && set_aside.contains(v)))
    };
    for i in set_aside
        .iter()
        .filter(|i| !unexpanded.contains(i) && !var_words(i))
    {
        if let Some(w) = args.get(*i) {
            let mut d = Diagnostic::new(
                codes::TEMPLATE_PLACEHOLDER,
                Severity::Warning,
                format!("`{w}` is an unrendered template placeholder: set aside; the rendered command line decides"),
            );
            d.location = Some(Location {
                argv_index: Some(i + 1),
                ..Default::default()
            });
            ka.diagnostics.push(d);
        }
    }
    out.judged = Some(JudgedVersion {
        version: format!("1.{}", ka.minor),
        reason: std::mem::take(&mut ka.version_reason),
    });
    // (text, name) of the artifacts the argv words point into, by artifact index.
    let mut word_docs: Vec<Option<(&str, Cow<'_, str>)>> = vec![None; ctx.items.len()];
    let doc_artifacts: Vec<usize> = match &k.origin {
        ArgvOrigin::Process { artifact, .. } => vec![*artifact],
        // (and the environment files variables were defined in)
        ArgvOrigin::Systemd(rec) => rec
            .unit_used
            .into_iter()
            .chain(rec.dropins_applied.iter().copied())
            .chain(rec.argv.iter().filter_map(|a| {
                a.via_variable
                    .as_ref()?
                    .defined_at
                    .as_ref()?
                    .location
                    .artifact
            }))
            .collect(),
    };
    for a in doc_artifacts {
        if let (Some(slot @ None), Some(i)) = (word_docs.get_mut(a), ctx.item(a)) {
            *slot = Some((i.text, i.name.clone()));
        }
    }
    let loc_of = |i: usize| -> Location { word_location(k, &word_docs, i + k.args_start) };
    // Config-backed flags other than `--client-ca-file` all carry the same deprecation: the
    // analysis folded them into `folded` (normalised names); one line for all.
    let mut other_deprecated: Vec<&'static str> = Vec::with_capacity(folded.len());
    for name in folded {
        if !other_deprecated.contains(&name) {
            other_deprecated.push(name);
        }
    }
    for mut d in std::mem::take(&mut ka.diagnostics) {
        let idx = d.location.as_ref().and_then(|l| l.argv_index);
        if let Some(ai) = idx {
            // flags' argv_index is args index + 1.
            let args_idx = ai.saturating_sub(1);
            let mut l = loc_of(args_idx);
            l.argv_index = Some(args_idx + k.args_start);
            d.location = Some(l);
        }
        ctx.diag(d);
    }
    if !other_deprecated.is_empty() {
        let n = other_deprecated.len();
        let mut list = String::with_capacity(other_deprecated.iter().map(|f| f.len() + 4).sum());
        for (i, name) in other_deprecated.iter().enumerate() {
            if i > 0 {
                list.push_str(", ");
            }
            list.push_str("--");
            list.push_str(name);
        }
        ctx.diag(
            Diagnostic::new(
                codes::DEPRECATED_FLAG,
                Severity::Info,
                format!(
                    "{n} other config-backed flag{} ({}) {} deprecated in favour of the config file given by `--config`",
                    if n == 1 { "" } else { "s" },
                    list,
                    if n == 1 { "is" } else { "are" }
                ),
            )
            .rules(&["A9"]),
        );
    }
    let via = |occ: &FlagOcc| -> Vec<Source> { via_for(k, &word_docs, occ.index + k.args_start) };

    if k.flag_dump {
        ctx.diag(
            Diagnostic::new(
                codes::LOSSY_EVIDENCE,
                Severity::Info,
                "the command line was rebuilt from the kubelet's startup `FLAG:` log lines: they show each flag's command-line value or its default, not the config file's values (A13); the deciding flags whose logged value is not the default were kept",
            )
            .rules(&["A13"]),
        );
    }
    if k.lossy {
        ctx.diag(
            Diagnostic::new(
                codes::LOSSY_EVIDENCE,
                Severity::Info,
                "the command line comes from text that joins argv with spaces (`ps`, `systemctl status`): argument boundaries and embedded spaces are lost; `/proc/<pid>/cmdline` is exact",
            )
            .rules(&["A12"]),
        );
    }

    // Flag parsing made the kubelet exit.
    if let Some((msg, idx)) = &ka.fatal {
        let loc = idx.map(loc_of);
        let mut d = Diagnostic::new(
            codes::FLAG_PARSE_ERROR,
            Severity::Error,
            format!(
                "the kubelet exits at flag parsing: {}",
                flags::escape_controls(msg)
            ),
        )
        .rules(&["A1", "A6", "A7", "Z10"]);
        if let Some(l) = loc.clone() {
            d = d.at(l);
        }
        ctx.diag(d);
        if k.truncated {
            out.verdict = Some(Verdict::Inconclusive);
            out.summary = format!(
                "the command line is truncated and what is visible makes the kubelet exit ({msg}): read `/proc/<pid>/cmdline`"
            );
        } else {
            out.verdict = Some(Verdict::Invalid);
            out.summary = format!(
                "the kubelet would refuse to start: {}",
                flags::escape_controls(msg)
            );
            out.value = ka
                .client_ca_file_effective
                .as_ref()
                .map(|o| o.value.to_string())
                .filter(|v| !v.is_empty());
            if let Some(l) = loc {
                out.provenance.decided_by = Some(Source {
                    what: "command line".to_string(),
                    value: idx.and_then(|i| args.get(i).cloned()),
                    location: l,
                });
            }
        }
        return;
    }

    // --config / --config-dir.
    let config_flag = ka.config.take().filter(|o| !o.value.is_empty());
    let config_dir_flag = ka.config_dir.take().filter(|o| !o.value.is_empty());
    out.effective.config_file = config_flag.as_ref().map(|o| join_path(&cwd, &o.value));
    out.effective.config_dir = config_dir_flag.as_ref().map(|o| join_path(&cwd, &o.value));
    let flag_ca = ka.client_ca_file_effective.take();

    // Main config file.
    let mut main_idx: Option<usize> = None;
    let mut main_missing = false;
    if let Some(cfg) = &config_flag {
        let abs = join_path(&cwd, &cfg.value);
        main_idx = find_by_path(
            ctx,
            &abs,
            &[ArtifactKind::KubeletConfig, ArtifactKind::ConfigDropin],
        );
        if main_idx.is_none() {
            // A single config artifact without a node path: assume it is the --config file.
            let unpathed: Vec<usize> = ctx
                .items
                .iter()
                .filter(|i| i.kind == ArtifactKind::KubeletConfig && i.path.is_none())
                .map(|i| i.index)
                .collect();
            if let [only] = unpathed.as_slice() {
                main_idx = Some(*only);
                let name = ctx.item(*only).map(|i| i.name.clone()).unwrap_or_default();
                ctx.diag(
                    Diagnostic::new(
                        codes::UNSEEN_EVIDENCE,
                        Severity::Info,
                        format!("`{name}` has no node path; taken as the `--config` file `{abs}`"),
                    )
                    .at(Location::artifact(*only)),
                );
            }
        }
        if main_idx.is_none() && ctx.absent(&abs) {
            ctx.diag(
                Diagnostic::new(
                    codes::CONFIG_DECODE_ERROR,
                    Severity::Error,
                    format!("the `--config` file `{abs}` does not exist on the node: the kubelet exits (`failed to load kubelet config file`)"),
                )
                .at(loc_of(cfg.index))
                .rules(&["B3"]),
            );
            out.verdict = Some(Verdict::Invalid);
            out.summary = format!(
                "the kubelet would refuse to start: its `--config` file `{abs}` does not exist"
            );
            return;
        }
        if main_idx.is_none() {
            main_missing = true;
            ctx.unseen.push(Unseen {
                what: "config-file".to_string(),
                reference: abs.clone(),
                could_decide: flag_ca.is_none(),
                referenced_at: Some(loc_of(cfg.index)),
            });
        }
    }
    // Drop-ins.
    let mut dropin_idx: Vec<usize> = Vec::new();
    let mut dropins_missing = false;
    if let Some(dir) = &config_dir_flag {
        let abs = join_path(&cwd, &dir.value);
        let prefix = format!("{}/", abs.trim_end_matches('/'));
        let mut cands: Vec<(String, usize)> = ctx
            .items
            .iter()
            .filter(|i| {
                matches!(
                    i.kind,
                    ArtifactKind::ConfigDropin | ArtifactKind::KubeletConfig
                )
            })
            .filter_map(|i| {
                let p = i.path.as_ref()?;
                let cp = clean_path(p);
                (cp.starts_with(&prefix) || cp == abs).then_some((cp, i.index))
            })
            .collect();
        if cands.is_empty() {
            // Config documents given without a node path: drop-ins first; failing those, kubelet
            // configs that are not the `--config` file (a drop-in is a complete config document,
            // so content alone cannot tell them apart), in the order given.
            let mut unpathed: Vec<usize> = ctx
                .items
                .iter()
                .filter(|i| i.kind == ArtifactKind::ConfigDropin && i.path.is_none())
                .map(|i| i.index)
                .collect();
            if unpathed.is_empty() {
                unpathed = ctx
                    .items
                    .iter()
                    .filter(|i| {
                        i.kind == ArtifactKind::KubeletConfig
                            && i.path.is_none()
                            && Some(i.index) != main_idx
                    })
                    .map(|i| i.index)
                    .collect();
            }
            for (n, u) in unpathed.iter().enumerate() {
                let name = ctx.item(*u).map(|i| i.name.clone()).unwrap_or_default();
                ctx.diag(
                    Diagnostic::new(
                        codes::UNSEEN_EVIDENCE,
                        Severity::Info,
                        format!("`{name}` has no node path; taken as a drop-in of `--config-dir` `{abs}` (in the order given)"),
                    )
                    .at(Location::artifact(*u)),
                );
                cands.push((format!("{prefix}{:04}-given.conf", n), *u));
            }
        }
        if cands.is_empty() && ctx.absent(&abs) {
            ctx.diag(
                Diagnostic::new(
                    codes::DROPIN_ERROR,
                    Severity::Error,
                    format!("the `--config-dir` directory `{abs}` does not exist on the node: the kubelet exits (`failed to walk through kubelet dropin directory`)"),
                )
                .at(loc_of(dir.index))
                .rules(&["C5", "Z6"]),
            );
            out.verdict = Some(Verdict::Invalid);
            out.summary = format!(
                "the kubelet would refuse to start: its `--config-dir` `{abs}` does not exist"
            );
            return;
        }
        if cands.is_empty() && ctx.empty_dir(&abs) {
            // An existing, empty drop-in directory: nothing to merge.
        } else if cands.is_empty() {
            dropins_missing = true;
            ctx.unseen.push(Unseen {
                what: "config-dir".to_string(),
                reference: abs.clone(),
                could_decide: flag_ca.is_none(),
                referenced_at: Some(loc_of(dir.index)),
            });
        } else {
            let paths: Vec<&str> = cands.iter().map(|(p, _)| p.as_str()).collect();
            let (order, skipped) = config::dropin_order(&abs, &paths);
            for p in order {
                if let Some((_, i)) = cands.iter().find(|(cp, _)| cp == p) {
                    dropin_idx.push(*i);
                }
            }
            for p in skipped {
                if let Some((_, i)) = cands.iter().find(|(cp, _)| cp == p) {
                    ctx.ignore_item(*i, "not a `.conf` file: the kubelet skips it");
                    ctx.diag(
                        Diagnostic::new(
                            codes::DROPIN_SKIPPED,
                            Severity::Info,
                            format!("`{p}` does not end in `.conf`: the kubelet skips it"),
                        )
                        .at(Location::artifact(*i))
                        .rules(&["C5"]),
                    );
                }
            }
        }
    }

    let mode = merge_mode_for(ka.minor);
    if config_dir_flag.is_some() {
        out.effective.merge_mode = Some(match mode {
            MergeMode::Internal => "internal".to_string(),
            MergeMode::V1beta1 => "v1beta1".to_string(),
        });
    } else {
        out.effective.merge_mode = Some("none".to_string());
    }
    let mut cfg = {
        let doc_of = |i: usize| {
            ctx.item(i).map(|it| Doc {
                artifact: it.index,
                name: &it.name,
                path: it.path.as_deref(),
                text: it.text,
            })
        };
        let main_doc = main_idx.and_then(doc_of);
        let dropin_docs: Vec<Doc<'_>> = dropin_idx.iter().filter_map(|i| doc_of(*i)).collect();
        config::evaluate(
            main_doc.as_ref(),
            out.effective.config_file.as_deref(),
            &dropin_docs,
            mode,
        )
    };
    if let Some(i) = main_idx {
        ctx.use_item(i, Some("`--config` file"));
    }
    for i in &dropin_idx {
        ctx.use_item(*i, Some("`--config-dir` drop-in"));
    }
    out.effective.dropins = dropin_idx
        .iter()
        .filter_map(|i| ctx.item(*i))
        .map(|i| i.name.to_string())
        .collect();
    for d in std::mem::take(&mut cfg.diagnostics) {
        ctx.diag(d);
    }
    for r in &cfg.derived {
        if !ctx.derived.contains(r) {
            ctx.derived.push(r.clone());
        }
    }

    if let Some(fatal) = &cfg.fatal {
        ctx.diag(fatal.clone());
        out.verdict = Some(Verdict::Invalid);
        out.summary = format!("the kubelet would refuse to start: {}", fatal.message);
        out.provenance.decided_by = fatal.location.clone().map(|l| Source {
            what: "config decoding".to_string(),
            value: None,
            location: ctx.complete(l),
        });
        return;
    }

    // Flags override the config layer (C1).
    let mut history: Vec<Source> = Vec::new();
    for h in std::mem::take(&mut cfg.history) {
        history.push(Source {
            what: h.what.into_owned(),
            value: h.value,
            location: ctx.complete(h.location),
        });
    }
    let (value, decided_by, decided_via) = if let Some(occ) = &flag_ca {
        let l = loc_of(occ.index);
        let src = Source {
            what: format!("flag `--client-ca-file` (`{}`)", occ.written),
            value: Some(occ.value.to_string()),
            location: l,
        };
        if cfg.client_ca_file.is_some() {
            ctx.diag(
                Diagnostic::new(
                    codes::FLAG_OVERRIDES_CONFIG,
                    Severity::Info,
                    format!(
                        "the command-line flag `--client-ca-file` overrides the config file's `clientCAFile` (`{}`)",
                        cfg.client_ca_file.as_ref().map(|v| v.value.clone()).unwrap_or_default()
                    ),
                )
                .rules(&["C1"]),
            );
        }
        // Earlier flag occurrences were overridden too.
        for o in &ka.client_ca_file {
            if o.index != occ.index {
                history.push(Source {
                    what: format!("flag `--client-ca-file` (`{}`)", o.written),
                    value: Some(o.value.to_string()),
                    location: loc_of(o.value_index.unwrap_or(o.index)),
                });
            }
        }
        let v = if occ.value.is_empty() {
            None
        } else {
            Some(occ.value.to_string())
        };
        // (the flags module reports the explicit empty value, `empty-value`)
        (v, Some(src), via(occ))
    } else if let Some(v) = &cfg.client_ca_file {
        history
            .retain(|h| h.location != v.location || h.value.as_deref() != Some(v.value.as_str()));
        let src = Source {
            what: v.what.to_string(),
            value: Some(v.value.clone()),
            location: ctx.complete(v.location.clone()),
        };
        (Some(v.value.clone()), Some(src), Vec::new())
    } else {
        (None, None, Vec::new())
    };
    out.provenance.decided_by = decided_by;
    out.provenance.via = decided_via;
    out.provenance.overridden = history;

    // Authentication methods.
    let anonymous = ka
        .anonymous_auth
        .map(|a| a.0)
        .unwrap_or(cfg.anonymous_enabled);
    let webhook = ka.webhook_authn.map(|a| a.0).unwrap_or(cfg.webhook_enabled);
    let config_unknown = main_missing || dropins_missing;
    out.effective.anonymous_auth =
        (!config_unknown || ka.anonymous_auth.is_some()).then_some(anonymous);
    out.effective.webhook_authn =
        (!config_unknown || ka.webhook_authn.is_some()).then_some(webhook);

    // Relative paths (E5).
    if let Some(v) = &value {
        let from_flag = flag_ca.is_some();
        out.effective.ca_path_opened = Some(if is_absolute(v) || looks_like_template(v) {
            v.clone()
        } else {
            ctx.diag(
                Diagnostic::new(
                    codes::RELATIVE_PATH,
                    Severity::Warning,
                    format!(
                        "`{v}` is relative: the kubelet opens it relative to its working directory `{cwd}`{}",
                        if from_flag { "" } else { " (a drop-in value is not resolved against the drop-in directory)" }
                    ),
                )
                .rules(&["A10", "C9", "E5", "F11"]),
            );
            join_path(&cwd, v)
        });
        if looks_like_template(v) {
            ctx.diag(
                Diagnostic::new(
                    codes::TEMPLATE_PLACEHOLDER,
                    Severity::Warning,
                    format!("`{v}` looks like an unrendered template placeholder: the check is only as good as the value that replaces it"),
                ),
            );
        }
    }

    // Undecidable: the evidence that could decide is missing, or the line is cut.
    if k.truncated {
        ctx.diag(
            Diagnostic::new(
                codes::LOSSY_EVIDENCE,
                Severity::Warning,
                "the command line is truncated (terminal width): flags after the cut are unknown; use `ps -ww`, `/proc/<pid>/cmdline` or `systemctl show kubelet -p ExecStart`",
            )
            .rules(&["A12", "H3"]),
        );
        out.verdict = Some(Verdict::Inconclusive);
        out.summary = "the command line is truncated: later flags (a repeated `--client-ca-file`, `--config`) cannot be seen".to_string();
        return;
    }
    if let ArgvOrigin::Systemd(rec) = &k.origin {
        if let Some(u) = &rec.unresolved {
            ctx.diag(u.clone());
            if flag_ca.is_none() || value.is_none() {
                out.verdict = Some(Verdict::Inconclusive);
                out.summary = format!("the kubelet command cannot be fully rebuilt: {}", u.message);
                return;
            }
        }
    }
    let deciding_unseen: Vec<String> = ctx
        .unseen
        .iter()
        .filter(|u| u.could_decide)
        .map(|u| format!("`{}`", u.reference))
        .collect();
    if !deciding_unseen.is_empty() {
        let list = deciding_unseen.join(", ");
        let was = if deciding_unseen.len() == 1 {
            "was"
        } else {
            "were"
        };
        ctx.diag(
            Diagnostic::new(
                codes::UNSEEN_EVIDENCE,
                Severity::Warning,
                if var_fatal.is_empty() {
                    format!("the evidence references {list}, which {was} not given and could decide the client CA")
                } else {
                    format!("the evidence references {list}, which {was} not given and could define the variables the kubelet needs to start")
                },
            )
            .rules(&["H1", "H3"]),
        );
        out.verdict = Some(Verdict::Inconclusive);
        if !var_fatal.is_empty() {
            out.value = value.clone();
        }
        out.summary = match var_fatal.first() {
            Some((_, var, _)) => format!("{list} {was} not given and could define `${{{var}}}`: left undefined, it makes the kubelet exit at flag parsing"),
            None => format!("{list} {was} not given and could decide the client CA"),
        };
        return;
    }
    // Unexpanded variables after the deciding flag (or anywhere, when no flag decides) could
    // expand to `--client-ca-file` or `--config`: the last flag wins.
    let deciding_vars: Vec<String> = unexpanded
        .iter()
        .filter(|_| k.unit_command)
        .filter(|&&i| flag_ca.as_ref().is_none_or(|o| i > o.index))
        .filter_map(|&i| args.get(i))
        .map(|w| format!("`{w}`"))
        .collect();
    if !deciding_vars.is_empty() {
        let n = deciding_vars.len();
        out.verdict = Some(Verdict::Inconclusive);
        out.summary = format!(
            "the command line holds unexpanded variable{} ({}) whose value{} not in the evidence and could set `--client-ca-file` or `--config`",
            if n == 1 { "" } else { "s" },
            deciding_vars.join(", "),
            if n == 1 { " is" } else { "s are" },
        );
        return;
    }
    if let Some(reason) = &cfg.ambiguous {
        out.verdict = Some(Verdict::Inconclusive);
        out.summary = format!(
            "the result depends on behaviour that cannot be decided with certainty: {reason}"
        );
        return;
    }

    // E2: a flag value that cannot name a CA file. The kubelet opens it at start and exits.
    if let Some(v) = &value {
        let from_flag = flag_ca.is_some();
        let systemd_literal =
            from_flag && matches!(k.origin, ArgvOrigin::Systemd(_)) && v.contains('$');
        let reason = if v.chars().any(|c| c.is_control()) || v.trim() != v {
            Some(format!(
                "the value `{}` has leading or trailing white space or a line break (a YAML `|` block keeps its final newline, Z4)",
                v.escape_debug()
            ))
        } else if !from_flag {
            None
        } else if v.starts_with('-') {
            Some(format!(
                "`--client-ca-file` swallowed the next word `{v}` as its value (A2)"
            ))
        } else if v.contains(" -") || v.contains("\t-") {
            Some(format!("the value `{v}` holds several words: flags were passed as one argument (`${{VAR}}` is one word, F8)"))
        } else if systemd_literal {
            Some(format!("the value `{v}` holds a literal `$`: systemd does not expand variables inside `Environment=` values or inside a word (F5, F8)"))
        } else {
            None
        };
        if let Some(reason) = reason {
            ctx.diag(
                Diagnostic::new(
                    codes::CA_BUNDLE_UNUSABLE,
                    Severity::Error,
                    format!(
                        "{reason}; no such CA file can be opened, so the kubelet exits at start"
                    ),
                )
                .rules(&["A2", "E2", "F8"]),
            );
            out.value = value.clone();
            out.verdict = Some(Verdict::Invalid);
            out.summary =
                format!("the kubelet would refuse to start: it cannot open the client CA `{v}`");
            return;
        }
    }

    // Z7: no authentication method left.
    if value.is_none() && !anonymous && !webhook {
        no_authentication(ctx, out);
        return;
    }

    // A13: a `FLAG:` dump logs an explicit `--client-ca-file=""` as the default `""`: when the
    // config file decides, that flag could still override it (T66).
    if k.flag_dump && flag_ca.is_none() && value.is_some() {
        ctx.diag(
            Diagnostic::new(
                codes::LOSSY_EVIDENCE,
                Severity::Warning,
                "`FLAG: --client-ca-file=\"\"` is the flag's default, and also what an explicitly empty `--client-ca-file=` logs; such a flag would override the config file's value: read `/proc/<pid>/cmdline` (or `/configz`)",
            )
            .rules(&["A13", "A8", "C1"]),
        );
        out.verdict = Some(Verdict::Inconclusive);
        out.summary = format!(
            "the config file sets `clientCAFile` to `{}`, but the startup `FLAG:` lines cannot show whether an empty `--client-ca-file=` overrides it",
            value.as_deref().unwrap_or("")
        );
        return;
    }
    out.value = value.clone();
    match &value {
        Some(v) => {
            out.verdict = Some(Verdict::Pass);
            out.summary = format!(
                "the kubelet's effective `clientCAFile` is `{v}`, set by {}",
                out.provenance
                    .decided_by
                    .as_ref()
                    .map(|s| format!("{} at {}", s.what, s.location.short()))
                    .unwrap_or_default()
            );
        }
        None if template_words && out.provenance.decided_by.is_none() => {
            out.verdict = Some(Verdict::Inconclusive);
            out.summary = "nothing visible sets `clientCAFile`, but unrendered template words on the command line could render to `--client-ca-file` or `--config`: render the templates first".to_string();
        }
        None => {
            out.verdict = Some(Verdict::Fail);
            out.summary = match &out.provenance.decided_by {
                Some(s) => format!(
                    "the effective `clientCAFile` is empty: {} at {} sets it to `\"\"`",
                    s.what,
                    s.location.short()
                ),
                None => {
                    if main_idx.is_some() {
                        "neither the command line nor the config file sets `clientCAFile`: x509 client authentication is off".to_string()
                    } else {
                        "no `--client-ca-file` flag and no `--config` file: x509 client authentication is off".to_string()
                    }
                }
            };
        }
    }
}

/// `flags::analyze` over `args` without the words at `remove`; every index in the result still
/// points into `args`.
fn analyze_without(
    args: &[String],
    remove: &[usize],
    explicit: Option<Minor>,
    os: flags::Os,
    env_alpha: Option<bool>,
    folded: &mut Vec<&'static str>,
) -> KubeletArgs<'static> {
    let mut kept: Vec<String> = Vec::new();
    let mut map: Vec<usize> = Vec::new();
    for (i, a) in args.iter().enumerate() {
        if !remove.contains(&i) {
            kept.push(a.clone());
            map.push(i);
        }
    }
    let mut ka = flags::analyze_folding(&kept, explicit, os, env_alpha, folded).into_owned();
    let m = |k: usize| map.get(k).copied().unwrap_or(k);
    let fix = |o: &mut FlagOcc| {
        o.index = m(o.index);
        o.value_index = o.value_index.map(m);
    };
    ka.occurrences.iter_mut().for_each(fix);
    ka.client_ca_file.iter_mut().for_each(fix);
    for o in [
        &mut ka.config,
        &mut ka.config_dir,
        &mut ka.client_ca_file_effective,
    ]
    .into_iter()
    .flatten()
    {
        fix(o);
    }
    ka.anonymous_auth = ka.anonymous_auth.map(|(b, k)| (b, m(k)));
    ka.webhook_authn = ka.webhook_authn.map(|(b, k)| (b, m(k)));
    ka.fatal = ka.fatal.map(|(msg, k)| (msg, k.map(m)));
    for d in &mut ka.diagnostics {
        if let Some(l) = d.location.as_mut() {
            l.argv_index = l.argv_index.map(|ai| m(ai.saturating_sub(1)) + 1);
        }
    }
    ka
}

/// Flags that only kubelets before 1.10 know (`--require-kubeconfig`, `--api-servers`): the flag
/// table starts at 1.10, so such a command line is judged as the oldest covered kubelet with those
/// flags set aside (spec Z8: a flag of another version is a diagnostic, not a verdict). Returns
/// `None` when there is no such flag.
fn judge_pre_coverage(
    args: &[String],
    os: flags::Os,
    env_alpha: Option<bool>,
    folded: &mut Vec<&'static str>,
) -> Option<KubeletArgs<'static>> {
    let table = flags::flag_table();
    let mut remove: Vec<usize> = Vec::new();
    let mut removed: Vec<(usize, String, String)> = Vec::new();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if a == "--" {
            break;
        }
        let name = a
            .strip_prefix("--")
            .map(|n| n.split('=').next().unwrap_or(n))
            .map(flags::normalize_name);
        let def = name.as_deref().and_then(|n| table.get(n));
        if let Some(d) =
            def.filter(|d| d.since.is_none() && d.until.is_some_and(|u| u < flags::OLDEST))
        {
            removed.push((i, a.clone(), d.range_string()));
            remove.push(i);
            if !a.contains('=') && d.typ.takes_value() {
                i += 1;
                remove.push(i);
            }
        }
        i += 1;
    }
    if removed.is_empty() {
        return None;
    }
    let mut ka = analyze_without(args, &remove, Some(flags::OLDEST), os, env_alpha, folded);
    let names: Vec<String> = removed
        .iter()
        .map(|r| format!("`{}` ({})", r.1, r.2))
        .collect();
    ka.version_reason = format!(
        "{} exist only in kubelets before 1.10, which the flag table does not cover: judged with the rules of 1.{} (stray words ignored) and those flags set aside",
        names.join(", "),
        flags::OLDEST
    );
    for (idx, word, range) in &removed {
        ka.diagnostics.push(
            Diagnostic::new(
                codes::VERSION_SPECIFIC_FLAG,
                Severity::Warning,
                format!("flag `{word}` was {range}: kubelet 1.10 and newer exit with `unknown flag`; judged as an older kubelet"),
            )
            .at(Location { argv_index: Some(idx + 1), ..Default::default() })
            .rules(&["Z8", "Z10"]),
        );
    }
    Some(ka)
}

/// Spec Z7: no client CA, no webhook and no anonymous authentication: the kubelet exits.
fn no_authentication(ctx: &mut Ctx<'_>, out: &mut Outcome) {
    ctx.diag(
        Diagnostic::new(
            codes::NO_AUTHENTICATION,
            Severity::Error,
            "no client CA, webhook authentication off and anonymous authentication off: the kubelet exits with `no authentication method configured`",
        )
        .rules(&["Z7"]),
    );
    out.verdict = Some(Verdict::Invalid);
    out.summary = "the kubelet would refuse to start: no authentication method configured (no client CA, no webhook, no anonymous)".to_string();
}

/// A systemd word location made whole (a lazy reconstruction leaves `source` and `excerpt`
/// to the caller).
/// `haystack.find(needle)` for a short haystack (one line): no searcher to set up.
fn find_short(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return Some(0);
    };
    let mut from = 0;
    while let Some(p) = h.get(from..).and_then(|rest| memchr::memchr(first, rest)) {
        let at = from + p;
        if h.get(at..at + n.len()) == Some(n) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Where `word` is in the lines that continue the assignment at `l` (an environment-file value
/// continued with `\` or an open quote): (line, column, that line). `None` when it is not there.
fn continued_position<'d>(
    l: &Location,
    docs: &[Option<(&'d str, Cow<'_, str>)>],
    word: &str,
) -> Option<(u32, u32, &'d str)> {
    let (text, _) = docs.get(l.artifact?)?.as_ref()?;
    let first = l.line?;
    let mut quotes = 0usize;
    for (i, line) in text
        .lines()
        .enumerate()
        .skip(first.checked_sub(1)? as usize)
    {
        let n = i as u32 + 1;
        if n > first {
            if let Some(b) = find_short(line, word) {
                let col = line.get(..b).map_or(0, |p| p.chars().count());
                return Some((n, col as u32 + 1, line));
            }
        }
        quotes += line.matches('"').count() - line.matches("\\\"").count();
        let continued = line.trim_end().ends_with('\\') || quotes % 2 == 1;
        if !continued || n >= first + 512 {
            return None;
        }
    }
    None
}

fn whole_location(mut l: Location, docs: &[Option<(&str, Cow<'_, str>)>]) -> Location {
    if l.source.is_none() {
        if let Some(Some((text, name))) = l.artifact.and_then(|i| docs.get(i)) {
            systemd::complete_location(&mut l, name, text);
        }
    }
    l
}

/// The provenance chain of argv element `i` (systemd: variable definition + ExecStart line).
fn via_for(k: &KArgv, docs: &[Option<(&str, Cow<'_, str>)>], i: usize) -> Vec<Source> {
    let mut v = Vec::new();
    if let ArgvOrigin::Systemd(rec) = &k.origin {
        if let Some(a) = rec.argv.get(i) {
            if let Some(var) = &a.via_variable {
                v.push(Source {
                    what: format!("`{}` in `ExecStart=`", var.written()),
                    value: None,
                    location: whole_location(a.exec_location.clone(), docs),
                });
            } else {
                v.push(Source {
                    what: "`ExecStart=`".to_string(),
                    value: None,
                    location: whole_location(a.exec_location.clone(), docs),
                });
            }
        }
    }
    v
}

fn find_by_path(ctx: &Ctx<'_>, abs: &str, kinds: &[ArtifactKind]) -> Option<usize> {
    ctx.items
        .iter()
        .filter(|i| kinds.contains(&i.kind))
        .find(|i| i.path.as_deref().map(clean_path_cow).as_deref() == Some(abs))
        .map(|i| i.index)
}

/// No kubelet argv in the evidence: judge the config file (and drop-ins) on their own.
fn evaluate_config_alone(ctx: &mut Ctx<'_>, explicit: Option<Minor>, out: &mut Outcome) {
    let configs: Vec<usize> = ctx
        .items
        .iter()
        .filter(|i| i.kind == ArtifactKind::KubeletConfig)
        .map(|i| i.index)
        .collect();
    let dropins: Vec<usize> = ctx
        .items
        .iter()
        .filter(|i| i.kind == ArtifactKind::ConfigDropin)
        .map(|i| i.index)
        .collect();
    // Systemd evidence that produced no kubelet command was handled by the caller; here there is
    // only config evidence (or nothing usable).
    let env_only = ctx.items.iter().all(|i| {
        matches!(
            i.kind,
            ArtifactKind::EnvFile
                | ArtifactKind::CaBundle
                | ArtifactKind::Cmdline
                | ArtifactKind::Configz
        )
    });
    if configs.is_empty() && dropins.is_empty() {
        if env_only && ctx.items.iter().any(|i| i.kind == ArtifactKind::EnvFile) {
            out.had_evidence = true;
            out.verdict = Some(Verdict::Inconclusive);
            out.summary = "only environment files were given: without the unit that uses them the kubelet's command line is unknown".to_string();
            ctx.unseen.push(Unseen {
                what: "systemd-unit".to_string(),
                reference: "kubelet.service".to_string(),
                could_decide: true,
                referenced_at: None,
            });
        } else if ctx.items.iter().any(|i| i.kind == ArtifactKind::Cmdline) {
            out.had_evidence = true;
            out.verdict = Some(Verdict::Inconclusive);
            out.summary = match ctx.unseen.iter().find(|u| u.what == "args-file") {
                Some(u) => format!(
                    "microk8s's `kubelite` runs the kubelet with the flags in `{}`, which was not given",
                    u.reference
                ),
                None => "no kubelet process in the command-line evidence".to_string(),
            };
        } else if ctx.items.iter().all(|i| i.kind == ArtifactKind::CaBundle) {
            out.had_evidence = true;
            out.verdict = Some(Verdict::Inconclusive);
            out.summary =
                "only a CA bundle was given: nothing shows whether the kubelet uses it".to_string();
        }
        return;
    }
    out.had_evidence = true;
    let minor = explicit.unwrap_or(flags::NEWEST);
    out.judged = Some(JudgedVersion {
        version: format!("1.{minor}"),
        reason: if explicit.is_some() {
            "given explicitly".to_string()
        } else {
            format!(
                "no command line in the evidence: newest version the flag table covers (1.{})",
                flags::NEWEST
            )
        },
    });
    // The main file: prefer one whose path is not inside a drop-in directory.
    let main_idx = configs.first().copied();
    if configs.len() > 1 {
        for extra in configs.iter().skip(1) {
            ctx.ignore_item(
                *extra,
                "several kubelet config files and no `--config` flag to choose: the first was used"
                    .to_string(),
            );
        }
    }
    let main_item = main_idx.and_then(|i| ctx.item(i)).cloned();
    let main_abs = main_item
        .as_ref()
        .and_then(|i| i.path.clone())
        .filter(|p| p.starts_with('/'))
        .map(|p| clean_path(&p));
    // Drop-ins: ordered by the kubelet's walk over their common directory.
    let mut cands: Vec<(String, usize)> = dropins
        .iter()
        .filter_map(|i| ctx.item(*i))
        .enumerate()
        .map(|(n, it)| {
            (
                it.path
                    .clone()
                    .map(|p| clean_path(&p))
                    .unwrap_or_else(|| format!("/dropins/{n:04}.conf")),
                it.index,
            )
        })
        .collect();
    crate::sort::sort_by(&mut cands, |a, b| a.0.cmp(&b.0));
    let dir = common_dir(cands.iter().map(|c| c.0.as_str()));
    let paths: Vec<&str> = cands.iter().map(|c| c.0.as_str()).collect();
    let (order, skipped) = config::dropin_order(&dir, &paths);
    let mut dropin_idx = Vec::new();
    for p in order {
        if let Some((_, i)) = cands.iter().find(|(cp, _)| cp == p) {
            dropin_idx.push(*i);
        }
    }
    for p in skipped {
        if let Some((_, i)) = cands.iter().find(|(cp, _)| cp == p) {
            ctx.ignore_item(*i, "not a `.conf` file: the kubelet skips it");
        }
    }
    let mode = merge_mode_for(minor);
    let main_doc = main_item.as_ref().map(|it| Doc {
        artifact: it.index,
        name: &it.name,
        path: it.path.as_deref(),
        text: it.text,
    });
    let dropin_items: Vec<Item<'_>> = dropin_idx
        .iter()
        .filter_map(|i| ctx.item(*i).cloned())
        .collect();
    let dropin_docs: Vec<Doc<'_>> = dropin_items
        .iter()
        .map(|it| Doc {
            artifact: it.index,
            name: &it.name,
            path: it.path.as_deref(),
            text: it.text,
        })
        .collect();
    let mut cfg =
        config::evaluate_standalone(main_doc.as_ref(), main_abs.as_deref(), &dropin_docs, mode);
    if let Some(i) = main_idx {
        ctx.use_item(i, Some("kubelet config file (judged on its own)"));
    }
    for i in &dropin_idx {
        ctx.use_item(*i, Some("config drop-in"));
    }
    out.effective.config_file = main_item.as_ref().map(|i| i.name.to_string());
    out.effective.dropins = dropin_items.iter().map(|i| i.name.to_string()).collect();
    out.effective.merge_mode = Some(if dropin_idx.is_empty() {
        "none".to_string()
    } else if mode == MergeMode::V1beta1 {
        "v1beta1".to_string()
    } else {
        "internal".to_string()
    });
    for d in std::mem::take(&mut cfg.diagnostics) {
        ctx.diag(d);
    }
    for r in &cfg.derived {
        if !ctx.derived.contains(r) {
            ctx.derived.push(r.clone());
        }
    }
    ctx.diag(
        Diagnostic::new(
            codes::CONFIG_ALONE,
            Severity::Info,
            "no kubelet command line in the evidence: the config was judged on its own; a `--client-ca-file` flag (even an empty one) would override it",
        )
        .rules(&["H", "C1"]),
    );
    if let Some(fatal) = &cfg.fatal {
        ctx.diag(fatal.clone());
        out.verdict = Some(Verdict::Invalid);
        out.summary = format!(
            "the kubelet would refuse to start with this config: {}",
            fatal.message
        );
        return;
    }
    let mut history = Vec::new();
    for h in std::mem::take(&mut cfg.history) {
        history.push(Source {
            what: h.what.into_owned(),
            value: h.value,
            location: ctx.complete(h.location),
        });
    }
    out.effective.anonymous_auth = Some(cfg.anonymous_enabled);
    out.effective.webhook_authn = Some(cfg.webhook_enabled);
    if let Some(v) = &cfg.client_ca_file {
        history
            .retain(|h| h.location != v.location || h.value.as_deref() != Some(v.value.as_str()));
        out.provenance.decided_by = Some(Source {
            what: v.what.to_string(),
            value: Some(v.value.clone()),
            location: ctx.complete(v.location.clone()),
        });
        out.provenance.overridden = history;
        out.value = Some(v.value.clone());
        out.effective.ca_path_opened = Some(v.value.clone());
        if looks_like_template(&v.value) {
            ctx.diag(Diagnostic::new(
                codes::TEMPLATE_PLACEHOLDER,
                Severity::Warning,
                format!("`{}` looks like an unrendered template placeholder: the check is only as good as the value that replaces it", v.value),
            ));
        }
        if let Some(reason) = &cfg.ambiguous {
            out.verdict = Some(Verdict::Inconclusive);
            out.summary = format!(
                "the result depends on behaviour that cannot be decided with certainty: {reason}"
            );
            return;
        }
        out.verdict = Some(Verdict::Pass);
        let decided = out.provenance.decided_by.as_ref();
        let at = decided.map(|s| s.location.short()).unwrap_or_default();
        out.summary = match decided.map(|s| s.what.as_str()) {
            // (kubeadm's own default or flag, not a key of the file)
            Some(what) if what.starts_with("kubeadm") => format!(
                "{what} sets `clientCAFile` to `{}` ({at}); judged without a command line",
                v.value
            ),
            _ => format!(
                "the config sets `clientCAFile` to `{}` ({at}); judged without a command line",
                v.value
            ),
        };
    } else {
        out.provenance.overridden = history;
        if let Some(reason) = &cfg.ambiguous {
            out.verdict = Some(Verdict::Inconclusive);
            out.summary = format!(
                "the result depends on behaviour that cannot be decided with certainty: {reason}"
            );
            return;
        }
        if main_idx.is_some() && !cfg.anonymous_enabled && !cfg.webhook_enabled {
            no_authentication(ctx, out);
            return;
        }
        out.verdict = Some(Verdict::Fail);
        out.summary = "the config does not set `authentication.x509.clientCAFile`: x509 client authentication is off".to_string();
    }
}

fn common_dir<'p>(mut paths: impl Iterator<Item = &'p str>) -> String {
    let Some(first) = paths.next() else {
        return "/".to_string();
    };
    let mut dir = parent_dir(first).to_string();
    for p in paths {
        while !(p.starts_with(&format!("{}/", dir.trim_end_matches('/'))) || dir == "/") {
            dir = parent_dir(&dir).to_string();
        }
    }
    dir
}

/// Checks the CA bundle at the effective path when it is part of the evidence (E2, E4).
fn check_ca(
    ctx: &mut Ctx<'_>,
    opened: &str,
    files_decide: bool,
    verdict: &mut Verdict,
    summary: &mut String,
) {
    let cas: Vec<usize> = ctx
        .items
        .iter()
        .filter(|i| i.kind == ArtifactKind::CaBundle)
        .map(|i| i.index)
        .collect();
    if cas.is_empty() && ctx.absent(opened) {
        ctx.diag(
            Diagnostic::new(
                codes::CA_BUNDLE_UNUSABLE,
                Severity::Error,
                format!("the client CA file `{opened}` does not exist on the node (`open {opened}: no such file or directory`)"),
            )
            .rules(&["E2"]),
        );
        if files_decide {
            *verdict = Verdict::Invalid;
            *summary = format!(
                "the kubelet would refuse to start: its client CA file `{opened}` does not exist"
            );
        } else {
            ctx.diag(Diagnostic::new(
                codes::EVIDENCE_DISAGREES,
                Severity::Warning,
                "the running kubelet loaded its CA at start, but the file is gone now: the kubelet will not start again after a restart",
            ).rules(&["D4", "E6", "H4"]));
        }
        return;
    }
    if cas.is_empty() {
        if files_decide && is_absolute(opened) && !looks_like_template(opened) {
            ctx.unseen.push(Unseen {
                what: "ca-file".to_string(),
                reference: opened.to_string(),
                could_decide: false,
                referenced_at: None,
            });
        }
        return;
    }
    let target = clean_path(opened);
    let mut chosen = cas.iter().copied().find(|i| {
        ctx.item(*i)
            .and_then(|it| it.path.as_deref())
            .map(clean_path)
            .as_deref()
            == Some(target.as_str())
    });
    if chosen.is_none() {
        let unpathed: Vec<usize> = cas
            .iter()
            .copied()
            .filter(|i| ctx.item(*i).is_some_and(|it| it.path.is_none()))
            .collect();
        if let [only] = unpathed.as_slice() {
            chosen = Some(*only);
        }
    }
    let Some(idx) = chosen else { return };
    let Some(item) = ctx.item(idx).cloned() else {
        return;
    };
    ctx.use_item(idx, Some("client CA bundle"));
    match evidence::check_ca_bundle(item.text.as_bytes()) {
        CaCheck::Ok { .. } => {}
        CaCheck::NotCa {
            certificates,
            subjects,
        } => {
            ctx.diag(
                Diagnostic::new(
                    codes::CA_NOT_A_CA,
                    Severity::Error,
                    format!(
                        "`{}` holds {certificates} certificate(s) ({}) but none is a CA: clients signed by the cluster CA cannot be verified",
                        item.name,
                        subjects.join("; ")
                    ),
                )
                .at(Location::artifact(idx))
                .rules(&["E4"]),
            );
            *verdict = Verdict::Fail;
            *summary = format!("`clientCAFile` is set to `{opened}`, but that file holds no CA certificate (set, but not appropriate)");
        }
        CaCheck::Unusable(err) => {
            ctx.diag(
                Diagnostic::new(
                    codes::CA_BUNDLE_UNUSABLE,
                    Severity::Error,
                    format!("the kubelet cannot load `{}`: {err}", item.name),
                )
                .at(Location::artifact(idx))
                .rules(&["E2"]),
            );
            if files_decide {
                *verdict = Verdict::Invalid;
                *summary = format!("the kubelet would refuse to start: the client CA bundle `{opened}` is unusable ({err})");
            } else {
                ctx.diag(Diagnostic::new(
                    codes::EVIDENCE_DISAGREES,
                    Severity::Warning,
                    "the running kubelet loaded its CA at start, but the bundle given now is unusable: the kubelet will not start again after a restart",
                ).rules(&["D4", "E6", "H4"]));
            }
        }
    }
}

/// The platform the evidence shows: `aks`, `eks`, `gke`, `kubeadm`, `k3s`, `rke2`, `openshift`,
/// `microk8s` or `generic`.
fn detect_platform(ctx: &Ctx<'_>, value: Option<&str>, config_file: Option<&str>) -> &'static str {
    // The places to look: effective values, node paths, and the small texts (units, env files,
    // command lines; only a prefix). Config files and payloads are large and say little about the
    // platform: their paths and the effective values do.
    let small = |i: &&Item<'_>| {
        !matches!(
            i.kind,
            ArtifactKind::Configz
                | ArtifactKind::KubeletConfig
                | ArtifactKind::ConfigDropin
                | ArtifactKind::CaBundle
        )
    };
    // The haystacks once, then each needle over all of them, in the order the needles are
    // asked for (most reports stop at the first few).
    let hays: Vec<&str> = [value, config_file]
        .into_iter()
        .flatten()
        .chain(ctx.items.iter().filter_map(|i| i.path.as_deref()))
        .chain(
            ctx.items
                .iter()
                .filter(small)
                .map(|i| i.text.get(..i.text.len().min(16 * 1024)).unwrap_or(i.text)),
        )
        .collect();
    let has = |s: &str| hays.iter().any(|h| h.contains(s));
    // (`/var/lib/rancher/rke2` holds `rke2`, `/var/lib/rancher/k3s` holds `k3s`)
    if has("rke2") {
        "rke2"
    } else if has("k3s") {
        "k3s"
    } else if has("KUBELET_FLAGS")
        || has("/etc/kubernetes/certs/ca.crt")
        || has("kubeletconfig.json")
        || has("azure.json")
        || has("kubernetes.azure.com")
    {
        "aks"
    } else if has("NODEADM_KUBELET_ARGS")
        || has("/etc/eks/")
        // (`KUBELET_ARGS` alone is also Fedora's kubernetes-node package and kubespray's
        // `kubelet.env`; EKS's units pair it with `--kubelet-extra-args` or the AWS cloud provider)
        || (has("KUBELET_ARGS") && (has("KUBELET_EXTRA_ARGS") || has("--cloud-provider=aws")))
        || has("/etc/kubernetes/kubelet/kubelet-config.json")
        || has("eks.amazonaws.com")
        // (the EKS pause image in ECR: `602401143452.dkr.ecr.<region>.amazonaws.com/eks/pause`)
        || has(".amazonaws.com/eks/")
        || has("/etc/kubernetes/kubelet/config.json")
    {
        "eks"
    } else if has("/home/kubernetes/") {
        "gke"
    } else if has("microk8s") || has("snap/") {
        "microk8s"
    } else if has("openshift")
        || has("machineconfiguration")
        // OpenShift's kubelet client CA and config file (in kubeadm, `/etc/kubernetes/kubelet.conf`
        // is the kubelet's kubeconfig, never its `--config`)
        || has("/etc/kubernetes/kubelet-ca.crt")
        || config_file == Some("/etc/kubernetes/kubelet.conf")
        || ctx.items.iter().any(|i| {
            matches!(i.kind, ArtifactKind::KubeletConfig)
                && i.path.as_deref() == Some("/etc/kubernetes/kubelet.conf")
        })
    {
        "openshift"
    } else if has("kubeadm")
        || has("/var/lib/kubelet/config.yaml")
        // kubeadm's certificate directory (EKS, which also uses it, is recognised above)
        || has("/etc/kubernetes/pki/")
    {
        "kubeadm"
    } else {
        "generic"
    }
}

fn remediation_for(platform: &str, verdict: Verdict, ctx: &Ctx<'_>) -> Option<Remediation> {
    if verdict == Verdict::Pass {
        return None;
    }
    let has_flag_empty = ctx.diagnostics.iter().any(|d| d.code == codes::EMPTY_VALUE);
    let mut steps: Vec<String> = Vec::new();
    if has_flag_empty {
        steps.push("remove the empty `--client-ca-file=` flag: even empty, a flag overrides the config file".to_string());
    }
    let (summary, mut specific): (&str, Vec<String>) = match platform {
        "aks" => (
            "set the client CA in the AKS kubelet config file or in `KUBELET_FLAGS`",
            vec![
                "with the kubelet config file (`/etc/default/kubeletconfig.json`, passed by `--config` from `10-componentconfig.conf`): set `\"authentication\": {\"x509\": {\"clientCAFile\": \"/etc/kubernetes/certs/ca.crt\"}}`".to_string(),
                "on flag-only nodes: add `--client-ca-file=/etc/kubernetes/certs/ca.crt` to `KUBELET_FLAGS` in `/etc/default/kubelet`".to_string(),
                "prefer fixing the node pool (custom kubelet configuration, node image upgrade) over hand edits, which AKS may overwrite".to_string(),
            ],
        ),
        "eks" => (
            "set the client CA in the EKS kubelet config file",
            vec![
                "AL2: set `authentication.x509.clientCAFile` to `/etc/kubernetes/pki/ca.crt` in `/etc/kubernetes/kubelet/kubelet-config.json`, and keep `--client-ca-file` out of `KUBELET_ARGS` / `--kubelet-extra-args` unless it names the same file".to_string(),
                "AL2023 (nodeadm): `/etc/kubernetes/kubelet/config.json` sets it; make sure no drop-in in `config.json.d/` (from `spec.kubelet.config` of the NodeConfig) erases it".to_string(),
            ],
        ),
        "kubeadm" => (
            "set the client CA in `/var/lib/kubelet/config.yaml`",
            vec![
                "set `authentication.x509.clientCAFile: /etc/kubernetes/pki/ca.crt` in `/var/lib/kubelet/config.yaml` (or in the `KubeletConfiguration` of the kubeadm config, then `kubeadm upgrade node phase kubelet-config`)".to_string(),
                "check `/var/lib/kubelet/kubeadm-flags.env` and `/etc/default/kubelet` (`/etc/sysconfig/kubelet`) for `--client-ca-file` overrides".to_string(),
            ],
        ),
        "k3s" | "rke2" => (
            "set the client CA through the k3s/RKE2 kubelet drop-ins",
            vec![
                "k3s/RKE2 write `clientCAFile` into `agent/etc/kubelet.conf.d/00-*-defaults.conf`; remove any `--kubelet-arg=client-ca-file=` override and any user drop-in that erases it".to_string(),
            ],
        ),
        "microk8s" => (
            "set the client CA in microk8s's kubelet arguments file",
            vec![
                "add `--client-ca-file=${SNAP_DATA}/certs/ca.crt` to `/var/snap/microk8s/current/args/kubelet` (microk8s passes that file's flags to the kubelet; `${SNAP_DATA}` is `/var/snap/microk8s/<revision>`, which `current` links to)".to_string(),
            ],
        ),
        "gke" => (
            "set the client CA in `/home/kubernetes/kubelet-config.yaml`",
            vec!["GKE manages the kubelet configuration: use a supported node image and do not override `--client-ca-file`".to_string()],
        ),
        _ => (
            "set `authentication.x509.clientCAFile` in the kubelet config file",
            vec![
                "set `authentication.x509.clientCAFile` to the cluster CA bundle in the file named by `--config`, or pass `--client-ca-file=<path>` (deprecated in favour of the config file)".to_string(),
            ],
        ),
    };
    steps.append(&mut specific);
    steps.push(match platform {
        "microk8s" => "restart microk8s (`sudo snap restart microk8s`) and re-check the running state (`/configz`)",
        "k3s" | "rke2" => "restart the service that runs the kubelet (`systemctl restart k3s` or `k3s-agent`; `rke2-server` or `rke2-agent`) and re-check the running state (`/configz`)",
        _ => "restart the kubelet (`systemctl daemon-reload && systemctl restart kubelet`) and re-check the running state (`/configz`)",
    }.to_string());
    let summary = match verdict {
        Verdict::Invalid => format!(
            "fix what stops the kubelet from starting (see the diagnostics), then {summary}"
        ),
        Verdict::Inconclusive if ctx.unseen.iter().any(|u| u.could_decide) => {
            format!("give the missing evidence listed under `unseen`, or: {summary}")
        }
        Verdict::Inconclusive => {
            format!("complete the evidence (see the summary), or: {summary}")
        }
        _ => summary.to_string(),
    };
    Some(Remediation {
        platform: platform.to_string(),
        summary,
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn clean_path_is_go_path_clean(p in "[/.aé]{0,12}") {
            proptest::prop_assert_eq!(clean_path(&p), clean_path_slow(&p));
            // the shortcut: what it calls clean is its own cleaning (it is conservative: `../a`
            // is clean for Go but takes the slow path)
            proptest::prop_assert!(!is_clean(&p) || clean_path_slow(&p) == p);
            // and it is the str-splitting version it replaced
            let rel = p.strip_prefix('/').unwrap_or(&p);
            let by_str = p == "/" || (!rel.is_empty() && rel.split('/').all(|s| !matches!(s, "" | "." | "..")));
            proptest::prop_assert_eq!(is_clean(&p), by_str);
        }

        #[test]
        fn find_short_is_str_find(h in "[ab=é -]{0,24}", n in "[ab=é-]{0,4}") {
            proptest::prop_assert_eq!(find_short(&h, &n), h.find(n.as_str()));
        }
    }

    /// A flag in an environment-file value continued over several lines is located on its own
    /// line, not on the assignment's first line.
    #[test]
    fn continued_env_value_locates_the_word_on_its_line() {
        let env = "KUBELET_ARGS=\"--kubeconfig=/etc/kubernetes/kubelet.conf \\\n  --v=2 \\\n  --client-ca-file=/etc/kubernetes/ssl/ca.crt\"\nOTHER=\"--client-ca-file=/x\"\n";
        let unit = "[Service]\nEnvironmentFile=/etc/kubernetes/kubelet.env\nExecStart=/usr/local/bin/kubelet $KUBELET_ARGS\n";
        let r = check(
            &[
                Artifact::new(env).with_path("/etc/kubernetes/kubelet.env"),
                Artifact::new(unit).with_path("/etc/systemd/system/kubelet.service"),
            ],
            &Options::default(),
        )
        .expect("a report");
        let loc = r.provenance.decided_by.expect("decided").location;
        assert_eq!((loc.line, loc.column), (Some(3), Some(3)));
        assert_eq!(
            loc.excerpt.as_deref(),
            Some("  --client-ca-file=/etc/kubernetes/ssl/ca.crt\"")
        );
    }

    /// The re-analyses (flags of kubelets before 1.10 set aside, template words set aside) fold
    /// the other config-backed deprecations into one line, as the first analysis does.
    #[test]
    fn re_analyses_fold_config_backed_deprecations() {
        for cmdline in [
            "kubelet --api-servers=https://x --address=0.0.0.0 --read-only-port=0 --client-ca-file=/ca",
            "kubelet {{ extra_args }} --address=0.0.0.0 --read-only-port=0 --client-ca-file=/ca",
        ] {
            let r = check(
                &[Artifact::new(cmdline).with_kind(ArtifactKind::Cmdline)],
                &Options::default(),
            )
            .expect("a report");
            let folded: Vec<&str> = r
                .diagnostics
                .iter()
                .filter(|d| d.message.contains("other config-backed flag"))
                .map(|d| d.message.as_str())
                .collect();
            assert_eq!(
                folded,
                ["2 other config-backed flags (--address, --read-only-port) are deprecated in favour of the config file given by `--config`"],
                "{cmdline}"
            );
        }
    }

    #[test]
    fn paths() {
        assert_eq!(clean_path("/a//b/./c/../d"), "/a/b/d");
        assert_eq!(
            join_path("/var/lib/kubelet", "../pki/ca.crt"),
            "/var/lib/pki/ca.crt"
        );
        assert_eq!(join_path("/", "pki/ca.crt"), "/pki/ca.crt");
        assert_eq!(join_path("/x", "/abs"), "/abs");
        assert_eq!(parent_dir("/a/b"), "/a");
        assert_eq!(parent_dir("/a"), "/");
        assert_eq!(
            common_dir(["/a/b/c.conf", "/a/b/d/e.conf"].into_iter()),
            "/a/b"
        );
    }

    #[test]
    fn templates() {
        assert!(looks_like_template("{{ kube_cert_dir }}/ca.crt"));
        assert!(looks_like_template("${SNAP_DATA}/certs/ca.crt"));
        assert!(looks_like_template("CLIENT_CA_FILE"));
        assert!(!looks_like_template("/etc/kubernetes/pki/ca.crt"));
    }

    #[test]
    fn line_text_works() {
        assert_eq!(line_text("a\r\nb\nc", 2), Some("b"));
        assert_eq!(line_text("a", 3), None);
        assert_eq!(line_text("a", 0), None);
    }
}
