"""Alignment cases found with the generated pairs (tests/pairgen): repeated text, merges around
a moved neighbour, false splits, and definitions whose quote style changed."""

from __future__ import annotations

from dataclasses import replace

from desktop.core.alignment import align
from tests.core.test_alignment import check_invariants, draft

WORDS = "customer provider fees invoice liability cap months data security audit notice term".split()


def sentence(k: int, n: int = 14) -> str:
    """Return a distinct sentence of `n` words (k picks it)."""
    return " ".join(WORDS[(k * 7 + i * (k % 5 + 1)) % len(WORDS)] for i in range(n)) + f" clause {k}."


def test_repeated_exhibit_is_paired_by_place():
    # The same three-clause exhibit 30 times (no clause is unique); B drops copy 15's "Fees"
    # and edits copy 3's "Scope", which breaks every run of equal neighbours.
    exhibit = [(1, "Exhibit", ""), (2, "Scope", sentence(1)), (2, "Fees", sentence(2))]
    nodes = exhibit * 30
    a = draft(nodes)
    edited = list(nodes)
    edited[3 * 2 + 1] = (2, "Scope", sentence(1).replace("audit", "review", 1))
    del edited[3 * 14 + 2]
    b = draft(edited)
    pairs = align(a, b)
    check_invariants(a, b, pairs)
    assert [p.a for p in pairs if p.kind == "deleted"] == [(f"c{3 * 14 + 3}",)]
    assert [p.a for p in pairs if p.kind == "modified"] == [(f"c{3 * 2 + 2}",)]
    assert {p.kind for p in pairs} == {"unchanged", "modified", "deleted"}


def test_merge_around_a_neighbour_that_moved_away():
    nodes = [(1, "Fees", ""), (2, "Invoices", sentence(3)), (2, "Audit", sentence(4)),
             (2, "Late", sentence(5)), (1, "Term", ""), (2, "Renewal", sentence(6))]
    a = draft(nodes)
    # "Audit" moves to Term; "Invoices" and "Late" (now neighbours) are merged.
    b = draft([(1, "Fees", ""), (2, "Invoices", f"{sentence(3)} Late. {sentence(5)}"), (1, "Term", ""),
               (2, "Renewal", sentence(6)), (2, "Audit", sentence(4))])
    pairs = align(a, b)
    check_invariants(a, b, pairs)
    kinds = {p.a: p.kind for p in pairs}
    assert kinds[("c2", "c4")] == "merged"
    assert kinds[("c3",)] == "moved"


def test_edited_clause_and_unrelated_short_neighbour_are_not_a_split():
    long = sentence(7, 40)
    a = draft([(1, "Term", ""), (2, "Start", "This Agreement starts on the Effective Date."), (2, "", long)])
    b = draft([(1, "Term", ""), (2, "Start", "This Agreement starts on the Effective Date, not earlier."),
               (2, "", long.replace("notice", "written notice", 1))])
    pairs = align(a, b)
    check_invariants(a, b, pairs)
    assert [p.kind for p in pairs] == ["unchanged", "modified", "modified"]


def test_definition_quote_style_is_not_substantive():
    a = draft([(1, "Definitions", ""), (2, "", '"Fees" means the amounts in an Order Form.')])
    b = draft([(1, "Definitions", ""), (2, "", "\u201cFees\u201d means the amounts in an Order Form.")])
    # The reader finds the term in one draft and not the other: the heading is not weighed.
    a = (a[0], replace(a[1], heading="Fees", kind="definition"))
    b = (b[0], replace(b[1], heading="", kind="definition"))
    pairs = align(a, b)
    check_invariants(a, b, pairs)
    assert [(p.kind, p.substantive) for p in pairs] == [("unchanged", False), ("modified", False)]
