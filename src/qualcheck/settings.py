"""qualcheck's settings: one registry, and their values for one run.

`SETTINGS` names every setting once: its kind, default, help, the commands that use it and its
environment variable, if any. The pyproject reader (`config`) validates `[tool.qualcheck]`
against it, the command line words its options' help from it, and the README's Configuration
table is generated from it (`python -m qualcheck.settings`; a test keeps them equal).

`resolve` turns what one run was given into one `Settings`: a command-line flag wins, then the
environment variable, then `[tool.qualcheck]` in the nearest pyproject.toml, then the default.
Cheap to import (the standard library and the lists of choices only): the command line imports
it before any command runs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcheck.reporters import FORMATS
from qualcheck.reporters.style import COLORS

if TYPE_CHECKING:
    from qualcheck.config import Config

# How a setting's value is written, which decides how it is checked:
FOLDER = "folder"  # a folder; relative to the pyproject.toml there, to the current folder elsewhere
FILE = "file"  # a file; relative to the pyproject.toml there, to the current folder elsewhere
CHOICE = "choice"  # one of `choices`
FLAG = "flag"  # true or false
GLOBS = "globs"  # a list of glob patterns
LEVELS = "levels"  # a table of finding code -> fail | warn | info
URL = "url"  # an http or https URL

REGISTER_COMMANDS = (
    "validate",
    "explain",
    "show",
    "where",
    "transfer",
    "suggest",
    "list",
    "schema",
    "check-data",
    "audit",
)


@dataclass(frozen=True)
class Setting:
    name: str  # the key in [tool.qualcheck], the field of Settings, the flag's dest
    kind: str
    default: Any
    shown_default: str  # the default as help and the README word it
    help: str  # what it does, one sentence
    commands: tuple[str, ...]  # the commands that use it
    env: str | None = None  # the environment variable that sets it, if any
    choices: tuple[str, ...] = ()
    example: str = ""  # a TOML value, for the README

    def from_text(self, text: str) -> Any:
        """The value an environment variable's text gives; ValueError says why it cannot."""
        if self.kind in (FOLDER, FILE):
            return Path(text)
        if self.kind == URL:
            if not text.startswith(("https://", "http://")):
                raise ValueError(f"{text[:80]!r} is not an http or https URL")
            return text
        if self.kind == CHOICE:
            if text not in self.choices:
                raise ValueError(f"invalid choice {text!r} (choose from {', '.join(self.choices)})")
            return text
        raise ValueError(f"{self.name} cannot be set from the environment")  # pragma: no cover


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "data",
        FOLDER,
        None,
        "the bundled register",
        "Register folder (qualifications/ and units/).",
        REGISTER_COMMANDS,
        env="QUALCHECK_DATA",
        example='"register"',
    ),
    Setting(
        "format",
        CHOICE,
        "text",
        "text",
        "Output format of validate.",
        ("validate",),
        env="QUALCHECK_FORMAT",
        choices=FORMATS,
        example='"concise"',
    ),
    Setting(
        "strict",
        FLAG,
        False,
        "false",
        "Treat warnings as failures.",
        ("validate",),
        example="true",
    ),
    Setting(
        "color",
        CHOICE,
        "auto",
        "auto",
        "Colour the text output.",
        ("validate",),
        choices=COLORS,
        example='"auto"',
    ),
    Setting(
        "exclude",
        GLOBS,
        (),
        "none",
        "Glob patterns of plan paths to skip, relative to the pyproject.toml.",
        ("validate",),
        example='["plans/drafts/*"]',
    ),
    Setting(
        "severity",
        LEVELS,
        {},
        "none",
        "Fail, warn or info for notes on single entries, by finding code.",
        ("validate",),
        example='{ QC103 = "fail", QC040 = "info" }',
    ),
    Setting(
        "scope",
        FILE,
        None,
        "none",
        "The RTO's scope of registration: a CSV with a Code column (the register's scope export) or one "
        "code per line. The qualification and every counted unit must be on it, except credit transfers.",
        ("validate", "audit", "suggest"),
        env="QUALCHECK_SCOPE",
        example='"scope.csv"',
    ),
    Setting(
        "tga_api",
        URL,
        "https://training.gov.au/api",
        "https://training.gov.au/api",
        "Base URL of the national register's public API, which fetch reads.",
        ("fetch",),
        env="QUALCHECK_TGA_API",
        example='"https://training.gov.au/api"',
    ),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}


def used_by(command: str) -> tuple[Setting, ...]:
    """The settings `command` (e.g. `check-data`, `import tga`) uses."""
    return tuple(setting for setting in SETTINGS if command in setting.commands)


def option_help(name: str, what: str | None = None) -> str:
    """An option's help for setting `name`: what it does, its default and its variable."""
    setting = BY_NAME[name]
    if setting.kind == FLAG:
        default = f"--no-{name} overrides the {name} setting in pyproject.toml"
    else:
        default = f"Default: the {name} setting in pyproject.toml, else {setting.shown_default}"
    env = f" Environment variable: {setting.env}." if setting.env else ""
    return f"{what or setting.help} {default}.{env}"


class SettingError(ValueError):
    """An environment variable holds a value its setting cannot take (a usage error)."""


@dataclass(frozen=True)
class Settings:
    """Every setting's value for one run, and the settings file they came from."""

    config: Config  # the nearest trusted pyproject.toml and its [tool.qualcheck] table, if any
    data: Path | None = None  # None: the bundled register
    format: str = "text"
    strict: bool = False
    color: str = "auto"
    exclude: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    scope: Path | None = None  # None: scope of registration not checked
    tga_api: str = "https://training.gov.au/api"


def resolve(
    command: str,
    given: Mapping[str, Any],
    environ: Mapping[str, str] | None = None,
    start: Path | None = None,
) -> Settings:
    """The settings of one run of `command`: each from `given` (the command line; None: not
    given), else its environment variable (set and not empty), else the nearest pyproject.toml
    from `start`, else its default. Raises ConfigError for a settings file that cannot be used
    and SettingError for an environment variable that cannot be."""
    from qualcheck.config import load_config

    environ = os.environ if environ is None else environ
    wanted = used_by(command)
    values: dict[str, Any] = {}
    for setting in wanted:  # the environment is checked before the settings file is read
        value = given.get(setting.name)
        text = environ.get(setting.env) if setting.env else None
        if value is None and text:  # set and not empty
            try:
                value = setting.from_text(text)
            except ValueError as error:
                raise SettingError(f"{setting.env}: {error}") from None
        values[setting.name] = value
    config = load_config(start)
    for setting in wanted:
        if values[setting.name] is None:
            values[setting.name] = getattr(config, setting.name)
        if values[setting.name] is None:
            values[setting.name] = setting.default
    return Settings(config=config, **values)


def render_table() -> str:
    """The README's table of settings (Markdown)."""
    rows = [
        "| Setting | Example | Default | Environment | Used by | What it does |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for s in SETTINGS:
        env = f"`{s.env}`" if s.env else ""
        used = ", ".join(s.commands)
        choices = f" One of: {', '.join(s.choices)}." if s.choices else ""
        if s.kind in (FOLDER, FILE):
            choices = " In pyproject.toml, relative to its folder."
        example = f"`{s.name} = {s.example}`".replace("|", "\\|")
        rows.append(f"| `{s.name}` | {example} | {s.shown_default} | {env} | {used} | {s.help}{choices} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(render_table(), end="")
