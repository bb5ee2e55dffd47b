"""Words in rule sentences: counts written as words, AQF level phrases, training package names."""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_NUMBER_WORDS = re.compile(rf"\b(?:(?:{_WORD})(?:[- ](?:{_WORD}))?)\b", re.IGNORECASE)
_WORD_THEN_DIGITS = re.compile(rf"\b(?:{_WORD})(?:[- ](?:{_WORD}))?\s*\((\d+)\)", re.IGNORECASE)

#: AQF levels by the names training.gov.au uses.
LEVEL_NAMES = [
    ("advanced diploma", 6),
    ("graduate certificate", 8),
    ("graduate diploma", 8),
    ("diploma", 5),
    ("certificate iv", 4),
    ("certificate iii", 3),
    ("certificate ii", 2),
    ("certificate i", 1),
]
ALL_LEVELS = (1, 2, 3, 4, 5, 6, 8)

#: Training package names as rule sentences write them.
PACKAGE_NAMES = {
    "business services": "BSB",
    "community services": "CHC",
    "health": "HLT",
    "construction, plumbing and services": "CPC",
    "property services": "CPP",
    "tourism, travel and hospitality": "SIT",
    "manufacturing and engineering": "MEM",
    "training and education": "TAE",
    "electrotechnology": "UEE",
    "information and communications technology": "ICT",
}


#: Codes of training packages, to recognise "in CPP" in a sentence.
PACKAGE_CODES = frozenset(
    [
        "ACM",
        "AHC",
        "AUR",
        "AVI",
        "BSB",
        "CHC",
        "CPC",
        "CPP",
        "CSC",
        "CUA",
        "FBP",
        "FNS",
        "FWP",
        "HLT",
        "ICP",
        "ICT",
        "LGA",
        "MAR",
        "MEA",
        "MEM",
        "MSF",
        "MSL",
        "MSM",
        "MSS",
        "PMA",
        "PMB",
        "PPM",
        "PSP",
        "PUA",
        "RGR",
        "RII",
        "SFI",
        "SHB",
        "SIR",
        "SIS",
        "SIT",
        "TAE",
        "TLI",
        "UEE",
        "UEG",
        "UEP",
        "UET",
    ]
)


def word_number(text: str) -> int | None:
    parts = re.split(r"[- ]", text.lower())
    total = 0
    for part in parts:
        if part in _TENS:
            total += _TENS[part]
        elif part in _UNITS:
            total += _UNITS[part]
        else:
            return None
    return total


def normalise(sentence: str) -> str:
    """Lower case, digits for counts ("Thirty-four (34)" -> "34", "two" -> "2"), plain dashes."""
    text = sentence.replace("–", "-").replace("—", "-").replace("’", "'")
    text = _WORD_THEN_DIGITS.sub(lambda m: m.group(1), text)

    def digits(match: re.Match[str]) -> str:
        value = word_number(match.group(0))
        return str(value) if value is not None else match.group(0)

    text = _NUMBER_WORDS.sub(digits, text)
    text = re.sub(r"\s+", " ", text).strip().lower()
    return text


def levels_in(text: str, own_level: int) -> tuple[tuple[int, ...], str] | None:
    """AQF levels a phrase names, and how it was read; None when it names none.

    `text` is normalised (see `normalise`), so "one higher" reads "1 higher".
    """
    if re.search(r"same (?:aqf )?level or 1 (?:level )?higher", text):
        return _window(own_level, 1), "the same level or one higher"
    if re.search(r"(?:at )?the (?:aqf )?level of this qualification or (?:higher|above)", text):
        return tuple(lv for lv in ALL_LEVELS if lv >= own_level), "this qualification's level or higher"
    if re.search(r"(?:at )?the same (?:aqf )?level(?: as this qualification)?\b", text):
        return (own_level,), "the same level"
    found = re.search(r"(?:aqf\)?|qualifications framework) levels? ((?:\d\s*(?:,|or|and)?\s*)+)", text)
    if found:
        numbers = tuple(sorted({int(d) for d in re.findall(r"\d", found.group(1)) if int(d) in ALL_LEVELS}))
        if numbers:
            return _or_above(numbers, text, found.end()), "AQF levels as stated"
    named: list[int] = []
    last_end = 0
    rest = text
    for name, level in LEVEL_NAMES:
        pattern = rf"\b{name}\b"
        for match in re.finditer(pattern, rest):
            named.append(level)
            last_end = max(last_end, match.end())
        rest = re.sub(pattern, " " * len(name), rest)
    if named:
        return _or_above(tuple(sorted(set(named))), text, last_end), "AQF levels by name"
    return None


def _window(level: int, higher: int) -> tuple[int, ...]:
    index = ALL_LEVELS.index(level)
    return ALL_LEVELS[index : index + 1 + higher]


def _or_above(levels: tuple[int, ...], text: str, end: int) -> tuple[int, ...]:
    after = text[end : end + 40]
    if re.match(r"\s*(?:level\s+)?(?:qualifications?\s+)?(?:or|and) (?:above|higher)", after):
        return tuple(lv for lv in ALL_LEVELS if lv >= min(levels))
    return levels


def packages_in(text: str) -> tuple[str, ...]:
    """Training packages a phrase names, by code ("in CPP") or by name ("Business Services")."""
    found = [code.upper() for code in re.findall(r"\b([a-z]{3})\b", text) if code.upper() in PACKAGE_CODES]
    if "training package" in text:
        for name, code in PACKAGE_NAMES.items():
            if re.search(rf"\b{name}\b(?! (?:and|or) )", text) or re.search(
                rf"\b{name} (?:and/or|and|or) [a-z ]*training package", text
            ):
                found.append(code)
    return tuple(dict.fromkeys(found))
