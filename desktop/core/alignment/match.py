"""Matching stages 1, 2 and 4: equal keys, headings in place, and fuzzy candidates.

Each stage only looks at what the previous ones left. No stage compares all pairs: keys are
hashed, and fuzzy candidates come from the gap between ordered matches, from equal keys and
from a rare-word index.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator

from desktop.core.alignment.state import MIN_SIMILARITY, A, Alignment, B, heaviest_increasing
from desktop.core.long_diff import sequence_opcodes

# Fuzzy acceptance, tuned on corpus/versions (eval_compare) and generated pairs (eval_alignment).
ACCEPT_SCORE = 0.45  # text similarity plus structural bonuses must reach this
HEADING_BONUS = 0.15  # same non-empty heading
NUMBER_BONUS = 0.05  # same non-empty citation number
PARENT_BONUS = 0.10  # parents already matched to each other
GAP_BONUS = 0.10  # sits between the same ordered neighbours on both sides
SHORT_TEXT = 16  # normalised texts shorter than this need structural support to match
GAP_WINDOW = 24  # how many unmatched clauses around the expected place are candidates
RARE_WORDS = 8  # how many of a clause's rarest words query the index
RARE_HITS = 8  # how many index hits become candidates
MOVE_SIMILARITY = 0.7  # words alike enough to call a clause found away from its place


def match_keys(al: Alignment, key: Callable[[int, int], str]) -> None:
    """Match clauses whose key is unique on both sides, then equal runs between those matches.

    Unique keys find a clause wherever it went. Keys that repeat (boilerplate, an exhibit's
    text twice, "[Reserved]") are paired by place: between two ordered matches, the longest
    common subsequence of keys. A second unique pass then finds repeated clauses that moved.
    """
    for rounds in range(2):
        found: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for side in (A, B):
            for k in al.unmatched(side):
                found[key(side, k)][side].append(k)
        unique = [(ia, jb) for ia, jb in found.values() if len(ia) == 1 and len(jb) == 1]
        if rounds and not unique:
            break
        for ia, jb in unique:
            al.link(ia, jb)
        _match_runs(al, key)


def match_leftover_keys(al: Alignment, key: Callable[[int, int], str]) -> None:
    """Match what the other stages left whose key occurs as often on both sides, in order.

    Run last: a text every stage passed over, found n times on each side (often once, as a
    one-word "Scope" whose twin a merge took), was neither deleted nor inserted but moved (two
    "The Service;" items, each moved to a different schedule). Twins among them are identical
    and all away from their places, so pairing them in order loses nothing.
    """
    found: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for side in (A, B):
        for k in al.unmatched(side):
            found[key(side, k)][side].append(k)
    for ia, jb in found.values():
        if len(ia) == len(jb):
            for i, j in zip(ia, jb):
                al.link([i], [j])


def ordered_anchors(al: Alignment) -> list[tuple[int, int]]:
    """Return the one-to-one matches that keep their order on both sides (the most of them)."""
    matched = [(i, j) for i in range(len(al.group[A])) if (j := al.partner(i)) is not None]
    keep = heaviest_increasing([j for _, j in matched], [1] * len(matched))
    return [p for k, p in enumerate(matched) if k in keep]


def _match_runs(al: Alignment, key: Callable[[int, int], str]) -> None:
    """Between consecutive ordered matches, pair the unmatched clauses whose keys are equal."""
    bounds = [(-1, -1), *ordered_anchors(al), (len(al.group[A]), len(al.group[B]))]
    codes: dict[str, int] = {}
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
        rest_a = [i for i in range(i0 + 1, i1) if al.group[A][i] is None]
        rest_b = [j for j in range(j0 + 1, j1) if al.group[B][j] is None]
        if not rest_a or not rest_b:
            continue
        al.check_cancel()
        keys_a = [codes.setdefault(key(A, i), len(codes)) for i in rest_a]
        keys_b = [codes.setdefault(key(B, j), len(codes)) for j in rest_b]
        if not set(keys_a) & set(keys_b):
            continue
        for tag, a0, a1, b0, _ in sequence_opcodes(keys_a, keys_b)[0]:
            if tag == "equal":
                for k in range(a1 - a0):
                    al.link([rest_a[a0 + k]], [rest_b[b0 + k]])


def exact_key(al: Alignment) -> Callable[[int, int], str]:
    """Return the key function of stage 1: the clause's own heading and text."""
    return lambda side, k: f"{al.clauses[side][k].heading}\x1f{al.clauses[side][k].text}"


def places(al: Alignment, rest_a: list[int], rest_b: list[int]) -> Iterator[tuple[int, set[int], int]]:
    """Yield each unmatched A clause, the unmatched B clauses in its gap, and its expected B index.

    The gap is the stretch of B between the matches of its ordered neighbours (anchors); when
    that is long, only the GAP_WINDOW clauses nearest the expected place count.
    """
    anchors = ordered_anchors(al)
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


def match_headings(al: Alignment) -> None:
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
    for i, in_gap, _ in places(al, *rest):
        heading = al.norm(A, i, heading_only=True)
        if heading and len(by_heading[A][heading]) == 1 and len(by_heading[B].get(heading, ())) == 1:
            j = by_heading[B][heading][0]
            # In place (or under the same parent) the heading carries the match; away from its
            # place the text must too, as for a fuzzy move: a heading repeated by a look-alike
            # clause elsewhere ("Permitted Disclosures" in an NDA exhibit) is no move.
            if j in in_gap or al.parents_linked(i, j) or al.similarity(i, j) >= MOVE_SIMILARITY:
                al.link([i], [j])


# --- Stage 3: fuzzy ---------------------------------------------------------------------


def match_fuzzy(al: Alignment) -> int:
    """Match leftover clauses by scored candidates; return how many pairs were added."""
    rest_a, rest_b = al.unmatched(A), al.unmatched(B)
    by_key: dict[str, list[int]] = defaultdict(list)
    by_word: dict[str, list[int]] = defaultdict(list)
    for j in rest_b:
        by_key[al.norm(B, j)].append(j)
        for word in set(al.norm(B, j).split()):
            by_word[word].append(j)
    common = max(4, len(rest_b) // 20)  # words in more clauses than this find nothing useful
    scored: list[tuple[float, int, int, int]] = []  # (score, distance from expected place, i, j)
    for i, in_gap, expected in (places(al, rest_a, rest_b) if rest_b else ()):
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
                scored.append((score, abs(j - expected), i, j))
    # Equal scores (a repeated text) go to the nearest candidate: a look-alike far away loses.
    scored.sort(key=lambda t: (-t[0], t[1], t[2], t[3]))
    added = 0
    for _, _, i, j in scored:
        if al.group[A][i] is None and al.group[B][j] is None:
            al.link([i], [j])
            added += 1
    return added


def _score(al: Alignment, i: int, j: int, in_gap: bool, expected: int) -> float | None:
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
    if not (in_gap or parents):
        # A move is claimed from text alone, so the text must carry it: a short text, or
        # two clauses that merely share boilerplate ("Customer represents and warrants that
        # it, all Users …" about Input, and about Customer Content), is no move.
        if min(len(al.norm(A, i)), len(al.norm(B, j))) < SHORT_TEXT or sim < MOVE_SIMILARITY:
            return None
    return score if score >= ACCEPT_SCORE else None


