//! kubeletlint: decide the kubelet's effective `authentication.x509.clientCAFile`
//! (CIS AKS 3.2.3, CIS Kubernetes 4.2.3, CIS EKS 3.2.3, CIS GKE 4.2.3) from whatever evidence a
//! user has, exactly as the kubelet and systemd would resolve it.
//!
//! The crate is pure: text in, report out. No file system, no processes, no clock.
//!
//! ```
//! use kubeletlint::{check, Artifact, Options, Verdict};
//! let report = check(
//!     &[Artifact::new("kubelet --client-ca-file=/etc/kubernetes/pki/ca.crt")],
//!     &Options::default(),
//! ).unwrap();
//! assert_eq!(report.verdict, Verdict::Pass);
//! assert_eq!(report.client_ca_file.as_deref(), Some("/etc/kubernetes/pki/ca.crt"));
//! ```
#![forbid(unsafe_code)]

pub mod codes;
pub mod config;
pub mod evidence;
pub mod flags;
mod float;
pub mod model;
pub mod render;
pub mod resolve;
pub mod rule;
mod sort;
pub mod systemd;

pub use model::*;

/// The crate version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Checks an evidence set and returns the report.
///
/// Returns an [`InputError`] only for input that cannot be used at all (nothing given, an
/// artifact whose kind cannot be told, a `/configz` paste without a JSON payload, a malformed
/// option). Evidence of a kubelet that would refuse to start is a report with verdict
/// [`Verdict::Invalid`], not an error.
pub fn check(artifacts: &[Artifact], options: &Options) -> Result<Report, InputError> {
    resolve::check(artifacts, options)
}

/// Detects an artifact's kind from its content and (optional) node path.
pub fn detect_kind(text: &str, path: Option<&str>) -> Option<ArtifactKind> {
    evidence::detect_kind(text, path)
}
