"""The whole-draft redline as plain data: document order, dropped clauses in place, split diffs shared out."""

from __future__ import annotations

from desktop.core.model import Clause
from desktop.core.pipeline import compare_named
from desktop.display.document_redline import GAP, document_redline, plain_document, side_text, with_gaps


def clause(cid: str, number: str, text: str, heading: str = "", level: int = 1, parent: str | None = None) -> Clause:
    return Clause(cid, number, number, heading, level, parent, text)


A = (
    clause("c1", "1", "The Provider will supply the Service to the Customer for the whole Term.", "Service"),
    clause("c2", "2", "The Customer pays the Fees within thirty days of each invoice it receives.", "Fees"),
    clause("c3", "3", "Neither party is liable for indirect or consequential loss of any kind.", "Liability"),
    clause("c4", "4", "Each party keeps the other's Confidential Information secret for five years.",
           "Confidentiality"),
    clause("c5", "5", "This Agreement is governed by the laws of England and Wales only.", "Law"),
)
B = (
    clause("c1", "1", "The Provider will supply the Service to the Customer for the whole Term.", "Service"),
    clause("c2", "2", "Neither party is liable for indirect or consequential loss of any kind.", "Liability"),
    clause("c3", "3", "Each party keeps the other's Confidential Information secret for five years.",
           "Confidentiality"),
    clause("c4", "4", "The Customer pays the Fees within sixty days of each invoice it receives.", "Fees"),
    clause("c5", "5", "This Agreement is governed by the laws of England and Wales only.", "Law"),
    clause("c6", "6", "Either party may end this Agreement on ninety days' written notice.", "Termination"),
)


def test_every_clause_of_b_once_in_order_and_each_rebuilds_its_text():
    redline = document_redline(compare_named("A", A, "B", B), show_cosmetic=True)
    assert [c.clause.id for c in redline.clauses if not c.dropped] == [c.id for c in B]
    for shown in redline.clauses:
        assert side_text(shown.text, "b") == shown.clause.text
    fees = redline.clauses[redline.index_of("b:c4")]
    assert fees.kind == "moved" and fees.note == "Moved from 2" and fees.changed and fees.substantive
    assert ("-", "thirty") in fees.text and ("+", "sixty") in fees.text
    new = redline.clauses[redline.index_of("b:c6")]
    assert new.note == "New" and new.number == ("+", "6") and new.text == (("+", B[5].text),)


def test_a_dropped_clause_stands_after_the_clause_it_followed():
    shorter = (A[0], A[1], A[3], A[4])
    redline = document_redline(compare_named("A", A, "B", shorter))
    keys = [c.key for c in redline.clauses]
    assert keys == ["b:c1", "b:c2", "a:c3", "b:c4", "b:c5"]
    dropped = redline.clauses[2]
    assert dropped.dropped and dropped.note == "Dropped" and dropped.text == (("-", A[2].text),)
    assert redline.changes() == [2]
    assert redline.counts_text() == "1 substantive change"


def test_a_split_clause_shares_its_diff_among_its_parts():
    whole = clause("c1", "1", "The Customer pays the Fees within thirty days. Late payments bear interest at 2%.",
                   "Fees")
    parts = (clause("c1", "1", "", "Fees"),
             clause("c2", "1.1", "The Customer pays the Fees within thirty days. ", level=2, parent="c1"),
             clause("c3", "1.2", "Late payments bear interest at 3%.", level=2, parent="c1"))
    comparison = compare_named("A", (whole,), "B", parts)
    redline = document_redline(comparison, show_cosmetic=True)
    for shown in redline.clauses:
        assert side_text(shown.text, "b") == shown.clause.text
    last = redline.clauses[redline.index_of("b:c3")]
    assert any(op == "+" for op, _ in last.text) and any(op == "-" for op, _ in last.text)


def test_cosmetic_changes_read_unmarked_unless_shown():
    renumbered = tuple(clause(c.id, str(int(c.number) + 1), c.text, c.heading) for c in A)
    comparison = compare_named("A", A, "B", renumbered)
    hidden = document_redline(comparison)
    assert hidden.changes() == [] and all(c.note == "" for c in hidden.clauses)
    assert hidden.counts_text() == "0 substantive changes · 5 cosmetic (hidden)"
    shown = document_redline(comparison, show_cosmetic=True)
    assert len(shown.changes()) == 5 and shown.clauses[0].note == "Was 1"


def test_a_deletion_and_an_insertion_never_touch():
    assert with_gaps((("=", "Section "), ("-", "7.3"), ("+", "6"), ("=", " applies"))) == (
        ("=", "Section "), ("-", "7.3"), (GAP, " "), ("+", "6"), ("=", " applies"))
    assert with_gaps((("-", "fees "), ("+", "Fees"))) == (("-", "fees "), ("+", "Fees"))
    assert with_gaps((("-", ""), ("+", "x"))) == (("+", "x"),)


def test_a_first_round_reads_plain():
    redline = plain_document("Round 1", A)
    assert [c.text for c in redline.clauses] == [(("=", c.text),) for c in A]
    assert redline.changes() == [] and redline.counts_text() == "5 clauses"
