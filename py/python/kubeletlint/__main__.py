"""The ``kubeletlint`` console script: the same command as the standalone Rust binary."""

from __future__ import annotations

import sys
from typing import List, Optional

from kubeletlint import _native

__all__ = ["main"]


def main(argv: Optional[List[str]] = None) -> int:
    """Runs ``kubeletlint`` with ``argv`` (default: ``sys.argv[1:]``) and returns its exit
    status (the console script exits with it)."""
    args = list(sys.argv[1:] if argv is None else argv)
    sys.stdout.flush()
    sys.stderr.flush()
    return _native.main(["kubeletlint", *args])


if __name__ == "__main__":
    sys.exit(main())
