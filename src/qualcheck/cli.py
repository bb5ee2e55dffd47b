"""The command line: parse options, call the library, pick a reporter, map to an exit code.

Kept thin and cheap to import: the models, engine and reporters are imported inside the
commands that need them, so `qualcheck --help` and hooks start fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:  # imported for annotations only: keeps start-up light
    from qualcheck.register import Register
    from qualcheck.tree import Node

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: no boxes, no type names after flags, no words broken at 80 columns
    pretty_exceptions_enable=False,  # plans hold student data: never dump locals
    help="Check that a student's units make up a valid Australian VET qualification, rule by rule.",
)

_state = {"debug": False}

DataOption = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs Optional on Python 3.10
    typer.Option(
        "--data",
        help="Register folder (qualifications/ and units/). Default: the bundled one.",
        envvar="QUALCHECK_DATA",
        show_envvar=True,
    ),
]


class OutputFormat(str, Enum):
    text = "text"
    concise = "concise"
    json = "json"
    junit = "junit"
    sarif = "sarif"
    github = "github"
    markdown = "markdown"
    html = "html"


class SchemaKind(str, Enum):
    plan = "plan"
    qualification = "qualification"
    unit = "unit"


class ColorChoice(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def _print_version(asked: bool) -> None:
    if asked:
        from qualcheck import __version__

        sys.stdout.write(f"qualcheck {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on internal errors.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", help="Print the version and exit.", callback=_print_version, is_eager=True
        ),
    ] = False,
) -> None:
    _state["debug"] = debug


@app.command()
def validate(
    plans: Annotated[
        list[str],
        typer.Argument(
            help="Plan files (YAML), folders (searched for *.yaml and *.yml), globs, or - for stdin.",
            show_default=False,
            metavar="PLAN...",
        ),
    ],
    output_format: Annotated[
        Optional[OutputFormat],  # noqa: UP045 - typer needs Optional on Python 3.10
        typer.Option(
            "--format",
            "-f",
            help="Output format. Default: the format setting in pyproject.toml, else text.",
            envvar="QUALCHECK_FORMAT",
            show_default=False,
        ),
    ] = None,
    data: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--data",
            help="Register folder (qualifications/ and units/). Default: the data setting in pyproject.toml, "
            "else the bundled one.",
            envvar="QUALCHECK_DATA",
            show_envvar=True,
        ),
    ] = None,
    strict: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option("--strict/--no-strict", help="Treat warnings as failures.", show_default=False),
    ] = None,
    color: Annotated[
        Optional[ColorChoice],  # noqa: UP045
        typer.Option("--color", help="Colour the text output. Default: auto.", show_default=False),
    ] = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Write the report to this file instead of standard output."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Let --output replace an existing file.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the verdicts and the summary.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Passing rules in detail too.")] = False,
    as_of: Annotated[
        Optional[str],  # noqa: UP045 - typer needs Optional on Python 3.10
        typer.Option(
            "--as-of", help="Check currency on this date (YYYY-MM-DD). Default: today.", metavar="DATE"
        ),
    ] = None,
) -> None:
    """Check plans against their qualification's packaging rules.

    Settings come from the command line, then the tool.qualcheck table of the nearest pyproject.toml,
    then the defaults. Exit code 0: every plan valid. 1: some plan invalid. 2: bad usage, or input
    or data that cannot be read (the plan was not judged).
    """
    from qualcheck import api
    from qualcheck.config import load_config
    from qualcheck.errors import QualcheckError
    from qualcheck.output import write_report
    from qualcheck.reporters import render
    from qualcheck.reporters.style import use_color

    if quiet and verbose:
        _fail("--quiet and --verbose cannot be used together")
    try:
        config = load_config()
        register = api.open_register(data if data is not None else config.data)
    except QualcheckError as error:
        _fail(str(error))
    fmt = output_format.value if output_format is not None else (config.format or "text")
    strict_mode = strict if strict is not None else bool(config.strict)
    color_choice = color.value if color is not None else (config.color or "auto")
    result = api.validate(
        plans,
        register,
        strict=strict_mode,
        exclude=config.exclude,
        exclude_base=config.base,
        severity=config.severity,
        progress=_progress if sys.stderr.isatty() else None,
        as_of=_date(as_of) or dt.date.today(),
    )
    if not result.plans:
        sys.stderr.write("qualcheck: every plan named was excluded by [tool.qualcheck] exclude\n")
    # A file is read later, elsewhere: colour it only when asked for outright.
    colored = use_color(color_choice, sys.stdout) if output is None else color_choice == "always"
    report = render(result, fmt, colored, -1 if quiet else (1 if verbose else 0))
    if output is None:
        sys.stdout.write(report)
    else:
        try:
            write_report(output, report, force=force)
        except QualcheckError as error:
            _fail(str(error))
    raise typer.Exit(result.exit_code())


PROGRESS_FROM = 20  # fewer plans than this finish before a counter would help


def _progress(done: int, total: int) -> None:
    """A counter on an interactive stderr, rewritten in place; erased when the run ends."""
    if total <= PROGRESS_FROM:
        return
    sys.stderr.write(f"\rchecking plans: {done}/{total}")
    if done == total:
        sys.stderr.write("\r\x1b[K")
    sys.stderr.flush()


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which file format to describe.")],
) -> None:
    """Print the JSON Schema of a plan, a qualification file or a unit file.

    Point an editor's YAML language server at it for completion and checks as you type.
    """
    from qualcheck.schemas import render_schema

    sys.stdout.write(render_schema(kind.value))


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="Qualification code, e.g. BSB50311.", show_default=False)],
    data: DataOption = None,
) -> None:
    """Show a qualification's packaging rules as a tree, in plain words."""
    from qualcheck.explain import explain_code

    _print_tree(data, lambda register: explain_code(code, register), code)


@app.command()
def show(
    code: Annotated[str, typer.Argument(help="A unit or qualification code.", show_default=False)],
    data: DataOption = None,
) -> None:
    """Show a unit or qualification: title, level, status, releases, mappings and where it is listed."""
    from qualcheck.show import show as show_code

    _print_tree(data, lambda register: show_code(code, register), code)


def _print_tree(data: Path | None, build: Callable[[Register], Node | None], code: str) -> None:
    """Open the register, build a tree for `code` and print it; unknown codes get a suggestion."""
    from qualcheck import api
    from qualcheck.errors import QualcheckError
    from qualcheck.tree import render_tree

    try:
        register = api.open_register(data)
        node = build(register)
        if node is None:
            suggestion = register.suggest_qualification(code) or register.suggest_unit(code)
            _fail(f"{code} is not in the register" + (f": did you mean {suggestion}?" if suggestion else ""))
            return
        sys.stdout.write(render_tree(node))
    except QualcheckError as error:
        _fail(str(error))


import_app = typer.Typer(
    help="Import register files from saved pages.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(import_app, name="import")


@import_app.command("tga")
def import_tga(
    pages: Annotated[
        list[Path],
        typer.Argument(
            help="Saved training.gov.au pages (copied text or HTML).", show_default=False, metavar="PAGE"
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Register folder to write into.", show_default=False, metavar="DIR")
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite or merge into existing files.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when a rule sentence stays manual.")
    ] = False,
) -> None:
    """Turn saved qualification and unit pages into register YAML; report every sentence left manual.

    Exit code 0: imported. 1: --strict and some rule sentence was not turned into a rule.
    2: a page or file cannot be read, or a file exists (without --force).
    """
    from qualcheck.errors import QualcheckError
    from qualcheck.importer.run import import_pages, summary

    try:
        result = import_pages(pages, out, force=force)
    except QualcheckError as error:
        _fail(str(error))
        return
    for line in result.report:
        sys.stdout.write(f"{line.path}:{line.line}: {line.kind}: {line.text}\n")
    for path in result.written:
        sys.stdout.write(f"wrote {path}\n")
    for path in result.unchanged:
        sys.stdout.write(f"unchanged {path}\n")
    sys.stdout.write(summary(result) + "\n")
    raise typer.Exit(1 if strict and result.unread else 0)


@app.command("check-data")
def check_data(
    folder: Annotated[
        Optional[Path],  # noqa: UP045 - typer needs Optional on Python 3.10
        typer.Argument(
            help="Register folder; default: the bundled register.", show_default=False, metavar="DIR"
        ),
    ] = None,
) -> None:
    """Check a register's own integrity: missing and duplicate units, impossible rules, mapping loops.

    Exit code 0: clean. 1: problems found. 2: the folder cannot be read.
    """
    from qualcheck.checkdata import check_register
    from qualcheck.errors import QualcheckError
    from qualcheck.register import default_data_root

    try:
        problems = check_register(folder or default_data_root())
    except QualcheckError as error:
        _fail(str(error))
        return
    for problem in problems:
        sys.stdout.write(f"{problem}\n")
    sys.stdout.write(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found\n")
    raise typer.Exit(1 if problems else 0)


@app.command()
def rules() -> None:
    """List every finding code with its meaning."""
    from qualcheck.codes import KINDS

    for kind in KINDS.values():
        sys.stdout.write(f"{kind.code}  {kind.name:<24} {kind.summary}\n")


@app.command()
def rule(
    code: Annotated[str, typer.Argument(help="A finding code, e.g. QC203.", show_default=False)],
) -> None:
    """Explain one finding code."""
    from qualcheck.codes import KINDS

    kind = KINDS.get(code.upper())
    if kind is None:
        _fail(f"unknown finding code {code}: `qualcheck rules` lists them")
        return
    sys.stdout.write(f"{kind.code} {kind.name}\n\n{kind.summary}\n\n{kind.explanation}\n")


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        _fail(f"--as-of {text!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-07-01")
        raise  # unreachable: _fail exits


class AuditFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


@app.command()
def audit(
    avetmiss: Annotated[
        Optional[Path],  # noqa: UP045 - typer needs Optional on Python 3.10
        typer.Option(
            "--avetmiss", help="Folder of AVETMISS NAT files (NAT00120 required).", show_default=False
        ),
    ] = None,
    csv_file: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--csv", help="CSV of plans: student,qualification,unit,outcome[,from].", show_default=False
        ),
    ] = None,
    output_format: Annotated[
        AuditFormat, typer.Option("--format", "-f", help="Output format.")
    ] = AuditFormat.text,
    data: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--data", help="Register folder. Default: the bundled one.", envvar="QUALCHECK_DATA"),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Processes that judge students.")] = 1,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Parse the register without the cache.")
    ] = False,
) -> None:
    """Judge a whole cohort: every student and qualification in NAT files or a CSV of plans.

    Exit code 0: every student eligible for award or on track. 1: a student cannot complete as
    enrolled, or a reported completion is not supported by the rules. 2: unreadable input,
    malformed lines, or a student who could not be judged (unknown qualification or unit, or a
    malformed line of theirs).
    """
    from qualcheck.audit import cache_settings, run_audit
    from qualcheck.errors import QualcheckError
    from qualcheck.register import default_data_root

    settings = cache_settings(data if data is not None else default_data_root(), not no_cache)
    try:
        result = run_audit(avetmiss, csv_file, settings, jobs)
    except QualcheckError as error:
        _fail(str(error))
    if output_format is AuditFormat.json:
        from qualcheck.reporters.audit_json import render_audit_json as render_audit
    elif output_format is AuditFormat.csv:
        from qualcheck.reporters.audit_csv import render_audit_csv as render_audit
    else:
        from qualcheck.reporters.audit_text import render_audit_text as render_audit
    sys.stdout.write(render_audit(result))
    raise typer.Exit(result.exit_code())


def _fail(message: str) -> None:
    sys.stderr.write(f"qualcheck: {message}\n")
    raise typer.Exit(2)


def main() -> None:
    """Console entry point: every failure becomes a message and exit code 2, never a traceback."""
    # pydantic scans every installed distribution for plugins when the first model is built
    # (~15 ms); this command uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("qualcheck: interrupted\n")
        sys.exit(130)
    except Exception as exc:
        if _state["debug"]:
            raise
        # One line: the error's name and text, and what to do (the traceback only with --debug).
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())
        sys.stderr.write(
            f"qualcheck: internal error ({detail}); please report it with the command you ran, "
            "and add --debug before the command to see the traceback\n"
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
