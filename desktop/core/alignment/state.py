"""Alignment working state: both drafts' clauses, the groups matched so far, and cached measures.

Shared by the matching stages (alignment_match, alignment_split) and the pair builder
(alignment). Similarity is measured on words, not letters (see `Alignment.similarity`).
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections.abc import Sequence

from desktop.core.diff import REF_WORD, normalize_cosmetic
from desktop.core.long_diff import ratio
from desktop.core.model import Clause
from desktop.core.work import check_cancel

MIN_SIMILARITY = 0.3  # words at least this alike (unrelated clauses: ~0.1, 99th pct 0.27)
SHORT_WORDS = 8  # texts with fewer words are compared letter by letter
CHANCE_LETTERS = 0.3  # share of letters two unrelated texts have in common by chance

_NUMBER = re.compile(rf"\b(?:{REF_WORD}|\d+(?: \d+)*)\b")  # a normalised number: "refnum", "8 1"

A, B = 0, 1  # sides, so symmetric code can say `1 - side`


class Alignment:
    """The working state: clauses of both drafts and the groups matched so far."""

    def __init__(self, a: Sequence[Clause], b: Sequence[Clause], cancel: threading.Event | None):
        self.clauses, self.cancel = (a, b), cancel
        self.groups: list[tuple[list[int], list[int]]] = []  # (A indices, B indices)
        self.group: tuple[list[int | None], ...] = ([None] * len(a), [None] * len(b))
        self.parent = (_parents(a), _parents(b))
        self._norm: dict[tuple[int, int, bool], str] = {}
        self._words: dict[tuple[int, int], list[int]] = {}
        self._vocabulary: dict[str, int] = {}
        self._similarity: dict[tuple[int, int], float] = {}

    def check_cancel(self) -> None:
        """Raise Cancelled when the user asked to stop."""
        check_cancel(self.cancel)

    def link(self, a_idx: list[int], b_idx: list[int], g: int | None = None) -> None:
        """Record that clauses `a_idx` of A became `b_idx` of B (replacing group `g` if given)."""
        if g is None:
            self.groups.append(([], []))
            g = len(self.groups) - 1
        for side, members in enumerate(self.groups[g]):
            for k in members:
                self.group[side][k] = None
        self.groups[g] = (a_idx, b_idx)
        for side, members in enumerate(self.groups[g]):
            for k in members:
                self.group[side][k] = g

    def norm(self, side: int, k: int, heading_only: bool = False) -> str:
        """Return the cosmetic-normalised heading (+ text) of clause `k` of `side`."""
        key = (side, k, heading_only)
        if key not in self._norm:
            c = self.clauses[side][k]
            self._norm[key] = normalize_cosmetic(c.heading if heading_only else f"{c.heading}\n{c.text}")
        return self._norm[key]

    def unmatched(self, side: int) -> list[int]:
        """Return the indices of `side`'s clauses not yet in any group."""
        return [k for k, g in enumerate(self.group[side]) if g is None]

    def one_to_one(self, g: int) -> bool:
        """Return whether group `g` pairs exactly one A clause with one B clause."""
        return len(self.groups[g][A]) == 1 and len(self.groups[g][B]) == 1

    def partner(self, i: int) -> int | None:
        """Return the B index matched one-to-one with A clause `i`, or None."""
        g = self.group[A][i]
        return self.groups[g][B][0] if g is not None and self.one_to_one(g) else None

    def parents_linked(self, i: int, j: int) -> bool | None:
        """Return whether A clause i's parent is matched to B clause j's (None: can't tell)."""
        pa, pb = self.parent[A][i], self.parent[B][j]
        if pa < 0 or pb < 0:
            return pa < 0 and pb < 0
        ga, gb = self.group[A][pa], self.group[B][pb]
        return None if ga is None and gb is None else ga is not None and ga == gb

    def words(self, side: int, k: int) -> list[int]:
        """Return the normalised words of clause `k` of `side`, as numbers (faster to compare).

        A definition's heading is its term, read out of its own text: counting it again would
        make one edit of the term count twice. A number, cross-reference or not, is one word
        whatever its value ("Section 7.1" and "8.1" alike): its value says little of identity.
        """
        if (side, k) not in self._words:
            vocabulary = self._vocabulary
            c = self.clauses[side][k]
            text = normalize_cosmetic(c.text) if c.kind == "definition" and c.text else self.norm(side, k)
            text = _NUMBER.sub("#", text)
            self._words[side, k] = [vocabulary.setdefault(w, len(vocabulary)) for w in text.split()]
        return self._words[side, k]

    def similarity(self, i: int, j: int) -> float:
        """Return how alike A clause i and B clause j are (0..1; 0 below MIN_SIMILARITY).

        Words, not letters: two unrelated clauses share ~40% of their letters in order but only
        ~10% of their words, so a threshold on words separates them far better. A text of a few
        words ("Two" → "Two1" in a table cell) has too few words to measure, so letters count too.
        """
        if (i, j) in self._similarity:  # fuzzy rounds revisit the same candidates
            return self._similarity[i, j]
        words_a, words_b = self.words(A, i), self.words(B, j)
        sim = ratio(words_a, words_b, MIN_SIMILARITY)
        if min(len(words_a), len(words_b)) < SHORT_WORDS and words_a != words_b:
            # Rescaled so that letters shared by chance (~30-40%) score like chance words.
            letters = ratio(self.norm(A, i), self.norm(B, j))
            sim = max(sim, (letters - CHANCE_LETTERS) / (1.0 - CHANCE_LETTERS))
        self._similarity[i, j] = sim
        return sim


def _parents(clauses: Sequence[Clause]) -> list[int]:
    """Return the index of each clause's parent, -1 for top-level (or unknown) parents."""
    index = {c.id: k for k, c in enumerate(clauses)}
    return [index.get(c.parent, -1) if c.parent is not None else -1 for c in clauses]


def heaviest_increasing(values: list[int], weights: list[int]) -> set[int]:
    """Return the positions of a heaviest strictly increasing subsequence of `values`.

    Of several, the one that ends latest, each element preceded by the latest one that can.
    """
    if all(w == 1 for w in weights):
        return _longest_increasing(values)
    ranks = {v: r + 1 for r, v in enumerate(sorted(set(values)))}
    tree = [(0, -1)] * (len(ranks) + 1)  # Fenwick tree of (best weight, position) by rank
    came_from, best_total = [], (0, -1)
    for pos, value in enumerate(values):
        r, best = ranks[value] - 1, (0, -1)
        while r > 0:
            best, r = max(best, tree[r]), r - (r & -r)
        total = (best[0] + weights[pos], pos)
        came_from.append(best[1])
        best_total, r = max(best_total, total), ranks[value]
        while r < len(tree):
            tree[r], r = max(tree[r], total), r + (r & -r)
    keep, pos = set(), best_total[1]
    while pos >= 0:
        keep.add(pos)
        pos = came_from[pos]
    return keep


def _longest_increasing(values: list[int]) -> set[int]:
    """Return heaviest_increasing's choice when every weight is 1, by patience sorting.

    `tails[k]` is the smallest last value of an increasing run of length k + 1 so far, and
    `ends[k]` its position: the latest element of that length, as the weighted search picks.
    """
    tails: list[int] = []
    ends: list[int] = []
    came_from: list[int] = []
    for pos, value in enumerate(values):
        k = bisect_left(tails, value)
        came_from.append(ends[k - 1] if k else -1)
        if k == len(tails):
            tails.append(value)
            ends.append(pos)
        else:
            tails[k], ends[k] = value, pos
    keep, pos = set(), ends[-1] if ends else -1
    while pos >= 0:
        keep.add(pos)
        pos = came_from[pos]
    return keep


