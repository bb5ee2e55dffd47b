"""A small text tree for `explain` and `show` (plain characters, no terminal library needed).

A node's text holds register text (titles, rule sentences imported from saved pages): it is
rendered through `visible`, so it cannot break the tree's lines or send an escape sequence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qualcheck.io.neutral import visible


@dataclass
class Node:
    text: str
    children: list[Node] = field(default_factory=list)

    def add(self, text: str) -> Node:
        child = Node(text)
        self.children.append(child)
        return child


def render_tree(root: Node) -> str:
    lines = [visible(root.text)]
    _render(root.children, "", lines)
    return "\n".join(lines) + "\n"


def _render(children: list[Node], prefix: str, lines: list[str]) -> None:
    for i, child in enumerate(children):
        last = i == len(children) - 1
        lines.append(prefix + ("└── " if last else "├── ") + visible(child.text))
        _render(child.children, prefix + ("    " if last else "│   "), lines)
