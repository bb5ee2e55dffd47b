"""Saved responses in a folder laid out by the API's paths (`--from DIR`).

`training/BSB50311` is read from `DIR/training/BSB50311.json`, `metadata` from
`DIR/metadata.json`, `content/bundle/ID` from `DIR/content/bundle/ID.json`. The path is built
only from segments `client.segment` has checked (letters, digits, `.`, `_`, `-`; never `..`,
never empty, never absolute), and the file found must lie inside DIR once links are resolved and
be a regular file of bounded size: a code or an ID from a response never reaches another file.
"""

from __future__ import annotations

import os
from pathlib import Path

from qualcheck.io.reading import open_input

MAX_BYTES = 32 * 1024 * 1024


class SavedMissing(Exception):
    """No saved response for the path (the client reports it as a 404 would be)."""


def saved_file(root: Path, segments: tuple[str, ...]) -> Path:
    """The file that holds the saved response for the API path `segments`."""
    *folders, last = segments
    return root.joinpath(*folders, f"{last}.json")


def read_saved(root: Path, segments: tuple[str, ...]) -> bytes:
    """The saved body; SavedMissing when there is none, OSError when it cannot be read."""
    path = saved_file(root, segments)
    base = root.resolve()
    try:
        real = path.resolve(strict=True)
    except (FileNotFoundError, NotADirectoryError):
        raise SavedMissing(str(path)) from None
    if real != base and base not in real.parents:
        raise OSError(0, f"{path} leads outside {root}", str(path))
    if not os.path.isfile(real):
        raise OSError(0, f"{path} is not a regular file", str(path))
    with open_input(real) as stream:
        data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise OSError(0, f"{path} is larger than {MAX_BYTES // (1024 * 1024)} MB", str(path))
    return data
