//! Property tests of the evidence readers: no panics on arbitrary input, exact NUL argv.

// Test code: a failed expectation should panic with a message.
#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used
)]

use kubeletlint::evidence::{check_ca_bundle, detect_kind, extract_cmdlines};
use proptest::prelude::*;

/// Text that looks a bit like evidence (so the parsers go deep), mixed with anything.
fn evidence_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("kubelet".to_string()),
        Just("/usr/bin/kubelet ".to_string()),
        Just("hyperkube kubelet ".to_string()),
        Just("--client-ca-file=".to_string()),
        Just("--config ".to_string()),
        Just("root   901  1  2 09:12 ?  00:01:02 ".to_string()),
        Just("USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND\n".to_string()),
        Just("  └─1234 ".to_string()),
        Just("msg=\"Running kubelet ".to_string()),
        Just("root@host:~# ".to_string()),
        Just("[Service]\n".to_string()),
        Just("ExecStart=\n".to_string()),
        Just("kind: KubeletConfiguration\n".to_string()),
        Just("kind: ConfigMap\n".to_string()),
        Just("kubelet-arg:\n".to_string()),
        Just("  - \"".to_string()),
        Just("I0319 20:49:11.693966   12292 flags.go:64] FLAG: --".to_string()),
        Just("=\"".to_string()),
        Just("data:\n  kubelet: |\n".to_string()),
        Just("    ".to_string()),
        Just("{\"kubeletconfig\":".to_string()),
        Just("-----BEGIN CERTIFICATE-----\n".to_string()),
        Just("-----END CERTIFICATE-----\n".to_string()),
        Just("{% set x -%}\n".to_string()),
        Just("KEY=\"value\\\n".to_string()),
        Just("\\\n".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("…".to_string()),
        Just(">".to_string()),
        Just("\0".to_string()),
        Just("\r\n".to_string()),
        Just("\u{feff}".to_string()),
        "[ -~]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn detect_kind_never_panics(text in evidence_like(), path in proptest::option::of(".{0,40}")) {
        let _ = detect_kind(&text, path.as_deref());
    }

    #[test]
    fn detect_kind_never_panics_on_any_string(text in any::<String>()) {
        let _ = detect_kind(&text, None);
    }

    #[test]
    fn extract_cmdlines_never_panics_and_offsets_are_in_the_text(text in evidence_like()) {
        let c = extract_cmdlines(&text);
        for p in &c.processes {
            prop_assert!(p.args_start >= 1 && p.args_start <= p.argv.len().max(1));
            prop_assert!(p.line >= 1);
            for w in &p.argv {
                prop_assert!(w.offset <= text.len());
                prop_assert!(text.is_char_boundary(w.offset));
            }
        }
    }

    #[test]
    fn extract_cmdlines_never_panics_on_any_string(text in any::<String>()) {
        let _ = extract_cmdlines(&text);
    }

    #[test]
    fn check_ca_bundle_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = check_ca_bundle(&bytes);
    }

    #[test]
    fn check_ca_bundle_never_panics_on_pem_shaped_input(
        body in "[A-Za-z0-9+/=\\r\\n \\t:-]{0,300}",
        kind in prop_oneof![Just("CERTIFICATE"), Just("TRUSTED CERTIFICATE"), Just("X")],
        lead in "[ -~\\n]{0,20}",
    ) {
        let text = format!("{lead}-----BEGIN {kind}-----\n{body}\n-----END {kind}-----\n");
        let _ = check_ca_bundle(text.as_bytes());
    }

    /// `/proc/PID/cmdline` (argv joined with NULs, NUL-terminated) comes back exactly, with
    /// offsets pointing at each argument.
    #[test]
    fn nul_argv_round_trips(argv in prop::collection::vec("[^\\x00]{0,16}", 1..10), first in "[^\\x00\\n]{1,16}") {
        let mut argv = argv;
        argv.insert(0, first);
        let text = format!("{}\0", argv.join("\0"));
        let c = extract_cmdlines(&text);
        prop_assert_eq!(c.processes.len(), 1);
        let p = &c.processes[0];
        let got: Vec<&str> = p.argv.iter().map(|w| w.value.as_ref()).collect();
        prop_assert_eq!(&got, &argv);
        prop_assert!(!p.lossy);
        // A terminal's ellipsis at the very end marks a cut line (T68), also in NUL-separated text.
        prop_assert_eq!(p.truncated, argv.last().is_some_and(|a| a.ends_with('…')));
        for w in &p.argv {
            prop_assert_eq!(text.get(w.offset..w.offset + w.value.len()), Some(w.value.as_ref()));
        }
        // Without the final NUL too, unless the last argument is one the kernel's terminator
        // convention makes ambiguous (empty) or a bare line break (paste noise).
        let last = argv.last().map(String::as_str).unwrap_or("");
        if !matches!(last, "" | "\n" | "\r\n") {
            let joined = argv.join("\0");
            let c = extract_cmdlines(&joined);
            let got: Vec<&str> = c.processes[0].argv.iter().map(|w| w.value.as_ref()).collect();
            prop_assert_eq!(&got, &argv);
        }
    }

    /// `systemctl show kubelet -p ExecStart` (argv joined with spaces between `argv[]=` and
    /// `; ignore_errors=`/`; flags=`): the words come back, pointing into the text, marked lossy
    /// and as a unit's command; whatever precedes the line (a prompt line) does not matter.
    #[test]
    fn systemctl_show_argv_round_trips(
        args in prop::collection::vec("[-a-zA-Z0-9_=/.:$,{}]{1,12}", 0..8),
        ex in any::<bool>(),
        prompt in any::<bool>(),
    ) {
        let mut argv = vec!["/usr/bin/kubelet".to_string()];
        argv.extend(args);
        let (prop, tail) = if ex { ("ExecStartEx", "flags=") } else { ("ExecStart", "ignore_errors=no") };
        let text = format!(
            "{}{prop}={{ path=/usr/bin/kubelet ; argv[]={} ; {tail} ; start_time=[n/a] ; stop_time=[n/a] ; pid=0 ; code=(null) ; status=0/0 }}\n",
            if prompt { "$ systemctl show kubelet -p ExecStart\n" } else { "" },
            argv.join(" ")
        );
        prop_assert_eq!(detect_kind(&text, None), Some(kubeletlint::ArtifactKind::Cmdline));
        let c = extract_cmdlines(&text);
        let p = c.processes.iter().find(|p| p.unit_command);
        prop_assert!(p.is_some(), "no unit command in {:?}", c.processes);
        let p = p.unwrap();
        let got: Vec<&str> = p.argv.iter().map(|w| w.value.as_ref()).collect();
        prop_assert_eq!(&got, &argv);
        prop_assert!(p.lossy && p.is_kubelet);
        for w in &p.argv {
            prop_assert_eq!(text.get(w.offset..w.offset + w.value.len()), Some(w.value.as_ref()));
        }
    }

    /// A `ps -ef` row hard-wrapped at a terminal width comes back as its argv, whenever the
    /// wrap leaves a way to tell (it falls inside a word, or the next line starts a `--flag`).
    #[test]
    fn wrapped_ps_row_round_trips(
        args in prop::collection::vec("--[a-z]{1,10}(=[a-z0-9/.]{1,20})?", 1..12),
        width in 80usize..160,
    ) {
        let mut argv = vec!["/usr/bin/kubelet".to_string()];
        argv.extend(args);
        let row = format!("root      1043     1  3 Jan15 ?        01:23:45 {}", argv.join(" "));
        let chars: Vec<char> = row.chars().collect();
        let chunks: Vec<String> = chars.chunks(width).map(|c| c.iter().collect::<String>()).collect();
        // decidable: every break is inside a word, or the next line starts with `--`
        let decidable = chunks.windows(2).all(|w| {
            let (a, b) = (&w[0], &w[1]);
            let at_space = a.ends_with(' ') || b.starts_with(' ');
            !at_space || b.trim_start().starts_with("--")
        });
        // a paste loses trailing spaces; a line starting with a space is not a hard wrap
        let text = chunks.iter().map(|c| c.trim_end().to_string()).collect::<Vec<_>>().join("\n") + "\n";
        prop_assume!(decidable && !chunks.iter().skip(1).any(|c| c.starts_with(' ')));
        let c = extract_cmdlines(&text);
        prop_assert_eq!(c.processes.len(), 1, "{:?}", c.processes);
        let got: Vec<&str> = c.processes[0].argv.iter().map(|w| w.value.as_ref()).collect();
        prop_assert_eq!(&got, &argv);
    }
}

/// The case proptest once found: a last argument ending in `…` reads as a cut line.
#[test]
fn nul_argv_ending_in_ellipsis_is_truncated() {
    let c = extract_cmdlines("kubelet\0--v=2\0--config=/etc/kub…\0");
    assert_eq!(c.processes.len(), 1);
    assert!(c.processes[0].truncated);
    let c = extract_cmdlines("kubelet\0--v=2\0");
    assert!(!c.processes[0].truncated);
}

/// Configs a paste test wraps in a shell session.
const PASTE_SEEDS: &[(&str, &str)] = &[
    (
        "/var/lib/kubelet/config.yaml",
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\n",
    ),
    (
        "/etc/kubernetes/kubelet/kubelet-config.json",
        "{\"kind\":\"KubeletConfiguration\",\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"authentication\":{\"x509\":{}}}",
    ),
    (
        "/var/lib/kubelet/config.yaml",
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  x509:\n    clientCAFile: \"\"\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: false\n",
    ),
];

proptest! {
    /// A file pasted with its shell session (`$ cat PATH`, the file, a prompt after it or glued
    /// to its last line) is judged exactly like the file given with that node path.
    #[test]
    fn pasted_cat_session_is_the_file(
        seed in 0..PASTE_SEEDS.len(),
        prompt in prop::sample::select(vec!["$ ", "root@node-1:~# ", "user@host:/tmp$ ", "[root@node ~]# ", ""]),
        sudo in any::<bool>(),
        after in prop::sample::select(vec!["", "\n", "\nroot@node-1:~# ", "root@node-1:~#", "\n[root@node ~]# ", "\n$ ", "\n#"]),
        crlf in any::<bool>(),
    ) {
        let (path, file) = PASTE_SEEDS[seed];
        let mut text = format!("{prompt}{}cat {path}\n{file}{after}", if sudo { "sudo " } else { "" });
        let mut plain = file.to_string();
        if crlf {
            text = text.replace('\n', "\r\n");
            plain = plain.replace('\n', "\r\n");
        }
        let opts = kubeletlint::Options::default();
        let pasted = kubeletlint::check(&[kubeletlint::Artifact::new(text)], &opts).unwrap();
        let given = kubeletlint::check(&[kubeletlint::Artifact::new(plain).with_path(path)], &opts).unwrap();
        prop_assert_eq!(pasted.verdict, given.verdict);
        prop_assert_eq!(&pasted.client_ca_file, &given.client_ca_file);
        prop_assert!(pasted.diagnostics.iter().any(|d| d.code == "pasted-shell-session"));
        // the deciding line is the same line of the file, one line down
        let line = |r: &kubeletlint::Report| r.provenance.decided_by.as_ref().and_then(|s| s.location.line);
        prop_assert_eq!(line(&pasted), line(&given).map(|l| l + 1));
    }
}

proptest! {
    /// A ConfigMap holding a kubelet config (`kubectl get cm kubelet-config -o yaml`) is judged
    /// like the config itself, at the same line of the ConfigMap.
    #[test]
    fn configmap_is_its_kubelet_config(
        seed in 0..PASTE_SEEDS.len(),
        indicator in prop::sample::select(vec!["|", "|-", "|+"]),
        indent in prop::sample::select(vec!["    ", "   ", "      "]),
        other_key_before in any::<bool>(),
        prompt in any::<bool>(),
        crlf in any::<bool>(),
    ) {
        let (_, file) = PASTE_SEEDS[seed];
        let body: String = file.lines().map(|l| if l.is_empty() { "\n".to_string() } else { format!("{indent}{l}\n") }).collect();
        let head = format!(
            "{}apiVersion: v1\ndata:\n{}  kubelet: {indicator}\n",
            if prompt { "$ kubectl -n kube-system get cm kubelet-config -o yaml\n" } else { "" },
            if other_key_before { "  other: |\n    not: kubelet\n" } else { "" },
        );
        let tail = "kind: ConfigMap\nmetadata:\n  name: kubelet-config\n  namespace: kube-system\n";
        let mut text = format!("{head}{body}{tail}");
        let mut plain = file.to_string();
        if crlf {
            text = text.replace('\n', "\r\n");
            plain = plain.replace('\n', "\r\n");
        }
        let offset = head.lines().count() as u32;
        let opts = kubeletlint::Options::default();
        let cm = kubeletlint::check(&[kubeletlint::Artifact::new(text.clone())], &opts).unwrap();
        let given = kubeletlint::check(&[kubeletlint::Artifact::new(plain)], &opts).unwrap();
        prop_assert_eq!(cm.verdict, given.verdict, "{}", text);
        prop_assert_eq!(&cm.client_ca_file, &given.client_ca_file);
        prop_assert!(cm.diagnostics.iter().any(|d| d.code == "embedded-config"));
        let line = |r: &kubeletlint::Report| r.provenance.decided_by.as_ref().and_then(|s| s.location.line);
        prop_assert_eq!(line(&cm), line(&given).map(|l| l + offset));
    }
}

proptest! {
    /// `ps aux` written to a terminal of any width cuts every long row at that width: the
    /// kubelet's row is then truncated (inconclusive), never a pass with a cut value.
    #[test]
    fn ps_listing_cut_at_any_width_is_truncated(width in 90usize..200, trailing_space in any::<bool>()) {
        let head = "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND";
        let rows = [
            "root         901  1.1  1.2 1841234 98765 ?      Ssl  09:14  12:31 /usr/bin/containerd --config /etc/containerd/config.toml --log-level info --address /run/containerd/containerd.sock --state /run/containerd",
            "root         911  1.1  1.2 1841234 98765 ?      Ssl  09:14  12:31 /usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock --log-opt max-size=10m --exec-opt native.cgroupdriver=systemd",
            "root        1042  3.1  1.2 1841234 98765 ?      Ssl  09:14  12:31 /usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --client-ca-file=/etc/kubernetes/pki/ca.crt",
            "root        1107  0.1  0.2 1841234 98765 ?      Sl   09:14   0:31 /usr/local/bin/kube-proxy --config=/var/lib/kube-proxy/config.conf --hostname-override=node-1 --v=2 --cluster-cidr=10.244.0.0/16",
        ];
        let full = format!("{head}\n{}\n", rows.join("\n"));
        let opts = kubeletlint::Options::default();
        let r = kubeletlint::check(&[kubeletlint::Artifact::new(full)], &opts).unwrap();
        prop_assert_eq!(r.verdict, kubeletlint::Verdict::Pass);
        let cut: Vec<String> = rows.iter().map(|l| {
            let c: String = l.chars().take(width).collect();
            if trailing_space { c } else { c.trim_end().to_string() }
        }).collect();
        let text = format!("{head}\n{}\n", cut.join("\n"));
        let r = kubeletlint::check(&[kubeletlint::Artifact::new(text.clone())], &opts).unwrap();
        prop_assert_eq!(r.verdict, kubeletlint::Verdict::Inconclusive, "{}", text);
    }
}

proptest! {
    /// A startup `FLAG:` dump (any flags, in name order, klog-prefixed, maybe several starts)
    /// is one kubelet whose argv holds `--client-ca-file=V` exactly when the last start logged a
    /// non-empty `V` (Go `%q` escapes undone).
    #[test]
    fn flag_dump_keeps_non_default_deciding_flags(
        names in prop::collection::btree_set(prop::sample::select(vec!["address", "anonymous-auth", "cert-dir", "config", "v", "x-flag", "zz-last"]), 2..7),
        ca in "[a-z/\\\\\"]{0,12}",
        earlier_start in any::<bool>(),
    ) {
        let quote = |v: &str| v.replace('\\', "\\\\").replace('"', "\\\"");
        let mut flags: Vec<(String, String)> = names.iter().map(|n| (n.to_string(), format!("/{n}"))).collect();
        flags.push(("client-ca-file".to_string(), ca.clone()));
        flags.sort();
        let block = |fs: &[(String, String)]| -> String {
            fs.iter().map(|(n, v)| format!("I0319 20:49:11.693966   12292 flags.go:64] FLAG: --{n}=\"{}\"\n", quote(v))).collect()
        };
        let mut text = String::new();
        if earlier_start {
            text.push_str(&block(&[("client-ca-file".to_string(), "/old".to_string()), ("v".to_string(), "9".to_string()), ("zz".to_string(), "1".to_string())]));
            text.push_str("I0319 20:49:12.000000   12292 server.go:1] other log line\n");
        }
        text.push_str(&block(&flags));
        let c = extract_cmdlines(&text);
        prop_assert_eq!(c.processes.len(), 1);
        let p = &c.processes[0];
        prop_assert!(p.flag_dump && p.is_kubelet);
        let args = p.args();
        let want = format!("--client-ca-file={ca}");
        prop_assert_eq!(args.contains(&want.as_str()), !ca.is_empty(), "{:?}", args);
        prop_assert!(!args.iter().any(|a| a.starts_with("--client-ca-file=/old")));
    }
}

proptest! {
    /// `cat /proc/PID/cmdline` on a terminal glues the words (`kubelet--v=2--config=...`): they
    /// are split again before each `--`, lossy; a prompt glued to the last word makes it
    /// truncated (where the word ends cannot be told).
    #[test]
    fn glued_cmdline_is_split_before_each_flag(
        flags in prop::collection::vec(("[a-z]{1,6}(-[a-z]{1,6}){0,2}", "[a-zA-Z0-9/._:,]{0,16}"), 1..8),
        prompt in prop::sample::select(vec!["", "root@node-1:~# ", "\n"]),
    ) {
        let words: Vec<String> = flags.iter().map(|(n, v)| format!("--{n}={v}")).collect();
        let text = format!("/usr/bin/kubelet{}{prompt}", words.concat());
        let c = extract_cmdlines(&text);
        prop_assert_eq!(c.processes.len(), 1);
        let p = &c.processes[0];
        prop_assert!(p.is_kubelet && p.lossy);
        if prompt.contains('@') {
            prop_assert!(p.truncated);
            prop_assert_eq!(&p.args()[..words.len() - 1], &words.iter().map(String::as_str).collect::<Vec<_>>()[..words.len() - 1]);
        } else {
            prop_assert!(!p.truncated);
            prop_assert_eq!(p.args(), words.iter().map(String::as_str).collect::<Vec<_>>());
        }
    }
}

proptest! {
    /// A k3s/RKE2 config file: the platform's client CA unless a `kubelet-arg` entry sets
    /// `client-ca-file` (the last one wins; empty fails), in list or flow form, quoted or not.
    #[test]
    fn rancher_config_kubelet_args_beat_the_defaults(
        args in prop::collection::vec(prop::sample::select(vec!["max-pods=200", "v=2", "client-ca-file=/etc/custom/ca.crt", "client-ca-file=", "node-labels=a=b"]), 0..5),
        flow in any::<bool>(),
        quoted in any::<bool>(),
        rke2 in any::<bool>(),
    ) {
        let q = |a: &str| if quoted { format!("\"{a}\"") } else { a.to_string() };
        let list = if flow {
            format!("kubelet-arg: [{}]\n", args.iter().map(|a| q(a)).collect::<Vec<_>>().join(", "))
        } else if args.is_empty() {
            "kubelet-arg: []\n".to_string()
        } else {
            format!("kubelet-arg:\n{}", args.iter().map(|a| format!("  - {}\n", q(a))).collect::<String>())
        };
        let text = format!("write-kubeconfig-mode: \"0644\"\ntls-san:\n  - node-1.example\n{list}");
        let path = if rke2 { "/etc/rancher/rke2/config.yaml" } else { "/etc/rancher/k3s/config.yaml" };
        let r = kubeletlint::check(&[kubeletlint::Artifact::new(text.clone()).with_path(path)], &kubeletlint::Options::default()).unwrap();
        let last = args.iter().rev().find_map(|a| a.strip_prefix("client-ca-file="));
        match last {
            Some("") => prop_assert_eq!(r.verdict, kubeletlint::Verdict::Fail, "{}", text),
            Some(v) => prop_assert_eq!(r.client_ca_file.as_deref(), Some(v)),
            None => prop_assert_eq!(r.client_ca_file.as_deref(), Some(if rke2 { "/var/lib/rancher/rke2/agent/client-ca.crt" } else { "/var/lib/rancher/k3s/agent/client-ca.crt" })),
        }
    }
}

/// Only `cat FILE` sessions are unwrapped: a comment, another command or a glob stays as it is.
#[test]
fn only_cat_sessions_are_unwrapped() {
    let cfg = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";
    let opts = kubeletlint::Options::default();
    for text in [
        format!("# cat /var/lib/kubelet/config.yaml\n{cfg}"),
        format!("$ cat /var/lib/kubelet/*.yaml\n{cfg}"),
        format!("$ cat /var/lib/kubelet/config.yaml /etc/default/kubelet\n{cfg}"),
        format!("$ grep -r x /var/lib/kubelet\n{cfg}"),
    ] {
        let r = kubeletlint::check(&[kubeletlint::Artifact::new(text.clone())], &opts);
        let unwrapped = r.as_ref().is_ok_and(|r| {
            r.diagnostics
                .iter()
                .any(|d| d.code == "pasted-shell-session")
        });
        assert!(!unwrapped, "{text:?}: {r:?}");
    }
}

/// `/configz` shown through `jq '.kubeletconfig...'`: the output is read where the filter took it
/// from, and gives the same answer as the whole payload.
#[test]
fn configz_jq_subtree_is_the_payload() {
    let opts = kubeletlint::Options::default();
    for ca in ["\"clientCAFile\": \"/etc/kubernetes/pki/ca.crt\"", ""] {
        let x509 = format!("{{\n      {ca}\n    }}");
        let auth =
            format!("{{\n    \"x509\": {x509},\n    \"webhook\": {{\"enabled\": true}}\n  }}");
        let kc = format!("{{\n  \"authentication\": {auth}\n}}");
        let whole = format!("{{\"kubeletconfig\": {kc}}}");
        let want = kubeletlint::check(&[kubeletlint::Artifact::new(whole)], &opts).unwrap();
        for (filter, body) in [
            (".kubeletconfig", &kc),
            (".kubeletconfig.authentication", &auth),
            (".kubeletconfig.authentication.x509", &x509),
        ] {
            for fence in [false, true] {
                let text = format!(
                    "$ kubectl get --raw \"/api/v1/nodes/node-1/proxy/configz\" | jq '{filter}'\n{}{body}\n{}user@host:~$ \n",
                    if fence { "```json\n" } else { "" },
                    if fence { "```\n" } else { "" }
                );
                let got = kubeletlint::check(&[kubeletlint::Artifact::new(text.clone())], &opts)
                    .unwrap_or_else(|e| panic!("{text}: {e}"));
                assert_eq!(
                    (got.verdict, &got.client_ca_file),
                    (want.verdict, &want.client_ca_file),
                    "{text}"
                );
                assert!(
                    got.diagnostics
                        .iter()
                        .any(|d| d.code == "pasted-shell-session"),
                    "{text}"
                );
            }
        }
    }
}
