"""Clause alignment: which clauses of draft A became which clauses of draft B, and how.

Matching runs in order of trust, each stage only looking at what the previous ones left:
  1. identical heading + text, unique on both sides, then their identical neighbours;
  2. the same after cosmetic normalisation (case, punctuation, quotes, cross-reference numbers),
     then the same heading, unique among what is left and in the same place;
  3. fuzzy: candidates come from the gap between ordered matches, from equal keys and from a
     rare-word index (never all pairs), scored by text similarity plus heading, number,
     parent and position evidence, and accepted greedily above a threshold;
  4. splits and merges: a clause whose text reappears as consecutive clauses on the other side.
Then each pair gets its kind: a clause that left its parent or its place among its siblings is
"moved" (a heaviest increasing subsequence over siblings decides who stayed), one whose
number changed is "renumbered", otherwise "modified" or "unchanged".
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence

from rapidfuzz import fuzz

from desktop.core.diff import is_substantive, normalize_cosmetic, similarity, word_diff
from desktop.core.model import Cancelled, Clause, Pair

# Fuzzy acceptance, tuned on corpus/versions with tests/benchmarks/eval_compare.py.
ACCEPT_SCORE = 0.45  # text similarity plus structural bonuses must reach this
MIN_SIMILARITY = 0.3  # and their words at least this alike (unrelated clauses: ~0.1, 99th pct 0.27)
HEADING_BONUS = 0.15  # same non-empty heading
NUMBER_BONUS = 0.05  # same non-empty citation number
PARENT_BONUS = 0.10  # parents already matched to each other
GAP_BONUS = 0.10  # sits between the same ordered neighbours on both sides
SHORT_WORDS = 8  # texts with fewer words are compared letter by letter
CHANCE_LETTERS = 0.3  # share of letters two unrelated texts have in common by chance
SHORT_TEXT = 16  # normalised texts shorter than this need structural support to match
GAP_WINDOW = 24  # how many unmatched clauses around the expected place are candidates
RARE_WORDS = 8  # how many of a clause's rarest words query the index
RARE_HITS = 8  # how many index hits become candidates
FUZZY_ROUNDS = 3
SPLIT_SIMILARITY = 0.85  # joined parts vs the whole, for split/merge
WEAK_SPLIT_SIMILARITY = 0.7  # the same, when the clause's one-to-one match is poor
SPLIT_GAIN = 0.05  # a split must explain the clause this much better than its one match
SPLIT_PARTS = 4

Progress = Callable[[int, int], None]
A, B = 0, 1  # sides, so symmetric code can say `1 - side`
_STAGES = 6


class _Alignment:
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
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled()

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
        """Return the normalised words of clause `k` of `side`, as numbers (faster to compare)."""
        if (side, k) not in self._words:
            vocabulary = self._vocabulary
            self._words[side, k] = [vocabulary.setdefault(w, len(vocabulary)) for w in self.norm(side, k).split()]
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
        sim = fuzz.ratio(words_a, words_b, score_cutoff=100 * MIN_SIMILARITY) / 100.0
        if min(len(words_a), len(words_b)) < SHORT_WORDS and words_a != words_b:
            # Rescaled so that letters shared by chance (~30-40%) score like chance words.
            letters = fuzz.ratio(self.norm(A, i), self.norm(B, j)) / 100.0
            sim = max(sim, (letters - CHANCE_LETTERS) / (1.0 - CHANCE_LETTERS))
        self._similarity[i, j] = sim
        return sim


def _parents(clauses: Sequence[Clause]) -> list[int]:
    """Return the index of each clause's parent, -1 for top-level (or unknown) parents."""
    index = {c.id: k for k, c in enumerate(clauses)}
    return [index.get(c.parent, -1) if c.parent is not None else -1 for c in clauses]


def _heaviest_increasing(values: list[int], weights: list[int]) -> set[int]:
    """Return the positions of a heaviest strictly increasing subsequence of `values`."""
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


# --- Stages 1 and 2: equal keys -------------------------------------------------------------


def _match_keys(al: _Alignment, key: Callable[[int, int], str]) -> None:
    """Match clauses whose key is unique on both sides, then grow runs of equal neighbours."""
    found: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for side in (A, B):
        for k in al.unmatched(side):
            found[key(side, k)][side].append(k)
    for ia, jb in found.values():
        if len(ia) == 1 and len(jb) == 1:
            al.link(ia, jb)
    # Patience-style extension: duplicates ("[Reserved]") next to a match follow it.
    n_a, n_b = len(al.group[A]), len(al.group[B])
    for step in (1, -1):
        for i in range(n_a) if step == 1 else range(n_a - 1, -1, -1):
            j = al.partner(i)
            while j is not None and 0 <= i + step < n_a and 0 <= j + step < n_b:
                i, j = i + step, j + step
                if al.group[A][i] is not None or al.group[B][j] is not None or key(A, i) != key(B, j):
                    break
                al.link([i], [j])


def _exact_key(al: _Alignment) -> Callable[[int, int], str]:
    """Return the key function of stage 1: the clause's own heading and text."""
    return lambda side, k: f"{al.clauses[side][k].heading}\x1f{al.clauses[side][k].text}"


def _places(al: _Alignment, rest_a: list[int], rest_b: list[int]) -> Iterator[tuple[int, set[int], int]]:
    """Yield each unmatched A clause, the unmatched B clauses in its gap, and its expected B index.

    The gap is the stretch of B between the matches of its ordered neighbours (anchors); when
    that is long, only the GAP_WINDOW clauses nearest the expected place count.
    """
    matched = [(i, j) for i in range(len(al.group[A])) if (j := al.partner(i)) is not None]
    keep = _heaviest_increasing([j for _, j in matched], [1] * len(matched))
    anchors = [p for k, p in enumerate(matched) if k in keep]
    anchor_a = [i for i, _ in anchors]
    for n, i in enumerate(rest_a):
        if n % 64 == 0:
            al.check_cancel()
        k = bisect_left(anchor_a, i)
        lo = anchors[k - 1][1] if k > 0 else -1
        hi = anchors[k][1] if k < len(anchors) else len(al.group[B])
        # Where i would land if everything since the previous anchor kept its place.
        expected = anchors[k - 1][1] + i - anchors[k - 1][0] if k > 0 else i
        expected = min(max(expected, lo + 1), hi - 1)
        start, stop = bisect_right(rest_b, lo), bisect_left(rest_b, hi)
        if stop - start > GAP_WINDOW:
            start = max(start, bisect_left(rest_b, expected, start, stop) - GAP_WINDOW // 2)
            stop = min(stop, start + GAP_WINDOW)
        yield i, set(rest_b[start:stop]), expected


def _match_headings(al: _Alignment) -> None:
    """Match clauses whose heading is unique among the unmatched on both sides, in place.

    A lawyer reads the same heading in the same place as the same clause, however rewritten
    ("Termination" redrafted from one paragraph into a lead-in and two items).
    """
    rest = (al.unmatched(A), al.unmatched(B))
    by_heading: tuple[dict[str, list[int]], ...] = (defaultdict(list), defaultdict(list))
    for side in (A, B):
        for k in rest[side]:
            if heading := al.norm(side, k, heading_only=True):
                by_heading[side][heading].append(k)
    for i, in_gap, _ in _places(al, *rest):
        heading = al.norm(A, i, heading_only=True)
        if heading and len(by_heading[A][heading]) == 1 and len(by_heading[B].get(heading, ())) == 1:
            j = by_heading[B][heading][0]
            if j in in_gap or al.parents_linked(i, j) or al.similarity(i, j) >= MIN_SIMILARITY:
                al.link([i], [j])


# --- Stage 3: fuzzy ---------------------------------------------------------------------


def _match_fuzzy(al: _Alignment) -> int:
    """Match leftover clauses by scored candidates; return how many pairs were added."""
    rest_a, rest_b = al.unmatched(A), al.unmatched(B)
    by_key: dict[str, list[int]] = defaultdict(list)
    by_word: dict[str, list[int]] = defaultdict(list)
    for j in rest_b:
        by_key[al.norm(B, j)].append(j)
        for word in set(al.norm(B, j).split()):
            by_word[word].append(j)
    common = max(4, len(rest_b) // 20)  # words in more clauses than this find nothing useful
    scored: list[tuple[float, int, int]] = []
    for i, in_gap, expected in (_places(al, rest_a, rest_b) if rest_b else ()):
        candidates = in_gap | set(by_key.get(al.norm(A, i), ())[:GAP_WINDOW])
        rare = sorted((w for w in set(al.norm(A, i).split()) if 0 < len(by_word.get(w, ())) <= common),
                      key=lambda w: len(by_word[w]))
        hits: dict[int, int] = defaultdict(int)
        for word in rare[:RARE_WORDS]:
            for j in by_word[word]:
                hits[j] += 1
        candidates.update(sorted(hits, key=hits.__getitem__, reverse=True)[:RARE_HITS])
        for j in candidates:
            if (score := _score(al, i, j, j in in_gap, expected)) is not None:
                scored.append((score, i, j))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    added = 0
    for _, i, j in scored:
        if al.group[A][i] is None and al.group[B][j] is None:
            al.link([i], [j])
            added += 1
    return added


def _score(al: _Alignment, i: int, j: int, in_gap: bool, expected: int) -> float | None:
    """Return how sure we are that A clause i became B clause j, or None to reject."""
    sim = al.similarity(i, j)
    if sim < MIN_SIMILARITY:
        return None
    score = sim
    if al.norm(A, i, True) and al.norm(A, i, True) == al.norm(B, j, True):
        score += HEADING_BONUS
    if al.clauses[A][i].number and al.clauses[A][i].number == al.clauses[B][j].number:
        score += NUMBER_BONUS
    if parents := al.parents_linked(i, j):
        score += PARENT_BONUS
    if in_gap:
        score += GAP_BONUS * (1.0 - 0.5 * min(1.0, abs(j - expected) / GAP_WINDOW))
    if min(len(al.norm(A, i)), len(al.norm(B, j))) < SHORT_TEXT and not (in_gap or parents):
        return None
    return score if score >= ACCEPT_SCORE else None


# --- Stage 4: splits and merges -------------------------------------------------------------


def _match_splits(al: _Alignment) -> None:
    """Group a clause with consecutive clauses of the other side whose joined text rebuilds it.

    One part may already be the clause's one-to-one match (a heading kept, its text moved into
    new sub-clauses); the other parts must be unmatched. side A finds splits, side B merges.
    """
    for side in (A, B):
        landed = -1  # where the previous matched clause of this side sits on the other side
        for k, g in enumerate(al.group[side]):
            if _may_be_split(al, side, k, g):
                partner = al.groups[g][1 - side][0] if g is not None else None
                if partner is None:
                    current, starts = 0.0, range(landed + 1, landed + 4)
                else:
                    current = _split_similarity(al.norm(side, k), al.norm(1 - side, partner))
                    starts = range(partner - SPLIT_PARTS + 1, partner + 1)
                if (best := _best_split(al, side, k, starts, partner, current)) is not None:
                    al.link([k], best, g) if side == A else al.link(best, [k], g)
            if (g := al.group[side][k]) is not None:
                landed = al.groups[g][1 - side][-1]


def _may_be_split(al: _Alignment, side: int, k: int, g: int | None) -> bool:
    """Return whether clause `k` is worth testing as a split (or merge) source."""
    if g is not None:
        if not al.one_to_one(g):
            return False
        ca, cb = al.clauses[A][al.groups[g][A][0]], al.clauses[B][al.groups[g][B][0]]
        if ca.text == cb.text and ca.heading == cb.heading:
            return False
    return len(al.norm(side, k)) >= SHORT_TEXT


def _best_split(
    al: _Alignment, side: int, k: int, starts: Sequence[int], partner: int | None, current: float
) -> list[int] | None:
    """Return the run of other-side clauses that best rebuilds clause `k`, or None.

    The run holds unmatched clauses, plus `partner` (k's one-to-one match) when there is one.
    """
    theirs, best = al.group[1 - side], None
    # A one-to-one match that explains under half of the clause is weak evidence, so a run of
    # parts may replace it on a lower bar ("Termination" rewritten as a lead-in and two items).
    floor = WEAK_SPLIT_SIMILARITY if partner is not None and current < 0.5 else SPLIT_SIMILARITY
    best_sim = max(current + SPLIT_GAIN, floor)
    for start in starts:
        parts: list[int] = []
        for m in range(max(start, 0), min(start + SPLIT_PARTS, len(theirs))):
            if theirs[m] is not None and m != partner:
                break
            parts.append(m)
            if len(parts) >= 2 and (partner is None or partner in parts):
                sim = _split_similarity(al.norm(side, k), " ".join(al.norm(1 - side, p) for p in parts), best_sim)
                if sim >= best_sim:
                    best, best_sim = list(parts), sim
    return best


def _split_similarity(whole: str, joined: str, cutoff: float = 0.0) -> float:
    """Return how alike a whole text and its joined parts are, forgiving reordered sentences.

    Below `cutoff` the answer is 0: rapidfuzz then gives up early, which keeps two unrelated
    100-page drafts fast.
    """
    ratio = fuzz.ratio(whole, joined, score_cutoff=100 * cutoff)
    return (ratio or fuzz.token_sort_ratio(whole, joined, score_cutoff=100 * cutoff)) / 100.0


# --- Kinds, diffs and order -------------------------------------------------------------


def _moved(al: _Alignment) -> set[int]:
    """Return the groups whose clause left its parent or its place among its siblings.

    Among siblings, the heaviest increasing subsequence (weighted by subtree size) stays put,
    so moving one small clause never makes its big neighbours look moved.
    """
    sizes = [1] * len(al.parent[A])
    for k in range(len(sizes) - 1, -1, -1):  # children follow their parents
        if 0 <= al.parent[A][k] < k:
            sizes[al.parent[A][k]] += sizes[k]
    moved: set[int] = set()
    siblings: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for g, (ia, jb) in enumerate(al.groups):
        if al.one_to_one(g):
            if al.parents_linked(ia[0], jb[0]) is False:
                moved.add(g)
            else:
                siblings[al.parent[B][jb[0]]].append((jb[0], ia[0], g))
    for members in siblings.values():
        members.sort()
        keep = _heaviest_increasing([i for _, i, _ in members], [sizes[i] for _, i, _ in members])
        moved.update(g for pos, (_, _, g) in enumerate(members) if pos not in keep)
    return moved


def _pair(al: _Alignment, g: int, moved: set[int]) -> Pair:
    """Return the Pair for group `g`, with its kind, diff and substantive flag."""
    ca, cb = ([al.clauses[side][k] for k in al.groups[g][side]] for side in (A, B))
    text_a, text_b = "".join(c.text for c in ca), "".join(c.text for c in cb)
    full_a, full_b = ("\n".join(f"{c.heading}\n{c.text}" for c in cs) for cs in (ca, cb))
    same = full_a == full_b
    if len(ca) > 1:
        kind = "merged"
    elif len(cb) > 1:
        kind = "split"
    elif g in moved:
        kind = "moved"
    elif ca[0].number != cb[0].number:
        kind = "renumbered"
    else:
        kind = "unchanged" if same else "modified"
    # Only changed clauses are diffed: most of a 100-page draft comes through untouched.
    diff = word_diff(text_a, text_b) if text_a != text_b else ((("=", text_a),) if text_a else ())
    return Pair(
        kind=kind,
        a=tuple(c.id for c in ca),
        b=tuple(c.id for c in cb),
        substantive=not same and is_substantive(full_a, full_b),
        diff=diff,
        similarity=1.0 if same else similarity(full_a, full_b),
    )


def _lone(clause: Clause, side: str) -> Pair:
    """Return the Pair of a clause only one draft has: "-" deleted from A, "+" inserted in B."""
    ids = (clause.id,)
    return Pair(
        kind="deleted" if side == "-" else "inserted",
        a=ids if side == "-" else (),
        b=ids if side == "+" else (),
        # A heading alone ("7. Disclaimer of Warranties") still says something.
        substantive=bool(clause.text.strip() or clause.heading.strip()),
        diff=((side, clause.text),) if clause.text else (),
        similarity=0.0,
    )


def align(
    clauses_a: Sequence[Clause],
    clauses_b: Sequence[Clause],
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    seconds: dict[str, float] | None = None,
) -> tuple[Pair, ...]:
    """Return the pairs of an alignment of A's clauses with B's, in B's order.

    Every clause of A is in exactly one pair's `a`, every clause of B in exactly one pair's `b`.
    Deleted A clauses follow the pair of the A clause before them, where a reader expects them.
    When `seconds` is given, the time spent matching is added to its "align" entry and the time
    spent diffing the matched clauses to its "diff" entry.
    """
    started = time.perf_counter()
    al = _Alignment(tuple(clauses_a), tuple(clauses_b), cancel)

    def stage(done: int) -> None:
        al.check_cancel()
        if progress is not None:
            progress(done, _STAGES)

    stage(0)
    _match_keys(al, _exact_key(al))
    stage(1)
    _match_keys(al, al.norm)
    _match_headings(al)
    stage(2)
    for _ in range(FUZZY_ROUNDS):
        if not _match_fuzzy(al):
            break
    stage(3)
    _match_splits(al)
    stage(4)
    moved = _moved(al)
    matched = time.perf_counter()
    # Deleted A clauses follow the nearest A clause before them that stayed in place, so the
    # reader sees them where they were (a moved neighbour would carry them off).
    trailing: dict[int | None, list[int]] = defaultdict(list)
    last_group: int | None = None
    for i, g in enumerate(al.group[A]):
        if g is None:
            trailing[last_group].append(i)
        elif g not in moved:
            last_group = g
    pairs = [_lone(al.clauses[A][i], "-") for i in trailing[None]]
    for j, g in enumerate(al.group[B]):
        if j % 64 == 0:
            al.check_cancel()
        if g is None:
            pairs.append(_lone(al.clauses[B][j], "+"))
        elif al.groups[g][B][0] == j:
            pairs.append(_pair(al, g, moved))
            pairs.extend(_lone(al.clauses[A][i], "-") for i in trailing[g])
    stage(5)
    result = tuple(pairs)
    if seconds is not None:
        seconds["align"] = seconds.get("align", 0.0) + matched - started
        seconds["diff"] = seconds.get("diff", 0.0) + time.perf_counter() - matched
    stage(_STAGES)
    return result
