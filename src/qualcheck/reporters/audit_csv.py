"""The audit as CSV: one row per student and qualification, flagged completions first.

Malformed lines are rows too (verdict `malformed-line`), so nothing read disappears from a
spreadsheet built on this output; each names the student and qualification it belongs to when
they can be read, and that student's own row is `not-judged`, its reasons naming the line.
"""

from __future__ import annotations

import csv
import io

from qualcheck.audit import AuditResult

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
                j.student,
                j.qualification,
                j.verdict.value,
                "yes" if j.unsupported_completion else "no",
                j.path,
                j.line,
                "; ".join(r.message for r in j.reasons),
            ]
        )
    for p in result.problems:
        # The student and qualification the line names, when they can be read: not judged.
        writer.writerow(
            [p.student or "", p.qualification or "", "malformed-line", "no", p.path, p.line, p.message]
        )
    return buffer.getvalue()
