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
from qualcheck.findings import PlanResult
from qualcheck.io.neutral import escape_json
from qualcheck.reporters.base import RunSummary
from qualcheck.reporters.problems import Problem, level, plan_problems
from qualcheck.reporters.summary import named_files_data

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
STDIN_NAME = "<stdin>"


_RESULTS = '"results": "RESULTS"'  # where the results go in the document written without them
_RESULT_INDENT = "\n        "  # a result's lines, as they stand in the whole document


class SarifReporter:
    """The document as `json.dumps(..., indent=2)` writes it whole; each result is written on
    its own and indented as it stands in the document, so the pieces put together are that
    document."""

    separator = ","

    def __init__(self) -> None:
        self.rule_index = {code: i for i, code in enumerate(KINDS)}

    def header(self, run: RunSummary) -> str:
        return _document(run).split(_RESULTS)[0] + '"results": ['

    def plan(self, plan: PlanResult) -> str:
        results = [_result(p, self.rule_index) for p in plan_problems(plan)]
        return ",".join(
            escape_json(
                _RESULT_INDENT + json.dumps(entry, indent=2, ensure_ascii=False).replace("\n", _RESULT_INDENT)
            )
            for entry in results
        )

    def footer(self, run: RunSummary, body: bool) -> str:
        return ("\n      ]" if body else "]") + _document(run).split(_RESULTS)[1]


def _document(run: RunSummary) -> str:
    """The whole document with a placeholder where its results go."""
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
                        "exitCode": run.exit_code(),
                        # The plans that need a person, by verdict (first 20 each, then a count).
                        "properties": {"files": named_files_data(run)},
                    },
                ],
                "results": "RESULTS",
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
