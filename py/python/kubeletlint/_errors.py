"""Exceptions raised by kubeletlint (the native module raises these classes)."""

from __future__ import annotations

from typing import Optional

__all__ = ["InputError", "InternalError"]


class InputError(ValueError):
    """Input that cannot be used at all: no evidence, an artifact whose kind cannot be told,
    a /configz paste without a JSON payload, ...

    A kubelet that fails the rule (or would not start) is *not* an error: it is a
    :class:`~kubeletlint.Report` with verdict ``fail`` or ``invalid``.
    """

    message: str
    source: Optional[str]
    line: Optional[int]
    column: Optional[int]
    artifact: Optional[int]

    def __init__(
        self,
        message: str,
        source: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
        artifact: Optional[int] = None,
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.artifact = artifact
        super().__init__(self._render())

    def _render(self) -> str:
        where = self.source
        if where is None and self.artifact is not None:
            where = f"artifact #{self.artifact + 1}"
        if where is None:
            return self.message
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"

    def __str__(self) -> str:
        return self._render()

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.message, self.source, self.line, self.column, self.artifact))


class InternalError(RuntimeError):
    """A bug in kubeletlint (a Rust panic, caught at the boundary). Please report it."""
