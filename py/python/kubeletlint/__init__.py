"""kubeletlint: decide the kubelet's effective ``authentication.x509.clientCAFile``
(CIS AKS 3.2.3, CIS Kubernetes 4.2.3) from node evidence.

.. code-block:: python

    import kubeletlint
    from kubeletlint import Artifact

    r = kubeletlint.check(Artifact(text, path="/etc/default/kubelet"), unit_text)
    r.verdict, r.value, r.provenance.decided_by, r.diagnostics
    r.to_json(); r.to_text(); r.to_sarif(); r.to_kube_bench(); r.to_junit()

    kubeletlint.check_files(["examples/aks-node", "/etc/default/kubelet=./default-kubelet"])
    kubeletlint.load_files([...])             # ... just the artifacts
    kubeletlint.check_node(root="/")          # what `kubeletlint node` does
    kubeletlint.collect_node(root="/")        # ... and the evidence it read
    for r in kubeletlint.check_many(payloads, workers=None): ...   # fleets, input order

The logic lives in the Rust core; this package is a thin typed front-end to it.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from kubeletlint import _native
from kubeletlint._errors import InputError, InternalError
from kubeletlint._model import (
    Artifact,
    ArtifactSummary,
    BenchmarkRef,
    Certainty,
    Diagnostic,
    Effective,
    JudgedVersion,
    Location,
    Provenance,
    Remediation,
    Report,
    RuleInfo,
    Severity,
    Source,
    Unseen,
    Verdict,
)

__version__: str = _native.__version__

__all__ = [
    "Artifact",
    "ArtifactSummary",
    "BenchmarkRef",
    "Certainty",
    "Diagnostic",
    "Effective",
    "Evidence",
    "InputError",
    "InternalError",
    "JudgedVersion",
    "Location",
    "Provenance",
    "Remediation",
    "Report",
    "RuleInfo",
    "Severity",
    "Source",
    "Unseen",
    "Verdict",
    "__version__",
    "check",
    "check_files",
    "check_many",
    "check_node",
    "collect_node",
    "detect_kind",
    "explain",
    "load_files",
    "rule",
]

#: One artifact: an :class:`Artifact`, or just its text.
ArtifactLike = Union[Artifact, str]
#: One evidence set for :func:`check_many`: an artifact or a sequence of them.
Evidence = Union[ArtifactLike, Sequence[ArtifactLike]]

_NativeArt = Tuple[str, Optional[str], Optional[str]]


def _native_art(a: object) -> _NativeArt:
    if isinstance(a, Artifact):
        return (a.text, a.path, a.kind)
    if isinstance(a, str):
        return (a, None, None)
    raise TypeError(f"expected an Artifact or str, not {type(a).__name__}")


def _native_arts(items: Iterable[object]) -> List[_NativeArt]:
    out: List[_NativeArt] = []
    for a in items:
        if isinstance(a, (list, tuple)):
            out.extend(_native_art(x) for x in a)
        else:
            out.append(_native_art(a))
    return out


def _options(
    kubelet_version: Optional[str],
    dropin_alpha_env: Optional[bool],
    now_unix: Optional[int],
    absent_paths: Iterable[str] = (),
    empty_dirs: Iterable[str] = (),
) -> str:
    opts: Dict[str, Any] = {
        "kubelet_version": kubelet_version,
        "dropin_alpha_env": dropin_alpha_env,
        "now_unix": None if now_unix is None else int(now_unix),
        "absent_paths": [str(p) for p in absent_paths] or None,
        "empty_dirs": [str(p) for p in empty_dirs] or None,
    }
    return json.dumps({k: v for k, v in opts.items() if v is not None})


def _input_error(text: str) -> InputError:
    d = json.loads(text)
    return InputError(d.get("message", ""), d.get("source"), d.get("line"), d.get("column"), d.get("artifact"))


def check(
    *artifacts: Union[ArtifactLike, Sequence[ArtifactLike]],
    kubelet_version: Optional[str] = None,
    dropin_alpha_env: Optional[bool] = None,
    now_unix: Optional[int] = None,
    absent_paths: Iterable[str] = (),
    empty_dirs: Iterable[str] = (),
) -> Report:
    """Checks one evidence set and returns its :class:`Report`.

    ``artifacts``: :class:`Artifact` objects or plain texts (lists of them are flattened).
    ``kubelet_version``: judge as this version (``"1.30"``); inferred otherwise.
    ``dropin_alpha_env``: whether ``KUBELET_CONFIG_DROPIN_DIR_ALPHA`` is set (1.28-1.29).
    ``now_unix``: "now" for certificate validity (the core never reads a clock; the
    ``kubeletlint`` command passes the current time).

    ``absent_paths`` / ``empty_dirs``: node paths you looked for and found missing (or empty
    directories): then a missing ``--config`` file stops the kubelet instead of being unknown.

    Raises :class:`InputError` for unusable input; a failing kubelet is a report.
    """
    return Report._from_json(
        _native.check(
            _native_arts(artifacts),
            _options(kubelet_version, dropin_alpha_env, now_unix, absent_paths, empty_dirs),
        )
    )


def check_files(
    paths: Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]],
    *,
    kubelet_version: Optional[str] = None,
    dropin_alpha_env: Optional[bool] = None,
    now_unix: Optional[int] = None,
) -> Report:
    """Checks files, as ``kubeletlint check`` does: each path is a file, ``NODE_PATH=FILE``
    (the file is ``NODE_PATH`` on the node), a directory (its files), or ``-`` (stdin).
    Raises :class:`OSError` naming a file that cannot be read."""
    return check(
        *load_files(paths), kubelet_version=kubelet_version, dropin_alpha_env=dropin_alpha_env, now_unix=now_unix
    )


def load_files(paths: Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]]) -> List[Artifact]:
    """Reads files as :func:`check_files` does and returns the artifacts (with node paths
    where given or where a directory is a copy of the node's root). Raises :class:`OSError`."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    args = [os.fspath(p) for p in paths]
    return [Artifact(t, p, k) for (t, p, k) in _native.load(args)]


def collect_node(root: Union[str, "os.PathLike[str]"] = "/") -> List[Artifact]:
    """Reads (never writes) the kubelet evidence of the node whose root file system is
    ``root``: kubelet processes from ``/proc``, ``kubelet.service`` and its drop-ins, and
    every file they reference (config, ``--config-dir``, environment files, the CA file).
    Returns the artifacts with their node paths."""
    arts, _opts, _outcome = _native.collect_node(os.fspath(root), "{}")
    return [Artifact(t, p, k) for (t, p, k) in arts]


def check_node(
    root: Union[str, "os.PathLike[str]"] = "/",
    *,
    kubelet_version: Optional[str] = None,
    now_unix: Optional[int] = None,
) -> Report:
    """Collects the node's evidence (see :func:`collect_node`) and checks it, as
    ``kubeletlint node --root ROOT`` does."""
    _arts, _opts, (tag, text) = _native.collect_node(os.fspath(root), _options(kubelet_version, None, now_unix))
    if tag != 0:
        raise _input_error(text)
    return Report._from_json(text)


def check_many(
    evidence: Iterable[Evidence],
    workers: Optional[int] = None,
    *,
    kubelet_version: Optional[str] = None,
    dropin_alpha_env: Optional[bool] = None,
    now_unix: Optional[int] = None,
    chunk_size: Optional[int] = None,
) -> Iterator[Union[Report, InputError]]:
    """Checks many evidence sets (e.g. thousands of ``/configz`` payloads) on ``workers``
    threads (default: every core) with the GIL released, and yields the results lazily in
    input order. Each item is an :class:`Artifact`, a text, or a sequence of them (one
    node). An unusable item yields its :class:`InputError` instead of raising it, so one bad
    payload does not stop a fleet scan."""
    n = workers if workers is not None else (os.cpu_count() or 1)
    if n < 1:
        raise ValueError("workers must be at least 1")
    size = chunk_size if chunk_size is not None else max(256, 64 * n)
    if size < 1:
        raise ValueError("chunk_size must be at least 1")
    options = _options(kubelet_version, dropin_alpha_env, now_unix)
    items = iter(evidence)

    def next_batch() -> List[List[_NativeArt]]:
        return [_native_arts([e]) for e in islice(items, size)]

    def convert(outcomes: List[Tuple[int, str]]) -> Iterator[Union[Report, InputError]]:
        for tag, text in outcomes:
            if tag == 0:
                yield Report._from_json(text)
            elif tag == 1:
                yield _input_error(text)
            else:
                raise InternalError(f"kubeletlint internal error: {text}")

    # One batch is checked in Rust (GIL released) while the previous one is turned into
    # Python objects here.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kubeletlint") as pool:
        pending: Optional[Future[List[Tuple[int, str]]]] = None
        while True:
            batch = next_batch()
            fut = pool.submit(_native.check_batch, batch, options, n) if batch else None
            if pending is not None:
                yield from convert(pending.result())
            if fut is None:
                return
            pending = fut


def detect_kind(text: str, path: Optional[str] = None) -> Optional[str]:
    """The artifact kind the core detects for ``text`` (and its node path), or ``None``."""
    return _native.detect_kind(text, path)


def explain() -> str:
    """The rule's documentation: what, why, how to fix, per platform."""
    return _native.explain()


def rule() -> RuleInfo:
    """The rule's ID, title and benchmark controls."""
    return RuleInfo._from(json.loads(_native.rule_info()))
