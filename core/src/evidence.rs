//! Reading raw evidence: kind detection, kubelet command lines out of `ps`, `/proc/PID/cmdline`,
//! `systemctl status`, args files; the CA bundle. OWNER: evidence helper. INTERFACE FIXED.

use crate::model::{ArtifactKind, Diagnostic};

/// Detects an artifact's kind from content (and node path when given).
pub fn detect_kind(_text: &str, _path: Option<&str>) -> Option<ArtifactKind> {
    None
}

/// One word of an extracted argv, with where it is in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub value: String,
    /// Byte offset of the word's start in the artifact text.
    pub offset: usize,
}

/// A process command line found in command-line evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Process {
    /// argv, argv[0] first (for `hyperkube kubelet ...` argv[0] is `hyperkube` and argv[1]
    /// `kubelet`: see `args_start`).
    pub argv: Vec<Word>,
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
    /// 1-based line in the artifact where the command starts.
    pub line: u32,
}

/// What a command-line artifact holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cmdlines {
    pub processes: Vec<Process>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Extracts every process command line from command-line evidence.
pub fn extract_cmdlines(_text: &str) -> Cmdlines {
    Cmdlines::default()
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
pub fn check_ca_bundle(_bytes: &[u8]) -> CaCheck {
    CaCheck::Unusable("not implemented".to_string())
}
