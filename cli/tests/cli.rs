//! The command as a library: exit codes, stdin, errors, node-mode helpers.

use kubeletlint_cli::{input, node, run, Io, EXIT_PASS, EXIT_USAGE};
use std::fs;
use std::path::Path;

fn run_with(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut input = stdin.as_bytes();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut argv = vec!["kubeletlint".to_string()];
    argv.extend(args.iter().map(|s| s.to_string()));
    let code = run(
        argv,
        Io {
            stdin: &mut input,
            stdout: &mut out,
            stderr: &mut err,
            stdout_is_terminal: false,
        },
    );
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

fn tmpdir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("kubeletlint-cli-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).ok();
    d
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run_with(&[], "").0, EXIT_USAGE);
    assert_eq!(run_with(&["check"], "").0, EXIT_USAGE);
    assert_eq!(
        run_with(&["check", "-", "--format", "yaml"], "").0,
        EXIT_USAGE
    );
}

#[test]
fn help_and_version_exit_0() {
    let (code, out, _) = run_with(&["--help"], "");
    assert_eq!(code, EXIT_PASS);
    assert!(out.contains("Exit status"));
    let (code, out, _) = run_with(&["--version"], "");
    assert_eq!(code, EXIT_PASS);
    assert_eq!(out.trim(), format!("kubeletlint {}", kubeletlint::VERSION));
}

#[test]
fn unreadable_file_is_one_line_naming_it() {
    let (code, out, err) = run_with(&["check", "/nonexistent/kubelet.yaml"], "");
    assert_eq!(code, EXIT_USAGE);
    assert!(out.is_empty());
    assert_eq!(err.lines().count(), 1);
    assert!(err.contains("/nonexistent/kubelet.yaml"));
}

#[test]
fn unrecognisable_file_is_named_by_its_local_name() {
    let d = tmpdir("junk");
    let f = d.join("junk.txt");
    fs::write(&f, "hello world\n").unwrap();
    let name = f.display().to_string();
    let (code, _, err) = run_with(&["check", &name], "");
    assert_eq!(code, EXIT_USAGE);
    assert_eq!(err.lines().count(), 1);
    assert!(
        err.starts_with(&format!(
            "kubeletlint: {name}:1:1: cannot tell what `{name}` is"
        )),
        "{err}"
    );
    assert!(!err.contains("artifact #"), "{err}");
    // stdin is `<stdin>`; a node path, when given, is the name
    let (_, _, err) = run_with(&["check", "-"], "hello\n");
    assert!(
        err.starts_with("kubeletlint: <stdin>:1:1: cannot tell what `<stdin>` is"),
        "{err}"
    );
    let (_, _, err) = run_with(&["check", "/etc/kubernetes/x.bin=-"], "hello\n");
    assert!(err.contains("`/etc/kubernetes/x.bin`"), "{err}");
}

#[test]
fn reports_name_files_without_node_path_locally() {
    let d = tmpdir("named");
    let f = d.join("ps.txt");
    fs::write(
        &f,
        "1043 /usr/bin/kubelet --client-ca-file=/etc/kubernetes/pki/ca.crt\n",
    )
    .unwrap();
    let name = f.display().to_string();
    let (code, out, _) = run_with(&["check", &name, "--format", "json"], "");
    assert_eq!(code, EXIT_PASS);
    assert!(out.contains(&format!("\"source\": \"{name}\"")), "{out}");
    assert!(!out.contains("artifact #1"), "{out}");
    // a node path stays the name
    let (_, out, _) = run_with(&["check", &format!("/proc/1043/cmdline={name}")], "");
    assert!(out.contains("/proc/1043/cmdline:1:"), "{out}");
}

#[test]
fn explain_prints_the_rule_docs() {
    let (code, out, _) = run_with(&["explain"], "");
    assert_eq!(code, EXIT_PASS);
    assert_eq!(out, kubeletlint::rule::EXPLAIN);
}

#[test]
fn node_path_syntax() {
    assert_eq!(
        input::split_node_path("/etc/default/kubelet=./default-kubelet"),
        (Some("/etc/default/kubelet"), "./default-kubelet")
    );
    assert_eq!(input::split_node_path("./a=b"), (None, "./a=b"));
    assert_eq!(input::split_node_path("/etc/x=-"), (Some("/etc/x"), "-"));
    // a Windows node's paths
    assert_eq!(
        input::split_node_path(r"C:\var\lib\kubelet\config.yaml=config.yaml"),
        (Some(r"C:\var\lib\kubelet\config.yaml"), "config.yaml")
    );
    assert_eq!(
        input::split_node_path("c:/k/config=./cfg"),
        (Some("c:/k/config"), "./cfg")
    );
    assert_eq!(input::split_node_path("C:=x"), (None, "C:=x"));
}

#[test]
fn stdin_with_node_path() {
    let mut stdin: &[u8] = b"KUBELET_FLAGS=--client-ca-file=/x\n";
    let arts = input::load(&["/etc/default/kubelet=-".to_string()], &mut stdin).unwrap_or_default();
    assert_eq!(arts.len(), 1);
    assert_eq!(arts[0].path.as_deref(), Some("/etc/default/kubelet"));
}

#[test]
fn root_tree_directories_get_node_paths() {
    let d = tmpdir("tree");
    fs::create_dir_all(d.join("etc/default")).ok();
    fs::write(d.join("etc/default/kubelet"), "KUBELET_FLAGS=\n").ok();
    fs::write(d.join("configz.json"), "{}").ok();
    fs::write(d.join(".hidden"), "x").ok();
    let arts = input::load(&[d.display().to_string()], &mut std::io::empty()).unwrap_or_default();
    let paths: Vec<_> = arts.iter().map(|a| a.path.clone()).collect();
    assert_eq!(paths, vec![None, Some("/etc/default/kubelet".to_string())]);
    let mapped = input::load(
        &[format!("/srv={}", d.join("etc").display())],
        &mut std::io::empty(),
    )
    .unwrap_or_default();
    assert_eq!(mapped[0].path.as_deref(), Some("/srv/default/kubelet"));
    let _ = fs::remove_dir_all(&d);
}

#[test]
fn kubelet_argv_detection() {
    assert!(node::is_kubelet_argv(b"kubelet\0--v=2\0"));
    assert!(node::is_kubelet_argv(b"/usr/bin/kubelet\0"));
    assert!(node::is_kubelet_argv(b"/hyperkube\0kubelet\0--x\0"));
    assert!(!node::is_kubelet_argv(b"/hyperkube\0kube-proxy\0"));
    assert!(!node::is_kubelet_argv(
        b"kube-apiserver\0--client-ca-file=/x\0"
    ));
    assert!(!node::is_kubelet_argv(b"/bin/sh\0-c\0kubelet --x\0"));
    assert!(!node::is_kubelet_argv(b""));
}

#[cfg(unix)]
#[test]
fn host_path_resolves_symlinks_inside_the_root() {
    let d = tmpdir("links");
    fs::create_dir_all(d.join("etc/kubernetes")).ok();
    fs::create_dir_all(d.join("opt")).ok();
    fs::write(d.join("opt/real.yaml"), "x").ok();
    std::os::unix::fs::symlink("/opt/real.yaml", d.join("etc/kubernetes/abs.yaml")).ok();
    std::os::unix::fs::symlink(
        "../../../../../../opt/real.yaml",
        d.join("etc/kubernetes/rel.yaml"),
    )
    .ok();
    std::os::unix::fs::symlink("loop", d.join("loop")).ok();
    let want = d.join("opt/real.yaml");
    assert_eq!(
        node::host_path(&d, "/etc/kubernetes/abs.yaml"),
        Some(want.clone())
    );
    assert_eq!(node::host_path(&d, "/etc/kubernetes/rel.yaml"), Some(want));
    assert_eq!(node::host_path(&d, "/loop"), None);
    assert_eq!(
        node::host_path(Path::new("/"), "/etc/x"),
        Some("/etc/x".into())
    );
    let _ = fs::remove_dir_all(&d);
}

#[test]
fn node_mode_with_nothing_found_exits_2() {
    let d = tmpdir("empty");
    let (code, _, err) = run_with(&["node", "--root", &d.display().to_string()], "");
    assert_eq!(code, EXIT_USAGE);
    assert!(err.contains("no kubelet process"));
    let _ = fs::remove_dir_all(&d);
}
