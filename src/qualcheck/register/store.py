"""The register: qualifications and units loaded from a data folder, on demand.

Layout: `qualifications/<CODE>.yaml` (one qualification each) and `units/<PKG>.yaml` (the units
of one training package), as `layout` names them: a code that is not a code has no file, so it
is never looked for on disk. Files are read only when a code needs them, so checking a plan reads
one qualification and the unit files of the packages that plan touches.

Every file is checked each time it is loaded, against the rest of the register too (a listed
unit that no units file defines, a file named for another code); a cache, when there is one,
only saves parsing and validating a file's own bytes.

Two registers answer the same questions: `Register` hands out the pydantic models (what the
commands that show or write register files use), `PlainRegister` the plain records of
models.records, read from the cache's record entries without building a pydantic class; a file
with no record entry that fits is read the full way, through the models, then kept as one.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from qualcheck.errors import DataError, Span
from qualcheck.io.loader import load_model
from qualcheck.io.yamlsource import YamlDocument, load_yaml, read_text
from qualcheck.models import records
from qualcheck.models.values import is_qualification_code, level_from_code_digit
from qualcheck.register.cache import ModelCache
from qualcheck.register.integrity import (
    Supersessions,
    qualification_problems,
    qualification_register_problems,
    raise_first,
    unit_file_cycles,
    unit_file_problems,
)
from qualcheck.register.layout import QUALIFICATIONS, qualification_file, units_file

if TYPE_CHECKING:  # the models and protocols are for annotations: nothing to import at run time
    from pydantic import BaseModel

    from qualcheck.models import Qualification, Unit, UnitFile, shapes

DATA_ENV = "QUALCHECK_DATA"

M = TypeVar("M", bound="BaseModel")
Q = TypeVar("Q", bound="shapes.Qualification")  # what the register hands out: models or records
U = TypeVar("U", bound="shapes.Unit")
R = TypeVar("R")


def default_data_root() -> Path:
    """The bundled register: $QUALCHECK_DATA, the checkout's data/, or the installed copy."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    checkout = Path(__file__).resolve().parents[3] / "data"  # beside src/ in a checkout
    if (checkout / "qualifications").is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "qualcheck" / "data"


class _Register(Generic[Q, U]):
    """The register's questions and indexes, whichever kind of object a file is read into."""

    plain = False  # whether this register hands out plain records (a plan may then be one too)

    def __init__(self, root: Path, cache: ModelCache | None = None) -> None:
        self.root = root
        self.cache = cache  # parsed data by file contents; None parses every file
        if not (root / QUALIFICATIONS).is_dir():
            raise DataError(
                "QC050",
                "no qualifications/ folder in the register",
                Span(str(root)),
                "point --data at a folder holding qualifications/ and units/",
            )
        self._qualifications: dict[str, Q | None] = {}
        self._units: dict[str, U] = {}
        self._loaded_packages: set[str] = set()
        self._equivalent_edges: dict[str, set[str]] = {}
        # Classes found so far; emptied whenever a package loads, as it may join classes.
        self._equivalence_classes: dict[str, frozenset[str]] = {}
        self._mapped_titles: dict[str, str] = {}
        self._supersessions = Supersessions()  # mappings across every units file loaded
        # A units file that failed to load fails every plan that needs it, not just the first: the
        # units it registered before it failed must not judge a later plan.
        self._package_errors: dict[str, Exception] = {}
        self._read: list[Path] = []  # every register file read, in order

    # Qualifications -------------------------------------------------------------------------

    def qualification(self, code: str) -> Q | None:
        """The qualification `code`, or None when the register does not hold it (or it is no code)."""
        if code not in self._qualifications:
            # Only a whole code names a file; anything by that name is read, so a pipe, folder or
            # broken link is an error, not absent.
            path = qualification_file(self.root, code)
            found = path is not None and os.path.lexists(path)
            self._qualifications[code] = (
                self._load_qualification(path) if path is not None and found else None
            )
        return self._qualifications[code]

    def qualification_codes(self) -> list[str]:
        """The codes of the qualification files (a file not named for a code is never looked up)."""
        found = (p.stem for p in (self.root / QUALIFICATIONS).glob("*.yaml"))
        return sorted(code for code in found if is_qualification_code(code))

    def files_read(self) -> list[Path]:
        """Every register file read so far: inputs of the run, never to be written over."""
        return list(self._read)

    def _load_qualification(self, path: Path) -> Q:
        raise NotImplementedError

    def _load_unit_file(self, path: Path) -> tuple[shapes.UnitFile, tuple[U, ...]]:
        """A units file, and its units (as this register hands them out)."""
        raise NotImplementedError

    def _check_qualification(self, path: Path) -> Callable[[Qualification, YamlDocument], None]:
        def check(qualification: Qualification, doc: YamlDocument) -> None:
            raise_first(qualification_problems(qualification, doc, path, self._defines))

        return check

    def _defines(self, code: str) -> bool:
        """Whether a units file defines `code`, or names it, with a title, in a mapping."""
        return self.unit(code) is not None or self.mapped_title(code) is not None

    def qualification_level(self, code: str) -> tuple[int | None, bool]:
        """AQF level of a qualification and whether it was inferred from the code."""
        known = self.qualification(code)
        if known is not None:
            return known.aqf_level, False
        digit = code[3] if len(code) > 3 and code[:3].isalpha() else ""
        return level_from_code_digit(digit) if digit else None, True

    # Units ----------------------------------------------------------------------------------

    def unit(self, code: str) -> U | None:
        known = self._units.get(code)
        if known is not None:  # its package is loaded already
            return known
        self._load_package(code[:3])
        return self._units.get(code)

    def mapped_title(self, code: str) -> str | None:
        """A title for a code the register knows only from another unit's mapping."""
        self._load_package(code[:3])
        return self._mapped_titles.get(code)

    def unit_codes(self, package: str) -> list[str]:
        self._load_package(package)
        return sorted(c for c in self._units if c.startswith(package))

    def equivalents(self, code: str) -> frozenset[str]:
        """Every code equivalent to `code` by mappings, followed both ways through chains."""
        known = self._equivalence_classes.get(code)
        if known is not None:
            return known
        while True:
            # A package loaded part way may add an edge to a code already visited: search again
            # until a pass loads nothing new.
            loaded = len(self._loaded_packages)
            found = {code}
            queue = deque([code])
            while queue:
                current = queue.popleft()
                self._load_package(current[:3])
                for other in self._equivalent_edges.get(current, ()):
                    if other not in found:
                        found.add(other)
                        queue.append(other)
            if len(self._loaded_packages) == loaded:
                result = frozenset(found)
                self._equivalence_classes[code] = result
                return result

    def _load_package(self, package: str) -> None:
        if package in self._package_errors:
            raise self._package_errors[package].with_traceback(None)
        if package in self._loaded_packages:
            return
        self._loaded_packages.add(package)
        self._equivalence_classes.clear()
        path = units_file(self.root, package)
        if path is None or not os.path.lexists(path):
            return
        try:
            self._read_package(path)
        except Exception as error:
            self._package_errors[package] = error
            raise

    def _read_package(self, path: Path) -> None:
        unit_file, units = self._load_unit_file(path)
        for unit in units:
            self._units[unit.code] = unit
            for mapping in unit.mappings:
                if mapping.title:
                    self._mapped_titles.setdefault(mapping.code, mapping.title)
                if mapping.equivalent:
                    self._equivalent_edges.setdefault(unit.code, set()).add(mapping.code)
                    self._equivalent_edges.setdefault(mapping.code, set()).add(unit.code)
        named = self._supersessions.add(unit_file, path)
        if named:  # a circle may run through the files these mappings name: load them, then look
            for other in sorted(named):
                self._load_package(other)
            raise_first(self._supersessions.problems())

    def _model(
        self,
        path: Path,
        model: type[M],
        check: Callable[[M, YamlDocument], None] | None = None,
        text: str | None = None,
    ) -> M:
        """One register file, validated, then checked against the rest of the register.

        The cache holds only what a file's own bytes decide (its parsed data); `check` runs on
        every load, hit or miss, since its answer depends on other files and on the file's name.
        """
        text = read_text(path) if text is None else text
        self._read.append(path)
        parsed: list[YamlDocument] = []

        def document() -> YamlDocument:
            if not parsed:
                parsed.append(load_yaml(text, str(path)))
            return parsed[0]

        def parse() -> tuple[M, Any]:
            doc = document()
            return load_model(doc, model, DataError), doc.data

        loaded = self.cache.load(text.encode(), model, parse) if self.cache else parse()[0]
        if check is not None:
            if parsed:
                check(loaded, parsed[0])
            else:  # a cache hit: positions are needed only to report a problem, so parse then
                try:
                    check(loaded, YamlDocument(str(path), None))
                except DataError:
                    check(loaded, document())
                    raise
        return loaded

    # Suggestions ----------------------------------------------------------------------------

    def suggest_qualification(self, code: str) -> str | None:
        import difflib

        close = difflib.get_close_matches(code.upper(), self.qualification_codes(), n=1, cutoff=0.75)
        return close[0] if close else None

    def suggest_unit(self, code: str, extra: Sequence[str] = ()) -> str | None:
        import difflib

        candidates = self.unit_codes(code[:3].upper()) + list(extra)
        close = difflib.get_close_matches(code.upper(), candidates, n=1, cutoff=0.8)
        return close[0] if close else None


def _check_unit_file(unit_file: UnitFile, doc: YamlDocument) -> None:
    raise_first(unit_file_cycles(unit_file, doc))
    raise_first(unit_file_problems(unit_file, doc))


class Register(_Register["Qualification", "Unit"]):
    """The register as pydantic models."""

    def _load_qualification(self, path: Path) -> Qualification:
        from qualcheck.models import Qualification

        return self._model(path, Qualification, self._check_qualification(path))

    def _load_unit_file(self, path: Path) -> tuple[shapes.UnitFile, tuple[Unit, ...]]:
        from qualcheck.models import UnitFile

        unit_file = self._model(path, UnitFile, _check_unit_file)
        return unit_file, unit_file.units


class PlainRegister(_Register[records.Qualification, records.Unit]):
    """The register as plain records, read from the cache's record entries where they fit.

    A record entry is written only once its file passed every check, and what a file's own bytes
    decide cannot change while its entry's name stays the same: on a hit, only the checks against
    the rest of the register run again (the file's name, the units it lists). Should one of them
    fail, the file is read the full way, so the message is the one the full reading gives.
    """

    plain = True

    def _load_qualification(self, path: Path) -> records.Qualification:
        text = read_text(path)
        found = (
            self.cache.load_record(text.encode(), "Qualification", records.qualification_record)
            if self.cache is not None
            else None
        )
        if found is not None:
            try:
                raise_first(
                    qualification_register_problems(found, YamlDocument(str(path), None), path, self._defines)
                )
            except DataError:
                pass  # read it the full way below, which raises this problem at its position
            else:
                self._read.append(path)
                return found
        from qualcheck.models import Qualification

        model = self._model(path, Qualification, self._check_qualification(path), text)
        return self._keep(text, "Qualification", model.model_dump(mode="json"), records.qualification_record)

    def _load_unit_file(self, path: Path) -> tuple[shapes.UnitFile, tuple[records.Unit, ...]]:
        text = read_text(path)
        found = (
            self.cache.load_record(text.encode(), "UnitFile", records.unit_file_record)
            if self.cache is not None
            else None
        )
        if found is None:
            from qualcheck.models import UnitFile

            model = self._model(path, UnitFile, _check_unit_file, text)
            found = self._keep(text, "UnitFile", model.model_dump(mode="json"), records.unit_file_record)
        else:
            self._read.append(path)  # its own checks were made before its entry was written
        return found, found.units

    def _keep(self, text: str, kind: str, data: Any, read: Callable[[Any], R]) -> R:
        """The record of a file read the full way, from the same data a later hit reads it from."""
        record = read(data)
        if self.cache is not None:
            self.cache.store_record(text.encode(), kind, data)
        return record


AnyRegister = Register | PlainRegister
