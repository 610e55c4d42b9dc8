"""The Python API: shape, results, errors, check_many, panics."""

from __future__ import annotations

import dataclasses
import json
import pickle

import pytest

import kubeletlint
from kubeletlint import Artifact, InputError, InternalError, Report, Verdict

PASS_ARGV = "kubelet --client-ca-file=/etc/kubernetes/pki/ca.crt --anonymous-auth=false"
FAIL_ARGV = "kubelet --client-ca-file= --anonymous-auth=false"


def configz(ca):
    x509 = {} if ca is None else {"clientCAFile": ca}
    return json.dumps({"kubeletconfig": {"authentication": {"x509": x509, "anonymous": {"enabled": False}, "webhook": {"enabled": True}}}})


def test_version_and_rule():
    assert kubeletlint.__version__
    r = kubeletlint.rule()
    assert r.id == "kubelet-client-ca-file"
    assert any(b.control == "3.2.3" and "AKS" in b.benchmark for b in r.benchmarks)
    assert "How to fix" in kubeletlint.explain()


def test_artifact_kind_validated_and_canonical():
    assert Artifact("x", kind="kubelet-config-yaml").kind == "kubelet-config"
    assert Artifact("x", path="/etc/default/kubelet").path == "/etc/default/kubelet"
    with pytest.raises(ValueError):
        Artifact("x", kind="no-such-kind")
    with pytest.raises(TypeError):
        Artifact(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Artifact("x").text = "y"  # type: ignore[misc]


def test_input_error_is_value_error_with_position():
    e = InputError("bad", source="/etc/kubernetes/kubelet.yaml", line=3, column=7)
    assert isinstance(e, ValueError)
    assert str(e) == "/etc/kubernetes/kubelet.yaml:3:7: bad"
    assert (e.source, e.line, e.column, e.message) == ("/etc/kubernetes/kubelet.yaml", 3, 7, "bad")
    e2 = pickle.loads(pickle.dumps(e))
    assert (e2.source, e2.line, e2.column, str(e2)) == (e.source, e.line, e.column, str(e))


def test_no_evidence_is_input_error():
    with pytest.raises(InputError):
        kubeletlint.check()


def test_unknown_kind_through_native_is_input_error():
    with pytest.raises(InputError) as ei:
        kubeletlint._native.check([("x", None, "bogus")], "{}")
    assert ei.value.artifact == 0


def test_rust_panic_becomes_internal_error_not_a_crash():
    with pytest.raises(InternalError, match="boom"):
        kubeletlint._native._panic_for_test("boom")
    # The interpreter is fine afterwards.
    assert kubeletlint.explain()


def test_bad_type_in_check():
    with pytest.raises(TypeError):
        kubeletlint.check(42)  # type: ignore[arg-type]


def test_check_pass_report_attributes():
    r = kubeletlint.check(PASS_ARGV)
    assert isinstance(r, Report)
    assert r.verdict is Verdict.PASS and r.verdict == "pass" and r.passed
    assert r.value == r.client_ca_file == "/etc/kubernetes/pki/ca.crt"
    assert r.provenance.decided_by is not None
    assert r.provenance.decided_by.value == "/etc/kubernetes/pki/ca.crt"
    assert isinstance(r.diagnostics, list)
    assert r.exit_code == 0
    assert r.summary


def test_failed_check_is_a_result_not_an_exception():
    r = kubeletlint.check(Artifact(FAIL_ARGV, kind="cmdline"))
    assert r.verdict in (Verdict.FAIL, Verdict.INVALID)
    assert r.exit_code == 1
    assert r.value in (None, "")


def test_renderings():
    r = kubeletlint.check(PASS_ARGV)
    assert json.loads(r.to_json())["verdict"] == "pass"
    assert json.loads(r.to_json()) == r.to_dict()
    sarif = json.loads(r.to_sarif())
    assert sarif["version"] == "2.1.0"
    kb = json.loads(r.to_kube_bench())
    assert "Controls" in kb and "Totals" in kb
    assert r.to_junit().lstrip().startswith("<")
    text = r.to_text()
    assert "pass" in text.lower() and "\x1b[" not in text
    assert "/etc/kubernetes/pki/ca.crt" not in r.to_json(redact=True)


def test_check_files_examples(examples):
    r = kubeletlint.check_files([examples / "aks-node"])
    assert r.verdict == "pass"
    assert r.value == "/etc/kubernetes/certs/ca.crt"
    r = kubeletlint.check_files(str(examples / "failing-node"))
    assert r.verdict == "fail"


def test_check_files_node_path_syntax(examples, tmp_path):
    (tmp_path / "default-kubelet").write_text("KUBELET_FLAGS=--client-ca-file=/etc/kubernetes/certs/ca.crt\n")
    unit = examples / "aks-node/etc/systemd/system/kubelet.service"
    arts = kubeletlint.load_files([f"/etc/default/kubelet={tmp_path / 'default-kubelet'}", f"/etc/systemd/system/kubelet.service={unit}"])
    assert [a.path for a in arts] == ["/etc/default/kubelet", "/etc/systemd/system/kubelet.service"]


def test_check_files_unreadable_names_the_file(tmp_path):
    missing = tmp_path / "nope.yaml"
    with pytest.raises(OSError, match="nope.yaml"):
        kubeletlint.check_files([missing])


def test_directory_as_root_tree_gets_node_paths(examples):
    arts = kubeletlint.load_files([examples / "kubeadm-node"])
    paths = {a.path for a in arts}
    assert "/var/lib/kubelet/config.yaml" in paths
    assert "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf" in paths
    # A file at the top of the bundle (a /configz capture) has no node path.
    assert None in paths


def test_directory_mapped_with_node_path(examples):
    d = examples / "eks-node/etc/kubernetes/kubelet"
    arts = kubeletlint.load_files([f"/etc/kubernetes/kubelet={d}"])
    assert sorted(a.path for a in arts) == [
        "/etc/kubernetes/kubelet/config.json",
        "/etc/kubernetes/kubelet/config.json.d/40-nodeadm.conf",
    ]


def test_check_many_streams_in_input_order():
    cas = [f"/etc/pki/ca-{i}.crt" for i in range(300)]
    payloads = [configz(ca) if i % 7 else Artifact(configz(ca), kind="configz") for i, ca in enumerate(cas)]
    out = list(kubeletlint.check_many(payloads, workers=2, chunk_size=64))
    assert [r.value for r in out] == cas
    assert all(r.verdict == "pass" for r in out)


def test_check_many_is_lazy_and_accepts_generators():
    gen = (configz(f"/ca/{i}.crt") for i in range(10))
    it = kubeletlint.check_many(gen, workers=1, chunk_size=3)
    first = next(it)
    assert first.value == "/ca/0.crt"
    rest = list(it)
    assert [r.value for r in rest] == [f"/ca/{i}.crt" for i in range(1, 10)]


def test_check_many_yields_input_errors_in_place():
    items = [PASS_ARGV, [], PASS_ARGV]
    out = list(kubeletlint.check_many(items, workers=2))
    assert isinstance(out[0], Report) and isinstance(out[2], Report)
    assert isinstance(out[1], InputError)


def test_check_many_sequences_are_one_node_each(examples):
    node = kubeletlint.load_files([examples / "aks-node"])
    out = list(kubeletlint.check_many([node, node], workers=2))
    assert [r.value for r in out] == ["/etc/kubernetes/certs/ca.crt"] * 2


def test_check_many_workers_validation():
    with pytest.raises(ValueError):
        list(kubeletlint.check_many([PASS_ARGV], workers=0))


def test_check_many_empty():
    assert list(kubeletlint.check_many([])) == []


def test_detect_kind():
    assert kubeletlint.detect_kind(configz("/x")) == "configz"
