"""The negotiation summary laid out once, as a list of blocks every format renders the same way.

`summary_blocks` turns SummaryData into headings, paragraphs, tables and bullet lists of plain
text runs; summary_docx, summary_md and summary_html only translate those blocks into their
format (and escape the text as that format needs). So the .docx, the .md, the PDF and the
preview in the window say the same things in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from desktop.display.positions import STATUS_MARKS
from desktop.export.summary.data import CONFIDENTIAL, HistoryEntry, PositionOutcome, SummaryData
from desktop.export.summary.widths import fit_widths

UNCONFIRMED_MARK = "†"
_NBSP = "\u00a0"


@dataclass(frozen=True)
class Run:
    """A piece of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


Para = tuple[Run, ...]
Cell = tuple[Para, ...]  # a table cell: one or more paragraphs


@dataclass(frozen=True)
class Heading:
    """A heading: level 0 is the document title, 1 and 2 are Word's Heading 1 and Heading 2."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; `style` is "normal", "note" (small print) or "quote" (quoted clause text)."""

    runs: Para
    style: str = "normal"


@dataclass(frozen=True)
class Table:
    """A table with one header row; `widths` are the columns' shares of the text width."""

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]


@dataclass(frozen=True)
class Bullets:
    """A bulleted list, one paragraph per item."""

    items: tuple[Para, ...]


Block = Heading | Paragraph | Table | Bullets


def text(value: str, *, bold: bool = False, italic: bool = False) -> Para:
    """Return a one-run paragraph."""
    return (Run(value, bold, italic),)


def cell(*paras: Para | str) -> Cell:
    """Return a table cell from paragraphs or plain strings."""
    return tuple(text(p) if isinstance(p, str) else p for p in paras)


def fitted(table: Table) -> Table:
    """Return `table` with its column widths widened where a header word (or body word) needs it."""
    body = tuple(tuple(" ".join(run.text for para in value for run in para) for value in row) for row in table.rows)
    return replace(table, widths=fit_widths(table.widths, table.header, body))


def status_label(status: str, words: str, suggested: bool) -> str:
    """Return "≈ compromise", with † when it is a suggestion not yet confirmed."""
    mark = STATUS_MARKS.get(status or "not_addressed", "")
    # No-break spaces: the mark never ends a line apart from its word, nor † from the status.
    return f"{mark}{_NBSP}{words}{_NBSP + UNCONFIRMED_MARK if suggested else ''}".strip()


def _round_name(data: SummaryData, round_no: int) -> str:
    return f"Round {round_no} ({data.round_sender(round_no)})"


def _header(data: SummaryData) -> list[Block]:
    counts = data.status_counts()
    outcome = ", ".join(f"{count} {status.replace('_', ' ')}" for status, count in counts.items() if count)
    span = ""
    if data.rounds:
        first, last = data.rounds[0], data.rounds[-1]
        span = f"{len(data.rounds)} ({first.date_text} to {last.date_text})"
    facts = (("Deal", data.deal_name), ("Parties", data.parties), ("We act for", data.our_side_words),
             ("Deal type", data.deal_type or "—"), ("Jurisdictions", data.jurisdictions or "—"),
             ("Rounds", span or "none yet"), ("Outcome", outcome or "—"))
    blocks: list[Block] = [
        Heading(0, data.title),
        Paragraph(text(CONFIDENTIAL, bold=True)),
        Paragraph(text(f"Prepared {data.generated_text} with Counterdraft.", italic=True), "note"),
        Heading(1, "The deal"),
        Table(("", ""), tuple((cell(text(k, bold=True)), cell(v)) for k, v in facts), (0.22, 0.78)),
    ]
    if data.rounds:
        blocks.append(Heading(2, "Rounds"))
        blocks.append(Table(
            ("Round", "Date", "From", "Draft"),
            tuple((cell(str(r.round_no)), cell(r.date_text), cell(r.sender_name), cell(r.file_name))
                  for r in data.rounds),
            (0.1, 0.18, 0.24, 0.48)))
    return blocks


def _outcomes(data: SummaryData) -> list[Block]:
    rows = []
    for p in data.positions:
        title = text(p.title + (f"{_NBSP}★" if p.first else ""), bold=p.first)
        settled = str(p.settled_round) if p.settled_round else "—"
        rows.append((cell(str(p.number)), cell(title), cell(p.ask or "—"), cell(p.final_value),
                     cell(status_label(p.status, p.status_words, p.suggested)), cell(settled),
                     cell(p.reason or "—")))
    blocks: list[Block] = [
        Heading(1, "Outcome of each position"),
        Paragraph(text("Each position of the playbook with our ask, its value in the final round, "
                       "where it stands and why. ★ marks the three positions the client named "
                       "first; “Settled” is the round since which the outcome has held.")),
        Table(("#", "Position", "Our ask", "Final value", "Status", "Settled", "Reason"),
              tuple(rows), (0.04, 0.15, 0.19, 0.15, 0.12, 0.09, 0.26)),
    ]
    if data.unconfirmed:
        blocks.append(Paragraph(text(
            f"{UNCONFIRMED_MARK} Suggested by Counterdraft from the drafts and not yet confirmed "
            f"by the reviewing lawyer ({data.unconfirmed} of {len(data.positions)}).", italic=True),
            "note"))
    return blocks


def _evidence(entry: HistoryEntry) -> Cell:
    if not entry.value:
        return cell(text("Not addressed in this draft.", italic=True))
    if entry.same_as is not None:
        return cell(text(f"Same wording as round {entry.same_as} ({', '.join(entry.clauses[:3])}).",
                         italic=True))
    if not entry.excerpts:
        return cell(", ".join(entry.clauses) or "—")
    return tuple((Run(f"{q.clause}: ", bold=True), Run(f"“{q.text}”")) for q in entry.excerpts)


def _history_of(data: SummaryData, p: PositionOutcome) -> list[Block]:
    stance: list[Block] = [Paragraph((Run("Our ask: ", bold=True), Run(p.ask or "—")))]
    if p.fallback:
        stance.append(Paragraph((Run("Fallback: ", bold=True), Run(p.fallback))))
    rows = tuple(
        (cell(_round_name(data, e.round_no)), cell(e.value or "—"),
         cell(text(status_label(e.status, e.status_words or "—", e.suggested), bold=True),
              e.reason or ""),
         _evidence(e))
        for e in p.history)
    return [Heading(2, f"{p.number}. {p.title}"), *stance,
            Table(("Round", "Value", "Status and reason", "Clause text"), rows,
                  (0.14, 0.17, 0.31, 0.38))]


def _history(data: SummaryData) -> list[Block]:
    blocks: list[Block] = [
        Heading(1, "History of each position"),
        Paragraph(text("Round by round: the value read from each draft, the status it was given "
                       "and why, with short quotations of the clauses it rests on.")),
    ]
    quiet = []
    for p in data.positions:
        if p.first or p.addressed:
            blocks += _history_of(data, p)
        else:
            quiet.append(p.title)
    if quiet:
        blocks.append(Heading(2, "Not addressed in any draft"))
        blocks.append(Paragraph(text("; ".join(quiet) + ".")))
    return blocks


def _statistics(data: SummaryData) -> list[Block]:
    def number(value: int | None) -> str:
        return "—" if value is None else str(value)

    rows = tuple(
        (cell(str(r.round_no)), cell(r.sender_name), cell(r.date_text), cell(str(r.clause_count)),
         cell(number(r.changed)), cell(number(r.substantive)), cell(number(r.cosmetic)),
         cell(r.touched_text))
        for r in data.rounds)
    return [
        Heading(1, "Changes in each round"),
        Paragraph(text("How much each draft changed from the one before. Substantive changes alter "
                       "wording a lawyer must read again; cosmetic ones are punctuation, case, "
                       "numbering and spacing.")),
        Table(("Round", "From", "Date", "Clauses", "Changed", "Substantive", "Cosmetic",
               "Clauses changed substantively"), rows,
              (0.07, 0.13, 0.12, 0.08, 0.08, 0.1, 0.09, 0.33)),
    ]


def _sentence(words: str) -> str:
    """Return `words` ending with a full stop (unless they end with one already)."""
    words = words.strip()
    return words if words.endswith((".", "…", "?", "!")) else f"{words}."


def _open_items(data: SummaryData) -> list[Block]:
    blocks: list[Block] = [Heading(1, "Open items")]
    if not data.open_items:
        return blocks + [Paragraph(text("No position is open after the final round."))]
    items = tuple(
        (Run(f"{p.title}. ", bold=True), Run(f"Their position: {_sentence(p.their_value)} "),
         Run(f"Our ask: {_sentence(p.ask or '—')} "), Run(p.reason, italic=True))
        for p in data.open_items)
    return blocks + [Bullets(items)]


def summary_blocks(data: SummaryData) -> list[Block]:
    """Return the whole summary, in reading order."""
    blocks = [*_header(data), *_outcomes(data), *_history(data), *_statistics(data), *_open_items(data)]
    return [fitted(block) if isinstance(block, Table) else block for block in blocks]
