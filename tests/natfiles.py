"""Hand-made AVETMISS records for tests: each field placed at its column, padded with spaces."""

from __future__ import annotations

from pathlib import Path

CORE = ["BSBCCO504A", "BSBLED501A", "BSBMGT516C"]
# 3 core + 2 Group A + 5 Group B (at most 2 of them Certificate IV): a valid BSB50311 plan.
VALID = CORE + [
    "BSBAUD501B",
    "BSBCCO501B",
    "BSBCOM501B",
    "BSBCOM502B",
    "BSBRSK501B",
    "BSBWOR502B",
    "BSBINN502A",
]


def activity(client: str, subject: str, program: str, outcome: str, *, pad: bool = True) -> str:
    """One NAT00120 record; columns 1-75 carry values, the rest is padding."""
    line = (
        "0000012345"  # training organisation identifier, 1-10
        + "MAIN".ljust(10)  # delivery location, 11-20
        + client.ljust(10)  # client identifier, 21-30
        + subject.ljust(12)  # subject identifier, 31-42
        + program.ljust(10)  # program identifier, 43-52
        + " " * 8  # activity start date, 53-60: blank, so no transition window is judged
        + " " * 8  # activity end date, 61-68
        + "YNN"  # delivery mode identifier, 69-71
        + outcome.ljust(2)  # outcome identifier - national, 72-73
        + "11"  # funding source - national, 74-75
    )
    return line.ljust(158) if pad else line


def completion(client: str, program: str, date: str = "01122015", issued: str = "Y") -> str:
    return "0000012345" + program.ljust(10) + client.ljust(10) + date + issued


def write(folder: Path, name: str, lines: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(
        ("\r\n".join(lines) + "\r\n").encode("latin-1")
    )  # one byte per character, as in the files
    return path
