#![allow(clippy::unwrap_used)]
//! The embedded flag table (`core/data/kubelet-flags.compact.tsv`) is the full table
//! (`core/data/kubelet-flags.tsv`, the source, with the `note` / `source` prose) cut down to the
//! columns the code reads. Regenerate it after editing the full table with
//! `KUBELETLINT_REGEN_FLAG_TABLE=1 cargo test -p kubeletlint --test flag_table`.

use kubeletlint::flags::{flag_table, FlagTable};

const FULL: &str = include_str!("../data/kubelet-flags.tsv");
const COMPACT: &str = include_str!("../data/kubelet-flags.compact.tsv");

/// The columns `FlagTable::parse` reads.
const USED: [&str; 9] = [
    "name",
    "type",
    "since",
    "until",
    "deprecated_since",
    "shorthand",
    "set",
    "dep",
    "os",
];

/// The full table's used columns, in `USED` order, one row per non-blank line.
fn project(full: &str) -> String {
    let mut lines = full.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines.next().unwrap().split('\t').map(str::trim).collect();
    let cols: Vec<usize> = USED
        .iter()
        .map(|u| header.iter().position(|h| h == u).unwrap())
        .collect();
    let mut out = USED.join("\t") + "\n";
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        let row: Vec<&str> = cols
            .iter()
            .map(|&c| f.get(c).map(|s| s.trim()).unwrap_or(""))
            .collect();
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    out
}

#[test]
fn compact_table_is_the_full_tables_used_columns() {
    let expected = project(FULL);
    if std::env::var_os("KUBELETLINT_REGEN_FLAG_TABLE").is_some() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/kubelet-flags.compact.tsv"
        );
        std::fs::write(path, &expected).unwrap();
        return;
    }
    assert!(
        COMPACT == expected,
        "core/data/kubelet-flags.compact.tsv is stale: regenerate it with \
         KUBELETLINT_REGEN_FLAG_TABLE=1 cargo test -p kubeletlint --test flag_table"
    );
}

#[test]
fn compact_table_parses_as_the_full_table() {
    let full = FlagTable::parse(FULL);
    assert!(full.defs.len() > 100);
    assert_eq!(FlagTable::parse(COMPACT), full);
    assert_eq!(flag_table(), &full);
}
