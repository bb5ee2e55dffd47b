"""What the engine is given: a plan with the position of every value, and a read-only view of
the register. The engine reads the register only through these questions, so it cannot change
it, and anything that answers them (the file register, one held in memory by the tests) will do.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from qualcheck.errors import Span
from qualcheck.io.yamlsource import YamlDocument

if TYPE_CHECKING:  # read through protocols only: nothing to import at run time
    from qualcheck.models.shapes import Plan, Qualification, Unit


class RegisterView(Protocol):
    """The questions the engine asks of a register; `register.store.Register` answers them."""

    def qualification(self, code: str) -> Qualification | None: ...

    def qualification_codes(self) -> list[str]: ...

    def qualification_level(self, code: str) -> tuple[int | None, bool]: ...

    def unit(self, code: str) -> Unit | None: ...

    def mapped_title(self, code: str) -> str | None: ...

    def equivalents(self, code: str) -> frozenset[str]: ...

    def suggest_qualification(self, code: str) -> str | None: ...

    def suggest_unit(self, code: str, extra: Sequence[str] = ()) -> str | None: ...


class LocatedPlan:
    """A plan and where each of its values stands in its file (for messages at file:line:col).
    A plan with no file behind it (the audit's, built from rows) has positions for none.

    A plain class rather than a dataclass: defining a frozen dataclass costs a run about as much
    as judging a plan, and this one is on the path of every `validate`."""

    __slots__ = ("plan", "positions")

    plan: Plan
    positions: YamlDocument

    def __init__(self, plan: Plan, positions: YamlDocument) -> None:
        self.plan = plan
        self.positions = positions

    def __repr__(self) -> str:
        return f"LocatedPlan(plan={self.plan!r}, positions={self.positions!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LocatedPlan):
            return NotImplemented
        return (self.plan, self.positions) == (other.plan, other.positions)

    def __hash__(self) -> int:
        return hash((self.plan, self.positions))

    @property
    def path(self) -> str:
        return self.positions.path

    def span(self, loc: Sequence[str | int], *, key: bool = False) -> Span:
        return self.positions.span(loc, key=key)

    @classmethod
    def without_positions(cls, plan: Plan, path: str) -> LocatedPlan:
        return cls(plan, YamlDocument(path, None))
