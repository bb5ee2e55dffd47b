"""Read packaging-rule sentences one by one: what kind of rule each states, with its numbers.

Each sentence becomes a `Reading`; `rules.py` turns the readings into typed rules. A sentence
this module cannot read is `unread`, and the reason says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qualcheck.importer.pagetext import Line
from qualcheck.importer.unitlists import slug
from qualcheck.importer.wording import levels_in, normalise, packages_in

_BULLET = re.compile(r"^(?:[•·▪◦‣∙*§]|o(?=\s)|-(?!\d)|–|\d+[.)](?=\s))\s*")
_GUIDANCE = (
    "relevant to", "vocational outcome", "integrity", "industry-supported", "aqf alignment",
    "recommended", "employers may", "in line with", "any combination of electives",
    "electives may be packaged", "foundation knowledge", "training contract", "must have completed",
    "hours of work", "guided by", "job outcome", "does not duplicate", "do not duplicate", "not duplicate",
    "licensing requirements", "reflect current occupational",
)  # fmt: skip
#: Why a sentence of one specialisation's own rule set stays manual.
RULE_SETS = "needs a rule the language cannot say yet: one of several rule sets"
_LISTED = re.compile(
    r"\b(?:electives? (?:units )?listed|listed electives?|elective units? (?:listed )?below|"
    r"electives? below|the list below|elective units listed|units listed below|this qualification's list|"
    r"listed in the packaging rules|(?:elective )?groups listed)"
)
_IMPORT = re.compile(
    r"\b(?:training packages?|accredited courses?|qualifications? (?:at|in)\b|level qualifications?|"
    r"(?:certificate [iv]+|diploma) qualifications?|qualifications at|from outside this qualification)"
)

# Headings inside the rules that state no rule. Only these shapes: any other short sentence ("No
# imports permitted", "Plus 2 electives") may be a rule, so it stays unread and is listed.
_HEADING = re.compile(
    r"^(?:core|electives?|core units?|elective units?|specialisations?|(?:year|stage) \d|part [a-z0-9])$"
)


@dataclass
class Source:
    """Where units may come from: listed groups, an import window, or any elective at some levels."""

    groups: tuple[str, ...] = ()
    window: tuple[tuple[int, ...], tuple[str, ...]] | None = None  # levels, packages allowed
    levels: tuple[int, ...] = ()
    reading: str = ""
    # "other Training Packages": the window leaves out the packages the page names elsewhere (or
    # the qualification's own); `rules.build` settles which, into `excluded`.
    other: bool = False
    excluded: tuple[str, ...] = ()

    def empty(self) -> bool:
        return not (self.groups or self.window is not None or self.levels)


@dataclass
class Reading:
    line: Line
    text: str  # the sentence as the page writes it (bullet removed)
    kind: str
    count: int | None = None
    counts: tuple[int | None, int | None, int | None] = (None, None, None)  # total, core, electives
    source: Source = field(default_factory=Source)
    nested: tuple[int, Source] | None = None
    specialisation: tuple[str, str] | None = None  # key, title
    all_of: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class Context:
    level: int
    groups: dict[str, str]  # key -> title, in page order


def clean(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _BULLET.sub("", text).strip()
    return text


def read_sentence(line: Line, context: Context) -> Reading:
    text = clean(line.text)
    reading = _read(normalise(text), context)
    reading.line = line
    reading.text = text
    if reading.specialisation:
        key, title = reading.specialisation
        found = re.search(re.escape(title), text, re.IGNORECASE)
        reading.specialisation = (key, found.group(0) if found else title)
    return reading


def _r(kind: str, **values: object) -> Reading:
    return Reading(line=Line(0, ""), text="", kind=kind, **values)  # type: ignore[arg-type]


def _read(t: str, ctx: Context) -> Reading:
    t = re.sub(r"^(?:and|plus|or)\s+", "", t).strip()
    body = t.rstrip(" .;:")
    if m := re.search(r"to the value of (\d+) points", body):
        return _r("points-total", count=int(m.group(1)))
    if re.match(r"^specialisation \d+ [-–] [a-z]", body):
        return _r("heading")  # one entry of a list of the specialisations' names
    if re.search(
        r"\brequirements of (?:only )?1 specialisation must be met\b|\b1 specialisation must be met\b", body
    ):
        return _r("unread", reason=f"{RULE_SETS} (one specialisation's rules must be met)")
    if re.search(r"\ball (?:\d+ )?(?:of the )?(?:elective )?(?:units|electives)?\b.*\bor all\b", body):
        return _r("unread", reason=f"{RULE_SETS} (one set of units or another)")
    if m := re.match(
        r"^(?:at least|a minimum of) (\d+) (group [a-z0-9]+) (?:elective units?|electives?) must be "
        r"(?:selected|completed|chosen) for (?:the )?award of .*\(([^)]+)\)$",
        body,
    ):
        # "at least 4 Group A electives must be selected for the award of ... (Case Management)".
        reading = _sourced("at-least", int(m.group(1)), m.group(2), ctx)
        if reading.kind != "unread":
            name = m.group(3).strip()
            reading.specialisation = (slug(name), name)
        return reading
    if m := re.match(
        r"^to be awarded (?:the )?.*\(([^)]+)\),? the following (?:packaging )?rules apply$", body
    ):
        name = m.group(1).strip()
        return _r("rule-set", specialisation=(slug(name), name))
    if m := re.search(
        r"\brequires? the (?:achievement|completion) of (\d+) units?(?: of competency)?\b", body
    ):
        return _r("counts", counts=(int(m.group(1)), None, None))
    if m := re.match(
        r"^(\d+) units?(?: of competency)?,? (?:including|comprising|made up of|consisting of) "
        r"(\d+) core units? "
        r"(?:and|plus) (\d+) elective units?",
        body,
    ):
        return _r("counts", counts=(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    if m := re.match(r"^total (?:number of )?units\s*(?:=|:|is)?\s*(\d+)$", body):
        return _r("counts", counts=(int(m.group(1)), None, None))
    if m := re.match(
        r"^(?:completion of )?(?:a |the )?total (?:number )?of (\d+) units?(?: of competency)?"
        r"(?:,? (?:comprising|consisting of|made up of|including)(?: of)?)?(?: are required| is required)?"
        r"(?: for (?:the )?award of .*)?$",
        body,
    ):
        return _r("counts", counts=(int(m.group(1)), None, None))
    if m := re.match(
        r"^(core|elective) units?\s*(?:=|:|-)\s*(\d+)(?: units?(?: of competency)?)?"
        r"(?:,? (?:of which|consisting of|comprising)(?: of)?)?$",
        body,
    ):
        number = int(m.group(2))
        return _r("counts", counts=(None, number, None) if m.group(1) == "core" else (None, None, number))
    if (m := re.match(r"^(\d+) units?(?: of competency)?\b(.*)$", body)) and not re.search(
        r"\b(?:core|elective|from|group|listed|training packages?|accredited|may)\b", m.group(2)
    ):
        return _r("counts", counts=(int(m.group(1)), None, None))
    if (m := re.match(r"^(\d+) core units?\b(.*)$", body)) and "from" not in m.group(2):
        return _r("counts", counts=(None, int(m.group(1)), None))
    if (m := re.match(r"^(\d+) elective units?\b(.*)$", body)) and not re.search(r"\bfrom\b", m.group(2)):
        return _r("counts", counts=(None, None, int(m.group(1))))
    if m := re.match(
        r"^all (group [a-z0-9]+(?: and all group [a-z0-9]+)*) (?:elective units?|electives) must be "
        r"(?:selected|completed|chosen) for (?:the )?award of .*\(([^)]+)\)$",
        body,
    ):
        groups = tuple(g.upper() for g in re.findall(r"group ([a-z0-9]+)", m.group(1)))
        return _specialisation(m.group(2), groups, ctx)
    if m := re.match(
        r"^for (?:the )?award (?:of|with) (?:the )?(.+?) specialisation,? (?:complete|select|include) all "
        r"(?:units|electives|elective units) (?:of|from|in) (group [a-z0-9]+(?: and group [a-z0-9]+)*)$",
        body,
    ):
        groups = tuple(g.upper() for g in re.findall(r"group ([a-z0-9]+)", m.group(2)))
        return _specialisation(m.group(1), groups, ctx)
    if m := re.match(r"^to achieve the occupation(?:al)? outcome of (.+?),? electives must include$", body):
        name = m.group(1).strip()
        return _r("context", specialisation=(slug(name), name.title() if name.islower() else name))
    if m := re.match(r"^all (group [a-z0-9]+) (?:elective units?|electives)$", body):
        return _r("all-of", all_of=(m.group(1).split()[-1].upper(),))
    if re.search(r"\b(?:choose|select) (?:only )?1 (?:only )?of\b|\b1 only of\b", body):
        codes = tuple(
            c.upper()
            for c in re.findall(r"\b[a-z]{3}[a-z0-9]{3,12}\b", body)
            if any(ch.isdigit() for ch in c)
        )
        if len(codes) >= 2:
            return _r("choice", units=codes)
        return _r("unread", reason="a choice whose units the sentence does not name")
    if "prerequisite" in body and ("asterisk" in body or "*" in body):
        return _r("prereq-note")
    if m := re.match(r"^(?:for )?the remaining (?:(\d+) )?(?:elective )?(?:units?\b)?(.*)$", body):
        if not re.search(r"\bfrom\b", m.group(2)):
            return _r("lead-in") if t.endswith(":") else _r("unread", reason="no source named")
        return _sourced("remaining", None, m.group(2), ctx)
    cap = re.match(
        r"^(?:if not listed(?: below)?,? |where appropriate,? (?:to address [a-z ]+,? )?)?"
        r"(?:up to|a maximum of|maximum of|no more than|not more than) (\d+)\b(.*)$",
        body,
    ) or re.match(
        r"^(?:if not listed(?: below)?,? )?(\d+) of the \d+ (?:elective )?units?\b(.*?\bmay be\b.*)$", body
    )
    if cap is None:
        m = re.match(r"^(?:if not listed(?: below)?,? )?(\d+) (?:elective )?units?\b(.*?\bmay be .*)$", body)
        cap = m if m and (_IMPORT.search(m.group(2)) or levels_in(m.group(2), ctx.level)) else None
    if cap:
        return _sourced("cap", int(cap.group(1)), cap.group(2), ctx)
    if m := re.match(r"^all (\d+) (?:elective )?units? may be (?:chosen |selected )?from (.*)$", body):
        return _sourced("allow", int(m.group(1)), m.group(2), ctx)
    if m := re.match(
        r"^(\d+) (?:elective )?units? ((?:listed|from)\b.*\b(?:or|and)\b.*"
        r"\b(?:training packages?|accredited courses?)\b.*)$",
        body,
    ):
        # "2 units listed in the packaging rules or elsewhere in SHB ..., or any other ...": the others.
        return _sourced("allow", int(m.group(1)), m.group(2), ctx)
    if m := re.match(
        r"^(?:at least|a minimum of|minimum of) (\d+) (?:elective )?(?:units?|electives?) "
        r"(?:must|shall|are to|to)? ?(?:be )?(?:selected |chosen |completed )?from (.+?) "
        r"(?:electives? )?(?:must be selected )?"
        r"for (?:the )?award of .*\(([^)]+)\)$",
        body,
    ):
        # "At least 3 electives must be selected from Group A ... for the award of ... (Picking)".
        reading = _sourced("at-least", int(m.group(1)), m.group(2), ctx)
        if reading.kind != "unread":
            name = m.group(3).strip()
            reading.specialisation = (slug(name), name)
        return reading
    least = re.match(
        r"^(?:at least|a minimum of|minimum of|minimum) (\d+)\b(.*\bfrom\b.*)$", body
    ) or re.match(
        r"^(\d+) (?:elective )?units? (?:must|shall|are to|to|should)?\s*(?:be )?"
        r"(?:selected |chosen |completed )?"
        r"(?:from|in) (.*)$",
        body,
    )
    if least:
        return _sourced("at-least", int(least.group(1)), least.group(2), ctx)
    if any(word in body for word in _GUIDANCE):
        return _r("guidance")
    if _LISTED.search(body) or (_IMPORT.search(body) and "packaged" in body):
        return _sourced("allow", None, body, ctx)
    if t.endswith(":"):
        return _r("lead-in")
    if _HEADING.match(body):
        return _r("heading")  # "Electives", "Year 1": a heading inside the rules, no rule
    return _r("unread", reason="no known rule form")


def _specialisation(name: str, groups: tuple[str, ...], ctx: Context) -> Reading:
    missing = [g for g in groups if g not in ctx.groups]
    if missing:
        return _r("unread", reason=f"names Group {', '.join(missing)}, which the page does not list")
    title = name.strip()
    return _r("all-of", all_of=groups, specialisation=(slug(title), title))


def _sourced(kind: str, count: int | None, fragment: str, ctx: Context) -> Reading:
    nested = None
    inner = re.search(r",? including (?:at least )?(\d+) (?:units? )?(?:from|of) (.*)$", fragment)
    if inner:
        fragment = fragment[: inner.start()]
        nested_source = _source(inner.group(2), ctx)
        if isinstance(nested_source, str):
            return _r("unread", reason=nested_source)
        nested = (int(inner.group(1)), nested_source)
    source = _source(fragment, ctx)
    if isinstance(source, str):
        return _r("unread", reason=source)
    return _r(kind, count=count, source=source, nested=nested)


def _level_words(found: tuple[tuple[int, ...], str]) -> str:
    numbers = "AQF " + ", ".join(str(level) for level in found[0])
    return numbers if found[1].startswith("AQF levels") else f"{found[1]} ({numbers})"


def _source(fragment: str, ctx: Context) -> Source | str:
    """The units a 'from ...' phrase names; a string says why it cannot be read."""
    text = fragment
    groups: list[str] = []
    for m in re.finditer(
        r"\bgroups? ([a-z0-9]\b(?:(?:\s*,\s*|\s+or\s+|\s+and\s+|\s*,\s*or\s+)(?:group\s+)?[a-z0-9]\b)*)", text
    ):
        groups += [g.upper() for g in re.findall(r"\b([a-z0-9])\b", m.group(1).replace("group", ""))]
    for key, title in ctx.groups.items():
        if len(key) > 2:
            name = re.sub(r"\b(?:group|electives?|units?)\b", " ", title.lower())
            name = re.sub(r"\s+", " ", name).strip()
            if name and re.search(rf"\b{re.escape(name)}\b(?: group| electives?)", text):
                groups.append(key)
    if _LISTED.search(text) and not groups:
        groups = list(ctx.groups)
        if not groups:
            return "names listed electives, but the page lists none"
    missing = [g for g in groups if g not in ctx.groups]
    if missing:
        return f"names Group {', '.join(missing)}, which the page does not list"
    source = Source(groups=tuple(dict.fromkeys(groups)))
    level_only = re.search(
        r"\bfrom an? ((?:advanced )?diploma|certificate [iv]+) level qualification\b", text
    )
    if level_only:
        found = levels_in(level_only.group(0), ctx.level)
        if found:
            source.levels = found[0]
            named = ", ".join(map(str, found[0]))
            source.reading = f"any elective at AQF {named}, listed or imported (the stricter reading)"
    elif _IMPORT.search(text) or re.search(r"\bany (?:other )?(?:current|endorsed)", text):
        found = levels_in(text, ctx.level)
        levels = found[0] if found else ()
        if "maintains the aqf level" in text or "maintain the aqf level" in text:
            levels = (ctx.level,)
            found = (levels, "this qualification's level, which the sentence says the unit must keep")
        packages = packages_in(text)
        if re.search(r"\b(?:another|any)\b[a-z ]*(?:training package|accredited course)", text):
            packages = ()
        source.window = (levels, packages)
        where = f" from {', '.join(packages)}" if packages else " from any package or course"
        source.reading = "imported units" + where + (f" at {_level_words(found)}" if found else ", any level")
        # "in other relevant Training Packages", but not "this or any other" nor "in CHC, or another".
        # "... or another endorsed Training Package" adds every other package: any package.
        source.other = (
            bool(
                re.search(
                    r"\b(?:other|another) (?:relevant |current |currently |endorsed )*training packages?",
                    text,
                )
            )
            and not packages_in(text)
            and not re.search(r"\bthis or (?:any )?other\b|\bor (?:in )?(?:any )?another\b", text)
        )
    if source.empty():
        return "names no group, list, level or package it can encode"
    return source
