"""Open input files without ever waiting for ever, and split them into lines in bounded memory.

`open_input` opens a file without blocking and refuses what is not a file to read: a named pipe
(opening one waits until something writes to it, which may be never) and a folder. The check is
made on the opened file, so a file swapped for a pipe between a check and the open cannot slip
through. Devices such as /dev/zero are read like files; their size is bounded by the reader.

`split_lines` reads a stream in fixed-size chunks and yields its lines, ended by LF, CRLF or a
lone CR (as files from old Mac tools are), so no record is lost in one long line. A line longer
than the limit is not kept: it is reported as too long and skipped up to its end, so a file of
gigabytes with no line break never sits in memory.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

CHUNK_BYTES = 64 * 1024


class NotAFileError(OSError):
    """The path names something that is not a file to read: a named pipe or a socket."""


def open_input(path: Path) -> BinaryIO:
    """`path` opened for reading in binary; raises OSError (FileNotFoundError, IsADirectoryError,
    NotAFileError, ...) with a `strerror` that can be shown to the user."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO and _is_socket(path):
            raise NotAFileError(exc.errno, "is a socket, not a file", str(path)) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
        if stat.S_ISFIFO(mode):
            raise NotAFileError(errno.EINVAL, "is a named pipe, not a file", str(path))
        if getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def unreadable(exc: OSError) -> str:
    """Why a file could not be opened, in words for a message."""
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file"
    if isinstance(exc, NotAFileError):
        return str(exc.strerror)
    return f"cannot read file: {exc.strerror or exc}"


def _is_socket(path: Path) -> bool:
    try:
        return stat.S_ISSOCK(os.stat(path).st_mode)
    except OSError:
        return False


def split_lines(stream: BinaryIO, max_length: int) -> Iterator[bytes | None]:
    """Each line of `stream` without its line end, or None for a line longer than `max_length`
    bytes (the line still counts: line numbers stay right). A last line with no line end is a line;
    an empty stream has none."""
    kept: list[bytes] = []  # the start of a line that goes on into the next chunk
    size = 0
    too_long = False
    after_cr = False  # the last chunk ended with CR: an LF starting the next one ends no line
    while chunk := stream.read(CHUNK_BYTES):
        if after_cr:
            after_cr = False
            if chunk.startswith(b"\n"):
                chunk = chunk[1:]
                if not chunk:
                    continue
        end = max(chunk.rfind(b"\n"), chunk.rfind(b"\r"))
        if end < 0:  # no line ends here: the line goes on
            size += len(chunk)
            too_long = too_long or size > max_length
            kept = [] if too_long else [*kept, chunk]
            continue
        after_cr = end == len(chunk) - 1 and chunk[end] == 0x0D
        lines = chunk[: end + 1].splitlines()  # bytes split on LF, CRLF and CR only
        if kept or too_long:  # the first line began in an earlier chunk
            whole = not too_long and size + len(lines[0]) <= max_length
            yield b"".join((*kept, lines[0])) if whole else None
            del lines[0]
        if lines and max(map(len, lines)) > max_length:
            yield from (line if len(line) <= max_length else None for line in lines)
        else:
            yield from lines
        rest = chunk[end + 1 :]
        size, too_long = len(rest), len(rest) > max_length
        kept = [rest] if rest and not too_long else []
    if kept or too_long:
        yield None if too_long else b"".join(kept)
