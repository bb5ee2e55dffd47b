"""Validate YAML data against a model, reporting each problem at its file:line:column; and read a
plan, as a plain record where it is plainly valid, else through the model.

pydantic is imported only when a model is used: a plan read as a plain record builds no model."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, get_args

from qualcheck.errors import InputError, QualcheckError
from qualcheck.io.yamlsource import YamlDocument
from qualcheck.models import records

if TYPE_CHECKING:  # for annotations only: a plain read imports neither
    from pydantic import BaseModel

    from qualcheck.models import shapes

M = TypeVar("M", bound="BaseModel")

_CODES = {
    "missing": "QC005",
    "extra_forbidden": "QC003",
}


def load_plan(doc: YamlDocument, plain: bool = False) -> shapes.Plan:
    """The plan in `doc`; with `plain`, a plain record where the plan is plainly valid (the
    model reads anything else, so a problem is reported exactly as the model words it)."""
    if plain:
        try:
            return records.plan_record(doc.data)
        except records.NotPlain:
            pass
    from qualcheck.models import Plan

    return load_model(doc, Plan, InputError)


def load_model(doc: YamlDocument, model: type[M], error: type[QualcheckError]) -> M:
    """Build `model` from `doc.data`; raise `error` naming every problem's position."""
    from pydantic import ValidationError

    if doc.data is None:
        raise error("QC005", "file is empty", doc.span(()), f"write a {_kind(model)} in YAML")
    if not isinstance(doc.data, dict):
        raise error(
            "QC004",
            f"expected a mapping of fields at the top level, found {_type_name(doc.data)}",
            doc.span(()),
            f"write a {_kind(model)} as 'field: value' lines",
        )
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # A list whose items failed also reports itself as too short; the item errors say more.
        item_locs = {tuple(e["loc"][:-1]) for e in errors} | {tuple(e["loc"][:-2]) for e in errors}
        errors = [
            e
            for e in errors
            if not (
                e["type"] == "too_short"
                and tuple(e["loc"]) in item_locs
                and any(len(o["loc"]) > len(e["loc"]) for o in errors)
            )
        ]
        problems = [_problem(doc, model, err, error) for err in errors]
        problems.sort(key=lambda p: (p.span.line or 0, p.span.column or 0) if p.span else (0, 0))
        first = problems[0]
        first.others = problems[1:]
        raise first from None


def _problem(
    doc: YamlDocument, model: type[BaseModel], err: Any, error: type[QualcheckError]
) -> QualcheckError:
    loc = _as_written(doc.data, tuple(err["loc"]))
    kind = err["type"]
    where = _dotted(loc)
    code = _CODES.get(kind, "QC004")
    if kind == "extra_forbidden":
        import difflib

        name = str(loc[-1])
        close = difflib.get_close_matches(name, sorted(_field_names(model)), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "remove it, or check its spelling"
        return error(code, f"unknown field '{name}'", doc.span(loc, key=True), hint)
    if kind == "missing":
        parent = loc[:-1]
        return error(
            code,
            f"missing field '{loc[-1]}'" + (f" in {_dotted(parent)}" if parent else ""),
            doc.span(parent),
            f"add '{loc[-1]}:'",
        )
    message = str(err["msg"]).removeprefix("Value error, ")
    got = err.get("input")
    shown = "" if isinstance(got, (dict, list)) or kind == "value_error" else f" (got {got!r})"
    return error(code, f"{where}: {message}{shown}" if where else message, doc.span(loc), "")


def _as_written(data: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """`loc` as the file writes it: where a single mapping stands for a list of one (a shorthand
    the model expands before validation), the list index the model reports is left out, and so
    is the name of the union member (such as a rule's kind) the model reports."""
    written: list[str | int] = []
    for n, part in enumerate(loc):
        if isinstance(part, int) and isinstance(data, dict):
            continue
        if isinstance(part, str) and isinstance(data, dict) and part not in data and n < len(loc) - 1:
            continue  # the tag of a union member (a rule's kind), not a key of the file
        written.append(part)
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            data = None
    return tuple(written)


def _dotted(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _kind(model: type[BaseModel]) -> str:
    return model.__name__.lower()


def _type_name(value: Any) -> str:
    return {list: "a list", str: "a single value", int: "a number", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


def _field_names(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> set[str]:
    """Every field name (or alias) anywhere in the model tree, for spelling suggestions."""
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    names: set[str] = set()
    for name, info in model.model_fields.items():
        names.add(info.alias or name)
        for sub in _models_in(info.annotation):
            names |= _field_names(sub, seen)
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in get_args(annotation):
        found.extend(_models_in(arg))
    return found
