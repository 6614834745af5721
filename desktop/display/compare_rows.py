"""The compare view's rows: one per aligned pair, in reading order, with each side's marked text.

Plain data only (no Qt), so the rows are built on the worker together with the comparison
and the positions found on both sides; the GUI thread merely hands them to the models.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from desktop.core.compare_any import compare_any
from desktop.core.matrix import NO_VALUE, build_matrix
from desktop.core.model import Clause, Comparison, DiffOp, Pair
from desktop.core.pipeline import load_draft
from desktop.core.playbook import Playbook, PositionSpec
from desktop.core.values import compare_values
from desktop.core.work import Progress, check_cancel
from desktop.display.words import CHANGE_WORDS

_SHOWN_BULLETS = frozenset("•◦▪●○■□➢►✓◆◇")  # "-" and "*" are how plain text writes "•"
TOPIC_WORDS = {"same": "Same topic", "partial": "Partial"}
# Below this text similarity two topic-matched clauses are different wording of the same
# subject: a word redline of them would be a wall of red and blue, so both read plain.
TOPIC_REDLINE_SIMILARITY = 0.6


@dataclass(frozen=True)
class CompareRow:
    """One row of the compare view: the clauses of A and of B that were aligned, and how to show them."""

    pair: Pair
    left: tuple[Clause, ...]
    right: tuple[Clause, ...]
    left_text: tuple[DiffOp, ...]  # "=" and "-" pieces: A's text with its deletions
    right_text: tuple[DiffOp, ...]  # "=" and "+" pieces: B's text with its insertions
    combined: tuple[DiffOp, ...]  # the whole redline in one column
    words: str  # "Modified", "Moved, edited", "Same topic", "Only in A"…
    by_topic: bool

    @property
    def changed(self) -> bool:
        """Return True when the row is a change the list offers (a topic row always is, unless identical)."""
        return self.pair.kind != "unchanged"

    @property
    def substantive(self) -> bool:
        """Return True when the change could alter the deal."""
        return self.changed and self.pair.substantive

    @cached_property
    def number(self) -> str:
        """Return the number shown in the change list: B's (A's for a dropped clause), or each side's by topic.

        Two vendors number their papers differently, so a topic row names whose number is whose:
        "A: 4.2 · B: 3.1", "A: 8.1–8.3", "B: 7"; a side whose clauses have no number is left out.
        """
        if self.by_topic:
            return " · ".join(f"{letter}: {numbers}" for letter, numbers in
                              (("A", numbers_of(self.left)), ("B", numbers_of(self.right))) if numbers)
        clauses = self.right or self.left
        return cite_of(clauses[0]) if clauses else ""

    @cached_property
    def heading(self) -> str:
        """Return the heading shown in the change list, or the clause's first words."""
        clauses = self.right or self.left
        if not clauses:
            return ""
        return next((c.heading for c in clauses if c.heading), "") or first_words(
            next((c.text for c in clauses if c.text.strip()), ""), 80)


@dataclass(frozen=True)
class PositionClauses:
    """A playbook position found in either draft, with the clause ids it comes from on each side."""

    key: str
    title: str
    a: frozenset[str]
    b: frozenset[str]
    a_value: str = ""  # the values read out of A's clauses ("12 months' fees"), "" when A lacks it
    b_value: str = ""
    better_for_customer: str = ""  # "a" or "b": the side whose values are better for a customer
    better_for_vendor: str = ""

    def better(self, us: str) -> str:
        """Return "a" or "b", whichever side's values are better for `us` ("customer" or "vendor"), else ""."""
        return self.better_for_vendor if us == "vendor" else self.better_for_customer

    def values_text(self, us: str) -> str:
        """Return "Liability cap — A: 12 months' fees · B: ★ 24 months' fees" (★: better for `us`)."""
        best = self.better(us)
        sides = [f"{letter.upper()}: {'★ ' if best == letter else ''}{value or 'not found'}"
                 for letter, value in (("a", self.a_value), ("b", self.b_value))]
        return f"{self.title} — " + " · ".join(sides)

    def touches(self, row: CompareRow) -> bool:
        """Return True when `row` holds one of the position's clauses on either side."""
        return bool(self.a.intersection(row.pair.a) or self.b.intersection(row.pair.b))


@dataclass(frozen=True)
class DraftInput:
    """One side to compare: a stored round's clauses (read on the GUI thread) or a file to read."""

    name: str
    clauses: tuple[Clause, ...] | None = None
    path: Path | None = None
    notes: tuple[str, ...] = ()  # a stored round's reading notes (a file's come from reading it)


@dataclass(frozen=True)
class PreparedComparison:
    """What the worker hands the view: the comparison, its rows and the positions on both sides."""

    comparison: Comparison
    rows: tuple[CompareRow, ...]
    positions: tuple[PositionClauses, ...]
    notes: tuple[str, ...] = ()  # what the reader noted about each side ("B (x.docx): …")

    @property
    def by_topic(self) -> bool:
        """Return True when the clauses were matched by topic (two unrelated papers)."""
        return self.comparison.by == "topic"


def is_list_item(clause: Clause) -> bool:
    """Return True for a bulleted clause ("•", "-", "◦"…): a list item, which no one cites by its bullet."""
    label = clause.label.strip()
    return bool(label) and not any(ch.isalnum() for ch in label)


def cite_of(clause: Clause) -> str:
    """Return how a reader cites `clause`: its number, else its label unless that is only a bullet."""
    return clause.number or ("" if is_list_item(clause) else clause.label)


def numbers_of(clauses: Sequence[Clause]) -> str:
    """Return the numbers of a run of clauses: "4.2", "8.1–8.3", or "" when none has one."""
    cited = [number for number in map(cite_of, clauses) if number]
    if not cited:
        return ""
    return cited[0] if cited[0] == cited[-1] else f"{cited[0]}–{cited[-1]}"


def first_words(text: str, limit: int = 60) -> str:
    """Return the start of `text` on one line, cut at a word and elided when longer than `limit`."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:.—–-") + "…"


def title_of(clauses: Sequence[Clause]) -> str:
    """Return "8.1 General Cap" for one clause, "8.1 Caps; 8.2 Exclusions" for several.

    A clause with neither number nor heading is named by its first words ("GitHub Enterprise
    Cloud users may…"): a placeholder only when it has no text either.
    """
    parts = []
    for clause in clauses:
        title = " ".join(p for p in (cite_of(clause), clause.heading) if p)
        parts.append(title or first_words(clause.text) or "Paragraph without a number")
    return "; ".join(parts)


@dataclass(frozen=True)
class Block:
    """One clause of a side as a reader sees it: a heading, a list item, or a (numbered) paragraph."""

    style: str  # "heading" (a title with no text of its own), "item" (bulleted) or "text"
    lead: str  # the number ("8.1") or the bullet ("•"), "" for neither
    heading: str  # the clause's heading; a heading block has no text
    text: str
    depth: int  # levels below the side's outermost clause, for the indent


def blocks_of(clauses: Sequence[Clause]) -> tuple[Block, ...]:
    """Return the clauses of one side as headings, list items and paragraphs, in order."""
    top = min((c.level for c in clauses), default=1)
    out = []
    for clause in clauses:
        item = is_list_item(clause)
        style = "item" if item else "heading" if clause.heading and not clause.text.strip() else "text"
        lead = (clause.label.strip() if clause.label.strip() in _SHOWN_BULLETS else "•") if item else cite_of(clause)
        out.append(Block(style, lead, clause.heading, clause.text, max(0, clause.level - top)))
    return tuple(out)


def _words(pair: Pair, by_topic: bool) -> str:
    if by_topic and pair.topic:
        if pair.topic == "one_side":
            return "Only in A" if not pair.b else "Only in B"
        return TOPIC_WORDS.get(pair.topic, pair.topic.capitalize())
    words = CHANGE_WORDS.get(pair.kind, pair.kind.capitalize()) or "Unchanged"
    if pair.kind in ("moved", "renumbered") and any(op != "=" for op, _ in pair.diff):
        words += ", edited"
    return words


def make_row(pair: Pair, left: tuple[Clause, ...], right: tuple[Clause, ...], by_topic: bool) -> CompareRow:
    """Return the row of `pair`, splitting its word diff into A's side and B's side.

    Topic rows read plain unless both sides are close enough in wording for a redline to help:
    a clause only one vendor has is not an "insertion".
    """
    text_a = "\n".join(c.text for c in left if c.text)
    text_b = "\n".join(c.text for c in right if c.text)
    plain = by_topic and not (left and right and pair.similarity >= TOPIC_REDLINE_SIMILARITY)
    if plain:
        return CompareRow(pair, left, right, (("=", text_a),), (("=", text_b),),
                          tuple(("=", t) for t in (text_a, text_b) if t), _words(pair, by_topic), by_topic)
    if pair.diff:
        combined = tuple(pair.diff)
    elif not right:
        combined = (("-", text_a),)
    elif not left:
        combined = (("+", text_b),)
    elif text_a == text_b:
        combined = (("=", text_b),)
    else:
        combined = (("-", text_a), ("+", text_b))
    left_text = tuple((op, t) for op, t in combined if op in "=-" and t)
    right_text = tuple((op, t) for op, t in combined if op in "=+" and t)
    return CompareRow(pair, left, right, left_text, right_text, combined, _words(pair, by_topic), by_topic)


def build_rows(comparison: Comparison) -> tuple[CompareRow, ...]:
    """Return one row per pair in reading order: B's order, each clause only in A after its predecessor in A."""
    by_topic = comparison.by == "topic"
    a_at = {c.id: i for i, c in enumerate(comparison.clauses_a)}
    b_at = {c.id: i for i, c in enumerate(comparison.clauses_b)}
    a_of = {c.id: c for c in comparison.clauses_a}
    b_of = {c.id: c for c in comparison.clauses_b}
    # Where each A clause that reached B sits in B, so a dropped clause follows its nearest
    # earlier neighbour in A.
    anchor = {cid: min(b_at[b] for b in p.b) for p in comparison.pairs if p.b for cid in p.a}
    keyed = []
    for order, pair in enumerate(comparison.pairs):
        if pair.b:
            key = (min(b_at[b] for b in pair.b), 0, order)
        else:
            first = min(a_at[a] for a in pair.a) if pair.a else 0
            before = [anchor[c.id] for c in comparison.clauses_a[:first] if c.id in anchor]
            key = (before[-1] if before else -1, 1, first)
        row = make_row(pair, tuple(a_of[a] for a in pair.a), tuple(b_of[b] for b in pair.b), by_topic)
        keyed.append((key, row))
    keyed.sort(key=lambda item: item[0])
    return tuple(row for _, row in keyed)


ORDERS = {"b": "Order: B's", "a": "Order: A's", "playbook": "Order: playbook"}


def values_at(rows: Sequence[CompareRow], positions: Sequence[PositionClauses]) -> dict[int, tuple[PositionClauses, ...]]:
    """Return, by row number, the key positions whose values that row shows.

    Each position shows once, at the topic row holding most of its clauses (the first of equals).
    """
    out: dict[int, list[PositionClauses]] = {}
    for position in positions:
        best, number = 0, -1
        for n, row in enumerate(rows):
            held = len(position.a.intersection(row.pair.a)) + len(position.b.intersection(row.pair.b))
            if row.by_topic and held > best:
                best, number = held, n
        if number >= 0:
            out.setdefault(number, []).append(position)
    return {number: tuple(shown) for number, shown in out.items()}


def ordered_rows(prepared: PreparedComparison, order: str) -> tuple[CompareRow, ...]:
    """Return the prepared rows in one of ORDERS: B's (as built), A's, or the playbook's.

    A's order sorts by where each row's first A clause sits in A, a row only B has following
    the row before it; the playbook's puts the rows of each key position first, in playbook
    order, then the others in B's order.
    """
    rows = prepared.rows
    if order == "a":
        a_at = {c.id: i for i, c in enumerate(prepared.comparison.clauses_a)}
        at: list[float] = []
        last = -1.0
        for row in rows:
            if row.left:
                last = float(min(a_at.get(c.id, 0) for c in row.left))
                at.append(last)
            else:
                at.append(last + 0.5)  # after the row before it in B
        return tuple(row for _, row in sorted(enumerate(rows), key=lambda item: (at[item[0]], item[0])))
    if order == "playbook":
        positions = prepared.positions

        def rank(item: tuple[int, CompareRow]) -> tuple[int, int]:
            return next((i for i, p in enumerate(positions) if p.touches(item[1])), len(positions)), item[0]

        return tuple(row for _, row in sorted(enumerate(rows), key=rank))
    return rows


def position_clauses(
    clauses_a: Sequence[Clause], clauses_b: Sequence[Clause], playbook: Playbook
) -> tuple[PositionClauses, ...]:
    """Return the playbook positions found in either draft, in playbook order, with their clauses on each side.

    Each says what values either side holds and which side's are better for a customer and for
    a vendor (better on some value and worse on none), weighed as the position matrix weighs them.
    """
    matrix = build_matrix((("A", clauses_a), ("B", clauses_b)), playbook, "customer")
    specs = {spec.key: spec for spec in playbook.positions}
    out = []
    for key, title, (a, b) in zip(matrix.keys, matrix.titles, matrix.cells):
        if not (a.found or b.found):
            continue
        vendor = ""
        if a.values and b.values:
            spec = specs[key]
            if _beats(spec, a.values, b.values, "vendor") and not _beats(spec, b.values, a.values, "vendor"):
                vendor = "a"
            elif _beats(spec, b.values, a.values, "vendor") and not _beats(spec, a.values, b.values, "vendor"):
                vendor = "b"
        customer = "a" if a.better and not b.better else "b" if b.better and not a.better else ""
        out.append(PositionClauses(
            key, title, frozenset(a.clauses), frozenset(b.clauses),
            (a.summary or NO_VALUE) if a.found else "", (b.summary or NO_VALUE) if b.found else "",
            customer, vendor,
        ))
    return tuple(out)


def _beats(spec: PositionSpec, x: dict, y: dict, us: str) -> bool:
    """Return whether values `x` are better for `us` than `y`: ours on some value, theirs on none."""
    verdicts = compare_values(spec, y, x).values()
    them = "vendor" if us == "customer" else "customer"
    return us in verdicts and them not in verdicts


def prepare_comparison(
    left: DraftInput,
    right: DraftInput,
    playbook: Playbook,
    progress: Progress,
    cancel: threading.Event,
    by: str = "auto",
) -> PreparedComparison:
    """Return two drafts read (when they are files), compared, and their positions found: worker-thread work.

    `by` is compare_any's choice: "auto" matches unrelated papers by topic, versions by lineage.
    """
    sides = []
    notes: list[str] = []
    for letter, side in zip("AB", (left, right)):
        if side.clauses is not None:
            sides.append(side.clauses)
            notes.extend(f"{letter} ({side.name}): {note}" for note in side.notes)
        else:
            assert side.path is not None
            draft = load_draft(side.path, cancel=cancel)
            sides.append(draft.clauses)
            notes.extend(f"{letter} ({side.name}): {warning}" for warning in draft.document.warnings)
        check_cancel(cancel)
    comparison = compare_any(left.name, sides[0], right.name, sides[1], by=by, playbook=playbook,
                             progress=progress, cancel=cancel)
    rows = build_rows(comparison)
    check_cancel(cancel)
    return PreparedComparison(comparison, rows, position_clauses(sides[0], sides[1], playbook), tuple(notes))
