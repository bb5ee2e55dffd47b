"""The command line: parse options, call the library, pick a reporter, map to an exit code.

Kept thin and cheap to import: the models, engine and reporters are imported inside the
commands that need them, so `qualcheck --help` and hooks start fast.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # plans hold student data: never dump locals
    help="Check that a student's units make up a valid Australian VET qualification, rule by rule.",
)

_state = {"debug": False}


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


class ColorChoice(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on internal errors.")] = False,
) -> None:
    _state["debug"] = debug


@app.command()
def validate(
    plans: Annotated[
        list[str],
        typer.Argument(help="Plan files (YAML), or - for standard input.", show_default=False),
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.text,
    data: Annotated[
        Optional[Path],  # noqa: UP045 - typer needs Optional on Python 3.10
        typer.Option(
            "--data",
            help="Register folder (qualifications/ and units/). Default: the bundled one.",
            envvar="QUALCHECK_DATA",
            show_envvar=True,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as failures.")] = False,
    color: Annotated[ColorChoice, typer.Option("--color", help="Colour the text output.")] = ColorChoice.auto,
) -> None:
    """Check plans against their qualification's packaging rules.

    Exit code 0: every plan valid. 1: some plan invalid. 2: bad usage, or input or data that
    cannot be read (the plan was not judged).
    """
    from qualcheck import api
    from qualcheck.errors import QualcheckError
    from qualcheck.reporters import render
    from qualcheck.reporters.style import use_color

    try:
        register = api.open_register(data)
    except QualcheckError as error:
        _fail(str(error))
    result = api.validate(plans, register, strict=strict)
    sys.stdout.write(render(result, output_format.value, use_color(color.value, sys.stdout)))
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
