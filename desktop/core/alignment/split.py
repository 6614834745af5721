"""Matching stage 3 (run again after fuzzy matching): splits and merges, one text covered by several.

A clause of A whose text reappears as consecutive clauses of B was split; the mirror image,
found by the same code with the sides swapped, is a merge.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from desktop.core.alignment.match import SHORT_TEXT
from desktop.core.alignment.state import A, Alignment, B
from desktop.core.long_diff import bag_ratio, ratio

SPLIT_SIMILARITY = 0.85  # joined parts vs the whole, for split/merge
WEAK_SPLIT_SIMILARITY = 0.7  # the same, when the clause's one-to-one match is poor
SPLIT_GAIN = 0.05  # a split must explain the clause this much better than its one match
SPLIT_PARTS = 4
SPLIT_SKIPS = 2  # matched clauses a run of parts may step over
SPLIT_MARGIN = 0.01  # a run must rebuild the whole this much better than its best part
PART_FOUND = 0.8  # how well each part must be found inside the whole (partial ratio)
PART_FOREIGN = 0.5  # an unmatched clause with fewer of its words in the whole is no part


def match_splits(al: Alignment) -> None:
    """Group a clause with consecutive clauses of the other side whose joined text rebuilds it.

    One part may already be the clause's one-to-one match (a heading kept, its text moved into
    new sub-clauses); the other parts must be unmatched. side A finds splits, side B merges.
    """
    for side in (A, B):
        # Where the previous two matched clauses of this side sit on the other side: the nearer
        # one may be a clause moved in from elsewhere, the one before it still marks the place.
        landed = [-1, -1]
        for k, g in enumerate(al.group[side]):
            if _may_be_split(al, side, k, g):
                partner = al.groups[g][1 - side][0] if g is not None else None
                if partner is None:
                    current = 0.0
                    starts: Sequence[int] = sorted({s for at in landed for s in range(at + 1, at + 4)})
                else:
                    current = _split_similarity(al.norm(side, k), al.norm(1 - side, partner))
                    starts = range(partner - SPLIT_PARTS + 1, partner + 1)
                if (best := _best_split(al, side, k, starts, partner, current)) is not None:
                    al.link([k], best, g) if side == A else al.link(best, [k], g)
            if (g := al.group[side][k]) is not None:
                landed = [landed[1], al.groups[g][1 - side][-1]]


def _may_be_split(al: Alignment, side: int, k: int, g: int | None) -> bool:
    """Return whether clause `k` is worth testing as a split (or merge) source."""
    if g is not None:
        if not al.one_to_one(g):
            return False
        ca, cb = al.clauses[A][al.groups[g][A][0]], al.clauses[B][al.groups[g][B][0]]
        if ca.text == cb.text and ca.heading == cb.heading:
            return False
    return len(al.norm(side, k)) >= SHORT_TEXT


def _best_split(
    al: Alignment, side: int, k: int, starts: Sequence[int], partner: int | None, current: float
) -> list[int] | None:
    """Return the run of other-side clauses that best rebuilds clause `k`, or None.

    The run holds unmatched clauses, plus `partner` (k's one-to-one match) when there is one.
    """
    theirs, best = al.group[1 - side], None
    # A one-to-one match that explains under half of the clause is weak evidence, so a run of
    # parts may replace it on a lower bar ("Termination" rewritten as a lead-in and two items).
    floor = WEAK_SPLIT_SIMILARITY if partner is not None and current < 0.5 else SPLIT_SIMILARITY
    best_sim = max(current + SPLIT_GAIN, floor)
    whole = al.norm(side, k)
    contained: dict[int, bool] = {}

    def found(m: int) -> bool:
        """Return whether part `m` is found in the whole (partial ratio, slow: asked last).

        An edited clause plus an unrelated short neighbour also "rebuilds" it, but the
        neighbour's words are not in it. The clause's own match (a kept heading and lead-in,
        perhaps rewritten) is part of it by that match.
        """
        if m == partner:
            return True
        if m not in contained:
            part = al.norm(1 - side, m)
            contained[m] = bool(part) and _found_in(part, whole)
        return contained[m]

    whole_words: set[int] = set()

    def foreign(m: int) -> bool:
        """Return whether under PART_FOREIGN of unmatched clause m's words are in the whole."""
        if not whole_words:
            whole_words.update(al.words(side, k))
        words = al.words(1 - side, m)
        return sum(w in whole_words for w in words) < PART_FOREIGN * len(words)

    single: dict[int, float] = {}

    def alone(m: int) -> float:
        """Return how well part `m` alone rebuilds the whole."""
        if m not in single:
            single[m] = _split_similarity(whole, al.norm(1 - side, m))
        return single[m]

    for start in starts:
        parts: list[int] = []
        skipped = length = 0
        for m in range(max(start, 0), len(theirs)):
            if len(parts) == SPLIT_PARTS:
                break
            if (theirs[m] is not None and m != partner) or (parts and m != partner and foreign(m)):
                # Clauses matched elsewhere, or new ones whose words are plainly not in the
                # whole, may sit between the parts (sub-clauses kept, a neighbour moved away, a
                # clause inserted between the halves): step over a few, never before the first.
                if not parts or skipped == SPLIT_SKIPS:
                    break
                skipped += 1
                continue
            parts.append(m)
            length += len(al.norm(1 - side, m)) + (len(parts) > 1)
            # The ratio of two texts can never beat 2·shorter/(sum of lengths): runs that are
            # already too long (they only grow) or still too short are never scored.
            if 2 * min(len(whole), length) < best_sim * (len(whole) + length):
                if length > len(whole):
                    break
                continue
            if len(parts) >= 2 and (partner is None or partner in parts):
                sim = _split_similarity(whole, " ".join(al.norm(1 - side, p) for p in parts), best_sim)
                # The run must also beat its best part alone: "Third-party beneficiaries."
                # is found in the edited clause after it, but adds nothing to the match.
                if sim >= best_sim and all(map(found, parts)) and sim > max(map(alone, parts)) + SPLIT_MARGIN:
                    best, best_sim = list(parts), sim
    return best


# rapidfuzz's partial ratio compares the part with every window of the whole: quadratic, and a
# 3,000-character part in a 40,000-character paragraph (a web page's text run together, as in
# one real vendor's terms) takes minutes. Above this product of lengths, word trigrams decide.
PARTIAL_RATIO_BUDGET = 4_000_000


def _found_in(part: str, whole: str) -> bool:
    """Return whether `part` is found in `whole`, nearly word for word (PART_FOUND of it)."""
    if len(part) * len(whole) <= PARTIAL_RATIO_BUDGET:
        return fuzz.partial_ratio(part, whole, score_cutoff=100 * PART_FOUND) > 0
    if part in whole:
        return True
    words = part.split()
    if len(words) < 3:
        return f" {part} " in f" {whole} "
    theirs = whole.split()
    grams = {tuple(theirs[i:i + 3]) for i in range(len(theirs) - 2)}
    mine = [tuple(words[i:i + 3]) for i in range(len(words) - 2)]
    return sum(gram in grams for gram in mine) >= PART_FOUND * len(mine)


def _split_similarity(whole: str, joined: str, cutoff: float = 0.0) -> float:
    """Return how alike a whole text and its joined parts are, forgiving reordered sentences.

    Below `cutoff` the answer is 0: rapidfuzz then gives up early, which keeps two unrelated
    100-page drafts fast.
    """
    return ratio(whole, joined, cutoff) or bag_ratio(whole, joined, cutoff)


