"""Word diffs rebuild both texts exactly, and cosmetic changes are told apart from real ones."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core import diff as diff_module
from desktop.core import long_diff
from desktop.core.diff import (
    is_substantive,
    merge_ops,
    normalize_cosmetic,
    side_a,
    side_b,
    similarity,
    tokenize,
    word_diff,
)

# Every code point, lone surrogates included: the diff must survive whatever a reader produced.
ANY_CHAR = st.characters(exclude_categories=())
WORDS = st.sampled_from(
    ["the", "Customer", "Provider", "12", "24", "months", " ", "  ", "\n", "\r\n", ",", ".",
     "’", "\"", "—", "-", "fees", "café", "cafe\u0301", "😀", "👩‍⚖️", "\x00", "\t", "Section", "9.1"]
)
WORDY_TEXT = st.lists(WORDS, max_size=40).map("".join)


def assert_well_formed(ops, a, b):
    assert side_a(ops) == a
    assert side_b(ops) == b
    assert all(text for _, text in ops), "no empty pieces"
    assert all(op in "=-+" for op, _ in ops)
    for (op1, _), (op2, _) in zip(ops, ops[1:]):
        assert op1 != op2, "adjacent pieces of one kind are merged"
        assert (op1, op2) != ("+", "-"), "a change lists its deletion first"


@settings(max_examples=300)
@given(st.text(ANY_CHAR), st.text(ANY_CHAR))
def test_diff_rebuilds_any_unicode_texts(a, b):
    assert_well_formed(word_diff(a, b), a, b)


@settings(max_examples=300)
@given(WORDY_TEXT, WORDY_TEXT)
def test_diff_rebuilds_wordy_texts(a, b):
    assert_well_formed(word_diff(a, b), a, b)


@given(st.text(ANY_CHAR))
def test_tokens_concatenate_back(text):
    assert "".join(tokenize(text)) == text


@given(WORDY_TEXT)
def test_identical_texts_are_one_equality(text):
    assert word_diff(text, text) == ((("=", text),) if text else ())


def test_changed_number_is_one_word_change():
    ops = word_diff("Liability is capped at 12 months of fees.", "Liability is capped at 24 months of fees.")
    assert ops == (
        ("=", "Liability is capped at "),
        ("-", "12"),
        ("+", "24"),
        ("=", " months of fees."),
    )


def test_hyphenated_number_changes_alone():
    ops = word_diff("a 12-month term", "a 24-month term")
    assert ("-", "12") in ops and ("+", "24") in ops


def test_diff_never_splits_a_word():
    ops = word_diff("the indemnifying party", "the indemnified party")
    assert ("-", "indemnifying") in ops and ("+", "indemnified") in ops


def test_one_side_empty():
    assert word_diff("", "new text") == (("+", "new text"),)
    assert word_diff("old text", "") == (("-", "old text"),)
    assert word_diff("", "") == ()


def test_crlf_nul_and_emoji_survive():
    a, b = "line one\r\nline\x00two 😀", "line one\nline\x00three 😀👍"
    assert_well_formed(word_diff(a, b), a, b)


@settings(max_examples=100)
@given(WORDY_TEXT, WORDY_TEXT)
def test_long_texts_diffed_by_anchors_rebuild_too(a, b):
    # As if every text were too long for the exact LCS: anchors all the way down, or shown whole.
    with patch.object(diff_module, "LCS_CELLS", 0), patch.object(long_diff, "EXACT_CELLS", 0):
        assert_well_formed(word_diff(a, b), a, b)


@settings(max_examples=100)
@given(WORDY_TEXT, WORDY_TEXT)
def test_the_one_pass_clean_up_rebuilds_both_texts(a, b):
    # As if every diff had too many pieces for diff-match-patch's quadratic clean-up.
    with patch.object(diff_module, "SEMANTIC_CLEANUP_OPS", 0):
        assert_well_formed(word_diff(a, b), a, b)


def test_the_one_pass_clean_up_folds_confetti_as_diff_match_patch_does():
    cases = [("alpha beta gamma the delta epsilon", "zeta eta theta the iota kappa"),  # folds, in two passes
             ("the quick brown fox jumps", "a slow red fox walks")]  # " fox " is kept
    for a, b in cases:
        with patch.object(diff_module, "SEMANTIC_CLEANUP_OPS", 0):
            one_pass = word_diff(a, b)
        assert one_pass == word_diff(a, b)


def test_falls_back_to_characters_past_the_code_point_budget(monkeypatch):
    monkeypatch.setattr(diff_module, "_MAX_TOKENS", 3)
    a, b = "one two three four", "one two five four"
    assert_well_formed(word_diff(a, b), a, b)


def test_token_codes_skip_surrogates():
    codes = {long_diff.code(k) for k in range(0xD800 - 0x100 - 2, 0xD800 - 0x100 + 2)}
    assert all(not 0xD800 <= ord(c) < 0xE000 for c in codes)
    assert len(codes) == 4


def test_merge_ops_orders_and_merges():
    ops = [("=", "a"), ("+", "x"), ("-", "y"), ("", ""), ("+", ""), ("-", "z"), ("=", "b"), ("=", "c")]
    assert merge_ops(ops) == (("=", "a"), ("-", "yz"), ("+", "x"), ("=", "bc"))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Fees are due in 30 days.", "Fees  are due\nin 30 days."),  # whitespace
        ("Fees are due in 30 days.", "Fees are due in 30 days"),  # punctuation
        ("Fees are due, in 30 days.", "Fees are due; in 30 days."),
        ("FEES ARE DUE IN 30 DAYS.", "Fees are due in 30 days."),  # case
        ("the Customer's \"Data\"", "the Customer\u2019s \u201cData\u201d"),  # quote style
        ("fees - including taxes", "fees \u2014 including taxes"),  # dash style
        ("as set out in Section 9", "as set out in Section 8"),  # cross-reference
        ("see Section 9.1(a) and 9.2", "see Section 8.1(b) and 8.2"),
        ("under Sections 9.1, 9.2 and 10", "under Sections 8.1, 8.2 and 9"),
        ("subject to Clause 4.3", "subject to clause 5.3"),
        ("as set out in § 9.1", "as set out in § 8.1"),
        ("9.1 Liability Caps. Each party", "8.1 Liability Caps. Each party"),  # typed number
        ("12. Term", "Term"),
        ("(a) the fees", "(b) the fees"),
        ("**Fees.** Customer pays", "Fees. Customer pays"),  # Markdown emphasis
        ("Fees\u00a0are due", "Fees are due"),  # no-break space
    ],
)
def test_cosmetic_changes_are_not_substantive(a, b):
    assert not is_substantive(a, b)
    assert normalize_cosmetic(a) == normalize_cosmetic(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Liability is capped at 12 months of fees.", "Liability is capped at 24 months of fees."),
        ("12 months", "24 months"),
        ("a cap of $1,000", "a cap of $2,000"),
        ("1.5 times the fees", "15 times the fees"),
        ("1.5 times the fees", "2.5 times the fees"),
        ("Provider will indemnify Customer", "Provider may indemnify Customer"),
        ("Provider will indemnify Customer", "Provider will not indemnify Customer"),
        ("within 72 hours", "within seventy-two hours"),
        ("non-exclusive licence", "exclusive licence"),
        ("Section 9 applies", "Exhibit 9 applies"),
        ("Section 9 applies", "Sections 9 and 10 apply"),
        ("", "New clause."),
    ],
)
def test_word_and_number_changes_are_substantive(a, b):
    assert is_substantive(a, b)


def test_identical_texts_are_not_substantive():
    assert not is_substantive("same", "same")
    assert not is_substantive("", "")


@given(WORDY_TEXT, WORDY_TEXT)
def test_similarity_is_a_fraction(a, b):
    assert 0.0 <= similarity(a, b) <= 1.0
    assert similarity(a, a) == 1.0


def test_similarity_orders_by_closeness():
    base = "Liability is capped at 12 months of fees."
    assert similarity(base, base.replace("12", "24")) > similarity(base, "Governing law is New York.")
