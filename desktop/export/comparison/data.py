"""A comparison as its exports write it: two vendors' papers topic by topic, or two rounds as one redline.

`comparison_report` turns what the Compare window shows (a PreparedComparison) into frozen
data the Word and PDF writers lay out, so both files say the same thing. Two drafts of one
lineage become a whole-draft redline (display/document_redline.py); two unrelated papers a
table of topics, each with A's clause beside B's, or a gap saying only one of them has it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.core.model import Clause, DiffOp
from desktop.display.compare_rows import (
    Block,
    CompareRow,
    PositionClauses,
    PreparedComparison,
    blocks_of,
    ordered_rows,
    title_of,
    values_at,
)
from desktop.display.document_redline import DocumentRedline, document_redline
from desktop.display.words import long_date
from desktop.export.summary.data import CONFIDENTIAL

TOPIC_NOTE = (
    "These drafts share no history, so their clauses are matched by topic, not redlined: each row "
    "sets A's clause beside B's. Where the two wordings are close, the words only one side uses "
    "are marked: struck through in red in A's text, underlined in blue in B's. Under a topic that "
    "holds a key position, each side's values are listed; ★ marks the better for the {side}."
)
REDLINE_NOTE = "Deleted words are struck through in red; inserted words are underlined in blue."
COSMETIC_HIDDEN = (" Cosmetic changes (numbering, punctuation, case, cross-reference numbers) are not "
                   "marked.")
ONE_SIDE = {"a": "Nothing in A on this topic", "b": "Nothing in B on this topic"}
__all__ = ["CONFIDENTIAL", "ONE_SIDE", "ComparisonReport", "Side", "TopicRow", "comparison_report"]


@dataclass(frozen=True)
class Side:
    """One side of a topic row: its clauses' numbers and headings, then their text, marked or plain."""

    title: str  # "8.1 General Cap"
    text: tuple[DiffOp, ...]  # "=" pieces, plus "-" (A) or "+" (B) where the wordings are close
    # Where the side reads plain: its clauses as headings, list items and numbered paragraphs,
    # which the writers show instead of `title` and `text`. Empty for a redlined side.
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class TopicRow:
    """One topic of two vendors' papers: what it is, how the two sides relate, and each side's text."""

    topic: str  # the clauses' heading ("Limitation of Liability"), else their first words
    words: str  # "Same topic", "Partial", "Only in A", "Only in B"
    a: Side | None  # None when only B deals with the topic
    b: Side | None
    positions: tuple[str, ...] = ()  # the playbook positions its clauses deal with ("Liability cap")
    numbers: str = ""  # each side's own numbers: "A: 4.2 · B: 3.1"
    # Per key position: "Liability cap — A: 12 months' fees · B: ★ 24 months' fees" (★ better for us).
    values: tuple[str, ...] = ()
    why: str = ""  # why the two sides were matched: "same position: … · similar wording (52%)"


@dataclass(frozen=True)
class ComparisonReport:
    """Everything a comparison export writes: its title, the two drafts, and the topics or the redline."""

    title: str
    name_a: str
    name_b: str
    made: str  # the day it was exported, "2 Feb 2024"
    note: str  # how to read it
    topics: tuple[TopicRow, ...] = ()
    redline: DocumentRedline | None = None

    @property
    def by_topic(self) -> bool:
        """Return True for two unrelated papers (a table of topics), False for a redline."""
        return self.redline is None

    @property
    def subtitle(self) -> str:
        """Return "A: x.docx · B: y.docx · 2 Feb 2024"."""
        return f"A: {self.name_a}   ·   B: {self.name_b}   ·   {self.made}"


def comparison_report(prepared: PreparedComparison, *, show_cosmetic: bool = True, one_side_only: bool = False,
                      order: str = "b", our_side: str = "customer",
                      today: datetime.date | None = None) -> ComparisonReport:
    """Return the report of `prepared`: a table of topics for two papers, a whole-draft redline for two rounds.

    `one_side_only` keeps only the topics one paper deals with and the other does not; `order`
    is compare_rows.ORDERS' ("b", "a", "playbook"); a ★ marks the values better for `our_side`
    ("customer" or "vendor").
    """
    comparison = prepared.comparison
    made = long_date((today or datetime.date.today()).isoformat())
    if prepared.by_topic:
        kept = tuple(row for row in ordered_rows(prepared, order) if not (one_side_only and row.left and row.right))
        shown = values_at(kept, prepared.positions)  # each position's values once, at its first topic
        rows = tuple(_topic_row(row, prepared.positions, our_side, shown.get(number, ()))
                     for number, row in enumerate(kept))
        title = "Topics only one side covers" if one_side_only else "Comparison by topic"
        return ComparisonReport(f"{title}: {comparison.a} and {comparison.b}", comparison.a,
                                comparison.b, made, TOPIC_NOTE.format(side=our_side), topics=rows)
    redline = document_redline(comparison, show_cosmetic=show_cosmetic)
    note = REDLINE_NOTE + ("" if show_cosmetic else COSMETIC_HIDDEN) + f" {redline.counts_text()}."
    return ComparisonReport(f"Redline: {comparison.a} → {comparison.b}", comparison.a, comparison.b, made,
                            note, redline=redline)


def _topic_row(row: CompareRow, positions: Sequence[PositionClauses], us: str,
               shown: Sequence[PositionClauses]) -> TopicRow:
    named = tuple(position.title for position in positions if position.touches(row))
    values = tuple(position.values_text(us) for position in shown)
    topic = _heading(row.right) or _heading(row.left) or row.heading
    plain = all(op == "=" for op, _ in row.combined)
    a = Side(title_of(row.left), row.left_text, blocks_of(row.left) if plain else ()) if row.left else None
    b = Side(title_of(row.right), row.right_text, blocks_of(row.right) if plain else ()) if row.right else None
    why = row.pair.reason if a and b else ""  # "Only in A" says it already
    return TopicRow(topic, row.words if row.changed else "Same wording", a, b, named, row.number, values, why)


def _heading(clauses: Sequence[Clause]) -> str:
    return next((c.heading for c in clauses if c.heading and c.kind != "definition"), "")
