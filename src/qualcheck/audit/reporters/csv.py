"""The audit as CSV: one row per student and qualification, flagged completions first.

Malformed lines are rows too (verdict `malformed-line`), so nothing read disappears from a
spreadsheet built on this output; each names the student and qualification it belongs to when
they can be read, and that student's own row is `not-judged`, its reasons naming the line.
Every cell read from input (student, qualification, path, reasons) goes through
`spreadsheet_cell`: no control character, and no formula a spreadsheet would run
(`=HYPERLINK(...)`, `@SUM(...)`), only the text; the verdicts, flags and line numbers are qualcheck's.
"""

from __future__ import annotations

import csv
import io

from qualcheck.audit.run import AuditResult
from qualcheck.io.neutral import spreadsheet_cell

COLUMNS = ["student", "qualification", "verdict", "unsupported_completion", "path", "line", "reasons"]


def render_audit_csv(result: AuditResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    flagged = [j for j in result.judgements if j.unsupported_completion]
    rest = [j for j in result.judgements if not j.unsupported_completion]
    for j in flagged + rest:
        writer.writerow(
            [
                spreadsheet_cell(j.student),
                spreadsheet_cell(j.qualification),
                j.verdict.value,
                "yes" if j.unsupported_completion else "no",
                spreadsheet_cell(j.path),
                j.line,
                spreadsheet_cell(
                    "; ".join(
                        [f"not current: {why}" for why in j.not_current]
                        + [r.message + _rows(r.lines) for r in j.reasons]
                    )
                ),
            ]
        )
    for p in result.problems:
        # The student and qualification the line names, when they can be read: not judged.
        writer.writerow(
            [
                spreadsheet_cell(p.student or ""),
                spreadsheet_cell(p.qualification or ""),
                "malformed-line",
                "no",
                spreadsheet_cell(p.path),
                p.line,
                spreadsheet_cell(p.message),
            ]
        )
    return buffer.getvalue()


def _rows(lines: tuple[int, ...]) -> str:
    """The lines of the student's file a reason's units are recorded on, as `(line 21, 25)`."""
    if not lines:
        return ""
    return f" (line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))})"
