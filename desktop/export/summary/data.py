"""The negotiation summary as plain data: one frozen SummaryData read from the store on the GUI thread.

`build_summary` gathers the deal, its rounds with their change counts, and every position's
record round by round (reusing the positions grid's own reading of the store,
desktop.display.positions), so the summary says what the window shows. The renderers
(summary_docx, summary_md, summary_html/summary_pdf, issues_list) take only this data and
may run on a worker thread.
"""

from __future__ import annotations

import datetime
import getpass
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core.model import Clause, Finding
from desktop.core.playbook import Playbook
from desktop.display.positions import STATUS_WORDS, Cell, PositionRow, RoundColumn, load_grid
from desktop.display.words import long_date, side_words

if TYPE_CHECKING:
    from desktop.store import Store

_EXCERPT_CHARS = 220  # a quoted excerpt is a sentence or two, not the clause
_EXCERPTS_PER_ROUND = 2
_TOUCHED_SHOWN = 14  # clause numbers listed per round before "and N more"
_FIRST_WORDS = 5  # a clause with no number or heading is cited by its first few words
SETTLED = ("won", "conceded", "compromise")
CONFIDENTIAL = "Privileged & Confidential — attorney work product"


@dataclass(frozen=True)
class RoundInfo:
    """One round of the deal: who sent it, when, and how much it changed from the round before."""

    round_no: int
    sender: str  # "us" | "them"
    sender_name: str  # "Us" or the counterparty's name
    date: str  # YYYY-MM-DD
    file_name: str
    clause_count: int
    changed: int | None  # None for the first round (nothing to compare with)
    substantive: int | None
    cosmetic: int | None
    touched: tuple[str, ...]  # clause numbers changed substantively ("8.1(a)", "9.2 (deleted)")

    @property
    def date_text(self) -> str:
        """Return "2 Feb 2024"."""
        return long_date(self.date)

    @property
    def touched_text(self) -> str:
        """Return the substantively changed clauses as a short list ("1.1, 2.3 and 12 more")."""
        if self.changed is None:
            return "first draft"
        if not self.touched:
            return "none"
        shown = ", ".join(self.touched[:_TOUCHED_SHOWN])
        more = len(self.touched) - _TOUCHED_SHOWN
        return f"{shown} and {more} more" if more > 0 else shown


@dataclass(frozen=True)
class Excerpt:
    """A short quotation of the clause text that establishes a position in a round."""

    clause: str  # the clause's number or label ("8.1(a)"), or its heading
    text: str


@dataclass(frozen=True)
class HistoryEntry:
    """A position in one round: the value read, the status and reason, and the evidence quoted."""

    round_no: int
    status: str  # one of STATUSES, or "" when none is recorded
    reason: str
    suggested: bool
    value: str  # "12 mo fees", "in 9.1, 9.2", or "" when the draft does not address it
    clauses: tuple[str, ...]  # the evidence clauses' numbers
    excerpts: tuple[Excerpt, ...]
    same_as: int | None  # the earlier round with word-for-word the same excerpts, if any

    @property
    def status_words(self) -> str:
        """Return "not addressed", "won", … ("" when no status is recorded)."""
        return STATUS_WORDS.get(self.status, "")


@dataclass(frozen=True)
class PositionOutcome:
    """One position of the deal: our stance, where it ended, and its history across rounds."""

    number: int  # 1-based, in summary order
    key: str
    title: str
    first: bool  # one of the three positions the user named first
    ask: str
    fallback: str
    status: str  # the final round's status ("" when none is recorded)
    suggested: bool  # the final status is Counterdraft's suggestion, not yet confirmed
    reason: str
    final_value: str  # the value in the final round ("not addressed" when absent)
    their_value: str  # the value in the counterparty's latest draft
    settled_round: int | None  # the round since which a won/conceded/compromise status has held
    clause_refs: tuple[str, ...]  # the latest evidence clauses' numbers
    clause_round: int | None  # the round those numbers belong to
    last_touched: int | None  # the last round in which its value, status or clauses changed
    history: tuple[HistoryEntry, ...]

    @property
    def status_words(self) -> str:
        """Return the outcome in words ("not addressed" when no status is recorded)."""
        return STATUS_WORDS.get(self.status, "not addressed")

    @property
    def clause_reference(self) -> str:
        """Return "8.1(a), 8.2", or "11 (round 2)" when the final draft no longer has the clauses."""
        refs = ", ".join(self.clause_refs)
        final = self.history[-1].round_no if self.history else None
        if refs and self.clause_round is not None and self.clause_round != final:
            return f"{refs} (round {self.clause_round})"
        return refs

    @property
    def addressed(self) -> bool:
        """Return whether any round's draft addresses the position."""
        return any(entry.value for entry in self.history)


@dataclass(frozen=True)
class SummaryData:
    """Everything the negotiation summary and the issues list show, frozen for a worker thread."""

    deal_name: str
    counterparty: str
    our_side: str  # "customer", "vendor", "data_provider"
    deal_type: str
    jurisdictions: str
    generated: str  # YYYY-MM-DD
    rounds: tuple[RoundInfo, ...]
    positions: tuple[PositionOutcome, ...]
    client: str = ""  # our client's name (Settings ▸ Your client / organisation), "" when not set
    author: str = ""  # who the documents name as their author (the .docx and .pdf properties)

    @property
    def our_side_words(self) -> str:
        """Return "Customer / licensee"."""
        return side_words(self.our_side)

    @property
    def their_side_words(self) -> str:
        """Return the counterparty's role: "Vendor / licensor" when we act for the customer."""
        # A vendor and a data provider both deal with a customer (the licensee).
        return side_words("vendor" if self.our_side == "customer" else "customer")

    @property
    def parties(self) -> str:
        """Return "Between Northwind Health (customer / licensee) and Acme AI (vendor / licensor)".

        Without a client name (none set in Settings) each side is named by its role:
        "Customer / licensee: (not set) · Vendor / licensor: Acme AI".
        """
        ours, theirs = self.our_side_words, self.their_side_words
        counterparty = self.counterparty.strip()
        if self.client.strip() and counterparty:
            return f"Between {self.client.strip()} ({ours.lower()}) and {counterparty} ({theirs.lower()})"
        return f"{ours}: {self.client.strip() or '(not set)'} · {theirs}: {counterparty or '(not set)'}"

    @property
    def title(self) -> str:
        """Return the document title."""
        return f"Negotiation summary: {self.deal_name}"

    @property
    def generated_text(self) -> str:
        """Return the generation date as a lawyer writes it ("30 Nov 2026")."""
        return long_date(self.generated)

    @property
    def open_items(self) -> tuple[PositionOutcome, ...]:
        """Return the positions still open after the final round."""
        return tuple(p for p in self.positions if p.status == "open")

    @property
    def unconfirmed(self) -> int:
        """Return how many final statuses are suggestions the user has not confirmed."""
        return sum(1 for p in self.positions if p.suggested)

    def status_counts(self) -> dict[str, int]:
        """Return how many positions ended in each status, in STATUS_WORDS order."""
        counts = {status: 0 for status in STATUS_WORDS}
        for position in self.positions:
            counts[position.status or "not_addressed"] += 1
        return counts

    def round_sender(self, round_no: int) -> str:
        """Return who sent a round ("Us" or the counterparty)."""
        return next((r.sender_name for r in self.rounds if r.round_no == round_no), "")


def excerpt(text: str, limit: int = _EXCERPT_CHARS) -> str:
    """Return clause text on one line, cut at a word near `limit` characters with "…"."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def clause_name(clause: Clause) -> str:
    """Return how a clause is cited: its number, else its label, else its heading, else its first words.

    Never the clause's internal id ("c3"): that means nothing to a client.
    """
    named = clause.number or clause.label or clause.heading
    if named:
        return named
    words = clause.text.split()
    if not words:
        return "an untitled clause"
    shown = " ".join(words[:_FIRST_WORDS])
    return f"“{shown}{'…' if len(words) > _FIRST_WORDS else ''}”"


def os_user_name() -> str:
    """Return the name of the person logged in: their full name where the system keeps one, else the login."""
    try:
        login = getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in the environment or the password database
        return ""
    if os.name == "posix":
        try:
            import pwd

            full = pwd.getpwnam(login).pw_gecos.split(",")[0].strip()
        except (KeyError, ImportError):
            full = ""
        if full:
            return full
    return login


def _excerpts(finding: Finding | None, clauses: dict[str, Clause]) -> tuple[Excerpt, ...]:
    if finding is None:
        return ()
    quoted: list[Excerpt] = []
    for evidence in finding.evidence:
        clause = clauses.get(evidence.clause)
        if clause is None:
            continue
        text = excerpt(clause.text[evidence.start:evidence.end])
        if text and all(text != q.text for q in quoted):
            quoted.append(Excerpt(clause_name(clause), text))
        if len(quoted) == _EXCERPTS_PER_ROUND:
            break
    return tuple(quoted)


def _settled_round(cells: tuple[Cell, ...]) -> int | None:
    """Return the round since which the final won/conceded/compromise status has held."""
    if not cells or cells[-1].status not in SETTLED:
        return None
    settled = cells[-1].round_no
    for cell in reversed(cells):
        if cell.status != cells[-1].status:
            break
        settled = cell.round_no
    return settled


def _touched(pairs, clauses: dict[str, Clause], previous: dict[str, Clause]) -> tuple[str, ...]:
    names: list[str] = []
    for pair in pairs:
        if pair.kind == "unchanged" or not pair.substantive:
            continue
        if pair.b:
            names.extend(clause_name(clauses[c]) for c in pair.b if c in clauses)
        else:
            names.extend(f"{clause_name(previous[c])} (deleted)" for c in pair.a if c in previous)
    return tuple(dict.fromkeys(names))


def _outcome(number: int, row: PositionRow, rounds: tuple[RoundColumn, ...],
             clauses: dict[int, dict[str, Clause]]) -> PositionOutcome:
    history: list[HistoryEntry] = []
    for column, cell in zip(rounds, row.cells):
        here = clauses.get(column.draft_id, {})
        quoted = _excerpts(cell.finding, here)
        same = next((e.round_no for e in reversed(history) if quoted and e.excerpts == quoted), None)
        cited = tuple(clause_name(here[c]) for c in cell.finding.clauses if c in here) if cell.finding else ()
        history.append(HistoryEntry(cell.round_no, cell.status, cell.reason, cell.suggested,
                                    cell.value_text, cited, quoted, same))
    final = row.outcome
    theirs = next((cell for column, cell in zip(reversed(rounds), reversed(row.cells))
                   if column.sender == "them"), None)
    latest = next((entry for entry in reversed(history) if entry.clauses), None)
    touched = [cell.round_no for cell in row.cells if cell.changed]
    return PositionOutcome(
        number=number, key=row.key, title=row.title, first=row.first, ask=row.ask,
        fallback=row.fallback,
        status=final.status if final else "",
        suggested=bool(final and final.suggested),
        reason=final.reason if final else "",
        final_value=(final.value_text if final and final.value_text else "not addressed"),
        their_value=(theirs.value_text or "not addressed") if theirs else "no draft from them yet",
        settled_round=_settled_round(row.cells),
        clause_refs=latest.clauses if latest else (),
        clause_round=latest.round_no if latest else None,
        last_touched=touched[-1] if touched else None,
        history=tuple(history))


def build_summary(store: Store, deal_id: int, playbook: Playbook, *,
                  today: datetime.date | None = None, client: str = "", author: str = "") -> SummaryData:
    """Return the deal's summary as the store holds it now (reads the store: GUI thread only).

    `client` names our client in the parties line; `author` is written into the documents'
    properties (the OS user's name when empty).
    """
    deal = store.deal(deal_id)
    round_rows = store.rounds(deal_id)
    grid = load_grid(store, deal, round_rows, playbook)
    counterparty = deal.counterparty.strip() or "Them"
    clauses = {draft: {c.id: c for c in text.clauses} for draft, text in grid.texts.items()}
    rounds = tuple(
        RoundInfo(
            round_no=row.round_no, sender=row.sender,
            sender_name="Us" if row.sender == "us" else counterparty,
            date=row.date, file_name=row.file_name, clause_count=row.clause_count,
            changed=row.changed_count, substantive=row.substantive_count,
            cosmetic=row.cosmetic_count,
            touched=_touched(grid.texts[row.id].pairs, clauses[row.id],
                             {c.id: c for c in grid.texts[row.id].previous}))
        for row in round_rows)
    positions = tuple(_outcome(number, row, grid.rounds, clauses)
                      for number, row in enumerate(grid.rows, start=1))
    return SummaryData(
        deal_name=deal.name, counterparty=deal.counterparty, our_side=deal.our_side,
        deal_type=deal.deal_type, jurisdictions=deal.jurisdictions,
        generated=(today or datetime.date.today()).isoformat(),
        rounds=rounds, positions=positions, client=client.strip(),
        author=author.strip() or os_user_name())
