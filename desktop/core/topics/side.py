"""One draft as topic alignment sees it: its clause tree, heading words, text words and positions.

Everything here is computed once per draft, so scoring a candidate pair is a few set
operations (desktop.core.topics does the matching).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.core.model import Clause
from desktop.core.topics.words import concepts, stems, topics, vendor_name

# "1.1. Services Term. OpenAI will deliver …": a heading written as the text's first words.
_INLINE_HEADING = re.compile(r"\s*(\d+(?:\.\d+)*\.?\s+)?([A-Z][A-Za-z’'&/,\- ]{1,60}?)\s*[.:]\s")
_MINOR = frozenset("a an and as by for in of on or the to with".split())


def heading_of(clause: Clause) -> str:
    """Return a clause's heading, or the heading its text opens with ("Services Term")."""
    if clause.heading.strip():
        return clause.heading
    match = _INLINE_HEADING.match(clause.text)
    if not match:
        return ""
    words = match.group(2).split()
    if len(words) > 8:
        return ""
    titled = all(w[:1].isupper() for w in words if w.casefold() not in _MINOR)
    return match.group(2) if titled and (match.group(1) or len(words) <= 5) else ""


@dataclass
class Side:
    """The features of one draft's clauses, by index into `clauses`."""

    clauses: tuple[Clause, ...]
    heading: list[str]  # the clause's heading, or the one its text opens with
    parent: list[int]  # index of the parent, -1 at top level
    children: list[list[int]]
    head: list[frozenset[str]]  # heading stems
    topic: list[frozenset[str]]  # canonical subjects the heading names
    text: list[frozenset[str]]  # stems of the clause's own text
    tree: list[frozenset[str]]  # stems of the clause and all its descendants
    positions: list[frozenset[str]]  # playbook position keys the clause answers
    tree_positions: list[frozenset[str]]
    concepts: list[frozenset[str]]  # subjects its own text names (desktop.core.topics.words)
    _common: frozenset[str] | None = None

    @classmethod
    def build(cls, clauses: Sequence[Clause], position_clauses: dict[str, set[str]]) -> Side:
        """Return the features of `clauses`; `position_clauses` maps clause id -> position keys."""
        clauses = tuple(clauses)
        vendor = vendor_name(clauses)
        where = {c.id: k for k, c in enumerate(clauses)}
        parent = [where.get(c.parent, -1) if c.parent else -1 for c in clauses]
        children: list[list[int]] = [[] for _ in clauses]
        for k, p in enumerate(parent):
            if p >= 0:
                children[p].append(k)
        heading = [heading_of(c) for c in clauses]
        head = [stems(h, vendor, heading=True) for h in heading]
        topic = [topics(h) for h in heading]
        text = [stems(c.text, vendor) for c in clauses]
        positions = [frozenset(position_clauses.get(c.id, ())) for c in clauses]
        tree = list(text)
        tree_positions = list(positions)
        # Children follow their parents in document order: fold the subtrees bottom-up.
        for k in range(len(clauses) - 1, -1, -1):
            p = parent[k]
            if 0 <= p < k:
                tree[p] = tree[p] | tree[k] | head[k]
                tree_positions[p] = tree_positions[p] | tree_positions[k]
        named = [concepts(c.text) for c in clauses]
        return cls(clauses, heading, parent, children, head, topic, text, tree, positions, tree_positions,
                   named)

    def common(self) -> frozenset[str]:
        """Return the stems in more than a fifth of the draft's clauses ("customer", "services")."""
        if self._common is None:
            counts: Counter[str] = Counter()
            for words in self.text:
                counts.update(words)
            self._common = frozenset(w for w, n in counts.items() if 5 * n > len(self.clauses))
        return self._common

    def __len__(self) -> int:
        return len(self.clauses)

    def descendants(self, k: int) -> list[int]:
        """Return the indices of every clause under clause `k`, in document order."""
        out: list[int] = []
        stack = list(reversed(self.children[k]))
        while stack:
            d = stack.pop()
            out.append(d)
            stack.extend(reversed(self.children[d]))
        return out

    def roots(self) -> list[int]:
        """Return the top-level clauses that are not the document's title."""
        return [k for k, p in enumerate(self.parent) if p < 0 and self.clauses[k].kind != "title"]


def stem_index(side: Side, indices: Sequence[int], most: int) -> dict[str, list[int]]:
    """Return stem -> clauses of `indices` using it, leaving out stems used by more than `most`."""
    index: dict[str, list[int]] = defaultdict(list)
    for k in indices:
        for stem in side.text[k] | side.head[k]:
            index[stem].append(k)
    return {stem: ks for stem, ks in index.items() if len(ks) <= most}
