"""The register checker: what it refuses, what it must not refuse, and that the loader and
`check-data` give the same answer (the loader raises the first problem, check-data lists all)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_main
from qualcheck.errors import DataError
from qualcheck.register.checkdata import check_register
from qualcheck.register.store import Register

UNITS = "package: XYZ\nsources: [{id: s, title: t}]\nunits:\n" + "".join(
    f"  - {{code: XYZABC10{i}, title: Unit {i}, level: 1, level_basis: stated}}\n" for i in range(1, 7)
)


def _register(tmp_path: Path, packaging: str) -> Path:
    """A register of one qualification, XYZ10120, with the packaging given (indented 2)."""
    (tmp_path / "qualifications").mkdir()
    (tmp_path / "units").mkdir()
    (tmp_path / "units" / "XYZ.yaml").write_text(UNITS)
    (tmp_path / "qualifications" / "XYZ10120.yaml").write_text(
        "code: XYZ10120\ntitle: T\naqf_level: 1\nsource: [{title: t}]\npackaging:\n"
        "  core: [XYZABC101]\n" + packaging
    )
    return tmp_path


POINTS = (
    "  core_units: 1\n  points_total: 40\n"
    "  points: {XYZABC101: 10, XYZABC102: 10, XYZABC103: 10, XYZABC104: 5, XYZABC105: 5}\n"
)


def _outcome(root: Path) -> tuple[str | None, list[str]]:
    """The loader's first problem (code and message) and check-data's codes."""
    try:
        Register(root).qualification("XYZ10120")
        first = None
    except DataError as error:
        first = f"{error.code} {error.message}"
    return first, [f"{p.code} {p.message}" for p in check_register(root)]


@pytest.mark.parametrize(
    "packaging, says",
    [
        pytest.param(
            POINTS + "  groups: {A: {title: A, units: [XYZABC102, XYZABC103]}}\n"
            "  rules: [{id: p, kind: points_at_least, points: 25, from: {groups: [A]}, text: t}]\n",
            "rule 'p' needs at least 25 points from lists whose units give only 20",
            id="points-minimum-beyond-a-group",
        ),
        pytest.param(
            POINTS
            + "  groups: {A: {title: A, units: [XYZABC102, XYZABC103]}, B: {title: B, units: [XYZABC104]}}\n"
            "  rules:\n"
            "    - {id: p, kind: points_at_least, points: 30, text: t}\n"
            "    - {id: s, kind: electives_from, from: {groups: [A, B]}, text: t}\n",
            "rule 'p' needs at least 30 points from lists whose units give only 25",
            id="points-minimum-of-all-electives-from-closed-sources",
        ),
        pytest.param(
            POINTS + "  groups: {A: {title: A, units: [XYZABC102, XYZABC103]}}\n"
            "  rules:\n"
            "    - {id: p, kind: points_at_least, points: 15, from: {groups: [A]}, text: t}\n"
            "    - {id: c, kind: points_at_most, points: 10, from: {groups: [A], imported: {}}, text: t}\n",
            "rule 'p' needs at least 15 points that rule 'c' caps at 10",
            id="points-cap-below-points-minimum",
        ),
        pytest.param(
            "  total_units: 3\n  core_units: 1\n  elective_units: 2\n"
            "  groups: {A: {title: A, units: [XYZABC102, XYZABC103]}, B: {title: B, units: [XYZABC104]}}\n"
            "  rules: [{id: two-a, kind: at_least, count: 2, from: {groups: [A]}, text: t}]\n"
            "  specialisations:\n"
            "    S: {title: S, rules: [{id: cap, kind: at_most, count: 1, from: {groups: [B, A]}, text: t}]}\n",
            "rule 'two-a' needs at least 2 electives that rule 'cap' caps at 1: no plan can meet both "
            "(with specialisation 'S')",
            id="specialisation-cap-below-a-minimum",
        ),
    ],
)
def test_impossible_rules_are_refused_by_the_loader_and_by_check_data(
    tmp_path: Path, packaging: str, says: str
) -> None:
    first, listed = _outcome(_register(tmp_path, packaging))
    assert first is not None and first.startswith(f"QC054 {says}")
    assert first in listed


@pytest.mark.parametrize(
    "packaging",
    [
        pytest.param(
            POINTS + "  groups: {A: {title: A, complete: false, units: [XYZABC102, XYZABC103]}}\n"
            "  rules: [{id: p, kind: points_at_least, points: 25, from: {groups: [A]}, text: t}]\n",
            id="list-held-in-part",
        ),
        pytest.param(
            POINTS + "  groups: {A: {title: A, units: [XYZABC102, XYZABC103]}}\n"
            "  rules: [{id: p, kind: points_at_least, points: 25, from: {groups: [A], imported: {}}, text: t}]\n",
            id="imports-allowed",
        ),
        pytest.param(
            POINTS + "  groups: {A: {title: A, units: [XYZABC102, XYZABC103, XYZABC106]}}\n"
            "  rules: [{id: p, kind: points_at_least, points: 25, from: {groups: [A]}, text: t}]\n",
            id="a-unit-without-its-points-value",
        ),
        pytest.param(
            POINTS + "  groups: {A: {title: A, units: [XYZABC102, XYZABC103]}}\n"
            "  rules: [{id: p, kind: points_at_least, points: 25, text: t}]\n",
            id="every-elective-with-imports-open",
        ),
        pytest.param(
            POINTS + "  groups: {A: {title: A, units: [XYZABC102, XYZABC103]}}\n"
            "  rules:\n"
            "    - {id: p, kind: points_at_least, points: 15, from: {groups: [A], imported: {}}, text: t}\n"
            "    - {id: c, kind: points_at_most, points: 10, from: {groups: [A]}, text: t}\n",
            id="cap-over-fewer-units-than-the-minimum",
        ),
    ],
)
def test_a_minimum_that_may_be_met_is_not_refused(tmp_path: Path, packaging: str) -> None:
    assert _outcome(_register(tmp_path, packaging)) == (None, [])


def test_check_data_lists_every_problem_the_loader_stops_at_the_first(tmp_path: Path) -> None:
    root = _register(
        tmp_path,
        "  total_units: 3\n  core_units: 1\n  elective_units: 2\n"
        "  groups: {A: {title: A, units: [XYZABC102, XYZABC102, XYZMIS101]}}\n"
        "  rules:\n"
        "    - {id: two-a, kind: at_least, count: 2, from: {groups: [A]}, text: t}\n"
        "    - {id: cap, kind: at_most, count: 1, from: {groups: [A]}, text: t}\n",
    )
    first, listed = _outcome(root)
    assert first == "QC052 XYZABC102 is listed twice in group A"
    assert [problem.split(" ", 1)[0] for problem in listed] == ["QC052", "QC053", "QC054"]
    run = run_main("check-data", str(root))
    assert run.exit_code == 1 and run.stdout.endswith("3 problems found\n")


@pytest.mark.parametrize(
    "old, new", [("QC065", "QC052"), ("QC066", "QC053"), ("QC067", "QC054"), ("QC068", "QC055")]
)
def test_the_old_check_data_codes_are_documented_aliases(old: str, new: str) -> None:
    run = run_main("rule", old.lower())
    assert run.exit_code == 0
    assert f"Alias of {new}, kept for old configurations." in run.stdout
    assert f"\n{new} " in run.stdout  # and what the code it stands for means
