"""The command line: parse options, call the library, pick a reporter, map to an exit code.

Kept thin and cheap to import: the models, engine and reporters are imported inside the
commands that need them, so `qualcheck --help` and hooks start fast. Options are read with the
standard library's argparse; `_Parser` words its usage errors as one `qualcheck: ...` line. The
settings a command uses (`settings.SETTINGS`) are resolved once, before it runs, from its flags,
the environment and pyproject.toml, and handed to it as one `Settings`.
Every line printed here that holds text from input (a message quoting a file, a path, a page's
sentence) goes through `neutral.visible`: one line, no escape sequence.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from qualcheck import __version__
from qualcheck.io.neutral import visible
from qualcheck.reporters import FORMATS
from qualcheck.reporters.style import COLORS
from qualcheck.settings import SettingError, Settings, option_help, resolve, used_by

if TYPE_CHECKING:  # imported for annotations only: keeps start-up light
    from qualcheck.batch import BatchReport
    from qualcheck.commands.tree import Node
    from qualcheck.gates.scopefile import Scope
    from qualcheck.register.store import Register

_state = {"debug": False}


# Commands -----------------------------------------------------------------------------------
# Each command takes its options as keyword arguments (named as the parser's dests), and the
# settings it uses as `settings`, and returns the exit code; `_fail` ends a command with a
# message and exit code 2.


def validate(
    plans: list[str],
    settings: Settings,
    output: Path | None,
    force: bool,
    quiet: bool,
    verbose: bool,
    as_of: dt.date | None,
    jobs: int,
) -> int:
    """Check plans against their qualification's packaging rules.

    Settings come from the command line, then the environment, then the tool.qualcheck table of the
    nearest pyproject.toml, then the defaults. Exit code 0: every plan valid. 1: some plan invalid.
    2: bad usage, or input or data that cannot be read (the plan was not judged).
    """
    from qualcheck import api
    from qualcheck.batch import BatchOptions, validate_report
    from qualcheck.errors import QualcheckError
    from qualcheck.reporters.style import use_color

    if quiet and verbose:
        _fail("--quiet and --verbose cannot be used together")
    config = settings.config
    try:
        # Plain records from the register cache: a plain run builds no pydantic model.
        register = api.open_plain_register(settings.data)
        known = _read_baseline(settings.baseline)
    except QualcheckError as error:
        _fail(str(error))
    if verbose and config.source is not None:
        sys.stderr.write(visible(f"qualcheck: settings from {config.source}") + "\n")
    scope = _scope(settings.scope)
    # A file is read later, elsewhere: colour it only when asked for outright.
    colored = use_color(settings.color, sys.stdout) if output is None else settings.color == "always"
    options = BatchOptions(
        data=register.root,
        fmt=settings.format,
        color=colored,
        verbosity=-1 if quiet else (1 if verbose else 0),
        strict=settings.strict,
        severity=settings.severity,
        as_of=as_of or dt.date.today(),
        isolate=not _state["debug"],
        scope=scope,
        **_for_ci(settings, known),
    )
    report = validate_report(
        plans,
        register,
        options,
        exclude=settings.exclude,
        exclude_base=config.base,
        progress=_progress if sys.stderr.isatty() else None,
        settings=str(config.source) if config.source is not None else None,
        jobs=jobs,
    )
    if not report.plan_paths:
        where = f" in {config.source}" if config.source is not None else ""
        sys.stderr.write(
            visible(f"qualcheck: every plan named was excluded by [tool.qualcheck] exclude{where}") + "\n"
        )
    writes = output is not None or settings.write_baseline is not None or settings.job_summary is not None
    inputs = _inputs(report, config.path, settings) if writes else []
    if output is None:
        sys.stdout.write(report.text)
    else:
        from qualcheck.io.output import write_report

        try:
            write_report(output, report.text, force, inputs)
        except QualcheckError as error:
            _fail(str(error))
    _write_ci_files(report, settings, force, inputs)
    return report.exit_code()


def _inputs(report: BatchReport, settings_file: Path | None, settings: Settings) -> list[Path]:
    """Every file the run read, which nothing it writes may replace: plans, register files (those
    a worker read too), the settings file, the baseline and the scope."""
    from qualcheck.io.output import inputs_read

    extra = [path for path in (settings.baseline, settings.scope) if path is not None]
    return [*inputs_read(report.plan_paths, report.register_files, settings_file), *extra]


def _scope(path: Path | None) -> Scope | None:
    """The scope of registration file read, or None when none is given; exit 2 when unusable."""
    if path is None:
        return None
    from qualcheck.errors import QualcheckError
    from qualcheck.gates.scopefile import read_scope

    try:
        return read_scope(path)
    except QualcheckError as error:
        _fail(str(error))


STATISTICS_FORMATS = ("text", "concise", "github", "json")


def _read_baseline(path: Path | None) -> frozenset[Any] | None:
    if path is None:
        return None
    from qualcheck.baseline import read_baseline

    return read_baseline(path)


def _for_ci(settings: Settings, known: frozenset[Any] | None) -> dict[str, Any]:
    """The batch options the run's CI settings ask for: identifiers redacted, findings judged
    against a baseline (the one given, else the one being written: the run's own findings),
    statistics counted where the format shows them, the job summary's rows kept."""
    ci: dict[str, Any] = {
        "redact": bool(settings.redact),
        "statistics": bool(settings.statistics),
        "write_baseline": settings.write_baseline is not None,
        "job_summary": settings.job_summary is not None,
    }
    if known is not None or settings.write_baseline is not None:
        from qualcheck.baseline import BaselineCheck

        if known is not None:
            ci["baseline"] = BaselineCheck(str(settings.baseline), known)
        else:
            ci["baseline"] = BaselineCheck(str(settings.write_baseline), own=True)
    if settings.statistics and settings.format not in STATISTICS_FORMATS:
        sys.stderr.write(
            f"qualcheck: warning: the {settings.format} format has no place for --statistics; "
            f"{_one_of(STATISTICS_FORMATS)} show them\n"
        )
    return ci


def _write_ci_files(report: BatchReport, settings: Settings, force: bool, inputs: list[Path]) -> None:
    """Write the baseline (--write-baseline) and append the job summary (GITHUB_STEP_SUMMARY)."""
    from qualcheck.errors import QualcheckError

    try:
        if settings.write_baseline is not None and report.tally.baseline is not None:
            from qualcheck.baseline import render_entries
            from qualcheck.io.safe_write import write_atomic

            text = render_entries(report.tally.baseline.written_entries())
            write_atomic(settings.write_baseline, text, force=force, inputs=inputs)
        if settings.job_summary is not None:
            from qualcheck.io.append import append_text
            from qualcheck.reporters.jobsummary import render_job_summary

            append_text(settings.job_summary, render_job_summary(report.summary), inputs)
    except QualcheckError as error:
        _fail(str(error))


TRANSFER_FORMATS = ("text", "json")
PROGRESS_FROM = 20  # fewer plans than this finish before a counter would help


def _progress(done: int, total: int) -> None:
    """A counter on an interactive stderr, rewritten in place; erased when the run ends."""
    if total <= PROGRESS_FROM:
        return
    sys.stderr.write(f"\rchecking plans: {done}/{total}")
    if done == total:
        sys.stderr.write("\r\x1b[K")
    sys.stderr.flush()


def schema(kind: str, qualification: str | None, settings: Settings) -> int:
    """Print the JSON Schema of a plan, a qualification file or a unit file.

    Point an editor's YAML language server at it for completion and checks as you type. With
    `--qualification CODE`, a plan's schema offers that qualification's unit codes, with titles.
    """
    from qualcheck.commands.schemas import plan_schema_for, render, render_schema

    if qualification is None:
        sys.stdout.write(render_schema(kind))
        return 0
    if kind != "plan":
        return _fail("--qualification goes with `schema plan`")
    from qualcheck import api
    from qualcheck.errors import QualcheckError

    try:
        document = plan_schema_for(qualification, api.open_register(settings.data))
    except QualcheckError as error:
        return _fail(str(error))
    if document is None:
        return _fail(f"{qualification} is not in the register: `qualcheck list` shows what it holds")
    sys.stdout.write(render(document))
    return 0


def explain(code: str, settings: Settings) -> int:
    """Show a qualification's packaging rules as a tree, in plain words."""
    from qualcheck.commands.explain import explain_code

    return _print_tree(settings.data, lambda register: explain_code(code, register), code)


def show(code: str, settings: Settings) -> int:
    """Show a unit or qualification: title, level, status, releases, mappings and where it is listed."""
    from qualcheck.commands.show import show as show_code

    return _print_tree(settings.data, lambda register: show_code(code, register), code)


def where(unit: str, within: str | None, settings: Settings) -> int:
    """Show every qualification where a unit (or an equivalent) may count, and its rules there.

    "may" marks what hangs on a fact the register does not record.

    Exit code 0: it counts in at least one qualification searched. 1: it counts in none, or only
    may count (on facts the register does not record). 2: not a unit code, a code the register
    knows nothing of that counts nowhere, an unknown --in code, or a register that cannot be read.
    """
    from qualcheck import api
    from qualcheck.commands.tree import render_tree
    from qualcheck.commands.where import NotAUnitCode, known, render_where
    from qualcheck.commands.where import where as places_of
    from qualcheck.errors import QualcheckError

    try:
        register = api.open_register(settings.data)
        if within is not None and register.qualification(within) is None:
            _not_in_register(within, register.suggest_qualification(within))
        places = places_of(unit, register, within)
        if not places and not known(unit, register):
            _not_in_register(unit, register.suggest_unit(unit))
        sys.stdout.write(render_tree(render_where(unit, places, register, within)))
    except NotAUnitCode:
        _fail(f"{unit} is not a unit code (three letters, then letters and digits, e.g. BSBWOR501B)")
    except QualcheckError as error:
        _fail(str(error))
    return 0 if any(place.certain for place in places) else 1


def transfer(plan: str, to: str, output_format: str, as_of: dt.date | None, settings: Settings) -> int:
    """Judge a plan as enrolled and as carried to the qualification replacing it, side by side.

    Each with what it still needs, and what became of each unit through the mappings.

    Exit code 0: the plan is valid in the qualification it would transfer to. 1: it is not (or it
    is undecided). 2: the plan or the register cannot be read, or a code is not in the register.
    """
    import json

    from qualcheck import api
    from qualcheck.commands.transfer import render_transfer, transfer_to_dict
    from qualcheck.commands.transfer import transfer as carry
    from qualcheck.errors import QualcheckError

    try:
        register = api.open_register(settings.data)
        target = register.qualification(to)
        if target is None:
            _not_in_register(to, register.suggest_qualification(to))
        moved = carry(api.read_plan(plan), target, register, as_of or dt.date.today())
    except QualcheckError as error:
        _fail(str(error))
    if output_format == "json":
        sys.stdout.write(json.dumps(transfer_to_dict(moved), indent=2) + "\n")
    else:
        sys.stdout.write(render_transfer(moved))
    return moved.exit_code()


def suggest(plan: str, limit: int, as_of: dt.date | None, settings: Settings) -> int:
    """Suggest the fewest listed units to add that make a plan valid, with alternatives.

    Each suggestion is a plan the engine judged valid. Units the plan holds (any outcome, or an
    equivalent) are never suggested; with a scope, only units on it are.

    Exit code 0: the plan is valid, or a suggestion was found. 1: no set of listed units makes it
    valid. 2: the plan, the scope or the register cannot be read.
    """
    from qualcheck import api
    from qualcheck.commands.suggest import render_suggestions
    from qualcheck.commands.suggest import suggest as find
    from qualcheck.errors import QualcheckError

    scope = _scope(settings.scope)
    try:
        register = api.open_register(settings.data)
        found = find(api.read_plan(plan), register, as_of or dt.date.today(), limit, scope)
    except QualcheckError as error:
        _fail(str(error))
    sys.stdout.write(render_suggestions(found))
    return found.exit_code()


def list_command(settings: Settings) -> int:
    """List the register's qualifications: title, release, status, and any list held only in part.

    Exit code 0: listed. 2: the register cannot be read.
    """
    from qualcheck import api
    from qualcheck.commands.listing import list_qualifications, render_listing
    from qualcheck.errors import QualcheckError

    try:
        sys.stdout.write(render_listing(list_qualifications(api.open_register(settings.data))))
    except QualcheckError as error:
        return _fail(str(error))
    return 0


def _print_tree(data: Path | None, build: Callable[[Register], Node | None], code: str) -> int:
    """Open the register, build a tree for `code` and print it; unknown codes get a suggestion."""
    from qualcheck import api
    from qualcheck.commands.tree import render_tree
    from qualcheck.errors import QualcheckError

    try:
        register = api.open_register(data)
        node = build(register)
        if node is None:
            _not_in_register(code, register.suggest_qualification(code) or register.suggest_unit(code))
        sys.stdout.write(render_tree(node))
    except QualcheckError as error:
        _fail(str(error))
    return 0


def import_tga(pages: list[Path], out: Path, force: bool, strict: bool, code: str | None = None) -> int:
    """Turn saved qualification and unit pages into register YAML; report every sentence left manual.

    Exit code 0: imported. 1: --strict and some rule sentence was not turned into a rule.
    2: a page cannot be read or imported (the other pages are still written), or a file exists
    (without --force).
    """
    from qualcheck.errors import QualcheckError
    from qualcheck.importer.run import import_pages, summary

    try:
        result = import_pages(pages, out, force=force, code=code)
    except QualcheckError as error:
        _fail(str(error))
    for refusal in result.refused:
        sys.stderr.write(f"qualcheck: {visible(str(refusal.error))}\n")
    for line in result.report:
        sys.stdout.write(visible(f"{line.path}:{line.line}: {line.kind}: {line.text}") + "\n")
    for path in result.written:
        sys.stdout.write(visible(f"wrote {path}") + "\n")
    for path in result.unchanged:
        sys.stdout.write(visible(f"unchanged {path}") + "\n")
    if len(result.refused) < len(pages):
        sys.stdout.write(summary(result) + "\n")
    if result.refused:
        if len(pages) > 1:  # one page's refusal is already the whole story
            sys.stderr.write(f"qualcheck: {len(result.refused)} of {len(pages)} pages not imported\n")
        return 2
    return 1 if strict and result.unread else 0


def fetch(
    codes: list[str],
    out: Path | None,
    release: int | None,
    force: bool,
    refresh: bool,
    from_dir: Path | None,
    update: Path | None,
    timeout: float,
    settings: Settings,
) -> int:
    """Fetch qualifications from the national register's public API into register files.

    The API is undocumented and may change without notice: a response that does not fit is an
    error naming the URL and the field, never a guess. Exit code 0: every qualification written
    (or, with --update, nothing changed). 1: --update found changes and, without --force, wrote
    nothing. 2: a qualification could not be fetched (the others are written), or bad usage.
    """
    from qualcheck.fetch.client import BadBase
    from qualcheck.fetch.report import run_fetch

    if codes and update is not None:
        _fail("name qualification codes to fetch, or --update DIR, not both")
    if not codes and update is None:
        _fail("name the qualification codes to fetch (or --update DIR)")
    if update is None and out is None:
        _fail("fetch needs --out DIR: the register folder to write into")
    if release is not None and len(codes) != 1:
        _fail("--release applies to one qualification: name one code with it")
    try:
        return run_fetch(
            codes,
            out,
            release=release,
            force=force,
            refresh=refresh,
            saved=from_dir,
            update=update,
            timeout=timeout,
            api=settings.tga_api,
            stdout=sys.stdout,
            stderr=sys.stderr,
        )
    except BadBase as error:  # a wrong --api or QUALCHECK_TGA_API: the run's usage, not one code
        _fail(str(error))


def check_data(settings: Settings) -> int:
    """Check a register's own integrity: missing and duplicate units, impossible rules, mapping loops.

    Exit code 0: clean. 1: problems found. 2: the folder cannot be read.
    """
    from qualcheck.errors import QualcheckError
    from qualcheck.register.checkdata import check_register
    from qualcheck.register.store import default_data_root

    try:
        problems = check_register(settings.data or default_data_root())
    except QualcheckError as error:
        _fail(str(error))
    for problem in problems:
        sys.stdout.write(visible(str(problem)) + "\n")
    sys.stdout.write(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found\n")
    return 1 if problems else 0


def rules() -> int:
    """List every finding code with its meaning."""
    from qualcheck.codes import KINDS

    for kind in KINDS.values():
        sys.stdout.write(f"{kind.code}  {kind.name:<24} {kind.summary}\n")
    return 0


def rule(code: str) -> int:
    """Explain one finding code."""
    from qualcheck.codes import KINDS

    kind = KINDS.get(code.upper())
    if kind is None:
        _fail(f"unknown finding code {code}: `qualcheck rules` lists them")
    sys.stdout.write(f"{kind.code} {kind.name}\n\n{kind.summary}\n\n{kind.explanation}\n")
    if kind.alias_of is not None:
        target = KINDS[kind.alias_of]
        sys.stdout.write(f"\n{target.code} {target.name}\n\n{target.summary}\n\n{target.explanation}\n")
    return 0


def audit(
    avetmiss: Path | None,
    csv_file: Path | None,
    output_format: str,
    settings: Settings,
    jobs: int,
    no_cache: bool,
) -> int:
    """Judge a whole cohort: every student and qualification in NAT files or a CSV of plans.

    Exit code 0: every student eligible for award or on track. 1: a student cannot complete as
    enrolled, or a reported completion is not supported by the rules. 2: unreadable input,
    malformed lines, or a student who could not be judged (unknown qualification or unit, or a
    malformed line of theirs).
    """
    from qualcheck.audit.reporters import render_audit
    from qualcheck.audit.run import cache_settings, run_audit
    from qualcheck.errors import QualcheckError
    from qualcheck.register.store import default_data_root

    register = cache_settings(settings.data or default_data_root(), not no_cache)
    try:
        result = run_audit(avetmiss, csv_file, register, jobs, dt.date.today(), _scope(settings.scope))
    except QualcheckError as error:
        _fail(str(error))
    if settings.redact:
        from qualcheck.redact import redact_audit

        result = redact_audit(result)
    sys.stdout.write(render_audit(result, output_format))
    return result.exit_code()


def _not_in_register(code: str, suggestion: str | None) -> NoReturn:
    _fail(f"{code} is not in the register" + (f": did you mean {suggestion}?" if suggestion else ""))


def _fail(message: str) -> NoReturn:
    sys.stderr.write(f"qualcheck: {visible(message)}\n")
    raise SystemExit(2)


# Values -------------------------------------------------------------------------------------
# Conversions for the parser: a value that does not fit is a usage error naming the option.


def _choice(choices: tuple[str, ...]) -> Callable[[str], str]:
    def choose(text: str) -> str:
        if text not in choices:
            raise argparse.ArgumentTypeError(f"invalid choice {text!r} (choose from {', '.join(choices)})")
        return text

    return choose


def _qualification_code(text: str) -> str:
    # The form of the register heading's code (importer.header); checked here so that a code
    # that is no code never reaches the importer, and no model is imported to check it.
    if not re.fullmatch(r"[A-Z]{3}[A-Z0-9]{3,12}|[0-9]{5}[A-Z]{2,4}", text):
        raise argparse.ArgumentTypeError(f"{visible(text)!r} is not a qualification code (e.g. SHB30121)")
    return text


def _at_least_one(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return number


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above 0 (600 at most)")
    return seconds


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-07-01"
        ) from None


def _one_of(words: Sequence[str]) -> str:
    """`a, b or c`: choices as help text reads them."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


# The parser ---------------------------------------------------------------------------------


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's layout and width (COLUMNS), with paragraphs kept, no word or date broken at a
    line's end, an option's value named once, and the commands listed like options (no `COMMAND`
    line above them)."""

    def __init__(self, prog: str, **kwargs: Any) -> None:
        kwargs.setdefault("max_help_position", 28)
        super().__init__(prog, **kwargs)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n\n".join(
            "\n".join(_wrap(paragraph, width, indent)) for paragraph in text.strip().split("\n\n")
        )

    def _split_lines(self, text: str, width: int) -> list[str]:
        return _wrap(text, width)

    def _format_action_invocation(self, action: argparse.Action) -> str:
        if not action.option_strings or action.nargs == 0:
            return super()._format_action_invocation(action)
        # `-f, --format FORMAT`, not `-f FORMAT, --format FORMAT` (Python 3.13 does this itself)
        metavar = self._format_args(action, self._get_default_metavar_for_optional(action))
        return f"{', '.join(action.option_strings)} {metavar}"

    def _format_action(self, action: argparse.Action) -> str:
        if action.nargs != argparse.PARSER:
            return super()._format_action(action)
        self._dedent()
        try:
            listing = super()._format_action(action)
        finally:
            self._indent()
        return listing.split("\n", 1)[1]


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    return textwrap.wrap(
        " ".join(text.split()),
        width,
        initial_indent=indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


class _Parser(argparse.ArgumentParser):
    """argparse with qualcheck's wording: a usage error prints the usage, then one line
    `qualcheck: what is wrong`, and exits 2.

    Options may come between the items of a list (`validate a.yaml --strict b.yaml`).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.option_names: list[str] = []
        self.command_names: tuple[str, ...] = ()  # set on a parser of commands
        self._reading = False
        kwargs.setdefault("formatter_class", _HelpFormatter)
        kwargs.setdefault("allow_abbrev", False)  # --form is not --format: names are given in full
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="Show this help and exit.")

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        self.option_names.extend(action.option_strings)
        return action

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if self.command_names or self._reading:  # parse_known_intermixed_args calls back here
            return super().parse_known_args(args, namespace or argparse.Namespace())
        for arg in sys.argv[1:] if args is None else args:  # an unknown option before a missing argument
            if arg == "--":
                break
            if arg.startswith("--") and arg.split("=", 1)[0] not in self.option_names:
                self.error(self.unexpected(arg))
        self._reading = True
        try:
            parsed, extras = self.parse_known_intermixed_args(args, namespace or argparse.Namespace())
        finally:
            self._reading = False
        return parsed, extras

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        sys.stderr.write(f"qualcheck: {visible(self._reword(message))}\n")
        raise SystemExit(2)

    def _reword(self, message: str) -> str:
        """argparse's message in qualcheck's words, naming the option (its long name) or argument."""
        message = " ".join(message.split())
        missing = re.fullmatch(r"the following arguments are required: (.+)", message)
        if missing:
            names = missing.group(1).split(", ")
            return "missing " + ", ".join(
                f"option {_long(name)}" if name.startswith("-") else f"argument {name}" for name in names
            )
        about = re.fullmatch(r"argument (\S+): (.+)", message)
        if about is None:
            return message
        name, detail = _long(about.group(1)), about.group(2)
        if detail == "expected one argument":
            return f"{name} needs a value"
        if detail.startswith("ignored explicit argument"):
            return f"{name} takes no value"
        command = re.match(r"invalid choice: (.+?) \(choose from", detail)
        if command and self.command_names:
            return self.unknown("command", command.group(1).strip("'\""), self.command_names)
        return f"{name}: {detail}"

    def unknown(self, kind: str, given: str, known: Sequence[str]) -> str:
        import difflib

        close = difflib.get_close_matches(given, known, n=1)
        if kind == "command":
            given = repr(given)
        if close:
            return f"unknown {kind} {given}: did you mean {close[0]}?"
        if kind == "command":
            return f"unknown command {given} (choose from {', '.join(known)})"
        return f"unknown {kind} {given} (`{self.prog} --help` lists them)"

    def unexpected(self, extra: str) -> str:
        """The message for the first argument no option or argument took."""
        if extra.startswith("-") and extra != "-":
            name = extra.split("=", 1)[0]
            if name in GLOBAL_OPTIONS and self.prog != "qualcheck":
                rest = "" if name in ("--version", "-V") else f" {self.prog.removeprefix('qualcheck ')} ..."
                return f"{name} goes before the command: qualcheck {name}{rest}"
            return self.unknown("option", name, self.option_names)
        return f"unexpected argument {extra!r}"


GLOBAL_OPTIONS = ("--debug", "--version", "-V")  # qualcheck's own: given before the command


def _long(name: str) -> str:
    """`-f/--format` -> `--format`: an option named in a message by its long name."""
    names = name.split("/")
    return next((n for n in names if n.startswith("--")), names[0])


if TYPE_CHECKING:
    _Commands = argparse._SubParsersAction[_Parser]


def _command(commands: _Commands, name: str, handler: Callable[..., int] | None, doc: str) -> _Parser:
    """A command's parser: its summary (the first line of `doc`) for the list, `doc` for its help."""
    summary, _, rest = doc.partition("\n")
    parser = commands.add_parser(name, help=summary, description=f"{summary}\n\n{textwrap.dedent(rest)}")
    parser.set_defaults(parser=parser, handler=handler)
    return parser


def _command_list(parser: _Parser) -> _Commands:
    return parser.add_subparsers(title="commands", metavar="COMMAND")


def _as_of_option(parser: _Parser) -> None:
    parser.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="Check currency on this date (YYYY-MM-DD). Default: today.",
    )


def _data_option(parser: _Parser) -> None:
    parser.add_argument("--data", type=Path, metavar="DIR", help=option_help("data"))


def _redact_option(parser: _Parser) -> None:
    parser.add_argument("--redact", action=argparse.BooleanOptionalAction, help=option_help("redact"))


def build_parser(only: str | None = None) -> _Parser:
    """The whole command line: every command, its arguments and options.

    With `only` (a command's name), the root and that one command: all a run of it needs, at a
    fraction of the cost (argparse looks up the translation of each of its own words as each
    option is added, so building every command's parser took longer than judging a plan)."""
    root = _Parser(
        prog="qualcheck",
        description="Check that a student's units make up a valid Australian VET qualification, "
        "rule by rule.",
        epilog="`qualcheck COMMAND --help` shows a command's arguments and options.",
    )
    root.add_argument("--debug", action="store_true", help="Show a traceback on internal errors.")
    root.add_argument(
        "-V",
        "--version",
        action="version",
        version=f"qualcheck {__version__}",
        help="Print the version and exit.",
    )
    commands = _command_list(root)
    for name, add in _COMMANDS.items():
        if only is None or name == only:
            add(commands)
    root.command_names = tuple(_COMMANDS)
    return root


def _add_validate(commands: _Commands) -> None:
    parser = _command(commands, "validate", validate, validate.__doc__ or "")
    parser.add_argument(
        "plans",
        nargs="+",
        metavar="PLAN",
        help="Plan files (YAML), folders (searched for *.yaml and *.yml), globs, or - for standard input.",
    )
    parser.add_argument(
        "-f",
        "--format",
        type=_choice(FORMATS),
        metavar="FORMAT",
        help=option_help("format", f"Output format: {_one_of(FORMATS)}."),
    )
    _data_option(parser)
    parser.add_argument("--strict", action=argparse.BooleanOptionalAction, help=option_help("strict"))
    parser.add_argument(
        "--color",
        type=_choice(COLORS),
        metavar="WHEN",
        help=option_help("color", f"Colour the text output: {_one_of(COLORS)}."),
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="Write the report to FILE instead of standard output.",
    )
    parser.add_argument(
        "--force", action="store_true", help="Let --output and --write-baseline replace an existing file."
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="Only the verdicts, each input error and the summary (concise, github: no verdicts).",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="Passing rules in detail too; concise and github list every finding, on valid plans too.",
    )
    parser.add_argument("--statistics", action=argparse.BooleanOptionalAction, help=option_help("statistics"))
    parser.add_argument("--baseline", type=Path, metavar="FILE", help=option_help("baseline"))
    parser.add_argument("--write-baseline", type=Path, metavar="FILE", help=option_help("write_baseline"))
    parser.add_argument("--job-summary", type=Path, metavar="FILE", help=option_help("job_summary"))
    _redact_option(parser)
    _as_of_option(parser)
    parser.add_argument("--scope", type=Path, metavar="FILE", help=option_help("scope"))
    parser.add_argument(
        "-j",
        "--jobs",
        type=_at_least_one,
        default=1,
        metavar="N",
        help="Processes that check plans (the report is the same for any N). Default: 1.",
    )


def _add_schema(commands: _Commands) -> None:
    from qualcheck.commands.schemas import KINDS

    parser = _command(commands, "schema", schema, schema.__doc__ or "")
    parser.add_argument(
        "kind", type=_choice(KINDS), metavar="KIND", help=f"Which file format to describe: {_one_of(KINDS)}."
    )
    parser.add_argument(
        "--qualification",
        metavar="CODE",
        help="With `plan`: offer this qualification's unit codes, with their titles.",
    )
    _data_option(parser)


def _add_explain(commands: _Commands) -> None:
    parser = _command(commands, "explain", explain, explain.__doc__ or "")
    parser.add_argument("code", metavar="CODE", help="Qualification code, e.g. BSB50311.")
    _data_option(parser)


def _add_show(commands: _Commands) -> None:
    parser = _command(commands, "show", show, show.__doc__ or "")
    parser.add_argument("code", metavar="CODE", help="A unit or qualification code.")
    _data_option(parser)


def _add_where(commands: _Commands) -> None:
    parser = _command(commands, "where", where, where.__doc__ or "")
    parser.add_argument("unit", metavar="UNIT", help="A unit code, e.g. BSBWOR501B.")
    parser.add_argument(
        "--in", dest="within", metavar="CODE", help="Only this qualification (a code, e.g. BSB50311)."
    )
    _data_option(parser)


def _add_transfer(commands: _Commands) -> None:
    parser = _command(commands, "transfer", transfer, transfer.__doc__ or "")
    parser.add_argument("plan", metavar="PLAN", help="A plan file (YAML), or - for standard input.")
    parser.add_argument("--to", required=True, metavar="CODE", help="The qualification to carry it to.")
    parser.add_argument(
        "-f",
        "--format",
        dest="output_format",
        type=_choice(TRANSFER_FORMATS),
        default="text",
        metavar="FORMAT",
        help=f"Output format: {_one_of(TRANSFER_FORMATS)}. Default: text.",
    )
    _as_of_option(parser)
    _data_option(parser)


def _add_suggest(commands: _Commands) -> None:
    parser = _command(commands, "suggest", suggest, suggest.__doc__ or "")
    parser.add_argument("plan", metavar="PLAN", help="A plan file (YAML), or - for standard input.")
    parser.add_argument(
        "--limit", type=_at_least_one, default=3, metavar="N", help="Alternatives to show. Default: 3."
    )
    _as_of_option(parser)
    parser.add_argument("--scope", type=Path, metavar="FILE", help=option_help("scope"))
    _data_option(parser)


def _add_list(commands: _Commands) -> None:
    parser = _command(commands, "list", list_command, list_command.__doc__ or "")
    _data_option(parser)


def _add_check_data(commands: _Commands) -> None:
    parser = _command(commands, "check-data", check_data, check_data.__doc__ or "")
    parser.add_argument("data", nargs="?", type=Path, metavar="DIR", help=option_help("data"))


def _add_rules(commands: _Commands) -> None:
    _command(commands, "rules", rules, rules.__doc__ or "")


def _add_rule(commands: _Commands) -> None:
    parser = _command(commands, "rule", rule, rule.__doc__ or "")
    parser.add_argument("code", metavar="CODE", help="A finding code, e.g. QC203.")


def _add_audit(commands: _Commands) -> None:
    from qualcheck.audit.reporters import AUDIT_FORMATS

    parser = _command(commands, "audit", audit, audit.__doc__ or "")
    parser.add_argument(
        "--avetmiss", type=Path, metavar="DIR", help="Folder of AVETMISS NAT files (NAT00120 required)."
    )
    parser.add_argument(
        "--csv",
        dest="csv_file",
        type=Path,
        metavar="FILE",
        help="CSV of plans: student,qualification,unit,outcome[,from].",
    )
    parser.add_argument(
        "-f",
        "--format",
        dest="output_format",
        type=_choice(AUDIT_FORMATS),
        default="text",
        metavar="FORMAT",
        help=f"Output format: {_one_of(AUDIT_FORMATS)}. Default: text.",
    )
    _data_option(parser)
    parser.add_argument(
        "-j",
        "--jobs",
        type=_at_least_one,
        default=1,
        metavar="N",
        help="Processes that judge students. Default: 1.",
    )
    parser.add_argument("--no-cache", action="store_true", help="Parse the register without the cache.")
    parser.add_argument("--scope", type=Path, metavar="FILE", help=option_help("scope"))
    _redact_option(parser)


def _add_fetch(commands: _Commands) -> None:
    parser = _command(commands, "fetch", fetch, fetch.__doc__ or "")
    parser.add_argument("codes", nargs="*", metavar="CODE", help="Qualification codes, e.g. BSB50311.")
    parser.add_argument("--out", type=Path, metavar="DIR", help="Register folder to write into.")
    parser.add_argument(
        "--api", dest="tga_api", metavar="URL", help=option_help("tga_api", "The API's base URL.")
    )
    parser.add_argument(
        "--release", type=_at_least_one, metavar="N", help="Fetch release N, not the current one."
    )
    parser.add_argument("--force", action="store_true", help="Overwrite or merge into existing files.")
    parser.add_argument("--refresh", action="store_true", help="Ask the API again, not the cache.")
    parser.add_argument(
        "--from",
        dest="from_dir",
        type=Path,
        metavar="DIR",
        help="Read saved responses from DIR, laid out by the API's paths, instead of the network.",
    )
    parser.add_argument(
        "--update",
        type=Path,
        metavar="DIR",
        help="Fetch again every qualification the register DIR holds and report what changed.",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=20.0,
        metavar="SECONDS",
        help="Seconds to wait for each answer. Default: 20.",
    )


def _add_import(commands: _Commands) -> None:
    group = _command(commands, "import", None, "Import register files from saved pages.")
    importers = _command_list(group)
    parser = _command(importers, "tga", import_tga, import_tga.__doc__ or "")
    parser.add_argument(
        "pages",
        nargs="+",
        type=Path,
        metavar="PAGE",
        help="Saved training.gov.au pages (copied text or HTML).",
    )
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="Register folder to write into."
    )
    parser.add_argument("--force", action="store_true", help="Overwrite or merge into existing files.")
    parser.add_argument("--strict", action="store_true", help="Exit 1 when a rule sentence stays manual.")
    parser.add_argument(
        "--code",
        type=_qualification_code,
        metavar="CODE",
        help="The qualification of a page without a register heading (a copied PDF, a vendor page).",
    )
    group.command_names = tuple(importers.choices)


# Every command, in the order `qualcheck --help` lists them, with what adds its parser.
_COMMANDS: dict[str, Callable[[_Commands], None]] = {
    "validate": _add_validate,
    "schema": _add_schema,
    "explain": _add_explain,
    "show": _add_show,
    "where": _add_where,
    "transfer": _add_transfer,
    "suggest": _add_suggest,
    "list": _add_list,
    "check-data": _add_check_data,
    "rules": _add_rules,
    "rule": _add_rule,
    "audit": _add_audit,
    "fetch": _add_fetch,
    "import": _add_import,
}


def _run(argv: list[str]) -> int:
    _state["debug"] = False
    # `qualcheck COMMAND ...`: that command's parser alone; anything else (no command, options
    # before it, a misspelt one) gets the whole command line, for its help and its messages.
    root = build_parser(argv[0] if argv and argv[0] in _COMMANDS else None)
    if not argv:  # as `qualcheck import` alone below: the help, as a usage error
        root.print_help(sys.stderr)
        return 2
    namespace, extras = root.parse_known_args(argv)
    options = vars(namespace)
    _state["debug"] = options.pop("debug")
    if _state["debug"]:  # audit workers, in other processes, raise with a traceback too
        os.environ["QUALCHECK_DEBUG"] = "1"
    parser: _Parser = options.pop("parser", root)  # the deepest command named
    handler: Callable[..., int] | None = options.pop("handler", None)
    if extras:
        parser.error(parser.unexpected(extras[0]))
    if handler is None:  # a group named without its command: `qualcheck import`, `qualcheck --debug`
        parser.print_help(sys.stderr)
        return 2
    command = parser.prog.removeprefix("qualcheck ")  # `check-data`, `import tga`
    wanted = used_by(command)
    if wanted:
        options["settings"] = _settings(parser, command, {s.name: options.pop(s.name, None) for s in wanted})
    return handler(**options)


def _settings(parser: _Parser, command: str, given: dict[str, Any]) -> Settings:
    """The run's settings; a bad environment variable is a usage error, a bad pyproject.toml
    one line naming it. A pyproject.toml that is not the user's is named in a warning."""
    from qualcheck.errors import QualcheckError

    try:
        settings = resolve(command, given)
    except SettingError as error:
        parser.error(str(error))
    except QualcheckError as error:
        _fail(str(error))
    if settings.config.ignored:
        sys.stderr.write(f"qualcheck: warning: {visible(settings.config.ignored)}\n")
    return settings


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: every failure becomes a message and exit code 2, never a traceback."""
    # pydantic scans every installed distribution for plugins when the first model is built
    # (~15 ms); this command uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        sys.exit(_run(list(sys.argv[1:] if argv is None else argv)))
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("qualcheck: interrupted\n")
        sys.exit(130)
    except Exception as exc:
        if _state["debug"]:
            raise
        # One line: the error's name and text, and what to do (the traceback only with --debug).
        detail = visible(" ".join(f"{type(exc).__name__}: {exc}".split()))
        sys.stderr.write(
            f"qualcheck: internal error ({detail}); please report it with the command you ran, "
            "and add --debug before the command to see the traceback\n"
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
