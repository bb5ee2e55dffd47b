"""Machine-readable results. Field names are stable; `schema_version` changes when they do.

Text is written as it is (not ASCII-escaped), except the characters `escape_json` writes as
`\\u` escapes: a parser reads exactly what the input held, a log or terminal shows none of them.
"""

from __future__ import annotations

import json
from typing import Any

from qualcheck import __version__
from qualcheck.findings import RunResult, Verdict
from qualcheck.io.neutral import escape_json
from qualcheck.reporters.report import run_date
from qualcheck.reporters.summary import named_files_data, statistics

SCHEMA_VERSION = 1


def to_data(result: RunResult) -> dict[str, Any]:
    verdicts = [plan.verdict() for plan in result.plans]
    checked_on = run_date(result)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "qualcheck", "version": __version__},
        "strict": result.strict,
        "checked_on": checked_on.isoformat() if checked_on else None,
        "settings": result.settings,
        "exit_code": result.exit_code(),
        "summary": {
            "plans": len(verdicts),
            "valid": verdicts.count(Verdict.VALID),
            "invalid": verdicts.count(Verdict.INVALID),
            "undecided": verdicts.count(Verdict.UNDECIDED),
            "error": verdicts.count(Verdict.ERROR),
            "files": named_files_data(result),
        },
        "statistics": statistics(result).to_dict() if result.statistics else None,
        "baseline": result.baseline.to_dict() if result.baseline is not None else None,
        "plans": [plan.to_dict() for plan in result.plans],
    }


def render_json(result: RunResult) -> str:
    """One document: its top-level fields one to a line, then each plan on a line of its own.

    A plan per line keeps a large run quick to write (the compact encoder is several times
    faster than the indenting one) and easy to `grep`; `jq .` pretty-prints it.
    """
    data = to_data(result)
    plans = data.pop("plans")
    lines = [f"  {json.dumps(key)}: {_compact(value)}," for key, value in data.items()]
    if not plans:
        return "{\n" + "\n".join(lines) + '\n  "plans": []\n}\n'
    body = ",\n".join(f"    {_compact(plan)}" for plan in plans)
    return "{\n" + "\n".join(lines) + '\n  "plans": [\n' + body + "\n  ]\n}\n"


def _compact(value: Any) -> str:
    return escape_json(json.dumps(value, ensure_ascii=False))
