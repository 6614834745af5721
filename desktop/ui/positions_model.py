"""The positions grid's Qt model: positions as rows, our ask and the outcome, then one column per round.

A thin adapter over `positions_data.Grid`: it chooses words, colours and fonts and applies the
three filters (open only, changed in the focus round, suggestions waiting); every fact comes
from the store through the Grid.
"""

from __future__ import annotations

from typing import Any

from desktop.display.positions import STATUS_WORDS, Cell, PositionRow, RoundColumn, status_text, wrap_title
from desktop.qt import QAbstractTableModel, QColor, QFont, QModelIndex, QPersistentModelIndex, Qt
from desktop.ui.look import themed

Index = QModelIndex | QPersistentModelIndex

CELL_ROLE = Qt.ItemDataRole.UserRole + 2  # the Cell behind a round (or outcome) column, else None
POSITION_ROLE = Qt.ItemDataRole.UserRole + 3  # the PositionRow behind any cell of a row
SUGGESTED_ROLE = Qt.ItemDataRole.UserRole + 4  # True for a suggestion waiting to be confirmed

# The position itself is the row's (vertical) header, so its title stays in view while the
# rounds scroll sideways.
ASK_COLUMN, OUTCOME_COLUMN, FIRST_ROUND_COLUMN = 0, 1, 2

# (background, text) per status: light fills so the dark text stays readable, and text in the
# status's own hue so the symbol carries the colour too.
STATUS_COLOURS = {
    "won": ("#d9efdf", "#14532d"),
    "conceded": ("#f7dcd8", "#8a1c13"),
    "compromise": ("#fbe9c4", "#6b4806"),
    "open": ("#dfe8f6", "#1e3a6e"),
    "not_addressed": ("#eff0f2", "#5b616b"),
}
SUGGESTION_FILL = 0.45  # a suggestion's fill is this much of the status colour on white
MUTED = themed("grey")  # recoloured in place with the theme (look.py)
FIRST_MARK = "★"


def status_background(status: str, suggested: bool) -> QColor | None:
    """Return the fill of a cell with `status` (paler for a suggestion), or None without a status."""
    if status not in STATUS_COLOURS:
        return None
    colour = QColor(STATUS_COLOURS[status][0])
    if not suggested:
        return colour
    mix = SUGGESTION_FILL
    return QColor(
        round(255 - (255 - colour.red()) * mix),
        round(255 - (255 - colour.green()) * mix),
        round(255 - (255 - colour.blue()) * mix),
    )


def status_foreground(status: str) -> QColor:
    """Return the text colour of a cell with `status`."""
    return QColor(STATUS_COLOURS[status][1]) if status in STATUS_COLOURS else MUTED


class PositionsTableModel(QAbstractTableModel):
    """The deal's positions by round, with the filters the toolbar sets."""

    LEADING = ("Our ask", "Outcome")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rounds: tuple[RoundColumn, ...] = ()
        self._all: tuple[PositionRow, ...] = ()
        self._shown: list[PositionRow] = []
        self._focus = -1  # index into the rounds of the round the counts and "changed" filter use
        self._open_only = False
        self._changed_only = False
        self._waiting_only = False

    # --- feeding the model -------------------------------------------------------------------
    def set_grid(self, rounds: tuple[RoundColumn, ...], rows: tuple[PositionRow, ...]) -> None:
        """Show `rows` under the columns of `rounds`, focused on the final round."""
        self.beginResetModel()
        self._rounds = tuple(rounds)
        self._all = tuple(rows)
        self._focus = len(self._rounds) - 1
        self._shown = self._filtered()
        self.endResetModel()

    def update_rows(self, rows: tuple[PositionRow, ...]) -> None:
        """Show the same positions with new stances or statuses, resetting only when the rows shown change."""
        self._all = tuple(rows)
        shown = self._filtered()
        if [row.key for row in shown] != [row.key for row in self._shown]:
            self.beginResetModel()
            self._shown = shown
            self.endResetModel()
            return
        self._shown = shown
        if shown:
            self.dataChanged.emit(self.index(0, 0), self.index(len(shown) - 1, self.columnCount() - 1))

    def set_filters(self, *, open_only: bool, changed_only: bool, waiting_only: bool) -> None:
        """Show only the positions open, changed, or with a suggestion waiting, in the focus round."""
        self.beginResetModel()
        self._open_only, self._changed_only, self._waiting_only = open_only, changed_only, waiting_only
        self._shown = self._filtered()
        self.endResetModel()

    def set_focus(self, round_index: int) -> None:
        """Make the round at `round_index` the one the counts and the "changed" filter speak of."""
        if round_index == self._focus:
            return
        self.beginResetModel()
        self._focus = round_index
        self._shown = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[PositionRow]:
        def keep(row: PositionRow) -> bool:
            focus = row.cells[self._focus] if 0 <= self._focus < len(row.cells) else None
            if self._open_only and (focus is None or focus.status != "open"):
                return False
            if self._changed_only and (focus is None or not focus.changed):
                return False
            return not self._waiting_only or (focus is not None and focus.suggested)

        return [row for row in self._all if keep(row)]

    # --- reading it back ---------------------------------------------------------------------
    @property
    def rounds(self) -> tuple[RoundColumn, ...]:
        """Return the rounds shown as columns."""
        return self._rounds

    @property
    def focus(self) -> int:
        """Return the index of the focus round (-1 without rounds)."""
        return self._focus

    @property
    def all_rows(self) -> tuple[PositionRow, ...]:
        """Return every position, filtered or not."""
        return self._all

    def position(self, index: Index) -> PositionRow | None:
        """Return the position of the row at `index`."""
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        return self._shown[index.row()]

    def cell(self, index: Index) -> Cell | None:
        """Return the round cell at `index`; the Outcome column gives the final round's cell."""
        row = self.position(index)
        if row is None or not row.cells:
            return None
        if index.column() == OUTCOME_COLUMN:
            return row.cells[-1]
        round_index = index.column() - FIRST_ROUND_COLUMN
        return row.cells[round_index] if 0 <= round_index < len(row.cells) else None

    def round_of(self, index: Index) -> RoundColumn | None:
        """Return the round a cell speaks of (the final round for the Outcome column), or None."""
        cell = self.cell(index)
        return next((r for r in self._rounds if cell is not None and r.draft_id == cell.draft_id), None)

    def find(self, key: str, draft_id: int | None = None) -> QModelIndex:
        """Return the index of position `key` in the round `draft_id` (its Our ask cell when None)."""
        row = next((n for n, position in enumerate(self._shown) if position.key == key), -1)
        if row < 0:
            return QModelIndex()
        column = ASK_COLUMN
        if draft_id is not None:
            column = next(
                (FIRST_ROUND_COLUMN + n for n, r in enumerate(self._rounds) if r.draft_id == draft_id), ASK_COLUMN
            )
        return self.index(row, column)

    # --- QAbstractTableModel -----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.LEADING) + len(self._rounds)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return self._position_data(self._shown[section], role) if 0 <= section < len(self._shown) else None
        if not 0 <= section < self.columnCount():
            return None
        round_index = section - FIRST_ROUND_COLUMN
        column = self._rounds[round_index] if round_index >= 0 else None
        if role == Qt.ItemDataRole.DisplayRole:
            if column is None:
                if section == OUTCOME_COLUMN and self._rounds:
                    return f"Outcome\nafter R{self._rounds[-1].round_no}"
                return self.LEADING[section]
            return column.header
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is None:
                return ("What we ask for (hover a cell for the fallback and walk-away)",
                        "The status in the final round")[section]
            focus = " — the round the counts and filters speak of" if round_index == self._focus else ""
            return f"{column.description[0].upper()}{column.description[1:]}: {column.file_name}{focus}"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.position(index)
        if row is None or not 0 <= index.column() < self.columnCount():
            return None
        column = index.column()
        if role == POSITION_ROLE:
            return row
        if column == ASK_COLUMN:
            return self._ask_data(row, role)
        cell = self.cell(index)
        if cell is None:
            return None
        return self._cell_data(row, cell, role, outcome=column == OUTCOME_COLUMN)

    @staticmethod
    def _position_data(row: PositionRow, role: int) -> Any:
        if role == POSITION_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            # A star marks the three positions the user named first (a stylesheet sets the
            # header's font, so bold could not say it).
            return wrap_title(f"{FIRST_MARK} {row.title}" if row.first else row.title)
        if role == Qt.ItemDataRole.ToolTipRole:
            first = "\nOne of the three positions you named first." if row.first else ""
            return f"{row.title} — {row.group}{first}\n\n{row.explanation}".strip()
        return None

    @staticmethod
    def _ask_data(row: PositionRow, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return row.ask or "—"  # the grid wraps it over the cell's two lines
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"Ask: {row.ask or '—'}", f"Fallback: {row.fallback or '—'}", f"Walk-away: {row.walk_away or '—'}"]
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ForegroundRole and not row.ask:
            return MUTED
        return None

    def _cell_data(self, row: PositionRow, cell: Cell, role: int, *, outcome: bool) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == CELL_ROLE:
            return cell
        if role == SUGGESTED_ROLE:
            return cell.suggested
        if role == Qt.ItemDataRole.BackgroundRole:
            return status_background(cell.status, cell.suggested)
        if role == Qt.ItemDataRole.ForegroundRole:
            return status_foreground(cell.status)
        if role == Qt.ItemDataRole.FontRole and cell.suggested:
            font = QFont()
            font.setItalic(True)
            return font
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cell_tooltip(row, cell, outcome=outcome)
        return None

    def _cell_tooltip(self, row: PositionRow, cell: Cell, *, outcome: bool) -> str:
        column = next((r for r in self._rounds if r.draft_id == cell.draft_id), None)
        where = column.description if column is not None else f"round {cell.round_no}"
        lines = [f"{row.title}, {where}{' (the outcome)' if outcome else ''}"]
        lines.append(f"Found: {cell.value_text}" if cell.finding is not None else "No clause on this in the draft")
        words = STATUS_WORDS.get(cell.status, "")
        if cell.suggested:
            lines.append(f"Suggested: {words}. {cell.reason}".rstrip())
            lines.append("Press Enter to confirm, or W C P O N to choose another status.")
        elif cell.status:
            lines.append(f"Status: {status_text(cell.status)}" + (f". {cell.reason}" if cell.reason else ""))
        else:
            lines.append("No status yet: press W C P O N to set one.")
        return "\n".join(lines)
