"""The Positions tab of a deal: the grid of positions by round, its counts and filters, and the side pane.

Every edit (confirm, override, reason, stance) is written to the store on the GUI thread and
pushed on the window's undo stack as a command already done, so Edit → Undo takes it back.
Each write, undo or redo is announced as a RecordChange (`record_changed`); the window sends
every change back to `show_change`, which shows the edited position again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop.core.model import UserFacingError
from desktop.core.playbook import Playbook
from desktop.display.positions import (
    STATUS_MARKS,
    STATUS_WORDS,
    Grid,
    counts_text,
    load_grid,
    position_words,
    reload_rows,
    status_counts,
)
from desktop.qt import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QModelIndex,
    QSplitter,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desktop.ui.positions_grid import PositionGrid
from desktop.ui.positions_model import (
    FIRST_ROUND_COLUMN,
    OUTCOME_COLUMN,
    STATUS_COLOURS,
    PositionsTableModel,
    status_background,
)
from desktop.ui.positions_pane import PositionPane
from desktop.ui.record_change import Changed, RecordChange
from desktop.ui.undo import STATUS_PAST, StanceEdit, StanceValue, StatusEdit, StatusValue

if TYPE_CHECKING:
    from desktop.store import DealRow, RoundRow, Store
    from desktop.ui.undo_history import UndoHistory


def legend_html() -> str:
    """Return the legend under the grid: each status as its chip, and how a suggestion looks."""
    chips = []
    for status, (fill, ink) in STATUS_COLOURS.items():
        chips.append(
            f'<span style="background:{fill}; color:{ink}; font-weight:600">'
            f"&nbsp;{STATUS_MARKS[status]} {STATUS_WORDS[status]}&nbsp;</span>"
            + (" = n/a" if status == "not_addressed" else "")
        )
    pale = status_background("won", True)
    chips.append(
        f'<span style="background:{pale.name() if pale else "#fff"}; color:#14532d; font-style:italic">'
        "&nbsp;✓ won?&nbsp;</span> = suggested: Enter confirms; W C P O N set a status"
    )
    chips.append("★ = one of the three you named first")
    return " &nbsp; ".join(chips)


class PositionsView(QWidget):
    """The deal's positions by round, with the selected cell's evidence and editors beside it."""

    record_changed = Signal(object)  # a RecordChange: a status or stance written, undone or redone

    def __init__(
        self,
        store: Store,
        history: UndoHistory,
        playbook: Callable[[], Playbook],
        report: Callable[[UserFacingError], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._history = history  # each edit goes on its deal's undo stack
        self._playbook = playbook
        self._report = report
        self._deal: DealRow | None = None
        self._rounds: list[RoundRow] = []
        self._grid: Grid | None = None
        self._stale = False

        self.model = PositionsTableModel(self)
        self.grid = PositionGrid()
        self.grid.setAccessibleName("Positions by round")
        self.grid.setModel(self.model)
        self.grid.selectionModel().currentChanged.connect(self._on_current_changed)
        self.grid.confirm_requested.connect(self.confirm)
        self.grid.status_requested.connect(self.set_status)
        self.model.modelReset.connect(self.grid.apply_widths)

        self.counts_label = QLabel()
        self.counts_label.setObjectName("positionCounts")
        self.counts_label.setWordWrap(True)
        self.focus_round = QComboBox()
        self.focus_round.setAccessibleName("Round")
        # As wide as its longest round ("R12 · Them · 30 Sept 2024 (final)"), never cut short.
        self.focus_round.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.focus_round.setToolTip("The round the counts and the “changed” filter speak of")
        self.focus_round.currentIndexChanged.connect(self._on_focus_changed)
        self.open_only = QCheckBox("Open")
        self.open_only.setToolTip("Only the positions still open in this round")
        self.changed_only = QCheckBox("Changed")
        self.changed_only.setToolTip("Only the positions whose values, clauses or status changed in this round")
        self.waiting_only = QCheckBox("Suggestions waiting")
        self.waiting_only.setToolTip("Only the positions whose status in this round you have not confirmed yet")
        for box in (self.open_only, self.changed_only, self.waiting_only):
            box.toggled.connect(self._on_filters_changed)
        self.legend = QLabel(legend_html())
        self.legend.setObjectName("positionsLegend")
        self.legend.setWordWrap(True)
        self.banner = QLabel()
        self.banner.setObjectName("marksBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()

        self.pane = PositionPane()
        self.pane.status_chosen.connect(lambda key, draft, status: self._edit_status(key, draft, status=status))
        self.pane.confirm_requested.connect(lambda key, draft: self._edit_status(key, draft, confirm=True))
        self.pane.reason_edited.connect(lambda key, draft, reason: self._edit_status(key, draft, reason=reason))
        self.pane.stance_edited.connect(self._edit_stance)
        self._build_layout()

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Round:"))
        bar.addWidget(self.focus_round)
        bar.addStretch()
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Show only:"))
        for box in (self.open_only, self.changed_only, self.waiting_only):
            filters.addWidget(box)
        filters.addStretch()
        grid_box = QWidget()
        # No fixed minimum: the round picker and the filters keep their full width (the layout's
        # minimum), and the counts wrap on a line of their own.
        grid_layout = QVBoxLayout(grid_box)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addLayout(bar)
        grid_layout.addWidget(self.counts_label)
        grid_layout.addLayout(filters)
        grid_layout.addWidget(self.banner)
        grid_layout.addWidget(self.grid, 1)
        grid_layout.addWidget(self.legend)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("positionsSplitter")
        self.splitter.addWidget(grid_box)
        self.splitter.addWidget(self.pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([800, 320])
        self.splitter.setChildrenCollapsible(False)
        self.empty = QLabel()
        self.empty.setObjectName("emptyText")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.pages)

    # --- what the deal view tells it to show ------------------------------------------------------
    def show_deal(self, deal: DealRow | None, rounds: list[RoundRow]) -> None:
        """Show `deal`'s positions; read from the store now if the tab is visible, else when it is shown."""
        self._deal, self._rounds = deal, list(rounds)
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:
        if self._stale:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        """Read the deal's positions, findings and statuses from the store and show them."""
        self._stale = False
        deal = self._deal
        if deal is None or not self._rounds:
            self._grid = None
            self.model.set_grid((), ())
            self.empty.setText("No rounds yet. Import a draft and Counterdraft finds the key positions in it.")
            self.pages.setCurrentWidget(self.empty)
            return
        try:
            self._grid = load_grid(self._store, deal, self._rounds, self._playbook())
        except UserFacingError as error:
            self._grid = None
            self.empty.setText(str(error))
            self.pages.setCurrentWidget(self.empty)
            self._report(error)
            return
        self.pages.setCurrentWidget(self.splitter)
        self.model.set_grid(self._grid.rounds, self._grid.rows)
        self.focus_round.blockSignals(True)
        self.focus_round.clear()
        last = len(self._grid.rounds) - 1
        for n, column in enumerate(self._grid.rounds):
            final = " (final)" if n == last else ""
            self.focus_round.addItem(f"{column.header.replace(chr(10), ' · ')}{final}", n)
        self.focus_round.setCurrentIndex(last)
        self.focus_round.blockSignals(False)
        self._show_banner()
        self._after_rows_changed()
        self._select_start()

    def _show_banner(self) -> None:
        grid = self._grid
        found = grid is not None and any(cell.finding or cell.status for row in grid.rows for cell in row.cells)
        self.banner.setText(
            "Counterdraft found none of the playbook's positions in these rounds, and no status is recorded "
            "yet. Set a status with W, C, P, O or N on any cell." if not found else ""
        )
        self.banner.setVisible(not found)

    def _select_start(self) -> None:
        """Select the first suggestion waiting in the final round, else the first position's outcome."""
        model = self.model
        last = FIRST_ROUND_COLUMN + len(model.rounds) - 1
        for row in range(model.rowCount()):
            if model.cell(model.index(row, last)) is not None and model.cell(model.index(row, last)).suggested:
                self.grid.setCurrentIndex(model.index(row, last))
                return
        self.grid.setCurrentIndex(model.index(0, last) if model.rowCount() else QModelIndex())
        if not model.rowCount():
            self.pane.show_cell(None, None, None, None)

    def select_cell(self, key: str, draft_id: int | None = None) -> bool:
        """Make the cell of position `key` in round `draft_id` current; return False when it is not shown."""
        index = self.model.find(key, draft_id)
        if not index.isValid():
            return False
        self.grid.setCurrentIndex(index)
        self.grid.scrollTo(index)
        return True

    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._show_pane(current)

    def _show_pane(self, index: QModelIndex) -> None:
        row = self.model.position(index)
        if row is None or self._grid is None:
            self.pane.show_cell(None, None, None, None)
            return
        cell = self.model.cell(index) or row.outcome
        column = next((r for r in self._grid.rounds if cell is not None and r.draft_id == cell.draft_id), None)
        if cell is None or column is None:
            self.pane.show_cell(None, None, None, None)
            return
        position = self._grid.rounds.index(column)
        previous = self._grid.rounds[position - 1].round_no if position > 0 else None
        self.pane.show_cell(row, cell, column, self._grid.texts.get(cell.draft_id), previous)

    def _on_focus_changed(self, index: int) -> None:
        if index < 0:
            return
        current = self._current_key()
        self.model.set_focus(index)
        self._after_rows_changed(current)

    def _on_filters_changed(self, *args) -> None:
        current = self._current_key()
        self.model.set_filters(
            open_only=self.open_only.isChecked(),
            changed_only=self.changed_only.isChecked(),
            waiting_only=self.waiting_only.isChecked(),
        )
        self._after_rows_changed(current)

    def _current_key(self) -> tuple[str, int, int, int] | None:
        """Return (key, draft id or -1, row, column) of the current cell, to find it again after a reset."""
        index = self.grid.currentIndex()
        row = self.model.position(index)
        if row is None:
            return None
        cell = self.model.cell(index) if index.column() >= FIRST_ROUND_COLUMN else None
        return row.key, cell.draft_id if cell else -1, index.row(), index.column()

    def _after_rows_changed(self, current: tuple[str, int, int, int] | None = None) -> None:
        """Update the counts, and put the current cell back where it was (or on the row that took its place)."""
        grid_rows = self.model.all_rows
        focus = self.model.focus
        waiting = sum(row.cells[focus].suggested for row in grid_rows if 0 <= focus < len(row.cells))
        self.counts_label.setText(counts_text(status_counts(grid_rows, focus), waiting))
        if current is None:
            return
        key, draft_id, row, column = current
        index = self.model.find(key, draft_id if draft_id >= 0 else None)
        if index.isValid() and draft_id < 0:
            index = self.model.index(index.row(), column)
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(min(row, self.model.rowCount() - 1), column)
        if index.isValid():
            self.grid.setCurrentIndex(index)
        else:
            self.pane.show_cell(None, None, None, None)

    # --- edits --------------------------------------------------------------------------------------
    def confirm(self, index: QModelIndex) -> None:
        """Confirm the suggestion in the cell at `index` (Enter)."""
        row, cell = self.model.position(index), self.model.cell(index)
        if row is not None and cell is not None:
            self._edit_status(row.key, cell.draft_id, confirm=True)

    def set_status(self, index: QModelIndex, status: str) -> None:
        """Set the status of the cell at `index` (W C P O N); the Position and Ask columns are left alone."""
        row, cell = self.model.position(index), self.model.cell(index)
        if row is not None and cell is not None and index.column() >= OUTCOME_COLUMN:
            self._edit_status(row.key, cell.draft_id, status=status)

    def _edit_status(
        self, key: str, draft_id: int, *, status: str | None = None, reason: str | None = None, confirm: bool = False
    ) -> None:
        grid, deal = self._grid, self._deal
        row = next((r for r in grid.rows if r.key == key), None) if grid is not None else None
        cell = row.cell_for(draft_id) if row is not None else None
        if deal is None or row is None or cell is None:
            return
        title = position_words(row.title)
        if confirm:
            if not cell.suggested:
                return  # nothing waits to be confirmed
            after = StatusValue(cell.status, cell.reason, False)
            text = f"{title} confirmed {STATUS_PAST[cell.status]} in round {cell.round_no}"
        elif status is not None:
            if status == cell.status and not cell.suggested:
                return
            after = StatusValue(status, cell.reason, False)
            text = f"{title} {STATUS_PAST[status]} in round {cell.round_no}"
        elif reason is not None:
            # Writing the reason makes the status the user's own.
            after = StatusValue(cell.status or "open", reason, False)
            text = f"the reason for {title} in round {cell.round_no}"
        else:
            return
        try:
            before = self._store.set_status(
                deal.id, key, draft_id, after.status, after.reason, suggested=after.suggested
            )
        except UserFacingError as error:
            self._report(error)
            return
        self._history.push(
            deal.id,
            StatusEdit(text, self._store, deal.id, key, draft_id, StatusValue.of(before), after,
                       self._wrote, self._report),
        )
        self._wrote(deal.id, key, draft_id)

    def _edit_stance(self, key: str, value: StanceValue) -> None:
        grid, deal = self._grid, self._deal
        row = next((r for r in grid.rows if r.key == key), None) if grid is not None else None
        if deal is None or row is None:
            return
        before = StanceValue(row.ask, row.fallback, row.walk_away)
        try:
            self._store.set_stance(deal.id, key, ask=value.ask, fallback=value.fallback, walk_away=value.walk_away)
        except UserFacingError as error:
            self._report(error)
            return
        text = f"our stance on {position_words(row.title)}"
        self._history.push(deal.id, StanceEdit(text, self._store, deal.id, key, before, value, self._wrote,
                                               self._report))
        self._wrote(deal.id, key, None)

    def _wrote(self, deal_id: int, key: str, draft_id: int | None) -> None:
        """Announce an edit, undo or redo of position `key`: its status in round `draft_id`, or (None) its stance."""
        kind = Changed.STANCE if draft_id is None else Changed.STATUS
        self.record_changed.emit(RecordChange(kind, deal_id, key, draft_id))

    def show_change(self, change: RecordChange) -> None:
        """Show the store's record again after a status or stance changed (other changes come through show_deal)."""
        if change.kind not in (Changed.STATUS, Changed.STANCE) or change.key is None:
            return
        deal_id, key, draft_id = change.deal_id, change.key, change.draft_id
        if self._grid is None or self._deal is None or self._deal.id != deal_id:
            self._stale = True  # another deal's record changed: read it afresh when it is shown
            return
        current = self._current_key()
        self._grid = reload_rows(self._store, self._grid, self._playbook())
        self.model.update_rows(self._grid.rows)
        if draft_id is not None:
            # Put the edited cell back in view: on the Outcome column when it was edited there,
            # else in its round's column (or, if a filter now hides it, on the row that took its place).
            rounds = [column.draft_id for column in self._grid.rounds]
            row = current[2] if current is not None else 0
            on_outcome = (current is not None and current[0] == key and current[3] == OUTCOME_COLUMN
                          and draft_id == rounds[-1])
            if on_outcome:
                current = (key, -1, row, OUTCOME_COLUMN)
            elif draft_id in rounds:
                current = (key, draft_id, row, FIRST_ROUND_COLUMN + rounds.index(draft_id))
        self._after_rows_changed(current)
        self._show_pane(self.grid.currentIndex())
