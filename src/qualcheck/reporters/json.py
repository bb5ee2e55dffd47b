"""Machine-readable results. Field names are stable; `schema_version` changes when they do."""

from __future__ import annotations

import json
from typing import Any

from qualcheck import __version__
from qualcheck.findings import RunResult, Verdict

SCHEMA_VERSION = 1


def to_data(result: RunResult) -> dict[str, Any]:
    verdicts = [plan.verdict(result.strict) for plan in result.plans]
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "qualcheck", "version": __version__},
        "strict": result.strict,
        "exit_code": result.exit_code(),
        "summary": {
            "plans": len(verdicts),
            "valid": verdicts.count(Verdict.VALID),
            "invalid": verdicts.count(Verdict.INVALID),
            "error": verdicts.count(Verdict.ERROR),
        },
        "plans": [plan.to_dict(result.strict) for plan in result.plans],
    }


def render_json(result: RunResult) -> str:
    return json.dumps(to_data(result), indent=2, ensure_ascii=False) + "\n"
