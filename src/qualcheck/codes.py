"""Every finding code qualcheck can report, with its meaning.

Codes are grouped by hundreds: QC0xx input and data, QC1xx core and totals, QC2xx electives and
their sources, QC3xx prerequisites and entry, QC4xx currency, QC5xx compliance gates (scope of
registration), QC9xx checks left to a person. A result marked
`undecided` (status `manual`) is a rule the data cannot decide; it makes the plan's verdict
`undecided`. A code never changes meaning once released.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FindingKind:
    code: str
    name: str
    summary: str
    explanation: str
    alias_of: str | None = None  # an old code for what this code now reports; never reported itself
    # `[tool.qualcheck] severity` may soften or harden it: notes on single entries only, never a
    # packaging rule's result or an input error (a setting must not declare an invalid plan valid).
    adjustable: bool = False
    counts_units: bool = False  # its `units` are the ones that counted towards the rule


_KINDS = [
    FindingKind(
        "QC000",
        "unreadable-file",
        "A file cannot be read.",
        "The file is missing, is a folder, is not UTF-8 text, cannot be opened, or is larger than "
        "1 MB (a plan) or 4 MB (a page for import tga). Exit code 2.",
    ),
    FindingKind(
        "QC001",
        "yaml-syntax",
        "The file is not valid YAML, or uses YAML features plans do not allow.",
        "Syntax errors, tags such as !!python/object, anchors and aliases, and very deep nesting "
        "are refused with the line and column of the problem. Exit code 2.",
    ),
    FindingKind(
        "QC002",
        "duplicate-key",
        "A mapping has the same key twice.",
        "YAML would silently keep the last value; qualcheck refuses the file instead. Exit code 2.",
    ),
    FindingKind(
        "QC003",
        "unknown-field",
        "A field name is not part of the format.",
        "Misspelt fields are caught rather than ignored; the message suggests the closest known "
        "field. Exit code 2.",
    ),
    FindingKind(
        "QC004",
        "invalid-value",
        "A value has the wrong type or form.",
        "For example a lower-case unit code, an outcome that is not one of the known outcomes, "
        "a release that is not a whole number, or a plan of more than 1,000 units. Exit code 2.",
    ),
    FindingKind(
        "QC005",
        "missing-field",
        "A required field is missing.",
        "A plan needs `qualification` and `units`. Exit code 2.",
    ),
    FindingKind(
        "QC006",
        "cannot-write",
        "An output file cannot be written, or exists already.",
        "Files are written whole (to a temporary file, then renamed), and an existing file is "
        "replaced only with --force. Exit code 2.",
    ),
    FindingKind(
        "QC009",
        "internal-error",
        "qualcheck failed while checking this plan.",
        "A fault in qualcheck, not in the plan: the other plans are still checked and reported. "
        "Please report it with the command you ran; `qualcheck --debug validate ...` shows the "
        "traceback. Exit code 2.",
    ),
    FindingKind(
        "QC010",
        "unknown-qualification",
        "The plan names a qualification the register does not hold.",
        "Nothing can be checked without the qualification's rules. The message suggests the closest "
        "code held; `--data` points at another register. Exit code 2.",
    ),
    FindingKind(
        "QC011",
        "unknown-unit",
        "A unit code is not in the register.",
        "Without `from:` the unit's level and existence cannot be known, so the plan cannot be "
        "judged: severity error, exit code 2, with the closest known code suggested. With `from:` "
        "(an imported unit) the level is taken from that qualification and the finding is a "
        "warning: the unit's title and status are not verified.",
        adjustable=True,
    ),
    FindingKind(
        "QC012",
        "unknown-release",
        "The plan names a release the register does not hold.",
        "Packaging rules change between releases; checking against another release could give a "
        "wrong answer. Exit code 2.",
    ),
    FindingKind(
        "QC013",
        "unknown-specialisation",
        "The plan names a specialisation the qualification does not have.",
        "Exit code 2.",
    ),
    FindingKind(
        "QC014",
        "release-not-recorded",
        "The plan names a release, and the register does not record which release its rules are.",
        "No source showed the release number of the register's file, so the rules may be another "
        "release's. The result is undecided (exit code 1) until the release is recorded in the "
        "register or a person confirms it in the plan: `{rule: release, by, on, evidence}`.",
    ),
    FindingKind(
        "QC015",
        "confirmation-not-needed",
        "A confirmation in the plan settles nothing any rule depends on.",
        "Like an unused suppression comment, a stale confirmation hides nothing today but may mislead "
        "tomorrow: it names a unit, group or rule that no result of this plan depends on (the register "
        "may have been completed since). A warning: remove it, or correct what it names.",
    ),
    FindingKind(
        "QC016",
        "search-limit",
        "A plan's rules cross each other in too many ways to judge exactly within the limits.",
        "The assignment of units to rules is exact. Real packaging rules need a few dozen search "
        "states; past the search's budget (a dozen overlapping minimums and caps) the same problem "
        "is solved as an integer program. Only a problem beyond the solver's guard (20,000 unknowns, "
        "200,000 branch-and-bound nodes, a minute a solve), or a computer where the solver cannot be "
        "loaded, is not judged (exit code 2): rather than guess, a person checks it.",
    ),
    FindingKind(
        "QC020",
        "duplicate-unit",
        "A unit appears twice, or two units are equivalent to each other.",
        "A unit counts once: credit is never given twice for the same unit or for two units that "
        "mappings declare equivalent. Warning: the second entry is not counted, and any rule left "
        "short by that fails on its own.",
        adjustable=True,
    ),
    FindingKind(
        "QC021",
        "not-counted-outcome",
        "A unit's outcome means it cannot count.",
        "Units marked not-yet-competent or withdrawn are listed but never counted.",
        adjustable=True,
    ),
    FindingKind(
        "QC030",
        "equivalent-substitute",
        "A unit counts in place of an equivalent listed unit.",
        "A superseded unit that is equivalent (by mappings, followed through chains in both "
        "directions) to a unit in the qualification's lists counts as that unit. Information.",
        adjustable=True,
    ),
    FindingKind(
        "QC040",
        "inferred-level",
        "A unit's AQF level was inferred, not stated.",
        "An imported unit's level comes from the qualification named in `from:`; when that "
        "qualification is not in the register, its level is read from the code's level digit. "
        "Information.",
        adjustable=True,
    ),
    FindingKind(
        "QC050",
        "register-error",
        "The register (data folder) is missing or inconsistent.",
        "Exit code 2; run `qualcheck check-data` on the folder.",
    ),
    FindingKind(
        "QC051",
        "register-file-name",
        "A register file is named for another code.",
        "`qualifications/BSB50311.yaml` must hold BSB50311: files are found by their name. "
        "Exit code 2 (`check-data`: 1).",
    ),
    FindingKind(
        "QC052",
        "duplicate-definition",
        "The register defines a unit twice, or lists a unit twice in one group.",
        "Which definition counts would depend on file order. Exit code 2 (`check-data`: 1).",
    ),
    FindingKind(
        "QC053",
        "undefined-listed-unit",
        "A qualification lists a unit that no units file defines.",
        "A plan naming that unit could not be judged (its level and title are unknown), so the "
        "register is refused as a whole. Exit code 2 (`check-data`: 1).",
    ),
    FindingKind(
        "QC054",
        "contradictory-rules",
        "No plan can meet the qualification's rules.",
        "For example a minimum larger than the lists it draws on, a cap below a minimum over the "
        "same units, exclusive minimums that together need more electives than count, all of a "
        "list that holds more units than count, a points minimum more than the listed units give, "
        "or a points cap below a points minimum over the same units; a specialisation's rules are "
        "checked with the qualification's. Only what is certain is refused: a set that takes "
        "imports or levels, or draws on a list held only in part, may hold more than the register "
        "shows. Such rules are a transcription error; checking plans against them would fail every "
        "plan. Exit code 2 (`check-data`: 1).",
    ),
    FindingKind(
        "QC055",
        "mapping-cycle",
        "Mappings go round in a circle.",
        "A unit or qualification superseded, through a chain of mappings, by itself. "
        "Exit code 2 (`check-data`: 1).",
    ),
    FindingKind(
        "QC060",
        "config-error",
        "The [tool.qualcheck] settings in pyproject.toml cannot be used.",
        "The file is not valid TOML, names a setting qualcheck does not know (a misspelt setting "
        "would otherwise be ignored), or gives a setting a value of the wrong kind. Exit code 2.",
    ),
    FindingKind(
        "QC061",
        "baseline-error",
        "A baseline file given to --baseline cannot be read or is not one.",
        "The file is missing or unreadable, is not YAML, or does not hold `qualcheck_baseline: 1` "
        "and a list of `findings` as `--write-baseline` writes them; the message names the line and "
        "column and the underlying problem's code. No plan is judged against a baseline that cannot "
        "be read. Exit code 2.",
    ),
    FindingKind(
        "QC065",
        "unit-defined-twice",
        "Alias of QC052, kept for old configurations.",
        "`qualcheck check-data` once reported a unit defined twice as QC065; it now runs the "
        "register's own checks and reports QC052, as `validate` does.",
        alias_of="QC052",
    ),
    FindingKind(
        "QC066",
        "listed-unit-missing",
        "Alias of QC053, kept for old configurations.",
        "`qualcheck check-data` once reported a listed unit that no units file defines as QC066; it "
        "now runs the register's own checks and reports QC053, as `validate` does.",
        alias_of="QC053",
    ),
    FindingKind(
        "QC067",
        "impossible-rule",
        "Alias of QC054, kept for old configurations.",
        "`qualcheck check-data` once reported a rule no plan can meet as QC067; it now runs the "
        "register's own checks and reports QC054, as `validate` does.",
        alias_of="QC054",
    ),
    FindingKind(
        "QC068",
        "mapping-loop",
        "Alias of QC055, kept for old configurations.",
        "`qualcheck check-data` once reported supersession mappings that loop as QC068; it now runs "
        "the register's own checks and reports QC055, as `validate` does.",
        alias_of="QC055",
    ),
    FindingKind(
        "QC062",
        "scope-file",
        "The scope of registration file (--scope) cannot be used.",
        "It is a CSV whose header has no code column (Code, National Code, Training Component Code "
        "and the like), or a value that is not a unit or qualification code, named with its line and "
        "column; or it lists no code. A text file gives one code per line. Exit code 2.",
    ),
    FindingKind(
        "QC070",
        "unrecognised-page",
        "import tga: a page is not a training.gov.au qualification or unit page the importer can read.",
        "No 'CODE - Title (Release N)' heading near the top, or a qualification page without its "
        "Packaging Rules section. Exit code 2.",
    ),
    FindingKind(
        "QC071",
        "unknown-level",
        "import tga: the page does not show an AQF level the importer can read.",
        "Neither a known ASCED level of education nor a level digit in the code. Exit code 2.",
    ),
    FindingKind(
        "QC072",
        "would-overwrite",
        "import tga: an output file exists and would change.",
        "Nothing is written; run again with --force to overwrite or merge. Exit code 2.",
    ),
    FindingKind(
        "QC073",
        "import-would-not-load",
        "import tga: the imported file would not load through the register's models.",
        "Nothing is written. Usually the page states no unit total, or its counts disagree with "
        "its lists. Exit code 2.",
    ),
    FindingKind(
        "QC074",
        "fetch-failed",
        "fetch: a request to the register's API failed, or asked for what it does not hold.",
        "An unknown code or release (HTTP 404), another refusal, or no answer after the retries "
        "(a timeout, a network error, HTTP 429 or 5xx each time); with --from, no saved response. "
        "Nothing is written for that qualification; the others are. Exit code 2.",
    ),
    FindingKind(
        "QC075",
        "response-does-not-fit",
        "fetch: a response of the register's API does not have the shape qualcheck reads.",
        "A missing field, a value of the wrong type, a code that is not a code, text with control "
        "characters, or packaging rules that cannot be found. The message names the URL and the "
        "field. The API is undocumented and may change: nothing is written for that "
        "qualification. Exit code 2.",
    ),
    FindingKind(
        "QC101",
        "core-units",
        "Every core unit is in the plan.",
        "Fails naming each missing core unit. A superseded equivalent unit may stand in for a core "
        "unit (see QC030).",
        counts_units=True,
    ),
    FindingKind(
        "QC102",
        "total-units",
        "The units that count reach the qualification's total.",
        "Counts core units present plus electives that count under every elective rule.",
    ),
    FindingKind(
        "QC103",
        "surplus-units",
        "The plan has more eligible units than the qualification needs.",
        "Warning, not failure: surplus units do not invalidate a qualification, but they will not "
        "count towards it. The message names which units are surplus in the assignment found.",
        adjustable=True,
    ),
    FindingKind(
        "QC104",
        "total-points",
        "The units that count reach the qualification's points total.",
        "For points-based qualifications (engineering, electrotechnology): core points present plus the "
        "points of the electives that count. Each unit's points are those the qualification gives it.",
    ),
    FindingKind(
        "QC201",
        "elective-count",
        "Enough electives count.",
        "An elective counts when it comes from an allowed source and no cap is exceeded. Units are "
        "assigned to rules by an exact search: if any assignment satisfies every rule, the plan "
        "passes.",
        counts_units=True,
    ),
    FindingKind(
        "QC202",
        "elective-sources",
        "Every elective comes from an allowed source.",
        "Allowed sources are the qualification's groups and, where the rules allow, units imported "
        "from qualifications at given AQF levels. A unit outside them fails this rule when the plan "
        "needs it to count, and is a warning when the plan is complete without it.",
    ),
    FindingKind(
        "QC203",
        "at-least",
        "At least N electives come from a given set.",
        "For example '2 units must be from Group A'. Fails with the number still needed and the "
        "units that could be added.",
        counts_units=True,
    ),
    FindingKind(
        "QC204",
        "at-most",
        "At most N electives come from a given set.",
        "For example 'up to 2 units may be from a Certificate IV level qualification'. Units over "
        "the cap do not count; the rule fails when that leaves the plan short.",
    ),
    FindingKind(
        "QC205",
        "all-of",
        "Every unit of a set is among the electives.",
        "For example 'All Group A electives must be selected for award of the ... (Ageing)'. Usually "
        "part of a specialisation. Fails naming the units still missing.",
    ),
    FindingKind(
        "QC206",
        "specialisation-met",
        "The plan meets a specialisation it does not name.",
        "Information: adding `specialisation: KEY` to the plan would award the qualification with that "
        "specialisation.",
    ),
    FindingKind(
        "QC207",
        "unrecorded-fact",
        "A fact about a unit that a rule depends on is not recorded, and how a person confirms it.",
        "Where the register holds a list only in part, defines no units file for a code, or knows no "
        "AQF level for a unit, and some rule's result depends on it, that rule is undecided (the plan's "
        "verdict too) and this note, at the unit's line, names what is not recorded and the "
        "`confirmed:` entry that settles it, e.g. `{unit: HLTAID011, listed_in: C, by: J. Citizen, "
        "on: 2026-11-30, evidence: register page, release 2}`. It is shown only when the verdict "
        "depends on it.",
    ),
    FindingKind(
        "QC208",
        "points-at-least",
        "Electives from a set are worth at least N points.",
        "For example 'a minimum of 20 points from Group A'. Fails with the points still needed.",
    ),
    FindingKind(
        "QC209",
        "points-at-most",
        "At most N points come from a set.",
        "Units beyond the cap do not count towards the points total; any shortfall that causes shows "
        "in the total (QC104).",
    ),
    FindingKind(
        "QC210",
        "missing-points",
        "An elective has no points value in a points-based qualification.",
        "Warning: the unit adds 0 points. The register needs the unit's points value from the "
        "qualification's page.",
    ),
    FindingKind(
        "QC301",
        "prerequisites",
        "Units that need prerequisite units have them in the plan.",
        "Prerequisites come from the qualification's lists (asterisked units) and from unit pages. A "
        "prerequisite held under an equivalent code counts. A prerequisite outside the qualification's "
        "lists is still required; the finding says whether it also counts towards the total.",
    ),
    FindingKind(
        "QC310",
        "entry-requirements",
        "The student holds what the qualification requires for entry.",
        "Checked against the plan's `prior:` list. An option may need a qualification with a named "
        "specialisation, which `prior:` states as `{code: CHC33021, specialisation: Disability}`; a bare "
        "code leaves the specialisation unknown. Without `prior:`, with the specialisation unstated, or "
        "for requirements only a person can judge (such as vocational competence), the result is "
        "manual, never pass.",
    ),
    FindingKind(
        "QC401",
        "currency",
        "A unit or the qualification had stopped being current by the date checked (--as-of, else today).",
        "Warns when a unit was deleted, or superseded by a unit that is not equivalent, on or before "
        "the date, and when the qualification itself was superseded (teach-out applies). Equivalent "
        "supersession is not flagged: the old unit still counts. Dates come from the register's mappings; "
        "one it does not record is said so. A qualification that is not current on the date is also "
        "never reported as issuable, even when every counted unit is achieved.",
    ),
    FindingKind(
        "QC402",
        "transition-window",
        "The plan's enrolled: and issued: dates fall inside the transition window of a superseded "
        "qualification.",
        "Judged by the Standards in force on the date concerned: the Standards for RTOs 2015 until 30 June "
        "2025 (clause 1.26: completed and certified, or transferred, within 1 year of the replacement's "
        "release), the Compliance Standards 2025 from 1 July 2025 (section 14: no new enrolments from 1 "
        "year after the release; enrolled learners complete or transfer in a timely manner). An enrolment "
        "on or after the cut-off fails; an issue date after a window that closed under the 2015 Standards "
        "fails, and under the 2025 Standards is a manual check; a plan enrolled and not issued fails once "
        "a window closed under the 2015 Standards has passed, else warns with the deadline. Superseded "
        "or deleted units get a manual check stating their 1-year window (clause "
        "1.27 lifts it where the qualification lists the superseded unit). Only plans that record a date "
        "are checked.",
    ),
    FindingKind(
        "QC501",
        "on-scope",
        "The qualification and every counted unit are on the RTO's scope of registration (--scope).",
        "Fails when the qualification is not on scope, and when units off scope are in the plan and it "
        "fails without them: a unit off scope cannot count, so every entry off scope is barred from "
        "counting and the rules read as they then do. Units off scope the plan does not need warn. "
        "Units held by credit transfer (issued by another RTO) need no scope. A superseded code on "
        "scope covers its successor only where the register records the two as equivalent.",
    ),
    FindingKind(
        "QC901",
        "manual-check",
        "Guidance a person must confirm.",
        "Sentences of the packaging rules that no program can check (such as relevance to the work "
        "outcome) are shown with status manual; they never make a plan pass or fail.",
    ),
    FindingKind(
        "QC902",
        "unread-rule",
        "A packaging rule sentence the register holds only as text: the plan is undecided until a "
        "person confirms it.",
        "`import tga` and `fetch` keep every sentence they cannot read faithfully as text, marked "
        "`unread: true`. Such a sentence may decide the plan (a count, a cap, a source), so unlike a "
        "manual check (QC901) it keeps the verdict undecided until `confirmed: {rule: ID, ...}` in the "
        "plan records that a person checked it.",
    ),
]

KINDS: dict[str, FindingKind] = {kind.code: kind for kind in _KINDS}
ADJUSTABLE = tuple(kind.code for kind in _KINDS if kind.adjustable)
COUNTING = frozenset(kind.code for kind in _KINDS if kind.counts_units)


def name_of(code: str) -> str:
    return KINDS[code].name
