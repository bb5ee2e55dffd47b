"""Outcome mapping, grouping, and verdicts for a small cohort with known answers (BSB50311)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from conftest import ROOT
from natfiles import CORE, VALID, activity, completion, write
from qualcheck.audit.cohort import CohortVerdict, Enrolment, UnitRecord, group, judge, ordered
from qualcheck.audit.outcomes import NATIONAL_OUTCOMES, Treatment, national_treatment, plan_treatment
from qualcheck.audit.run import AuditResult, RegisterSettings, read_avetmiss, read_csv, run_audit
from qualcheck.register.store import Register

SETTINGS = RegisterSettings(ROOT / "data", None)


def test_national_outcomes_are_mapped() -> None:
    expected = {
        Treatment.ACHIEVED: {"20", "51", "53", "60"},
        Treatment.IN_PROGRESS: {"70", "85"},
        Treatment.NOT_ACHIEVED: {"30", "40", "41", "52", "54"},
        Treatment.NOT_COUNTING: {"61", "65", "81", "82", "90"},
    }
    for treatment, codes in expected.items():
        assert {c for c, o in NATIONAL_OUTCOMES.items() if o.treatment is treatment} == codes
    assert national_treatment("99") is None and national_treatment("2") is None
    # 66 appears in no published list of outcome identifiers; 61 is the superseded-subject code.
    assert national_treatment("66") is None


def test_plan_outcomes_and_codes_in_csv() -> None:
    assert plan_treatment("completed") is Treatment.ACHIEVED
    assert plan_treatment("RPL") is Treatment.ACHIEVED
    assert plan_treatment("") is Treatment.IN_PROGRESS  # no outcome: enrolled
    assert plan_treatment("withdrawn") is Treatment.NOT_ACHIEVED
    assert plan_treatment("60") is Treatment.ACHIEVED
    assert plan_treatment("passed") is None


def test_grouping_does_not_depend_on_row_order() -> None:
    rows = [
        ("S2", "BSB50311", "f", UnitRecord("BSBCCO504A", Treatment.ACHIEVED, 1)),
        ("S1", "BSB50311", "f", UnitRecord("BSBLED501A", Treatment.ACHIEVED, 2)),
        ("S2", "BSB40000", "f", UnitRecord("BSBLED501A", Treatment.ACHIEVED, 3)),
        ("S2", "BSB50311", "f", UnitRecord("BSBMGT516C", Treatment.IN_PROGRESS, 4)),
    ]
    first = ordered(group(rows))
    second = ordered(group(list(reversed(rows))))
    assert [(e.student, e.qualification) for e in first] == [
        ("S1", "BSB50311"),
        ("S2", "BSB40000"),
        ("S2", "BSB50311"),
    ]
    assert [(e.student, e.qualification, sorted(r.line for r in e.records)) for e in first] == [
        (e.student, e.qualification, sorted(r.line for r in e.records)) for e in second
    ]


def cohort_lines() -> list[str]:
    lines: list[str] = []
    lines += [activity("S01", u, "BSB50311", "20") for u in VALID]  # eligible
    lines += [
        activity("S02", u, "BSB50311", "20" if i < 7 else ("70" if i < 9 else "85"))
        for i, u in enumerate(VALID)
    ]
    lines += [activity("S03", u, "BSB50311", "20" if i < 7 else "30") for i, u in enumerate(VALID)]
    missing_core = [u for u in VALID if u != "BSBMGT516C"] + ["BSBCCO502A"]
    lines += [activity("S04", u, "BSB50311", "20") for u in missing_core]
    cert_iv = CORE + [
        "BSBAUD501B",
        "BSBCCO501B",
        "BSBCCO403A",
        "BSBCCO407A",
        "BSBHRM405A",
        "BSBCOM501B",
        "BSBRSK501B",
    ]
    lines += [activity("S05", u, "BSB50311", "20") for u in cert_iv]
    one_group_a = [u for u in VALID if u != "BSBCCO501B"] + ["BSBSUS501A"]
    lines += [activity("S06", u, "BSB50311", "20") for u in one_group_a]
    lines += [activity("S07", u, "BSB99999", "20") for u in VALID]  # not in the register
    credit = ["60", "51", "53"] + ["20"] * 7
    lines += [activity("S08", u, "BSB50311", credit[i]) for i, u in enumerate(VALID)]
    lines += [activity("S10", u, "BSB50311", "20") for u in VALID]
    lines += [activity("S11", u, "BSB50311", "20" if i else "65") for i, u in enumerate(VALID)]
    lines.append(activity("S01", "BSBCCO504A", "", "20"))  # subject-only training
    return lines


EXPECTED = {
    # Eligible: what is left is the packaging rules' guidance that a person must confirm.
    "S01": (CohortVerdict.ELIGIBLE, False, {"QC901"}),
    # On track: the units in progress are what is still to come; what is short now, without a fix.
    "S02": (CohortVerdict.ON_TRACK, False, {"in-progress", "QC102", "QC201"}),
    "S03": (CohortVerdict.CANNOT_COMPLETE, True, {"completion", "QC102", "QC201"}),
    # 2 core + 8 electives: the core rule fails and 9 units count (one elective is surplus).
    "S04": (CohortVerdict.CANNOT_COMPLETE, False, {"QC101", "QC102"}),
    # The third Certificate IV unit cannot count, so the elective and total counts fall short too.
    "S05": (CohortVerdict.CANNOT_COMPLETE, False, {"QC204", "QC201", "QC102"}),
    "S06": (CohortVerdict.CANNOT_COMPLETE, False, {"QC203"}),
    "S07": (CohortVerdict.NOT_JUDGED, False, {"QC010"}),
    "S08": (CohortVerdict.ELIGIBLE, False, {"QC901"}),
    "S09": (CohortVerdict.CANNOT_COMPLETE, True, {"completion", "no-units"}),
    "S10": (CohortVerdict.ELIGIBLE, False, {"QC901"}),
    "S11": (CohortVerdict.CANNOT_COMPLETE, False, {"QC101", "QC102"}),
}


def write_cohort(folder: Path, lines: list[str]) -> None:
    write(folder, "NAT00120.txt", lines)
    write(
        folder,
        "NAT00130.txt",
        [completion("S03", "BSB50311"), completion("S09", "BSB50311"), completion("S10", "BSB50311")],
    )


def verdicts(result: AuditResult) -> dict[str, tuple[CohortVerdict, bool, set[str]]]:
    return {
        j.student: (j.verdict, j.unsupported_completion, {r.code for r in j.reasons})
        for j in result.judgements
    }


@pytest.mark.parametrize("shuffle", [False, True])
def test_small_cohort_verdicts(tmp_path: Path, shuffle: bool) -> None:
    lines = cohort_lines()
    if shuffle:
        random.Random(7).shuffle(lines)
    write_cohort(tmp_path, lines)
    result = run_audit(tmp_path, None, SETTINGS)
    assert verdicts(result) == EXPECTED
    assert result.subject_only == 1 and result.rows == len(lines) and not result.problems
    assert result.exit_code() == 2  # S07 could not be judged
    s05 = next(j for j in result.judgements if j.student == "S05")
    assert any("at most 2" in r.message or "Certificate IV" in r.message for r in s05.reasons)


def test_jobs_give_the_same_answer_in_the_same_order(tmp_path: Path) -> None:
    write_cohort(tmp_path, cohort_lines())
    one = run_audit(tmp_path, None, SETTINGS, jobs=1)
    two = run_audit(tmp_path, None, SETTINGS, jobs=2)
    assert [j.to_dict() for j in one.judgements] == [j.to_dict() for j in two.judgements]


def test_malformed_lines_are_counted_and_do_not_stop_the_run(tmp_path: Path) -> None:
    lines = [activity("S01", u, "BSB50311", "20") for u in VALID]
    lines[3] = activity("S01", VALID[3], "BSB50311", "X1")
    lines.insert(5, "garbage")
    write(tmp_path, "NAT00120.txt", lines)
    result, enrolments = read_avetmiss(tmp_path)
    assert [(p.line, p.message.split(" ")[0]) for p in result.problems] == [(4, "unknown"), (6, "line")]
    assert result.rows == 11 and len(enrolments[0].records) == 9
    result.judgements = [judge(e, Register(ROOT / "data")) for e in enrolments]
    # Line 4 is S01's: judged on the other nine, S01 would be one unit short, but line 4 may be the
    # unit that completes the qualification. Line 6 names no student, so it only counts.
    assert result.judgements[0].verdict is CohortVerdict.NOT_JUDGED
    assert [p.line for p in result.judgements[0].malformed] == [4]
    assert result.exit_code() == 2


def test_csv_plans(tmp_path: Path) -> None:
    rows = ["student,qualification,unit,outcome,from"]
    rows += [f"A1,BSB50311,{u},completed," for u in VALID]
    rows += [f"A2,BSB50311,{u},{'completed' if i < 8 else 'enrolled'}," for i, u in enumerate(VALID)]
    rows += [f"A3,BSB50311,{u},{'60' if i < 8 else 'not-yet-competent'}," for i, u in enumerate(VALID)]
    # An import from a Diploma (AQF 5) in place of a Group B unit.
    rows += [f"A4,BSB50311,{u},rpl," for u in VALID[:-1]] + ["A4,BSB50311,BSBLDR601,completed,BSB60420"]
    rows += ["A5,BSB50311,bsb-bad,completed,", "A5,BSB50311,BSBCCO504A,passed,", "A5,BSB50311", ""]
    path = tmp_path / "plans.csv"
    path.write_text("\n".join(rows) + "\n")
    result, enrolments = read_csv(path)
    result.judgements = [judge(e, Register(ROOT / "data")) for e in enrolments]
    got = {j.student: j.verdict for j in result.judgements}
    assert got == {
        "A1": CohortVerdict.ELIGIBLE,
        "A2": CohortVerdict.ON_TRACK,
        "A3": CohortVerdict.CANNOT_COMPLETE,
        "A4": CohortVerdict.ELIGIBLE,
        "A5": CohortVerdict.NOT_JUDGED,  # every line of A5's is malformed
    }
    assert [p.line for p in result.problems] == [42, 43, 44]
    assert result.rows == 43  # the blank last line is no row


def test_csv_header_is_required(tmp_path: Path) -> None:
    from qualcheck.errors import InputError

    path = tmp_path / "plans.csv"
    path.write_text("A1,BSB50311,BSBCCO504A,completed\n")
    with pytest.raises(InputError, match="missing columns student, qualification, unit, outcome"):
        read_csv(path)


def test_completion_of_an_unknown_enrolment_is_judged(tmp_path: Path) -> None:
    enrolment = Enrolment("S9", "BSB50311", "NAT00130.txt", [], ("NAT00130.txt", 4))
    judgement = judge(enrolment, Register(ROOT / "data"))
    assert judgement.unsupported_completion and judgement.line == 4
    assert judgement.reasons[0].message.startswith("NAT00130.txt:4 reports BSB50311 completed")


def test_a_unit_reported_twice_counts_once_and_achieved_wins() -> None:
    records = [UnitRecord(u, Treatment.ACHIEVED, i + 1) for i, u in enumerate(VALID[:-1])]
    records.insert(0, UnitRecord(VALID[-1], Treatment.IN_PROGRESS, 20))  # continuing last year
    records.append(UnitRecord(VALID[-1], Treatment.ACHIEVED, 21))  # achieved this year
    records.append(UnitRecord(VALID[0], Treatment.ACHIEVED, 22))  # the same result reported again
    judgement = judge(Enrolment("S1", "BSB50311", "f", records), Register(ROOT / "data"))
    assert judgement.verdict is CohortVerdict.ELIGIBLE
    assert [r.code for r in judgement.reasons] == ["QC901"]  # relevance of electives: a person checks


def test_identical_plans_share_a_check_but_not_a_student_s_reasons() -> None:
    register = Register(ROOT / "data")
    records = [UnitRecord(u, Treatment.ACHIEVED, i + 1) for i, u in enumerate(VALID[:-1])]
    flagged = judge(Enrolment("S1", "BSB50311", "f", list(records), ("c", 1)), register)
    plain = judge(Enrolment("S2", "BSB50311", "g", list(records)), register)
    again = judge(Enrolment("S3", "BSB50311", "h", list(records), ("c", 2)), register)
    assert [r.code for r in flagged.reasons] == ["completion", "QC102", "QC201"]
    assert [r.code for r in plain.reasons] == ["QC102", "QC201"]
    assert again.reasons[0].message.startswith("c:2 ") and len(again.reasons) == 3


def test_a_unit_of_unknown_level_leaves_the_student_not_judged() -> None:
    # CHCMHS001's code has no level digit: whether it may stand in for BSB50311's last elective
    # is for a person to decide, so the student is neither eligible nor unable to complete.
    records = [UnitRecord(u, Treatment.ACHIEVED, i + 1) for i, u in enumerate(VALID[:-1])]
    records.append(UnitRecord("CHCMHS001", Treatment.ACHIEVED, 10))
    judgement = judge(Enrolment("S1", "BSB50311", "f", records), Register(ROOT / "data"))
    assert judgement.verdict is CohortVerdict.NOT_JUDGED
    assert "QC202" in [r.code for r in judgement.reasons]
    assert all("not decided" in r.message for r in judgement.reasons if r.code != "QC207")
    assert any(r.code == "QC207" and "CHCMHS001: its AQF level" in r.message for r in judgement.reasons)
    # The fix says how to confirm from an audit, whose input holds no confirmations.
    assert all("qualcheck validate" in r.hint for r in judgement.reasons if "confirmed:" in r.hint)
    assert any("confirmed:" in r.hint for r in judgement.reasons)


def test_program_names_come_from_nat00030_or_nat00030a(tmp_path: Path) -> None:
    write(tmp_path, "NAT00120.txt", [activity("S1", "BSBCCO504A", "BSB50311", "20")])
    name = "Diploma of Business".ljust(100)
    write(tmp_path, "NAT00030A.txt", ["BSB50311".ljust(10) + name + "0000" + "11421080399121111Y"])
    result, _ = read_avetmiss(tmp_path)
    assert result.program_names == {"BSB50311": "Diploma of Business"}
    assert result.sources[-1].endswith("NAT00030A.txt") and not result.problems
    # With both files, NAT00030 is read first and its name is kept.
    write(tmp_path, "NAT00030.txt", ["BSB50311".ljust(10) + "Diploma of Business (NAT00030)".ljust(100)])
    result, _ = read_avetmiss(tmp_path)
    assert result.program_names == {"BSB50311": "Diploma of Business (NAT00030)"}


def test_a_malformed_line_goes_to_the_pairs_it_may_belong_to_in_any_row_order(tmp_path: Path) -> None:
    lines = [activity("S1", u, "BSB50311", "20") for u in VALID] + [
        activity("S1", VALID[0], "CHC33021", "20")
    ]
    short = activity("S1", VALID[1], "BSB50311", "20")[:60]  # too short: its program may be misread
    narrow = activity("S2", VALID[1], "BSB50311", "20")
    narrow = narrow[:30] + narrow[31:]  # the subject one column narrow: the program reads 'SB50311'
    lines += [
        short,
        narrow,
        activity("S2", VALID[0], "BSB50311", "20"),
        activity("S2", VALID[0], "CHC33021", "20"),
    ]
    lines += [activity("S3", VALID[0], "BSB50311", "X1"), activity("S4", VALID[0], "", "X1")]  # no other line
    lines.append("\x1b[31m".ljust(20) + "\x1b[31m".ljust(10) + "bad")  # no readable student
    bad = activity("S5", VALID[0], "BSB50311", "20")[:45] + "\u00e9"  # not ASCII after the client
    for seed in (None, 1, 2):
        shuffled = list(lines) + [bad]
        if seed is not None:
            random.Random(seed).shuffle(shuffled)
        write(tmp_path, "NAT00120.txt", shuffled)
        result, enrolments = read_avetmiss(tmp_path)
        linked = {
            (e.student, e.qualification): sorted(p.message[:12] for p in e.malformed) for e in enrolments
        }
        assert linked == {
            ("S1", "BSB50311"): ["line is 60 c"],
            ("S1", "CHC33021"): ["line is 60 c"],
            ("S2", "BSB50311"): ["unknown nati"],
            ("S2", "CHC33021"): ["unknown nati"],
            ("S3", "BSB50311"): ["unknown nati"],
            ("S4", ""): ["unknown nati"],  # a blank program on a malformed line is not read as none
            ("S5", ""): ["byte 0xe9 at"],
        }
        assert len(result.problems) == 6
        judged = [judge(e, Register(ROOT / "data")) for e in enrolments]
        assert {j.verdict for j in judged} == {CohortVerdict.NOT_JUDGED}
        s2 = next(j for j in judged if (j.student, j.qualification) == ("S2", "BSB50311"))
        assert "names SB50311, which none of their other lines does" in s2.reasons[0].message


def test_a_malformed_completion_leaves_its_student_unjudged(tmp_path: Path) -> None:
    write(tmp_path, "NAT00120.txt", [activity("S1", u, "BSB50311", "20") for u in VALID])
    write(tmp_path, "NAT00130.txt", ["0000012345" + "".ljust(10) + "S1".ljust(10) + "01122024Y"])
    result = run_audit(tmp_path, None, SETTINGS)
    assert [(j.student, j.verdict) for j in result.judgements] == [("S1", CohortVerdict.NOT_JUDGED)]
    assert result.judgements[0].reasons[0].message.endswith("blank program identifier")
    assert result.exit_code() == 2


def test_identical_plans_with_different_records_get_their_own_fixes() -> None:
    register = Register(ROOT / "data")
    records = [UnitRecord(u, Treatment.ACHIEVED, i + 1) for i, u in enumerate(VALID) if u != "BSBCCO501B"]
    plain = judge(Enrolment("S1", "BSB50311", "f", list(records)), register)
    withdrew = records + [UnitRecord("BSBAUD501B", Treatment.NOT_ACHIEVED, 30)]
    withdrawn = judge(Enrolment("S2", "BSB50311", "f", withdrew), register)
    hint = {j.student: next(r.hint for r in j.reasons if r.code == "QC203") for j in (plain, withdrawn)}
    assert "BSBAUD501B" not in records and "BSBAUD501B" not in hint["S2"] and "such as" in hint["S2"]
    again = judge(Enrolment("S3", "BSB50311", "f", list(records)), register)
    assert next(r.hint for r in again.reasons if r.code == "QC203") == hint["S1"]


def test_one_students_unexpected_failure_never_loses_the_cohort(monkeypatch: pytest.MonkeyPatch) -> None:
    from qualcheck.audit import cohort

    real = cohort._judge

    def breaks_for_s2(
        enrolment: Enrolment, register: Register, judgement: cohort.Judgement, scope: object, as_of: object
    ) -> None:
        if enrolment.student == "S2":
            raise RuntimeError("something the code did not expect")
        real(enrolment, register, judgement, None, None)

    monkeypatch.setattr(cohort, "_judge", breaks_for_s2)
    monkeypatch.delenv("QUALCHECK_DEBUG", raising=False)
    register = Register(ROOT / "data")
    records = [UnitRecord(u, Treatment.ACHIEVED, i + 1) for i, u in enumerate(VALID)]
    first = judge(Enrolment("S1", "BSB50311", "f", records), register)
    second = judge(Enrolment("S2", "BSB50311", "f", records), register)
    assert first.verdict is CohortVerdict.ELIGIBLE
    assert second.verdict is CohortVerdict.NOT_JUDGED
    assert (
        second.reasons[0].code == "QC009" and "something the code did not expect" in second.reasons[0].message
    )


def test_each_reason_names_the_students_own_rows() -> None:
    # Two students with the same units on different lines: the engine's reasons are shared, the
    # rows they point at are each student's own.
    register = Register(ROOT / "data")
    units = VALID[:-1]  # one elective short
    first = [UnitRecord(u, Treatment.ACHIEVED, i + 2) for i, u in enumerate(units)]
    second = [UnitRecord(u, Treatment.ACHIEVED, i + 40) for i, u in enumerate(units)]
    a = judge(Enrolment("S1", "BSB50311", "f", first), register)
    b = judge(Enrolment("S2", "BSB50311", "f", second), register)
    electives_a = next(r for r in a.reasons if r.code == "QC201")
    electives_b = next(r for r in b.reasons if r.code == "QC201")
    assert electives_a.units == electives_b.units and electives_a.units
    line_of = {r.code: r.line for r in second}
    assert electives_b.lines == tuple(sorted(line_of[c] for c in electives_b.units))
    assert all(line >= 40 for line in electives_b.lines) and all(line < 40 for line in electives_a.lines)


def _dated(line: str, start: str) -> str:
    """A NAT00120 record with another activity start date (columns 53-60)."""
    return line[:52] + start + line[60:]


@pytest.mark.parametrize(
    ("start", "issued", "verdict", "qc402"),
    [
        # BSB50311 was superseded by BSB50315 on 2015-03-24: its window closed 2016-03-24.
        ("01022015", "01122015", CohortVerdict.ELIGIBLE, False),
        ("01022017", "01122017", CohortVerdict.CANNOT_COMPLETE, True),  # enrolled after the cut-off
        ("01022015", "01062016", CohortVerdict.CANNOT_COMPLETE, True),  # issued after the window closed
        ("99999999", "01122015", CohortVerdict.ELIGIBLE, False),  # a start date that cannot be read
    ],
)
def test_the_transition_window_from_nat_dates(
    tmp_path: Path, start: str, issued: str, verdict: CohortVerdict, qc402: bool
) -> None:
    write(tmp_path, "NAT00120.txt", [_dated(activity("S1", code, "BSB50311", "20"), start) for code in VALID])
    write(tmp_path, "NAT00130.txt", [completion("S1", "BSB50311", issued)])
    (judgement,) = run_audit(tmp_path, None, SETTINGS).judgements
    assert judgement.verdict is verdict
    assert any(r.code == "QC402" for r in judgement.reasons) is qc402


def test_a_parchment_issued_after_the_window_fails_though_completed_in_time(tmp_path: Path) -> None:
    write(
        tmp_path,
        "NAT00120.txt",
        [_dated(activity("S1", code, "BSB50311", "20"), "01022015") for code in VALID],
    )
    # Completed 2015-12-01, within the window; the parchment (after the issued flag) on 2016-05-01.
    write(tmp_path, "NAT00130.txt", [completion("S1", "BSB50311", "01122015") + "01052016"])
    (judgement,) = run_audit(tmp_path, None, SETTINGS).judgements
    assert judgement.verdict is CohortVerdict.CANNOT_COMPLETE
    assert any(r.code == "QC402" and "issued on 2016-05-01" in r.message for r in judgement.reasons)


def test_enrolled_in_a_closed_2015_window_and_never_issued_cannot_complete(tmp_path: Path) -> None:
    lines = [_dated(activity("S1", code, "BSB50311", "20"), "01022015") for code in VALID]
    # A credit transfer's older start is not training delivered here: it does not move the enrolment.
    lines.append(_dated(activity("S1", "BSBCUS501C", "BSB50311", "60"), "01012010"))
    write(tmp_path, "NAT00120.txt", lines)
    import datetime as dt

    (judgement,) = run_audit(tmp_path, None, SETTINGS, as_of=dt.date(2026, 12, 1)).judgements
    assert judgement.verdict is CohortVerdict.CANNOT_COMPLETE
    assert any(r.code == "QC402" and "not issued by 2016-03-24" in r.message for r in judgement.reasons)
