//! Puts the pieces together: unit selection (F1), drop-in order and shadowing (F2), the
//! `[Service]` settings (F4-F7, Z11), environment files (F6), expansion (F8) and the kubelet
//! behind wrappers.

use std::borrow::Cow;
use std::cell::Cell;
use std::sync::Arc;

use super::envfile::parse_env_file_each;
use super::shell;
use super::syntax::{parse_unit, Assignment};
use super::words::{
    env_get, env_name_is_valid, expand_specifiers, extract_first_word, extract_first_word_and_warn,
    is_ws, replace_env, split_value, to_string, EnvVar, ExtractFlags, SpecifierContext, UnitNames,
    VarRef, WarnedWord,
};
use super::{Arg, EnvDoc, Environment, Reconstruction, UnitDoc, VarOrigin};
use crate::codes;
use crate::model::{Diagnostic, Location, Pos, Severity, Source, Unseen};

const DEFAULT_UNIT: &str = "kubelet.service";
/// systemd 252's default `PATH` for services (from the manager's environment).
const MANAGER_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const MORE_THAN_ONE: &str =
    "Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.";

/// The system unit search path, highest priority first (F1). `/lib` is `/usr/lib`.
const SEARCH_PATH: [&str; 13] = [
    "/etc/systemd/system.control",
    "/run/systemd/system.control",
    "/run/systemd/transient",
    "/run/systemd/generator.early",
    "/etc/systemd/system",
    "/etc/systemd/system.attached",
    "/run/systemd/system",
    "/run/systemd/system.attached",
    "/run/systemd/generator",
    "/usr/local/lib/systemd/system",
    "/usr/lib/systemd/system",
    "/lib/systemd/system",
    "/run/systemd/generator.late",
];

/// Rank of a unit directory: lower wins; `-1` = given without a known directory.
fn dir_rank(dir: &str) -> i32 {
    let d = if dir == "/lib/systemd/system" {
        "/usr/lib/systemd/system"
    } else {
        dir
    };
    SEARCH_PATH
        .iter()
        .position(|p| *p == d)
        .map(|i| i as i32)
        .unwrap_or(-1)
}

/// `path_simplify()`: collapses `//` and `/./`, drops a trailing `/`. Borrows `p` when it is
/// already simple.
fn simplify(p: &str) -> Cow<'_, str> {
    let body = p.strip_prefix('/').unwrap_or(p);
    let simple = if body.is_empty() {
        p == "/"
    } else {
        components_simple(body.as_bytes())
    };
    if simple {
        Cow::Borrowed(p)
    } else {
        Cow::Owned(simplify_owned(p))
    }
}

/// Whether no `/`-separated component of `body` is empty or `.` (one pass over the bytes).
fn components_simple(body: &[u8]) -> bool {
    // length of the current component, and whether it starts with `.`
    let (mut len, mut dot) = (0usize, false);
    for &c in body {
        if c == b'/' {
            if len == 0 || (len == 1 && dot) {
                return false;
            }
            len = 0;
        } else {
            if len == 0 {
                dot = c == b'.';
            }
            len += 1;
        }
    }
    !(len == 0 || (len == 1 && dot))
}

fn simplify_owned(p: &str) -> String {
    let abs = p.starts_with('/');
    let parts: Vec<&str> = p
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    let joined = parts.join("/");
    if abs {
        format!("/{joined}")
    } else if joined.is_empty() {
        ".".to_string()
    } else {
        joined
    }
}

fn basename(p: &str) -> &str {
    match p.rfind('/') {
        Some(i) => p.get(i + 1..).unwrap_or(""),
        None => p,
    }
}

fn dirname(p: &str) -> &str {
    match p.rsplit_once('/') {
        Some(("", _)) => "/",
        Some((d, _)) => d,
        None => "",
    }
}

/// The pieces one after the other (one allocation, unlike `format!`).
fn concat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

/// `bytes` as a `String`, reusing their buffer when they are valid UTF-8.
fn into_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn lossy(b: &[u8]) -> String {
    to_string(b)
}

/// A location in a document: line, column and the whole line as excerpt (the reference
/// computation; [`Locator`] gives the same results faster).
fn locate(artifact: usize, name: &str, text: &str, offset: usize) -> Location {
    let pos = Pos::of_offset(text, offset);
    let off = offset.min(text.len());
    let start = text
        .get(..off)
        .and_then(|t| t.rfind('\n'))
        .map(|i| i + 1)
        .unwrap_or(0);
    let end = text
        .get(start..)
        .and_then(|t| t.find('\n'))
        .map(|i| start + i)
        .unwrap_or(text.len());
    let excerpt = text
        .get(start..end)
        .unwrap_or("")
        .trim_end_matches('\r')
        .to_string();
    Location {
        artifact: Some(artifact),
        source: Some(name.to_string()),
        line: Some(pos.line),
        column: Some(pos.column),
        argv_index: None,
        excerpt: Some(excerpt),
    }
}

/// Locations in one document. Remembers the line count at the last offset asked for, so that
/// offsets asked in text order cost only the text between them.
struct Locator<'t> {
    artifact: usize,
    name: &'t str,
    text: &'t str,
    /// (offset, number of `\n` before it, start of its line) of the last lookup.
    memo: Cell<(usize, usize, usize)>,
}

impl<'t> Locator<'t> {
    fn new(artifact: usize, name: &'t str, text: &'t str) -> Self {
        Locator {
            artifact,
            name,
            text,
            memo: Cell::new((0, 0, 0)),
        }
    }

    /// Same as [`locate`].
    fn loc(&self, offset: usize) -> Location {
        let text = self.text;
        let off = offset.min(text.len());
        let Some(before) = text.get(..off) else {
            return locate(self.artifact, self.name, text, offset);
        };
        let (lines, start, column) = self.pos(off, before);
        // the first `\n` after `start` is the first after `off` (none lies between)
        let end = text
            .as_bytes()
            .get(off..)
            .and_then(|t| memchr::memchr(b'\n', t))
            .map_or(text.len(), |i| off + i);
        let excerpt = text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches('\r')
            .to_string();
        Location {
            artifact: Some(self.artifact),
            source: Some(self.name.to_string()),
            line: Some(lines as u32 + 1),
            column: Some(column),
            argv_index: None,
            excerpt: Some(excerpt),
        }
    }

    /// [`Locator::loc`] without `source` and `excerpt` (see [`complete_location`]).
    fn bare(&self, offset: usize) -> Location {
        let text = self.text;
        let off = offset.min(text.len());
        let (line, column) = match text.get(..off) {
            Some(before) => {
                let (lines, _, column) = self.pos(off, before);
                (lines as u32 + 1, column)
            }
            None => {
                let p = Pos::of_offset(text, offset);
                (p.line, p.column)
            }
        };
        Location {
            artifact: Some(self.artifact),
            line: Some(line),
            column: Some(column),
            ..Default::default()
        }
    }

    /// (number of `\n` before `off`, start of its line, 1-based column) for `before` =
    /// `text[..off]`.
    fn pos(&self, off: usize, before: &str) -> (usize, usize, u32) {
        let text = self.text;
        let (m_off, m_lines, m_start) = self.memo.get();
        let (from, base, base_start) = if m_off <= off {
            (m_off, m_lines, m_start)
        } else {
            (0, 0, 0)
        };
        let between = text.as_bytes().get(from..off).unwrap_or(&[]);
        let newlines = count_newlines(between);
        // the line starts after the last `\n` between, or where the memo's line started
        let start = if newlines == 0 {
            base_start
        } else {
            memchr::memrchr(b'\n', between).map_or(base_start, |i| from + i + 1)
        };
        let lines = base + newlines;
        self.memo.set((off, lines, start));
        let column = before.get(start..).map_or(0, |s| s.chars().count()) as u32 + 1;
        (lines, start, column)
    }
}

/// The text of 1-based line `line` of `text` as [`Locator::loc`] quotes it (every trailing
/// `\r` removed).
pub(crate) fn excerpt_line(text: &str, line: u32) -> Option<&str> {
    crate::resolve::line_text(text, line).map(|l| l.trim_end_matches('\r'))
}

/// Fills `source` and `excerpt` of a location left bare by a lazy reconstruction, from the
/// document it points into (`name`, `text`), exactly as [`Locator::loc`] would have.
pub(crate) fn complete_location(loc: &mut Location, name: &str, text: &str) {
    if loc.source.is_none() {
        loc.source = Some(name.to_string());
        loc.excerpt = loc
            .line
            .and_then(|l| excerpt_line(text, l))
            .map(str::to_string);
    }
}

/// The number of `\n` in `s`, 8 bytes at a time.
fn count_newlines(s: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut n = 0usize;
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        // bytes equal to `\n` become 0; mark exactly the zero bytes in their high bit
        let y = u64::from_le_bytes(w) ^ (ONES * u64::from(b'\n'));
        let z = !(((y & LOW7) + LOW7) | y | LOW7);
        n += z.count_ones() as usize;
    }
    n + chunks.remainder().iter().filter(|&&b| b == b'\n').count()
}

/// `bytes`, borrowed from `text` when they are the bytes at `start` there.
fn borrow_bytes<'t>(text: &'t str, start: usize, bytes: &[u8]) -> Cow<'t, [u8]> {
    match text.as_bytes().get(start..start + bytes.len()) {
        Some(t) if t == bytes => Cow::Borrowed(t),
        _ => Cow::Owned(bytes.to_vec()),
    }
}

/// `bytes` as the text at `at` in `text`, or just after it (a word in quotes), if they are
/// there.
fn in_text<'t>(text: &'t str, at: usize, bytes: &[u8]) -> Option<&'t str> {
    [at, at + 1].into_iter().find_map(|a| {
        text.get(a..a + bytes.len())
            .filter(|t| t.as_bytes() == bytes)
    })
}

fn diag(
    code: &'static str,
    sev: Severity,
    msg: String,
    loc: Option<Location>,
    rules: &[&'static str],
) -> Diagnostic {
    let d = Diagnostic::new(code, sev, msg).rules(rules);
    match loc {
        Some(l) => d.at(l),
        None => d,
    }
}

/// A place in one of the unit documents being read: (index into the docs, text offset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct At {
    doc: usize,
    offset: usize,
}

/// Where a variable was defined; turned into a [`Source`] only when a result shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// `Environment=` in unit document `at.doc`.
    Environment(At),
    /// Environment file `env_docs[doc]`, the assignment at `offset`.
    EnvFile { doc: usize, offset: usize },
}

type Var<'t> = EnvVar<'t, Option<Origin>>;

/// A word of an `ExecStart=` command and where it starts in its unit file.
#[derive(Debug, Clone)]
struct WordAt<'t> {
    bytes: Cow<'t, [u8]>,
    at: At,
}

#[derive(Debug, Clone)]
struct ExecCmd<'t> {
    words: Vec<WordAt<'t>>,
    no_env_expand: bool,
    key_at: At,
}

#[derive(Debug, Clone)]
struct EnvFileRef {
    path: String,
    optional: bool,
    at: At,
}

/// The `[Service]` settings as systemd would hold them after loading all files.
#[derive(Default)]
struct Service<'t> {
    exec: Vec<ExecCmd<'t>>,
    /// A drop-in reset `ExecStart=` (an empty assignment): the unit's own commands are gone.
    exec_reset: bool,
    environment: Vec<Var<'t>>,
    env_files: Vec<EnvFileRef>,
    unset: Vec<String>,
    pass_env: Vec<String>,
    service_type: Option<Cow<'t, str>>,
    restart: Option<Cow<'t, str>>,
    remain_after_exit: bool,
    bus_name: bool,
    working_directory: Option<String>,
    /// A setting systemd treats as fatal ("bad unit file setting").
    fatal: Option<Diagnostic>,
    /// Specifiers whose value the evidence does not show.
    unknown_specifiers: Vec<(char, Location)>,
    /// A work buffer for `Environment=` words, kept from line to line.
    scratch: Vec<u8>,
}

/// Replaces or appends like `strv_env_replace()`.
fn env_set<'t, O>(env: &mut Vec<EnvVar<'t, O>>, var: EnvVar<'t, O>) {
    if let Some(slot) = env.iter_mut().find(|v| v.name == var.name) {
        *slot = var;
    } else {
        env.push(var);
    }
}

struct Doc<'t> {
    d: UnitDoc<'t>,
    at: Locator<'t>,
}

impl Doc<'_> {
    fn loc(&self, offset: usize) -> Location {
        self.at.loc(offset)
    }
}

/// The documents read, to turn [`At`]s and [`Origin`]s into locations and sources.
struct Docs<'d, 't> {
    units: &'d [Doc<'t>],
    env: &'d [EnvDoc<'t>],
    /// Argv words get bare locations (no `source`, no `excerpt`): the caller completes the
    /// few it reports. Only when every unit document is a whole artifact of its own.
    lazy: bool,
}

impl Docs<'_, '_> {
    fn loc(&self, at: At) -> Location {
        match self.units.get(at.doc) {
            Some(d) => d.loc(at.offset),
            None => Location::default(),
        }
    }

    /// The location of an argv word (`exec_location`): bare when lazy.
    fn word_loc(&self, at: At) -> Location {
        match self.units.get(at.doc) {
            Some(d) if self.lazy => d.at.bare(at.offset),
            Some(d) => d.loc(at.offset),
            None => Location::default(),
        }
    }

    /// A word location made whole again (for diagnostics built from it).
    fn full(&self, mut loc: Location) -> Location {
        if self.lazy && loc.source.is_none() {
            if let Some(d) = self
                .units
                .iter()
                .find(|d| Some(d.d.artifact) == loc.artifact)
            {
                complete_location(&mut loc, d.d.name, d.d.text);
            }
        }
        loc
    }

    fn source(&self, var: &Var<'_>) -> Option<Source> {
        match var.origin? {
            Origin::Environment(at) => {
                let d = self.units.get(at.doc)?;
                Some(Source {
                    what: concat(&["`Environment=` in `", d.d.name, "`"]),
                    value: Some(var.value.to_string()),
                    location: if self.lazy {
                        d.at.bare(at.offset)
                    } else {
                        d.loc(at.offset)
                    },
                })
            }
            Origin::EnvFile { doc, offset } => {
                let d = self.env.get(doc)?;
                Some(Source {
                    what: concat(&["environment file `", d.name, "` (`EnvironmentFile=`)"]),
                    value: Some(var.value.to_string()),
                    location: if self.lazy {
                        Locator::new(d.artifact, d.name, d.text).bare(offset)
                    } else {
                        Locator::new(d.artifact, d.name, d.text).loc(offset)
                    },
                })
            }
        }
    }
}

pub(crate) fn reconstruct<'t>(
    units: &[UnitDoc<'t>],
    env_docs: &[EnvDoc<'t>],
    spec: &SpecifierContext,
    lazy: bool,
) -> Reconstruction {
    // (lazy locations are completed by artifact: one document per artifact)
    let lazy = lazy
        && units
            .iter()
            .enumerate()
            .all(|(i, u)| units.iter().skip(i + 1).all(|v| v.artifact != u.artifact));
    let mut rec = Reconstruction::default();

    // ---- F1: the unit file -------------------------------------------------------------
    // (the main unit files, with their index: walked a few times, never collected)
    let mains = || units.iter().enumerate().filter(|(_, u)| !u.dropin);
    let unit_name = mains()
        .filter_map(|(_, u)| u.path.map(basename))
        .find(|b| *b == DEFAULT_UNIT)
        .or_else(|| {
            mains()
                .filter_map(|(_, u)| u.path.map(basename))
                .find(|b| b.ends_with(".service"))
        })
        .unwrap_or(DEFAULT_UNIT);
    rec.unit_name = unit_name.to_string();
    let mut chosen: Option<(usize, i32)> = None;
    for (i, u) in mains() {
        if let Some(p) = u.path {
            let b = basename(p);
            if b != unit_name && (b.ends_with(".service") || b.contains('.')) {
                rec.ignored.push((
                    u.artifact,
                    format!("`{b}` is another unit than `{unit_name}`"),
                ));
                continue;
            }
        }
        let rank = u
            .path
            .map(|p| dir_rank(dirname(&simplify(p))))
            .unwrap_or(-1);
        match chosen {
            Some((_, r)) if r <= rank => {}
            _ => chosen = Some((i, rank)),
        }
    }
    let main: Option<&UnitDoc<'t>> = chosen.and_then(|(i, _)| units.get(i));
    for (i, u) in mains() {
        if let (Some((ci, _)), Some(m)) = (chosen, main) {
            if ci != i && !rec.ignored.iter().any(|(a, _)| *a == u.artifact) {
                rec.ignored.push((
                    u.artifact,
                    format!("the unit file `{}` takes precedence over it", m.name),
                ));
            }
        }
    }
    rec.unit_used = main.map(|m| m.artifact);
    if main.is_none() {
        rec.unseen.push(Unseen {
            what: "systemd-unit".into(),
            reference: unit_name.to_string(),
            could_decide: true,
            referenced_at: None,
        });
        if !units.is_empty() {
            rec.diagnostics.push(diag(
                codes::UNSEEN_EVIDENCE,
                Severity::Warning,
                format!("the unit file `{unit_name}` was not given; only its drop-ins were read"),
                None,
                &["F1", "H"],
            ));
        }
    }
    if let Some(m) = main {
        if m.text.is_empty() {
            let d = diag(
                codes::SYSTEMD_REFUSES,
                Severity::Error,
                format!(
                    "the unit file `{}` is empty: the unit is masked and systemd will not start it",
                    m.name
                ),
                Some(Location {
                    artifact: Some(m.artifact),
                    source: Some(m.name.to_string()),
                    ..Default::default()
                }),
                &["F1"],
            );
            rec.refused = Some(d);
            return rec;
        }
    }

    // ---- F2: drop-ins ------------------------------------------------------------------
    let dropins = order_dropins(units, unit_name, &mut rec);
    rec.dropins_applied = dropins
        .iter()
        .filter_map(|&i| units.get(i).map(|u| u.artifact))
        .collect();

    let fragment = main.and_then(|m| m.path.map(simplify));
    let names = UnitNames {
        name: unit_name,
        fragment: fragment.as_deref(),
    };

    // ---- parse everything in order -----------------------------------------------------
    let mut svc = Service::default();
    let mut docs: Vec<Doc<'t>> = Vec::new();
    let order = chosen
        .map(|(ci, _)| ci)
        .into_iter()
        .chain(dropins.iter().copied());
    for i in order {
        if let Some(&d) = units.get(i) {
            docs.push(Doc {
                d,
                at: Locator::new(d.artifact, d.name, d.text),
            });
        }
    }
    for (pos, doc) in docs.iter().enumerate() {
        let parsed = parse_unit(doc.d.text);
        for (msg, off) in &parsed.warnings {
            rec.diagnostics.push(diag(
                codes::SYSTEMD_WARNING,
                Severity::Warning,
                msg.clone(),
                Some(doc.loc(*off)),
                &["F3"],
            ));
        }
        if let Some((msg, off)) = parsed.fatal {
            rec.refused = Some(diag(
                codes::SYSTEMD_REFUSES,
                Severity::Error,
                format!("systemd cannot load the unit: {msg}"),
                Some(doc.loc(off)),
                &["F3"],
            ));
            return rec;
        }
        for a in &parsed.assignments {
            apply(&mut svc, pos, doc, a, &names, spec, &mut rec);
            if svc.fatal.is_some() {
                break;
            }
        }
        if let Some(f) = svc.fatal.take() {
            rec.refused = Some(f);
            return rec;
        }
    }
    rec.working_directory = svc.working_directory.clone();

    // ---- service_verify() --------------------------------------------------------------
    let stype: Cow<'_, str> = svc.service_type.clone().unwrap_or({
        Cow::Borrowed(if svc.bus_name {
            "dbus"
        } else if svc.exec.is_empty() {
            "oneshot"
        } else {
            "simple"
        })
    });
    rec.service_type = stype.to_string();
    let unit_loc = || {
        main.map(|m| Location {
            artifact: Some(m.artifact),
            source: Some(m.name.to_string()),
            ..Default::default()
        })
    };
    let refuse = |msg: String, loc: Option<Location>, rules: &[&'static str]| {
        Some(diag(
            codes::SYSTEMD_REFUSES,
            Severity::Error,
            msg,
            loc,
            rules,
        ))
    };
    if svc.exec.is_empty() {
        // Without the unit file its `ExecStart=` is unknown (rule H10): only a drop-in's reset
        // with nothing after it proves there is none.
        if main.is_some() || svc.exec_reset {
            rec.refused = refuse(
                "the service has no `ExecStart=`: systemd refuses it and no kubelet is started (systemd: \"Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.\")".into(),
                unit_loc(),
                &["F4"],
            );
        }
    } else if stype != "oneshot" && svc.exec.len() > 1 {
        let loc = svc
            .exec
            .get(1)
            .map(|c| docs.get(c.key_at.doc).map(|d| d.loc(c.key_at.offset)))
            .map(Option::unwrap_or_default);
        rec.refused = refuse(
            format!("more than one `ExecStart=` command for `Type={stype}`: systemd refuses the unit (systemd: \"{MORE_THAN_ONE}\")"),
            loc,
            &["F4", "Z11"],
        );
    } else if stype == "oneshot" && matches!(svc.restart.as_deref(), Some("always" | "on-success"))
    {
        rec.refused = refuse(
            "`Restart=always`/`on-success` with `Type=oneshot`: systemd refuses the unit (systemd: \"Service has Restart= set to either always or on-success, which isn't allowed for Type=oneshot services. Refusing.\")".into(),
            unit_loc(),
            &["F4"],
        );
    } else if stype == "dbus" && !svc.bus_name {
        rec.refused = refuse(
            "`Type=dbus` without `BusName=`: systemd refuses the unit".into(),
            unit_loc(),
            &["F4"],
        );
    }

    // ---- F6: the environment -----------------------------------------------------------
    let ds = Docs {
        units: &docs,
        env: env_docs,
        lazy,
    };
    let environment = std::mem::take(&mut svc.environment);
    let env = build_environment(&svc, environment, &ds, &mut rec);
    let (vars, bytes) = env
        .iter()
        .filter(|v| v.origin.is_some())
        .fold((0, 0), |(n, b), v| {
            (n + 1, b + v.name.len() + v.value.len())
        });
    rec.environment = Environment::with_capacity(vars, bytes);
    for v in env.iter().filter(|v| v.origin.is_some()) {
        rec.environment.push(&v.name, &v.value);
    }

    for (c, loc) in &svc.unknown_specifiers {
        let what = specifier_meaning(*c);
        let d = diag(
            codes::SYSTEMD_UNRESOLVED,
            Severity::Warning,
            format!("specifier `%{c}` ({what}) depends on the node; it was kept as written"),
            Some(loc.clone()),
            &["F9", "Z11"],
        );
        rec.diagnostics.push(d.clone());
        if rec.unresolved.is_none() {
            rec.unresolved = Some(d);
        }
    }

    if rec.refused.is_some() || svc.exec.is_empty() {
        finish_unseen(&svc, &mut rec);
        return rec;
    }

    // ---- F7/F8: expand and pick the kubelet command -------------------------------------
    let mut expanded: Vec<Vec<Arg>> = Vec::new();
    let mut undefined: Vec<Vec<(String, At, Undefined)>> = Vec::new();
    for cmd in &svc.exec {
        let (args, und) = expand_command(cmd, &env, &ds);
        expanded.push(args);
        undefined.push(und);
    }
    let pick = expanded
        .iter()
        .position(|a| kubelet_kind(a) != KubeletKind::None)
        .or_else(|| {
            expanded
                .iter()
                .position(|a| a.iter().any(|x| x.value.contains("kubelet")))
        })
        .unwrap_or(0);
    let exec_argv = if pick < expanded.len() {
        expanded.swap_remove(pick)
    } else {
        Vec::new()
    };
    let undefined_here = if pick < undefined.len() {
        undefined.swap_remove(pick)
    } else {
        Vec::new()
    };
    for (name, at, how) in undefined_here {
        // (bare when lazy, like the argv words; whole for the diagnostic)
        let whole = ds.loc(at);
        let loc = if ds.lazy {
            ds.word_loc(at)
        } else {
            whole.clone()
        };
        let passed = svc.pass_env.contains(&name);
        let msg = if passed {
            format!("variable `{name}` comes from the service manager's environment (`PassEnvironment=`); its value is not in the evidence")
        } else if how == Undefined::InsideWord {
            format!("variable `${{{name}}}` used in `ExecStart=` is not defined in the evidence; systemd expands it to nothing inside its word")
        } else if how == Undefined::Braced {
            format!("variable `${{{name}}}` used in `ExecStart=` is not defined in the evidence; systemd passes an empty argument")
        } else {
            format!("variable `${name}` used in `ExecStart=` is not defined in the evidence; systemd drops the word")
        };
        rec.diagnostics.push(diag(
            codes::UNDEFINED_VARIABLE,
            Severity::Warning,
            msg,
            Some(whole),
            &["F8", "Z11"],
        ));
        rec.undefined_vars.push((name, loc));
    }
    for a in &exec_argv {
        if let Some(v) = &a.via_variable {
            if v.name() == "PATH" && v.defined_at.is_none() {
                rec.diagnostics.push(diag(
                    codes::SYSTEMD_WARNING,
                    Severity::Info,
                    format!("`$PATH` is not set by the unit; systemd's default `{MANAGER_PATH}` was used"),
                    Some(ds.full(a.exec_location.clone())),
                    &["F8"],
                ));
                break;
            }
        }
    }
    if kubelet_kind(&exec_argv) == KubeletKind::Kubelet {
        // A plain kubelet command: argv is the command itself (no copy; `exec_argv` stays empty).
        rec.argv = exec_argv;
        finish_unseen(&svc, &mut rec);
        return rec;
    }
    let argv = kubelet_argv(&exec_argv, &env, &ds, &mut rec);
    rec.exec_argv = exec_argv;
    rec.argv = argv;
    finish_unseen(&svc, &mut rec);
    rec
}

/// Optional environment files that were not given: `unseen`, deciding only when some
/// `ExecStart=` variable is undefined (the file could define it).
fn finish_unseen(svc: &Service<'_>, rec: &mut Reconstruction) {
    let pending: Vec<Unseen> = rec
        .unseen
        .iter()
        .filter(|u| u.what == "environment-file" && !u.could_decide)
        .cloned()
        .collect();
    if pending.is_empty() {
        return;
    }
    let undefined = !rec.undefined_vars.is_empty();
    for u in rec.unseen.iter_mut() {
        if u.what == "environment-file" && !u.could_decide {
            u.could_decide = undefined;
        }
    }
    let _ = svc;
}

fn specifier_meaning(c: char) -> &'static str {
    match c {
        'H' => "the host name",
        'l' => "the short host name",
        'm' => "the machine ID",
        'b' => "the boot ID",
        'v' => "the kernel release",
        'a' => "the architecture",
        'y' | 'Y' => "the unit file path",
        _ => "a node property",
    }
}

/// F2: which drop-ins apply, in order; shadowed ones go to `ignored`.
fn order_dropins<'t>(
    units: &[UnitDoc<'t>],
    unit_name: &str,
    rec: &mut Reconstruction,
) -> Vec<usize> {
    struct Cand<'n> {
        idx: usize,
        name: Option<Cow<'n, str>>,
        class: u8,
        rank: i32,
    }
    let prefix = unit_name
        .rsplit_once('.')
        .map(|(p, _)| p)
        .unwrap_or(unit_name);
    let suffix = unit_name
        .rsplit_once('.')
        .map(|(_, t)| t)
        .unwrap_or("service");
    // dash-prefix directories: `a-b-c.service` → `a-b-.service.d`, `a-.service.d`
    let mut dash_dirs = Vec::new();
    let mut cut = prefix;
    while let Some((head, _)) = cut.rsplit_once('-') {
        dash_dirs.push(format!("{head}-.{suffix}.d"));
        cut = head;
    }
    let mut cands: Vec<Cand> = Vec::new();
    for (idx, u) in units.iter().enumerate() {
        if !u.dropin {
            continue;
        }
        let (name, class, rank) = match u.path {
            Some(p) => {
                let p = simplify(p);
                let parent = dirname(&p);
                let pbase = basename(parent);
                // `kubelet.service.d`, `a-.service.d`, `service.d`
                let dir_of = pbase.strip_suffix(".d");
                let (class, rank) = if dir_of == Some(unit_name) {
                    (0, dir_rank(dirname(parent)))
                } else if let Some(k) = dash_dirs.iter().position(|d| *d == pbase) {
                    (1 + k as u8, dir_rank(dirname(parent)))
                } else if dir_of == Some(suffix) {
                    (100, dir_rank(dirname(parent)))
                } else if pbase.ends_with(".d") {
                    rec.ignored.push((
                        u.artifact,
                        format!("a drop-in of another unit (`{pbase}`), not of `{unit_name}`"),
                    ));
                    continue;
                } else {
                    (0, -1)
                };
                let name: Cow<'_, str> = match p {
                    Cow::Borrowed(p) => Cow::Borrowed(basename(p)),
                    Cow::Owned(p) => Cow::Owned(basename(&p).to_string()),
                };
                (Some(name), class, rank)
            }
            None => {
                let n = basename(u.name);
                let named = n.ends_with(".conf") && !n.contains(char::is_whitespace);
                (named.then_some(Cow::Borrowed(n)), 0, -1)
            }
        };
        if let Some(n) = &name {
            if n.starts_with('.') {
                rec.ignored.push((
                    u.artifact,
                    format!("`{n}` starts with `.`: systemd skips hidden drop-ins"),
                ));
                continue;
            }
            if !n.ends_with(".conf") {
                rec.ignored.push((
                    u.artifact,
                    format!("`{n}` does not end in `.conf`: systemd skips it"),
                ));
                continue;
            }
        }
        cands.push(Cand {
            idx,
            name,
            class,
            rank,
        });
    }
    // shadowing: per file name, the best (class, rank) wins; on a tie the later one given.
    // (the ones kept: named, then unnamed, each in the order given)
    let mut named: Vec<&Cand> = Vec::with_capacity(cands.len());
    let mut unnamed: Vec<&Cand> = Vec::new();
    for c in &cands {
        let Some(n) = &c.name else {
            unnamed.push(c);
            continue;
        };
        let better = cands
            .iter()
            .filter(|o| o.name.as_ref() == Some(n) && o.idx != c.idx)
            .find(|o| {
                (o.class, o.rank) < (c.class, c.rank)
                    || ((o.class, o.rank) == (c.class, c.rank) && o.idx > c.idx)
            });
        match better {
            Some(o) => {
                let by = units.get(o.idx).map(|u| u.name).unwrap_or("?");
                if let Some(u) = units.get(c.idx) {
                    rec.ignored.push((
                        u.artifact,
                        format!("hidden by the drop-in `{by}` of the same name"),
                    ));
                }
            }
            None => named.push(c),
        }
    }
    crate::sort::sort_by(&mut named, |a, b| {
        a.name
            .as_deref()
            .unwrap_or("")
            .as_bytes()
            .cmp(b.name.as_deref().unwrap_or("").as_bytes())
    });
    if !unnamed.is_empty() && (unnamed.len() > 1 || !named.is_empty()) {
        for c in &unnamed {
            if let Some(u) = units.get(c.idx) {
                rec.diagnostics.push(diag(
                    codes::SYSTEMD_WARNING,
                    Severity::Info,
                    format!("drop-in `{}` has no file name: systemd orders drop-ins by name, so it was applied after the named ones, in the order given", u.name),
                    Some(Location { artifact: Some(u.artifact), source: Some(u.name.to_string()), ..Default::default() }),
                    &["F2"],
                ));
            }
        }
    }
    named.iter().chain(unnamed.iter()).map(|c| c.idx).collect()
}

fn valid_type(t: &str) -> bool {
    matches!(
        t,
        "simple" | "exec" | "forking" | "oneshot" | "dbus" | "notify" | "idle"
    )
}

fn valid_restart(t: &str) -> bool {
    matches!(
        t,
        "no" | "on-success" | "on-failure" | "on-abnormal" | "on-watchdog" | "on-abort" | "always"
    )
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "1" | "yes" | "y" | "true" | "t" | "on" => Some(true),
        "0" | "no" | "n" | "false" | "f" | "off" => Some(false),
        _ => None,
    }
}

fn warn(rec: &mut Reconstruction, msg: String, loc: Location, rules: &[&'static str]) {
    rec.diagnostics.push(diag(
        codes::SYSTEMD_WARNING,
        Severity::Warning,
        msg,
        Some(loc),
        rules,
    ));
}

#[allow(clippy::too_many_arguments)]
fn apply<'t>(
    svc: &mut Service<'t>,
    pos: usize,
    doc: &Doc<'t>,
    a: &Assignment<'t>,
    names: &UnitNames,
    spec: &SpecifierContext,
    rec: &mut Reconstruction,
) {
    if a.section != "Service" {
        return;
    }
    let key_loc = || doc.loc(a.key_offset);
    let v: &str = &a.value;
    match &*a.key {
        "ExecStart" => {
            if v.is_empty() {
                svc.exec.clear();
                svc.exec_reset = true;
                return;
            }
            parse_exec(svc, pos, doc, a, names, spec, rec);
        }
        "Environment" => {
            if v.is_empty() {
                svc.environment.clear();
                return;
            }
            let s = v.as_bytes();
            let mut p = 0usize;
            let mut word = std::mem::take(&mut svc.scratch);
            word.clear();
            word.reserve(s.len());
            loop {
                let fl = ExtractFlags {
                    cunescape: true,
                    ..Default::default()
                };
                let start = match extract_first_word(s, &mut p, fl, &mut word) {
                    Ok(Some(start)) => start,
                    Ok(None) => break,
                    Err(()) => {
                        warn(rec, format!("invalid syntax in `Environment={v}`; systemd ignores the rest of the line"), key_loc(), &["F5"]);
                        break;
                    }
                };
                let woff = a.origin(start);
                let resolved = match expand_specifiers(&word, names, spec) {
                    Ok(e) => {
                        if !e.unknown.is_empty() {
                            let wloc = doc.loc(woff);
                            for c in e.unknown {
                                svc.unknown_specifiers.push((c, wloc.clone()));
                            }
                        }
                        e.bytes
                    }
                    Err(c) => {
                        warn(rec, format!("unknown specifier `%{c}` in `Environment=` assignment `{}`; systemd ignores the assignment", lossy(&word)), doc.loc(woff), &["F5", "F9"]);
                        continue;
                    }
                };
                let text = String::from_utf8_lossy(&resolved);
                let Some((name, value)) = text
                    .split_once('=')
                    .filter(|(n, _)| env_name_is_valid(n.as_bytes()))
                else {
                    warn(
                        rec,
                        format!("invalid environment assignment `{text}` in `Environment=`; systemd ignores it"),
                        doc.loc(woff),
                        &["F5", "T52"],
                    );
                    continue;
                };
                // (borrowed from the unit text when written there as is, maybe in quotes)
                let (name, value) =
                    match in_text(doc.d.text, woff, &resolved).and_then(|t| t.split_once('=')) {
                        Some((n, v)) => (Cow::Borrowed(n), Cow::Borrowed(v)),
                        None => (Cow::Owned(name.to_string()), Cow::Owned(value.to_string())),
                    };
                env_set(
                    &mut svc.environment,
                    EnvVar {
                        name,
                        value,
                        origin: Some(Origin::Environment(At {
                            doc: pos,
                            offset: woff,
                        })),
                    },
                );
            }
            svc.scratch = word;
        }
        "EnvironmentFile" => {
            if v.is_empty() {
                svc.env_files.clear();
                return;
            }
            let e = match expand_specifiers(v.as_bytes(), names, spec) {
                Ok(e) => e,
                Err(c) => {
                    warn(rec, format!("unknown specifier `%{c}` in `EnvironmentFile={v}`; systemd ignores the line"), key_loc(), &["F6", "F9"]);
                    return;
                }
            };
            if !e.unknown.is_empty() {
                let kl = key_loc();
                for &c in &e.unknown {
                    svc.unknown_specifiers.push((c, kl.clone()));
                }
            }
            let resolved = String::from_utf8_lossy(&e.bytes);
            let (optional, path) = match resolved.strip_prefix('-') {
                Some(p) => (true, p),
                None => (false, &*resolved),
            };
            if !path.starts_with('/') {
                warn(rec, format!("`EnvironmentFile=` path `{path}` is not absolute; systemd ignores the line"), key_loc(), &["F6"]);
                return;
            }
            let path = simplify(path);
            if path.split('/').any(|c| c == "..") {
                warn(rec, format!("`EnvironmentFile=` path `{path}` is not normalized; systemd ignores the line"), key_loc(), &["F6"]);
                return;
            }
            svc.env_files.push(EnvFileRef {
                path: path.into_owned(),
                optional,
                at: At {
                    doc: pos,
                    offset: a.key_offset,
                },
            });
        }
        "UnsetEnvironment" => {
            if v.is_empty() {
                svc.unset.clear();
                return;
            }
            let s = v.as_bytes();
            let mut p = 0usize;
            let fl = ExtractFlags {
                cunescape: true,
                ..Default::default()
            };
            let mut w: Vec<u8> = Vec::new();
            while let Ok(Some(_)) = extract_first_word(s, &mut p, fl, &mut w) {
                if let Ok(e) = expand_specifiers(&w, names, spec) {
                    svc.unset.push(lossy(&e.bytes));
                }
            }
        }
        "PassEnvironment" => {
            if v.is_empty() {
                svc.pass_env.clear();
            } else {
                svc.pass_env
                    .extend(v.split_whitespace().map(str::to_string));
            }
        }
        "Type" => {
            if valid_type(v) {
                svc.service_type = Some(a.value.clone());
            } else {
                warn(
                    rec,
                    format!("unknown `Type={v}`; systemd ignores the line"),
                    key_loc(),
                    &["F4"],
                );
            }
        }
        "Restart" => {
            if valid_restart(v) {
                svc.restart = Some(a.value.clone());
            } else {
                warn(
                    rec,
                    format!("unknown `Restart={v}`; systemd ignores the line"),
                    key_loc(),
                    &["F4"],
                );
            }
        }
        "RemainAfterExit" => match parse_bool(v) {
            Some(b) => svc.remain_after_exit = b,
            None => warn(
                rec,
                format!("`RemainAfterExit={v}` is not a boolean; systemd ignores the line"),
                key_loc(),
                &["F4"],
            ),
        },
        "BusName" => svc.bus_name = !v.is_empty(),
        "WorkingDirectory" => {
            if v.is_empty() {
                svc.working_directory = None;
                return;
            }
            let Ok(e) = expand_specifiers(v.as_bytes(), names, spec) else {
                warn(
                    rec,
                    format!(
                        "unknown specifier in `WorkingDirectory={v}`; systemd ignores the line"
                    ),
                    key_loc(),
                    &["F11"],
                );
                return;
            };
            let r = lossy(&e.bytes);
            let r = r.strip_prefix('-').unwrap_or(&r).to_string();
            if r == "~" {
                svc.working_directory = Some("~".into());
            } else if r.starts_with('/') {
                svc.working_directory = Some(simplify(&r).into_owned());
            } else {
                warn(
                    rec,
                    format!(
                        "`WorkingDirectory=` path `{r}` is not absolute; systemd ignores the line"
                    ),
                    key_loc(),
                    &["F11"],
                );
            }
        }
        _ => {}
    }
}

/// `config_parse_exec()` of systemd 252.
#[allow(clippy::too_many_arguments)]
fn parse_exec<'t>(
    svc: &mut Service<'t>,
    pos: usize,
    doc: &Doc<'t>,
    a: &Assignment<'t>,
    names: &UnitNames,
    spec: &SpecifierContext,
    rec: &mut Reconstruction,
) {
    let s = a.value.as_bytes();
    let text = doc.d.text;
    let key_loc = || doc.loc(a.key_offset);
    let at = |offset: usize| At { doc: pos, offset };
    let mut p = 0usize;
    let mut buf: Vec<u8> = Vec::with_capacity(s.len());
    let fatal = |msg: String, loc: Location| {
        Some(diag(
            codes::SYSTEMD_REFUSES,
            Severity::Error,
            format!("{msg}: systemd marks the unit as a bad setting and will not start it"),
            Some(loc),
            &["F7"],
        ))
    };
    loop {
        let mut semicolon = false;
        let fstart = match extract_first_word_and_warn(s, &mut p, true, &mut buf) {
            WarnedWord::None => return,
            WarnedWord::Bad => {
                warn(
                    rec,
                    format!(
                        "unbalanced quoting in `ExecStart={}`; systemd ignores the line",
                        a.value
                    ),
                    key_loc(),
                    &["F7"],
                );
                return;
            }
            WarnedWord::Word { start, relaxed } => {
                if relaxed {
                    warn(
                        rec,
                        format!(
                            "unknown escape sequence in `{}` kept as written",
                            lossy(&buf)
                        ),
                        doc.loc(a.origin(start)),
                        &["F8"],
                    );
                }
                start
            }
        };
        if buf == b";" {
            continue;
        }
        let (mut ignore, mut sep, mut noenv, mut full, mut nosetuid, mut ambient) =
            (false, false, false, false, false, false);
        let mut i = 0usize;
        loop {
            match buf.get(i) {
                Some(b'-') if !ignore => ignore = true,
                Some(b'@') if !sep => sep = true,
                Some(b':') if !noenv => noenv = true,
                Some(b'+') if !(full || nosetuid || ambient) => full = true,
                Some(b'!') if !(full || nosetuid || ambient) => nosetuid = true,
                Some(b'!') if !(full || ambient) => {
                    nosetuid = false;
                    ambient = true;
                }
                _ => break,
            }
            i += 1;
        }
        let f = buf.get(i..).unwrap_or(&[]);
        let first_off = a.origin(fstart);
        let first_loc = || doc.loc(first_off);
        macro_rules! fail {
            ($msg:expr, $loc:expr) => {{
                if ignore {
                    warn(
                        rec,
                        format!("{}; the `-` prefix makes systemd ignore the line", $msg),
                        $loc,
                        &["F7"],
                    );
                } else {
                    svc.fatal = fatal($msg, $loc);
                }
                return;
            }};
        }
        let path = match expand_specifiers(f, names, spec) {
            Ok(e) => {
                if !e.unknown.is_empty() {
                    let l = first_loc();
                    for c in e.unknown {
                        svc.unknown_specifiers.push((c, l.clone()));
                    }
                }
                e.bytes
            }
            Err(c) => fail!(
                format!("unknown specifier `%{c}` in `ExecStart=`"),
                first_loc()
            ),
        };
        let path = String::from_utf8_lossy(&path);
        if path.is_empty() {
            fail!(
                "empty executable path in `ExecStart=`".to_string(),
                first_loc()
            );
        }
        if !path.starts_with('/') && (path.contains('/') || path == "." || path == "..") {
            fail!(
                format!("`{path}` is neither a valid executable name nor an absolute path"),
                first_loc()
            );
        }
        let mut words: Vec<WordAt<'t>> = Vec::with_capacity(16);
        if !sep {
            let hint = a.origin(fstart + i);
            let bytes = match text.as_bytes().get(hint..hint + path.len()) {
                Some(t) if t == path.as_bytes() => Cow::Borrowed(t),
                _ => Cow::Owned(path.into_owned().into_bytes()),
            };
            words.push(WordAt {
                bytes,
                at: at(first_off),
            });
        }
        while p < s.len() {
            let at_byte = |k: usize| s.get(k).copied();
            let end_or_ws = |k: usize| at_byte(k).is_none_or(is_ws);
            if at_byte(p) == Some(b';') && end_or_ws(p + 1) {
                p += 1;
                while at_byte(p).is_some_and(is_ws) {
                    p += 1;
                }
                semicolon = true;
                break;
            }
            if at_byte(p) == Some(b'\\') && at_byte(p + 1) == Some(b';') && end_or_ws(p + 2) {
                let w_at = at(a.origin(p));
                p += 2;
                while at_byte(p).is_some_and(is_ws) {
                    p += 1;
                }
                words.push(WordAt {
                    bytes: Cow::Borrowed(b";"),
                    at: w_at,
                });
                continue;
            }
            match extract_first_word_and_warn(s, &mut p, true, &mut buf) {
                WarnedWord::None => break,
                WarnedWord::Bad => fail!(
                    format!("unbalanced quoting in `ExecStart={}`", a.value),
                    key_loc()
                ),
                WarnedWord::Word { start, relaxed } => {
                    let off = a.origin(start);
                    if relaxed {
                        warn(
                            rec,
                            format!(
                                "unknown escape sequence in `{}` kept as written",
                                lossy(&buf)
                            ),
                            doc.loc(off),
                            &["F8"],
                        );
                    }
                    match expand_specifiers(&buf, names, spec) {
                        Ok(e) => {
                            if !e.unknown.is_empty() {
                                let l = doc.loc(off);
                                for &c in &e.unknown {
                                    svc.unknown_specifiers.push((c, l.clone()));
                                }
                            }
                            words.push(WordAt {
                                bytes: borrow_bytes(text, off, &e.bytes),
                                at: at(off),
                            });
                        }
                        Err(c) => fail!(
                            format!("unknown specifier `%{c}` in `ExecStart=`"),
                            doc.loc(off)
                        ),
                    }
                }
            }
        }
        if words.is_empty() {
            fail!(
                "empty executable name or zeroeth argument in `ExecStart=`".to_string(),
                first_loc()
            );
        }
        svc.exec.push(ExecCmd {
            words,
            no_env_expand: noenv,
            key_at: at(a.key_offset),
        });
        if !semicolon {
            return;
        }
    }
}

/// Loads the environment files (F6) and merges: manager `PATH` < `Environment=` < files;
/// then `UnsetEnvironment=`.
fn build_environment<'t>(
    svc: &Service<'t>,
    environment: Vec<Var<'t>>,
    ds: &Docs<'_, 't>,
    rec: &mut Reconstruction,
) -> Vec<Var<'t>> {
    let env_docs = ds.env;
    let glob = |p: &str| p.contains(['*', '?', '[']);
    let doc_paths: Vec<Option<Cow<'t, str>>> =
        env_docs.iter().map(|d| d.path.map(simplify)).collect();
    // path matches
    let mut matches: Vec<Vec<usize>> = Vec::with_capacity(svc.env_files.len());
    for r in &svc.env_files {
        let mut m: Vec<usize> = doc_paths
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.as_deref().is_some_and(|p| {
                    if glob(&r.path) {
                        glob_match(&r.path, p)
                    } else {
                        p == r.path
                    }
                })
            })
            .map(|(i, _)| i)
            .collect();
        if m.len() > 1 {
            crate::sort::sort_by(&mut m, |a, b| doc_paths.get(*a).cmp(&doc_paths.get(*b)));
            m.dedup_by(|a, b| doc_paths.get(*a) == doc_paths.get(*b));
        }
        matches.push(m);
    }
    let pathless: Vec<usize> = env_docs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.path.is_none())
        .map(|(i, _)| i)
        .collect();
    let unmatched: Vec<usize> = matches
        .iter()
        .enumerate()
        .filter(|(_, m)| m.is_empty())
        .map(|(i, _)| i)
        .collect();
    let mut pathless_used = false;
    if let ([r], [d]) = (unmatched.as_slice(), pathless.as_slice()) {
        if let (Some(m), Some(fr), Some(doc)) =
            (matches.get_mut(*r), svc.env_files.get(*r), env_docs.get(*d))
        {
            m.push(*d);
            pathless_used = true;
            rec.diagnostics.push(diag(
                codes::SYSTEMD_WARNING,
                Severity::Info,
                format!("environment file `{}` has no node path; it was taken as `{}`, the only `EnvironmentFile=` not otherwise given", doc.name, fr.path),
                Some(ds.loc(fr.at)),
                &["F6"],
            ));
        }
    }
    if !pathless_used {
        for &d in &pathless {
            if let Some(doc) = env_docs.get(d) {
                let why = if svc.env_files.is_empty() {
                    "the unit has no `EnvironmentFile=`".to_string()
                } else {
                    "it has no node path and cannot be matched to one `EnvironmentFile=`"
                        .to_string()
                };
                rec.ignored.push((doc.artifact, why));
            }
        }
    }
    for (i, d) in env_docs.iter().enumerate() {
        if d.path.is_some() && !matches.iter().any(|m| m.contains(&i)) {
            rec.ignored.push((
                d.artifact,
                "no `EnvironmentFile=` of the unit names it".to_string(),
            ));
        }
    }

    // manager `PATH` < `Environment=` < files, set in that order
    let mut env: Vec<Var<'t>> = Vec::with_capacity(1 + environment.len() + 4);
    env.push(EnvVar {
        name: Cow::Borrowed("PATH"),
        value: Cow::Borrowed(MANAGER_PATH),
        origin: None,
    });
    for v in environment {
        env_set(&mut env, v);
    }
    for (r, m) in svc.env_files.iter().zip(matches.iter()) {
        if m.is_empty() || glob(&r.path) {
            let could = !r.optional;
            if !r.optional && !glob(&r.path) {
                rec.missing_required_env_files.push(r.path.clone());
            }
            rec.unseen.push(Unseen {
                what: "environment-file".into(),
                reference: r.path.clone(),
                could_decide: could,
                referenced_at: Some(ds.loc(r.at)),
            });
            if m.is_empty() {
                let msg = if r.optional {
                    format!("optional environment file `{}` (`EnvironmentFile=-`) was not given; if it exists on the node it can set or override variables", r.path)
                } else {
                    format!("environment file `{}` was not given; the unit requires it (systemd does not start the unit when it is missing), and its variables are unknown", r.path)
                };
                let sev = if r.optional {
                    Severity::Info
                } else {
                    Severity::Warning
                };
                rec.diagnostics.push(diag(
                    codes::UNSEEN_EVIDENCE,
                    sev,
                    msg,
                    Some(ds.loc(r.at)),
                    &["F6", "H"],
                ));
                continue;
            }
        }
        for &di in m {
            let Some(doc) = env_docs.get(di) else {
                continue;
            };
            parse_env_file_each(doc.text, &mut |pair| {
                if !env_name_is_valid(pair.key.as_bytes()) {
                    warn(
                        rec,
                        format!(
                            "invalid environment assignment `{}={}` in `{}`; systemd ignores it",
                            pair.key, pair.value, doc.name
                        ),
                        locate(doc.artifact, doc.name, doc.text, pair.offset),
                        &["F6", "Z11"],
                    );
                    return;
                }
                env_set(
                    &mut env,
                    EnvVar {
                        name: pair.key,
                        value: pair.value,
                        origin: Some(Origin::EnvFile {
                            doc: di,
                            offset: pair.offset,
                        }),
                    },
                );
            });
        }
    }
    for u in &svc.unset {
        match u.split_once('=') {
            Some((n, val)) => env.retain(|v| !(v.name == n && v.value == val)),
            None => env.retain(|v| *v.name != **u),
        }
    }
    env
}

/// `fnmatch()`-style glob for `EnvironmentFile=` patterns (`*`, `?`, `[...]`; `/` not matched
/// by wildcards).
fn glob_match(pat: &str, s: &str) -> bool {
    fn go(p: &[char], s: &[char], depth: usize) -> bool {
        if depth > 64 {
            return false;
        }
        match p.split_first() {
            None => s.is_empty(),
            Some(('*', rest)) => {
                let mut k = 0;
                loop {
                    if go(rest, s.get(k..).unwrap_or(&[]), depth + 1) {
                        return true;
                    }
                    match s.get(k) {
                        Some(c) if *c != '/' => k += 1,
                        _ => return false,
                    }
                }
            }
            Some(('?', rest)) => match s.split_first() {
                Some((c, srest)) if *c != '/' => go(rest, srest, depth + 1),
                _ => false,
            },
            Some(('[', rest)) => {
                let Some(close) = rest.iter().skip(1).position(|c| *c == ']').map(|i| i + 1) else {
                    return s.first() == Some(&'[')
                        && go(rest, s.get(1..).unwrap_or(&[]), depth + 1);
                };
                let set = rest.get(..close).unwrap_or(&[]);
                let after = rest.get(close + 1..).unwrap_or(&[]);
                let (neg, set) = match set.split_first() {
                    Some(('!' | '^', r)) => (true, r),
                    _ => (false, set),
                };
                let Some((c, srest)) = s.split_first() else {
                    return false;
                };
                let mut hit = false;
                let mut i = 0;
                while let Some(&a) = set.get(i) {
                    if set.get(i + 1) == Some(&'-') && set.get(i + 2).is_some() {
                        let b = set.get(i + 2).copied().unwrap_or(a);
                        hit |= a <= *c && *c <= b;
                        i += 3;
                    } else {
                        hit |= a == *c;
                        i += 1;
                    }
                }
                hit != neg && go(after, srest, depth + 1)
            }
            Some((pc, rest)) => match s.split_first() {
                Some((c, srest)) if c == pc => go(rest, srest, depth + 1),
                _ => false,
            },
        }
    }
    let p: Vec<char> = pat.chars().collect();
    let s: Vec<char> = s.chars().collect();
    go(&p, &s, 0)
}

/// How an undefined variable is used in `ExecStart=` (F8): `$NAME` as a word (dropped),
/// `${NAME}` as a word (an empty argument), `${NAME}` inside a word (expands to nothing there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Undefined {
    Word,
    Braced,
    InsideWord,
}

fn var_origin(r: VarRef, env: &[Var<'_>], ds: &Docs<'_, '_>) -> VarOrigin {
    let defined_at = r.found.and_then(|i| env.get(i)).and_then(|v| ds.source(v));
    VarOrigin::joined(r.joined, r.split, defined_at)
}

/// `replace_env_argv()` for one command. Returns the args and the undefined variables
/// (name, where the word is, how it is used).
fn expand_command(
    cmd: &ExecCmd<'_>,
    env: &[Var<'_>],
    ds: &Docs<'_, '_>,
) -> (Vec<Arg>, Vec<(String, At, Undefined)>) {
    let mut args: Vec<Arg> = Vec::with_capacity(cmd.words.len());
    let mut undefined = Vec::new();
    let mut scratch: Vec<u8> = Vec::new();
    let mut refs = Vec::new();
    for w in &cmd.words {
        let b: &[u8] = &w.bytes;
        if cmd.no_env_expand || !b.contains(&b'$') {
            args.push(Arg {
                value: lossy(b),
                exec_location: ds.word_loc(w.at),
                via_variable: None,
            });
            continue;
        }
        if b.first() == Some(&b'$') && !matches!(b.get(1), Some(b'{' | b'$')) {
            let name = b.get(1..).unwrap_or(&[]);
            match env_get(env, name) {
                Some((value, i)) => {
                    // (no words when the value is blank)
                    if value.bytes().all(is_ws) {
                        continue;
                    }
                    let loc = ds.word_loc(w.at);
                    // (`$NAME` then `NAME`)
                    let written = String::from_utf8_lossy(b);
                    let name = String::from_utf8_lossy(name);
                    let via = Arc::new(VarOrigin::new(
                        &written,
                        &name,
                        env.get(i).and_then(|v| ds.source(v)),
                    ));
                    split_value(value, &mut scratch, &mut |piece| {
                        args.push(Arg {
                            value: piece,
                            exec_location: loc.clone(),
                            via_variable: Some(via.clone()),
                        });
                    });
                }
                None if !name.is_empty() => undefined.push((lossy(name), w.at, Undefined::Word)),
                None => {}
            }
            continue;
        }
        refs.clear();
        let v = replace_env(b, env, &mut refs);
        let loc = ds.word_loc(w.at);
        for r in refs.iter().filter(|r| r.found.is_none()) {
            // (`joined` is the reference as written, then the name from `split` on)
            let whole = r.joined.get(..r.split).is_some_and(|w| w.as_bytes() == b);
            let how = if whole {
                Undefined::Braced
            } else {
                Undefined::InsideWord
            };
            undefined.push((r.name().to_string(), w.at, how));
        }
        args.push(Arg {
            value: into_string(v),
            exec_location: loc,
            via_variable: refs
                .drain(..)
                .next()
                .map(|r| Arc::new(var_origin(r, env, ds))),
        });
    }
    for (i, a) in args.iter_mut().enumerate() {
        a.exec_location.argv_index = Some(i);
    }
    (args, undefined)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KubeletKind {
    Kubelet,
    Hyperkube,
    None,
}

fn kubelet_kind(args: &[Arg]) -> KubeletKind {
    let b0 = args.first().map(|a| basename(&a.value)).unwrap_or("");
    // CoreOS Container Linux's `/usr/lib/coreos/kubelet-wrapper` runs the kubelet image with rkt
    // and hands it its own arguments unchanged (`exec rkt run ... -- "$@"`).
    if b0 == "kubelet" || b0 == "kubelet.exe" || b0 == "kubelet-wrapper" {
        KubeletKind::Kubelet
    } else if b0 == "hyperkube" && args.get(1).is_some_and(|a| a.value == "kubelet") {
        KubeletKind::Hyperkube
    } else {
        KubeletKind::None
    }
}

const SHELLS: [&str; 7] = ["sh", "bash", "dash", "ash", "zsh", "ksh", "busybox"];

fn unresolved(rec: &mut Reconstruction, msg: String, loc: Option<Location>) {
    let d = diag(
        codes::SYSTEMD_UNRESOLVED,
        Severity::Warning,
        msg,
        loc,
        &["F7", "H5"],
    );
    rec.diagnostics.push(d.clone());
    rec.unresolved = Some(d);
}

/// The kubelet's own argv behind `hyperkube`, a shell or a wrapper.
fn kubelet_argv(
    exec: &[Arg],
    env: &[Var<'_>],
    ds: &Docs<'_, '_>,
    rec: &mut Reconstruction,
) -> Vec<Arg> {
    match kubelet_kind(exec) {
        KubeletKind::Kubelet => return exec.to_vec(),
        KubeletKind::Hyperkube => {
            let mut v: Vec<Arg> = exec.iter().take(1).cloned().collect();
            v.extend(exec.iter().skip(2).cloned());
            return v;
        }
        KubeletKind::None => {}
    }
    let Some(first) = exec.first() else {
        return Vec::new();
    };
    let b0 = basename(&first.value);
    if SHELLS.contains(&b0) {
        // find `-c` (possibly in a cluster like `-ec`)
        let mut i = 1;
        let mut script: Option<(usize, &Arg)> = None;
        while let Some(a) = exec.get(i) {
            if a.value.starts_with('-') && a.value != "-" && a.value != "--" {
                if !a.value.starts_with("--") && a.value.contains('c') {
                    script = exec.get(i + 1).map(|s| (i + 1, s));
                    break;
                }
                i += 1;
                continue;
            }
            break;
        }
        if let Some((si, sarg)) = script {
            let positional: Vec<String> =
                exec.iter().skip(si + 1).map(|a| a.value.clone()).collect();
            let lookup = |n: &str| env_get(env, n.as_bytes()).map(|(v, _)| v.to_string());
            let parsed = shell::parse(&sarg.value, &positional, &lookup);
            let found = parsed.commands.iter().find_map(|cmd| {
                let k = cmd.iter().position(|w| {
                    basename(&w.value) == "kubelet" || basename(&w.value) == "hyperkube"
                })?;
                Some((cmd, k))
            });
            if let Some((cmd, k)) = found {
                let hyper = cmd
                    .get(k)
                    .is_some_and(|w| basename(&w.value) == "hyperkube")
                    && cmd.get(k + 1).is_some_and(|w| w.value == "kubelet");
                let mut out: Vec<Arg> = Vec::new();
                for (j, w) in cmd.iter().enumerate().skip(k) {
                    if hyper && j == k + 1 {
                        continue;
                    }
                    let via = w.via.as_ref().map(|(written, name)| {
                        Arc::new(VarOrigin::new(
                            written,
                            name,
                            env_get(env, name.as_bytes())
                                .and_then(|(_, i)| env.get(i))
                                .and_then(|v| ds.source(v)),
                        ))
                    });
                    let mut loc = sarg.exec_location.clone();
                    loc.argv_index = Some(out.len());
                    out.push(Arg {
                        value: w.value.clone(),
                        exec_location: loc,
                        via_variable: via,
                    });
                }
                let mut why = format!(
                    "the kubelet runs through `{} -c`; its argv was read from the shell string as a shell would split it, which kubeletlint cannot guarantee",
                    first.value
                );
                if !parsed.lossy.is_empty() {
                    let mut l = parsed.lossy.clone();
                    l.dedup();
                    why.push_str(&format!(" (run-time constructs: {})", l.join(", ")));
                }
                unresolved(rec, why, Some(ds.full(sarg.exec_location.clone())));
                rec.diagnostics.push(diag(
                    codes::LOSSY_EVIDENCE,
                    Severity::Warning,
                    "the kubelet argv comes from a shell command string (lossy)".into(),
                    Some(ds.full(sarg.exec_location.clone())),
                    &["F7"],
                ));
                return out;
            }
            unresolved(
                rec,
                format!("the command runs `{} -c` and no `kubelet` command was found in the shell string", first.value),
                Some(ds.full(sarg.exec_location.clone())),
            );
            return exec.to_vec();
        }
        unresolved(
            rec,
            format!(
                "the command runs the shell `{}` (a script); the kubelet's argv is not known",
                first.value
            ),
            Some(ds.full(first.exec_location.clone())),
        );
        return exec.to_vec();
    }
    // a wrapper (`env`, `nice`, a script): look for the kubelet word
    if let Some(k) = exec
        .iter()
        .skip(1)
        .position(|a| basename(&a.value) == "kubelet")
        .map(|k| k + 1)
    {
        unresolved(
            rec,
            format!("the kubelet is started through the wrapper `{}`; argv from `{}` on was taken as the kubelet's", first.value, exec.get(k).map(|a| a.value.as_str()).unwrap_or("")),
            Some(ds.full(first.exec_location.clone())),
        );
        return exec
            .iter()
            .skip(k)
            .enumerate()
            .map(|(i, a)| {
                let mut a = a.clone();
                a.exec_location.argv_index = Some(i);
                a
            })
            .collect();
    }
    unresolved(
        rec,
        format!("`ExecStart=` runs `{}`, not a kubelet binary; what it passes to the kubelet is not known", first.value),
        Some(ds.full(first.exec_location.clone())),
    );
    exec.to_vec()
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("\n"),
                Just("\r\n"),
                Just("\r"),
                Just("é"),
                Just("\u{1F600}"),
                Just("a"),
                Just(" "),
                Just("\\"),
                Just("\0")
            ],
            0..80,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn locator_matches_locate(text in texts(), offs in proptest::collection::vec(0usize..200, 1..12)) {
            let l = Locator::new(3, "doc", &text);
            for off in offs {
                prop_assert_eq!(l.loc(off), locate(3, "doc", &text, off));
            }
        }

        #[test]
        fn newline_count(text in texts()) {
            prop_assert_eq!(count_newlines(text.as_bytes()), text.bytes().filter(|&b| b == b'\n').count());
        }
    }

    #[test]
    fn simplify_borrows_only_simple_paths() {
        for p in [
            "/", "", ".", "/a//b", "/a/./b/", "a/b", "./a", "/a/b", "//", "/a/.", "a/", "/.a/b",
            "/a/..", "/a/.b/", "/./", "/a/b.", "..", "/.",
        ] {
            assert_eq!(simplify(p), simplify_owned(p), "{p}");
            let reference = {
                let body = p.strip_prefix('/').unwrap_or(p);
                !body.is_empty() && body.split('/').all(|c| !c.is_empty() && c != ".")
            };
            if !p.strip_prefix('/').unwrap_or(p).is_empty() {
                assert_eq!(
                    components_simple(p.strip_prefix('/').unwrap_or(p).as_bytes()),
                    reference,
                    "{p}"
                );
            }
        }
        assert!(matches!(simplify("/etc/default/kubelet"), Cow::Borrowed(_)));
    }
}
