//! Stable diagnostic codes. Never renumber or reuse: users filter on them.

/// `--client-ca-file` (or any flag) is deprecated in favour of the config file.
pub const DEPRECATED_FLAG: &str = "deprecated-flag";
/// A flag the judged kubelet version does not know (the kubelet exits).
pub const UNKNOWN_FLAG: &str = "unknown-flag";
/// A flag that exists only in other kubelet versions.
pub const VERSION_SPECIFIC_FLAG: &str = "version-specific-flag";
/// pflag could not parse the command line (the kubelet exits).
pub const FLAG_PARSE_ERROR: &str = "flag-parse-error";
/// A stray positional word on the command line (the kubelet exits from 1.11).
pub const POSITIONAL_ARGUMENT: &str = "positional-argument";
/// A value-taking flag swallowed the next flag as its value.
pub const FLAG_SWALLOWED: &str = "flag-value-swallowed";
/// `--help` / `--version`: the kubelet prints and exits.
pub const EXITS_WITHOUT_RUNNING: &str = "exits-without-running";
/// The same flag given more than once (the last one wins).
pub const REPEATED_FLAG: &str = "repeated-flag";
/// An explicitly empty value (`--client-ca-file=`, `clientCAFile: ""`).
pub const EMPTY_VALUE: &str = "empty-value";
/// A relative path (resolved as spec E5 says).
pub const RELATIVE_PATH: &str = "relative-path";
/// A template placeholder (`{{ ... }}`, `${...}`, `%{...}`) left in a value.
pub const TEMPLATE_PLACEHOLDER: &str = "template-placeholder";
/// A key that matches a known field only case-insensitively (`clientCaFile`).
pub const CASE_MISMATCHED_KEY: &str = "case-mismatched-key";
/// A key given twice in one mapping.
pub const DUPLICATE_KEY: &str = "duplicate-key";
/// A key the config schema does not know (lenient decoding keeps going).
pub const UNKNOWN_FIELD: &str = "unknown-field";
/// The config file lacks `kind` or `apiVersion`, or names another kind.
pub const MISSING_TYPE_META: &str = "missing-type-meta";
/// The config file or a drop-in cannot be decoded (the kubelet exits).
pub const CONFIG_DECODE_ERROR: &str = "config-decode-error";
/// A drop-in directory problem (missing directory, bad drop-in).
pub const DROPIN_ERROR: &str = "dropin-error";
/// A `.conf`-less file in the drop-in directory (skipped by the kubelet).
pub const DROPIN_SKIPPED: &str = "dropin-skipped";
/// The drop-in merge result depends on the kubelet version (spec Z2).
pub const VERSION_DEPENDENT: &str = "version-dependent";
/// Flags override a config-file value.
pub const FLAG_OVERRIDES_CONFIG: &str = "flag-overrides-config";
/// Evidence was referenced but not given.
pub const UNSEEN_EVIDENCE: &str = "unseen-evidence";
/// A kubelet config was judged on its own; flags could override it.
pub const CONFIG_ALONE: &str = "config-judged-alone";
/// The evidence is lossy or truncated (`ps` output, `systemctl status`).
pub const LOSSY_EVIDENCE: &str = "lossy-evidence";
/// No kubelet process in command-line evidence.
pub const NO_KUBELET_PROCESS: &str = "no-kubelet-process";
/// Several kubelet processes; the report names which one was used.
pub const SEVERAL_KUBELETS: &str = "several-kubelet-processes";
/// No authentication method left: the kubelet exits (spec Z7).
pub const NO_AUTHENTICATION: &str = "no-authentication-method";
/// Anonymous authentication stays enabled.
pub const ANONYMOUS_AUTH_ENABLED: &str = "anonymous-auth-enabled";
/// systemd refuses the unit (two `ExecStart=`, missing required file, ...).
pub const SYSTEMD_REFUSES: &str = "systemd-refuses-unit";
/// systemd construct kubeletlint cannot resolve (shell wrapper, unknown specifier, ...).
pub const SYSTEMD_UNRESOLVED: &str = "systemd-unresolved";
/// A systemd syntax warning (invalid assignment, ignored line).
pub const SYSTEMD_WARNING: &str = "systemd-warning";
/// A variable used in `ExecStart=` that nothing in the evidence defines.
pub const UNDEFINED_VARIABLE: &str = "undefined-variable";
/// A rule tagged [derived] in the spec decided part of the result.
pub const DERIVED_RULE: &str = "derived-rule";
/// The CA bundle is unusable (empty, no certificate, parse error): the kubelet exits.
pub const CA_BUNDLE_UNUSABLE: &str = "ca-bundle-unusable";
/// The CA bundle holds no CA certificate (set, but not appropriate).
pub const CA_NOT_A_CA: &str = "ca-not-a-ca";
/// An artifact was given but nothing references it.
pub const UNREFERENCED_ARTIFACT: &str = "unreferenced-artifact";
/// Two pieces of evidence disagree (e.g. /configz vs files: running state vs next start).
pub const EVIDENCE_DISAGREES: &str = "evidence-disagrees";
/// The version the evidence was judged as.
pub const JUDGED_VERSION: &str = "judged-version";
/// `--config-dir` on kubelet 1.28-1.29 needs `KUBELET_CONFIG_DROPIN_DIR_ALPHA` in the kubelet's
/// environment (spec C4): refused without it, a warning when the evidence does not show it.
pub const CONFIG_DIR_ALPHA_ENV: &str = "config-dir-alpha-env";
/// Command-line evidence without argv[0] (a flags-only args file): `kubelet` is assumed.
pub const SYNTHETIC_ARGV0: &str = "synthetic-argv0";
/// A command-line word pflag skips silently (a shorthand run reaching `test.`, e.g. `-test.v`).
pub const IGNORED_ARGUMENT: &str = "ignored-argument";
/// A kubeadm multi-document file: its `KubeletConfiguration` document was used.
pub const KUBEADM_DOCUMENT: &str = "kubeadm-document";
/// A file pasted with its shell session (`$ cat /var/lib/kubelet/config.yaml`, the file, a
/// prompt): the prompt lines were set aside, and the `cat`ed path is the node path.
pub const PASTED_SESSION: &str = "pasted-shell-session";
/// A kubelet config read from inside another object (a ConfigMap's `data` key, as kubeadm's
/// `kube-system/kubelet-config` holds it); the rest of the object was set aside.
pub const EMBEDDED_CONFIG: &str = "embedded-config";
/// microk8s's args file: the snap's variables (`${SNAP_DATA}`) were expanded as its wrapper does.
pub const SNAP_VARIABLES: &str = "snap-variables";
/// A k3s/RKE2 configuration file read as the kubelet command line k3s/RKE2 builds from it.
pub const RANCHER_CONFIG: &str = "rancher-config";
/// A later YAML document of a config file, which the kubelet never reads (spec B8).
pub const IGNORED_DOCUMENT: &str = "ignored-document";
