"""Import windows that leave packages out (`exclude_packages`), several windows in one selector,
each cap with its own window, and entry requirements that name a specialisation: on the bundled
qualifications that state them (CHC20112, BSB51918, CPC40120, CHC43121)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, check_text, finding
from qualcheck import api
from qualcheck.commands.explain import explain_code
from qualcheck.commands.tree import render_tree
from qualcheck.errors import QualcheckError
from qualcheck.findings import Status, Verdict
from qualcheck.importer.pagetext import Line
from qualcheck.importer.rules import build
from qualcheck.importer.sentences import Context, read_sentence
from qualcheck.register.store import Register


def example(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


# CHC20112: "up to 2 units ... in other relevant Training Packages" (other than CHC and HLT).

CHC20112_FROM_CHC = [
    "{code: CHCDIV001, from: CHC33021}",
    "{code: CHCLEG001, from: CHC33021}",
    "{code: CHCCCS033, from: CHC33021}",
]
OTHER_PACKAGES = ["{code: BSBLDR411, from: BSB40520}", "{code: BSBLDR413, from: BSB40520}"]


def test_chc20112_two_units_from_other_packages_count(register: Register) -> None:
    text = example("chc20112-valid.yaml")
    for old, new in zip(CHC20112_FROM_CHC, OTHER_PACKAGES, strict=False):
        text = text.replace(old, new)
    result = check_text(register, text)
    cap = finding(result, "QC204", "other-packages-cap")
    assert (cap.status, cap.have, cap.need) == (Status.PASS, 2, 2)
    assert set(cap.units) == {"BSBLDR411", "BSBLDR413"}
    assert result.verdict() is Verdict.VALID


def test_chc20112_a_third_unit_from_another_package_does_not_count(register: Register) -> None:
    text = example("chc20112-valid.yaml")
    for old, new in zip(
        CHC20112_FROM_CHC, [*OTHER_PACKAGES, "{code: BSBSTR402, from: BSB40520}"], strict=True
    ):
        text = text.replace(old, new)
    result = check_text(register, text)
    cap = finding(result, "QC204", "other-packages-cap")
    assert cap.status is Status.FAIL
    assert "at most 2 allowed" in cap.message and "other than CHC or HLT" in cap.message
    assert result.verdict() is Verdict.INVALID


def test_chc20112_units_from_chc_and_hlt_are_not_capped(register: Register) -> None:
    result = check_text(register, example("chc20112-valid.yaml"))
    cap = finding(result, "QC204", "other-packages-cap")
    assert (cap.status, cap.have) == (Status.PASS, 0)
    assert not any(f.rule_id == "other-packages-cap" for f in result.findings if f.code == "QC901")


# BSB51918: up to 2 from BSB at Diploma or above, and 1 from another package at Diploma level.

BSB51918_GROUP_B = ["BSBADM502      # Group B", "BSBHRM513      # Group B"]


def test_bsb51918_each_window_has_its_own_cap(register: Register) -> None:
    text = example("bsb51918-valid.yaml")
    text = text.replace(BSB51918_GROUP_B[0], "{code: BSBCCO601B, from: BSB60420}")
    text = text.replace(BSB51918_GROUP_B[1], "{code: CPCCBC4009, from: CPC50220}")
    result = check_text(register, text)
    assert finding(result, "QC204", "bsb-import-cap").have == 2
    other = finding(result, "QC204", "other-package-cap")
    assert (other.status, other.have, other.units) == (Status.PASS, 1, ("CPCCBC4009",))
    assert result.verdict() is Verdict.VALID


def test_bsb51918_second_import_from_another_package_fails(register: Register) -> None:
    text = example("bsb51918-valid.yaml")
    text = text.replace(BSB51918_GROUP_B[0], "{code: CPCCBC4009, from: CPC50220}")
    text = text.replace(BSB51918_GROUP_B[1], "{code: CHCLEG003, from: CHC52015}")
    result = check_text(register, text)
    other = finding(result, "QC204", "other-package-cap")
    assert (other.status, other.have, other.need) == (Status.FAIL, 2, 1)
    assert finding(result, "QC204", "bsb-import-cap").status is Status.PASS
    assert result.verdict() is Verdict.INVALID


# CPC40120: "One elective unit may be from any training package or accredited course".


# Test facts, not the real lists: six units in Group A (the Builder outcome needs all of it, and
# at most 2 from Group B or the general electives), one in the general electives.
CPC40120_LISTED = "".join(
    f"  - {{unit: {code}, listed_in: {group}, by: J. Citizen, on: 2026-11-30, evidence: register page}}\n"
    for code, group in [
        ("BSBLDR413", "A"),
        ("BSBPMG422", "A"),
        ("BSBWRT411", "A"),
        ("CPCCBC4003", "A"),
        ("CPCCBC4004", "A"),
        ("CPCCBC4005", "A"),
        ("CPCCBC4006", "G"),
    ]
)
CPC40120_CONFIRMED = (
    "confirmed:\n"
    + CPC40120_LISTED
    + "  - {rule: all-group-a, by: J. Citizen, on: 2026-11-30, evidence: register page}\n"
)


def test_cpc40120_one_import_counts(register: Register) -> None:
    # Seven electives confirmed listed, the eighth (CPCSUS4002) unlisted and without `from:`:
    # as an import it is the one the cap allows.
    result = check_text(register, example("cpc40120-undecided-builder.yaml") + CPC40120_CONFIRMED)
    cap = finding(result, "QC204", "one-import-cap")
    assert (cap.status, cap.have, cap.units) == (Status.PASS, 1, ("CPCSUS4002",))
    assert result.verdict() is Verdict.VALID
    assert len(result.confirmed) == 8


def test_cpc40120_second_import_does_not_count(register: Register) -> None:
    text = example("cpc40120-undecided-builder.yaml")
    for code in ("BSBLDR413", "BSBPMG422"):
        text = text.replace(f"  - {code}\n", f"  - {{code: {code}, from: BSB40520}}\n")
    result = check_text(register, text)
    assert finding(result, "QC204", "one-import-cap").status is Status.FAIL
    assert finding(result, "QC201").status is Status.FAIL
    assert result.verdict() is Verdict.INVALID


def test_cpc40120_unlisted_units_without_from_are_undecided(register: Register) -> None:
    # The groups are held only in part: each unit missing from them may be listed, or may be an
    # import counted against the cap of one. Neither is recorded: undecided, never valid.
    result = check_text(register, example("cpc40120-undecided-builder.yaml"))
    assert result.verdict() is Verdict.UNDECIDED
    assert finding(result, "QC204", "one-import-cap").undecided
    notes = [f for f in result.findings if f.code == "QC207"]
    assert len(notes) == 8 and all(f.status is Status.INFO for f in notes)
    assert "listed_in: A" in notes[0].hint


# CHC43121: entry needs CHC33021 or CHC33015 with the Disability specialisation.


def _chc43121(register: Register, prior: str) -> Status:
    text = example("chc43121-valid.yaml").replace(
        "prior: [{code: CHC33021, specialisation: Disability}]", f"prior: {prior}"
    )
    return finding(check_text(register, text), "QC310", "entry-requirements").status


@pytest.mark.parametrize(
    ("prior", "status"),
    [
        ("[{code: CHC33021, specialisation: Disability}]", Status.PASS),
        ("[{code: CHC33021, specialisation: disability}]", Status.PASS),  # the specialisation key
        ("[{code: CHC33015, specialisation: Disability}]", Status.PASS),
        ("[CHC30408, CHCSS00125]", Status.PASS),
        ("[CHC33021]", Status.MANUAL),  # held, but with which specialisation is not stated
        ("[{code: CHC33021, specialisation: Ageing}]", Status.FAIL),
        # A wider award that names Disability among others: whether it counts is not stated.
        ("[{code: CHC33021, specialisation: Ageing and Disability}]", Status.MANUAL),
        ("[{code: CHC33021, specialisation: ageing-and-disability}]", Status.MANUAL),
        ("[CHC30408]", Status.FAIL),
    ],
)
def test_chc43121_entry_needs_the_disability_specialisation(
    register: Register, prior: str, status: Status
) -> None:
    assert _chc43121(register, prior) is status


def test_chc43121_unstated_specialisation_says_how_to_state_it(register: Register) -> None:
    text = example("chc43121-valid.yaml").replace(
        "prior: [{code: CHC33021, specialisation: Disability}]", "prior: [CHC33021]"
    )
    entry = finding(check_text(register, text), "QC310", "entry-requirements")
    assert "without the specialisation" in entry.message
    assert "{code: CHC33021, specialisation: Disability}" in entry.hint


def test_chc43121_wider_specialisation_is_left_to_a_person(register: Register) -> None:
    text = example("chc43121-valid.yaml").replace(
        "prior: [{code: CHC33021, specialisation: Disability}]",
        "prior: [{code: CHC33021, specialisation: Ageing and Disability}]",
    )
    entry = finding(check_text(register, text), "QC310", "entry-requirements")
    assert "names the one required among others: whether it counts is for a person to judge" in entry.message


# Plain words in `qualcheck explain`.


def test_explain_reads_the_new_forms(register: Register) -> None:
    def tree(code: str) -> str:
        node = explain_code(code, register)
        assert node is not None
        return render_tree(node)

    bsb = tree("BSB51918")
    assert (
        "at most 1 unit imported from any package or accredited course other than BSB at AQF 5 (Diploma)"
        in bsb
    )
    assert "imports: units imported from the BSB package at AQF 5, 6 or 8" in bsb
    assert "at most 2 units imported from any package or accredited course other than CHC or HLT" in tree(
        "CHC20112"
    )
    assert "at most 1 unit imported from any package or course [one-import-cap]" in tree("CPC40120")
    assert "holds CHC33021 with the Disability specialisation" in tree("CHC43121")


# Model validation, at the register file's line and column.


def _register_with(tmp_path: Path, code: str, old: str, new: str) -> Register:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data" / "qualifications" / f"{code}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return api.open_register(tmp_path / "data")


def _load_error(register: Register, code: str) -> QualcheckError:
    with pytest.raises(QualcheckError) as caught:
        register.qualification(code)
    return caught.value


def test_package_both_allowed_and_left_out_is_a_data_error(tmp_path: Path) -> None:
    register = _register_with(
        tmp_path,
        "BSB51918",
        "from: {imported: {exclude_packages: [BSB], levels: [5]}}",
        "from: {imported: {packages: [BSB], exclude_packages: [BSB], levels: [5]}}",
    )
    error = _load_error(register, "BSB51918")
    assert error.code == "QC004"
    assert "BSB is both in packages and in exclude_packages" in error.message
    assert "packaging.rules[3].from.imported:" in error.message  # no list index for a single window
    assert error.span is not None and (error.span.line, error.span.column) == (95, 24)
    assert str(error).startswith(f"{tmp_path / 'data' / 'qualifications' / 'BSB51918.yaml'}:95:24: QC004")


def test_overlap_in_one_of_several_windows_is_placed_at_that_window(tmp_path: Path) -> None:
    register = _register_with(
        tmp_path,
        "BSB51918",
        "          - {exclude_packages: [BSB], levels: [5]}",
        "          - {packages: [CHC], exclude_packages: [CHC], levels: [5]}",
    )
    error = _load_error(register, "BSB51918")
    assert (
        "packaging.rules[1].from.imported[1]: CHC is both in packages and in exclude_packages"
        in error.message
    )
    assert error.span is not None and (error.span.line, error.span.column) == (81, 13)


def test_empty_window_list_and_lower_case_package_are_data_errors(tmp_path: Path) -> None:
    register = _register_with(
        tmp_path,
        "CPC40120",
        "from: {groups: [A, B, G], imported: {}}",
        "from: {groups: [A, B, G], imported: []}",
    )
    assert "lists no import window" in _load_error(register, "CPC40120").message
    register = _register_with(
        tmp_path / "again",
        "CHC20112",
        "exclude_packages: [CHC, HLT]}}",
        "exclude_packages: [chc, HLT]}}",
    )
    assert "exclude_packages[0]" in _load_error(register, "CHC20112").message


def test_misspelt_specialisation_in_prior_is_an_input_error(register: Register) -> None:
    text = example("chc43121-valid.yaml").replace(
        "prior: [{code: CHC33021, specialisation: Disability}]",
        "prior: [{code: CHC33021, specialization: Disability}]",
    )
    error = api.validate_text(text, "plan.yaml", register).error
    assert error is not None and error.code == "QC003"
    assert "unknown field 'specialization'" in error.message and "specialisation" in error.hint
    assert error.span is not None and (error.span.line, error.span.column) == (5, 26)


# The importer: "other Training Packages" leaves packages out; several windows stay apart.


def test_importer_reads_other_packages_as_left_out() -> None:
    ctx = Context(level=2, groups={"E": "Electives"})
    lines = [
        "Units of competency packaged at the level of this qualification or higher in Community Services "
        "and/or Health Training Packages",
        "up to 2 units of competency packaged at the level of this qualification or higher in other relevant "
        "Training Packages or accredited courses",
    ]
    readings = [read_sentence(Line(n, text), ctx) for n, text in enumerate(lines, 1)]
    rules = build(readings, 6, False, package="CHC").rules
    cap = next(r for r in rules if r["kind"] == "at_most")
    assert cap["id"] == "other-package-cap"
    assert cap["from"]["imported"]["exclude_packages"] == ["CHC", "HLT"]


def test_importer_other_packages_without_named_ones_leave_out_the_qualifications_own() -> None:
    ctx = Context(level=4, groups={"E": "Electives"})
    reading = read_sentence(Line(1, "up to 2 units from other endorsed Training Packages"), ctx)
    cap = build([reading], 6, False, package="ICT").rules[-1]
    assert cap["from"]["imported"] == {"exclude_packages": ["ICT"]}
    this_or_other = read_sentence(
        Line(1, "up to 2 units from this or any other currently endorsed Training Package"), ctx
    )
    assert build([this_or_other], 6, False, package="ICT").rules[-1]["from"]["imported"] == {}
