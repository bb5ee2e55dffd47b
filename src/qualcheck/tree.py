"""A small text tree for `explain` and `show` (plain characters, no terminal library needed)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Node:
    text: str
    children: list[Node] = field(default_factory=list)

    def add(self, text: str) -> Node:
        child = Node(text)
        self.children.append(child)
        return child


def render_tree(root: Node) -> str:
    lines = [root.text]
    _render(root.children, "", lines)
    return "\n".join(lines) + "\n"


def _render(children: list[Node], prefix: str, lines: list[str]) -> None:
    for i, child in enumerate(children):
        last = i == len(children) - 1
        lines.append(prefix + ("└── " if last else "├── ") + child.text)
        _render(child.children, prefix + ("    " if last else "│   "), lines)
