#!/usr/bin/env bash
# The Python package and the kubeletlint command: build and install the package from this tree
# into a fresh venv exactly as a user does (`pip install .`), check the type stubs against the
# built module, run pytest. Called by ci/test.sh; runnable on its own from a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1 CARGO_TERM_COLOR=never
PY=${PYTHON:-python3}
T0=$SECONDS
say() { printf -- '--- python: %s  [+%ss]\n' "$*" "$((SECONDS - T0))"; }

say "fresh venv (.venv-ci) and pip install '.[test]' (maturin builds the pyo3 abi3 wheel)"
rm -rf .venv-ci
"$PY" -m venv .venv-ci
VPY=.venv-ci/bin/python
"$VPY" -m pip install -q ".[test]"
test -x .venv-ci/bin/kubeletlint

say "the README's first command (installed console script on a bundled example)"
.venv-ci/bin/kubeletlint check examples/aks-node >/dev/null

say "stubtest: the .pyi stubs and inline types against the built module"
# Run from outside the repo so the installed package (not the source tree) is what is checked.
(cd /tmp && "$OLDPWD/$VPY" -m mypy.stubtest kubeletlint --concise \
  --allowlist "$OLDPWD/tests/python/stubtest-allowlist.txt")
(cd /tmp && "$OLDPWD/$VPY" -m mypy --strict -p kubeletlint)

say "pytest (exit 5 = no test collected fails this script too)"
set +e
"$VPY" -m pytest -q -p no:cacheprovider tests/python
rc=$?
set -e
if [ "$rc" -eq 5 ]; then echo "pytest collected no test" >&2; exit 1; fi
if [ "$rc" -ne 0 ]; then exit "$rc"; fi

say "done"
