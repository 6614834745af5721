"""Which paragraphs of A became which paragraphs of B, for the redline.

Paragraphs, not clauses: a redline marks every paragraph, table cells included. Matching runs
in three steps:
  1. identical texts in order (the longest common subsequence of whole paragraphs);
  2. a paragraph of A deleted and one of B inserted with the same text, of some length, is a
     move (the same text found elsewhere);
  3. in each gap between in-order matches, edited paragraphs are paired by text similarity,
     keeping order (a small dynamic programme; a window around the diagonal in huge gaps).
What is left is deleted (A) or inserted (B). The result is the output order: B's paragraphs,
with each of A's unmatched paragraphs placed where it stood relative to the matches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from desktop.core.long_diff import ratio, sequence_opcodes

MOVE_MIN_CHARS = 20  # shorter identical texts ("Reserved.", "Fees") are too common to call moves
PAIR_SIMILARITY = 0.5  # two paragraphs in a gap are one edited paragraph above this
LONE_SIMILARITY = 0.25  # ... or above this when each is the only paragraph of its gap
DP_CELLS = 40_000  # gaps larger than this are paired within a window around the diagonal
WINDOW = 20
EDITED_MOVE_MIN_CHARS = 40  # a moved paragraph with edits must be clause-sized ...
EDITED_MOVE_SIMILARITY = 0.7  # ... and mostly the same words
MOVE_CANDIDATES = 5  # B paragraphs scored for each A paragraph left over
MOVE_WORD_HOLDERS = 50  # a word in more leftover paragraphs than this says nothing

Kind = Literal["same", "edit", "insert", "delete", "move_to", "move_from"]


@dataclass(frozen=True, slots=True)
class Step:
    """One paragraph of the redline, in output order: `a`/`b` index the drafts' paragraphs."""

    kind: Kind
    a: int | None
    b: int | None


def align_paragraphs(texts_a: Sequence[str], texts_b: Sequence[str],
                     moves: Sequence[Sequence[tuple[int, int]]] = ()) -> list[Step]:
    """Return the redline's paragraphs in order: B's paragraphs with A's deleted ones placed.

    `moves` are the clauses that the clause comparison found moved, each as its (A, B)
    paragraphs: their paragraphs become moves, unless one of them already stands in the same
    place (the clause's parent changed, not its place in the text), or is paired with an
    identical paragraph elsewhere.
    """
    partner_a: list[int | None] = [None] * len(texts_a)
    partner_b: list[int | None] = [None] * len(texts_b)
    gaps: list[tuple[int, int, int, int]] = []
    # Paragraphs as words: thousands of them diff in near-linear time (anchored when many).
    for tag, a0, a1, b0, b1 in sequence_opcodes(texts_a, texts_b)[0]:
        if tag == "equal":
            for k in range(a1 - a0):
                partner_a[a0 + k], partner_b[b0 + k] = b0 + k, a0 + k
        elif gaps and gaps[-1][1] == a0 and gaps[-1][3] == b0:  # a delete then an insert: one gap
            gaps[-1] = (gaps[-1][0], a1, gaps[-1][2], b1)
        else:
            gaps.append((a0, a1, b0, b1))
    moved = _moves(texts_a, texts_b, partner_a, partner_b)
    edited: set[int] = set()
    for a0, a1, b0, b1 in gaps:
        free_a = [i for i in range(a0, a1) if partner_a[i] is None]
        free_b = [j for j in range(b0, b1) if partner_b[j] is None]
        for i, j in _pair_gap(texts_a, texts_b, free_a, free_b):
            partner_a[i], partner_b[j] = j, i
            edited.add(i)
    for i in _edited_moves(texts_a, texts_b, partner_a, partner_b):
        moved.add(i)
        edited.add(i)
    _named_moves(moves, partner_a, partner_b, moved, edited)
    return _order(texts_a, texts_b, partner_a, partner_b, moved, edited)


def _moves(texts_a, texts_b, partner_a, partner_b) -> set[int]:
    """Pair unmatched A and B paragraphs with the same (long enough) text; return A's indices."""
    waiting: dict[str, list[int]] = defaultdict(list)
    for j, text in enumerate(texts_b):
        if partner_b[j] is None and len(text.strip()) >= MOVE_MIN_CHARS:
            waiting[text].append(j)
    moved: set[int] = set()
    for i, text in enumerate(texts_a):
        if partner_a[i] is None and waiting.get(text):
            j = waiting[text].pop(0)
            partner_a[i], partner_b[j] = j, i
            moved.add(i)
    return moved


def _named_moves(moves: Sequence[Sequence[tuple[int, int]]], partner_a: list[int | None],
                 partner_b: list[int | None], moved: set[int], edited: set[int]) -> None:
    """Make the paragraphs of each clause named moved a move, freeing their old partners."""

    def kept_in_order(i: int | None) -> bool:  # paired with the same text, in order
        return i is not None and partner_a[i] is not None and i not in edited and i not in moved

    for clause in moves:
        if any(partner_a[i] == j and i not in moved for i, j in clause):
            continue  # a paragraph of it stands where it stood: the clause did not move in the text
        for i, j in clause:
            if not (kept_in_order(i) or kept_in_order(partner_b[j])):
                _pair_as_move(i, j, partner_a, partner_b, moved, edited)


def _pair_as_move(i: int, j: int, partner_a: list[int | None], partner_b: list[int | None],
                  moved: set[int], edited: set[int]) -> None:
    """Pair A's paragraph `i` with B's `j` as a move, their old partners left unpaired."""
    if partner_a[i] != j:
        old_i, old_j = partner_b[j], partner_a[i]
        if old_i is not None:
            partner_a[old_i] = None
            moved.discard(old_i)
            edited.discard(old_i)
        if old_j is not None:
            partner_b[old_j] = None
    partner_a[i], partner_b[j] = j, i
    moved.add(i)
    edited.add(i)


def _edited_moves(texts_a, texts_b, partner_a, partner_b) -> list[int]:
    """Pair A paragraphs left deleted with B paragraphs left inserted elsewhere, when one is the
    other edited (similar enough, and long enough to be a clause): moves with edits inside.

    Each A paragraph is scored only against the few B paragraphs sharing most of its longer
    words, so the search stays near-linear however many paragraphs are left over.
    """
    left_b = [j for j, p in enumerate(partner_b) if p is None and len(texts_b[j]) >= EDITED_MOVE_MIN_CHARS]
    if not left_b:
        return []
    holders: dict[str, list[int]] = defaultdict(list)
    for j in left_b:
        for word in _long_words(texts_b[j]):
            holders[word].append(j)
    found = []
    for i, text in enumerate(texts_a):
        if partner_a[i] is not None or len(text) < EDITED_MOVE_MIN_CHARS:
            continue
        shared: dict[int, int] = defaultdict(int)
        for word in _long_words(text):
            if len(holders.get(word, ())) <= MOVE_WORD_HOLDERS:
                for j in holders.get(word, ()):
                    shared[j] += 1
        best, best_j = EDITED_MOVE_SIMILARITY, None
        for j in sorted(shared, key=shared.__getitem__, reverse=True)[:MOVE_CANDIDATES]:
            if partner_b[j] is None:
                score = ratio(text, texts_b[j], best)
                if score > best:
                    best, best_j = score, j
        if best_j is not None:
            partner_a[i], partner_b[best_j] = best_j, i
            found.append(i)
    return found


def _long_words(text: str) -> set[str]:
    return {w for w in text.lower().split() if len(w) >= 5}


def _similarity(a: str, b: str) -> float:
    return ratio(a, b)


def _pair_gap(texts_a, texts_b, free_a: list[int], free_b: list[int]) -> list[tuple[int, int]]:
    """Return in-order (A, B) pairs of edited paragraphs within one gap."""
    if not free_a or not free_b:
        return []
    if len(free_a) == 1 and len(free_b) == 1:
        i, j = free_a[0], free_b[0]
        return [(i, j)] if _similarity(texts_a[i], texts_b[j]) >= LONE_SIMILARITY else []
    m, n = len(free_a), len(free_b)
    if m * n <= DP_CELLS:
        candidates = {(x, y) for x in range(m) for y in range(n)}
    else:
        candidates = {
            (x, y)
            for x in range(m)
            for y in range(max(0, x * n // m - WINDOW), min(n, x * n // m + WINDOW + 1))
        }
    weight: dict[tuple[int, int], float] = {}
    for x, y in candidates:
        sim = ratio(texts_a[free_a[x]], texts_b[free_b[y]], PAIR_SIMILARITY)
        if sim:
            weight[x, y] = sim
    if not weight:
        return []
    return [(free_a[x], free_b[y]) for x, y in _heaviest_chain(weight)]


def _heaviest_chain(weight: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """Return the strictly increasing (x, y) chain of greatest total weight, in n·log n.

    Cells are taken by x, and by descending y within one x, so cells of the same x never chain
    onto each other; a Fenwick tree over y gives the best chain ending below each y.
    """
    cells = sorted(weight, key=lambda c: (c[0], -c[1]))
    ys = sorted({y for _, y in cells})
    rank = {y: r + 1 for r, y in enumerate(ys)}
    tree: list[tuple[float, int]] = [(0.0, -1)] * (len(ys) + 1)  # best (total, cell) per prefix
    best: list[tuple[float, int]] = []  # per cell: (total, previous cell index)
    for k, (x, y) in enumerate(cells):
        prev_total, prev_cell, r = 0.0, -1, rank[y] - 1  # best chain ending at a y below this one
        while r > 0:
            if tree[r][0] > prev_total:
                prev_total, prev_cell = tree[r]
            r -= r & -r
        total = prev_total + weight[x, y]
        best.append((total, prev_cell))
        r = rank[y]
        while r <= len(ys):
            if total > tree[r][0]:
                tree[r] = (total, k)
            r += r & -r
    k = max(range(len(best)), key=lambda c: best[c][0])
    chain = []
    while k >= 0:
        chain.append(cells[k])
        k = best[k][1]
    return chain[::-1]


def _order(texts_a, texts_b, partner_a, partner_b, moved: set[int], edited: set[int]) -> list[Step]:
    """Return the output order: A's unmatched paragraphs go after the match before them in A."""
    before: dict[int, list[Step]] = defaultdict(list)  # B index -> A-only steps placed before it
    anchor = 0  # the B index after the last in-order match seen in A
    for i in range(len(texts_a)):
        j = partner_a[i]
        if j is None:
            before[anchor].append(Step("delete", i, None))
        elif i in moved:
            before[anchor].append(Step("move_from", i, j))
        else:
            anchor = j + 1
    steps: list[Step] = []
    for j in range(len(texts_b) + 1):
        steps.extend(before.get(j, ()))
        if j == len(texts_b):
            break
        i = partner_b[j]
        if i is None:
            steps.append(Step("insert", None, j))
        elif i in moved:
            steps.append(Step("move_to", i, j))
        else:
            steps.append(Step("edit" if i in edited and texts_a[i] != texts_b[j] else "same", i, j))
    return steps
