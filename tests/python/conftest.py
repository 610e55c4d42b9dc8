"""Shared fixtures for the Python tests (run against the *installed* package)."""

from __future__ import annotations

import os
import subprocess
import sysconfig
from pathlib import Path
from typing import List, Optional

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
VECTORS = REPO / "tests" / "vectors"


def kubeletlint_exe() -> str:
    """The installed console script (not via PATH: the venv may not be activated)."""
    exe = os.path.join(sysconfig.get_path("scripts"), "kubeletlint")
    assert os.path.exists(exe), f"console script not installed at {exe}"
    return exe


def run_cli(
    *args: str, stdin: Optional[str] = None, env: Optional[dict] = None, cwd: Optional[Path] = None
) -> subprocess.CompletedProcess:
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e.update(env or {})
    return subprocess.run(
        [kubeletlint_exe(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=e,
        cwd=cwd or REPO,
        timeout=120,
    )


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def examples() -> Path:
    return EXAMPLES


def node_paths(artifacts: List) -> List[str]:
    return [a.path for a in artifacts if a.path]
