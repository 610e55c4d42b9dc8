//! Go `path/filepath` rules for Linux and Windows paths (B10, T24) and the drop-in walk order (C5).

/// Whether a path is written for a Windows kubelet (`C:\...`, `C:/...`, `\\server\share`).
pub(crate) fn is_windows_path(p: &str) -> bool {
    let b = p.as_bytes();
    matches!((b.first(), b.get(1)), (Some(c), Some(b':')) if c.is_ascii_alphabetic())
        || p.starts_with("\\\\")
}

/// Length of the Windows volume name (`C:` or `\\host\share`), 0 if none.
fn win_volume_len(p: &str) -> usize {
    let b = p.as_bytes();
    if let (Some(c), Some(b':')) = (b.first(), b.get(1)) {
        if c.is_ascii_alphabetic() {
            return 2;
        }
    }
    let sep = |c: u8| c == b'\\' || c == b'/';
    if b.len() >= 5 && b.first().copied().is_some_and(sep) && b.get(1).copied().is_some_and(sep) {
        // \\host\share
        let mut i = 2;
        while i < b.len() && !b.get(i).copied().is_some_and(sep) {
            i += 1;
        }
        if i == 2 || i >= b.len() {
            return 0;
        }
        i += 1;
        let start = i;
        while i < b.len() && !b.get(i).copied().is_some_and(sep) {
            i += 1;
        }
        if i == start {
            return 0;
        }
        return i;
    }
    0
}

/// Go `filepath.IsAbs`.
pub(crate) fn is_abs(p: &str, windows: bool) -> bool {
    if !windows {
        return p.starts_with('/');
    }
    let v = win_volume_len(p);
    if v == 0 {
        return false;
    }
    if p.starts_with("\\\\") {
        return true;
    }
    matches!(p.as_bytes().get(v), Some(b'\\') | Some(b'/'))
}

/// Go `filepath.Clean`.
pub(crate) fn clean(p: &str, windows: bool) -> String {
    let (vol, rest) = if windows {
        let v = win_volume_len(p);
        (p.get(..v).unwrap_or(""), p.get(v..).unwrap_or(""))
    } else {
        ("", p)
    };
    let sep = if windows { '\\' } else { '/' };
    let is_sep = |c: char| c == '/' || (windows && c == '\\');
    if rest.is_empty() {
        if vol.len() > 1 && !vol.starts_with("\\\\") {
            return format!("{vol}.");
        }
        return if vol.is_empty() {
            ".".to_string()
        } else {
            vol.replace('/', "\\")
        };
    }
    let rooted = rest.starts_with(is_sep);
    let mut out: Vec<&str> = Vec::new();
    for part in rest.split(is_sep) {
        match part {
            "" | "." => {}
            ".." => {
                if matches!(out.last(), Some(l) if *l != "..") {
                    out.pop();
                } else if !rooted {
                    out.push("..");
                }
            }
            x => out.push(x),
        }
    }
    let mut s = String::new();
    s.push_str(&vol.replace('/', "\\"));
    if rooted {
        s.push(sep);
    }
    s.push_str(&out.join(&sep.to_string()));
    if s.is_empty() || s == vol {
        s.push('.');
    }
    s
}

/// Go `filepath.Dir`.
pub(crate) fn dir(p: &str, windows: bool) -> String {
    let v = if windows { win_volume_len(p) } else { 0 };
    let is_sep = |c: char| c == '/' || (windows && c == '\\');
    let body = p.get(v..).unwrap_or("");
    let cut = body.rfind(is_sep).map(|i| i + 1).unwrap_or(0);
    clean(
        &format!(
            "{}{}",
            p.get(..v).unwrap_or(""),
            body.get(..cut).unwrap_or("")
        ),
        windows,
    )
}

/// Go `filepath.Join(dir, p)`.
pub(crate) fn join(d: &str, p: &str, windows: bool) -> String {
    if d.is_empty() {
        return clean(p, windows);
    }
    let sep = if windows { "\\" } else { "/" };
    clean(&format!("{d}{sep}{p}"), windows)
}

/// Go `filepath.Ext` of the last path element.
pub(crate) fn ext(p: &str) -> &str {
    let name = p.rsplit('/').next().unwrap_or(p);
    match name.rfind('.') {
        Some(i) => name.get(i..).unwrap_or(""),
        None => "",
    }
}

/// The kubelet's `filepath.WalkDir` order over `paths` below `dir` (C5): component-wise byte
/// order, so `a/x.conf` comes before `a.conf`. Only `.conf` files are returned in the first
/// list; the rest (other extensions, paths outside `dir`) in the second.
pub(crate) fn dropin_order<'p>(dir: &str, paths: &[&'p str]) -> (Vec<&'p str>, Vec<&'p str>) {
    let root = clean(dir, false);
    let mut inside: Vec<(&'p str, String)> = Vec::new();
    let mut skipped = Vec::new();
    for &p in paths {
        let c = clean(p, false);
        let rel = if c == root {
            Some(String::new())
        } else if root == "/" {
            c.strip_prefix('/').map(str::to_string)
        } else {
            c.strip_prefix(&root)
                .and_then(|r| r.strip_prefix('/'))
                .map(str::to_string)
        };
        match rel {
            Some(r) => inside.push((p, r)),
            None => skipped.push(p),
        }
    }
    // `--config-dir` naming a file: that file is the only one walked.
    if let Some(pos) = inside.iter().position(|(_, r)| r.is_empty()) {
        let only = inside.swap_remove(pos);
        skipped.extend(inside.iter().map(|(p, _)| *p));
        if ext(only.0) == ".conf" {
            return (vec![only.0], skipped);
        }
        skipped.push(only.0);
        return (Vec::new(), skipped);
    }
    let mut keyed: Vec<(Vec<Vec<u8>>, &'p str)> = inside
        .iter()
        .map(|(p, r)| (r.split('/').map(|s| s.as_bytes().to_vec()).collect(), *p))
        .collect();
    crate::sort::sort(&mut keyed);
    let mut conf = Vec::new();
    for (_, p) in keyed {
        if ext(p) == ".conf" {
            conf.push(p);
        } else {
            skipped.push(p);
        }
    }
    (conf, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posix_join_clean() {
        assert_eq!(
            join("/etc/kubernetes/kubelet", "pki/ca.crt", false),
            "/etc/kubernetes/kubelet/pki/ca.crt"
        );
        assert_eq!(
            join("/var/lib/kubelet", "../pki/ca.crt", false),
            "/var/lib/pki/ca.crt"
        );
        assert_eq!(join("/", "../../x", false), "/x");
        assert_eq!(dir("/etc/k/c.yaml", false), "/etc/k");
        assert_eq!(dir("/c.yaml", false), "/");
        assert_eq!(dir("c.yaml", false), ".");
        assert_eq!(clean("a//b/./c/..", false), "a/b");
        assert_eq!(clean("", false), ".");
    }

    #[test]
    fn windows_rules() {
        let d = dir(r"C:\var\lib\kubelet\config.yaml", true);
        assert_eq!(d, r"C:\var\lib\kubelet");
        assert!(!is_abs("/etc/kubernetes/pki/ca.crt", true));
        assert!(is_abs(r"C:\x", true));
        assert!(is_abs("C:/x", true));
        assert!(!is_abs("C:x", true));
        assert!(is_abs(r"\\srv\share\x", true));
        assert_eq!(
            join(&d, "/etc/kubernetes/pki/ca.crt", true),
            r"C:\var\lib\kubelet\etc\kubernetes\pki\ca.crt"
        );
        assert!(is_windows_path(r"C:\var"));
        assert!(!is_windows_path("/var"));
    }

    #[test]
    fn walk_order() {
        let d = "/etc/kubernetes/kubelet.conf.d";
        let paths = [
            "/etc/kubernetes/kubelet.conf.d/a.conf",
            "/etc/kubernetes/kubelet.conf.d/a/x.conf",
            "/etc/kubernetes/kubelet.conf.d/9-ca.conf",
            "/etc/kubernetes/kubelet.conf.d/10-ca.conf",
            "/etc/kubernetes/kubelet.conf.d/.hidden.conf",
            "/etc/kubernetes/kubelet.conf.d/b.CONF",
            "/etc/kubernetes/kubelet.conf.d/c.conf.bak",
            "/elsewhere/z.conf",
        ];
        let (order, skipped) = dropin_order(d, &paths);
        assert_eq!(
            order,
            vec![
                "/etc/kubernetes/kubelet.conf.d/.hidden.conf",
                "/etc/kubernetes/kubelet.conf.d/10-ca.conf",
                "/etc/kubernetes/kubelet.conf.d/9-ca.conf",
                "/etc/kubernetes/kubelet.conf.d/a/x.conf",
                "/etc/kubernetes/kubelet.conf.d/a.conf",
            ]
        );
        assert_eq!(skipped.len(), 3);
        let (o, _) = dropin_order("/d/only.conf", &["/d/only.conf"]);
        assert_eq!(o, vec!["/d/only.conf"]);
        let (o, _) = dropin_order("/d/", &["/d/x.conf"]);
        assert_eq!(o, vec!["/d/x.conf"]);
    }
}
