//! The kubelet's command line, parsed like pflag with the kubelet's real flag table
//! (spec A, Z5, Z9, Z10). OWNER: flags helper.
//!
//! The behaviour mirrors the reference oracle (`shared/tools/kubelet-oracle/main.go`, steps 0,
//! 1 and 5 of its README): the judged version is inferred from the flags present (Z10), the
//! command line is parsed with that version's flags exactly like `spf13/pflag` does (value
//! syntax validated like the Go `Set` methods), and when `--config` or `--config-dir` is set the
//! precedence re-parse decides which `--client-ca-file` occurrence is re-applied over the config.

use crate::codes;
use crate::float::parse_f64;
use crate::model::{Diagnostic, Location, Severity};
use std::borrow::Cow;
use std::sync::OnceLock;

/// A kubelet minor version: `1.NN` is `Minor(NN)`.
pub type Minor = u16;
/// Oldest and newest minor the flag table covers.
pub const OLDEST: Minor = 10;
pub const NEWEST: Minor = 37;

/// Which OS build of the kubelet (OS-only flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Os {
    #[default]
    Linux,
    Windows,
}

impl Os {
    pub fn as_str(self) -> &'static str {
        match self {
            Os::Linux => "linux",
            Os::Windows => "windows",
        }
    }
}

/// Parses `1.30`, `v1.30`, `v1.30.2`, `1.30.2-eks-abc`. `None` when not a 1.x version.
pub fn parse_version(s: &str) -> Option<Minor> {
    let t = s.trim();
    let t = t.strip_prefix(['v', 'V']).unwrap_or(t);
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let core = t.get(..end)?;
    let rest = t.get(end..)?;
    if !rest.is_empty() && !rest.starts_with(['-', '+']) {
        return None;
    }
    let mut parts = core.split('.');
    let major = parts.next()?;
    let minor = parts.next()?;
    let patch = parts.next();
    if parts.next().is_some() || major != "1" {
        return None;
    }
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(minor) || patch.is_some_and(|p| !digits(p)) {
        return None;
    }
    minor.parse::<Minor>().ok()
}

/// `1.NN`.
pub fn minor_string(m: Minor) -> String {
    format!("1.{m}")
}

// ------------------------------------------------------------------------------------------
// The flag table

/// The pflag value kind of a flag (column `type` of `kubelet-flags.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagType {
    Bool,
    String,
    Int32,
    Int64,
    Int,
    Uint64,
    Float64,
    Duration,
    StringSlice,
    MapStringBool,
    MapStringString,
    ConfigurationMap,
    LangleMapStringString,
    ColonMultimapStringString,
    MapStringStringNoSplit,
    ReservedMemory,
    Taints,
    Ip,
    /// `--version`: bool-like, also `raw` and `vX.Y.Z` (spec Z9).
    Version,
    Quantity,
    ModuleSpec,
    TraceLocation,
    Severity,
    /// A type name this table reader does not know: takes a value, not validated.
    Unmodelled,
}

impl FlagType {
    pub fn parse(s: &str) -> FlagType {
        match s {
            "bool" => FlagType::Bool,
            "string" => FlagType::String,
            "int32" => FlagType::Int32,
            "int64" => FlagType::Int64,
            "int" => FlagType::Int,
            "uint64" => FlagType::Uint64,
            "float64" => FlagType::Float64,
            "duration" => FlagType::Duration,
            "stringSlice" => FlagType::StringSlice,
            "mapStringBool" => FlagType::MapStringBool,
            "mapStringString" => FlagType::MapStringString,
            "configurationMap" => FlagType::ConfigurationMap,
            "langleMapStringString" => FlagType::LangleMapStringString,
            "colonMultimapStringString" => FlagType::ColonMultimapStringString,
            "mapStringStringNoSplit" => FlagType::MapStringStringNoSplit,
            "reservedMemory" => FlagType::ReservedMemory,
            "taints" => FlagType::Taints,
            "ip" => FlagType::Ip,
            "version" => FlagType::Version,
            "quantity" => FlagType::Quantity,
            "moduleSpec" => FlagType::ModuleSpec,
            "traceLocation" => FlagType::TraceLocation,
            "severity" => FlagType::Severity,
            _ => FlagType::Unmodelled,
        }
    }

    /// Whether `--flag value` consumes the next word (false for bool-like flags, which have
    /// pflag's `NoOptDefVal`).
    pub fn takes_value(self) -> bool {
        !matches!(self, FlagType::Bool | FlagType::Version)
    }

    /// What the flag expects, for messages ("expects an int32").
    pub fn describe(self) -> &'static str {
        match self {
            FlagType::Bool => "a boolean (`true`, `false`, `1`, `0`, `t`, `f`)",
            FlagType::String => "a string",
            FlagType::Int32 => "an int32",
            FlagType::Int64 => "an int64",
            FlagType::Int => "an integer",
            FlagType::Uint64 => "an unsigned integer",
            FlagType::Float64 => "a number",
            FlagType::Duration => "a duration such as `2m` or `1h30m`",
            FlagType::StringSlice => "a comma-separated list",
            FlagType::MapStringBool => "comma-separated `name=bool` pairs",
            FlagType::MapStringString => "comma-separated `key=value` pairs",
            FlagType::ConfigurationMap => "comma-separated `key=value` pairs",
            FlagType::LangleMapStringString => "comma-separated `signal<quantity` pairs",
            FlagType::ColonMultimapStringString => "comma-separated `name:value` pairs",
            FlagType::MapStringStringNoSplit => "comma-separated `key=value` pairs",
            FlagType::ReservedMemory => "a reserved-memory list",
            FlagType::Taints => "a list of taints",
            FlagType::Ip => "an IP address",
            FlagType::Version => "a boolean, `raw` or a `vX.Y.Z` override",
            FlagType::Quantity => "a resource quantity such as `64Ki`",
            FlagType::ModuleSpec => "a comma-separated list of `pattern=N`",
            FlagType::TraceLocation => "a location such as `file.go:234`",
            FlagType::Severity => {
                "a log severity (`INFO`, `WARNING`, `ERROR`, `FATAL`) or a number"
            }
            FlagType::Unmodelled => "a value",
        }
    }
}

/// Which part of the kubelet registers a flag (column `set`): it decides what the precedence
/// re-parse does with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagGroup {
    /// `KubeletFlags` / `ContainerRuntimeOptions`.
    Flags,
    /// `KubeletConfiguration`-backed: re-applied over the config in the precedence re-parse.
    Config,
    /// Global (klog, cAdvisor, `--version`): a value-taking no-op in the re-parse.
    Global,
    /// `--help`: first parse only.
    Help,
    /// Unknown `set` value: never registered.
    Other,
}

/// Which deprecation line pflag prints (column `dep`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deprecation {
    /// The generic "should be set via the config file" message (all versions).
    Config,
    /// Its own message, from `deprecated_since` on.
    Other,
    None,
}

/// Which OS builds register a flag (column `os`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OsFilter {
    Any,
    Linux,
    Windows,
}

/// One row of `kubelet-flags.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagDef {
    pub name: String,
    pub typ: FlagType,
    /// First minor with the flag; `None` = removed before the table's first version.
    pub since: Option<Minor>,
    /// Last minor with the flag; `None` = still present.
    pub until: Option<Minor>,
    pub deprecated_since: Option<Minor>,
    pub shorthand: Option<u8>,
    pub group: FlagGroup,
    pub dep: Deprecation,
    pub os: OsFilter,
}

impl FlagDef {
    pub fn for_os(&self, os: Os) -> bool {
        match self.os {
            OsFilter::Any => true,
            OsFilter::Linux => os == Os::Linux,
            OsFilter::Windows => os == Os::Windows,
        }
    }

    /// The flag is registered by a kubelet of that minor version built for `os`.
    pub fn exists_in(&self, minor: Minor, os: Os) -> bool {
        match self.since {
            Some(s) => self.for_os(os) && s <= minor && self.until.is_none_or(|u| minor <= u),
            None => false,
        }
    }

    /// The versions that have the flag, as the oracle writes them (`1.28+`, `1.10-1.23`).
    pub fn range_string(&self) -> String {
        match (self.since, self.until) {
            (None, u) => format!(
                "removed before {} (last in {})",
                minor_string(OLDEST),
                minor_string(u.unwrap_or(0))
            ),
            (Some(s), None) => format!("{}+", minor_string(s)),
            (Some(s), Some(u)) => format!("{}-{}", minor_string(s), minor_string(u)),
        }
    }

    /// The versions that have the flag, in words.
    pub fn range_words(&self) -> String {
        let os = match self.os {
            OsFilter::Any => "",
            OsFilter::Linux => " (linux builds only)",
            OsFilter::Windows => " (windows builds only)",
        };
        let r = match (self.since, self.until) {
            (None, u) => format!(
                "only in kubelets older than {} (last in {})",
                minor_string(OLDEST),
                minor_string(u.unwrap_or(0))
            ),
            (Some(s), None) if s <= OLDEST => "in every kubelet from 1.10".to_string(),
            (Some(s), None) => format!("only in kubelet {} and newer", minor_string(s)),
            (Some(s), Some(u)) if s == u => format!("only in kubelet {}", minor_string(s)),
            (Some(s), Some(u)) if s <= OLDEST => {
                format!("only in kubelet {} and older", minor_string(u))
            }
            (Some(s), Some(u)) => {
                format!("only in kubelet {} to {}", minor_string(s), minor_string(u))
            }
        };
        format!("{r}{os}")
    }

    /// The deprecation pflag prints for this flag on `minor`, if any.
    pub fn deprecation_in(&self, minor: Minor) -> Deprecation {
        match (self.dep, self.deprecated_since) {
            (Deprecation::Config, _) => Deprecation::Config,
            (_, Some(d)) if minor >= d => Deprecation::Other,
            (Deprecation::Other, None) => Deprecation::Other,
            _ => Deprecation::None,
        }
    }
}

/// The parsed flag table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagTable {
    pub defs: Vec<FlagDef>,
    /// Name lookup (open addressing over the normalised name): the last row of each name.
    by_name: NameIndex,
    /// Per row: the previous row with the same name, if any (rows are looked up newest first).
    prev_same_name: Vec<Option<u16>>,
    /// The rows with a shorthand, in table order.
    shorthands: Vec<(u8, u16)>,
    /// The newest version the table covers (the newest `since`, or the release after the newest
    /// `until`).
    pub last_minor: Minor,
}

/// An open-addressing hash index from flag names to rows, looked up without allocating (the
/// hash and the comparison read `_` as `-`, like [`normalize_name`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct NameIndex {
    /// Row index + 1; 0 = empty. The length is a power of two.
    slots: Vec<u16>,
    /// Whether a row name has `_` (then it is never the row of a normalised name).
    underscore_names: bool,
}

/// A hash of a name: its length and its first and last eight bytes, mixed (flag names differ
/// there; the index resolves collisions).
fn name_hash(name: &[u8]) -> u64 {
    let (head, tail) = match (name.first_chunk::<8>(), name.last_chunk::<8>()) {
        (Some(h), Some(t)) => (u64::from_le_bytes(*h), u64::from_le_bytes(*t)),
        _ => {
            let w = name
                .iter()
                .enumerate()
                .fold(0u64, |w, (k, &c)| w | u64::from(c) << (8 * k));
            (w, w)
        }
    };
    let h = (head ^ tail.rotate_left(29) ^ (name.len() as u64)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    // the high bits mix every input bit
    h.rotate_left(32) ^ (h >> 17)
}

impl NameIndex {
    fn build(defs: &[FlagDef]) -> (NameIndex, Vec<Option<u16>>) {
        let size = (defs.len() * 4).next_power_of_two().max(16);
        let mut idx = NameIndex {
            slots: vec![0; size],
            underscore_names: defs.iter().any(|d| d.name.contains('_')),
        };
        let mut prev = vec![None; defs.len()];
        let mask = size - 1;
        for (i, d) in defs.iter().enumerate() {
            let Ok(row) = u16::try_from(i + 1) else {
                break;
            };
            let mut pos = (name_hash(d.name.as_bytes()) as usize) & mask;
            while let Some(slot) = idx.slots.get_mut(pos) {
                if *slot == 0 {
                    *slot = row;
                    break;
                }
                let old = *slot - 1;
                if defs.get(usize::from(old)).is_some_and(|o| o.name == d.name) {
                    if let Some(p) = prev.get_mut(i) {
                        *p = Some(old);
                    }
                    *slot = row;
                    break;
                }
                pos = (pos + 1) & mask;
            }
        }
        (idx, prev)
    }

    /// The last row named `name`.
    fn find(&self, defs: &[FlagDef], name: &[u8]) -> Option<u16> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut pos = (name_hash(name) as usize) & mask;
        loop {
            let row = *self.slots.get(pos)?;
            let i = row.checked_sub(1)?;
            if defs.get(usize::from(i))?.name.as_bytes() == name {
                return Some(i);
            }
            pos = (pos + 1) & mask;
        }
    }

    /// The last row named `normalize_name(raw)`, without allocating for names up to 64 bytes.
    fn find_normalised(&self, defs: &[FlagDef], raw: &str) -> Option<u16> {
        let b = raw.as_bytes();
        if !self.underscore_names {
            // no row name has `_`: a row named `raw` itself means `raw` has none either
            if let Some(i) = self.find(defs, b) {
                return Some(i);
            }
        }
        if !b.contains(&b'_') {
            return if self.underscore_names {
                self.find(defs, b)
            } else {
                None
            };
        }
        let mut buf = [0u8; 64];
        match buf.get_mut(..b.len()) {
            Some(dst) => {
                for (d, &c) in dst.iter_mut().zip(b) {
                    *d = if c == b'_' { b'-' } else { c };
                }
                self.find(defs, dst)
            }
            None => self.find(defs, normalize_name(raw).as_bytes()),
        }
    }
}

impl FlagTable {
    /// Parses the TSV text (header row with the column names first). Rows that cannot be read
    /// are skipped.
    pub fn parse(tsv: &str) -> FlagTable {
        let mut lines = tsv.lines().filter(|l| !l.trim().is_empty());
        let header: Vec<&str> = lines
            .next()
            .map(|h| h.split('\t').collect())
            .unwrap_or_default();
        let col = |name: &str| header.iter().position(|h| h.trim() == name);
        let (c_name, c_type, c_since, c_until, c_dep_since) = (
            col("name"),
            col("type"),
            col("since"),
            col("until"),
            col("deprecated_since"),
        );
        let (c_short, c_set, c_dep, c_os) = (col("shorthand"), col("set"), col("dep"), col("os"));
        let mut defs = Vec::new();
        for line in lines {
            let f: Vec<&str> = line.split('\t').collect();
            let get = |c: Option<usize>| c.and_then(|i| f.get(i)).map(|s| s.trim()).unwrap_or("");
            let name = get(c_name);
            if name.is_empty() {
                continue;
            }
            let minor = |c: Option<usize>| {
                let s = get(c);
                if s.is_empty() {
                    Some(None)
                } else {
                    parse_version(s).map(Some)
                }
            };
            let (Some(since), Some(until), Some(deprecated_since)) =
                (minor(c_since), minor(c_until), minor(c_dep_since))
            else {
                continue;
            };
            let short = get(c_short);
            let shorthand = if short.len() == 1 && short != "-" {
                short.bytes().next()
            } else {
                None
            };
            let group = match get(c_set) {
                "flags" => FlagGroup::Flags,
                "config" => FlagGroup::Config,
                "global" => FlagGroup::Global,
                "help" => FlagGroup::Help,
                _ => FlagGroup::Other,
            };
            let dep = match get(c_dep) {
                "config" => Deprecation::Config,
                "other" => Deprecation::Other,
                _ => Deprecation::None,
            };
            let os = match get(c_os) {
                "linux" => OsFilter::Linux,
                "windows" => OsFilter::Windows,
                _ => OsFilter::Any,
            };
            defs.push(FlagDef {
                name: name.to_string(),
                typ: FlagType::parse(get(c_type)),
                since,
                until,
                deprecated_since,
                shorthand,
                group,
                dep,
                os,
            });
        }
        // Row indices are u16 in the indexes (the table has a few hundred rows).
        defs.truncate(usize::from(u16::MAX - 1));
        let mut last = OLDEST;
        for d in &defs {
            last = last.max(d.since.unwrap_or(0));
            last = last.max(d.until.map(|u| u.saturating_add(1)).unwrap_or(0));
        }
        let (by_name, prev_same_name) = NameIndex::build(&defs);
        let shorthands = defs
            .iter()
            .enumerate()
            .filter_map(|(i, d)| Some((d.shorthand?, u16::try_from(i).ok()?)))
            .collect();
        FlagTable {
            defs,
            by_name,
            prev_same_name,
            shorthands,
            last_minor: last,
        }
    }

    /// The row of a normalised flag name (`client-ca-file`).
    pub fn get(&self, name: &str) -> Option<&FlagDef> {
        self.by_name
            .find(&self.defs, name.as_bytes())
            .and_then(|i| self.defs.get(usize::from(i)))
    }

    /// The last row named `normalize_name(raw)`, without allocating.
    fn find_normalised(&self, raw: &str) -> Option<u16> {
        self.by_name.find_normalised(&self.defs, raw)
    }

    fn def(&self, i: u16) -> Option<&FlagDef> {
        self.defs.get(usize::from(i))
    }

    /// The row before `i` with the same name.
    fn prev_same_name(&self, i: u16) -> Option<u16> {
        self.prev_same_name.get(usize::from(i)).copied().flatten()
    }
}

/// The kubelet flag table (`core/data/kubelet-flags.tsv`), parsed at first use. Embeds the
/// compact copy (only the columns `parse` reads; `tests/flag_table.rs` checks it).
pub fn flag_table() -> &'static FlagTable {
    static TABLE: OnceLock<FlagTable> = OnceLock::new();
    TABLE.get_or_init(|| FlagTable::parse(include_str!("../data/kubelet-flags.compact.tsv")))
}

/// Whether a flag (normalised name) exists in a kubelet version built for `os`.
pub fn flag_exists(name: &str, minor: Minor, os: Os) -> bool {
    flag_table()
        .get(name)
        .is_some_and(|d| d.exists_in(minor, os))
}

/// `cliflag.WordSepNormalizeFunc`: `_` -> `-`.
pub fn normalize_name(name: &str) -> String {
    name.replace('_', "-")
}

// ------------------------------------------------------------------------------------------
// Data types of the result

/// One flag occurrence in argv.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagOcc<'a> {
    /// Normalised name (`_` -> `-`), without dashes (the flag table's own text).
    pub name: Cow<'static, str>,
    /// The flag word as written (`--client_ca_file=/x`), borrowed from the argv given to
    /// [`analyze`].
    pub written: Cow<'a, str>,
    /// The value (`"true"` for a bare boolean flag), borrowed from the argv.
    pub value: Cow<'a, str>,
    /// Index in `args` (the slice given to [`analyze`], i.e. argv without argv[0]) of the flag word.
    pub index: usize,
    /// Index of the separate value word (`--flag value`), if any.
    pub value_index: Option<usize>,
}

/// The result of reading the command line as the judged kubelet version would.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KubeletArgs<'a> {
    /// The judged version (spec Z10) and why.
    pub minor: Minor,
    pub version_reason: String,
    /// Every flag occurrence of the first parse, in order (up to a fatal parse error).
    pub occurrences: Vec<FlagOcc<'a>>,
    /// Why the kubelet exits at flag parsing (parse error, positional word from 1.11,
    /// `--help`, `--version`, Z5), with the index in `args` it points at. `None` = it runs.
    pub fatal: Option<(String, Option<usize>)>,
    /// Effective `--config` (last occurrence; an empty value means "no config file").
    pub config: Option<FlagOcc<'a>>,
    /// Effective `--config-dir`.
    pub config_dir: Option<FlagOcc<'a>>,
    /// Every `--client-ca-file` occurrence, in order; the last one that the precedence
    /// re-parse re-applies wins (see `client_ca_file_effective`).
    pub client_ca_file: Vec<FlagOcc<'a>>,
    /// The occurrence that the kubelet ends up with (after the precedence re-parse, which can
    /// skip one: oracle case V25). `None` = not given on the command line.
    pub client_ca_file_effective: Option<FlagOcc<'a>>,
    /// Last `--anonymous-auth` / `--authentication-token-webhook` value, parsed as bool.
    /// When the precedence re-parse runs ([`KubeletArgs::reparsed`]), the last value it
    /// re-applies (`None` = the config decides).
    pub anonymous_auth: Option<(bool, usize)>,
    pub webhook_authn: Option<(bool, usize)>,
    /// Diagnostics (deprecated flags, version-specific flags, repeated flags, positional words
    /// on <= 1.10, ...). Their `location.argv_index` is the index in `args` + 1 (argv index).
    pub diagnostics: Vec<Diagnostic>,
    /// Positional words of the first parse (index in `args`, word): fatal from 1.11, ignored
    /// on 1.10.
    pub positionals: Vec<(usize, Cow<'a, str>)>,
    /// Whether the precedence re-parse ran (`--config` or `--config-dir` non-empty and no
    /// earlier exit).
    pub reparsed: bool,
    /// The `--version` override value (`--version=v1.2.3`, spec Z9), if given.
    pub version_override: Option<String>,
}

impl FlagOcc<'_> {
    /// The occurrence with its text owned (no longer borrowing the argv).
    pub fn into_owned(self) -> FlagOcc<'static> {
        FlagOcc {
            name: self.name,
            written: Cow::Owned(self.written.into_owned()),
            value: Cow::Owned(self.value.into_owned()),
            index: self.index,
            value_index: self.value_index,
        }
    }
}

impl KubeletArgs<'_> {
    /// The result with its text owned (no longer borrowing the argv).
    pub fn into_owned(self) -> KubeletArgs<'static> {
        KubeletArgs {
            minor: self.minor,
            version_reason: self.version_reason,
            occurrences: self
                .occurrences
                .into_iter()
                .map(FlagOcc::into_owned)
                .collect(),
            fatal: self.fatal,
            config: self.config.map(FlagOcc::into_owned),
            config_dir: self.config_dir.map(FlagOcc::into_owned),
            client_ca_file: self
                .client_ca_file
                .into_iter()
                .map(FlagOcc::into_owned)
                .collect(),
            client_ca_file_effective: self.client_ca_file_effective.map(FlagOcc::into_owned),
            anonymous_auth: self.anonymous_auth,
            webhook_authn: self.webhook_authn,
            diagnostics: self.diagnostics,
            positionals: self
                .positionals
                .into_iter()
                .map(|(i, w)| (i, Cow::Owned(w.into_owned())))
                .collect(),
            reparsed: self.reparsed,
            version_override: self.version_override,
        }
    }
}

// ------------------------------------------------------------------------------------------
// Go value syntax (strconv, time, encoding/csv, net), as the pflag `Set` methods use it

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumErr {
    Syntax,
    Range,
}

impl NumErr {
    fn text(self) -> &'static str {
        match self {
            NumErr::Syntax => "invalid syntax",
            NumErr::Range => "value out of range",
        }
    }
}

/// Go's `strconv.Quote`-like rendering, close enough for messages.
fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `%q` of a byte (pflag's unknown shorthand message).
fn go_quote_byte(c: u8) -> String {
    match c {
        b'\'' => "'\\''".to_string(),
        b'\\' => "'\\\\'".to_string(),
        0x20..=0x7e => format!("'{}'", c as char),
        b'\n' => "'\\n'".to_string(),
        b'\t' => "'\\t'".to_string(),
        b'\r' => "'\\r'".to_string(),
        c if c < 0x20 || c == 0x7f => format!("'\\x{c:02x}'"),
        c => format!("'{}'", char::from(c)),
    }
}

/// `strconv.ParseBool`.
pub fn go_parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// strconv's `underscoreOK`.
fn underscore_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut saw = b'^';
    let mut i = 0;
    let b = match b.first() {
        Some(b'-') | Some(b'+') => b.get(1..).unwrap_or(&[]),
        _ => b,
    };
    let mut hex = false;
    if b.len() >= 2 && b.first() == Some(&b'0') {
        if let Some(p) = b.get(1).map(|c| c.to_ascii_lowercase()) {
            if p == b'b' || p == b'o' || p == b'x' {
                i = 2;
                saw = b'0';
                hex = p == b'x';
            }
        }
    }
    for &c in b.iter().skip(i) {
        let l = c.to_ascii_lowercase();
        if c.is_ascii_digit() || (hex && (b'a'..=b'f').contains(&l)) {
            saw = b'0';
            continue;
        }
        if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
            continue;
        }
        if saw == b'_' {
            return false;
        }
        saw = b'!';
    }
    saw != b'_'
}

/// `strconv.ParseUint(s, base, bits)` with base 0 (prefixes, underscores) or 10.
fn go_parse_uint(s: &str, base0: bool, bits: u32) -> Result<u64, NumErr> {
    if s.is_empty() {
        return Err(NumErr::Syntax);
    }
    let b = s.as_bytes();
    let mut base: u64 = 10;
    let mut digits = b;
    if base0 && b.first() == Some(&b'0') {
        let p = b.get(1).map(|c| c.to_ascii_lowercase());
        let (nb, skip) = match p {
            Some(b'b') if b.len() >= 3 => (2, 2),
            Some(b'o') if b.len() >= 3 => (8, 2),
            Some(b'x') if b.len() >= 3 => (16, 2),
            _ => (8, 1),
        };
        base = nb;
        digits = b.get(skip..).unwrap_or(&[]);
    }
    let max_val: u64 = if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    let cutoff = u64::MAX / base + 1;
    let mut underscores = false;
    let mut n: u64 = 0;
    for &c in digits {
        let l = c.to_ascii_lowercase();
        let d = if c == b'_' && base0 {
            underscores = true;
            continue;
        } else if c.is_ascii_digit() {
            u64::from(c - b'0')
        } else if l.is_ascii_lowercase() {
            u64::from(l - b'a') + 10
        } else {
            return Err(NumErr::Syntax);
        };
        if d >= base {
            return Err(NumErr::Syntax);
        }
        if n >= cutoff {
            return Err(NumErr::Range);
        }
        n *= base;
        let n1 = n.wrapping_add(d);
        if n1 < n || n1 > max_val {
            return Err(NumErr::Range);
        }
        n = n1;
    }
    if underscores && !underscore_ok(s) {
        return Err(NumErr::Syntax);
    }
    Ok(n)
}

/// `strconv.ParseInt(s, base, bits)` with base 0 or 10.
fn go_parse_int(s: &str, base0: bool, bits: u32) -> Result<i64, NumErr> {
    if s.is_empty() {
        return Err(NumErr::Syntax);
    }
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'+') => (false, s.get(1..).unwrap_or("")),
        Some(b'-') => (true, s.get(1..).unwrap_or("")),
        _ => (false, s),
    };
    let un = match go_parse_uint(rest, base0, bits) {
        Ok(u) => u,
        Err(NumErr::Syntax) => return Err(NumErr::Syntax),
        Err(NumErr::Range) => return Err(NumErr::Range),
    };
    let cutoff: u64 = 1u64 << (bits - 1);
    if (!neg && un >= cutoff) || (neg && un > cutoff) {
        return Err(NumErr::Range);
    }
    let v = un as i64;
    Ok(if neg { v.wrapping_neg() } else { v })
}

/// `word`, with control characters (a `\r` left by CRLF line endings) escaped as `{:?}` does.
pub(crate) fn escape_controls(word: &str) -> Cow<'_, str> {
    if word.chars().any(char::is_control) {
        Cow::Owned(word.escape_debug().to_string())
    } else {
        Cow::Borrowed(word)
    }
}

/// `strconv.ParseFloat(s, 64)`: syntax of Go float literals (`special` + `readFloat`), range
/// error on overflow.
fn go_parse_float(s: &str) -> Result<f64, NumErr> {
    // special(): [+-]inf, [+-]infinity (case-insensitive), nan (no sign)
    let lower = s.to_ascii_lowercase();
    let unsigned = lower.strip_prefix(['+', '-']).unwrap_or(&lower);
    if unsigned == "inf" || unsigned == "infinity" {
        return Ok(if lower.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if lower == "nan" {
        return Ok(f64::NAN);
    }
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).copied();
    let mut i = 0;
    let mut neg = false;
    match at(0) {
        Some(b'+') => i += 1,
        Some(b'-') => {
            neg = true;
            i += 1
        }
        Some(_) => {}
        None => return Err(NumErr::Syntax),
    }
    let mut hex = false;
    if i + 2 < b.len()
        && at(i) == Some(b'0')
        && at(i + 1).map(|c| c.to_ascii_lowercase()) == Some(b'x')
    {
        hex = true;
        i += 2;
    }
    let mut underscores = false;
    let mut sawdot = false;
    let mut sawdigits = false;
    let mut mantissa = String::new();
    let mut dp_digits = 0i64; // hex digits after the dot
    while let Some(c) = at(i) {
        if c == b'_' {
            underscores = true;
        } else if c == b'.' {
            if sawdot {
                break;
            }
            sawdot = true;
            mantissa.push('.');
        } else if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            sawdigits = true;
            mantissa.push(c as char);
            if sawdot {
                dp_digits += 1;
            }
        } else {
            break;
        }
        i += 1;
    }
    if !sawdigits {
        return Err(NumErr::Syntax);
    }
    let exp_char = if hex { b'p' } else { b'e' };
    let mut exp: i64 = 0;
    if at(i).map(|c| c.to_ascii_lowercase()) == Some(exp_char) {
        i += 1;
        let mut esign = 1;
        match at(i) {
            None => return Err(NumErr::Syntax),
            Some(b'+') => i += 1,
            Some(b'-') => {
                i += 1;
                esign = -1
            }
            _ => {}
        }
        if !at(i).is_some_and(|c| c.is_ascii_digit()) {
            return Err(NumErr::Syntax);
        }
        while let Some(c) = at(i) {
            if c == b'_' {
                underscores = true;
            } else if c.is_ascii_digit() {
                if exp < 10000 {
                    exp = exp * 10 + i64::from(c - b'0');
                }
            } else {
                break;
            }
            i += 1;
        }
        exp *= esign;
    } else if hex {
        return Err(NumErr::Syntax);
    }
    if underscores && !underscore_ok(s.get(..i).unwrap_or("")) {
        return Err(NumErr::Syntax);
    }
    if i != b.len() {
        return Err(NumErr::Syntax);
    }
    let v = if hex {
        let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
        let mut m = 0f64;
        for c in digits.chars() {
            m = m * 16.0 + f64::from(c.to_digit(16).unwrap_or(0));
        }
        let e = exp - 4 * dp_digits;
        m * 2f64.powi(e.clamp(-5000, 5000) as i32)
    } else {
        parse_f64(&format!("{mantissa}e{exp}")).ok_or(NumErr::Syntax)?
    };
    if v.is_infinite() {
        return Err(NumErr::Range);
    }
    Ok(if neg { -v } else { v })
}

/// The `time` package's own `quote`: bytes of non-ASCII or control characters as `\xNN`.
fn time_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if (c as u32) >= 0x80 || c < ' ' {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// `time.ParseDuration` (Go 1.19), validation only.
fn go_parse_duration(orig: &str) -> Result<(), String> {
    let invalid = || format!("time: invalid duration {}", time_quote(orig));
    let mut s = orig.as_bytes();
    if let Some(&c) = s.first() {
        if c == b'-' || c == b'+' {
            s = s.get(1..).unwrap_or(&[]);
        }
    }
    if s == b"0" {
        return Ok(());
    }
    if s.is_empty() {
        return Err(invalid());
    }
    const LIMIT: u64 = 1 << 63;
    let mut d: u64 = 0;
    while !s.is_empty() {
        let first = s.first().copied().unwrap_or(0);
        if !(first == b'.' || first.is_ascii_digit()) {
            return Err(invalid());
        }
        // leadingInt
        let mut v: u64 = 0;
        let mut i = 0;
        while let Some(&c) = s.get(i) {
            if !c.is_ascii_digit() {
                break;
            }
            if v > LIMIT / 10 {
                return Err(invalid());
            }
            v = v * 10 + u64::from(c - b'0');
            if v > LIMIT {
                return Err(invalid());
            }
            i += 1;
        }
        let pre = i > 0;
        s = s.get(i..).unwrap_or(&[]);
        // leadingFraction
        let mut f: u64 = 0;
        let mut scale = 1f64;
        let mut post = false;
        if s.first() == Some(&b'.') {
            s = s.get(1..).unwrap_or(&[]);
            let mut j = 0;
            let mut overflow = false;
            while let Some(&c) = s.get(j) {
                if !c.is_ascii_digit() {
                    break;
                }
                j += 1;
                if overflow {
                    continue;
                }
                if f > (LIMIT - 1) / 10 {
                    overflow = true;
                    continue;
                }
                let y = f * 10 + u64::from(c - b'0');
                if y > LIMIT {
                    overflow = true;
                    continue;
                }
                f = y;
                scale *= 10.0;
            }
            post = j > 0;
            s = s.get(j..).unwrap_or(&[]);
        }
        if !pre && !post {
            return Err(invalid());
        }
        let ulen = s
            .iter()
            .position(|&c| c == b'.' || c.is_ascii_digit())
            .unwrap_or(s.len());
        if ulen == 0 {
            return Err(format!(
                "time: missing unit in duration {}",
                time_quote(orig)
            ));
        }
        let u = s.get(..ulen).unwrap_or(&[]);
        s = s.get(ulen..).unwrap_or(&[]);
        let unit: u64 = match u {
            b"ns" => 1,
            // "µs" (U+00B5) and "μs" (U+03BC)
            b"us" | b"\xC2\xB5s" | b"\xCE\xBCs" => 1_000,
            b"ms" => 1_000_000,
            b"s" => 1_000_000_000,
            b"m" => 60_000_000_000,
            b"h" => 3_600_000_000_000,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    time_quote(&String::from_utf8_lossy(u)),
                    time_quote(orig)
                ))
            }
        };
        if v > LIMIT / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            v = v.saturating_add((f as f64 * (unit as f64 / scale)) as u64);
            if v > LIMIT {
                return Err(invalid());
            }
        }
        d = d.saturating_add(v);
        if d > LIMIT {
            return Err(invalid());
        }
    }
    let neg = orig.starts_with('-');
    if !neg && d > LIMIT - 1 {
        return Err(invalid());
    }
    Ok(())
}

/// pflag's `readAsCSV` (Go 1.19 `encoding/csv`, first record only), validation only; the
/// error is Go's `ParseError` text (lines and byte columns as Go counts them).
fn csv_check(val: &str) -> Result<(), String> {
    if val.is_empty() {
        return Ok(());
    }
    // Without quotes or line breaks there is one record of plain fields: nothing can fail.
    if !val.bytes().any(|c| c == b'"' || c == b'\n' || c == b'\r') {
        return Ok(());
    }
    // Go csv readLine: lines keep their '\n'; "\r\n" -> "\n"; a trailing "\r" at EOF is dropped.
    let mut lines: Vec<Vec<u8>> = Vec::new();
    let mut rest = val.as_bytes();
    while !rest.is_empty() {
        let cut = rest
            .iter()
            .position(|&c| c == b'\n')
            .map(|p| p + 1)
            .unwrap_or(rest.len());
        let mut l = rest.get(..cut).unwrap_or(&[]).to_vec();
        rest = rest.get(cut..).unwrap_or(&[]);
        if l.last() != Some(&b'\n') && l.last() == Some(&b'\r') {
            l.pop();
        }
        if l.ends_with(b"\r\n") {
            l.truncate(l.len() - 2);
            l.push(b'\n');
        }
        lines.push(l);
    }
    let mut it = lines.into_iter();
    let mut num_line = 0usize;
    let mut read_line = |num_line: &mut usize| -> Option<Vec<u8>> {
        *num_line += 1;
        it.next()
    };
    let is_nl_only = |l: &[u8]| l.is_empty() || l == b"\n";
    let mut line = loop {
        match read_line(&mut num_line) {
            None => return Err("EOF".to_string()),
            Some(l) if is_nl_only(&l) => continue,
            Some(l) => break l,
        }
    };
    let rec_line = num_line;
    let (mut pos_line, mut pos_col) = (num_line, 1usize);
    let perr = |line: usize, col: usize, what: &str| {
        if rec_line != line {
            format!("record on line {rec_line}; parse error on line {line}, column {col}: {what}")
        } else {
            format!("parse error on line {line}, column {col}: {what}")
        }
    };
    const BARE: &str = "bare \" in non-quoted-field";
    const QUOTE: &str = "extraneous or missing \" in quoted-field";
    'field: loop {
        if line.first() != Some(&b'"') {
            let comma = line.iter().position(|&c| c == b',');
            let field = match comma {
                Some(i) => line.get(..i).unwrap_or(&[]),
                None => line.strip_suffix(b"\n").unwrap_or(&line),
            };
            if let Some(j) = field.iter().position(|&c| c == b'"') {
                return Err(perr(num_line, pos_col + j, BARE));
            }
            match comma {
                Some(i) => {
                    line = line.get(i + 1..).unwrap_or(&[]).to_vec();
                    pos_col += i + 1;
                    continue 'field;
                }
                None => return Ok(()),
            }
        }
        line = line.get(1..).unwrap_or(&[]).to_vec();
        pos_col += 1;
        loop {
            if let Some(q) = line.iter().position(|&c| c == b'"') {
                line = line.get(q + 1..).unwrap_or(&[]).to_vec();
                pos_col += q + 1;
                match line.first() {
                    Some(b'"') => {
                        line = line.get(1..).unwrap_or(&[]).to_vec();
                        pos_col += 1;
                    }
                    Some(b',') => {
                        line = line.get(1..).unwrap_or(&[]).to_vec();
                        pos_col += 1;
                        continue 'field;
                    }
                    _ if is_nl_only(&line) => return Ok(()),
                    _ => return Err(perr(num_line, pos_col - 1, QUOTE)),
                }
            } else if !line.is_empty() {
                pos_col += line.len();
                line = read_line(&mut num_line).unwrap_or_default();
                if !line.is_empty() {
                    pos_line += 1;
                    pos_col = 1;
                }
            } else {
                return Err(perr(pos_line, pos_col, QUOTE));
            }
        }
    }
}

/// Go's `net` `dtoi`/`xtoi`: (value, digits consumed, ok).
fn go_atoi_prefix(s: &[u8], hex: bool) -> (u32, usize, bool) {
    const BIG: u32 = 0xFF_FFFF;
    let mut n: u32 = 0;
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        let d = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'a'..=b'f' if hex => u32::from(c - b'a') + 10,
            b'A'..=b'F' if hex => u32::from(c - b'A') + 10,
            _ => break,
        };
        n = n * if hex { 16 } else { 10 } + d;
        if n >= BIG {
            return (0, i, false);
        }
        i += 1;
    }
    (n, i, i > 0)
}

/// Go 1.19 `net.parseIPv4`, validity only.
fn go_ipv4_ok(mut s: &[u8]) -> bool {
    for i in 0..4 {
        if s.is_empty() {
            return false;
        }
        if i > 0 {
            if s.first() != Some(&b'.') {
                return false;
            }
            s = s.get(1..).unwrap_or(&[]);
        }
        let (n, c, ok) = go_atoi_prefix(s, false);
        if !ok || n > 0xFF || (c > 1 && s.first() == Some(&b'0')) {
            return false;
        }
        s = s.get(c..).unwrap_or(&[]);
    }
    s.is_empty()
}

/// Go 1.19 `net.parseIPv6`, validity only.
fn go_ipv6_ok(mut s: &[u8]) -> bool {
    let mut ellipsis: Option<usize> = None;
    if s.starts_with(b"::") {
        ellipsis = Some(0);
        s = s.get(2..).unwrap_or(&[]);
        if s.is_empty() {
            return true;
        }
    }
    let mut i = 0;
    while i < 16 {
        let (n, c, ok) = go_atoi_prefix(s, true);
        if !ok || n > 0xFFFF {
            return false;
        }
        if s.get(c) == Some(&b'.') {
            if (ellipsis.is_none() && i != 12) || i + 4 > 16 || !go_ipv4_ok(s) {
                return false;
            }
            s = &[];
            i += 4;
            break;
        }
        i += 2;
        s = s.get(c..).unwrap_or(&[]);
        if s.is_empty() {
            break;
        }
        if s.first() != Some(&b':') || s.len() == 1 {
            return false;
        }
        s = s.get(1..).unwrap_or(&[]);
        if s.first() == Some(&b':') {
            if ellipsis.is_some() {
                return false;
            }
            ellipsis = Some(i);
            s = s.get(1..).unwrap_or(&[]);
            if s.is_empty() {
                break;
            }
        }
    }
    if !s.is_empty() {
        return false;
    }
    if i < 16 {
        ellipsis.is_some()
    } else {
        ellipsis.is_none()
    }
}

/// `net.ParseIP(strings.TrimSpace(s)) != nil`.
fn ip_check(s: &str) -> Result<(), String> {
    let t = s.trim().as_bytes();
    let ok = match t.iter().find(|&&c| c == b'.' || c == b':') {
        Some(b'.') => go_ipv4_ok(t),
        Some(_) => go_ipv6_ok(t),
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{} is not a valid IP address", go_quote(s)))
    }
}

fn quantity_check(s: &str) -> Result<(), String> {
    let err = || {
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
            .to_string()
    };
    let t = s.trim();
    let t = t.strip_prefix(['+', '-']).unwrap_or(t);
    let b = t.as_bytes();
    let int_len = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = int_len;
    if int_len > 0 {
        if b.get(i) == Some(&b'.') {
            i += 1;
            i += b.iter().skip(i).take_while(|c| c.is_ascii_digit()).count();
        }
    } else {
        if b.first() != Some(&b'.') {
            return Err(err());
        }
        let frac = b.iter().skip(1).take_while(|c| c.is_ascii_digit()).count();
        if frac == 0 {
            return Err(err());
        }
        i = 1 + frac;
    }
    let suffix = t.get(i..).unwrap_or("x");
    let ok = match suffix {
        "" | "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" | "m" | "k" | "M" | "G" | "T" | "P" | "E" => {
            true
        }
        sfx => {
            let e = sfx.strip_prefix(['e', 'E']);
            e.map(|e| e.strip_prefix(['+', '-']).unwrap_or(e))
                .is_some_and(|d| !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit()))
        }
    };
    if ok {
        Ok(())
    } else {
        Err(err())
    }
}

fn module_spec_check(s: &str) -> Result<(), String> {
    let syntax = || "syntax error: expect comma-separated list of filename=N".to_string();
    for pat in s.split(',') {
        if pat.is_empty() {
            continue;
        }
        let kv: Vec<&str> = pat.split('=').collect();
        let (Some(k), Some(v), 2) = (kv.first(), kv.get(1), kv.len()) else {
            return Err(syntax());
        };
        if k.is_empty() || v.is_empty() {
            return Err(syntax());
        }
        match go_parse_int(v, false, 32) {
            Err(_) => return Err(syntax()),
            Ok(n) if n < 0 => return Err("negative value for vmodule level".to_string()),
            Ok(_) => {}
        }
    }
    Ok(())
}

fn trace_location_check(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Ok(());
    }
    let syntax = || "syntax error: expect file.go:234".to_string();
    let f: Vec<&str> = s.split(':').collect();
    let (Some(file), Some(line), 2) = (f.first(), f.get(1), f.len()) else {
        return Err(syntax());
    };
    if !file.contains('.') {
        return Err(syntax());
    }
    match go_parse_int(line, false, 64) {
        Err(_) => Err(syntax()),
        Ok(v) if v <= 0 => Err("negative or zero value for level".to_string()),
        Ok(_) => Ok(()),
    }
}

fn severity_check(s: &str) -> Result<(), String> {
    // Go's `strings.ToUpper`; besides ASCII only `ı` and `ſ` upper-case to ASCII letters, so this
    // matches the four names exactly as a full Unicode upper-casing would (and is much smaller).
    let upper: String = s
        .chars()
        .map(|c| match c {
            'ı' => 'I',
            'ſ' => 'S',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    match upper.as_str() {
        "INFO" | "WARNING" | "ERROR" | "FATAL" => return Ok(()),
        _ => {}
    }
    go_parse_int(s, false, 32)
        .map(|_| ())
        .map_err(|e| format!("strconv.ParseInt: parsing {}: {}", go_quote(s), e.text()))
}

fn bool_pairs_check(s: &str) -> Result<(), String> {
    for item in s.split(',') {
        if item.trim().is_empty() {
            continue;
        }
        let Some((k, v)) = item.split_once('=') else {
            return Err("malformed pair, expect string=bool".to_string());
        };
        let (k, v) = (k.trim(), v.trim());
        if go_parse_bool(v).is_none() {
            return Err(format!(
                "invalid value of {k}={v}, err: strconv.ParseBool: parsing {}: invalid syntax",
                go_quote(v)
            ));
        }
    }
    Ok(())
}

fn split_pairs_check(s: &str, sep: char, what: &str) -> Result<(), String> {
    for item in s.split(',') {
        let item = item.trim();
        if !item.is_empty() && !item.contains(sep) {
            return Err(format!("malformed pair, expect {what}"));
        }
    }
    Ok(())
}

/// Validates a flag value like the flag's pflag `Value.Set` (as the oracle models it). The
/// error is the Go error text.
pub fn validate_value(typ: FlagType, v: &str) -> Result<(), String> {
    let num = |f: &str, r: Result<(), NumErr>| {
        r.map_err(|e| format!("strconv.{f}: parsing {}: {}", go_quote(v), e.text()))
    };
    match typ {
        FlagType::Bool => match go_parse_bool(v) {
            Some(_) => Ok(()),
            None => Err(format!(
                "strconv.ParseBool: parsing {}: invalid syntax",
                go_quote(v)
            )),
        },
        FlagType::String
        | FlagType::ConfigurationMap
        | FlagType::MapStringStringNoSplit
        | FlagType::ReservedMemory
        | FlagType::Taints
        | FlagType::Unmodelled => Ok(()),
        FlagType::Int32 => num("ParseInt", go_parse_int(v, true, 32).map(|_| ())),
        FlagType::Int64 | FlagType::Int => num("ParseInt", go_parse_int(v, true, 64).map(|_| ())),
        FlagType::Uint64 => num("ParseUint", go_parse_uint(v, true, 64).map(|_| ())),
        FlagType::Float64 => num("ParseFloat", go_parse_float(v).map(|_| ())),
        FlagType::Duration => go_parse_duration(v),
        FlagType::StringSlice => csv_check(v),
        FlagType::MapStringBool => bool_pairs_check(v),
        FlagType::MapStringString => split_pairs_check(v, '=', "string=string"),
        FlagType::LangleMapStringString => split_pairs_check(v, '<', "string<string"),
        FlagType::ColonMultimapStringString => split_pairs_check(v, ':', "name:value"),
        FlagType::Ip => ip_check(v),
        FlagType::Version => {
            if v == "raw" || v.starts_with('v') || go_parse_bool(v).is_some() {
                Ok(())
            } else {
                Err(format!(
                    "strconv.ParseBool: parsing {}: invalid syntax",
                    go_quote(v)
                ))
            }
        }
        FlagType::Quantity => quantity_check(v),
        FlagType::ModuleSpec => module_spec_check(v),
        FlagType::TraceLocation => trace_location_check(v),
        FlagType::Severity => severity_check(v),
    }
}

// ------------------------------------------------------------------------------------------
// A pflag FlagSet simulator

#[derive(Debug, Clone, Copy)]
struct Spec<'t> {
    def: &'t FlagDef,
    /// The last table row with the flag's name (the row [`FlagTable::get`] gives for it).
    head: u16,
    /// A `cliflag.NoOp` global flag of the precedence re-parse: takes a value, accepts anything.
    noop: bool,
}

impl Spec<'_> {
    fn bool_like(&self) -> bool {
        !self.noop && !self.def.typ.takes_value()
    }
}

/// The flags a kubelet FlagSet registers, looked up in the table on demand (no per-call map):
/// the kubelet's first flag set (`reparse = false`) or the precedence re-parse's
/// (`reparse = true`: global flags as value-taking no-ops, no `--help`). Of several rows with
/// the same name or shorthand, the last registered one counts (pflag's map insertion).
struct PSet<'t> {
    table: &'t FlagTable,
    minor: Minor,
    os: Os,
    reparse: bool,
}

impl<'t> PSet<'t> {
    fn new(table: &'t FlagTable, minor: Minor, os: Os, reparse: bool) -> PSet<'t> {
        PSet {
            table,
            minor,
            os,
            reparse,
        }
    }

    /// Row `i` as this set registers it, if it does.
    fn spec(&self, i: u16, head: u16) -> Option<Spec<'t>> {
        let def = self.table.def(i)?;
        if !def.exists_in(self.minor, self.os) {
            return None;
        }
        let noop = match (def.group, self.reparse) {
            (FlagGroup::Other, _) | (FlagGroup::Help, true) => return None,
            (FlagGroup::Global, true) => true,
            _ => false,
        };
        Some(Spec { def, head, noop })
    }

    /// The flag `--{raw}` (normalised like `cliflag.WordSepNormalizeFunc`).
    fn long(&self, raw: &str) -> Option<Spec<'t>> {
        let head = self.table.find_normalised(raw)?;
        let mut row = Some(head);
        while let Some(i) = row {
            if let Some(spec) = self.spec(i, head) {
                return Some(spec);
            }
            row = self.table.prev_same_name(i);
        }
        None
    }

    /// The flag with shorthand `-{c}`.
    fn short(&self, c: u8) -> Option<Spec<'t>> {
        self.table
            .shorthands
            .iter()
            .rev()
            .filter(|(sc, _)| *sc == c)
            .find_map(|&(_, i)| {
                let def = self.table.def(i)?;
                let head = self
                    .table
                    .by_name
                    .find(&self.table.defs, def.name.as_bytes())?;
                self.spec(i, head)
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum PErrKind {
    BadSyntax,
    Unknown {
        name: String,
    },
    UnknownShort {
        c: u8,
        shorthands: String,
    },
    NeedsArg {
        short: Option<(u8, String)>,
    },
    BadValue {
        def_name: String,
        flag_display: String,
        typ: FlagType,
        value: String,
        err: String,
    },
    Help,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct PErr {
    kind: PErrKind,
    /// Index in args of the word at fault.
    index: usize,
    word: String,
}

impl PErr {
    /// The pflag error text.
    fn text(&self) -> String {
        match &self.kind {
            PErrKind::BadSyntax => format!("bad flag syntax: {}", self.word),
            PErrKind::Unknown { name } => format!("unknown flag: --{name}"),
            PErrKind::UnknownShort { c, shorthands } => {
                format!(
                    "unknown shorthand flag: {} in -{shorthands}",
                    go_quote_byte(*c)
                )
            }
            PErrKind::NeedsArg { short: None } => format!("flag needs an argument: {}", self.word),
            PErrKind::NeedsArg {
                short: Some((c, sh)),
            } => {
                format!("flag needs an argument: {} in -{sh}", go_quote_byte(*c))
            }
            PErrKind::BadValue {
                flag_display,
                value,
                err,
                ..
            } => {
                format!(
                    "invalid argument {} for {} flag: {err}",
                    go_quote(value),
                    go_quote(flag_display)
                )
            }
            PErrKind::Help => "pflag: help requested".to_string(),
        }
    }
}

#[derive(Debug, Clone, Default)]
struct ParseResult<'a> {
    occs: Vec<FlagOcc<'a>>,
    /// Per occurrence: the last table row with its name.
    heads: Vec<u16>,
    positionals: Vec<(usize, Cow<'a, str>)>,
    err: Option<PErr>,
    /// Indices into `occs` whose separate value word looks like a flag.
    swallowed: Vec<usize>,
    /// Whether `--` was seen (everything after it is positional).
    dash_dash: Option<usize>,
    /// Words (or their rest) that pflag skips silently: a shorthand run reaching `test.`.
    ignored: Vec<(usize, String)>,
    /// Whether an occurrence is of a flag that the precedence re-parse registers differently
    /// (`--help`, or a bool-like global flag, which becomes a value-taking no-op there).
    reparse_sensitive: bool,
}

/// What a parse keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Record {
    /// Everything (the first parse).
    All,
    /// Only the occurrences the precedence re-parse decides (`--client-ca-file`,
    /// `--anonymous-auth`, `--authentication-token-webhook`) and the error.
    Reapplied,
}

/// `s.split_once('=')` as (name, inline value), by a byte scan.
fn split_at_eq(s: &str) -> (&str, Option<&str>) {
    match s.bytes().position(|c| c == b'=') {
        Some(i) => (s.get(..i).unwrap_or(s), s.get(i + 1..)),
        None => (s, None),
    }
}

fn looks_like_flag(v: &str) -> bool {
    let b = v.as_bytes();
    match (b.first(), b.get(1)) {
        (Some(b'-'), Some(b'-')) => b.len() > 2,
        (Some(b'-'), Some(c)) => c.is_ascii_alphabetic(),
        _ => false,
    }
}

impl<'a> ParseResult<'a> {
    /// Notes one occurrence (after its value was accepted).
    fn note(
        &mut self,
        record: Record,
        spec: &Spec<'static>,
        word: &'a str,
        value: &'a str,
        index: usize,
        value_index: Option<usize>,
    ) {
        let d = spec.def;
        if record == Record::All {
            if d.group == FlagGroup::Help || (d.group == FlagGroup::Global && !d.typ.takes_value())
            {
                self.reparse_sensitive = true;
            }
            if value_index.is_some() && looks_like_flag(value) {
                self.swallowed.push(self.occs.len());
            }
        } else if !matches!(
            d.name.as_str(),
            "client-ca-file" | "anonymous-auth" | "authentication-token-webhook"
        ) {
            return;
        }
        self.occs.push(FlagOcc {
            name: Cow::Borrowed(d.name.as_str()),
            written: Cow::Borrowed(word),
            value: Cow::Borrowed(value),
            index,
            value_index,
        });
        self.heads.push(spec.head);
    }
}

/// pflag `FlagSet.Parse` (interspersed, ContinueOnError) over `args`.
fn pflag_parse<'a>(args: &'a [String], set: &PSet<'static>, record: Record) -> ParseResult<'a> {
    let all = record == Record::All;
    let mut r = ParseResult::default();
    if all {
        r.occs.reserve(args.len());
        r.heads.reserve(args.len());
    }
    let mut i = 0;
    while let Some(s) = args.get(i) {
        let idx = i;
        i += 1;
        let b = s.as_bytes();
        if b.len() < 2 || b.first() != Some(&b'-') {
            if all {
                r.positionals.push((idx, Cow::Borrowed(s.as_str())));
            }
            continue;
        }
        let err = |kind: PErrKind| PErr {
            kind,
            index: idx,
            word: s.clone(),
        };
        if b.get(1) == Some(&b'-') {
            if b.len() == 2 {
                r.dash_dash = Some(idx);
                if all {
                    for (j, a) in args.iter().enumerate().skip(i) {
                        r.positionals.push((j, Cow::Borrowed(a.as_str())));
                    }
                }
                break;
            }
            let name_all = s.get(2..).unwrap_or("");
            if name_all.starts_with(['-', '=']) {
                r.err = Some(err(PErrKind::BadSyntax));
                return r;
            }
            let (name, inline) = split_at_eq(name_all);
            let Some(spec) = set.long(name) else {
                let kind = if name == "help" {
                    PErrKind::Help
                } else {
                    PErrKind::Unknown {
                        name: name.to_string(),
                    }
                };
                r.err = Some(err(kind));
                return r;
            };
            let (value, value_index): (&str, _) = if let Some(v) = inline {
                (v, None)
            } else if spec.bool_like() {
                ("true", None)
            } else if let Some(next) = args.get(i) {
                i += 1;
                (next, Some(idx + 1))
            } else {
                r.err = Some(err(PErrKind::NeedsArg { short: None }));
                return r;
            };
            if let Some(e) = set_value(&spec, value, idx, s) {
                r.err = Some(e);
                return r;
            }
            r.note(record, &spec, s, value, idx, value_index);
            continue;
        }
        // a run of shorthands: -v3, -hv 3, -v=3
        let mut sh: &str = s.get(1..).unwrap_or("");
        let mut consumed = false;
        while !sh.is_empty() {
            if sh.starts_with("test.") {
                if all {
                    r.ignored.push((idx, s.clone()));
                }
                break;
            }
            let sb = sh.as_bytes();
            let c = sb.first().copied().unwrap_or(0);
            let Some(spec) = set.short(c) else {
                let kind = if c == b'h' {
                    PErrKind::Help
                } else {
                    PErrKind::UnknownShort {
                        c,
                        shorthands: sh.to_string(),
                    }
                };
                r.err = Some(err(kind));
                return r;
            };
            let mut next_sh = sh.get(1..).unwrap_or("");
            let mut value_index = None;
            let value: &str = if sb.len() > 2 && sb.get(1) == Some(&b'=') {
                next_sh = "";
                sh.get(2..).unwrap_or("")
            } else if spec.bool_like() {
                "true"
            } else if sb.len() > 1 {
                next_sh = "";
                sh.get(1..).unwrap_or("")
            } else if let (Some(next), false) = (args.get(idx + 1), consumed) {
                consumed = true;
                value_index = Some(idx + 1);
                next
            } else {
                r.err = Some(err(PErrKind::NeedsArg {
                    short: Some((c, sh.to_string())),
                }));
                return r;
            };
            if let Some(e) = set_value(&spec, value, idx, s) {
                r.err = Some(e);
                return r;
            }
            r.note(record, &spec, s, value, idx, value_index);
            sh = next_sh;
        }
        if consumed {
            i += 1;
        }
    }
    r
}

fn set_value(spec: &Spec<'_>, value: &str, idx: usize, word: &str) -> Option<PErr> {
    if spec.noop {
        return None;
    }
    let d = spec.def;
    validate_value(d.typ, value).err().map(|e| {
        let flag_display = match d.shorthand {
            Some(c) => format!("-{}, --{}", c as char, d.name),
            None => format!("--{}", d.name),
        };
        PErr {
            kind: PErrKind::BadValue {
                def_name: d.name.clone(),
                flag_display,
                typ: d.typ,
                value: value.to_string(),
                err: e,
            },
            index: idx,
            word: word.to_string(),
        }
    })
}

// ------------------------------------------------------------------------------------------
// The judged version (spec Z10)

fn byte_display(c: u8) -> char {
    if c.is_ascii() {
        c as char
    } else {
        '\u{fffd}'
    }
}

/// `1.NN`, formatted where it is used.
#[derive(Debug, Clone, Copy)]
struct MinorText(Minor);

impl std::fmt::Display for MinorText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "1.{}", self.0)
    }
}

/// `1.NN` appended to `out`.
fn push_minor(out: &mut String, m: Minor) {
    use std::fmt::Write;
    let _ = write!(out, "1.{m}");
}

/// A set of table rows: a bitset for the first 512 (the table has about 220), a list beyond.
#[derive(Debug, Default)]
struct RowSet {
    bits: [u64; 8],
    more: Vec<u16>,
}

impl RowSet {
    /// Adds row `i`; whether it was not in the set yet.
    fn insert(&mut self, i: u16) -> bool {
        let bit = 1u64 << (i % 64);
        match self.bits.get_mut(usize::from(i / 64)) {
            Some(w) => {
                let new = *w & bit == 0;
                *w |= bit;
                new
            }
            None if self.more.contains(&i) => false,
            None => {
                self.more.push(i);
                true
            }
        }
    }
}

/// The table flags that argv names, read the way pflag reads them (row indices, each once, in
/// order of first appearance), and the names unknown in every covered version (the oracle's
/// `flagsPresent`).
fn flags_present(table: &FlagTable, args: &[String], os: Os) -> (Vec<u16>, Vec<String>) {
    let mut present: Vec<u16> = Vec::with_capacity(args.len());
    let mut unknown = Vec::new();
    let mut seen = RowSet::default();
    let mut note = |i: u16, present: &mut Vec<u16>| {
        if seen.insert(i) {
            present.push(i);
        }
    };
    let by_short = |c: u8| {
        table
            .shorthands
            .iter()
            .rev()
            .filter(|(sc, _)| *sc == c)
            .find_map(|&(_, i)| table.def(i).filter(|d| d.for_os(os)).map(|d| (i, d)))
    };
    let bool_like = |d: &FlagDef| !d.typ.takes_value();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        let b = a.as_bytes();
        if b.len() < 2 || b.first() != Some(&b'-') {
            continue;
        }
        if b.get(1) == Some(&b'-') {
            if b.len() == 2 {
                break;
            }
            let raw = a.get(2..).unwrap_or("");
            let (name, value) = split_at_eq(raw);
            let has_value = value.is_some();
            let found = table
                .find_normalised(name)
                .and_then(|i| Some((i, table.def(i)?)));
            let Some((di, d)) = found.filter(|(_, d)| d.for_os(os)) else {
                let name = normalize_name(name);
                match found {
                    Some((_, od)) => unknown.push(format!(
                        "--{name} ({} builds only)",
                        match od.os {
                            OsFilter::Windows => "windows",
                            OsFilter::Linux => "linux",
                            OsFilter::Any => "any",
                        }
                    )),
                    None => unknown.push(format!("--{name}")),
                }
                continue;
            };
            if d.since.is_none() {
                unknown.push(format!("--{} ({})", d.name, d.range_string()));
            } else {
                note(di, &mut present);
            }
            if !has_value && !bool_like(d) {
                i += 1;
            }
            continue;
        }
        let mut sh = b.get(1..).unwrap_or(&[]);
        while let Some(&c) = sh.first() {
            let Some((di, d)) = by_short(c) else {
                unknown.push(format!("-{}", byte_display(c)));
                break;
            };
            note(di, &mut present);
            if sh.len() > 2 && sh.get(1) == Some(&b'=') {
                break;
            }
            if bool_like(d) {
                sh = sh.get(1..).unwrap_or(&[]);
                continue;
            }
            if sh.len() == 1 {
                i += 1;
            }
            break;
        }
    }
    (present, unknown)
}

/// How many of the `present` rows exist in each minor from `OLDEST` to `last`; the newest
/// minor with the most of them (the oracle's loop from the newest version down, strictly
/// greater wins).
fn best_minor(table: &FlagTable, present: &[u16], os: Os, last: Minor) -> Minor {
    const SPAN: usize = 128;
    let span = usize::from(last.saturating_sub(OLDEST)) + 1;
    if span >= SPAN {
        // a table far beyond the current one: count version by version
        let mut best = last;
        let mut best_n: i64 = -1;
        for m in (OLDEST..=last).rev() {
            let n = present
                .iter()
                .filter_map(|&i| table.def(i))
                .filter(|d| d.exists_in(m, os))
                .count() as i64;
            if n > best_n {
                best = m;
                best_n = n;
            }
        }
        return best;
    }
    // difference array over minors: +1 at the first minor with the flag, -1 after its last
    let mut diff = [0i32; SPAN + 1];
    for d in present.iter().filter_map(|&i| table.def(i)) {
        let (Some(since), true) = (d.since, d.for_os(os)) else {
            continue;
        };
        let lo = since.max(OLDEST);
        let hi = d.until.map_or(last, |u| u.min(last));
        if lo > hi {
            continue;
        }
        if let Some(x) = diff.get_mut(usize::from(lo - OLDEST)) {
            *x += 1;
        }
        if let Some(x) = diff.get_mut(usize::from(hi - OLDEST) + 1) {
            *x -= 1;
        }
    }
    let mut best = last;
    let mut best_n: i64 = -1;
    let mut n: i64 = 0;
    let mut counts = [0i64; SPAN];
    for (c, d) in counts.iter_mut().zip(diff.iter()).take(span) {
        n += i64::from(*d);
        *c = n;
    }
    for (k, &n) in counts.iter().enumerate().take(span).rev() {
        if n > best_n {
            best = OLDEST + k as Minor;
            best_n = n;
        }
    }
    best
}

/// The oracle's `inferVersion`: the newest version in which every flag present exists, else
/// the one with the most of them (newest on a tie), and why.
pub fn infer_version(args: &[String], os: Os) -> (Minor, String) {
    let table = flag_table();
    let last = table.last_minor;
    let (present, unknown) = flags_present(table, args, os);
    let best = best_minor(table, &present, os, last);
    let mut limits = Vec::new();
    let mut missing = Vec::new();
    for d in present.iter().filter_map(|&i| table.def(i)) {
        if !d.exists_in(best, os) {
            missing.push(format!("--{} ({})", d.name, d.range_string()));
        } else if d.until == Some(best) && best < last {
            limits.push(format!("--{} (last in {})", d.name, minor_string(best)));
        }
    }
    crate::sort::sort(&mut limits);
    let mut reason = String::with_capacity(80);
    if !missing.is_empty() {
        reason.push_str("no version from ");
        push_minor(&mut reason, OLDEST);
        reason.push_str(" to ");
        push_minor(&mut reason, last);
        reason.push_str(" has every flag present; ");
        push_minor(&mut reason, best);
        reason.push_str(" has the most of them, not ");
        reason.push_str(&missing.join(", "));
    } else if !limits.is_empty() {
        reason.push_str("newest version in which every flag present exists: ");
        reason.push_str(&limits.join(", "));
    } else {
        reason.push_str("no flag present limits it: newest version the flag table covers (");
        push_minor(&mut reason, last);
        reason.push(')');
    }
    if !unknown.is_empty() {
        reason.push_str("; not counted, unknown in every covered version: ");
        reason.push_str(&unknown.join(", "));
    }
    (best, reason)
}

/// The judged version (Z10): the explicit one (clamped to the table), else inferred.
pub fn judge_version(args: &[String], explicit: Option<Minor>, os: Os) -> (Minor, String) {
    let (inferred, why) = infer_version(args, os);
    let Some(m) = explicit else {
        return (inferred, why);
    };
    let last = flag_table().last_minor;
    let clamped = m.clamp(OLDEST, last);
    let mut reason = if clamped != m {
        format!(
            "explicit version input {} is outside the flag table ({} to {}), judged as {}",
            minor_string(m),
            minor_string(OLDEST),
            minor_string(last),
            minor_string(clamped)
        )
    } else {
        "explicit version input".to_string()
    };
    if clamped != inferred {
        reason.push_str("; from the flags alone it would be ");
        push_minor(&mut reason, inferred);
        reason.push_str(" (");
        reason.push_str(&why);
        reason.push(')');
    }
    (clamped, reason)
}

// ------------------------------------------------------------------------------------------
// analyze

/// A value for messages: `` `v` ``, or "an empty value".
fn show(v: &str) -> String {
    if v.is_empty() {
        "an empty value".to_string()
    } else {
        format!("`{v}`")
    }
}

fn loc(index: usize) -> Location {
    Location {
        argv_index: Some(index + 1),
        ..Default::default()
    }
}

fn diag(
    code: &'static str,
    sev: Severity,
    msg: impl Into<String>,
    index: Option<usize>,
    rules: &[&'static str],
) -> Diagnostic {
    let d = Diagnostic::new(code, sev, msg).rules(rules);
    match index {
        Some(i) => d.at(loc(i)),
        None => d,
    }
}

/// The diagnostic for a first-parse pflag error.
fn parse_error_diag(e: &PErr, minor: Minor, os: Os) -> Diagnostic {
    let v = minor_string(minor);
    let table = flag_table();
    match &e.kind {
        PErrKind::Unknown { name } => {
            let norm = normalize_name(name);
            let mut msg = format!("unknown flag `--{name}`: kubelet {v} exits");
            if let Some(d) = table.get(&norm) {
                msg.push_str(&format!("; `--{}` exists {}", d.name, d.range_words()));
                return diag(
                    codes::UNKNOWN_FLAG,
                    Severity::Error,
                    msg,
                    Some(e.index),
                    &["A7", "Z10"],
                );
            }
            let lower = norm.to_ascii_lowercase();
            if lower != norm && table.get(&lower).is_some_and(|d| d.exists_in(minor, os)) {
                msg.push_str(&format!(
                    "; flag names are case-sensitive, expected `--{lower}`"
                ));
                return diag(
                    codes::UNKNOWN_FLAG,
                    Severity::Error,
                    msg,
                    Some(e.index),
                    &["A4", "A7"],
                );
            }
            diag(
                codes::UNKNOWN_FLAG,
                Severity::Error,
                msg,
                Some(e.index),
                &["A7"],
            )
        }
        PErrKind::UnknownShort { c, .. } => {
            let word = &e.word;
            let long = word.trim_start_matches('-');
            let long_name = long.split('=').next().unwrap_or("");
            let mut msg = format!(
                "`{word}` has a single dash, so pflag reads it as one-letter shorthand flags and `-{}` is unknown: kubelet {v} exits",
                byte_display(*c)
            );
            if long_name.len() > 1 && table.get(&normalize_name(long_name)).is_some() {
                msg.push_str(&format!("; expected `-{word}`"));
            }
            diag(
                codes::UNKNOWN_FLAG,
                Severity::Error,
                msg,
                Some(e.index),
                &["A3"],
            )
        }
        PErrKind::BadSyntax => diag(
            codes::FLAG_PARSE_ERROR,
            Severity::Error,
            format!("bad flag syntax `{}`: kubelet {v} exits", e.word),
            Some(e.index),
            &["A2"],
        ),
        PErrKind::NeedsArg { .. } => diag(
            codes::FLAG_PARSE_ERROR,
            Severity::Error,
            format!(
                "flag `{}` expects a value, found the end of the command line: kubelet {v} exits",
                e.word
            ),
            Some(e.index),
            &["A2"],
        ),
        PErrKind::BadValue {
            def_name,
            typ,
            value,
            err,
            ..
        } => diag(
            codes::FLAG_PARSE_ERROR,
            Severity::Error,
            format!(
                "flag `--{def_name}` expects {}, found {} ({err}): kubelet {v} exits",
                typ.describe(),
                show(value)
            ),
            Some(e.index),
            &["A2", "Z10"],
        ),
        PErrKind::Help => diag(
            codes::EXITS_WITHOUT_RUNNING,
            Severity::Error,
            format!(
                "`{}` asks for help: the kubelet prints its usage and exits",
                e.word
            ),
            Some(e.index),
            &["A11"],
        ),
    }
}

/// Reads `args` (argv WITHOUT argv[0]) as the kubelet would. `explicit` is a version given by
/// the user or the evidence; `None` = infer it (Z10). `dropin_alpha_env`: whether
/// `KUBELET_CONFIG_DROPIN_DIR_ALPHA` is set (matters on 1.28-1.29 only; `None` = unknown).
pub fn analyze<'a>(
    args: &'a [String],
    explicit: Option<Minor>,
    os: Os,
    dropin_alpha_env: Option<bool>,
) -> KubeletArgs<'a> {
    analyze_impl(args, explicit, os, dropin_alpha_env, None)
}

/// [`analyze`] without the info diagnostics of config-backed deprecated flags other than
/// `--client-ca-file` (those a report folds into one line): their names (normalised, without
/// dashes) go to `folded` instead, in the order their diagnostics would have had.
pub(crate) fn analyze_folding<'a>(
    args: &'a [String],
    explicit: Option<Minor>,
    os: Os,
    dropin_alpha_env: Option<bool>,
    folded: &mut Vec<&'static str>,
) -> KubeletArgs<'a> {
    analyze_impl(args, explicit, os, dropin_alpha_env, Some(folded))
}

fn analyze_impl<'a>(
    args: &'a [String],
    explicit: Option<Minor>,
    os: Os,
    dropin_alpha_env: Option<bool>,
    folded: Option<&mut Vec<&'static str>>,
) -> KubeletArgs<'a> {
    let table = flag_table();
    let (minor, version_reason) = judge_version(args, explicit, os);
    let v = MinorText(minor);
    let mut out = KubeletArgs {
        minor,
        version_reason,
        ..Default::default()
    };
    if let Some(m) = explicit {
        if m != minor {
            out.diagnostics.push(diag(
                codes::JUDGED_VERSION,
                Severity::Warning,
                format!(
                    "kubelet version `{}` is outside the flag table ({} to {}): judged as {v}",
                    minor_string(m),
                    minor_string(OLDEST),
                    minor_string(table.last_minor)
                ),
                None,
                &["Z10"],
            ));
        }
    }

    // 1. the first parse (kubelet flag set: flags, config, global, help)
    let mut first = pflag_parse(args, &PSet::new(table, minor, os, false), Record::All);
    fn last_of<'o, 'a>(occs: &'o [FlagOcc<'a>], name: &str) -> Option<&'o FlagOcc<'a>> {
        occs.iter().rev().find(|o| o.name == name)
    }
    out.config = last_of(&first.occs, "config").cloned();
    out.config_dir = last_of(&first.occs, "config-dir").cloned();
    out.client_ca_file = first
        .occs
        .iter()
        .filter(|o| o.name == "client-ca-file")
        .cloned()
        .collect();
    out.client_ca_file_effective = out.client_ca_file.last().cloned();
    let bool_of =
        |o: Option<&FlagOcc>| o.and_then(|o| go_parse_bool(&o.value).map(|b| (b, o.index)));
    out.anonymous_auth = bool_of(last_of(&first.occs, "anonymous-auth"));
    out.webhook_authn = bool_of(last_of(&first.occs, "authentication-token-webhook"));

    occurrence_diagnostics(&mut out, &first, minor, folded);
    // the occurrences and positional words move into the result; `first` keeps the rest
    out.occurrences = std::mem::take(&mut first.occs);
    out.positionals = std::mem::take(&mut first.positionals);
    let first = first;

    if let Some(e) = &first.err {
        out.fatal = Some((
            format!("failed to parse kubelet flag: {}", e.text()),
            Some(e.index),
        ));
        out.diagnostics.push(parse_error_diag(e, minor, os));
        return out;
    }

    // 2. positional words (A6): fatal from 1.11 (kubernetes/kubernetes PR #61833)
    if let Some((idx, word)) = out.positionals.first() {
        let after_dash = first.dash_dash.is_some_and(|d| *idx > d);
        let why = if word.is_empty() {
            "an empty argument".to_string()
        } else if word.chars().any(char::is_control) {
            // (a `\r` left by CRLF line endings, shown escaped)
            format!(
                "the word `{}` (control characters escaped)",
                escape_controls(word)
            )
        } else if after_dash {
            format!("`{word}` after `--`")
        } else {
            format!("the word `{word}`")
        };
        let bool_hint = idx
            .checked_sub(1)
            .and_then(|p| {
                out.occurrences
                    .iter()
                    .find(|o| o.index == p && o.value_index.is_none())
            })
            .filter(|o| go_parse_bool(word).is_some() && o.value == "true")
            .map(|o| {
                format!(
                    "; bool flags take no separate value, expected `--{}={word}`",
                    o.name
                )
            })
            .unwrap_or_default();
        if minor >= 11 {
            out.fatal = Some((format!("unknown command {word}"), Some(*idx)));
            out.diagnostics.push(diag(
                codes::POSITIONAL_ARGUMENT,
                Severity::Error,
                format!(
                    "stray positional argument: {why}; kubelet {v} exits with `unknown command`{bool_hint} (kubelet 1.10 and older ignore it)"
                ),
                Some(*idx),
                &["A6", "Z10"],
            ));
            return out;
        }
        let words: Vec<String> = out
            .positionals
            .iter()
            .map(|(_, w)| format!("`{w}`"))
            .collect();
        out.diagnostics.push(diag(
            codes::POSITIONAL_ARGUMENT,
            Severity::Warning,
            format!(
                "stray positional arguments {} ignored by kubelet {v}; kubelet 1.11 and newer exit with `unknown command`{bool_hint}",
                words.join(", ")
            ),
            Some(*idx),
            &["A6", "Z10"],
        ));
    }

    // 3. --help / --version (A11, Z9)
    if let Some(h) = last_of(&out.occurrences, "help") {
        if go_parse_bool(&h.value) == Some(true) {
            out.fatal = Some((
                "--help: usage printed, kubelet exits without running (exit 0)".to_string(),
                Some(h.index),
            ));
            out.diagnostics.push(diag(
                codes::EXITS_WITHOUT_RUNNING,
                Severity::Error,
                format!(
                    "`{}` makes the kubelet print its usage and exit without running",
                    h.written
                ),
                Some(h.index),
                &["A11"],
            ));
            return out;
        }
    }
    if let Some(ver) = last_of(&out.occurrences, "version") {
        if ver.value.starts_with('v') {
            out.version_override = Some(ver.value.to_string());
        } else if ver.value == "raw" || go_parse_bool(&ver.value) == Some(true) {
            out.fatal = Some((
                "--version: version printed, kubelet exits without running (exit 0)".to_string(),
                Some(ver.index),
            ));
            out.diagnostics.push(diag(
                codes::EXITS_WITHOUT_RUNNING,
                Severity::Error,
                format!(
                    "`{}` makes the kubelet print its version and exit without running (only `--version=vX.Y.Z` is an override)",
                    ver.written
                ),
                Some(ver.index),
                &["A11", "Z9"],
            ));
            return out;
        }
    }

    // 4. --config-dir on 1.28-1.29 needs KUBELET_CONFIG_DROPIN_DIR_ALPHA (C4)
    let config_set = out.config.as_ref().is_some_and(|o| !o.value.is_empty());
    let dir_set = out.config_dir.as_ref().is_some_and(|o| !o.value.is_empty());
    if let Some(cd) = out.config_dir.clone().filter(|_| dir_set && minor <= 29) {
        match dropin_alpha_env {
            Some(true) => {}
            Some(false) => {
                out.fatal = Some((
                    format!(
                        "flag {} specified but environment variable KUBELET_CONFIG_DROPIN_DIR_ALPHA not set, cannot start kubelet",
                        cd.value
                    ),
                    Some(cd.index),
                ));
                out.diagnostics.push(diag(
                    codes::CONFIG_DIR_ALPHA_ENV,
                    Severity::Error,
                    format!(
                        "`--config-dir` is alpha on kubelet {v}: without `KUBELET_CONFIG_DROPIN_DIR_ALPHA` in its environment the kubelet refuses to start"
                    ),
                    Some(cd.index),
                    &["C4", "Z10"],
                ));
                return out;
            }
            None => out.diagnostics.push(diag(
                codes::CONFIG_DIR_ALPHA_ENV,
                Severity::Warning,
                format!(
                    "`--config-dir` is alpha on kubelet {v}: it starts only with `KUBELET_CONFIG_DROPIN_DIR_ALPHA` in its environment, which the evidence does not show"
                ),
                Some(cd.index),
                &["C4", "Z10"],
            )),
        }
    }

    // 5. the precedence re-parse (C1): config-backed flags re-applied over the config
    if config_set || dir_set {
        out.reparsed = true;
        if !first.reparse_sensitive {
            // The re-parse registers every flag present exactly like the first parse (it only
            // drops `--help` and turns global flags into value-taking no-ops, and none of
            // those occurred), so it reads the same words the same way: same occurrences, no
            // error, the same `--client-ca-file` and booleans as the first parse.
            return out;
        }
        let re = pflag_parse(args, &PSet::new(table, minor, os, true), Record::Reapplied);
        if let Some(e) = &re.err {
            out.fatal = Some((
                format!(
                    "precedence re-parse (ExitOnError) failed, kubelet exits before running: {}",
                    e.text()
                ),
                Some(e.index),
            ));
            let d = if e.kind == PErrKind::Help {
                diag(
                    codes::EXITS_WITHOUT_RUNNING,
                    Severity::Error,
                    format!(
                        "`{}` with `--config`/`--config-dir` stops the kubelet: the precedence re-parse does not know `--help` and exits",
                        e.word
                    ),
                    Some(e.index),
                    &["Z5"],
                )
            } else {
                diag(
                    codes::FLAG_PARSE_ERROR,
                    Severity::Error,
                    format!(
                        "the precedence re-parse fails at `{}` ({}): a bare global flag takes the next word as its value there, and the kubelet exits",
                        e.word,
                        e.text()
                    ),
                    Some(e.index),
                    &["C1", "A2"],
                )
            };
            out.diagnostics.push(d);
            return out;
        }
        let eff = last_of(&re.occs, "client-ca-file").cloned();
        let first_last = out.client_ca_file.last().cloned();
        if eff != first_last {
            let msg = match (&first_last, &eff) {
                (Some(f), None) => format!(
                    "`{}` is not re-applied over the config: in the precedence re-parse a bare global flag before it takes it as its value, so the config file decides",
                    f.written
                ),
                (_, Some(e)) => format!(
                    "in the precedence re-parse a bare global flag shifts the words: `--client-ca-file` is re-applied as `{}`",
                    e.value
                ),
                (None, None) => String::new(),
            };
            let at = first_last
                .as_ref()
                .map(|o| o.index)
                .or(eff.as_ref().map(|o| o.index));
            out.diagnostics.push(diag(
                codes::FLAG_SWALLOWED,
                Severity::Warning,
                msg,
                at,
                &["C1", "A2"],
            ));
        }
        out.client_ca_file_effective = eff;
        out.anonymous_auth = bool_of(last_of(&re.occs, "anonymous-auth"));
        out.webhook_authn = bool_of(last_of(&re.occs, "authentication-token-webhook"));
    }
    out
}

/// Diagnostics about the occurrences of the first parse: deprecated, swallowed, repeated,
/// empty and version-specific flags.
fn occurrence_diagnostics(
    out: &mut KubeletArgs<'_>,
    p: &ParseResult<'_>,
    minor: Minor,
    mut folded: Option<&mut Vec<&'static str>>,
) {
    let table = flag_table();
    out.diagnostics.reserve(p.occs.len() + 4);
    if let Some(f) = folded.as_deref_mut() {
        f.reserve(p.occs.len());
    }
    let mut seen = RowSet::default();
    for (o, &head) in p.occs.iter().zip(&p.heads) {
        // one diagnostic per name (its first occurrence); `head` is the row
        // `table.get(&o.name)` gives
        if !seen.insert(head) {
            continue;
        }
        let Some(d) = table.def(head) else {
            continue;
        };
        match d.deprecation_in(minor) {
            Deprecation::Config if folded.is_some() && o.name != "client-ca-file" => {
                if let Some(f) = folded.as_deref_mut() {
                    f.push(d.name.as_str());
                }
            }
            Deprecation::Config => {
                const HEAD: &str = "flag `--";
                const MID: &str = "` is deprecated: set it in the config file given by `--config`";
                const FIELD: &str = " (`authentication.x509.clientCAFile`)";
                const TAIL: &str =
                    "; the kubelet still honours the flag and logs a deprecation warning";
                let field = if o.name == "client-ca-file" {
                    FIELD
                } else {
                    ""
                };
                let mut msg = String::with_capacity(
                    HEAD.len() + o.name.len() + MID.len() + field.len() + TAIL.len(),
                );
                msg.push_str(HEAD);
                msg.push_str(&o.name);
                msg.push_str(MID);
                msg.push_str(field);
                msg.push_str(TAIL);
                out.diagnostics.push(diag(
                    codes::DEPRECATED_FLAG,
                    Severity::Info,
                    msg,
                    Some(o.index),
                    &["A9"],
                ));
            }
            Deprecation::Other => {
                let since = d
                    .deprecated_since
                    .map(|m| format!(" since kubelet {}", minor_string(m)))
                    .unwrap_or_default();
                let until = match d.until {
                    Some(u) => format!("; the last kubelet with it is {}", minor_string(u)),
                    None => String::new(),
                };
                out.diagnostics.push(diag(
                    codes::DEPRECATED_FLAG,
                    Severity::Warning,
                    format!("flag `--{}` is deprecated{since}{until}", o.name),
                    Some(o.index),
                    &["A9"],
                ));
            }
            Deprecation::None => {}
        }
        if d.until.is_some() {
            out.diagnostics.push(diag(
                codes::VERSION_SPECIFIC_FLAG,
                Severity::Info,
                format!("flag `--{}` exists {}", o.name, d.range_words()),
                Some(o.index),
                &["Z8", "Z10"],
            ));
        }
    }
    for (i, word) in &p.ignored {
        out.diagnostics.push(diag(
            codes::IGNORED_ARGUMENT,
            Severity::Warning,
            format!("`{word}` is skipped silently: pflag ignores a shorthand word from `test.` on"),
            Some(*i),
            &["A3"],
        ));
    }
    for &k in &p.swallowed {
        if let Some(o) = p.occs.get(k) {
            out.diagnostics.push(diag(
                codes::FLAG_SWALLOWED,
                Severity::Warning,
                format!(
                    "flag `--{}` takes the next word `{}` as its value, not as a flag",
                    o.name, o.value
                ),
                o.value_index.or(Some(o.index)),
                &["A2"],
            ));
        }
    }
    for name in ["client-ca-file", "config", "config-dir"] {
        if p.occs.iter().filter(|o| o.name == name).nth(1).is_none() {
            continue;
        }
        let occ: Vec<&FlagOcc> = p.occs.iter().filter(|o| o.name == name).collect();
        if let (Some(last), true) = (occ.last(), occ.len() > 1) {
            let values: Vec<String> = occ.iter().map(|o| show(&o.value)).collect();
            out.diagnostics.push(diag(
                codes::REPEATED_FLAG,
                Severity::Warning,
                format!(
                    "flag `--{name}` is given {} times ({}): the last one, {}, wins",
                    occ.len(),
                    values.join(", "),
                    show(&last.value)
                ),
                Some(last.index),
                &["A5"],
            ));
        }
    }
    for o in &p.occs {
        if !o.value.is_empty() {
            continue;
        }
        match o.name.as_ref() {
            "client-ca-file" => out.diagnostics.push(diag(
                codes::EMPTY_VALUE,
                Severity::Warning,
                format!(
                    "`{}` sets an explicitly empty client CA: it counts as set and overrides the config file, leaving x509 client authentication off",
                    o.written
                ),
                Some(o.index),
                &["A8", "C1"],
            )),
            "config" | "config-dir" => out.diagnostics.push(diag(
                codes::EMPTY_VALUE,
                Severity::Info,
                format!("`{}` is empty: the kubelet reads no {}", o.written, if o.name == "config" { "config file" } else { "drop-in directory" }),
                Some(o.index),
                &["B1"],
            )),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(words: &[&str]) -> Vec<String> {
        words.iter().map(|s| s.to_string()).collect()
    }

    fn run(words: &[&str]) -> KubeletArgs<'static> {
        analyze(&a(words), None, Os::Linux, None).into_owned()
    }

    fn eff(k: &KubeletArgs) -> Option<String> {
        k.client_ca_file_effective
            .as_ref()
            .map(|o| o.value.to_string())
    }

    fn has(k: &KubeletArgs, code: &str) -> bool {
        k.diagnostics.iter().any(|d| d.code == code)
    }

    #[test]
    fn row_set() {
        let mut s = RowSet::default();
        for i in [0u16, 63, 64, 511, 512, 600, u16::MAX] {
            assert!(s.insert(i), "{i}");
            assert!(!s.insert(i), "{i}");
        }
        assert!(s.insert(1));
        assert_eq!(s.more, [512, 600, u16::MAX]);
    }

    #[test]
    fn table_loads() {
        let t = flag_table();
        assert_eq!(t.defs.len(), 217); // the project's 216 rows + `api-servers` (pre-1.10)
        assert_eq!(t.last_minor, NEWEST);
        let d = t.get("client-ca-file");
        assert!(d.is_some_and(|d| d.typ == FlagType::String && d.group == FlagGroup::Config));
        assert!(t.get("v").is_some_and(|d| d.shorthand == Some(b'v')));
        assert!(flag_exists("config-dir", 28, Os::Linux));
        assert!(!flag_exists("config-dir", 27, Os::Linux));
        assert!(!flag_exists("windows-service", 30, Os::Linux));
        assert!(flag_exists("windows-service", 30, Os::Windows));
    }

    #[test]
    fn versions_parse() {
        assert_eq!(parse_version("1.30"), Some(30));
        assert_eq!(parse_version("v1.30.2"), Some(30));
        assert_eq!(parse_version("1.30.2-eks-1234"), Some(30));
        assert_eq!(parse_version("v1.29.3+k3s1"), Some(29));
        assert_eq!(parse_version("2.1"), None);
        assert_eq!(parse_version("1"), None);
        assert_eq!(parse_version("1.x"), None);
        assert_eq!(parse_version(""), None);
    }

    #[test]
    fn a2_value_syntaxes() {
        assert_eq!(eff(&run(&["--client-ca-file=/a"])).as_deref(), Some("/a"));
        assert_eq!(
            eff(&run(&["--client-ca-file", "/a"])).as_deref(),
            Some("/a")
        );
        assert_eq!(
            eff(&run(&["--client-ca-file=/a=b"])).as_deref(),
            Some("/a=b")
        );
        // the next word is consumed unconditionally
        let k = run(&["--client-ca-file", "--anonymous-auth=false"]);
        assert!(k.fatal.is_none());
        assert_eq!(eff(&k).as_deref(), Some("--anonymous-auth=false"));
        assert!(has(&k, codes::FLAG_SWALLOWED));
        assert_eq!(
            k.client_ca_file.first().and_then(|o| o.value_index),
            Some(1)
        );
        // at the end
        let k = run(&["--client-ca-file"]);
        assert_eq!(
            k.fatal.as_ref().map(|f| f.0.as_str()),
            Some("failed to parse kubelet flag: flag needs an argument: --client-ca-file")
        );
        // bad syntax
        assert!(run(&["---client-ca-file=/x"]).fatal.is_some());
        assert!(run(&["--=x"]).fatal.is_some());
        // `--` ends flags; nothing after it is fine
        assert!(run(&["--"]).fatal.is_none());
    }

    #[test]
    fn a2_bool_and_values() {
        let k = run(&["--anonymous-auth=0", "--client-ca-file=/a"]);
        assert!(k.fatal.is_none());
        assert_eq!(k.anonymous_auth, Some((false, 0)));
        assert!(run(&["--anonymous-auth=yes"]).fatal.is_some());
        assert!(run(&["--anonymous-auth=False"]).fatal.is_none());
        let k = run(&["--max-pods=abc"]);
        assert!(k.fatal.is_some());
        let d = k
            .diagnostics
            .iter()
            .find(|d| d.code == codes::FLAG_PARSE_ERROR);
        assert!(d.is_some_and(|d| d
            .message
            .starts_with("flag `--max-pods` expects an int32, found `abc`")));
        assert!(run(&["--max-pods=0x1_0"]).fatal.is_none());
        assert!(run(&["--max-pods=4294967296"]).fatal.is_some());
        assert!(run(&["--feature-gates=a=b"]).fatal.is_some());
        assert!(run(&["--feature-gates=Foo"]).fatal.is_some());
        assert!(run(&["--feature-gates=Foo=true, Bar=false"])
            .fatal
            .is_none());
        assert!(run(&["--sync-frequency=1h30m"]).fatal.is_none());
        assert!(run(&["--sync-frequency=10"]).fatal.is_some());
        assert!(run(&["--sync-frequency=.5µs"]).fatal.is_none());
        assert!(run(&["--tls-cipher-suites=a,\"b"]).fatal.is_some());
        assert!(run(&["--tls-cipher-suites=a,\"b,c\""]).fatal.is_none());
        assert!(run(&["--address=10.0.0.1"]).fatal.is_none());
        assert!(run(&["--address=10.0.0.256"]).fatal.is_some());
        for ok in [
            "::",
            "::1",
            "1::",
            "::ffff:1.2.3.4",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:1.2.3.4",
            " 0.0.0.0",
        ] {
            assert!(ip_check(ok).is_ok(), "{ok}");
        }
        for bad in [
            "010.0.0.1",
            "1.2.3",
            "1:2:3:4:5:6:7:8:9",
            "1::2::3",
            "1:2:3:4:5:6:7:8::",
            "::1.2.3",
            "",
            "x",
        ] {
            assert!(ip_check(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a3_single_dash() {
        let k = run(&["-client-ca-file=/etc/ca.crt"]);
        assert_eq!(
            k.fatal.as_ref().map(|f| f.0.as_str()),
            Some("failed to parse kubelet flag: unknown shorthand flag: 'c' in -client-ca-file=/etc/ca.crt")
        );
        assert!(has(&k, codes::UNKNOWN_FLAG));
        // -v shorthand forms
        assert!(run(&["-v", "2", "--client-ca-file=/a"]).fatal.is_none());
        assert!(run(&["-v2"]).fatal.is_none());
        assert!(run(&["-v=2"]).fatal.is_none());
        assert!(run(&["-v"]).fatal.is_some());
    }

    #[test]
    fn a4_normalisation() {
        assert_eq!(eff(&run(&["--client_ca_file=/a"])).as_deref(), Some("/a"));
        assert_eq!(eff(&run(&["--client_ca-file=/a"])).as_deref(), Some("/a"));
        let k = run(&["--Client-CA-File=/a"]);
        assert!(k.fatal.is_some());
        assert!(k
            .diagnostics
            .iter()
            .any(|d| d.code == codes::UNKNOWN_FLAG && d.message.contains("case-sensitive")));
    }

    #[test]
    fn a5_repeated() {
        let k = run(&["--client-ca-file=/a", "--client-ca-file=/b"]);
        assert_eq!(eff(&k).as_deref(), Some("/b"));
        assert_eq!(k.client_ca_file.len(), 2);
        assert!(has(&k, codes::REPEATED_FLAG));
    }

    #[test]
    fn a6_positionals() {
        let k = run(&["--anonymous-auth", "false", "--client-ca-file=/a"]);
        assert_eq!(
            k.fatal.as_ref().map(|f| f.0.as_str()),
            Some("unknown command false")
        );
        assert!(has(&k, codes::POSITIONAL_ARGUMENT));
        assert!(run(&["--client-ca-file=/a", ""]).fatal.is_some());
        assert!(run(&["--client-ca-file=/a", "-"]).fatal.is_some());
        assert!(run(&["--", "--client-ca-file=/a"]).fatal.is_some());
        // 1.10 ignores them
        let k = analyze(
            &a(&["--anonymous-auth", "false", "--client-ca-file=/a"]),
            Some(10),
            Os::Linux,
            None,
        )
        .into_owned();
        assert!(k.fatal.is_none());
        assert_eq!(eff(&k).as_deref(), Some("/a"));
        assert!(k
            .diagnostics
            .iter()
            .any(|d| d.code == codes::POSITIONAL_ARGUMENT && d.severity == Severity::Warning));
    }

    #[test]
    fn a7_unknown() {
        let k = run(&["--foo=bar", "--client-ca-file=/a"]);
        assert_eq!(
            k.fatal.as_ref().map(|f| f.0.as_str()),
            Some("failed to parse kubelet flag: unknown flag: --foo")
        );
        assert!(k.client_ca_file.is_empty());
        let k = analyze(&a(&["--fail-cgroupv1"]), Some(30), Os::Linux, None).into_owned();
        assert!(k.fatal.is_some());
        assert!(k
            .diagnostics
            .iter()
            .any(|d| d.code == codes::UNKNOWN_FLAG && d.message.contains("1.31 and newer")));
    }

    #[test]
    fn a8_empty_value() {
        let k = run(&["--client-ca-file="]);
        assert_eq!(eff(&k).as_deref(), Some(""));
        assert!(has(&k, codes::EMPTY_VALUE));
        let k = run(&["--client-ca-file", ""]);
        assert_eq!(eff(&k).as_deref(), Some(""));
        assert!(has(&k, codes::DEPRECATED_FLAG));
    }

    #[test]
    fn help_and_version() {
        assert!(run(&["--help"]).fatal.is_some());
        assert!(run(&["-h", "--client-ca-file=/a"]).fatal.is_some());
        assert!(run(&["--help=false", "--client-ca-file=/a"])
            .fatal
            .is_none());
        assert!(run(&["--version"]).fatal.is_some());
        assert!(run(&["--version=raw"]).fatal.is_some());
        assert!(run(&["--version=false", "--client-ca-file=/a"])
            .fatal
            .is_none());
        assert!(run(&["--version=nope"]).fatal.is_some());
    }

    #[test]
    fn z9_version_override() {
        let k = run(&["--version=v1.30.0", "--client-ca-file=/a"]);
        assert!(k.fatal.is_none());
        assert_eq!(k.version_override.as_deref(), Some("v1.30.0"));
        assert_eq!(eff(&k).as_deref(), Some("/a"));
    }

    #[test]
    fn z5_help_false_with_config() {
        let k = run(&["--config=/c.yaml", "--help=false"]);
        assert!(k
            .fatal
            .as_ref()
            .is_some_and(|f| f.0.contains("help requested")));
        assert!(k
            .diagnostics
            .iter()
            .any(|d| d.code == codes::EXITS_WITHOUT_RUNNING && d.rules.iter().any(|r| r == "Z5")));
        let k = run(&["--config-dir=/d", "-h=false"]);
        assert!(k.fatal.is_some());
        assert!(run(&["--config=", "--help=false"]).fatal.is_none());
        assert!(run(&["--help=false"]).fatal.is_none());
    }

    #[test]
    fn z10_judged_version() {
        let k = run(&["--network-plugin=kubenet", "--client-ca-file=/x"]);
        assert_eq!(k.minor, 23);
        assert_eq!(
            k.version_reason,
            "newest version in which every flag present exists: --network-plugin (last in 1.23)"
        );
        assert!(has(&k, codes::VERSION_SPECIFIC_FLAG));
        let k = run(&["--allow-privileged", "true"]);
        assert_eq!(k.minor, 14);
        assert!(k.fatal.is_some());
        let k = analyze(
            &a(&["--allow-privileged", "true"]),
            Some(10),
            Os::Linux,
            None,
        )
        .into_owned();
        assert_eq!(k.minor, 10);
        assert!(k.fatal.is_none());
        assert!(k
            .version_reason
            .starts_with("explicit version input; from the flags alone it would be 1.14"));
        let k = run(&["--client-ca-file=/x"]);
        assert_eq!(k.minor, 37);
        // unknown everywhere: not counted
        let k = run(&["--foo", "--client-ca-file=/x"]);
        assert_eq!(k.minor, 37);
        assert!(k
            .version_reason
            .ends_with("unknown in every covered version: --foo"));
        // out of range explicit: clamped
        let k = analyze(&a(&["--client-ca-file=/x"]), Some(9), Os::Linux, None).into_owned();
        assert_eq!(k.minor, 10);
        assert!(has(&k, codes::JUDGED_VERSION));
    }

    #[test]
    fn config_dir_gate() {
        let args = a(&["--config-dir=/d"]);
        assert!(analyze(&args, Some(27), Os::Linux, Some(true))
            .fatal
            .is_some());
        let k = analyze(&args, Some(29), Os::Linux, Some(false));
        assert!(k
            .fatal
            .as_ref()
            .is_some_and(|f| f.0.contains("KUBELET_CONFIG_DROPIN_DIR_ALPHA")));
        let k = analyze(&args, Some(29), Os::Linux, None);
        assert!(k.fatal.is_none());
        assert!(has(&k, codes::CONFIG_DIR_ALPHA_ENV));
        assert!(analyze(&args, Some(28), Os::Linux, Some(true))
            .fatal
            .is_none());
        assert!(analyze(&args, Some(30), Os::Linux, Some(false))
            .fatal
            .is_none());
    }

    #[test]
    fn reparse_precedence() {
        let k = run(&["--client-ca-file=/a", "--config=/c.yaml"]);
        assert!(k.reparsed);
        assert_eq!(eff(&k).as_deref(), Some("/a"));
        assert_eq!(k.config.as_ref().map(|o| o.value.as_ref()), Some("/c.yaml"));
        // V25: a bare global bool flag swallows the next word in the re-parse
        let k = run(&[
            "--logtostderr",
            "--client-ca-file=/etc/flag.crt",
            "--config=/c.yaml",
        ]);
        assert_eq!(k.minor, 25);
        assert!(k.fatal.is_none());
        assert_eq!(k.client_ca_file.len(), 1);
        assert_eq!(k.client_ca_file_effective, None);
        assert!(has(&k, codes::FLAG_SWALLOWED));
        let k = run(&[
            "--logtostderr=true",
            "--client-ca-file=/etc/flag.crt",
            "--config=/c.yaml",
        ]);
        assert_eq!(eff(&k).as_deref(), Some("/etc/flag.crt"));
        // a bare global bool flag at the end of the re-parse needs an argument
        let k = run(&["--config=/c.yaml", "--logtostderr"]);
        assert!(k.fatal.is_some());
    }

    #[test]
    fn test_prefix_is_ignored() {
        let k = run(&["-test.v", "--client-ca-file=/x"]);
        assert!(k.fatal.is_none());
        assert_eq!(eff(&k).as_deref(), Some("/x"));
        assert!(has(&k, codes::IGNORED_ARGUMENT));
        // -h before it still asks for help
        assert!(run(&["-htest.x"]).fatal.is_some());
    }

    #[test]
    fn windows_flags() {
        assert!(run(&["--windows-service"]).fatal.is_some());
        assert!(analyze(&a(&["--windows-service"]), None, Os::Windows, None)
            .fatal
            .is_none());
    }

    #[test]
    fn locations_are_argv_indices() {
        let k = run(&["--v=2", "--client-ca-file="]);
        let d = k.diagnostics.iter().find(|d| d.code == codes::EMPTY_VALUE);
        assert_eq!(
            d.and_then(|d| d.location.as_ref())
                .and_then(|l| l.argv_index),
            Some(2)
        );
    }

    #[test]
    fn go_numbers() {
        assert_eq!(go_parse_int("0x10", true, 32), Ok(16));
        assert_eq!(go_parse_int("010", true, 32), Ok(8));
        assert_eq!(go_parse_int("-2147483648", true, 32), Ok(-2147483648));
        assert_eq!(go_parse_int("2147483648", true, 32), Err(NumErr::Range));
        assert_eq!(go_parse_int("1__0", true, 32), Err(NumErr::Syntax));
        assert_eq!(go_parse_int("08", true, 32), Err(NumErr::Syntax));
        assert!(go_parse_uint("-1", true, 64).is_err());
        assert!(go_parse_float("1e400").is_err());
        assert!(go_parse_float("0x1p-2").is_ok());
        assert!(go_parse_float("+Inf").is_ok());
        assert!(go_parse_float("+nan").is_err());
        assert!(go_parse_float("1_0.5").is_ok());
        assert!(go_parse_duration("1h").is_ok());
        assert!(go_parse_duration("-0").is_ok());
        assert!(go_parse_duration("").is_err());
        assert!(go_parse_duration("1.h").is_ok());
        assert!(go_parse_duration(".h").is_err());
        assert!(go_parse_duration("9223372036854775807ns").is_ok());
        assert!(go_parse_duration("9223372036854775808ns").is_err());
        assert!(go_parse_duration("-9223372036854775808ns").is_ok());
    }
}
