"""Settings from `[tool.qualcheck]` in the nearest pyproject.toml.

The file is found by walking up from the current folder, as ruff and pytest do. The settings
and their kinds are `settings.SETTINGS`; a key not there is an error rather than ignored: a
misspelt `stict = true` would otherwise pass plans that should fail. (Flags and environment
variables win over these settings: `settings.resolve`.)

The settings can point `data` at another register or exclude plans, so they are taken only from
a file the current user (or root) owns, as Mercurial does with its settings files: a nearest
pyproject.toml owned by someone else (one left in a shared parent folder such as /tmp) is
ignored, with a warning naming it, and no file further up is read in its place. A file that
cannot be used (not UTF-8, not TOML, a setting of the wrong kind) is one QC060 error naming the
file, and its line and column where the TOML reader gives them.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qualcheck.errors import QualcheckError, Span
from qualcheck.settings import CHOICE, FILE, FLAG, FOLDER, GLOBS, LEVELS, SETTINGS, URL, Setting

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

KEYS = tuple(setting.name for setting in SETTINGS)
MAX_BYTES = 1024 * 1024  # a pyproject.toml is a few kilobytes; a bigger file is not one
_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")  # where tomllib says it stopped
_AT_END = " (at end of document)"


class ConfigError(QualcheckError):
    """The configuration cannot be read or holds a value qualcheck cannot use."""


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # the nearest pyproject.toml, if any (and trusted)
    table: bool = False  # whether it has a [tool.qualcheck] table: the settings came from it
    ignored: str | None = None  # why the nearest pyproject.toml was not read (not the user's)
    # One field per setting in settings.SETTINGS; None: not set in the file.
    data: Path | None = None  # resolved against the pyproject's folder
    format: str | None = None
    strict: bool | None = None
    color: str | None = None
    exclude: tuple[str, ...] | None = None
    severity: dict[str, str] | None = None  # finding code -> fail | warn | info
    scope: Path | None = None  # resolved against the pyproject's folder
    tga_api: str | None = None

    @property
    def base(self) -> Path | None:
        return self.path.parent if self.path is not None else None

    @property
    def source(self) -> Path | None:
        """The file the settings came from: the pyproject.toml with a [tool.qualcheck] table."""
        return self.path if self.table else None


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
    owner = _foreign_owner(path)
    if owner is not None:
        return Config(ignored=_ignored(path, owner) if _may_hold_settings(path) else None)
    tool = _read(path).get("tool", {})
    if not isinstance(tool, dict):
        raise _bad(path, "[tool] must be a table (tool = ... gives it another value)")
    table = tool.get("qualcheck")
    if table is None:
        return Config(path=path)
    if not isinstance(table, dict):
        raise _bad(path, "[tool.qualcheck] must be a table of settings")
    return _parse(path, table)


def _read(path: Path) -> dict[str, Any]:
    """The TOML document in `path`; every failure is one ConfigError naming the file."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ConfigError("QC060", f"cannot read file: {exc.strerror}", Span(str(path))) from None
    if len(raw) > MAX_BYTES:
        raise _bad(path, "file is larger than 1 MB: too large to be a pyproject.toml")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ConfigError(
            "QC060",
            f"file is not UTF-8 text (byte {raw[exc.start]:#04x}): TOML files must be UTF-8",
            Span(str(path), line, column),
            "save it as UTF-8",
        ) from None
    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        message = " ".join(str(exc).split())
        at = _AT.search(message)
        if at:
            span = Span(str(path), int(at.group(1)), int(at.group(2)))
        elif message.endswith(_AT_END):
            lines = text.splitlines() or [""]
            span = Span(str(path), len(lines), len(lines[-1]) + 1)
        else:
            span = Span(str(path))
        reason = _AT.sub("", message).removesuffix(_AT_END)
        raise ConfigError("QC060", f"not valid TOML: {reason}", span, "fix the file") from None
    except ValueError:  # a whole number too long to convert (Python refuses over 4,300 digits)
        raise _bad(path, "not valid TOML for qualcheck: a number with thousands of digits") from None
    except RecursionError:
        raise _bad(path, "not valid TOML for qualcheck: values nested thousands deep") from None


def _foreign_owner(path: Path) -> int | None:
    """The owner of `path` (or of the file it links to) when that is neither this user nor root."""
    if not hasattr(os, "getuid"):
        return None  # no owners to compare (Windows)
    mine = (os.getuid(), 0)
    for look in (os.lstat, os.stat):
        try:
            owner = look(path).st_uid
        except OSError:
            continue  # unreadable: reading it reports why
        if owner not in mine:
            return owner
    return None


def _may_hold_settings(path: Path) -> bool:
    """Whether a file qualcheck will not obey has settings for it (or cannot be read to tell):
    worth a warning. Reading TOML runs nothing, whoever wrote it."""
    try:
        tool = _read(path).get("tool")
    except ConfigError:
        return True
    return tool is not None and (not isinstance(tool, dict) or "qualcheck" in tool)


def _ignored(path: Path, owner: int) -> str:
    return (
        f"{path}: QC060 owned by another user (uid {owner}), so its settings are ignored "
        "(the current user or root must own the pyproject.toml qualcheck reads; chown it, or run "
        "qualcheck as its owner)"
    )


def _parse(path: Path, table: dict[str, Any]) -> Config:
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(
            "QC060",
            f"unknown setting {_shown(unknown[0])} in [tool.qualcheck]",
            Span(str(path)),
            f"known settings: {', '.join(KEYS)}",
        )
    values = {setting.name: _value(path, table, setting) for setting in SETTINGS if setting.name in table}
    return Config(path=path, table=True, **values)


def _value(path: Path, table: dict[str, Any], setting: Setting) -> Any:
    """The value of `setting` in `table`, checked against its kind."""
    key = setting.name
    if setting.kind in (FOLDER, FILE):
        data = _typed(path, table, key, str)
        if not data.strip():
            raise _bad(path, f"[tool.qualcheck] {key} must name a {setting.kind}, not be empty")
        return path.parent / data  # relative to the pyproject's folder
    if setting.kind == CHOICE:
        return _choice(path, table, key, setting.choices)
    if setting.kind == FLAG:
        return _typed(path, table, key, bool)
    if setting.kind == GLOBS:
        patterns = table[key]
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise _bad(path, f"[tool.qualcheck] {key} must be a list of glob patterns (strings)")
        return tuple(patterns)
    if setting.kind == LEVELS:
        return _severity(path, key, table[key])
    if setting.kind == URL:
        url = _typed(path, table, key, str)
        if not url.startswith(("https://", "http://")):
            raise _bad(path, f"[tool.qualcheck] {key} must be an http or https URL, not {_shown(url)}")
        return url
    raise AssertionError(f"no check for settings of kind {setting.kind}")  # pragma: no cover


def _severity(path: Path, key: str, table: Any) -> dict[str, str]:
    from qualcheck.severity import ADJUSTABLE
    from qualcheck.severity import LEVELS as NAMES

    if not isinstance(table, dict):
        raise _bad(path, f'[tool.qualcheck] {key} must be a table such as {{ QC103 = "fail" }}')
    for code, value in table.items():
        if code not in ADJUSTABLE:
            raise _bad(
                path,
                f"[tool.qualcheck] {key}: {_name(code)} cannot be adjusted; "
                f"these can: {', '.join(ADJUSTABLE)}",
            )
        if value not in NAMES:
            raise _bad(path, f"[tool.qualcheck] {key} {code} must be one of {', '.join(NAMES)}")
    return dict(table)


def _typed(path: Path, table: dict[str, Any], key: str, kind: type[Any]) -> Any:
    value = table.get(key)
    if value is not None and not isinstance(value, kind):
        name = {str: "a string", bool: "true or false"}[kind]
        raise _bad(path, f"[tool.qualcheck] {key} must be {name}, not {_shown(value)}")
    return value


def _choice(path: Path, table: dict[str, Any], key: str, choices: tuple[str, ...]) -> str | None:
    value = _typed(path, table, key, str)
    if value is not None and value not in choices:
        raise _bad(path, f"[tool.qualcheck] {key} must be one of {', '.join(choices)}, not {_shown(value)}")
    return value  # type: ignore[no-any-return]


def _name(text: str) -> str:
    """A key as a message names it: as written when it is short and printable, else quoted."""
    return text if text.isprintable() and len(text) <= 40 else _shown(text)


def _shown(value: Any) -> str:
    """A value as a message quotes it: control characters escaped, at most 60 characters."""
    try:
        text = repr(value)
    except ValueError:  # an integer too long to print
        return "a number with thousands of digits"
    return text if len(text) <= 60 else text[:57] + "..."


def _bad(path: Path, message: str) -> ConfigError:
    return ConfigError("QC060", message, Span(str(path)), "")
