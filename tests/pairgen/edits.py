"""Seeded edits from draft A to draft B, and the truth they leave behind.

B starts as a copy of A (same uids) and receives, in order: a new section inserted early
(renumbering everything after it, cross-references included), section and clause moves (some
also edited), splits, merges, deletions, insertions, word edits and cosmetic-only edits.
Each A clause gets at most one structural edit, so its fate is never ambiguous: a moved
section always jumps over more text than it carries, a moved clause always changes section.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.pairgen.source import LIST_ITEMS
from tests.pairgen.tree import MAX_LEVEL, Node, numbers, plain, ref_targets, render, walk

_SENTENCE_END = re.compile(r"(?<=[a-z0-9\)][.;])\s+(?=[A-Z])")
_WORD = re.compile(r"(?<![\w\ue000-\ue001])[A-Za-z]{4,}(?![\w\ue000-\ue001])")
SUBSTITUTES = ("promptly", "reasonable", "material", "written", "annual", "exclusive", "prior", "third-party")


@dataclass(frozen=True)
class Rates:
    """How much to edit, per clause of A (counts are rounded up to at least one each)."""

    moves: float = 0.01
    section_moves: int = 1
    splits: float = 0.01
    merges: float = 0.01
    deletions: float = 0.01
    insertions: float = 0.01
    words: float = 0.05
    cosmetic: float = 0.05
    early_section: bool = True


@dataclass
class Edits:
    """What was done to each A uid (the generator's record, turned into truth later)."""

    moved: set[int] = field(default_factory=set)
    split: dict[int, tuple[int, int]] = field(default_factory=dict)
    merged: dict[int, tuple[int, int]] = field(default_factory=dict)  # kept uid -> (kept, absorbed)
    deleted: set[int] = field(default_factory=set)
    worded: set[int] = field(default_factory=set)
    cosmetic: set[int] = field(default_factory=set)

    def structural(self) -> set[int]:
        """Return the uids that already had a structural edit."""
        absorbed = {uid for pair in self.merged.values() for uid in pair}
        return self.moved | set(self.split) | absorbed | self.deleted


def copy_tree(sections: list[Node]) -> list[Node]:
    """Return B's starting point: A's tree with the same uids, origins pointing back to A."""
    return [s.copy() for s in sections]


def _leaves(sections: list[Node], level_from: int = 2, room: bool = False) -> list[tuple[Node, Node]]:
    """Return (leaf, parent) for every clause at `level_from` or below with no sub-clauses.

    With `room`, only leaves whose list can take one more item: items are labelled (a)-(z).
    """
    return [(n, p) for n, level, p in walk(sections)
            if level >= level_from and not n.children and p is not None
            and not (room and level == MAX_LEVEL and len(p.children) >= LIST_ITEMS)]


def apply_edits(
    a: list[Node], insert_pool: list[Node], rnd: random.Random, rates: Rates, new_uid: Callable[[], int]
) -> tuple[list[Node], Edits]:
    """Return B and the edits made: A's tree is left untouched."""
    b = copy_tree(a)
    edits = Edits()
    total = sum(1 for _ in walk(a))
    referenced = {t for n, _, _ in walk(a) for t in ref_targets(n.text)}
    count = lambda rate: max(1, round(total * rate))  # noqa: E731
    if rates.early_section and insert_pool:
        section = rnd.choice([s for s in insert_pool if s.children] or insert_pool)
        b.insert(rnd.randint(1, min(2, len(b))), _fresh(section, new_uid))
    for _ in range(rates.section_moves):
        _move_section(b, edits, rnd)
    for _ in range(count(rates.moves)):
        _move_clause(b, edits, rnd, also_edit=rnd.random() < 0.5)
    for _ in range(count(rates.splits)):
        _split(b, edits, rnd, new_uid)
    for _ in range(count(rates.merges)):
        _merge(b, edits, rnd, referenced)
    for _ in range(count(rates.deletions)):
        _delete(b, edits, rnd, referenced)
    pool = [n for n, _, _ in walk(insert_pool) if len(n.text.split()) >= 8 and not n.children]
    for _ in range(count(rates.insertions) if pool else 0):
        leaf, parent = rnd.choice(_leaves(b, room=True))
        parent.children.insert(rnd.randint(0, len(parent.children)), _fresh(rnd.choice(pool), new_uid))
    touched = edits.structural()
    plain_nodes = [n for n, _, _ in walk(b)
                   if n.origin is not None and n.origin not in touched and len(n.text.split()) >= 6]
    rnd.shuffle(plain_nodes)
    n_words, n_cosmetic = count(rates.words), count(rates.cosmetic)
    for node in plain_nodes[:n_words]:
        _edit_words(node, rnd)
        edits.worded.add(node.uid)
    for node in plain_nodes[n_words : n_words + n_cosmetic]:
        _edit_cosmetic(node, rnd)
        edits.cosmetic.add(node.uid)
    return b, edits


def _fresh(node: Node, new_uid: Callable[[], int]) -> Node:
    """Return a copy of an outside node with new uids and no origin (it is new in B)."""
    return Node(new_uid(), node.heading, plain(node.text), [_fresh(c, new_uid) for c in node.children], None)


def _move_section(b: list[Node], edits: Edits, rnd: random.Random) -> None:
    """Move one top-level section at least three places, over more clauses than it holds."""
    size = lambda n: sum(1 for _ in walk([n]))  # noqa: E731
    for _ in range(50):
        k = rnd.randrange(3, len(b)) if len(b) > 6 else 0
        section = b[k]
        if section.origin is None or section.origin in edits.structural():
            continue
        target = rnd.randrange(1, len(b))
        lo, hi = sorted((k, target))
        if hi - lo < 3 or sum(size(s) for s in b[lo + 1 : hi]) <= size(section):
            continue
        b.pop(k)
        b.insert(target if target < k else target - 1, section)
        edits.moved.add(section.uid)
        return


def _move_clause(b: list[Node], edits: Edits, rnd: random.Random, also_edit: bool) -> None:
    """Move one level-2 clause without sub-clauses into another section."""
    touched = edits.structural()
    candidates = [(n, p) for n, p in _leaves(b) if p in b and n.origin is not None and n.origin not in touched]
    if not candidates or len(b) < 2:
        return
    node, parent = rnd.choice(candidates)
    destination = rnd.choice([s for s in b if s is not parent])
    parent.children.remove(node)
    destination.children.insert(rnd.randint(0, len(destination.children)), node)
    edits.moved.add(node.uid)
    if also_edit and len(node.text.split()) >= 6:
        _edit_words(node, rnd)
        edits.worded.add(node.uid)


def _split(b: list[Node], edits: Edits, rnd: random.Random, new_uid: Callable[[], int]) -> None:
    """Split one clause's sentences into two clauses (the second without a heading)."""
    touched = edits.structural()
    leaves = _leaves(b, room=True)
    for node, parent in rnd.sample(leaves, len(leaves)):
        if node.origin is None or node.origin in touched:
            continue
        cuts = [m.start() for m in _SENTENCE_END.finditer(node.text)]
        cuts = [c for c in cuts if len(node.text[:c].split()) >= 6 and len(node.text[c:].split()) >= 6]
        if not cuts:
            continue
        cut = cuts[len(cuts) // 2]
        first, second = node.text[:cut].rstrip(), node.text[cut:].strip()
        node.text = first
        part = Node(new_uid(), "", second, [], node.uid)
        parent.children.insert(parent.children.index(node) + 1, part)
        edits.split[node.uid] = (node.uid, part.uid)
        return


def _merge(b: list[Node], edits: Edits, rnd: random.Random, referenced: set[int]) -> None:
    """Merge two adjacent sibling clauses into the first (the second's title joins the text)."""
    touched = edits.structural()
    parents = [p for n, _, p in walk(b) if p is not None]
    rnd.shuffle(parents)
    for parent in parents:
        kids = parent.children
        for k in range(len(kids) - 1):
            first, second = kids[k], kids[k + 1]
            if first.children or second.children or not first.text or not second.text:
                continue
            if {first.origin, second.origin} & (touched | {None}) or second.uid in referenced:
                continue
            joined = f"{second.heading}. {second.text}" if second.heading else second.text
            first.text = f"{first.text} {joined}"
            kids.remove(second)
            edits.merged[first.uid] = (first.uid, second.uid)
            return


def _delete(b: list[Node], edits: Edits, rnd: random.Random, referenced: set[int]) -> None:
    """Delete one clause without sub-clauses that nothing refers to."""
    touched = edits.structural()
    candidates = [(n, p) for n, p in _leaves(b)
                  if n.origin is not None and n.origin not in touched and n.uid not in referenced]
    if candidates:
        node, parent = rnd.choice(candidates)
        parent.children.remove(node)
        edits.deleted.add(node.uid)


def _edit_words(node: Node, rnd: random.Random) -> None:
    """Replace, drop or insert one to three words: a change that alters the deal."""
    words = list(_WORD.finditer(node.text))
    for _ in range(rnd.randint(1, 3)):
        words = list(_WORD.finditer(node.text))
        if not words:
            break
        m = rnd.choice(words)
        choice = rnd.random()
        new = rnd.choice([w for w in SUBSTITUTES if w != m.group(0).lower()])
        if choice < 0.5:
            replacement = new
        elif choice < 0.75:
            replacement = f"{m.group(0)} {new}"
        else:
            replacement = "not"
        node.text = node.text[: m.start()] + replacement + node.text[m.end() :]


def _edit_cosmetic(node: Node, rnd: random.Random) -> None:
    """Change only punctuation, case, quote style or spacing."""
    kind = rnd.choice(("case", "quotes", "comma", "heading-case"))
    text = node.text
    words = list(_WORD.finditer(text))
    if kind == "heading-case" and node.heading:
        node.heading = node.heading.upper() if node.heading != node.heading.upper() else node.heading.title()
        return
    if kind == "quotes" and ('"' in text or "“" in text or "'" in text or "’" in text):
        node.text = _swap_quotes(text)
        return
    # A comma goes between two words, never between "Section" and its number.
    words = [m for m in words if re.match(r" [a-z]", text[m.end() : m.end() + 2])] if kind == "comma" else words
    if kind == "comma" and words:
        m = rnd.choice(words)
        node.text = text[: m.end()] + "," + text[m.end() :]
        return
    m = rnd.choice(words) if words else None
    if m is not None:
        word = m.group(0)
        node.text = text[: m.start()] + (word.upper() if word != word.upper() else word.lower()) + text[m.end() :]


def _swap_quotes(text: str) -> str:
    """Return `text` with straight quotes made curly (paired) and curly ones made straight."""
    if '"' not in text and "'" not in text:
        return text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))
    out, opening = [], True
    for char in text:
        if char == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append("’" if char == "'" else char)
    return "".join(out)


@dataclass(frozen=True)
class Fate:
    """The truth for one A clause: where it went and what a reader should be told."""

    kind: str  # a PAIR_KINDS value
    b: tuple[int, ...]  # B uids (empty when deleted)
    a: tuple[int, ...]  # all A uids of its pair (two for a merge)
    substantive: bool  # the change alters words or numbers that matter
    cosmetic_only: bool  # the text changed, but only cosmetically (edits or cross-references)


def truth(a: list[Node], b: list[Node], edits: Edits) -> tuple[dict[int, Fate], set[int]]:
    """Return each A uid's fate, and the uids of the clauses new in B."""
    num_a, num_b = numbers(a), numbers(b)
    in_b = {n.uid: n for n, _, _ in walk(b)}
    split_parts = {part for pair in edits.split.values() for part in pair}
    absorbed = {pair[1]: pair for pair in edits.merged.values()}
    fates: dict[int, Fate] = {}
    for node, _, _ in walk(a):
        uid = node.uid
        if uid in edits.deleted:
            fates[uid] = Fate("deleted", (), (uid,), True, False)
        elif uid in edits.split:
            fates[uid] = Fate("split", edits.split[uid], (uid,), False, False)
        elif uid in edits.merged or uid in absorbed:
            pair = edits.merged.get(uid) or absorbed[uid]
            fates[uid] = Fate("merged", (pair[0],), pair, False, False)
        else:
            other = in_b[uid]
            before = (node.heading, render(node.text, num_a))
            after = (other.heading, render(other.text, num_b))
            changed = before != after
            if uid in edits.moved:
                kind = "moved"
            elif num_a[uid] != num_b[uid]:
                kind = "renumbered"
            else:
                kind = "modified" if changed else "unchanged"
            substantive = uid in edits.worded
            fates[uid] = Fate(kind, (uid,), (uid,), substantive, changed and not substantive)
    inserted = {uid for uid, n in in_b.items() if n.origin is None and uid not in split_parts}
    return fates, inserted
