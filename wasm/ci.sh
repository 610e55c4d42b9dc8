#!/usr/bin/env bash
# CI for the WASM package and the page (called from .ci/run; also runs alone from a fresh clone).
# Installs what is missing (Debian chromium, the wasm32 target, wasm-bindgen-cli equal to the
# crate's version in Cargo.lock, npm tools via `npm ci`), builds the package and the page, checks
# the size budget, compares the WASM build with native Rust on the shared vectors (node --test),
# and runs the browser test (Chromium + playwright-core). Screenshots: test-output/wasm/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TERM_COLOR=never DEBIAN_FRONTEND=noninteractive
# Size of the .wasm, gzip -9. The TARGET is issue 5's 150 KB, NOT MET yet (about 235 KB; see the
# README's "WASM size"). CI enforces a regression guard just above today's size so that it can
# only shrink; it prints the distance to the target on every run.
TARGET=150000
BUDGET=${KUBELETLINT_WASM_GZIP_BUDGET:-237000}
T0=$SECONDS
step() { printf '\n=== wasm: %s  [+%ss]\n' "$*" "$((SECONDS - T0))"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

step "chromium (Debian; Playwright downloads no browser)"
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if ! [ -x "$CHROMIUM" ]; then
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
"$CHROMIUM" --version 2>/dev/null

step "wasm32 target"
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
# The standard library's source, for build.sh's size build (-Zbuild-std).
rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src

step "wasm-bindgen-cli (version from Cargo.lock)"
WBG=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
[ -n "$WBG" ] || { echo "wasm-bindgen not found in Cargo.lock" >&2; exit 1; }
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WBG" ]; then
  # --no-default-features: skips rustls/ring (only the test runner's webdriver download uses them).
  # Not --locked: the CLI's own lock file names a webpki-roots the registry here does not serve.
  cargo install -q wasm-bindgen-cli --version "$WBG" --no-default-features --force
fi
wasm-bindgen --version

step "npm ci (binaryen's wasm-opt, playwright-core)"
npm ci --no-audit --no-fund --loglevel=error

step "clippy + unit tests (wasm crate: wasm32 and host)"
cargo clippy -q --locked -p kubeletlint-wasm --target wasm32-unknown-unknown -- -D warnings
cargo clippy -q --locked -p kubeletlint-wasm --all-targets -- -D warnings
cargo test -q --locked -p kubeletlint-wasm

step "build: wasm/build.sh"
CARGO_BUILD_FLAGS=--locked sh wasm/build.sh

# The size, node and browser steps all run; the script fails at the end if any of them failed.
FAILED=""
step "size budget (gzip -9 of the .wasm <= $BUDGET bytes)"
GZ=$(gzip -9c wasm/pkg/kubeletlint_wasm_bg.wasm | wc -c | tr -d ' ')
if [ "$GZ" -gt "$BUDGET" ]; then
  echo "FAIL: kubeletlint_wasm_bg.wasm is $GZ bytes gzip, over the budget of $BUDGET" >&2
  FAILED="$FAILED size"
else
  echo "OK: $GZ bytes gzip (regression guard $BUDGET; target $TARGET, $((GZ - TARGET)) bytes to go)"
fi

step "native answers on the shared vectors (for the WASM = Rust comparison)"
mkdir -p target
cargo run -q --locked -p kubeletlint-wasm --example native_reports -- tests/vectors > target/native-vector-reports.json

step "node --test: the WASM package and the shared vectors"
KUBELETLINT_NATIVE_REPORTS=target/native-vector-reports.json \
  node --test --test-reporter=spec wasm/tests/node/ || FAILED="$FAILED node"

step "browser test (Chromium via playwright-core)"
node --test --test-reporter=spec wasm/tests/browser/ || FAILED="$FAILED browser"
ls test-output/wasm/ 2>/dev/null || true

if [ -n "$FAILED" ]; then
  echo "wasm: FAILED:$FAILED" >&2
  exit 1
fi
step "done"
