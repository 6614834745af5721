"""Thin Qt models of the compare view: the aligned rows both panes show, and the change list beside them."""

from __future__ import annotations

from typing import Any

from desktop.display.compare_rows import CompareRow, title_of
from desktop.qt import QAbstractListModel, QFont, QModelIndex, Qt
from desktop.ui.compare_paint import CURRENT_ROLE
from desktop.ui.look import themed
from desktop.ui.models import COSMETIC, GREY, NEW, ROW_ROLE, SUBSTANTIVE, ColumnsTableModel, Index

TOPIC_COLOURS = {"Same topic": NEW, "Partial": themed("partial")}  # one side only: grey
_CHANGE_ROLES = frozenset((
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.FontRole, ROW_ROLE,
))
_FONTS: dict[tuple[bool, bool], QFont] = {}


def _font(struck: bool, bold: bool) -> QFont:
    """Return the change list's font, struck through and/or bold (made once each)."""
    font = _FONTS.get((struck, bold))
    if font is None:
        font = _FONTS[(struck, bold)] = QFont()
        font.setStrikeOut(struck)
        font.setBold(bold)
    return font


class CompareRowsModel(QAbstractListModel):
    """The rows of a comparison, one per aligned pair, and which of them is the current change."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: tuple[CompareRow, ...] = ()
        self._current = -1

    def set_rows(self, rows: tuple[CompareRow, ...]) -> None:
        """Show `rows` instead of the current ones, with no current change."""
        self.beginResetModel()
        self._rows = tuple(rows)
        self._current = -1
        self.endResetModel()

    @property
    def rows(self) -> tuple[CompareRow, ...]:
        """Return every row, in reading order."""
        return self._rows

    @property
    def current(self) -> int:
        """Return the row number of the current change, -1 when there is none."""
        return self._current

    def set_current(self, number: int) -> None:
        """Make row `number` the current change (-1: none); the views repaint themselves.

        No dataChanged here on purpose: a QListView answers it by laying out every row again.
        """
        self._current = number if 0 <= number < len(self._rows) else -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return title_of(row.right or row.left)
        if role == ROW_ROLE:
            return row
        if role == CURRENT_ROLE:
            return index.row() == self._current
        return None


class ChangeListModel(ColumnsTableModel):
    """The changes the filters let through, in reading order: number, clause and what changed."""

    COLUMNS = ("No.", "Clause", "Change")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._changes: list[tuple[int, CompareRow]] = []  # (row number in the panes, row)

    def set_changes(self, changes: list[tuple[int, CompareRow]]) -> None:
        """List `changes` ((row number, row) pairs) instead of the current ones."""
        self.beginResetModel()
        self._changes = list(changes)
        self.endResetModel()

    def row_numbers(self) -> list[int]:
        """Return the pane row numbers of the listed changes, in order (what Next and Previous walk)."""
        return [number for number, _ in self._changes]

    def list_row_of(self, number: int) -> int:
        """Return the list row of pane row `number`, or -1 when it is not listed."""
        return next((i for i, (n, _) in enumerate(self._changes) if n == number), -1)

    def number_at(self, index: Index) -> int:
        """Return the pane row number of the change at `index`, or -1."""
        if not index.isValid() or not 0 <= index.row() < len(self._changes):
            return -1
        return self._changes[index.row()][0]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._changes)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The list repaints at every step of F8: answer the roles it does not use at once.
        if role not in _CHANGE_ROLES or not index.isValid() or not 0 <= index.row() < len(self._changes):
            return None
        _, row = self._changes[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.number
            if column == 1:
                return row.heading
            if row.by_topic or row.substantive:
                return row.words
            return f"{row.words} · cosmetic"
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.by_topic:  # each side's clauses in full: the number column may be cut short
                lines = [f"{letter}: {title_of(clauses)}"
                         for letter, clauses in (("A", row.left), ("B", row.right)) if clauses]
                if row.left and row.right and row.pair.reason:
                    lines.append(f"Matched on: {row.pair.reason}")
                return "\n".join(lines)
            return title_of(row.right or row.left)
        if role == Qt.ItemDataRole.ForegroundRole and row.by_topic:
            return TOPIC_COLOURS.get(row.words, GREY) if column == 2 else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if not row.right:
                return GREY
            if column == 2:
                if not row.left:
                    return NEW
                return SUBSTANTIVE if row.substantive and not row.by_topic else COSMETIC
            return None
        if role == Qt.ItemDataRole.FontRole:
            return _font(not row.right and column < 2 and not row.by_topic,
                         column == 2 and row.substantive and not row.by_topic)
        if role == ROW_ROLE:
            return row
        return None
