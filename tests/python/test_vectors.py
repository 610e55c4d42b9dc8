"""The shared vectors (tests/vectors/*.json, format in tests/README.md) through the Python API:
every front-end must give the same answers as the Rust core."""

from __future__ import annotations

import json

import pytest

import kubeletlint
from kubeletlint import Artifact

from conftest import VECTORS

FILES = sorted(VECTORS.glob("*.json")) if VECTORS.is_dir() else []


def _run(case: dict):
    arts = [Artifact(a["text"], a.get("path"), a.get("kind")) for a in case["artifacts"]]
    opts = case.get("options") or {}
    return kubeletlint.check(
        *arts,
        kubelet_version=opts.get("kubelet_version"),
        dropin_alpha_env=opts.get("dropin_alpha_env"),
        now_unix=opts.get("now_unix"),
        absent_paths=opts.get("absent_paths", ()),
        empty_dirs=opts.get("empty_dirs", ()),
    )


@pytest.mark.skipif(not FILES, reason="no shared vectors in tests/vectors yet")
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_vector(path):
    case = json.loads(path.read_text(encoding="utf-8"))
    expect = case["expect"]
    if expect.get("error"):
        with pytest.raises(kubeletlint.InputError) as ei:
            _run(case)
        if "error_line" in expect:
            assert ei.value.line == expect["error_line"]
        if "error_column" in expect:
            assert ei.value.column == expect["error_column"]
        return
    report = _run(case)
    assert report.verdict == expect["verdict"], report.summary
    if "client_ca_file" in expect:
        assert report.client_ca_file == expect["client_ca_file"]
    for code in expect.get("codes", []):
        assert code in report.codes, (code, report.codes)
    for code in expect.get("absent_codes", []):
        assert code not in report.codes, (code, report.codes)
    # The Python objects are a faithful copy of the Rust report.
    assert json.loads(report.to_json()) == report.to_dict()
