"""Errors that stop a run: bad input, bad data, bad usage. Each maps to exit code 2."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A place in a file; line and column count from 1."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}:{self.column or 1}"


class QualcheckError(Exception):
    """An input, data or usage problem the user can fix.

    `code` is a stable finding code (QC0xx), `hint` says what to do about it.
    """

    def __init__(self, code: str, message: str, span: Span | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.span = span
        self.hint = hint
        self.others: list[QualcheckError] = []  # further problems found in the same file

    def __str__(self) -> str:
        where = f"{self.span}: " if self.span else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.code} {self.message}{hint}"


class InputError(QualcheckError):
    """A plan file cannot be read or understood."""


class DataError(QualcheckError):
    """The register (qualification or unit data) is missing, unreadable or inconsistent."""
