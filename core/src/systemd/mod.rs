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
    /// As written, then the name (one string): see [`VarOrigin::written`], [`VarOrigin::name`].
    joined: String,
    split: usize,
    /// Where the value was defined (`Environment=` line or environment-file line).
    pub defined_at: Option<Source>,
}

impl VarOrigin {
    pub fn new(written: &str, name: &str, defined_at: Option<Source>) -> Self {
        let mut joined = String::with_capacity(written.len() + name.len());
        joined.push_str(written);
        joined.push_str(name);
        Self::joined(joined, written.len(), defined_at)
    }

    /// From `written` followed by the name in one string (`split` = where the name starts).
    pub(crate) fn joined(joined: String, split: usize, defined_at: Option<Source>) -> Self {
        let split = if joined.is_char_boundary(split) {
            split
        } else {
            joined.len()
        };
        VarOrigin {
            joined,
            split,
            defined_at,
        }
    }

    /// As written in `ExecStart=`: `$KUBELET_FLAGS` or `${KUBELET_FLAGS}`.
    pub fn written(&self) -> &str {
        self.joined.get(..self.split).unwrap_or("")
    }

    /// The variable's name: `KUBELET_FLAGS`.
    pub fn name(&self) -> &str {
        self.joined.get(self.split..).unwrap_or("")
    }
}

/// Variables and their values, in order (all in one string: two allocations in all).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Environment {
    text: String,
    /// Per variable: where its name starts, where it ends (and the value starts) and where
    /// the value ends in `text`.
    vars: Vec<(usize, usize, usize)>,
}

impl Environment {
    pub(crate) fn with_capacity(vars: usize, bytes: usize) -> Self {
        Environment {
            text: String::with_capacity(bytes),
            vars: Vec::with_capacity(vars),
        }
    }

    pub(crate) fn push(&mut self, name: &str, value: &str) {
        let start = self.text.len();
        self.text.push_str(name);
        let name_end = self.text.len();
        self.text.push_str(value);
        self.vars.push((start, name_end, self.text.len()));
    }

    /// (name, value) of every variable, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&str, &str)> + '_ {
        self.vars.iter().map(|&(s, n, v)| {
            (
                self.text.get(s..n).unwrap_or(""),
                self.text.get(n..v).unwrap_or(""),
            )
        })
    }

    /// The value of the last variable named `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter().rev().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.vars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.vars.is_empty()
    }

    /// The variables as owned pairs.
    pub fn to_vec(&self) -> Vec<(String, String)> {
        self.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }
}

/// Shown like the list of (name, value) pairs it holds.
impl std::fmt::Debug for Environment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
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
    pub environment: Environment,
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
