//! Artifact kind detection: from the node path when it is telling, else from the content.

use crate::model::ArtifactKind;

/// How sure a path-based guess is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    /// The path decides (`*.service`, `*.service.d/*.conf`, `kubelet.conf.d/*.conf`, `*.crt`).
    Strong,
    /// The path suggests; content that clearly is another kind wins
    /// (`/etc/default/kubeletconfig.json` is a kubelet config, not an env file).
    Weak,
}

pub(crate) fn detect(text: &str, path: Option<&str>) -> Option<ArtifactKind> {
    let from_path = path.and_then(kind_from_path);
    if let Some((kind, Strength::Strong)) = from_path {
        return Some(kind);
    }
    let from_content = kind_from_content(text);
    match (from_path, from_content) {
        (Some((weak, _)), Some(content)) => Some(resolve_weak(weak, content)),
        (Some((weak, _)), None) => Some(weak),
        (None, content) => content,
    }
}

/// A weak path hint against a content verdict.
fn resolve_weak(path_kind: ArtifactKind, content: ArtifactKind) -> ArtifactKind {
    use ArtifactKind::*;
    match (path_kind, content) {
        // A config-ish path (`*.yaml`, `*.d/*.conf`) whose content is a kubelet config.
        (ConfigDropin, KubeletConfig) => ConfigDropin,
        // `/etc/default/kubelet` holding `KUBELET_FLAGS=...`: an env file even though the line
        // shows flags.
        (EnvFile, Cmdline) => EnvFile,
        _ => content,
    }
}

fn kind_from_path(path: &str) -> Option<(ArtifactKind, Strength)> {
    use ArtifactKind::*;
    use Strength::*;
    let path = path.trim().replace('\\', "/");
    let path = path.trim_end_matches('/');
    let mut parts = path.rsplit('/');
    let name = parts.next().unwrap_or("");
    let parent = parts.next().unwrap_or("");
    let lower = name.to_ascii_lowercase();
    if lower.is_empty() {
        return None;
    }
    if lower.ends_with(".service") {
        return Some((SystemdUnit, Strong));
    }
    if lower.ends_with(".conf") && parent.ends_with(".service.d") {
        return Some((SystemdDropin, Strong));
    }
    if lower.ends_with(".conf") && (parent == "kubelet.conf.d" || parent == "config.json.d") {
        return Some((ConfigDropin, Strong));
    }
    if lower.ends_with(".crt") || lower.ends_with(".pem") {
        return Some((CaBundle, Strong));
    }
    if path.ends_with("/proc/self/cmdline")
        || (lower == "cmdline" && path.contains("/proc/"))
        || path.contains("/microk8s/") && parent == "args"
    {
        return Some((Cmdline, Strong));
    }
    // k3s/RKE2 configuration files: the k3s command line in YAML
    if (path.starts_with("/etc/rancher/k3s/") || path.starts_with("/etc/rancher/rke2/"))
        && (lower.ends_with(".yaml") || lower.ends_with(".yml"))
    {
        return Some((Cmdline, Strong));
    }
    if path == "/etc/eks/kubelet/environment" || lower.ends_with(".env") {
        return Some((EnvFile, Strong));
    }
    // Another `*.d/*.conf` (a `--config-dir` of any name); content may still say otherwise.
    if lower.ends_with(".conf") && parent.ends_with(".d") {
        return Some((ConfigDropin, Weak));
    }
    if path.starts_with("/etc/default/") || path.starts_with("/etc/sysconfig/") {
        return Some((EnvFile, Weak));
    }
    if lower.ends_with(".yaml") || lower.ends_with(".yml") || lower.ends_with(".json") {
        return Some((KubeletConfig, Weak));
    }
    None
}

/// The text without a BOM.
fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn kind_from_content(text: &str) -> Option<ArtifactKind> {
    use ArtifactKind::*;
    let text = strip_bom(text);
    if text.contains('\0') {
        return if super::cmdline::extract(text).processes.is_empty() {
            None
        } else {
            Some(Cmdline)
        };
    }
    if is_configz(text) {
        return Some(Configz);
    }
    if let Some(kind) = systemd_kind(text) {
        return Some(kind);
    }
    if is_kubelet_config(text) {
        return Some(KubeletConfig);
    }
    if text.contains("-----BEGIN CERTIFICATE-----") || text.trim_start().starts_with("-----BEGIN ")
    {
        return Some(CaBundle);
    }
    // `systemctl show kubelet` (all properties, or `-p ExecStart`): KEY=VALUE lines like an
    // environment file, but its `ExecStart=` is the command line.
    if trimmed_lines(text)
        .any(|l| l.starts_with("ExecStart={ path=") || l.starts_with("ExecStartEx={ path="))
    {
        return Some(Cmdline);
    }
    if is_env_file(text) {
        return Some(EnvFile);
    }
    if !super::cmdline::extract(text).processes.is_empty() {
        return Some(Cmdline);
    }
    if looks_like_config_without_kind(text) {
        return Some(KubeletConfig);
    }
    None
}

/// `{"kubeletconfig": ...}` anywhere (possibly after shell noise).
fn is_configz(text: &str) -> bool {
    let mut rest = text;
    while let Some(i) = rest.find("\"kubeletconfig\"") {
        let before = rest.get(..i).unwrap_or("").trim_end();
        let after = rest
            .get(i + "\"kubeletconfig\"".len()..)
            .unwrap_or("")
            .trim_start();
        if before.ends_with('{') && after.starts_with(':') {
            return true;
        }
        rest = rest.get(i + 1..).unwrap_or("");
    }
    false
}

/// The lines of `text` without line terminators (CRLF-safe) and trimmed.
fn trimmed_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim)
}

fn systemd_kind(text: &str) -> Option<ArtifactKind> {
    let mut unit_or_install = false;
    let mut service = false;
    let mut exec_reset = false;
    let mut exec_start = false;
    for line in trimmed_lines(text) {
        // `[Unit]`, `[Service]`, `[Install]` as whole lines (not inside JSON arrays).
        let section = line.strip_prefix('[').and_then(|l| l.strip_suffix(']'));
        match section {
            Some("Unit") | Some("Install") => unit_or_install = true,
            Some("Service") => service = true,
            _ => {}
        }
        if let Some(v) = line.strip_prefix("ExecStart=") {
            if v.trim().is_empty() {
                exec_reset = true;
            } else {
                exec_start = true;
            }
        }
    }
    if !(unit_or_install || service) {
        return None;
    }
    // A reset (`ExecStart=` alone) only makes sense in a drop-in; `[Unit]`/`[Install]`, or a
    // `[Service]` with its own command, is a unit; a lone `[Service]` with settings is a drop-in.
    if exec_reset {
        Some(ArtifactKind::SystemdDropin)
    } else if unit_or_install || exec_start {
        Some(ArtifactKind::SystemdUnit)
    } else {
        Some(ArtifactKind::SystemdDropin)
    }
}

/// `s.trim_start_matches(prefix)` for a string prefix, without the substring searcher that
/// `trim_start_matches(&str)` instantiates (about 0.9 KB of WASM code).
fn strip_repeated<'s>(mut s: &'s str, prefix: &str) -> &'s str {
    while let Some(rest) = s.strip_prefix(prefix) {
        s = rest;
    }
    s
}

/// `kind: KubeletConfiguration` (YAML, also in a kubeadm multi-document file), its JSON form,
/// or the kubelet config apiVersion.
fn is_kubelet_config(text: &str) -> bool {
    // a kubeadm configuration (kubeadm writes the kubelet's config file from it)
    if text
        .lines()
        .any(|l| l.starts_with("apiVersion: kubeadm.k8s.io/"))
    {
        return true;
    }
    for line in trimmed_lines(text) {
        let line = strip_repeated(line, "- ");
        if let Some(v) = yaml_or_json_value(line, "kind") {
            if v == "KubeletConfiguration" {
                return true;
            }
        }
        if let Some(v) = yaml_or_json_value(line, "apiVersion") {
            if v.starts_with("kubelet.config.k8s.io/") {
                return true;
            }
        }
    }
    // Single-line JSON: `{"kind":"KubeletConfiguration",...}`.
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    compact.contains("\"kind\":\"KubeletConfiguration\"")
        || compact.contains("\"apiVersion\":\"kubelet.config.k8s.io/")
}

/// The value of `key: value` / `"key": "value",` on one line, unquoted.
fn yaml_or_json_value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(key).or_else(|| {
        line.strip_prefix('"')
            .and_then(|l| l.strip_prefix(key)?.strip_prefix('"'))
    })?;
    let v = rest.trim_start().strip_prefix(':')?.trim();
    let v = v.trim_end_matches(',').trim();
    let v = v.split(" #").next().unwrap_or(v).trim();
    Some(v.trim_matches(|c| c == '"' || c == '\''))
}

/// Only `KEY=value` lines (plus comments, blank lines, `export`, template tags and the
/// continuation lines of a quoted or backslash-continued value).
fn is_env_file(text: &str) -> bool {
    let mut assignments = 0usize;
    let mut continuing = false;
    let mut in_set_block = false;
    for raw in text.lines() {
        let line = raw.trim();
        // Jinja block assignment (`{% set args -%}` ... `{% endset %}`): template text, skipped.
        if in_set_block {
            in_set_block = !(line.starts_with("{%") && line.contains("endset"));
            continue;
        }
        if line.starts_with("{%") && line.ends_with("%}") {
            let tag = strip_repeated(line, "{%")
                .trim_start_matches('-')
                .trim_start();
            if tag.starts_with("set ") && !tag.contains('=') {
                in_set_block = true;
            }
            continue;
        }
        if continuing {
            continuing = continues(line, true);
            continue;
        }
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        // Jinja / Go template tags on their own line (kubespray's `kubelet.env`).
        if (line.starts_with("{%") || line.starts_with("{#") || line.starts_with("{{"))
            && (line.ends_with("%}") || line.ends_with("#}") || line.ends_with("}}"))
        {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line).trim_start();
        let Some((key, value)) = line.split_once('=') else {
            return false;
        };
        if !is_env_name(key.trim_end()) {
            return false;
        }
        assignments += 1;
        continuing = continues(value, false);
    }
    assignments > 0
}

/// Whether a value goes on to the next line: an unbalanced double quote or a trailing `\`.
fn continues(value: &str, inside: bool) -> bool {
    let quotes = value.chars().filter(|&c| c == '"').count() - value.matches("\\\"").count();
    let open = (quotes % 2 == 1) != inside;
    open || value.ends_with('\\')
}

fn is_env_name(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A YAML/JSON mapping with kubelet-config keys but no type meta.
fn looks_like_config_without_kind(text: &str) -> bool {
    const KEYS: [&str; 6] = [
        "clientCAFile",
        "authentication",
        "authorization",
        "staticPodPath",
        "cgroupDriver",
        "clusterDNS",
    ];
    trimmed_lines(text).any(|line| KEYS.iter().any(|k| yaml_or_json_value(line, k).is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ArtifactKind::*;

    #[test]
    fn telling_paths() {
        let cases = [
            ("/etc/systemd/system/kubelet.service", SystemdUnit),
            (
                "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
                SystemdDropin,
            ),
            (
                "/etc/kubernetes/kubelet/config.json.d/00-nodeadm.conf",
                ConfigDropin,
            ),
            (
                "/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf",
                ConfigDropin,
            ),
            ("/etc/kubernetes/pki/ca.crt", CaBundle),
            ("/etc/kubernetes/certs/ca.pem", CaBundle),
            ("/etc/eks/kubelet/environment", EnvFile),
            ("/etc/kubernetes/kubelet.env", EnvFile),
            ("/var/snap/microk8s/current/args/kubelet", Cmdline),
            ("/proc/1234/cmdline", Cmdline),
        ];
        for (path, kind) in cases {
            assert_eq!(detect("", Some(path)), Some(kind), "{path}");
        }
    }

    #[test]
    fn weak_paths_give_way_to_content() {
        let json = "{\n  \"kind\": \"KubeletConfiguration\",\n  \"apiVersion\": \"kubelet.config.k8s.io/v1beta1\"\n}\n";
        assert_eq!(
            detect(json, Some("/etc/default/kubeletconfig.json")),
            Some(KubeletConfig)
        );
        assert_eq!(
            detect("KUBELET_FLAGS=--v=2\n", Some("/etc/default/kubelet")),
            Some(EnvFile)
        );
        assert_eq!(detect("", Some("/etc/sysconfig/kubelet")), Some(EnvFile));
        assert_eq!(
            detect(
                "KUBELET_EXTRA_ARGS=--node-ip=10.0.0.4 --client-ca-file=/x\n",
                Some("/etc/default/kubelet")
            ),
            Some(EnvFile)
        );
        let yaml = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";
        assert_eq!(
            detect(yaml, Some("/etc/kubernetes/kubelet/conf.d/10-x.conf")),
            Some(ConfigDropin)
        );
        assert_eq!(
            detect("maxPods: 110\n", Some("/var/lib/kubelet/config.yaml")),
            Some(KubeletConfig)
        );
    }

    #[test]
    fn systemd_content() {
        let unit = "[Unit]\nDescription=kubelet\n\n[Service]\nExecStart=/usr/bin/kubelet\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n";
        assert_eq!(detect(unit, None), Some(SystemdUnit));
        let dropin = "# kubeadm\n[Service]\nEnvironment=\"KUBELET_KUBECONFIG_ARGS=--kubeconfig=/etc/kubernetes/kubelet.conf\"\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS\n";
        assert_eq!(detect(dropin, None), Some(SystemdDropin));
        let env_only = "[Service]\r\nEnvironment=\"KUBELET_CONFIG_FILE_FLAGS=--config /etc/default/kubeletconfig.json\"\r\n";
        assert_eq!(detect(env_only, None), Some(SystemdDropin));
        let minimal = "[Service]\nExecStart=/opt/bin/kubelet --config=/etc/kubelet.yaml\n";
        assert_eq!(detect(minimal, None), Some(SystemdUnit));
        // The path wins over the content.
        assert_eq!(
            detect(
                unit,
                Some("/etc/systemd/system/kubelet.service.d/90-local.conf")
            ),
            Some(SystemdDropin)
        );
    }

    #[test]
    fn config_content() {
        let yaml = "\u{feff}\n\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\n";
        assert_eq!(detect(yaml, None), Some(KubeletConfig));
        let multidoc = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\n---\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: \"KubeletConfiguration\"\ncgroupDriver: systemd\n";
        assert_eq!(detect(multidoc, None), Some(KubeletConfig));
        let json =
            "{\"kind\":\"KubeletConfiguration\",\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\"}";
        assert_eq!(detect(json, None), Some(KubeletConfig));
        let no_kind = "authentication:\n  x509:\n    clientCAFile: /etc/ca.crt\n";
        assert_eq!(detect(no_kind, None), Some(KubeletConfig));
    }

    #[test]
    fn pasted_cat_of_a_config() {
        let paste = "root@cp-1:~# cat /var/lib/kubelet/config.yaml\r\napiVersion: kubelet.config.k8s.io/v1beta1\r\nkind: KubeletConfiguration\r\n";
        assert_eq!(detect(paste, None), Some(KubeletConfig));
    }

    #[test]
    fn configz_content() {
        let paste = "$ kubectl get --raw /api/v1/nodes/n1/proxy/configz\n{\"kubeletconfig\":{\"kind\":\"KubeletConfiguration\",\"authentication\":{}}}\n";
        assert_eq!(detect(paste, None), Some(Configz));
        let pretty = "{\n  \"kubeletconfig\" : {\n    \"enableServer\": true\n  }\n}\n";
        assert_eq!(detect(pretty, None), Some(Configz));
    }

    #[test]
    fn ca_and_env_content() {
        assert_eq!(
            detect(
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                None
            ),
            Some(CaBundle)
        );
        let jinja = "KUBE_LOG_LEVEL=\"--v={{ kube_log_level }}\"\n{% set kubelet_args -%}\n--client-ca-file={{ kube_cert_dir }}/ca.crt \\\n{% endset %}\nKUBELET_ARGS=\"{{ kubelet_args }}\"\n";
        assert_eq!(detect(jinja, None), Some(EnvFile));
        let env = "# written by bootstrap\nexport KUBELET_EXTRA_ARGS=\"--node-labels=a=b \\\n  --max-pods=58\"\nNODE_IP=10.0.0.4\n";
        assert_eq!(detect(env, None), Some(EnvFile));
    }

    #[test]
    fn cmdline_content() {
        assert_eq!(
            detect(
                "/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml\r\n",
                None
            ),
            Some(Cmdline)
        );
        assert_eq!(detect("/usr/bin/kubelet\0--v=2\0", None), Some(Cmdline));
        let ps = "root@node-1:~# ps -ef | grep kubelet\nroot   901  1  2 09:12 ?  00:01:02 /usr/bin/kubelet --v=2\nroot  4411 4400  0 09:30 pts/0 00:00:00 grep --color=auto kubelet\n";
        assert_eq!(detect(ps, None), Some(Cmdline));
    }

    #[test]
    fn unknown_content() {
        assert_eq!(detect("", None), None);
        assert_eq!(detect("hello world\n", None), None);
        let kubeconfig = "apiVersion: v1\nkind: Config\nclusters: []\n";
        assert_eq!(detect(kubeconfig, None), None);
    }
}
