"""Thin Qt models over the store's lists: deals and a deal's rounds; the clause entry the tree shows.

Each model adapts a plain list (DealRow, RoundRow, Clause + Pair) for a view and adds no
logic of its own beyond choosing the words and colours a row is shown with. The clause tree
model itself lives in clause_tree.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.core.model import Clause, Pair
from desktop.display.words import CHANGE_WORDS, long_date
from desktop.qt import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from desktop.ui.look import themed

if TYPE_CHECKING:
    from desktop.store import DealRow, RoundRow

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the DealRow / RoundRow / ClauseEntry behind a row

# Inks on the base colour of lists and trees, recoloured in place when the theme changes (look.py).
GREY = themed("grey")
SUBSTANTIVE = themed("substantive")
COSMETIC = themed("cosmetic")
NEW = themed("new")

# How a pair's kind reads in the clause tree's Change column.
def change_summary(row: RoundRow) -> str:
    """Return the Changes column text: "12 (9 substantive)", "No changes", or "—" for round 1."""
    if row.changed_count is None:
        return "—"
    if row.changed_count == 0:
        return "No changes"
    return f"{row.changed_count} ({row.substantive_count or 0} substantive)"


class DealListModel(QAbstractListModel):
    """The deals, one row each, in the store's order (by name)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._deals: list[DealRow] = []

    def set_deals(self, deals: list[DealRow]) -> None:
        """Show `deals` instead of the current list."""
        self.beginResetModel()
        self._deals = list(deals)
        self.endResetModel()

    def deal(self, row: int) -> DealRow:
        """Return the deal shown at `row`."""
        return self._deals[row]

    def row_of(self, deal_id: int) -> int:
        """Return the row of the deal with `deal_id`, or -1."""
        return next((row for row, deal in enumerate(self._deals) if deal.id == deal_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._deals)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._deals):
            return None
        deal = self._deals[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return deal.name
        if role == Qt.ItemDataRole.ToolTipRole:
            rounds = "1 round" if deal.round_count == 1 else f"{deal.round_count} rounds"
            return "\n".join(part for part in (deal.name, deal.counterparty, deal.deal_type, rounds) if part)
        if role == ROW_ROLE:
            return deal
        return None


class ColumnsTableModel(QAbstractTableModel):
    """A table model whose columns are the class's COLUMNS, named in the horizontal header."""

    COLUMNS: tuple[str, ...] = ()

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(self.COLUMNS):
                return self.COLUMNS[section]
        return None


class RoundTableModel(ColumnsTableModel):
    """A deal's rounds: number, who sent it, date, file and how much changed since the round before."""

    COLUMNS = ("Round", "From", "Date", "File", "Changes vs previous")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rounds: list[RoundRow] = []

    def set_rounds(self, rounds: list[RoundRow]) -> None:
        """Show `rounds` instead of the current list."""
        self.beginResetModel()
        self._rounds = list(rounds)
        self.endResetModel()

    def round(self, row: int) -> RoundRow:
        """Return the round shown at `row`."""
        return self._rounds[row]

    def row_of(self, draft_id: int) -> int:
        """Return the row of the round whose draft id is `draft_id`, or -1."""
        return next((row for row, r in enumerate(self._rounds) if r.id == draft_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rounds)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rounds):
            return None
        row = self._rounds[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                str(row.round_no),
                "Us" if row.sender == "us" else "Them",
                long_date(row.date),
                f"{row.label} — {row.file_name}" if row.label else row.file_name,  # the lawyer's label first
                change_summary(row),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and not row.changed_count:
            return GREY
        if role == ROW_ROLE:
            return row
        return None

    @staticmethod
    def _tooltip(row: RoundRow) -> str:
        named = f"{row.label} ({row.file_name})" if row.label else row.file_name
        lines = [f"Round {row.round_no}: {named}", f"{row.clause_count} clauses"]
        if row.changed_count is not None:
            lines.append(
                f"{row.changed_count} changed since round {row.round_no - 1}: "
                f"{row.substantive_count or 0} substantive, {row.cosmetic_count or 0} cosmetic"
            )
        if row.tracked_change_count:
            lines.append(f"{row.tracked_change_count} Word tracked changes")
        if row.comment_count:
            lines.append(f"{row.comment_count} comments")
        return "\n".join(lines)


@dataclass(frozen=True)
class ClauseEntry:
    """One clause as the tree shows it: the clause, its pair with the previous round, and its side."""

    clause: Clause
    pair: Pair | None  # None when there is no previous round
    dropped: bool = False  # a clause of the previous round that this round no longer has
    previous: tuple[Clause, ...] = ()  # the previous round's clauses in the same pair
    within: str = ""  # the parent clause as a reader would cite it ("8 Limitation of Liability")

    @property
    def change(self) -> str:
        """Return the Change column words ("Modified", "Moved, edited", "New"…), "" when unchanged."""
        if self.pair is None:
            return ""
        words = CHANGE_WORDS.get(self.pair.kind, self.pair.kind)
        # A moved or renumbered clause whose words changed too must not read as a mere move.
        if self.pair.kind in ("moved", "renumbered") and any(op != "=" for op, _ in self.pair.diff):
            words += ", edited"
        return words


def citation(clause: Clause | None) -> str:
    """Return how a reader would name `clause`: "8 Limitation of Liability", or its first words."""
    if clause is None:
        return ""
    named = " ".join(part for part in (clause.number or clause.label, clause.heading) if part)
    return named or first_words(clause.text, 60)


def first_words(text: str, limit: int = 90) -> str:
    """Return `text` on one line, cut to `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
