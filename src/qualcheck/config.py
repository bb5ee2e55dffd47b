"""Settings from `[tool.qualcheck]` in the nearest pyproject.toml.

The file is found by walking up from the current folder, as ruff and pytest do. Command-line
flags win over these settings, and these win over the built-in defaults. A key this module does
not know is an error rather than ignored: a misspelt `stict = true` would otherwise pass plans
that should fail.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcheck.errors import QualcheckError, Span
from qualcheck.reporters import FORMATS
from qualcheck.reporters.style import COLORS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

KEYS = ("data", "format", "strict", "color", "exclude", "severity")


class ConfigError(QualcheckError):
    """The configuration cannot be read or holds a value qualcheck cannot use."""


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # the pyproject.toml the settings came from, if any
    data: Path | None = None  # resolved against the pyproject's folder
    format: str | None = None
    strict: bool | None = None
    color: str | None = None
    exclude: tuple[str, ...] = field(default_factory=tuple)
    severity: dict[str, str] = field(default_factory=dict)  # finding code -> fail | warn | info

    @property
    def base(self) -> Path | None:
        return self.path.parent if self.path is not None else None


def find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(start: Path | None = None) -> Config:
    """The settings that apply in `start` (default: the current folder)."""
    path = find_pyproject((start or Path.cwd()).resolve())
    if path is None:
        return Config()
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError("QC060", f"cannot read file: {exc.strerror}", Span(str(path))) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("QC060", f"not valid TOML: {exc}", Span(str(path)), "fix the file") from None
    table = document.get("tool", {}).get("qualcheck")
    if table is None:
        return Config(path=path)
    if not isinstance(table, dict):
        raise _bad(path, "[tool.qualcheck] must be a table of settings")
    return _parse(path, table)


def _parse(path: Path, table: dict[str, Any]) -> Config:
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(
            "QC060",
            f"unknown setting '{unknown[0]}' in [tool.qualcheck]",
            Span(str(path)),
            f"known settings: {', '.join(KEYS)}",
        )
    data = _typed(path, table, "data", str)
    fmt = _choice(path, table, "format", FORMATS)
    color = _choice(path, table, "color", COLORS)
    strict = _typed(path, table, "strict", bool)
    exclude = table.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(p, str) for p in exclude):
        raise _bad(path, "[tool.qualcheck] exclude must be a list of glob patterns (strings)")
    return Config(
        path=path,
        data=(path.parent / data) if data is not None else None,
        format=fmt,
        strict=strict,
        color=color,
        exclude=tuple(exclude),
        severity=_severity(path, table.get("severity", {})),
    )


def _severity(path: Path, table: Any) -> dict[str, str]:
    from qualcheck.severity import ADJUSTABLE, LEVELS

    if not isinstance(table, dict):
        raise _bad(path, '[tool.qualcheck] severity must be a table such as { QC103 = "fail" }')
    for code, value in table.items():
        if code not in ADJUSTABLE:
            raise _bad(
                path,
                f"[tool.qualcheck] severity: {code} cannot be adjusted; these can: {', '.join(ADJUSTABLE)}",
            )
        if value not in LEVELS:
            raise _bad(path, f"[tool.qualcheck] severity {code} must be one of {', '.join(LEVELS)}")
    return dict(table)


def _typed(path: Path, table: dict[str, Any], key: str, kind: type[Any]) -> Any:
    value = table.get(key)
    if value is not None and not isinstance(value, kind):
        name = {str: "a string", bool: "true or false"}[kind]
        raise _bad(path, f"[tool.qualcheck] {key} must be {name}, not {value!r}")
    return value


def _choice(path: Path, table: dict[str, Any], key: str, choices: tuple[str, ...]) -> str | None:
    value = _typed(path, table, key, str)
    if value is not None and value not in choices:
        raise _bad(path, f"[tool.qualcheck] {key} must be one of {', '.join(choices)}, not {value!r}")
    return value  # type: ignore[no-any-return]


def _bad(path: Path, message: str) -> ConfigError:
    return ConfigError("QC060", message, Span(str(path)), "")
