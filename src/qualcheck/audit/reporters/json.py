"""The audit as JSON: a summary, how each outcome code counted, malformed lines, every verdict.

Text from the NAT or CSV files is kept as read; `escape_json` writes its control and bidi
characters as `\\u` escapes, so the document shows none of them raw.
"""

from __future__ import annotations

import json
from typing import Any

from qualcheck.audit.cohort import CohortVerdict
from qualcheck.audit.outcomes import NATIONAL_OUTCOMES
from qualcheck.audit.run import AuditResult
from qualcheck.io.neutral import escape_json


def render_audit_json(result: AuditResult) -> str:
    flagged = [j for j in result.judgements if j.unsupported_completion]
    rest = [j for j in result.judgements if not j.unsupported_completion]
    document: dict[str, Any] = {
        "schema_version": 1,
        "sources": result.sources,
        "summary": {
            **{v.value: result.count(v) for v in CohortVerdict},
            "enrolments": len(result.judgements),
            "students": len({j.student for j in result.judgements}),
            "unsupported_completions": result.unsupported_completions,
            "lines_read": result.rows,
            "malformed_lines": len(result.problems),
            "subject_only_rows": result.subject_only,
            "warnings": len(result.warnings),
            "exit_code": result.exit_code(),
        },
        "outcomes": [
            {
                "code": code,
                "meaning": NATIONAL_OUTCOMES[code].meaning if code in NATIONAL_OUTCOMES else None,
                "treatment": NATIONAL_OUTCOMES[code].treatment.value if code in NATIONAL_OUTCOMES else code,
                "rows": count,
            }
            for code, count in sorted(result.outcomes.items())
        ],
        "malformed_lines": [
            {
                "path": p.path,
                "line": p.line,
                "message": p.message,
                "student": p.student,
                "qualification": p.qualification,
            }
            for p in result.problems
        ],
        "warnings": [{"path": p.path, "line": p.line, "message": p.message} for p in result.warnings],
        "enrolments": [j.to_dict() for j in flagged + rest],
    }
    return escape_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
