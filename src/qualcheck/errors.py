"""Errors that stop a run: bad input, bad data, bad usage. Each maps to exit code 2."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from its fields, not from Exception's args, so it can be sent to another
        # process (a batch's workers are handed plans that could not be found).
        return (_rebuild, (type(self), self.code, self.message, self.span, self.hint, self.others))

    def __str__(self) -> str:
        where = f"{self.span}: " if self.span else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.code} {self.message}{hint}"


def _rebuild(
    kind: type[QualcheckError],
    code: str,
    message: str,
    span: Span | None,
    hint: str,
    others: list[QualcheckError],
) -> QualcheckError:
    error = kind(code, message, span, hint)
    error.others = others
    return error


class InputError(QualcheckError):
    """A plan file cannot be read or understood."""


class DataError(QualcheckError):
    """The register (qualification or unit data) is missing, unreadable or inconsistent."""
