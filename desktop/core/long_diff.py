"""Diffs of texts too long for an exact LCS, in near-linear time: unique-token anchors first.

An exact LCS of two encoded texts (one character per token) costs len(a) × len(b) cells: a
clause of 100,000 words against its next version is 10^10 cells. Here the texts are first cut
at anchors, tokens that occur exactly once in each text, kept in the longest run that is in
the same order on both sides (patience diff). Between two anchors the common ends are peeled
off, a gap small enough is diffed exactly, and a larger one is cut again at the anchors unique
within it. A gap with no anchor that is still too large (thousands of repeats of the same
words) is diffed exactly in windows along the diagonal, each window starting where the last
one's shared text ended. Only a window that shares nothing is shown whole, deleted and
inserted: a coarser diff, and the caller is told so.

Every step is linear in the gap's length or n·log n (the longest increasing run), and a work
budget bounds the total, so no shape of text can make a comparison slow.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

# Words, whitespace runs, then any other single character: every character in exactly one.
WORDS = re.compile(r"\w+|\s+|[^\w\s]")
# (tag, a0, a1, b0, b1) with tag "equal", "delete", "insert" or "replace", as rapidfuzz gives.
Opcode = tuple[str, int, int, int, int]
# Diffs a pair of small slices exactly: opcodes relative to the slices' starts.
ExactDiff = Callable[[str, str], list[Opcode]]

# Cells (len × len) a gap may have and still be diffed exactly.
EXACT_CELLS = 40_000_000
# Above this many cells rapidfuzz's ratio (n·m/64 machine words) is slower than an anchored
# diff, whose shared length gives the same measure (or near it).
RATIO_CELLS = 1_000_000_000
# Characters of gaps the anchoring may scan in all, as a multiple of the two texts' length:
# each level of cutting rescans what is left, and real texts need two or three levels.
WORK_FACTOR = 64


def _common_prefix(a: str, b: str, a0: int, a1: int, b0: int, b1: int) -> int:
    """Return how many characters a[a0:a1] and b[b0:b1] share at their start (binary search on slices)."""
    low, high = 0, min(a1 - a0, b1 - b0)
    while low < high:
        mid = (low + high + 1) // 2
        if a[a0 + low:a0 + mid] == b[b0 + low:b0 + mid]:
            low = mid
        else:
            high = mid - 1
    return low


def _common_suffix(a: str, b: str, a0: int, a1: int, b0: int, b1: int) -> int:
    """Return how many characters a[a0:a1] and b[b0:b1] share at their end."""
    low, high = 0, min(a1 - a0, b1 - b0)
    while low < high:
        mid = (low + high + 1) // 2
        if a[a1 - mid:a1 - low] == b[b1 - mid:b1 - low]:
            low = mid
        else:
            high = mid - 1
    return low


def _anchors(a: str, b: str, a0: int, a1: int, b0: int, b1: int) -> list[tuple[int, int]]:
    """Return (i, j) positions of characters unique in both gaps, the longest run in order on both."""
    count_a = Counter(a[a0:a1])
    count_b = Counter(b[b0:b1])
    where_b = {char: j for j, char in enumerate(b[b0:b1], b0) if count_b[char] == 1}
    candidates = [(i, where_b[char]) for i, char in enumerate(a[a0:a1], a0)
                  if count_a[char] == 1 and char in where_b]
    # Patience: the longest subsequence whose B positions increase, in n·log n.
    tails: list[int] = []  # tails[k]: smallest B position ending an increasing run of length k + 1
    tail_at: list[int] = []  # index into candidates of that tail
    previous = [-1] * len(candidates)
    for index, (_, j) in enumerate(candidates):
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_at.append(index)
        else:
            tails[k] = j
            tail_at[k] = index
        previous[index] = tail_at[k - 1] if k else -1
    run = []
    index = tail_at[-1] if tail_at else -1
    while index >= 0:
        run.append(candidates[index])
        index = previous[index]
    run.reverse()
    return run


def anchored_opcodes(a: str, b: str, exact: ExactDiff) -> tuple[list[Opcode], bool]:
    """Return opcodes turning `a` into `b`, and whether some gap had to be shown whole (coarse).

    The opcodes cover both texts in order, so they rebuild each exactly.
    """
    out: list[Opcode] = []
    coarse = False
    budget = WORK_FACTOR * (len(a) + len(b)) + EXACT_CELLS
    # Work still to do, the next in text order last: ("gap", …) to diff, ("equal", …) to emit.
    pending: list[Opcode] = [("gap", 0, len(a), 0, len(b))]
    while pending:
        tag, a0, a1, b0, b1 = pending.pop()
        if tag == "equal":
            out.append((tag, a0, a1, b0, b1))
            continue
        head = _common_prefix(a, b, a0, a1, b0, b1)
        if head:
            out.append(("equal", a0, a0 + head, b0, b0 + head))
            a0, b0 = a0 + head, b0 + head
        tail = _common_suffix(a, b, a0, a1, b0, b1)
        if tail:
            pending.append(("equal", a1 - tail, a1, b1 - tail, b1))
            a1, b1 = a1 - tail, b1 - tail
        if a0 == a1 and b0 == b1:
            continue
        if a0 == a1:
            out.append(("insert", a0, a0, b0, b1))
        elif b0 == b1:
            out.append(("delete", a0, a1, b0, b0))
        elif (a1 - a0) * (b1 - b0) <= EXACT_CELLS:
            out.extend((op, a0 + i0, a0 + i1, b0 + j0, b0 + j1)
                       for op, i0, i1, j0, j1 in exact(a[a0:a1], b[b0:b1]))
        else:
            budget -= (a1 - a0) + (b1 - b0)
            run = _anchors(a, b, a0, a1, b0, b1) if budget > 0 else []
            if not run:
                coarse |= _banded(a, b, a0, a1, b0, b1, exact, out)
                continue
            steps: list[Opcode] = []
            i_prev, j_prev = a0, b0
            for i, j in run:
                steps.append(("gap", i_prev, i, j_prev, j))
                steps.append(("equal", i, i + 1, j, j + 1))
                i_prev, j_prev = i + 1, j + 1
            steps.append(("gap", i_prev, a1, j_prev, b1))
            pending.extend(reversed(steps))
    return out, coarse


def _banded(a: str, b: str, a0: int, a1: int, b0: int, b1: int, exact: ExactDiff, out: list[Opcode]) -> bool:
    """Diff a gap with no anchor in windows along the diagonal; return whether one was shown whole.

    Each window is diffed exactly and kept up to its last shared stretch; what follows that
    stretch starts the next window. Text repeated many times with a few edits (a schedule of
    identical rows) comes out word by word, in time linear in the gap.
    """
    side = max(1, math.isqrt(EXACT_CELLS))
    coarse = False
    while a0 < a1 and b0 < b1:
        a_end, b_end = min(a1, a0 + side), min(b1, b0 + side)
        codes = [(op, a0 + i0, a0 + i1, b0 + j0, b0 + j1) for op, i0, i1, j0, j1 in exact(a[a0:a_end], b[b0:b_end])]
        if a_end == a1 and b_end == b1:
            out.extend(codes)
            return coarse
        last = max((k for k, op in enumerate(codes) if op[0] == "equal"), default=-1)
        if last < 0 or (codes[last][2] == a0 and codes[last][4] == b0):
            coarse = True  # nothing shared in the window: show it whole and go on
            out.append(("replace", a0, a_end, b0, b_end))
            a0, b0 = a_end, b_end
            continue
        out.extend(codes[:last + 1])
        a0, b0 = codes[last][2], codes[last][4]
    if a0 < a1:
        out.append(("delete", a0, a1, b0, b0))
    elif b0 < b1:
        out.append(("insert", a0, a0, b0, b1))
    return coarse


def exact_opcodes(a: Sequence, b: Sequence) -> list[Opcode]:
    """Return rapidfuzz's minimal (LCS) opcodes turning `a` into `b`."""
    # Opcode objects (as_list() gives bare tuples its stub does not know)
    return [(op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end) for op in Indel.opcodes(a, b)]


def sequence_opcodes(a: Sequence, b: Sequence) -> tuple[list[Opcode], bool]:
    """Return opcodes turning sequence `a` into `b` (of words, keys or paragraph texts), and
    whether they are coarse: the exact LCS when small enough, else the anchored diff."""
    if len(a) * len(b) <= EXACT_CELLS:
        return exact_opcodes(a, b), False
    chars_a, chars_b = encode_words(a, b)
    return anchored_opcodes(chars_a, chars_b, exact_opcodes)


# Encoded words use code points from U+0100 upward, skipping the surrogate block so every
# encoded character is a valid scalar value (dmp's own delta code would choke on surrogates).
_FIRST_CODE = 0x100
_SURROGATES = range(0xD800, 0xE000)
MAX_CODES = 0x110000 - _FIRST_CODE - len(_SURROGATES)


def code(index: int) -> str:
    """Return the private character that stands for word number `index` (< MAX_CODES)."""
    point = _FIRST_CODE + index
    if point >= _SURROGATES.start:
        point += len(_SURROGATES)
    return chr(point)


def encode_words(*texts: Sequence[str] | Sequence[int]) -> list[str]:
    """Return each sequence of words (or word numbers) as a string of one character per word.

    Past MAX_CODES distinct words (a million: no text a ratio is asked of) the last code is
    shared, which can only overstate how alike the texts are.
    """
    codes: dict[object, str] = {}
    out = []
    for words in texts:
        chars = []
        for word in words:
            char = codes.get(word)
            if char is None:
                char = codes[word] = code(min(len(codes), MAX_CODES - 1))
            chars.append(char)
        out.append("".join(chars))
    return out


def ratio(a: Sequence, b: Sequence, cutoff: float = 0.0) -> float:
    """Return rapidfuzz's normalised Indel ratio of two sequences, 0..1, 0 below `cutoff`.

    Past RATIO_CELLS the shared length comes from an anchored diff of the sequences, in
    near-linear time (of their words, for two strings): never slower than the texts are long.
    """
    la, lb = len(a), len(b)
    if la * lb <= RATIO_CELLS:
        return fuzz.ratio(a, b, score_cutoff=100 * cutoff) / 100.0
    if 2 * min(la, lb) < cutoff * (la + lb):
        return 0.0
    if isinstance(a, str) and isinstance(b, str):
        shared = _shared_letters(a, b)
    else:
        chars_a, chars_b = encode_words(a, b)
        codes, _ = anchored_opcodes(chars_a, chars_b, exact_opcodes)
        shared = sum(a1 - a0 for tag, a0, a1, _, _ in codes if tag == "equal")
    score = 2 * shared / (la + lb)
    return score if score >= cutoff else 0.0


# Cells a stretch between two shared runs of words may have for its letters to be compared too.
GAP_CELLS = 1_000_000


def _shared_letters(a: str, b: str) -> int:
    """Return how many letters two long texts share in order: the words their anchored diff
    keeps, plus, between two kept runs, the letters a rewritten stretch keeps (as rapidfuzz's
    letter-by-letter ratio counts them: "fee" and "fees" share three)."""
    words_a, words_b = WORDS.findall(a), WORDS.findall(b)
    chars_a, chars_b = encode_words(words_a, words_b)
    codes, _ = anchored_opcodes(chars_a, chars_b, exact_opcodes)
    shared = 0
    gap_a: list[str] = []
    gap_b: list[str] = []

    def close_gap() -> int:
        text_a, text_b = "".join(gap_a), "".join(gap_b)
        gap_a.clear()
        gap_b.clear()
        if not text_a or not text_b or len(text_a) * len(text_b) > GAP_CELLS:
            return 0
        return (len(text_a) + len(text_b) - Indel.distance(text_a, text_b)) // 2

    for tag, a0, a1, b0, b1 in codes:
        if tag == "equal":
            shared += close_gap() + sum(map(len, words_a[a0:a1]))
        else:
            gap_a.extend(words_a[a0:a1])
            gap_b.extend(words_b[b0:b1])
    return shared + close_gap()


def bag_ratio(a: str, b: str, cutoff: float = 0.0) -> float:
    """Return how alike two texts' words are in any order (rapidfuzz's token-sort ratio, or,
    past RATIO_CELLS, the letters of the words they share), 0 below `cutoff`."""
    if len(a) * len(b) <= RATIO_CELLS:
        return fuzz.token_sort_ratio(a, b, score_cutoff=100 * cutoff) / 100.0
    count_a, count_b = Counter(a.split()), Counter(b.split())
    shared = sum(min(n, count_b[word]) * (len(word) + 1) for word, n in count_a.items())
    score = 2 * shared / (len(a) + len(b) + 2)
    return score if score >= cutoff else 0.0
