"""The generator's own clause tree: nodes with stable ids, rendered numbers and cross-references.

A node's text may hold cross-references to other nodes as markers (`ref(uid)`), so when a
section is inserted early every "Section 9" in the text follows its target to "Section 10",
exactly as a drafter's renumbering would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

_REF_OPEN, _REF_CLOSE = "\ue000", "\ue001"
REF_MARK = re.compile(f"{_REF_OPEN}(\\d+){_REF_CLOSE}")
MAX_LEVEL = 3


def ref(uid: int) -> str:
    """Return the marker that renders as node `uid`'s current number."""
    return f"{_REF_OPEN}{uid}{_REF_CLOSE}"


@dataclass(eq=False)
class Node:
    """One clause: heading, text (with reference markers) and sub-clauses.

    `uid` is unique within a generated pair; a B node made from an A node (split off it, or
    the A node itself) records that A node in `origin`.
    """

    uid: int
    heading: str
    text: str
    children: list[Node] = field(default_factory=list)
    origin: int | None = None

    def copy(self) -> Node:
        """Return a deep copy that keeps every uid, with `origin` set to the copied uid."""
        return Node(self.uid, self.heading, self.text, [c.copy() for c in self.children], self.uid)


def walk(nodes: list[Node], level: int = 1, parent: Node | None = None) -> Iterator[tuple[Node, int, Node | None]]:
    """Yield (node, level, parent) for every node in document order."""
    for node in nodes:
        yield node, level, parent
        yield from walk(node.children, level + 1, node)


def numbers(nodes: list[Node]) -> dict[int, str]:
    """Return each node's citation number by its place: "3", "3.2", "3.2(b)"."""
    out: dict[int, str] = {}

    def visit(siblings: list[Node], level: int, base: str) -> None:
        for k, node in enumerate(siblings, start=1):
            if level == 1:
                number = str(k)
            elif level == 2:
                number = f"{base}.{k}"
            else:
                number = f"{base}({_letters(k)})"
            out[node.uid] = number
            visit(node.children, level + 1, number)

    visit(nodes, 1, "")
    return out


def _letters(k: int) -> str:
    """Return the k-th item label, a … z (source.py cuts lists at 26 items)."""
    return chr(96 + k)


def label(number: str) -> str:
    """Return the typed label a reader sees: "3.", "3.2", "(b)"."""
    if number.endswith(")"):
        return number[number.rindex("(") :]
    return f"{number}." if "." not in number else number


def render(text: str, numbering: dict[int, str]) -> str:
    """Return `text` with each reference marker replaced by its target's number."""
    return REF_MARK.sub(lambda m: numbering.get(int(m.group(1)), "0"), text)


def ref_targets(text: str) -> list[int]:
    """Return the uids that `text` refers to."""
    return [int(m) for m in REF_MARK.findall(text)]


def plain(text: str) -> str:
    """Return `text` with its markers stripped (for word counts and sentence splits)."""
    return REF_MARK.sub("0", text)
