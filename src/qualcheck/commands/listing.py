"""`qualcheck list`: the register's qualifications, one line each, with what a reader needs
before trusting a verdict: title, release, usage recommendation, and whether every list the
rules draw on is held in full (a list held in part makes some plans undecided)."""

from __future__ import annotations

from dataclasses import dataclass

from qualcheck.io.neutral import visible
from qualcheck.register.store import Register


@dataclass(frozen=True)
class Listed:
    code: str
    title: str
    release: int | None
    status: str | None
    partial: tuple[str, ...]  # titles of the lists held only in part ("core" for the core list)


def list_qualifications(register: Register) -> list[Listed]:
    """Every qualification of the register, by code. A file that fails to load raises its
    DataError, as any other command would."""
    listed = []
    for code in register.qualification_codes():
        qualification = register.qualification(code)
        if qualification is None:
            continue
        packaging = qualification.packaging
        partial = (("core",) if not packaging.core_complete else ()) + tuple(
            group.title for group in packaging.groups.values() if not group.complete
        )
        listed.append(Listed(code, qualification.title, qualification.release, qualification.status, partial))
    return listed


def render_listing(listed: list[Listed]) -> str:
    """One line per qualification, then a count."""
    width = max((len(q.code) for q in listed), default=8)
    lines = []
    for q in listed:
        release = f"release {q.release}" if q.release is not None else "release not recorded"
        status = q.status or "status not recorded"
        lists = "every list complete" if not q.partial else "held in part: " + ", ".join(q.partial)
        lines.append(visible(f"{q.code.ljust(width)}  {q.title} ({release}, {status}; {lists})"))
    count = len(listed)
    lines.append(f"{count} qualification{'s' if count != 1 else ''}")
    return "\n".join(lines) + "\n"
