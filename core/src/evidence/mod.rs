//! Reading raw evidence: kind detection, kubelet command lines out of `ps`, `/proc/PID/cmdline`,
//! `systemctl status`, args files; the CA bundle. OWNER: evidence helper. INTERFACE FIXED.
//!
//! Split into:
//! - [`detect_kind`] (this file): the node path when it is telling, else the content;
//! - `cmdline`: [`extract_cmdlines`], every process command line in a paste;
//! - `ca`: [`check_ca_bundle`], the CA bundle checked like the kubelet (spec E2, E4).

mod ca;
mod cmdline;
#[cfg(feature = "x509")]
mod der;
mod kind;

use crate::model::{ArtifactKind, Diagnostic};
use std::borrow::Cow;

pub use ca::CA_CHECK_PARSES_X509;
pub use cmdline::SYNTHETIC_ARGV0;
pub(crate) use cmdline::{unwrap_cat_paste, unwrap_configmap, Paste};

/// Detects an artifact's kind from content (and node path when given).
///
/// A telling node path wins (`*.service`, `*.service.d/*.conf`, `kubelet.conf.d/*.conf`,
/// `*.crt`); a weak one (`/etc/default/*`, `/etc/sysconfig/*`, `*.env`, `*.yaml`) gives way to
/// content that clearly is something else (e.g. `/etc/default/kubeletconfig.json`, a JSON
/// `KubeletConfiguration`). Returns `None` when neither tells.
pub fn detect_kind(text: &str, path: Option<&str>) -> Option<ArtifactKind> {
    kind::detect(text, path)
}

/// One word of an extracted argv, with where it is in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    /// Borrowed from the text where the word is there as it is (`/proc/PID/cmdline`, plain
    /// words); owned where quotes or escapes were taken off.
    pub value: Cow<'a, str>,
    /// Byte offset of the word's start in the artifact text.
    pub offset: usize,
}

/// A process command line found in command-line evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Process<'a> {
    /// argv, argv[0] first (for `hyperkube kubelet ...` argv[0] is `hyperkube` and argv[1]
    /// `kubelet`: see `args_start`).
    pub argv: Vec<Word<'a>>,
    /// Index in `argv` of the first kubelet argument (1, or 2 for `hyperkube kubelet`).
    pub args_start: usize,
    /// Which program: `kubelet`, `kube-apiserver`, ... (basename of argv[0], or `hyperkube X`).
    pub program: String,
    /// Whether this is the kubelet.
    pub is_kubelet: bool,
    /// The source joined argv with spaces (`ps`, `systemctl status`): word boundaries and
    /// embedded spaces are lost (A12).
    pub lossy: bool,
    /// The line looks cut (terminal width, `…`, `>` at the end of a `systemctl status` line).
    pub truncated: bool,
    /// The command as a systemd unit configures it (`systemctl show kubelet -p ExecStart`):
    /// its `$VAR` words are expanded only when systemd starts it, from an environment the
    /// evidence does not show.
    pub unit_command: bool,
    /// Rebuilt from the kubelet's startup `FLAG: --name="value"` log lines (A13): each flag's
    /// command-line value or its default. Only the deciding flags whose logged value differs
    /// from their default are in `argv`; an explicitly empty `--client-ca-file=""` cannot be
    /// told from an absent one.
    pub flag_dump: bool,
    /// 1-based line in the artifact where the command starts.
    pub line: u32,
}

impl Process<'_> {
    /// The arguments (argv from `args_start` on), as strings.
    pub fn args(&self) -> Vec<&str> {
        self.argv
            .iter()
            .skip(self.args_start)
            .map(|w| w.value.as_ref())
            .collect()
    }

    /// Whether argv[0] is not in the text but assumed (a flags-only args file): its `Word`
    /// then has the value [`SYNTHETIC_ARGV0`] and offset 0.
    pub fn has_synthetic_argv0(&self) -> bool {
        self.argv
            .first()
            .is_some_and(|w| w.value == SYNTHETIC_ARGV0)
    }
}

/// What a command-line artifact holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cmdlines<'a> {
    pub processes: Vec<Process<'a>>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Cmdlines<'a> {
    /// The kubelet processes, in text order.
    pub fn kubelets(&self) -> impl Iterator<Item = &Process<'a>> {
        self.processes.iter().filter(|p| p.is_kubelet)
    }
}

/// Extracts every process command line from command-line evidence.
///
/// Formats: `/proc/PID/cmdline` (NUL-separated, exact), `ps -ef` / `ps aux` / `ps -fC` /
/// `ps -o args` / `pgrep -a` rows (lossy), `systemctl status` CGroup lines (lossy, maybe
/// truncated), k3s/RKE2 `Running kubelet ...` log lines (lossy), shell text (argv strings,
/// `docker run ... kubelet ...`, `hyperkube kubelet`, split shell-style), and flags-only args
/// files (microk8s; argv[0] is synthetic, see [`SYNTHETIC_ARGV0`]).
pub fn extract_cmdlines(text: &str) -> Cmdlines<'_> {
    cmdline::extract(text)
}

/// [`extract_cmdlines`] knowing the artifact's node path.
pub(crate) fn extract_cmdlines_at<'a>(text: &'a str, path: Option<&str>) -> Cmdlines<'a> {
    cmdline::extract_at(text, path)
}

/// What a CA bundle holds (spec E2, E4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaCheck {
    /// At least one certificate, and at least one is a CA (basicConstraints CA=true).
    Ok {
        certificates: usize,
        subjects: Vec<String>,
    },
    /// Loads, but no certificate is a CA (E4).
    NotCa {
        certificates: usize,
        subjects: Vec<String>,
    },
    /// The kubelet would refuse it (E2), with the kubelet's error text.
    Unusable(String),
}

/// Checks a CA bundle's bytes like the kubelet (`cert.ParseCertsPEM`).
///
/// Without the `x509` feature the certificates are not parsed: a bundle with at least one
/// `CERTIFICATE` block is reported `Ok` with no subjects (see [`CA_CHECK_PARSES_X509`]).
pub fn check_ca_bundle(bytes: &[u8]) -> CaCheck {
    ca::check(bytes)
}
