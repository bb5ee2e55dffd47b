"""Machine-readable results. Field names are stable; `schema_version` changes when they do.

Text is written as it is (not ASCII-escaped), except the characters `escape_json` writes as
`\\u` escapes: a parser reads exactly what the input held, a log or terminal shows none of them.
"""

from __future__ import annotations

import json
from typing import Any

from qualcheck import __version__
from qualcheck.findings import PlanResult
from qualcheck.io.neutral import escape_json
from qualcheck.reporters.base import RunSummary
from qualcheck.reporters.summary import named_files_data

SCHEMA_VERSION = 1


# One encoder for the whole run: a plan's dict holds no cycles, so the check for them is skipped.
_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def run_fields(run: RunSummary) -> dict[str, Any]:
    """The document's fields other than `plans`, in their order."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "qualcheck", "version": __version__},
        "strict": run.strict,
        "checked_on": run.checked_on.isoformat() if run.checked_on else None,
        "settings": run.settings,
        "exit_code": run.exit_code(),
        "summary": {
            "plans": run.plans,
            "valid": run.valid,
            "invalid": run.invalid,
            "undecided": run.undecided,
            "error": run.error,
            "files": named_files_data(run),
        },
        "statistics": run.statistics.to_dict() if run.statistics is not None else None,
        "baseline": run.baseline.to_dict() if run.baseline is not None else None,
    }


class JsonReporter:
    """One document: its top-level fields one to a line, then each plan on a line of its own.

    A plan per line keeps a large run quick to write (the compact encoder is several times
    faster than the indenting one) and easy to `grep`; `jq .` pretty-prints it. Each plan is
    encoded on its own as it is judged: no document of the whole run is ever built.
    """

    separator = ","

    def header(self, run: RunSummary) -> str:
        lines = [f"  {json.dumps(key)}: {_compact(value)},\n" for key, value in run_fields(run).items()]
        return "{\n" + "".join(lines) + '  "plans": ['

    def plan(self, plan: PlanResult) -> str:
        return "\n    " + _compact(plan.to_dict())

    def footer(self, run: RunSummary, body: bool) -> str:
        return "\n  ]\n}\n" if body else "]\n}\n"


def _compact(value: Any) -> str:
    return escape_json(_ENCODER.encode(value))
