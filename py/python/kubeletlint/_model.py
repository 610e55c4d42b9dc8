"""The report as Python objects: plain frozen dataclasses built from the core's JSON, so the
attributes are exactly the fields of the documented report schema."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Dict, List, Optional

from kubeletlint import _native

__all__ = [
    "Artifact",
    "ArtifactSummary",
    "BenchmarkRef",
    "Certainty",
    "Diagnostic",
    "Effective",
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
]


class Verdict(str, Enum):
    """The four verdicts. Compares equal to its string (``report.verdict == "pass"``)."""

    PASS = "pass"
    FAIL = "fail"
    INCONCLUSIVE = "inconclusive"
    INVALID = "invalid"

    def __str__(self) -> str:
        return self.value


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    def __str__(self) -> str:
        return self.value


class Certainty(str, Enum):
    CONFIRMED = "confirmed"
    DERIVED = "derived"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Artifact:
    """One piece of evidence: its text, its path on the node (if known) and its kind (if
    known; the core detects it otherwise). Kinds: ``kubelet-config``, ``config-dropin``,
    ``configz``, ``cmdline``, ``systemd-unit``, ``systemd-dropin``, ``env-file``,
    ``ca-bundle`` (aliases such as ``kubelet-config-yaml`` are accepted)."""

    text: str
    path: Optional[str] = None
    kind: Optional[str] = None

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError(f"Artifact text must be str, not {type(self.text).__name__}")
        if self.path is not None and not isinstance(self.path, str):
            raise TypeError(f"Artifact path must be str or None, not {type(self.path).__name__}")
        if self.kind is not None:
            canonical = _native.parse_kind(str(self.kind))
            if canonical is None:
                raise ValueError(f"unknown artifact kind {self.kind!r}")
            object.__setattr__(self, "kind", canonical)


def _opt_int(v: Any) -> Optional[int]:
    return None if v is None else int(v)


@dataclass(frozen=True)
class Location:
    """Where something is: which artifact, where in it, and (for argv) which element."""

    artifact: Optional[int] = None
    source: Optional[str] = None
    line: Optional[int] = None
    column: Optional[int] = None
    argv_index: Optional[int] = None
    excerpt: Optional[str] = None

    @classmethod
    def _from(cls, d: Optional[Dict[str, Any]]) -> Optional[Location]:
        if d is None:
            return None
        return cls(
            artifact=_opt_int(d.get("artifact")),
            source=d.get("source"),
            line=_opt_int(d.get("line")),
            column=_opt_int(d.get("column")),
            argv_index=_opt_int(d.get("argv_index")),
            excerpt=d.get("excerpt"),
        )

    def __str__(self) -> str:
        s = self.source or (f"artifact #{self.artifact + 1}" if self.artifact is not None else "evidence")
        if self.line is not None:
            s += f":{self.line}"
            if self.column is not None:
                s += f":{self.column}"
        if self.argv_index is not None:
            s += f" (argv[{self.argv_index}])"
        return s


def _loc(d: Any) -> Location:
    return Location._from(d) or Location()


@dataclass(frozen=True)
class Diagnostic:
    """A finding about the evidence, with a stable code."""

    code: str
    severity: Severity
    message: str
    location: Optional[Location] = None
    rules: List[str] = field(default_factory=list)

    @classmethod
    def _from(cls, d: Dict[str, Any]) -> Diagnostic:
        return cls(
            code=d["code"],
            severity=Severity(d["severity"]),
            message=d["message"],
            location=Location._from(d.get("location")),
            rules=list(d.get("rules") or []),
        )


@dataclass(frozen=True)
class Source:
    """One link of a provenance chain: what set a value, the value, and where."""

    what: str
    value: Optional[str]
    location: Location

    @classmethod
    def _from(cls, d: Dict[str, Any]) -> Source:
        return cls(what=d["what"], value=d.get("value"), location=_loc(d.get("location")))


@dataclass(frozen=True)
class Provenance:
    """Where the effective value came from (``decided_by``), how it got there (``via``), and
    what it overrode (``overridden``)."""

    decided_by: Optional[Source] = None
    via: List[Source] = field(default_factory=list)
    overridden: List[Source] = field(default_factory=list)

    @classmethod
    def _from(cls, d: Optional[Dict[str, Any]]) -> Provenance:
        d = d or {}
        db = d.get("decided_by")
        return cls(
            decided_by=None if db is None else Source._from(db),
            via=[Source._from(x) for x in d.get("via") or []],
            overridden=[Source._from(x) for x in d.get("overridden") or []],
        )


@dataclass(frozen=True)
class Unseen:
    """Evidence that is referenced but was not given."""

    what: str
    reference: str
    could_decide: bool
    referenced_at: Optional[Location] = None

    @classmethod
    def _from(cls, d: Dict[str, Any]) -> Unseen:
        return cls(
            what=d["what"],
            reference=d["reference"],
            could_decide=bool(d["could_decide"]),
            referenced_at=Location._from(d.get("referenced_at")),
        )


@dataclass(frozen=True)
class BenchmarkRef:
    benchmark: str
    version: str
    control: str


@dataclass(frozen=True)
class RuleInfo:
    id: str
    title: str
    benchmarks: List[BenchmarkRef] = field(default_factory=list)

    @classmethod
    def _from(cls, d: Dict[str, Any]) -> RuleInfo:
        return cls(
            id=d["id"],
            title=d["title"],
            benchmarks=[BenchmarkRef(**b) for b in d.get("benchmarks") or []],
        )


@dataclass(frozen=True)
class JudgedVersion:
    version: str
    reason: str


@dataclass(frozen=True)
class Remediation:
    platform: str
    summary: str
    steps: List[str] = field(default_factory=list)


@dataclass(frozen=True)
class Effective:
    """The effective configuration around the client CA, as far as the evidence shows it."""

    argv: Optional[List[str]] = None
    config_file: Optional[str] = None
    config_dir: Optional[str] = None
    dropins: List[str] = field(default_factory=list)
    anonymous_auth: Optional[bool] = None
    webhook_authn: Optional[bool] = None
    ca_path_opened: Optional[str] = None
    merge_mode: Optional[str] = None

    @classmethod
    def _from(cls, d: Optional[Dict[str, Any]]) -> Effective:
        d = d or {}
        argv = d.get("argv")
        return cls(
            argv=None if argv is None else list(argv),
            config_file=d.get("config_file"),
            config_dir=d.get("config_dir"),
            dropins=list(d.get("dropins") or []),
            anonymous_auth=d.get("anonymous_auth"),
            webhook_authn=d.get("webhook_authn"),
            ca_path_opened=d.get("ca_path_opened"),
            merge_mode=d.get("merge_mode"),
        )


@dataclass(frozen=True)
class ArtifactSummary:
    """Each artifact as kubeletlint understood it."""

    index: int
    name: str
    kind: str
    kind_from: str
    role: str
    path: Optional[str] = None
    note: Optional[str] = None

    @classmethod
    def _from(cls, d: Dict[str, Any]) -> ArtifactSummary:
        return cls(
            index=int(d["index"]),
            name=d["name"],
            kind=d["kind"],
            kind_from=d["kind_from"],
            role=d["role"],
            path=d.get("path"),
            note=d.get("note"),
        )


@dataclass(frozen=True)
class Report:
    """The result of a check. A failing kubelet is a report (``verdict`` ``fail``), not an
    exception. ``value`` is the effective ``authentication.x509.clientCAFile``."""

    schema_version: int
    tool: str
    tool_version: str
    rule: RuleInfo
    verdict: Verdict
    client_ca_file: Optional[str]
    certainty: Certainty
    summary: str
    provenance: Provenance
    diagnostics: List[Diagnostic]
    unseen: List[Unseen]
    judged_version: Optional[JudgedVersion]
    platform: str
    remediation: Optional[Remediation]
    effective: Effective
    artifacts: List[ArtifactSummary]
    _json: str = field(default="", repr=False, compare=False)

    @property
    def value(self) -> Optional[str]:
        """The effective client CA file (``None`` when not set or unknown)."""
        return self.client_ca_file

    @property
    def passed(self) -> bool:
        return self.verdict is Verdict.PASS

    @property
    def codes(self) -> List[str]:
        """The diagnostic codes, in order."""
        return [d.code for d in self.diagnostics]

    @property
    def exit_code(self) -> int:
        """The command's exit status for this verdict (0 pass, 1 fail/invalid, 3 inconclusive)."""
        from kubeletlint import _native

        return _native.exit_code(str(self.verdict.value))

    @classmethod
    def _from_json(cls, text: str) -> Report:
        d = json.loads(text)
        jv = d.get("judged_version")
        rem = d.get("remediation")
        return cls(
            schema_version=int(d["schema_version"]),
            tool=d["tool"],
            tool_version=d["tool_version"],
            rule=RuleInfo._from(d["rule"]),
            verdict=Verdict(d["verdict"]),
            client_ca_file=d.get("client_ca_file"),
            certainty=Certainty(d["certainty"]),
            summary=d["summary"],
            provenance=Provenance._from(d.get("provenance")),
            diagnostics=[Diagnostic._from(x) for x in d.get("diagnostics") or []],
            unseen=[Unseen._from(x) for x in d.get("unseen") or []],
            judged_version=None if jv is None else JudgedVersion(version=jv["version"], reason=jv["reason"]),
            platform=d["platform"],
            remediation=None
            if rem is None
            else Remediation(platform=rem["platform"], summary=rem["summary"], steps=list(rem.get("steps") or [])),
            effective=Effective._from(d.get("effective")),
            artifacts=[ArtifactSummary._from(x) for x in d.get("artifacts") or []],
            _json=text,
        )

    def to_dict(self) -> Dict[str, Any]:
        """The report as plain JSON data (the documented schema)."""
        result: Dict[str, Any] = json.loads(self._json)
        return result

    def to_json(self, redact: bool = False) -> str:
        """The report as JSON (the documented, versioned schema), pretty-printed."""
        return _native.render(self._json, "json", redact, False)

    def to_text(self, color: bool = False, redact: bool = False) -> str:
        """The human text form (verdict, value, the deciding line, provenance, fix)."""
        return _native.render(self._json, "text", redact, color)

    def to_sarif(self, redact: bool = False) -> str:
        """SARIF 2.1.0."""
        return _native.render(self._json, "sarif", redact, False)

    def to_kube_bench(self, redact: bool = False) -> str:
        """kube-bench-compatible JSON (``{"Controls": [...], "Totals": {...}}``)."""
        return _native.render(self._json, "kube-bench", redact, False)

    def to_junit(self, redact: bool = False) -> str:
        """JUnit XML (kube-bench's shape)."""
        return _native.render(self._json, "junit", redact, False)

    def __str__(self) -> str:
        return self.to_text()
