"""The positions grid as plain data: one row per deal position, one cell per round, read from the store.

`load_grid` gathers what the store holds for a deal (its positions and stances, each round's
findings and statuses, which clauses changed) into frozen rows the Qt model only formats.
Nothing here imports Qt, so the words and symbols a cell shows are tested without a window.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.core.model import Clause, Finding, Pair
from desktop.core.playbook import Playbook, PositionSpec
from desktop.core.values import describe_values
from desktop.display.words import long_date

if TYPE_CHECKING:
    from desktop.store import DealRow, RoundRow, Store

# Each status reads as a symbol and a word, so colour is never the only signal.
STATUS_WORDS = {
    "won": "won",
    "conceded": "conceded",
    "compromise": "compromise",
    "open": "open",
    "not_addressed": "not addressed",
}
STATUS_MARKS = {"won": "✓", "conceded": "✗", "compromise": "≈", "open": "○", "not_addressed": "–"}
# A grid cell is about 100 px wide: "not addressed" reads there as "n/a" (the legend says so).
CELL_WORDS = {**STATUS_WORDS, "not_addressed": "n/a"}
# The keys that set a status on the current cell (P for comPromise: C is taken by conceded).
STATUS_KEYS = {"W": "won", "C": "conceded", "P": "compromise", "O": "open", "N": "not_addressed"}
KEY_OF_STATUS = {status: key for key, status in STATUS_KEYS.items()}


def status_text(status: str, suggested: bool = False, *, short: bool = False) -> str:
    """Return "✓ won", or "✓ won?" for a suggestion not yet confirmed ("" when there is no status).

    `short` gives the words of a grid cell ("– n/a" for not addressed).
    """
    if status not in STATUS_WORDS:
        return ""
    words = (CELL_WORDS if short else STATUS_WORDS)[status]
    return f"{STATUS_MARKS[status]} {words}{'?' if suggested else ''}"


def wrap_title(title: str, width: int = 24) -> str:
    """Return a position's title on at most two lines of about `width` characters (the rest elided)."""
    lines = textwrap.wrap(title, width) or [""]
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    if len(lines) == 2 and len(lines[1]) > width:
        lines[1] = lines[1][: width - 1].rstrip() + "…"
    return "\n".join(lines)


def position_words(title: str) -> str:
    """Return a title as it reads mid-sentence: "Liability cap" → "liability cap", "GDPR terms" kept."""
    if len(title) > 1 and title[1].islower():
        return title[0].lower() + title[1:]
    return title


@dataclass(frozen=True)
class RoundColumn:
    """One round as a column of the grid."""

    draft_id: int
    round_no: int
    sender: str  # "us" | "them"
    date: str  # YYYY-MM-DD
    file_name: str = ""

    @property
    def header(self) -> str:
        """Return the two-line column header: "R3 · Them" over "2 Feb 2024"."""
        return f"R{self.round_no} · {'Us' if self.sender == 'us' else 'Them'}\n{long_date(self.date)}"

    @property
    def description(self) -> str:
        """Return "round 3, their draft of 2 Feb 2024"."""
        whose = "our" if self.sender == "us" else "their"
        return f"round {self.round_no}, {whose} draft of {long_date(self.date)}"


@dataclass(frozen=True)
class Cell:
    """One position in one round: its status, the values found and whether it moved since the round before."""

    draft_id: int
    round_no: int
    status: str  # one of STATUSES, or "" when nothing is recorded
    reason: str
    suggested: bool  # Counterdraft's suggestion, not yet confirmed by the user
    finding: Finding | None  # None when the round has no clause on this position
    value_text: str  # "12 mo fees"; the clause numbers when no value was read; "" when not found
    changed: bool  # values, status or evidence clauses differ from the round before

    @property
    def text(self) -> str:
        """Return the cell's two lines: the value, then the status with its symbol."""
        return f"{self.value_text}\n{status_text(self.status, self.suggested, short=True)}"


@dataclass(frozen=True)
class PositionRow:
    """One position of the deal: our stance and a cell per round."""

    key: str
    title: str
    group: str
    explanation: str
    first: bool  # one of the three positions the user named first
    ask: str
    fallback: str
    walk_away: str
    spec: PositionSpec | None  # None when the playbook no longer has the position
    cells: tuple[Cell, ...]

    @property
    def outcome(self) -> Cell | None:
        """Return the final round's cell (the outcome), or None before any round."""
        return self.cells[-1] if self.cells else None

    def cell_for(self, draft_id: int) -> Cell | None:
        """Return the cell of the round `draft_id`, or None."""
        return next((cell for cell in self.cells if cell.draft_id == draft_id), None)


def value_text(spec: PositionSpec | None, finding: Finding | None, numbers: Mapping[str, str]) -> str:
    """Return the cell's value line: described values, else "in 8.1, 8.4, 12.2", else "" when not found.

    Every clause is named: the grid ends a long line with "…" itself and shows it whole on hover.
    """
    if finding is None:
        return ""
    described = describe_values(spec, finding.values) if spec is not None and finding.values else ""
    if described:
        return described
    cited = [numbers.get(cid, "") for cid in finding.clauses]
    cited = [number for number in cited if number]
    return f"in {', '.join(dict.fromkeys(cited))}" if cited else "found"


def build_rows(
    positions: Sequence[Any],
    playbook: Playbook,
    rounds: Sequence[RoundColumn],
    findings: Mapping[int, Sequence[Finding]],
    statuses: Mapping[tuple[str, int], Any],
    numbers: Mapping[int, Mapping[str, str]],
    changed_clauses: Mapping[int, frozenset[str]],
) -> list[PositionRow]:
    """Return the grid rows: the three named positions first, then by playbook group, then the store's order.

    `positions` are the store's DealPosition rows (key, title, ask, fallback, walk_away,
    ordinal); `statuses` maps (key, draft id) to a PositionStatus (status, reason, suggested);
    `changed_clauses` holds, per draft, the clauses that changed substantively since the round before.
    """
    found = {draft: {f.key: f for f in items} for draft, items in findings.items()}
    group_order: dict[str, int] = {}
    for known in playbook.positions:
        group_order.setdefault(known.group, len(group_order))
    rows = []
    for position in positions:
        spec = playbook.get(position.key)
        cells: list[Cell] = []
        for column in rounds:
            finding = found.get(column.draft_id, {}).get(position.key)
            recorded = statuses.get((position.key, column.draft_id))
            status = recorded.status if recorded is not None else ""
            previous = cells[-1] if cells else None
            cells.append(
                Cell(
                    draft_id=column.draft_id,
                    round_no=column.round_no,
                    status=status,
                    reason=recorded.reason if recorded is not None else "",
                    suggested=bool(recorded.suggested) if recorded is not None else False,
                    finding=finding,
                    value_text=value_text(spec, finding, numbers.get(column.draft_id, {})),
                    changed=_changed(previous, finding, status, changed_clauses.get(column.draft_id, frozenset())),
                )
            )
        rows.append(
            PositionRow(
                key=position.key,
                title=position.title or (spec.title if spec else position.key),
                group=spec.group if spec else "Your positions",
                explanation=spec.explanation if spec else "",
                first=bool(spec and spec.first),
                ask=position.ask,
                fallback=position.fallback,
                walk_away=position.walk_away,
                spec=spec,
                cells=tuple(cells),
            )
        )
    rank = {position.key: index for index, position in enumerate(positions)}
    rows.sort(key=lambda row: (not row.first, group_order.get(row.group, len(group_order)), rank[row.key]))
    return rows


def _changed(previous: Cell | None, finding: Finding | None, status: str, changed: frozenset[str]) -> bool:
    if previous is None:
        return finding is not None  # in the first round everything found is new
    if (finding is None) != (previous.finding is None):
        return True  # the position appeared or disappeared
    if finding is not None and previous.finding is not None and finding.values != previous.finding.values:
        return True
    if status and previous.status and status != previous.status:
        return True
    return finding is not None and any(cid in changed for cid in finding.clauses)


def status_counts(rows: Sequence[PositionRow], round_index: int) -> Counter:
    """Return how many positions have each status in the round at `round_index` (of each row's cells)."""
    counts: Counter = Counter()
    for row in rows:
        if 0 <= round_index < len(row.cells) and row.cells[round_index].status:
            counts[row.cells[round_index].status] += 1
    return counts


def counts_text(counts: Mapping[str, int], waiting: int = 0) -> str:
    """Return "won 7 · conceded 3 · compromise 4 · open 2 · not addressed 12 · 5 suggestions waiting"."""
    order = ("won", "conceded", "compromise", "open", "not_addressed")
    parts = [f"{STATUS_WORDS[status]} {counts[status]}" for status in order if counts.get(status)]
    if waiting:
        parts.append(f"{waiting} suggestion{'s' * (waiting != 1)} waiting")
    return " · ".join(parts) if parts else "No statuses recorded yet"


@dataclass(frozen=True)
class RoundText:
    """What the side pane needs to show a round's evidence: its clauses and their pairs with the round before."""

    clauses: tuple[Clause, ...]
    pairs: tuple[Pair, ...]
    previous: tuple[Clause, ...]  # the previous round's clauses ((), for round 1)


@dataclass(frozen=True)
class Grid:
    """Everything the positions view shows for one deal, and what it was built from."""

    deal_id: int
    rounds: tuple[RoundColumn, ...]
    rows: tuple[PositionRow, ...]
    texts: Mapping[int, RoundText]  # draft id → its clauses and pairs
    findings: Mapping[int, tuple[Finding, ...]]  # draft id → the positions found in it


def load_grid(store: Store, deal: DealRow, rounds: Sequence[RoundRow], playbook: Playbook) -> Grid:
    """Return the deal's positions grid as the store holds it (seeding the deal's positions when new)."""
    store.ensure_deal_positions(deal.id, playbook, deal.our_side)
    columns = tuple(RoundColumn(r.id, r.round_no, r.sender, r.date, r.file_name) for r in rounds)
    texts: dict[int, RoundText] = {}
    previous: tuple[Clause, ...] = ()
    for row in rounds:
        clauses = store.clauses(row.id)
        texts[row.id] = RoundText(clauses, store.pairs(row.id) if previous else (), previous)
        previous = clauses
    findings = {row.id: tuple(store.findings(row.id)) for row in rounds}
    return reload_rows(store, Grid(deal.id, columns, (), texts, findings), playbook)


def reload_rows(store: Store, grid: Grid, playbook: Playbook) -> Grid:
    """Return `grid` with its rows rebuilt from the store's current positions, stances and statuses."""
    numbers = {draft: {c.id: c.number or c.label for c in text.clauses} for draft, text in grid.texts.items()}
    changed = {
        draft: frozenset(cid for pair in text.pairs if pair.substantive and pair.kind != "unchanged" for cid in pair.b)
        for draft, text in grid.texts.items()
    }
    rows = build_rows(
        store.deal_positions(grid.deal_id),
        playbook,
        grid.rounds,
        grid.findings,
        store.position_statuses(grid.deal_id),
        numbers,
        changed,
    )
    return Grid(grid.deal_id, grid.rounds, tuple(rows), grid.texts, grid.findings)


__all__ = [
    "CELL_WORDS",
    "STATUS_KEYS",
    "STATUS_MARKS",
    "STATUS_WORDS",
    "Cell",
    "Grid",
    "PositionRow",
    "RoundColumn",
    "RoundText",
    "build_rows",
    "counts_text",
    "load_grid",
    "position_words",
    "reload_rows",
    "status_counts",
    "status_text",
    "wrap_title",
]
