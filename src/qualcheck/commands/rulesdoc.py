"""docs/rules.md, generated from the finding catalog:
`python -m qualcheck.commands.rulesdoc > docs/rules.md`."""

from __future__ import annotations

from qualcheck.codes import KINDS

GROUPS = {
    "0": "Input and register (QC0xx)",
    "1": "Core units and totals (QC1xx)",
    "2": "Electives and their sources (QC2xx)",
    "3": "Prerequisites and entry (QC3xx)",
    "4": "Currency (QC4xx)",
    "5": "Compliance gates (QC5xx)",
    "9": "Checks for a person (QC9xx)",
}


def render_rules_markdown() -> str:
    lines = [
        "# Finding codes",
        "",
        "Generated from `src/qualcheck/codes.py` by `python -m qualcheck.commands.rulesdoc`; "
        "do not edit by hand.",
        "",
        "Statuses: `pass`, `fail` (the plan is invalid), `warn` (fails only under `--strict`), `manual`",
        "(a person must confirm), `info`, and `error` (the plan cannot be judged; exit code 2). A core,",
        "total or elective rule (QC1xx, QC2xx) is `manual` only when the data cannot decide it, such as",
        "an import whose AQF level is unknown: the plan's verdict is then `undecided` (exit code 1).",
    ]
    current = None
    for kind in KINDS.values():
        group = kind.code[2]
        if group != current:
            current = group
            lines += ["", f"## {GROUPS[group]}"]
        lines += ["", f"### {kind.code} {kind.name}", "", kind.summary, "", kind.explanation]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_rules_markdown(), end="")
