//! systemd: rebuild the kubelet's argv from a unit, its drop-ins and environment files
//! (spec F, Z11), the way systemd 252 does it (checked against `tools/systemd-oracle`).
//!
//! Layout: [`syntax`] reads unit files, [`words`] ports systemd's word extraction, escapes,
//! specifiers and `$VAR` expansion, [`envfile`] reads `EnvironmentFile=` contents, [`shell`]
//! reads `sh -c` strings, and [`build`] puts it together.

mod build;
mod envfile;
mod shell;
mod syntax;
mod words;

pub use words::SpecifierContext;

use crate::model::{Diagnostic, Location, Source, Unseen};
use std::sync::Arc;

/// A unit file or drop-in given as evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitDoc<'a> {
    pub artifact: usize,
    /// Display name (node path or `artifact #N`).
    pub name: &'a str,
    /// Absolute node path, if known (`/etc/systemd/system/kubelet.service.d/10-x.conf`).
    pub path: Option<&'a str>,
    pub text: &'a str,
    /// A drop-in (`*.conf`) rather than the main unit file.
    pub dropin: bool,
}

/// An environment file given as evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvDoc<'a> {
    pub artifact: usize,
    pub name: &'a str,
    pub path: Option<&'a str>,
    pub text: &'a str,
}

/// One element of the rebuilt argv and how it got there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    pub value: String,
    /// The `ExecStart=` line it comes from (artifact, line, column, excerpt).
    pub exec_location: Location,
    /// When it came from a variable: `$NAME` or `${NAME}` and where the variable was defined
    /// (`None` location = defined nowhere in the evidence).
    /// (Shared: every word of one `$VAR` has the same origin.)
    pub via_variable: Option<Arc<VarOrigin>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarOrigin {
    /// As written in `ExecStart=`: `$KUBELET_FLAGS` or `${KUBELET_FLAGS}`.
    pub written: String,
    pub name: String,
    /// Where the value was defined (`Environment=` line or environment-file line).
    pub defined_at: Option<Source>,
}

/// The rebuilt command.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reconstruction {
    /// argv, argv[0] first (after `@` handling). Empty when no command could be built.
    pub argv: Vec<Arg>,
    /// The unit file actually used (F1) and the drop-ins applied, in order (F2).
    pub unit_used: Option<usize>,
    pub dropins_applied: Vec<usize>,
    /// Artifacts shadowed or ignored, with why (e.g. same-named drop-in in /etc hides /usr/lib).
    pub ignored: Vec<(usize, String)>,
    /// Why systemd would refuse to start the unit (two ExecStart=, missing required
    /// EnvironmentFile=, masked unit, no ExecStart=).
    pub refused: Option<Diagnostic>,
    /// Referenced but not given: EnvironmentFile= paths, and so on.
    pub unseen: Vec<Unseen>,
    /// Variables used in ExecStart= that nothing in the evidence defines.
    pub undefined_vars: Vec<(String, Location)>,
    /// Set when the command runs through a shell or a wrapper script whose argv to the kubelet
    /// cannot be fully known; the reason.
    pub unresolved: Option<Diagnostic>,
    /// `WorkingDirectory=`, if set (relative kubelet paths resolve against it; default `/`).
    pub working_directory: Option<String>,
    /// `Environment=`/`EnvironmentFile=` variables of the service (final values), for
    /// `KUBELET_CONFIG_DROPIN_DIR_ALPHA` (C4).
    pub environment: Vec<(String, String)>,
    pub diagnostics: Vec<Diagnostic>,
    /// The command exactly as systemd runs it (argv[0] first), when it differs from `argv`:
    /// `hyperkube kubelet` (where `argv` drops the subcommand word), `sh -c '...'` and wrappers
    /// (where `argv` is the kubelet's part, best effort). Empty for a plain kubelet command,
    /// whose command is `argv` itself.
    pub exec_argv: Vec<Arg>,
    /// Required (`-`-less) `EnvironmentFile=` paths that were not given. On the node, a missing
    /// one would stop the start; here it only means "not seen" (also listed in `unseen`).
    pub missing_required_env_files: Vec<String>,
    /// The unit name used for specifiers (`kubelet.service` unless the unit path says otherwise).
    pub unit_name: String,
    /// The effective `Type=` (`simple` when unset and an `ExecStart=` exists).
    pub service_type: String,
}

/// Rebuilds the argv of `kubelet.service` from the units, drop-ins and environment files.
/// `units` holds the main unit file(s) and drop-ins (`UnitDoc::dropin`). Environment files are
/// matched to `EnvironmentFile=` lines by node path; an env file without a path is matched
/// when exactly one `EnvironmentFile=` is otherwise unmatched (and the report says so).
pub fn reconstruct(units: &[UnitDoc<'_>], env_files: &[EnvDoc<'_>]) -> Reconstruction {
    build::reconstruct(units, env_files, &SpecifierContext::default(), false)
}

/// [`reconstruct`] whose argv words (`argv`, `exec_argv`) carry bare `exec_location`s (no
/// `source`, no `excerpt`) when every unit document is a whole artifact of its own, and so do
/// the `defined_at` locations of their variables and the locations in `undefined_vars`: the
/// caller completes the few it reports with [`complete_location`] (from the artifact's name
/// and text). Everything else is as [`reconstruct`] gives it.
pub(crate) fn reconstruct_lazy(units: &[UnitDoc<'_>], env_files: &[EnvDoc<'_>]) -> Reconstruction {
    build::reconstruct(units, env_files, &SpecifierContext::default(), true)
}

pub(crate) use build::{complete_location, excerpt_line};

/// [`reconstruct`] with known values for node-specific specifiers (`%H`, `%m`, ...). Without
/// them those specifiers stay as written and `unresolved` says so.
pub fn reconstruct_with(
    units: &[UnitDoc<'_>],
    env_files: &[EnvDoc<'_>],
    specifiers: &SpecifierContext,
) -> Reconstruction {
    build::reconstruct(units, env_files, specifiers, false)
}

#[cfg(test)]
mod tests;
