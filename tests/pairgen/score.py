"""Scoring a comparison against a generated pair's truth.

The truth speaks of generator uids; the comparison of the reader's clause ids. The two are
tied together by reading order and text: the reader must see the clauses the generator wrote,
in the same order (a mismatch is counted as `unmapped`, a sign of a splitting bug).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop.core.model import Clause, Pair
from tests.pairgen.edits import Fate
from tests.pairgen.tree import Node, numbers, render, walk

_NON_WORD = re.compile(r"\W+")


def _key(heading: str, text: str) -> str:
    """Return a plain key for matching a written node with a read clause."""
    return _NON_WORD.sub(" ", (text or heading).casefold()).strip()


def map_clauses(sections: list[Node], clauses: Sequence[Clause]) -> dict[int, str]:
    """Return generator uid -> reader clause id, by reading order and text."""
    numbering = numbers(sections)
    nodes = [n for n, _, _ in walk(sections)]
    read = [c for c in clauses if c.kind != "title"]
    keys_n = [_key(n.heading, render(n.text, numbering)) for n in nodes]
    keys_c = [_key(c.heading, c.text) for c in read]
    out: dict[int, str] = {}
    matcher = difflib.SequenceMatcher(None, keys_n, keys_c, autojunk=False)
    for tag, n0, n1, c0, c1 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and n1 - n0 == c1 - c0):
            for k in range(n1 - n0):
                out[nodes[n0 + k].uid] = read[c0 + k].id
    return out


def twin_keys(ids, keys: dict[str, tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Return the sorted context keys of clause ids (equal for a clause and its identical twin)."""
    return sorted(keys[i] for i in ids)


def context_keys(clauses: Sequence[Clause]) -> dict[str, tuple[str, ...]]:
    """Return each clause's text key with its surroundings: parent, previous and next sibling.

    Two clauses with equal context keys are indistinguishable to any reader (the same text in
    the same setting, as in a repeated exhibit, or two empty items side by side), so either may
    be matched for the other. Equal text in a different setting is not: the neighbours tell
    which one stayed and which moved. Siblings with the clause's own text are looked past.
    """
    text = {c.id: _key(c.heading, c.text) for c in clauses}
    siblings: dict[str | None, list[str]] = {}
    for c in clauses:
        siblings.setdefault(c.parent if c.parent in text else None, []).append(c.id)
    out: dict[str, tuple[str, ...]] = {}
    for parent, ids in siblings.items():
        keys = [text[i] for i in ids]
        for k, cid in enumerate(ids):
            before = next((t for t in reversed(keys[:k]) if t != keys[k]), "")
            after = next((t for t in keys[k + 1 :] if t != keys[k]), "")
            out[cid] = (keys[k], text[parent] if parent else "", before, after)
    return out


@dataclass
class Score:
    """How an alignment fared against the truth: counts, one counter per target."""

    clauses: int = 0  # A clauses scored
    correct: int = 0  # matched to the right counterpart or its indistinguishable twin (or rightly deleted)
    strict: int = 0  # matched to the very clause the generator recorded
    kind_right: int = 0
    moves: int = 0  # moves, splits and merges in truth, and how many were named with the right
    moves_named: int = 0  # counterpart (a twin's counterpart counts: see `score`)
    splits: int = 0
    splits_named: int = 0
    merges: int = 0
    merges_named: int = 0
    kept: int = 0  # unchanged or renumbered in truth
    kept_deleted: int = 0  # …shown as deleted (must be 0)
    surviving_deleted: int = 0  # any surviving clause shown as deleted
    cosmetic: int = 0  # cosmetic-only changes in truth
    cosmetic_flagged: int = 0  # …marked substantive (must be 0)
    substantive: int = 0
    substantive_missed: int = 0  # word edits marked non-substantive
    inserted: int = 0
    inserted_right: int = 0
    unmapped: int = 0  # clauses the reader did not give back as written
    confusion: Counter = field(default_factory=Counter)  # (truth kind, shown kind)
    examples: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        """Add another score's counts into this one."""
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)
        self.confusion.update(other.confusion)
        self.examples.extend(other.examples[: max(0, 20 - len(self.examples))])

    @property
    def accuracy(self) -> float:
        """Return the share of A clauses matched to the right counterpart."""
        return self.correct / self.clauses if self.clauses else 1.0

    def failures(self, target: float = 0.995) -> list[str]:
        """Return the targets this score misses (empty when all are met)."""
        out = []
        if self.accuracy < target:
            out.append(f"{self.accuracy:.2%} matched correctly < {target:.1%}")
        if self.moves_named < self.moves:
            out.append(f"{self.moves - self.moves_named} of {self.moves} moves not labelled moved")
        if self.splits_named < self.splits or self.merges_named < self.merges:
            out.append(f"splits named {self.splits_named}/{self.splits}, merges {self.merges_named}/{self.merges}")
        if self.kept_deleted:
            out.append(f"{self.kept_deleted} unchanged/renumbered clauses shown as deleted")
        if self.cosmetic_flagged:
            out.append(f"{self.cosmetic_flagged} cosmetic-only changes marked substantive")
        if self.unmapped:
            out.append(f"{self.unmapped} clauses not read back as written")
        return out


def score(a: list[Node], b: list[Node], fates: dict[int, Fate], inserted: set[int],
          clauses_a: Sequence[Clause], clauses_b: Sequence[Clause], pairs: Sequence[Pair]) -> Score:
    """Return the score of `pairs` (an alignment of the read drafts) against the truth."""
    ids_a, ids_b = map_clauses(a, clauses_a), map_clauses(b, clauses_b)
    keys_a, keys_b = context_keys(clauses_a), context_keys(clauses_b)
    pair_of_a = {i: p for p in pairs for i in p.a}
    pair_of_b = {j: p for p in pairs for j in p.b}
    def signature(clause_a, clause_b) -> tuple[tuple, tuple]:
        return tuple(twin_keys(clause_a, keys_a)), tuple(twin_keys(clause_b, keys_b))

    # A repeated exhibit makes twins: identical text in identical surroundings, told apart only
    # by how far down the document they sit. Pairs are also compared by their texts with their
    # surroundings (signatures), so swapping such twins is not counted wrong; swapping two equal
    # texts whose neighbours differ is.
    groups = {f.a: f for f in fates.values() if all(u in ids_a for u in f.a) and all(u in ids_b for u in f.b)}
    truth = Counter((f.kind, signature([ids_a[u] for u in f.a], [ids_b[u] for u in f.b])) for f in groups.values())
    shown = Counter((p.kind, signature(p.a, p.b)) for p in pairs)
    signatures = {sig for _, sig in truth}
    out = Score()
    for uid, fate in fates.items():
        want_a = {ids_a.get(u) for u in fate.a}
        want_b = {ids_b.get(u) for u in fate.b}
        if uid not in ids_a or None in want_a or None in want_b:
            out.unmapped += 1
            continue
        pair = pair_of_a[ids_a[uid]]
        out.clauses += 1
        exact = set(pair.a) == want_a and set(pair.b) == want_b
        right = exact or signature(pair.a, pair.b) in signatures
        out.strict += exact
        out.correct += right
        out.kind_right += pair.kind == fate.kind
        out.confusion[fate.kind, pair.kind] += 1
        if not right or pair.kind != fate.kind:
            if len(out.examples) < 20:
                out.examples.append(f"{fate.kind} {sorted(want_a)}→{sorted(want_b)} "
                                    f"shown {pair.kind} {list(pair.a)}→{list(pair.b)}")
        if fate.kind != "deleted":
            out.surviving_deleted += not pair.b
        if fate.cosmetic_only and fate.kind not in ("split", "merged"):
            out.cosmetic += 1
            out.cosmetic_flagged += pair.substantive
            if pair.substantive and len(out.examples) < 20:
                out.examples.append(f"cosmetic shown substantive: {pair.diff}")
        if fate.substantive:
            out.substantive += 1
            out.substantive_missed += not pair.substantive
    named = lambda kind: sum(min(n, shown[k, sig]) for (k, sig), n in truth.items() if k == kind)  # noqa: E731
    total = lambda kind: sum(n for (k, _), n in truth.items() if k == kind)  # noqa: E731
    out.moves, out.moves_named = total("moved"), named("moved")
    out.splits, out.splits_named = total("split"), named("split")
    out.merges, out.merges_named = total("merged"), named("merged")
    # A kept clause shown deleted: more deletions of its text than the truth has.
    kept = Counter(sig[0] for (k, sig), n in truth.items() for _ in range(n) if k in ("unchanged", "renumbered"))
    deleted_truth = Counter(sig[0] for (k, sig), n in truth.items() for _ in range(n) if k == "deleted")
    deleted_shown = Counter(sig[0] for (k, sig), n in shown.items() for _ in range(n) if k == "deleted")
    out.kept = sum(kept.values())
    out.kept_deleted = sum(min(n, max(0, deleted_shown[s] - deleted_truth[s])) for s, n in kept.items())
    for uid in inserted:
        if uid in ids_b:
            out.inserted += 1
            out.inserted_right += pair_of_b[ids_b[uid]].kind == "inserted"
        else:
            out.unmapped += 1
    return out
