"""YAML text in the register's hand-written layout: block mappings, short flow mappings for small
entries, one unit code per line with its title as a comment, and quoted text where needed."""

from __future__ import annotations

import json
import re
from typing import Any

from qualcheck.io.neutral import escape_json, visible

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 _./()'’–-]*$")
_RESERVED = {"null", "true", "false", "yes", "no", "on", "off", "~"}
_FLOW_WIDTH = 100


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    if _PLAIN.match(text) and text.lower() not in _RESERVED and not text.endswith(" ") and ": " not in text:
        return text
    # Double-quoted YAML reads JSON's escapes; controls past C0 are escaped too, so a character a
    # page held (U+009B, a bidi override) is kept as text and never written raw.
    return escape_json(json.dumps(text, ensure_ascii=False))


def dump(data: dict[str, Any], titles: dict[str, str] | None = None, header: str = "") -> str:
    """YAML text for `data`; unit codes found in `titles` get their title as a comment."""
    lines = [f"# {visible(line)}" if line else "#" for line in header.splitlines()]
    _mapping(data, 0, lines, titles or {})
    return "\n".join(lines) + "\n"


def _flow(value: Any) -> str | None:
    """A one-line form of a small mapping or list of scalars, or None when it does not fit."""
    if isinstance(value, dict):
        parts = []
        for key, item in value.items():
            inner = _flow(item) if isinstance(item, (dict, list)) else scalar(item)
            if inner is None:
                return None
            parts.append(f"{key}: {inner}")
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, list):
        parts = []
        for item in value:
            inner = _flow(item) if isinstance(item, (dict, list)) else scalar(item)
            if inner is None:
                return None
            parts.append(inner)
        return "[" + ", ".join(parts) + "]"
    return scalar(value)


def _mapping(data: dict[str, Any], indent: int, lines: list[str], titles: dict[str, str]) -> None:
    pad = " " * indent
    for key, value in data.items():
        if isinstance(value, dict):
            flow = _flow(value) if key in ("from", "imported") or len(value) <= 2 else None
            if flow is not None and len(pad) + len(key) + len(flow) < _FLOW_WIDTH and not _has_text(value):
                lines.append(f"{pad}{key}: {flow}")
            elif not value:
                lines.append(f"{pad}{key}: {{}}")
            else:
                lines.append(f"{pad}{key}:")
                _mapping(value, indent + 2, lines, titles)
        elif isinstance(value, list):
            _list(key, value, indent, lines, titles)
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")


def _has_text(value: dict[str, Any]) -> bool:
    """Whether a mapping holds text, rules or unit lists anywhere (those are written in block form)."""
    return any(
        k in ("text", "note", "rules", "units") or (isinstance(v, dict) and _has_text(v))
        for k, v in value.items()
    )


def _list(key: str, items: list[Any], indent: int, lines: list[str], titles: dict[str, str]) -> None:
    pad = " " * indent
    if not items:
        lines.append(f"{pad}{key}: []")
        return
    codes = all(isinstance(i, str) and i in titles for i in items)
    if codes:
        lines.append(f"{pad}{key}:")
        width = max(len(i) for i in items)
        for item in items:
            lines.append(f"{pad}  - {item.ljust(width)}   # {visible(titles[item])}")
        return
    if all(not isinstance(i, (dict, list)) for i in items):
        flow = _flow(items)
        if flow is not None and len(pad) + len(key) + len(flow) < _FLOW_WIDTH:
            lines.append(f"{pad}{key}: {flow}")
            return
        lines.append(f"{pad}{key}:")
        lines.extend(f"{pad}  - {scalar(i)}" for i in items)
        return
    lines.append(f"{pad}{key}:")
    for item in items:
        if isinstance(item, dict):
            flow = _flow(item)
            if flow is not None and not _has_text(item) and len(pad) + 4 + len(flow) < _FLOW_WIDTH + 40:
                lines.append(f"{pad}  - {flow}")
                continue
            sub: list[str] = []
            _mapping(item, indent + 4, sub, titles)
            sub[0] = f"{pad}  - " + sub[0].lstrip()
            lines.extend(sub)
        else:
            lines.append(f"{pad}  - {scalar(item)}")
