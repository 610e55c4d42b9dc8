#!/usr/bin/env bash
# Every test of kubeletlint, from a fresh clone on a bare machine of this kind (Debian 12, root,
# Rust stable, Python 3.11, Node 20; registries reachable). Installs what it needs, idempotently.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never CARGO_INCREMENTAL=0 PIP_DISABLE_PIP_VERSION_CHECK=1 DEBIAN_FRONTEND=noninteractive
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
T0=$SECONDS
step() { printf '\n=== %s  [+%ss]\n' "$*" "$((SECONDS - T0))"; }

step "toolchain: rustfmt, clippy, wasm32 target"
rustup component add clippy rustfmt >/dev/null 2>&1 || true
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

step "format and lints (the core denies unwrap, expect, panic and unchecked indexing)"
cargo fmt --all --check
cargo clippy -q -p kubeletlint -p kubeletlint-cli --all-targets --locked -- -D warnings

step "core purity: builds for wasm32-unknown-unknown, no pyo3 / wasm-bindgen / js-sys"
cargo build -q -p kubeletlint --target wasm32-unknown-unknown --locked
if cargo tree -p kubeletlint -e normal --locked | grep -E 'pyo3|wasm-bindgen|js-sys'; then
  echo "core depends on a front-end crate" >&2; exit 1
fi
if grep -rnE 'std::(fs|process|net|env)\b' core/src; then
  echo "core does I/O" >&2; exit 1
fi

step "cargo test (core: unit, shared vectors, spec/oracle differential, corpus, property tests; cli)"
cargo test -p kubeletlint -p kubeletlint-cli --locked

step "benchmark builds (run it with: cargo bench -p kubeletlint --bench evaluate)"
cargo bench -q -p kubeletlint --bench evaluate --no-run --locked

step "python package and command"
bash ci/python.sh

step "wasm package and the paste-and-check page"
bash wasm/ci.sh

step "done in $((SECONDS - T0))s"
