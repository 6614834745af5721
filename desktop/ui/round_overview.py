"""The round overview: what changed in a round against the round before, substantive changes first.

One row per changed pair (a split or merge is one change), grouped under "Substantive" and
"Cosmetic" headings in document order, with the counts by kind above. Choosing a row asks the
deal page to select that clause in the tree (and so show its redline); Next and Previous
change walk the same list, skipping cosmetic changes while they are hidden.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape
from typing import Any

from desktop.core.model import Clause, Pair
from desktop.display.words import CHANGE_WORDS
from desktop.qt import (
    QAbstractItemView,
    QEvent,
    QFont,
    QHeaderView,
    QLabel,
    QModelIndex,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desktop.ui.column_widths import fit_column
from desktop.ui.look import colour as colour_of
from desktop.ui.models import (
    COSMETIC,
    GREY,
    NEW,
    ROW_ROLE,
    SUBSTANTIVE,
    ClauseEntry,
    ColumnsTableModel,
    Index,
    first_words,
)

# The order kinds are counted in, as a lawyer reads a round: edits first, then structure.
KIND_ORDER = ("modified", "moved", "renumbered", "inserted", "deleted", "split", "merged")


@dataclass(frozen=True)
class RoundChange:
    """One change of a round: its pair, the clause it is shown at in the tree, and how it reads."""

    pair: Pair
    clause: Clause  # the round's clause (first of a split), or the previous round's for a drop
    dropped: bool
    words: str  # "Modified", "Renumbered, edited", "Split into 2"…
    clause_ids: tuple[str, ...]  # every clause of the tree this change covers (a split has several)

    @property
    def substantive(self) -> bool:
        """Return True when the change could alter the deal."""
        return self.pair.substantive

    @property
    def number_text(self) -> str:
        """Return what the No. column shows for the change's clause."""
        return self.clause.number or self.clause.label


def round_changes(clauses: tuple[Clause, ...], pairs: tuple[Pair, ...], previous: tuple[Clause, ...]) -> list[RoundChange]:
    """Return a round's changes in the overview's order: substantive first, each group in document order."""
    position = {c.id: i for i, c in enumerate(clauses)}
    by_id = {c.id: c for c in clauses}
    by_id_a = {c.id: c for c in previous}
    earlier = {c.id: i for i, c in enumerate(previous)}
    changes: list[tuple[tuple[int, int, int], RoundChange]] = []
    for pair in pairs:
        if pair.kind == "unchanged":
            continue
        shown = [by_id[cid] for cid in pair.b if cid in by_id]
        if shown:
            olds = tuple(by_id_a[cid] for cid in pair.a if cid in by_id_a)
            words = ClauseEntry(shown[0], pair, previous=olds).change
            if pair.kind == "split" and len(shown) > 1:
                words = f"Split into {len(shown)}"
            elif pair.kind == "merged" and len(pair.a) > 1:
                words = f"Merged from {len(pair.a)}"
            change = RoundChange(pair, shown[0], False, words, tuple(c.id for c in shown))
            key = (0 if pair.substantive else 1, 0, position[shown[0].id])
        else:
            gone = [by_id_a[cid] for cid in pair.a if cid in by_id_a]
            if not gone:
                continue
            change = RoundChange(pair, gone[0], True, CHANGE_WORDS["deleted"], tuple(c.id for c in gone))
            key = (0 if pair.substantive else 1, 1, earlier[gone[0].id])
        changes.append((key, change))
    return [change for _, change in sorted(changes, key=lambda item: item[0])]


def kind_counts(changes: list[RoundChange], substantive: bool) -> str:
    """Return "12 modified · 3 moved · 1 new" for the substantive (or cosmetic) changes."""
    counts = Counter(change.pair.kind for change in changes if change.substantive == substantive)
    words = {"inserted": "new", "deleted": "dropped"}
    return " · ".join(
        f"{counts[kind]} {words.get(kind, kind)}"
        for kind in sorted(counts, key=lambda k: KIND_ORDER.index(k) if k in KIND_ORDER else len(KIND_ORDER))
    )


class RoundChangesModel(ColumnsTableModel):
    """The overview's rows: a heading per group, then one row per change (cosmetic ones only when shown)."""

    COLUMNS = ("No.", "Clause", "Change")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._changes: list[RoundChange] = []
        self._rows: list[RoundChange | str] = []  # a str is a group heading
        self._show_cosmetic = False

    def set_changes(self, changes: list[RoundChange], *, show_cosmetic: bool | None = None) -> None:
        """Show `changes` (in overview order) instead of the current ones."""
        self.beginResetModel()
        self._changes = list(changes)
        if show_cosmetic is not None:
            self._show_cosmetic = show_cosmetic
        self._layout()
        self.endResetModel()

    def set_show_cosmetic(self, on: bool) -> None:
        """List cosmetic changes too (True) or only count them (False)."""
        if on != self._show_cosmetic:
            self.set_changes(self._changes, show_cosmetic=on)

    def _layout(self) -> None:
        substantive = [c for c in self._changes if c.substantive]
        cosmetic = [c for c in self._changes if not c.substantive]
        rows: list[RoundChange | str] = []
        if substantive:
            rows.append(f"Substantive changes ({len(substantive)})")
            rows.extend(substantive)
        if cosmetic:
            if self._show_cosmetic:
                rows.append(f"Cosmetic changes ({len(cosmetic)})")
                rows.extend(cosmetic)
            else:
                rows.append(f"Cosmetic changes ({len(cosmetic)}): hidden")
        self._rows = rows

    @property
    def changes(self) -> list[RoundChange]:
        """Return every change of the round, shown or not, in overview order."""
        return list(self._changes)

    def shown(self) -> list[RoundChange]:
        """Return the changes listed, in order (what Next and Previous change walk)."""
        return [row for row in self._rows if isinstance(row, RoundChange)]

    def change(self, index: Index) -> RoundChange | None:
        """Return the change at `index`, or None for a heading row."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        return row if isinstance(row, RoundChange) else None

    def heading_rows(self) -> list[int]:
        """Return the rows that are group headings (spanned across the columns by the view)."""
        return [row for row, item in enumerate(self._rows) if isinstance(item, str)]

    def shown_texts(self, column: int) -> list[tuple[int, str, bool]]:
        """Return (indent, text, bold) of each change row in `column` (0 or 2), for sizing it."""
        return [(0, row.number_text if column == 0 else row.words, column == 2 and row.substantive)
                for row in self._rows if isinstance(row, RoundChange)]

    def row_of(self, change: RoundChange) -> int:
        """Return the row of `change`, or -1 when it is not listed."""
        return next((row for row, item in enumerate(self._rows) if item is change), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.change(index) is None:
            return Qt.ItemFlag.ItemIsEnabled  # a heading cannot be selected
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if isinstance(item, str):
            if role == Qt.ItemDataRole.DisplayRole and column == 0:
                return item
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ForegroundRole:
                return SUBSTANTIVE if item.startswith("Substantive") else GREY
            return None
        clause = item.clause
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return item.number_text
            if column == 1:
                return clause.heading or first_words(clause.text)
            return item.words
        if role == Qt.ItemDataRole.ToolTipRole:
            return first_words(clause.text, 400) or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.dropped:
                return GREY
            if column == 2:
                if item.pair.kind == "inserted":
                    return NEW
                return SUBSTANTIVE if item.substantive else COSMETIC
            return None
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setStrikeOut(item.dropped and column < 2)
            font.setBold(column == 2 and item.substantive)  # as in the clause tree's Change column
            return font
        if role == ROW_ROLE:
            return item
        return None


class RoundOverview(QWidget):
    """The counts by kind and the list of a round's changes; choosing one asks for its clause."""

    change_chosen = Signal(object)  # the RoundChange the user picked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A round's changes are listed when the list is seen or asked for, not when the round
        # is shown: on a 100-page round that is a third of showing it, mostly behind another tab.
        self._pending: tuple | None = None  # show_round's arguments, not listed yet
        self._highlight_later: tuple[str | None, bool] | None = None
        self._counts = QLabel()
        self.counts.setObjectName("overviewCounts")
        self.counts.setWordWrap(True)
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self._model = RoundChangesModel(self)
        self._table = QTableView()
        self.table.setAccessibleName("Changes in the round")
        self.table.setObjectName("roundOverview")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # sized in _after_reset
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.model.modelReset.connect(self._after_reset)
        self._following = False  # set while the list follows the tree, so nothing is asked for
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.clicked.connect(self._on_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.counts)
        layout.addWidget(self.table)
        self._previous_round: int | None = None
        self.show_round(None, (), (), ())

    def show_round(
        self, previous_round: int | None, clauses: tuple[Clause, ...], pairs: tuple[Pair, ...], previous: tuple[Clause, ...]
    ) -> None:
        """Show the changes of a round against round `previous_round` (None: a first round, nothing to list).

        Listed at once when the overview is on screen, else when it is shown or asked for.
        """
        self._pending = (previous_round, clauses, pairs, previous)
        self._highlight_later = None
        if self.isVisible():
            self._list_pending()

    def _list_pending(self) -> None:
        if self._pending is None:
            return
        previous_round, clauses, pairs, previous = self._pending
        self._pending = None
        changes = round_changes(clauses, pairs, previous) if previous_round is not None else []
        self._model.set_changes(changes)
        self._previous_round = previous_round
        self._write_counts()

    @property
    def model(self) -> RoundChangesModel:
        """The listed changes (listing the round shown last if it is not listed yet)."""
        self._list_pending()
        return self._model

    @property
    def counts(self) -> QLabel:
        """The line of counts above the list (written for the round shown last)."""
        self._list_pending()
        return self._counts

    @property
    def table(self) -> QTableView:
        """The list of changes (of the round shown last)."""
        self._list_pending()
        return self._table

    def showEvent(self, event: QEvent) -> None:
        self._list_pending()
        if self._highlight_later is not None:
            self.highlight(*self._highlight_later)
        super().showEvent(event)

    def set_show_cosmetic(self, on: bool) -> None:
        """List cosmetic changes too, or only count them."""
        self.model.set_show_cosmetic(on)
        self._write_counts()

    def changeEvent(self, event: QEvent) -> None:
        # A new theme (Settings) brings a new palette: write the counts again in its colours.
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_model"):
            self._write_counts()
        if event.type() == QEvent.Type.FontChange and hasattr(self, "_model"):
            self._after_reset()  # the columns were measured in the old font
        super().changeEvent(event)

    def _write_counts(self) -> None:
        changes = self.model.changes
        if self._previous_round is None:
            self.counts.setText("<i>Round 1: nothing to compare it with yet. Import the next draft to see "
                                "what changed.</i>")
            return
        if not changes:
            self.counts.setText(f"<i>No changes since round {self._previous_round}.</i>")
            return
        lines = []
        for substantive, word in ((True, "substantive"), (False, "cosmetic")):
            number = sum(1 for c in changes if c.substantive == substantive)
            kinds = kind_counts(changes, substantive)
            colour = colour_of("substantive" if substantive else "cosmetic").name()
            lines.append(f"<b style='color:{colour}'>{number} {word}</b>" + (f" — {escape(kinds)}" if kinds else ""))
        self.counts.setText(f"Against round {self._previous_round}:<br>" + "<br>".join(lines))

    def _after_reset(self) -> None:
        self.table.clearSpans()
        for row in self.model.heading_rows():
            self.table.setSpan(row, 0, 1, len(RoundChangesModel.COLUMNS))
        for column in (0, 2):
            fit_column(self.table, column, self.model.shown_texts(column))

    def _on_clicked(self, index: QModelIndex) -> None:
        change = self.model.change(index)
        if change is not None:
            self.change_chosen.emit(change)

    def _on_current(self, current: QModelIndex, previous: QModelIndex) -> None:
        # The arrow keys walk the list as clicks do.
        if not self._following:
            self._on_clicked(current)

    # --- walking the changes ------------------------------------------------------------------
    def step(self, clause_id: str | None, dropped: bool, forward: bool) -> RoundChange | None:
        """Return the change after (or before) the one at clause `clause_id`, or None at the end of the list.

        From a clause that is not a listed change, Next goes to the first change and Previous to the last.
        """
        shown = self.model.shown()
        if not shown:
            return None
        here = next(
            (i for i, c in enumerate(shown) if clause_id in c.clause_ids and c.dropped == dropped), None
        )
        if here is None:
            return shown[0] if forward else shown[-1]
        there = here + (1 if forward else -1)
        return shown[there] if 0 <= there < len(shown) else None

    def highlight(self, clause_id: str | None, dropped: bool) -> None:
        """Select the row of the change at clause `clause_id` (or clear the selection when it is not listed)."""
        if self._pending is not None and not self.isVisible():
            self._highlight_later = (clause_id, dropped)  # done when the list is made, on show
            return
        self._highlight_later = None
        change = next(
            (c for c in self.model.shown() if clause_id in c.clause_ids and c.dropped == dropped), None
        )
        row = self.model.row_of(change) if change is not None else -1
        self._following = True
        try:
            if row < 0:
                self.table.clearSelection()
            else:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
        finally:
            self._following = False
