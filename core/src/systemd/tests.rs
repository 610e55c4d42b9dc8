//! Rule-by-rule tests through the public API: the spec's systemd cases (T44-T57) and edge cases.
#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use super::*;
use crate::codes;

fn unit<'a>(artifact: usize, path: Option<&'a str>, text: &'a str) -> UnitDoc<'a> {
    UnitDoc {
        artifact,
        name: path.unwrap_or("artifact"),
        path,
        text,
        dropin: false,
    }
}

fn dropin<'a>(artifact: usize, path: &'a str, text: &'a str) -> UnitDoc<'a> {
    UnitDoc {
        artifact,
        name: path,
        path: Some(path),
        text,
        dropin: true,
    }
}

fn env<'a>(artifact: usize, path: Option<&'a str>, text: &'a str) -> EnvDoc<'a> {
    EnvDoc {
        artifact,
        name: path.unwrap_or("envfile"),
        path,
        text,
    }
}

fn argv(r: &Reconstruction) -> Vec<&str> {
    r.argv.iter().map(|a| a.value.as_str()).collect()
}

fn codes_of(r: &Reconstruction) -> Vec<&str> {
    r.diagnostics.iter().map(|d| d.code.as_ref()).collect()
}

const D: &str = "/etc/systemd/system/kubelet.service.d";

#[test]
fn t44_kubeadm_dropin_reset_and_envfile() {
    let d = format!("{D}/10-kubeadm.conf");
    let r = reconstruct(
        &[
            unit(0, Some("/etc/systemd/system/kubelet.service"), "[Service]\nExecStart=/usr/bin/kubelet\n"),
            dropin(1, &d, "[Service]\nEnvironmentFile=-/etc/default/kubelet\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS\n"),
        ],
        &[env(2, Some("/etc/default/kubelet"), "KUBELET_EXTRA_ARGS=--client-ca-file=/etc/ca.crt\n")],
    );
    assert!(r.refused.is_none());
    assert_eq!(
        argv(&r),
        vec!["/usr/bin/kubelet", "--client-ca-file=/etc/ca.crt"]
    );
    assert_eq!(r.unit_used, Some(0));
    assert_eq!(r.dropins_applied, vec![1]);
    let a = &r.argv[1];
    assert_eq!(a.exec_location.artifact, Some(1));
    assert_eq!(a.exec_location.line, Some(4));
    assert_eq!(a.exec_location.column, Some(28));
    assert_eq!(
        a.exec_location.excerpt.as_deref(),
        Some("ExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS")
    );
    let v = a.via_variable.as_ref().unwrap();
    assert_eq!(v.written(), "$KUBELET_EXTRA_ARGS");
    assert_eq!(v.name(), "KUBELET_EXTRA_ARGS");
    let src = v.defined_at.as_ref().unwrap();
    assert_eq!(src.location.artifact, Some(2));
    assert_eq!(src.location.line, Some(1));
    assert_eq!(src.value.as_deref(), Some("--client-ca-file=/etc/ca.crt"));
}

#[test]
fn t45_second_execstart_refused() {
    let d1 = format!("{D}/10-kubeadm.conf");
    let d2 = format!("{D}/20-extra.conf");
    let r = reconstruct(
        &[
            unit(0, None, "[Service]\nExecStart=/usr/bin/kubelet\n"),
            dropin(
                1,
                &d1,
                "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet $X\n",
            ),
            dropin(2, &d2, "[Service]\nExecStart=/usr/bin/kubelet --foo\n"),
        ],
        &[],
    );
    let d = r.refused.expect("refused");
    assert_eq!(d.code, codes::SYSTEMD_REFUSES);
    assert!(d.message.contains("Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing."));
    assert_eq!(d.location.as_ref().unwrap().artifact, Some(2));
    assert_eq!(d.location.as_ref().unwrap().line, Some(2));
    assert!(r.argv.is_empty());
}

#[test]
fn t46_envfile_beats_environment_whatever_the_order() {
    let d = format!("{D}/10-kubeadm.conf");
    let r = reconstruct(
        &[
            unit(0, None, "[Service]\nExecStart=/usr/bin/kubelet\n"),
            dropin(1, &d, "[Service]\nEnvironmentFile=-/etc/default/kubelet\nEnvironment=\"KUBELET_EXTRA_ARGS=--client-ca-file=/etc/a.crt\"\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS\n"),
        ],
        &[env(2, Some("/etc/default/kubelet"), "KUBELET_EXTRA_ARGS=--client-ca-file=/etc/b.crt\n")],
    );
    assert_eq!(
        argv(&r),
        vec!["/usr/bin/kubelet", "--client-ca-file=/etc/b.crt"]
    );
    assert!(r.environment.to_vec().contains(&(
        "KUBELET_EXTRA_ARGS".into(),
        "--client-ca-file=/etc/b.crt".into()
    )));
    assert_eq!(
        r.environment.get("KUBELET_EXTRA_ARGS"),
        Some("--client-ca-file=/etc/b.crt")
    );
}

#[test]
fn t47_required_envfile_not_given_is_unseen_not_refused() {
    let r = reconstruct(
        &[unit(
            0,
            None,
            "[Service]\nEnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet $A\n",
        )],
        &[],
    );
    assert!(r.refused.is_none());
    assert_eq!(r.missing_required_env_files, vec!["/etc/default/kubelet"]);
    let u = &r.unseen[0];
    assert_eq!(
        (u.what.as_str(), u.reference.as_str(), u.could_decide),
        ("environment-file", "/etc/default/kubelet", true)
    );
    assert!(codes_of(&r).contains(&codes::UNSEEN_EVIDENCE));
    // optional: unseen, deciding only because `$A` is undefined
    let r = reconstruct(
        &[unit(
            0,
            None,
            "[Service]\nEnvironmentFile=-/etc/default/kubelet\nExecStart=/usr/bin/kubelet $A\n",
        )],
        &[],
    );
    assert!(r.missing_required_env_files.is_empty());
    assert!(r.unseen[0].could_decide);
    assert_eq!(r.undefined_vars[0].0, "A");
    let r = reconstruct(
        &[unit(
            0,
            None,
            "[Service]\nEnvironmentFile=-/etc/default/kubelet\nExecStart=/usr/bin/kubelet --x\n",
        )],
        &[],
    );
    assert!(!r.unseen[0].could_decide);
}

#[test]
fn t48_braced_unset_is_empty_argument_bare_vanishes() {
    let r = reconstruct(
        &[unit(
            0,
            None,
            "[Service]\nExecStart=/usr/bin/kubelet ${KUBELET_EXTRA_ARGS}\n",
        )],
        &[],
    );
    assert_eq!(argv(&r), vec!["/usr/bin/kubelet", ""]);
    assert_eq!(r.undefined_vars[0].0, "KUBELET_EXTRA_ARGS");
    assert!(codes_of(&r).contains(&codes::UNDEFINED_VARIABLE));
    let r = reconstruct(
        &[unit(
            0,
            None,
            "[Service]\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS\n",
        )],
        &[],
    );
    assert_eq!(argv(&r), vec!["/usr/bin/kubelet"]);
    assert_eq!(r.undefined_vars.len(), 1);
}

#[test]
fn t49_braced_is_one_word() {
    let r = reconstruct(
        &[unit(0, None, "[Service]\nEnvironment=\"KUBELET_EXTRA_ARGS=--client-ca-file=/etc/ca.crt --v=2\"\nExecStart=/usr/bin/kubelet ${KUBELET_EXTRA_ARGS}\n")],
        &[],
    );
    assert_eq!(
        argv(&r),
        vec!["/usr/bin/kubelet", "--client-ca-file=/etc/ca.crt --v=2"]
    );
    assert_eq!(
        r.argv[1].via_variable.as_ref().unwrap().written(),
        "${KUBELET_EXTRA_ARGS}"
    );
}

#[test]
fn t50_colon_prefix_keeps_variables_literal() {
    let r = reconstruct(&[unit(0, None, "[Service]\nEnvironment=KUBELET_ARGS=--v=2\nExecStart=:/usr/bin/kubelet $KUBELET_ARGS %n\n")], &[]);
    assert_eq!(
        argv(&r),
        vec!["/usr/bin/kubelet", "$KUBELET_ARGS", "kubelet.service"]
    );
}

#[test]
fn t51_at_prefix_second_word_is_argv0() {
    let r = reconstruct(
        &[unit(
            0,
            None,
            "[Service]\nExecStart=@/usr/bin/kubelet kubelet-node --client-ca-file=/etc/ca.crt\n",
        )],
        &[],
    );
    assert_eq!(
        argv(&r),
        vec!["kubelet-node", "--client-ca-file=/etc/ca.crt"]
    );
}

#[test]
fn t52_environment_continuation_makes_invalid_assignment() {
    let r = reconstruct(
        &[unit(0, None, "[Service]\nEnvironment=KUBELET_ARGS=--config=/a.yaml \\\n--client-ca-file=/etc/ca.crt\nExecStart=/usr/bin/kubelet $KUBELET_ARGS\n")],
        &[],
    );
    assert_eq!(argv(&r), vec!["/usr/bin/kubelet", "--config=/a.yaml"]);
    let w = r
        .diagnostics
        .iter()
        .find(|d| d.code == codes::SYSTEMD_WARNING)
        .unwrap();
    assert!(
        w.message.contains("`--client-ca-file=/etc/ca.crt`"),
        "{}",
        w.message
    );
    assert_eq!(w.location.as_ref().unwrap().line, Some(3));
}

#[test]
fn t53_no_expansion_inside_environment() {
    let r = reconstruct(
        &[unit(0, None, "[Service]\nEnvironment=\"KUBELET_ARGS=--client-ca-file=$CA\"\nEnvironment=CA=/etc/ca.crt\nExecStart=/usr/bin/kubelet $KUBELET_ARGS\n")],
        &[],
    );
    assert_eq!(argv(&r), vec!["/usr/bin/kubelet", "--client-ca-file=$CA"]);
}

#[test]
fn t54_t55_envfile_quotes_and_comments() {
    let u = [unit(0, None, "[Service]\nEnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS\n")];
    let r = reconstruct(
        &u,
        &[env(
            1,
            Some("/etc/default/kubelet"),
            "KUBELET_EXTRA_ARGS=\"--client-ca-file=/etc/ca.crt\"\n",
        )],
    );
    assert_eq!(
        argv(&r),
        vec!["/usr/bin/kubelet", "--client-ca-file=/etc/ca.crt"]
    );
    let r = reconstruct(
        &u,
        &[env(
            1,
            Some("/etc/default/kubelet"),
            "# KUBELET_EXTRA_ARGS=--client-ca-file=/etc/ca.crt\n",
        )],
    );
    assert_eq!(argv(&r), vec!["/usr/bin/kubelet"]);
    assert_eq!(r.undefined_vars.len(), 1);
}

#[test]
fn t56_same_name_dropin_in_etc_hides_usr_lib() {
    let r = reconstruct(
        &[
            unit(
                0,
                Some("/usr/lib/systemd/system/kubelet.service"),
                "[Service]\nExecStart=/usr/bin/kubelet\n",
            ),
            dropin(
                1,
                "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
                "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --etc\n",
            ),
            dropin(
                2,
                "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
                "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --usr\n",
            ),
        ],
        &[],
    );
    assert_eq!(argv(&r), vec!["/usr/bin/kubelet", "--etc"]);
    assert_eq!(r.dropins_applied, vec![1]);
    assert!(r
        .ignored
        .iter()
        .any(|(a, why)| *a == 2 && why.contains("hidden")));
}

#[test]
fn t57_etc_unit_wins_and_all_dropins_apply() {
    let r = reconstruct(
        &[
            unit(
                0,
                Some("/lib/systemd/system/kubelet.service"),
                "[Service]\nExecStart=/usr/bin/kubelet --lib $A\n",
            ),
            unit(
                1,
                Some("/etc/systemd/system/kubelet.service"),
                "[Service]\nExecStart=/usr/bin/kubelet --etc $A\n",
            ),
            dropin(
                2,
                "/usr/lib/systemd/system/kubelet.service.d/50-env.conf",
                "[Service]\nEnvironment=A=dropin\n",
            ),
        ],
        &[],
    );
    assert_eq!(argv(&r), vec!["/usr/bin/kubelet", "--etc", "dropin"]);
    assert_eq!(r.unit_used, Some(1));
    assert!(r.ignored.iter().any(|(a, _)| *a == 0));
}

#[test]
fn dropins_sorted_by_file_name_across_directories() {
    let r = reconstruct(
        &[
            unit(0, None, "[Service]\nExecStart=/usr/bin/kubelet $A\n"),
            dropin(
                1,
                "/etc/systemd/system/kubelet.service.d/20-b.conf",
                "[Service]\nEnvironment=A=etc-20\n",
            ),
            dropin(
                2,
                "/usr/lib/systemd/system/kubelet.service.d/30-c.conf",
                "[Service]\nEnvironment=A=usr-30\n",
            ),
            dropin(
                3,
                "/run/systemd/system/kubelet.service.d/10-a.conf",
                "[Service]\nEnvironment=A=run-10\n",
            ),
            dropin(
                4,
                "/etc/systemd/system/kubelet.service.d/.40-hidden.conf",
                "[Service]\nEnvironment=A=hidden\n",
            ),
            dropin(
                5,
                "/etc/systemd/system/kubelet.service.d/50-x.conf.bak",
                "[Service]\nEnvironment=A=bak\n",
            ),
            dropin(
                6,
                "/etc/systemd/system/containerd.service.d/60-x.conf",
                "[Service]\nEnvironment=A=other\n",
            ),
        ],
        &[],
    );
    assert_eq!(argv(&r), vec!["/usr/bin/kubelet", "usr-30"]);
    assert_eq!(r.dropins_applied, vec![3, 1, 2]);
    assert_eq!(r.ignored.len(), 3);
}

#[test]
fn unit_dir_dropin_beats_type_dir_dropin_of_same_name() {
    let r = reconstruct(
        &[
            unit(0, None, "[Service]\nExecStart=/usr/bin/kubelet $A\n"),
            dropin(
                1,
                "/etc/systemd/system/service.d/10-x.conf",
                "[Service]\nEnvironment=A=service-d\n",
            ),
            dropin(
                2,
                "/usr/lib/systemd/system/kubelet.service.d/10-x.conf",
                "[Service]\nEnvironment=A=usr-lib\n",
            ),
        ],
        &[],
    );
    assert_eq!(argv(&r), vec!["/usr/bin/kubelet", "usr-lib"]);
}

#[test]
fn pathless_dropins_by_name_then_given_order() {
    let named = UnitDoc {
        artifact: 1,
        name: "20-b.conf",
        path: None,
        text: "[Service]\nEnvironment=A=b\n",
        dropin: true,
    };
    let named2 = UnitDoc {
        artifact: 2,
        name: "10-a.conf",
        path: None,
        text: "[Service]\nEnvironment=A=a\n",
        dropin: true,
    };
    let anon = UnitDoc {
        artifact: 3,
        name: "artifact #4",
        path: None,
        text: "[Service]\nEnvironment=B=anon\n",
        dropin: true,
    };
    let r = reconstruct(
        &[
            unit(0, None, "[Service]\nExecStart=/usr/bin/kubelet $A $B\n"),
            named,
            anon,
            named2,
        ],
        &[],
    );
    assert_eq!(argv(&r), vec!["/usr/bin/kubelet", "b", "anon"]);
    assert_eq!(r.dropins_applied, vec![2, 1, 3]);
}

#[test]
fn masked_empty_unit_and_missing_execstart_are_refused() {
    let r = reconstruct(
        &[unit(0, Some("/etc/systemd/system/kubelet.service"), "")],
        &[],
    );
    assert!(r.refused.unwrap().message.contains("masked"));
    let r = reconstruct(&[unit(0, None, "[Service]\nEnvironment=A=1\n")], &[]);
    assert!(r.refused.unwrap().message.contains("no `ExecStart=`"));
    let r = reconstruct(
        &[unit(
            0,
            None,
            "[Service]\nType=oneshot\nRestart=always\nExecStart=/usr/bin/kubelet\n",
        )],
        &[],
    );
    assert!(r.refused.is_some());
    let r = reconstruct(
        &[unit(0, None, "[Service\nExecStart=/usr/bin/kubelet\n")],
        &[],
    );
    assert!(r.refused.unwrap().message.contains("section header"));
    let r = reconstruct(
        &[unit(
            0,
            None,
            "[Service]\nExecStart=/usr/bin/kubelet --a=%z\n",
        )],
        &[],
    );
    assert!(r.refused.is_some());
    let r = reconstruct(
        &[unit(
            0,
            None,
            "[Service]\nExecStart=-/usr/bin/kubelet --a=%z\nExecStart=/usr/bin/kubelet --b\n",
        )],
        &[],
    );
    assert_eq!(argv(&r), vec!["/usr/bin/kubelet", "--b"]);
}

#[test]
fn oneshot_uses_the_kubelet_command() {
    let r = reconstruct(
        &[unit(
            0,
            None,
            "[Service]\nType=oneshot\nExecStart=/bin/true\nExecStart=/usr/bin/kubelet --x\n",
        )],
        &[],
    );
    assert!(r.refused.is_none());
    assert_eq!(argv(&r), vec!["/usr/bin/kubelet", "--x"]);
    assert_eq!(r.service_type, "oneshot");
}

#[test]
fn no_unit_only_dropins_is_unseen() {
    let r = reconstruct(
        &[dropin(
            0,
            "/etc/systemd/system/kubelet.service.d/10-a.conf",
            "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --a\n",
        )],
        &[],
    );
    assert_eq!(argv(&r), vec!["/usr/bin/kubelet", "--a"]);
    assert!(r
        .unseen
        .iter()
        .any(|u| u.what == "systemd-unit" && u.could_decide));
}

#[test]
fn pathless_env_file_matched_to_the_only_unmatched_reference() {
    let u = [unit(0, None, "[Service]\nEnvironmentFile=/etc/default/kubelet\nEnvironmentFile=-/etc/sysconfig/kubelet\nExecStart=/usr/bin/kubelet $A $B\n")];
    let r = reconstruct(
        &u,
        &[
            env(1, Some("/etc/default/kubelet"), "A=1\n"),
            env(2, None, "B=2\n"),
        ],
    );
    assert_eq!(argv(&r), vec!["/usr/bin/kubelet", "1", "2"]);
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d.message.contains("taken as `/etc/sysconfig/kubelet`")));
    // two unmatched references: ambiguous, not used
    let r = reconstruct(&u, &[env(2, None, "B=2\n")]);
    assert_eq!(argv(&r), vec!["/usr/bin/kubelet"]);
    assert!(r.ignored.iter().any(|(a, _)| *a == 2));
}

#[test]
fn specifiers_and_unknown_hostname() {
    let r = reconstruct(
        &[unit(
            0,
            Some("/etc/systemd/system/kubelet.service"),
            "[Service]\nEnvironment=N=%N\nExecStart=/usr/bin/kubelet %n ${N} %p %% --h=%H %y\n",
        )],
        &[],
    );
    assert_eq!(
        argv(&r),
        vec![
            "/usr/bin/kubelet",
            "kubelet.service",
            "kubelet",
            "kubelet",
            "%",
            "--h=%H",
            "/etc/systemd/system/kubelet.service"
        ]
    );
    assert!(r.unresolved.as_ref().unwrap().message.contains("%H"));
    let ctx = SpecifierContext {
        hostname: Some("node1".into()),
        ..Default::default()
    };
    let r = reconstruct_with(
        &[unit(
            0,
            None,
            "[Service]\nExecStart=/usr/bin/kubelet --h=%H\n",
        )],
        &[],
        &ctx,
    );
    assert_eq!(argv(&r), vec!["/usr/bin/kubelet", "--h=node1"]);
    assert!(r.unresolved.is_none());
}

#[test]
fn shell_wrapper_is_unresolved_but_read() {
    let r = reconstruct(
        &[unit(0, None, "[Service]\nEnvironment=\"FLAGS=--a=1 --b=2\"\nExecStart=/bin/sh -c 'mkdir -p /x; exec /usr/bin/kubelet $FLAGS --c=\"x y\"'\n")],
        &[],
    );
    assert_eq!(
        argv(&r),
        vec!["/usr/bin/kubelet", "--a=1", "--b=2", "--c=x y"]
    );
    assert_eq!(r.exec_argv.len(), 3);
    assert_eq!(
        r.unresolved.as_ref().unwrap().code,
        codes::SYSTEMD_UNRESOLVED
    );
    assert_eq!(r.argv[1].via_variable.as_ref().unwrap().name(), "FLAGS");
    assert!(r.argv[1]
        .via_variable
        .as_ref()
        .unwrap()
        .defined_at
        .is_some());
}

#[test]
fn hyperkube_and_wrappers() {
    let r = reconstruct(
        &[unit(
            0,
            None,
            "[Service]\nExecStart=/usr/bin/hyperkube kubelet --client-ca-file=/a\n",
        )],
        &[],
    );
    assert_eq!(argv(&r), vec!["/usr/bin/hyperkube", "--client-ca-file=/a"]);
    assert!(r.unresolved.is_none());
    let r = reconstruct(
        &[unit(
            0,
            None,
            "[Service]\nExecStart=/usr/bin/env FOO=1 /opt/bin/kubelet --x\n",
        )],
        &[],
    );
    assert_eq!(argv(&r), vec!["/opt/bin/kubelet", "--x"]);
    assert!(r.unresolved.is_some());
    let r = reconstruct(
        &[unit(
            0,
            None,
            "[Service]\nExecStart=/usr/lib/coreos/kubelet-wrapper --max-pods 10\n",
        )],
        &[],
    );
    assert_eq!(
        argv(&r),
        vec!["/usr/lib/coreos/kubelet-wrapper", "--max-pods", "10"]
    );
    // CoreOS's kubelet-wrapper hands its arguments to the kubelet unchanged.
    assert!(r.unresolved.is_none());
}

#[test]
fn working_directory_and_environment_output() {
    let r = reconstruct(
        &[unit(0, None, "[Service]\nWorkingDirectory=-/var/lib/kubelet\nEnvironment=KUBELET_CONFIG_DROPIN_DIR_ALPHA=on\nExecStart=/usr/bin/kubelet\n")],
        &[],
    );
    assert_eq!(r.working_directory.as_deref(), Some("/var/lib/kubelet"));
    assert_eq!(
        format!("{:?}", r.environment),
        r#"[("KUBELET_CONFIG_DROPIN_DIR_ALPHA", "on")]"#
    );
    assert_eq!(
        r.environment.to_vec(),
        vec![(
            "KUBELET_CONFIG_DROPIN_DIR_ALPHA".to_string(),
            "on".to_string()
        )]
    );
}

#[test]
fn envfile_invalid_assignment_warns_with_location() {
    let r = reconstruct(
        &[unit(
            0,
            None,
            "[Service]\nEnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet ${SP}\n",
        )],
        &[env(
            1,
            Some("/etc/default/kubelet"),
            "A=1\nexport SP = spaced\n",
        )],
    );
    assert_eq!(argv(&r), vec!["/usr/bin/kubelet", ""]);
    let w = r
        .diagnostics
        .iter()
        .find(|d| d.message.contains("export SP=spaced"))
        .unwrap();
    assert_eq!(w.code, codes::SYSTEMD_WARNING);
    let l = w.location.as_ref().unwrap();
    assert_eq!((l.artifact, l.line, l.column), (Some(1), Some(2), Some(1)));
    assert_eq!(l.excerpt.as_deref(), Some("export SP = spaced"));
}

#[test]
fn nothing_given_is_empty_not_panicking() {
    let r = reconstruct(&[], &[]);
    assert!(r.argv.is_empty());
    assert!(r.refused.is_none());
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        let atoms = proptest::sample::select(vec![
            "[Service]\n",
            "[Unit]\n",
            "ExecStart=",
            "Environment=",
            "EnvironmentFile=",
            "EnvironmentFile=-",
            "Type=oneshot\n",
            "/usr/bin/kubelet",
            " ",
            "\\\n",
            "\\",
            "\"",
            "'",
            "$",
            "${",
            "}",
            "A",
            "=",
            "%",
            "%n",
            "%H",
            ";",
            "\\;",
            "@",
            ":",
            "-",
            "+",
            "!",
            "#",
            "\n",
            "\r",
            "\t",
            "\\x41",
            "\\u00e9",
            "é",
            "\0",
            "\u{feff}",
            "/etc/default/kubelet",
            "bash -c",
            "*",
            "[",
            "--x=",
            "hyperkube kubelet",
        ]);
        proptest::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]
        #[test]
        fn never_panics(u in text(), d in text(), e in text(), f in ".{0,200}") {
            let units = [
                unit(0, Some("/etc/systemd/system/kubelet.service"), &u),
                dropin(1, "/etc/systemd/system/kubelet.service.d/10-x.conf", &d),
                UnitDoc { artifact: 2, name: "x", path: None, text: &f, dropin: true },
            ];
            let envs = [env(3, Some("/etc/default/kubelet"), &e), env(4, None, &f)];
            let r = reconstruct(&units, &envs);
            for a in &r.argv {
                prop_assert!(a.exec_location.artifact.is_some());
            }
        }
    }
}
