"""SARIF 2.1.0, the static-analysis format GitHub code scanning and many IDEs import.

The rules are the whole finding catalog (codes.KINDS), so a viewer can show the help text of
any code; results point at the plan's file, line and column. Passes are not results: SARIF
viewers list every result as something to look at. Text is JSON, written as `escape_json`
does: a viewer reads what the input held, a log shows no control character from it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from qualcheck import __version__
from qualcheck.codes import KINDS, FindingKind
from qualcheck.findings import RunResult
from qualcheck.io.neutral import escape_json
from qualcheck.reporters.problems import Problem, level, plan_problems
from qualcheck.reporters.summary import named_files_data

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
STDIN_NAME = "<stdin>"


def render_sarif(result: RunResult) -> str:
    rule_index = {code: i for i, code in enumerate(KINDS)}
    results = [_result(p, rule_index) for plan in result.plans for p in plan_problems(plan)]
    document = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "qualcheck",
                        "version": __version__,
                        "rules": [_rule(kind) for kind in KINDS.values()],
                    }
                },
                "columnKind": "unicodeCodePoints",  # YAML columns count characters
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "exitCode": result.exit_code(),
                        # The plans that need a person, by verdict (first 20 each, then a count).
                        "properties": {"files": named_files_data(result)},
                    },
                ],
                "results": results,
            }
        ],
    }
    return escape_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def _rule(kind: FindingKind) -> dict[str, Any]:
    return {
        "id": kind.code,
        "name": kind.name,
        "shortDescription": {"text": kind.summary},
        "fullDescription": {"text": kind.explanation},
        "help": {
            "text": f"{kind.summary} {kind.explanation}",
            "markdown": f"**{kind.code} {kind.name}**: {kind.summary}\n\n{kind.explanation}",
        },
    }


def _result(p: Problem, rule_index: dict[str, int]) -> dict[str, Any]:
    text = f"{p.label}: {p.message}" + (f" (fix: {p.hint})" if p.hint else "")
    entry: dict[str, Any] = {"ruleId": p.code}
    if p.code in rule_index:
        entry["ruleIndex"] = rule_index[p.code]
    entry["level"] = level(p)
    entry["message"] = {"text": text}
    if p.path != STDIN_NAME:
        physical: dict[str, Any] = {"artifactLocation": _artifact(p.path)}
        if p.line is not None:
            physical["region"] = {"startLine": p.line, "startColumn": p.column or 1}
        entry["locations"] = [{"physicalLocation": physical}]
    entry["properties"] = {"status": p.status.value}
    return entry


def _artifact(path: str) -> dict[str, str]:
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    # Relative to the checkout's root (SRCROOT), which the reader supplies: code scanning does;
    # writing the absolute folder here would tie the report to one machine.
    # A name's bytes that are not UTF-8 are percent-encoded as they are, not an error.
    return {"uri": quote(Path(path).as_posix(), errors="surrogateescape"), "uriBaseId": "SRCROOT"}
