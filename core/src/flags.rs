//! The kubelet's command line, parsed like pflag with the kubelet's real flag table
//! (spec A, Z5, Z9, Z10). OWNER: flags helper. INTERFACE FIXED; implementation pending.

use crate::model::Diagnostic;

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

/// Parses `1.30`, `v1.30`, `v1.30.2`, `1.30.2-eks-abc`. `None` when not a 1.x version.
pub fn parse_version(_s: &str) -> Option<Minor> {
    None
}

/// One flag occurrence in argv.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagOcc {
    /// Normalised name (`_` -> `-`), without dashes.
    pub name: String,
    /// The flag word as written (`--client_ca_file=/x`).
    pub written: String,
    /// The value (`"true"` for a bare boolean flag).
    pub value: String,
    /// Index in `args` (the slice given to [`analyze`], i.e. argv without argv[0]) of the flag word.
    pub index: usize,
    /// Index of the separate value word (`--flag value`), if any.
    pub value_index: Option<usize>,
}

/// The result of reading the command line as the judged kubelet version would.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KubeletArgs {
    /// The judged version (spec Z10) and why.
    pub minor: Minor,
    pub version_reason: String,
    /// Every flag occurrence of the first parse, in order (up to a fatal parse error).
    pub occurrences: Vec<FlagOcc>,
    /// Why the kubelet exits at flag parsing (parse error, positional word from 1.11,
    /// `--help`, `--version`, Z5), with the index in `args` it points at. `None` = it runs.
    pub fatal: Option<(String, Option<usize>)>,
    /// Effective `--config` (last occurrence; an empty value means "no config file").
    pub config: Option<FlagOcc>,
    /// Effective `--config-dir`.
    pub config_dir: Option<FlagOcc>,
    /// Every `--client-ca-file` occurrence, in order; the last one that the precedence
    /// re-parse re-applies wins (see `client_ca_file_effective`).
    pub client_ca_file: Vec<FlagOcc>,
    /// The occurrence that the kubelet ends up with (after the precedence re-parse, which can
    /// skip one: oracle case V25). `None` = not given on the command line.
    pub client_ca_file_effective: Option<FlagOcc>,
    /// Last `--anonymous-auth` / `--authentication-token-webhook` value, parsed as bool.
    pub anonymous_auth: Option<(bool, usize)>,
    pub webhook_authn: Option<(bool, usize)>,
    /// Diagnostics (deprecated flags, version-specific flags, repeated flags, positional words
    /// on <= 1.10, ...). Their `location.argv_index` is the index in `args` + 1 (argv index).
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads `args` (argv WITHOUT argv[0]) as the kubelet would. `explicit` is a version given by
/// the user or the evidence; `None` = infer it (Z10). `dropin_alpha_env`: whether
/// `KUBELET_CONFIG_DROPIN_DIR_ALPHA` is set (matters on 1.28-1.29 only; `None` = unknown).
pub fn analyze(
    _args: &[String],
    _explicit: Option<Minor>,
    _os: Os,
    _dropin_alpha_env: Option<bool>,
) -> KubeletArgs {
    KubeletArgs {
        minor: NEWEST,
        ..Default::default()
    }
}
