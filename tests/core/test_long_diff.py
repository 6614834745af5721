"""Diffs and ratios of texts too long for an exact LCS (desktop.core.long_diff, issue 22).

Past the exact budget the texts are cut at words both hold once, and gaps with no such word are
diffed in windows along the diagonal. The diff must still rebuild both texts, find a few edits
in a long text as the exact diff does, find edits in text repeated many times, and say when a
stretch had to be shown whole. The ratio past its budget must stay near rapidfuzz's.
"""

from __future__ import annotations

import random
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from desktop.core import long_diff
from desktop.core.diff import side_a, side_b, word_diff, word_diff_noting
from desktop.core.model import Clause, Comparison
from desktop.core.pipeline import compare_named
from tests.growth import edited, words


def changed_words(ops) -> int:
    """Return how many words the diff marks deleted."""
    return sum(len(text.split()) for op, text in ops if op == "-")


def test_a_few_edits_in_a_long_text_come_out_as_the_exact_diff_finds_them():
    a_words = words(30_000, 7)
    a, b = " ".join(a_words), " ".join(edited(a_words, 8, every=3_000))
    ops, coarse = word_diff_noting(a, b)
    assert side_a(ops) == a and side_b(ops) == b and not coarse
    with patch.object(long_diff, "EXACT_CELLS", 10**12), patch("desktop.core.diff.LCS_CELLS", 10**12):
        exact = word_diff(a, b)
    assert changed_words(ops) <= changed_words(exact) + 2


def test_edits_in_text_repeated_many_times_are_found_word_by_word():
    # No word occurs once: the anchors find nothing, and the diagonal windows do the work.
    row = "The Customer shall pay the Fees within thirty days."
    a = " ".join([row] * 2_000)
    b = a.replace("thirty days. The", "sixty days. The", 3)
    ops, coarse = word_diff_noting(a, b)
    assert side_a(ops) == a and side_b(ops) == b and not coarse
    assert [text for op, text in ops if op == "-"] == ["thirty"] * 3
    assert [text for op, text in ops if op == "+"] == ["sixty"] * 3


def test_a_long_stretch_sharing_nothing_is_shown_whole_and_the_comparison_says_so():
    a, b = "x." * 8_000, "y," * 8_000  # 16,000 tokens each and not one in common
    ops, coarse = word_diff_noting(a, b)
    assert coarse and side_a(ops) == a and side_b(ops) == b
    # In a clause otherwise kept, the pair is matched and its diff is coarse.
    before, after = " ".join(words(3_000, 1)), " ".join(words(3_000, 2))
    clause_a = Clause(id="c1", label="1.", number="1", heading="", level=1, parent=None, text=f"{before} {a} {after}")
    clause_b = Clause(id="c1", label="1.", number="1", heading="", level=1, parent=None, text=f"{before} {b} {after}")
    comparison: Comparison = compare_named("a.txt", [clause_a], "b.txt", [clause_b])
    assert [p.coarse for p in comparison.pairs] == [True]
    assert len(comparison.notes()) == 1 and "clause 1 " in comparison.notes()[0]


def test_short_texts_are_never_coarse():
    ops, coarse = word_diff_noting("one two three", "four five six")
    assert not coarse and side_b(ops) == "four five six"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), max_size=60),
       st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), max_size=60))
def test_anchored_opcodes_cover_both_sequences_in_order(a, b):
    chars_a, chars_b = long_diff.encode_words(a, b)
    with patch.object(long_diff, "EXACT_CELLS", 4):  # anchors and windows even on short texts
        codes, _ = long_diff.anchored_opcodes(chars_a, chars_b, long_diff.exact_opcodes)
    at_a = at_b = 0
    for tag, a0, a1, b0, b1 in codes:
        assert (a0, b0) == (at_a, at_b)
        if tag == "equal":
            assert chars_a[a0:a1] == chars_b[b0:b1]
        at_a, at_b = a1, b1
    assert (at_a, at_b) == (len(a), len(b))


def test_the_ratio_past_its_budget_stays_near_rapidfuzz():
    rng = random.Random(3)
    for seed in range(5):
        a_words = words(2_000, seed)
        a = " ".join(a_words)
        b = " ".join(edited(a_words, seed + 10, every=rng.choice([5, 20, 100])))
        exact = fuzz.ratio(a, b) / 100
        with patch.object(long_diff, "RATIO_CELLS", 0):
            assert abs(long_diff.ratio(a, b) - exact) < 0.02
            assert abs(long_diff.ratio(a.split(), b.split()) - fuzz.ratio(a.split(), b.split()) / 100) < 0.02
