"""Write files all at once, only over regular files, and never over one unless asked to.

Everything qualcheck writes (reports, imported register files) goes through this module:
- the data goes to a temporary file next to the target (the same file system, so the final
  rename is atomic), is flushed to disk, and only then takes the target's name: a reader, or a
  run interrupted half way, sees the old file or the new one, never a mix;
- only a regular file, or a name nobody uses, is ever replaced: a folder, a device, a named
  pipe, a socket or a symbolic link (`/dev/stderr` is one, to whatever standard error is) is
  refused whatever the options: a link is neither written through nor replaced;
- an input of the same run (a plan, a page, a register file, the settings file) is never
  replaced, however it is named: by another spelling, a link or a hard link (files are compared
  by device and inode);
- an existing file is replaced only with `force=True` (a command's `--force`); without it, the
  final step is a hard link, which fails if the name was taken meanwhile, so even a file
  created during the write is never overwritten;
- `write_together` writes several files as one change: all of them to a temporary folder first,
  checked, then renamed into place one after another (units before the files that list them, as
  the caller orders them), putting back what was there if a rename fails;
- every failure is a WriteError naming the file, and leaves no temporary file behind.

The checks happen just before the rename: a file swapped in that instant by someone who can
write to the folder is not detected (no portable call renames only onto a regular file).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from qualcheck.errors import QualcheckError, Span

CODE = "QC006"

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)

# What link() says on a file system without hard links (FAT, some network and FUSE mounts).
_NO_HARD_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS})


class WriteError(QualcheckError):
    """A file could not be written, or would have replaced one it must not."""


def write_atomic(path: Path, data: bytes | str, *, force: bool = False, inputs: Iterable[Path] = ()) -> None:
    """Write `data` (text is written as UTF-8) to `path` atomically; replace only with `force`,
    only a regular file, and never one of `inputs`."""
    write_together([(path, data)], force=force, inputs=inputs)


def check_target(path: Path, *, force: bool, inputs: Iterable[Path] = (), code: str = CODE) -> bool:
    """Whether `path` exists; raise WriteError when it may not be replaced.

    It may be when it is a regular file (or a link to one, or a link to nothing), is not one
    of `inputs`, and `force` is given.
    """
    shown = str(path)
    try:
        link = path.lstat()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise WriteError(code, f"cannot check the file: {exc.strerror}", Span(shown)) from None
    if stat.S_ISLNK(link.st_mode):
        try:
            target = _kind(path.stat().st_mode) or "a regular file"
        except OSError:
            target = "nothing"
        raise WriteError(
            code,
            f"is a symbolic link (to {target}): neither replaced nor written through",
            Span(shown),
            "name the file itself, or a new one",
        )
    kind = _kind(link.st_mode)
    if kind is not None:
        raise WriteError(
            code,
            f"is {kind}, not a regular file: not replaced",
            Span(shown),
            "name a regular file, or a new one",
        )
    for source in inputs:
        if _same_file(path, source):
            also = "" if os.path.abspath(source) == os.path.abspath(path) else f" ({source})"
            raise WriteError(
                code,
                f"is an input of this run{also}: not replaced",
                Span(shown),
                "write the output somewhere else",
            )
    if not force:
        raise _exists(shown, code)
    return True


def write_together(
    files: Sequence[tuple[Path, bytes | str]],
    *,
    force: bool = False,
    inputs: Iterable[Path] = (),
    verify: Callable[[Path, Path], None] | None = None,
    make_folders: bool = False,
    code: str = CODE,
) -> None:
    """Write every file, or none: to a temporary folder first, each then checked with
    `verify(temporary, target)` (which raises to stop the run), then renamed into place in the
    order given. Existing files are replaced only with `force` (see `check_target`); missing
    folders are made only with `make_folders` (and removed again if the write fails)."""
    inputs = list(inputs)
    targets = [
        _Target(path, _raw(data), check_target(path, force=force, inputs=inputs, code=code))
        for path, data in files
    ]
    if not targets:
        return
    made: list[Path] = []  # folders made for the files, removed again on failure
    staging: Path | None = None
    try:
        for target in targets:
            _folder(target.path, make_folders, made, code)
        staging = _staging(targets, code)
        for index, target in enumerate(targets):
            target.temporary = staging / f"{index}-{target.path.name}"
            _write_file(target, code)
            if verify is not None:
                verify(target.temporary, target.path)
        _move_into_place(targets, staging, force, inputs, code)
        for folder in dict.fromkeys(t.path.parent for t in targets):
            _sync_folder(folder)
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if not all(t.placed for t in targets):  # failed: the folders made for it go too
            for folder in reversed(made):
                _remove_empty(folder)


@dataclass
class _Target:
    path: Path
    data: bytes
    exists: bool
    temporary: Path | None = None
    backup: Path | None = None  # a hard link to the file replaced, to put back on a failure
    created: bool = False  # the name was new: removed on a failure
    placed: bool = False


def _raw(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _kind(mode: int) -> str | None:
    """What a file is, when it is neither a regular file nor a link: the reason to refuse it."""
    return next((name for test, name in _KINDS if test(mode)), None)


def _same_file(path: Path, source: Path) -> bool:
    """Whether `path`, or what it links to, is `source` (or what `source` links to)."""
    mine = _identities(path)
    return bool(mine) and not mine.isdisjoint(_identities(source))


def _identities(path: Path) -> set[tuple[int, int]]:
    found = set()
    for look in (os.lstat, os.stat):
        try:
            info = look(path)
        except (OSError, ValueError):
            continue
        found.add((info.st_dev, info.st_ino))
    return found


def _folder(path: Path, make: bool, made: list[Path], code: str) -> None:
    """Check that the folder of `path` exists (or make it, and its parents, with `make`)."""
    folder = path.parent
    missing = [f for f in (folder, *folder.parents) if not os.path.lexists(f)]
    if missing and not make:
        raise WriteError(
            code, f"cannot write: folder {folder} does not exist", Span(str(path)), "create it first"
        )
    for parent in reversed(missing):
        try:
            parent.mkdir()
        except FileExistsError:
            continue
        except OSError as exc:
            raise WriteError(code, f"cannot make folder: {exc.strerror}", Span(str(parent))) from None
        made.append(parent)
    if not folder.is_dir():
        raise WriteError(code, f"cannot write: {folder} is not a folder", Span(str(path)), "")


def _staging(targets: Sequence[_Target], code: str) -> Path:
    """A new folder on the targets' file system: in the folder they share."""
    parents = [str(t.path.parent) for t in targets]
    common = Path(os.path.commonpath(parents)) if len(set(parents)) > 1 else targets[0].path.parent
    try:
        return Path(tempfile.mkdtemp(dir=common, prefix=".qualcheck-", suffix=".tmp"))
    except OSError as exc:
        shown = Span(str(targets[0].path))
        raise WriteError(code, f"cannot write in {common}: {exc.strerror}", shown) from None


def _write_file(target: _Target, code: str) -> None:
    assert target.temporary is not None
    try:
        with open(target.temporary, "xb") as stream:
            stream.write(target.data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(target.temporary, _mode_for(target.path, target.exists))
    except OSError as exc:
        raise WriteError(code, f"cannot write file: {exc.strerror}", Span(str(target.path))) from None


def _move_into_place(
    targets: Sequence[_Target], staging: Path, force: bool, inputs: Sequence[Path], code: str
) -> None:
    """Rename each temporary file to its target; on a failure, put every earlier one back."""
    current: _Target | None = None
    try:
        for index, current in enumerate(targets):
            assert current.temporary is not None
            # Checked again: the target may have changed since the run began.
            if check_target(current.path, force=force, inputs=inputs, code=code):
                current.backup = staging / f"{index}.old"
                try:
                    os.link(current.path, current.backup)
                except OSError as exc:
                    if exc.errno not in _NO_HARD_LINKS:
                        raise
                    current.backup = None  # no hard links here: replace without a copy to restore
                os.replace(current.temporary, current.path)
            else:
                _link_new(current.temporary, current.path, code)
                current.created = True
            current.placed = True
    except OSError as exc:
        _put_back(targets)
        assert current is not None
        raise WriteError(code, f"cannot write file: {exc.strerror}", Span(str(current.path))) from None
    except BaseException:
        _put_back(targets)
        raise


def _put_back(targets: Sequence[_Target]) -> None:
    for target in reversed(targets):
        if not target.placed:
            continue
        try:
            if target.backup is not None:
                os.replace(target.backup, target.path)
            elif target.created:
                os.unlink(target.path)
        except OSError:
            pass


def _link_new(temporary: Path, path: Path, code: str) -> None:
    """Give the written data the name `path` only if no file has it."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise _exists(str(path), code) from None
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        # A file system without hard links: check, then rename (a race is possible only there).
        if os.path.lexists(path):
            raise _exists(str(path), code) from None
        os.replace(temporary, path)


def _exists(shown: str, code: str) -> WriteError:
    return WriteError(
        code,
        "file exists; not overwritten",
        Span(shown),
        "pass --force to replace it, or choose another output",
    )


def _mode_for(path: Path, exists: bool) -> int:
    """The replaced file's permissions, or the usual ones for a new file (0666 less the umask)."""
    if exists:
        try:
            return stat.S_IMODE(path.stat().st_mode)
        except OSError:
            pass
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _remove_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()


def _sync_folder(folder: Path) -> None:
    """Flush the folder entry too, so the new name survives a power cut (where supported)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
