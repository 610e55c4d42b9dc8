//! Property tests: `flags::analyze` never panics, whatever the command line.

use kubeletlint::flags::{analyze, flag_table, Os};
use proptest::prelude::*;

fn flag_name() -> impl Strategy<Value = String> {
    let names: Vec<String> = flag_table().defs.iter().map(|d| d.name.clone()).collect();
    prop_oneof![
        proptest::sample::select(names.clone()),
        proptest::sample::select(names).prop_map(|n| n.replace('-', "_")),
        "[a-zA-Z_-]{0,6}",
        Just("client-ca-file".to_string()),
        Just("config".to_string()),
        Just("config-dir".to_string()),
        Just("help".to_string()),
        Just("version".to_string()),
        Just("h".to_string()),
        Just("v".to_string()),
    ]
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,10}",
        "[0-9xob_.eE+-]{0,8}[a-zµ]{0,3}",
        Just(String::new()),
        Just("true".to_string()),
        Just("\"a,\"b".to_string()),
        Just("-".to_string()),
        Just("--".to_string()),
    ]
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,12}",
        (
            prop_oneof![Just("--"), Just("-"), Just("---"), Just("")],
            flag_name()
        )
            .prop_map(|(p, n)| format!("{p}{n}")),
        (prop_oneof![Just("--"), Just("-")], flag_name(), value())
            .prop_map(|(p, n, v)| format!("{p}{n}={v}")),
        value(),
        Just("--".to_string()),
        Just("-hv".to_string()),
        Just("-test.v".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn analyze_never_panics(
        args in proptest::collection::vec(word(), 0..10),
        explicit in proptest::option::of(0u16..50),
        windows in any::<bool>(),
        env in proptest::option::of(any::<bool>()),
    ) {
        let os = if windows { Os::Windows } else { Os::Linux };
        let k = analyze(&args, explicit, os, env);
        prop_assert!((10..=37).contains(&k.minor));
        for d in &k.diagnostics {
            if let Some(i) = d.location.as_ref().and_then(|l| l.argv_index) {
                prop_assert!(i >= 1 && i <= args.len());
            }
        }
        if let Some(e) = &k.client_ca_file_effective {
            prop_assert_eq!(e.name.as_ref(), "client-ca-file");
        }
    }
}
