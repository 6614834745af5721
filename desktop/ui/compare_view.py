"""The compare view: two drafts side by side in synchronised panes, or as one redline, with a change list.

Both panes are list views over one `CompareRowsModel`, one row per aligned pair, drawn clause
by clause by `SideDelegate` (compare_paint.py) and laid out in batches, so a 100-page pair
opens without one giant HTML page. A row is as tall as the taller of its two sides, so an
aligned clause sits on the same line in both panes; scrolling one pane scrolls the other
to the same row. The change list beside them walks the changes the filters let through
(substantive only; one playbook position), as do Next and Previous change (F8 / Shift+F8).
Two vendors' papers, matched by topic, get their own tools above the list: only the topics
one side covers, the order (B's, A's or the playbook's), and whose side a ★ on the better
values is for.
"""

from __future__ import annotations

from desktop.display.compare_rows import (
    ORDERS,
    CompareRow,
    PositionClauses,
    PreparedComparison,
    ordered_rows,
    values_at,
)
from desktop.qt import (
    QAbstractItemView,
    QAction,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QModelIndex,
    QPoint,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desktop.ui.compare_models import ChangeListModel, CompareRowsModel
from desktop.ui.compare_paint import PAD_X, ComparePane, RowSizes

_RETRY_MS = 25  # how soon to try again to show a row the batched layout has not reached yet
_SCREENFUL = 30  # rows that must be laid out below a row before it can be centred
_MAX_TRIES = 80  # retries of a scroll that stopped short (2 s), in case the row can go no higher


class CompareView(QWidget):
    """Two drafts compared: the panes (or the combined redline), the filters and the change list."""

    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prepared: PreparedComparison | None = None
        self.rows_model = CompareRowsModel(self)
        self.changes_model = ChangeListModel(self)
        self.sizes = RowSizes(self)
        self._syncing = False
        self._pending = -1  # a row to bring into view once the batched layout reaches it
        self._tries = 0  # how often the row on its way has been tried
        self._pending_at_top = False
        self._retry = QTimer(self)  # owned by the view, so it dies with it
        self._retry.setSingleShot(True)
        self._retry.setInterval(_RETRY_MS)
        self._retry.timeout.connect(self._bring_pending_into_view)
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(60)
        self._relayout.timeout.connect(self._lay_out_again)
        self.sizes.widths_changed.connect(self._relayout.start)
        self._make_bar()
        self._make_panes()
        self._make_actions()
        self.show_comparison(None)

    # --- construction -------------------------------------------------------------------------
    def _make_bar(self) -> None:
        self.side_by_side = QRadioButton("Side by side")
        self.side_by_side.setChecked(True)
        self.combined_mode = QRadioButton("Combined redline")
        self.combined_mode.toggled.connect(self._on_mode)
        self.substantive_only = QCheckBox("Substantive changes only")
        self.substantive_only.toggled.connect(lambda on: self._apply_filters())
        self.one_side_only = QCheckBox("Only one side covers it")
        self.one_side_only.setToolTip("List only the topics one draft deals with and the other does not")
        self.one_side_only.toggled.connect(lambda on: self._apply_filters())
        self.row_order = QComboBox()
        self.row_order.setAccessibleName("Order of the topics")
        self.row_order.setToolTip("Show the topics in B's order, A's order, or the order of the playbook's positions")
        for key, words in ORDERS.items():
            self.row_order.addItem(words, key)
        self.row_order.currentIndexChanged.connect(lambda i: self._reorder())
        self.our_side = QComboBox()
        self.our_side.setAccessibleName("We act for")
        self.our_side.setObjectName("ourSide")
        self.our_side.setToolTip("★ marks the values better for the side you act for")
        self.our_side.addItem("★ for the customer", "customer")
        self.our_side.addItem("★ for the vendor", "vendor")
        self.our_side.currentIndexChanged.connect(lambda i: self._set_side())
        self.position_filter = QComboBox()
        self.position_filter.setAccessibleName("Position")
        self.position_filter.setMinimumContentsLength(20)
        self.position_filter.setToolTip("List only the changes to the clauses of one key position")
        self.position_filter.currentIndexChanged.connect(lambda i: self._apply_filters())
        self.counts = QLabel()
        self.counts.setObjectName("compareCounts")
        self.counts.setMinimumWidth(80)  # shown whole when there is room; the bar's boxes set how narrow it goes
        self.bar = QHBoxLayout()
        self.bar.setContentsMargins(10, 8, 10, 4)
        for widget in (self.side_by_side, self.combined_mode):
            self.bar.addWidget(widget)
        self.bar.addSpacing(18)
        self.bar.addWidget(self.substantive_only)
        self.bar.addWidget(QLabel("Position:"))
        self.bar.addWidget(self.position_filter)
        self.bar.addStretch()
        self.bar.addWidget(self.counts)

    def _titled(self, title: QLabel, pane: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        title.setObjectName("compareSide")
        title.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(title)
        layout.addWidget(pane)
        return box

    def _make_panes(self) -> None:
        self.pane_a = ComparePane(self.sizes, "a")
        self.pane_a.setAccessibleName("Draft A")
        self.pane_b = ComparePane(self.sizes, "b")
        self.pane_b.setAccessibleName("Draft B")
        self.pane_combined = ComparePane(self.sizes, "combined")
        self.pane_combined.setAccessibleName("Combined redline")
        for pane in (self.pane_a, self.pane_b, self.pane_combined):
            pane.clicked.connect(self._on_row_clicked)
        # Only the panes on screen hold the model: a hidden pane would lay out every row too.
        self.pane_a.setModel(self.rows_model)
        self.pane_b.setModel(self.rows_model)
        self.pane_a.verticalScrollBar().valueChanged.connect(lambda v: self._follow(self.pane_a, self.pane_b))
        self.pane_b.verticalScrollBar().valueChanged.connect(lambda v: self._follow(self.pane_b, self.pane_a))
        self.title_a, self.title_b, self.title_combined = QLabel(), QLabel(), QLabel()
        self.panes_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.panes_splitter.setChildrenCollapsible(False)
        self.panes_splitter.addWidget(self._titled(self.title_a, self.pane_a))
        self.panes_splitter.addWidget(self._titled(self.title_b, self.pane_b))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.panes_splitter)
        self.stack.addWidget(self._titled(self.title_combined, self.pane_combined))

        self.change_list = QTableView()
        self.change_list.setObjectName("compareChanges")
        self.change_list.setAccessibleName("Changes")
        self.change_list.setModel(self.changes_model)
        self.change_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.change_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.change_list.verticalHeader().hide()
        self.change_list.verticalHeader().setDefaultSectionSize(24)
        self.change_list.setShowGrid(False)
        self.change_list.setWordWrap(False)
        header = self.change_list.horizontalHeader()
        header.setHighlightSections(False)
        # Fixed widths: sizing the columns to their contents would read every row of a long list.
        metrics = self.change_list.fontMetrics()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(0, metrics.horizontalAdvance("10.12(b)") + 12)
        header.resizeSection(2, metrics.horizontalAdvance("Renumbered, edited · cosmetic") + 12)
        self.change_list.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.change_list.clicked.connect(lambda index: self.show_change(self.changes_model.number_at(index)))
        self.change_list.activated.connect(lambda index: self.show_change(self.changes_model.number_at(index)))
        self.changes_heading = QLabel("Changes")
        self.changes_heading.setObjectName("sectionHeading")
        sidebar = QWidget()
        side_layout = QVBoxLayout(sidebar)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(2)
        side_layout.addWidget(self.changes_heading)
        # By topic: which topics the list shows, in what order, and whose side a ★ is for.
        self.topic_tools = QWidget()
        tools = QHBoxLayout(self.topic_tools)
        tools.setContentsMargins(0, 0, 0, 2)
        for widget in (self.one_side_only, self.row_order, self.our_side):
            tools.addWidget(widget)
        tools.addStretch()
        side_layout.addWidget(self.topic_tools)
        side_layout.addWidget(self.change_list)

        self.note = QLabel()
        self.note.setObjectName("marksBanner")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # reading notes quote the files
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("compareSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(sidebar)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([1000, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.bar)
        note_row = QHBoxLayout()
        note_row.setContentsMargins(10, 0, 10, 4)
        note_row.addWidget(self.note)
        layout.addLayout(note_row)
        inner = QHBoxLayout()
        inner.setContentsMargins(10, 0, 10, 8)
        inner.addWidget(self.splitter)
        layout.addLayout(inner, 1)

    def _make_actions(self) -> None:
        self.next_change_action = QAction("&Next change", self)
        self.next_change_action.setShortcut(QKeySequence(Qt.Key.Key_F8))
        self.next_change_action.setStatusTip("Go to the next change in the list")
        self.next_change_action.triggered.connect(lambda checked=False: self.go_to_change(forward=True))
        self.previous_change_action = QAction("&Previous change", self)
        self.previous_change_action.setShortcut(QKeySequence("Shift+F8"))
        self.previous_change_action.setStatusTip("Go to the previous change in the list")
        self.previous_change_action.triggered.connect(lambda checked=False: self.go_to_change(forward=False))
        self.combined_action = QAction("&Combined redline", self)
        self.combined_action.setCheckable(True)
        self.combined_action.setShortcut(QKeySequence("Ctrl+R"))
        self.combined_action.setStatusTip("Show both drafts as one redline instead of side by side")
        self.combined_action.toggled.connect(self.combined_mode.setChecked)
        self.combined_mode.toggled.connect(self.combined_action.setChecked)
        self.substantive_action = QAction("&Substantive changes only", self)
        self.substantive_action.setCheckable(True)
        self.substantive_action.toggled.connect(self.substantive_only.setChecked)
        self.substantive_only.toggled.connect(self.substantive_action.setChecked)
        self.addActions(self.view_actions())

    def view_actions(self) -> list[QAction]:
        """Return the actions a View menu shows for the compare view."""
        return [self.next_change_action, self.previous_change_action, self.combined_action, self.substantive_action]

    # --- showing a comparison -----------------------------------------------------------------
    def show_comparison(self, prepared: PreparedComparison | None) -> None:
        """Show `prepared` (None: nothing yet) from its first row, with the filters reset."""
        self.prepared = prepared
        self.sizes.clear()
        self._pending = -1
        self.sizes.positions = values_at(prepared.rows, prepared.positions) if prepared else {}
        self.rows_model.set_rows(prepared.rows if prepared else ())
        comparison = prepared.comparison if prepared else None
        self.title_a.setText(f"A  ·  {comparison.a}" if comparison else "A")
        self.title_b.setText(f"B  ·  {comparison.b}" if comparison else "B")
        if comparison is not None and prepared is not None and prepared.by_topic:
            # Two vendors' papers are not a redline: topic by topic, A's clause beside B's.
            self.title_combined.setText(f"Topic by topic  ·  A: {comparison.a}   ·   B: {comparison.b}")
        else:
            self.title_combined.setText(f"Redline  ·  {comparison.a}  →  {comparison.b}" if comparison else "Redline")
        lines = []
        if prepared is None:
            lines.append("Choose two drafts to compare: File ▸ Compare two drafts… (Ctrl+Shift+C).")
        else:
            if prepared.by_topic:
                lines.append(
                    "These drafts share no history, so their clauses are matched by topic (heading, position and "
                    "wording): each row says whether both sides deal with the same topic. It is not a redline."
                )
            if prepared.notes:
                lines.append("While reading the files:")
                lines.extend("• " + note for note in prepared.notes)
        self.note.setText("\n".join(lines))
        self.note.setVisible(bool(lines))
        self.position_filter.blockSignals(True)
        self.position_filter.clear()
        self.position_filter.addItem("All positions", None)
        for position in prepared.positions if prepared else ():
            self.position_filter.addItem(position.title, position)
        self.position_filter.setCurrentIndex(0)
        self.position_filter.blockSignals(False)
        self.substantive_only.blockSignals(True)
        self.substantive_only.setChecked(False)
        self.substantive_only.blockSignals(False)
        self.substantive_action.setChecked(False)
        by_topic = bool(prepared and prepared.by_topic)
        self.substantive_only.setEnabled(not by_topic)
        self.one_side_only.blockSignals(True)
        self.one_side_only.setChecked(False)
        self.one_side_only.blockSignals(False)
        self.one_side_only.setVisible(by_topic)  # two rounds of one draft: every clause has a history
        self.row_order.blockSignals(True)
        self.row_order.setCurrentIndex(0)
        self.row_order.blockSignals(False)
        self.row_order.setVisible(by_topic)  # two rounds read in the later round's order
        self.our_side.setVisible(by_topic)
        self.topic_tools.setVisible(by_topic)
        metrics = self.change_list.fontMetrics()
        # By topic the number column names each side's numbers: "A: 10.12 · B: 10.12".
        header = self.change_list.horizontalHeader()
        header.resizeSection(0, metrics.horizontalAdvance("A: 10.12 · B: 10.12" if by_topic else "10.12(b)") + 12)
        header.resizeSection(2, metrics.horizontalAdvance("Same topic" if by_topic else
                                                          "Renumbered, edited · cosmetic") + 12)
        self._apply_filters()

    def _set_side(self) -> None:
        """Star the values better for the side chosen: the rows are drawn again."""
        self.sizes.us = self.our_side.currentData()
        self._reorder()

    def _reorder(self) -> None:
        """Show the topics in the order chosen, from the first row, with the filters kept."""
        if self.prepared is None:
            return
        self.sizes.clear()
        self._pending = -1
        rows = ordered_rows(self.prepared, self.row_order.currentData())
        self.sizes.positions = values_at(rows, self.prepared.positions)
        self.rows_model.set_rows(rows)
        self._apply_filters()
        self._lead_pane().scrollToTop()

    def filtered_changes(self) -> list[tuple[int, CompareRow]]:
        """Return the (row number, row) of the changes the filters let through, in reading order."""
        position: PositionClauses | None = self.position_filter.currentData()
        substantive = self.substantive_only.isChecked() and self.substantive_only.isEnabled()
        one_side = self.one_side_only.isChecked() and self.prepared is not None and self.prepared.by_topic
        return [
            (number, row) for number, row in enumerate(self.rows_model.rows)
            if row.changed and (not substantive or row.substantive) and (position is None or position.touches(row))
            and not (one_side and row.left and row.right)
        ]

    def _apply_filters(self) -> None:
        self.changes_model.set_changes(self.filtered_changes())
        self._select_in_list(self.rows_model.current)
        rows = self.rows_model.rows
        changed = [row for row in rows if row.changed]
        listed = self.changes_model.rowCount()
        if not rows:
            self.counts.setText("")
        elif self.prepared is not None and self.prepared.by_topic:
            same = sum(1 for row in rows if row.left and row.right)
            self.counts.setText(f"{same} topics on both sides · {len(rows) - same} on one side")
        else:
            substantive = sum(1 for row in changed if row.substantive)
            text = f"{len(changed)} changes, {substantive} substantive"
            self.counts.setText(text + (f" · {listed} listed" if listed != len(changed) else ""))
        word = "Topics" if self.prepared is not None and self.prepared.by_topic else "Changes"
        self.changes_heading.setText(f"{word} ({listed})" if rows else word)

    # --- panes --------------------------------------------------------------------------------
    @property
    def combined(self) -> bool:
        """Return True in the one-pane redline mode."""
        return self.combined_mode.isChecked()

    def _lead_pane(self) -> ComparePane:
        return self.pane_combined if self.combined else self.pane_a

    def _on_mode(self, combined: bool) -> None:
        top = (self.pane_a if combined else self.pane_combined).top_row()
        shown, hidden = (self.pane_combined, (self.pane_a, self.pane_b)) if combined else (
            self.pane_a, (self.pane_combined,))
        for pane in hidden:
            pane.setModel(None)
        self.stack.setCurrentIndex(1 if combined else 0)
        shown.setModel(self.rows_model)
        if not combined:
            self.pane_b.setModel(self.rows_model)
        if top >= 0:
            self._bring_into_view(top, at_top=True)

    def _follow(self, source: ComparePane, target: ComparePane) -> None:
        """Scroll `target` so the row at the top of `source` sits at the same height in it."""
        if self._syncing:
            return
        self._syncing = True
        try:
            index = source.indexAt(QPoint(PAD_X, 1))
            here, there = source.visualRect(index), target.visualRect(index)
            bar = target.verticalScrollBar()
            if index.isValid() and there.isValid():
                bar.setValue(bar.value() + there.top() - here.top())
            else:
                bar.setValue(source.verticalScrollBar().value())
        finally:
            self._syncing = False

    def _lay_out_again(self) -> None:
        """Lay the panes out again at their new widths, keeping the top row (or the one on its way) in place."""
        if self._pending >= 0:
            row, at_top = self._pending, self._pending_at_top
        else:
            row, at_top = self._lead_pane().top_row(), True
        for pane in (self.pane_a, self.pane_b, self.pane_combined):
            pane.doItemsLayout()
        if row >= 0:
            self._bring_into_view(row, at_top=at_top)

    def _bring_into_view(self, number: int, *, at_top: bool = False, retry: bool = False) -> None:
        """Scroll the lead pane (the other follows) to row `number`, waiting for the batched layout if needed."""
        pane = self._lead_pane()
        index = self.rows_model.index(number)
        if not retry:
            self._tries = 0
        # Scrolling before the batched layout has passed the row (and a screenful after it)
        # would stop short at the end of what is laid out so far.
        probe = self.rows_model.index(min(number + _SCREENFUL, self.rows_model.rowCount() - 1))
        if not pane.visualRect(probe).isValid() and pane.isVisible():
            self._wait_for_layout(number, at_top)
            return
        hint = QAbstractItemView.ScrollHint.PositionAtTop if at_top else QAbstractItemView.ScrollHint.PositionAtCenter
        pane.scrollTo(index, hint)
        # A layout started again (a new width) can still report the old rects: a scroll that
        # stopped short at the end of the laid-out rows is tried again, for a while.
        bar = pane.verticalScrollBar()
        placed = pane.top_row() == number if at_top else pane.viewport().rect().intersects(pane.visualRect(index))
        if not placed and bar.value() == bar.maximum() and pane.isVisible() and self._tries < _MAX_TRIES:
            self._wait_for_layout(number, at_top)
        else:
            self._pending = -1
        if not self.combined:
            self._follow(self.pane_a, self.pane_b)

    def _wait_for_layout(self, number: int, at_top: bool) -> None:
        self._pending, self._pending_at_top = number, at_top
        self._tries += 1
        self._retry.start()

    def _bring_pending_into_view(self) -> None:
        if self._pending >= 0:
            self._bring_into_view(self._pending, at_top=self._pending_at_top, retry=True)

    # --- changes ------------------------------------------------------------------------------
    def show_change(self, number: int) -> None:
        """Make row `number` the current change: highlighted in both panes, in view, selected in the list."""
        if not 0 <= number < self.rows_model.rowCount():
            return
        self.rows_model.set_current(number)
        for pane in (self.pane_a, self.pane_b, self.pane_combined):
            pane.viewport().update()
        self._select_in_list(number)
        self._bring_into_view(number)
        row = self.rows_model.rows[number]
        self.status_message.emit(f"{row.words}: {row.number} {row.heading}".strip())

    def go_to_change(self, forward: bool) -> bool:
        """Move to the next (or previous) listed change; return False at the end of the list."""
        numbers = self.changes_model.row_numbers()
        current = self.rows_model.current
        if forward:
            there = next((n for n in numbers if n > current), None)
        else:
            there = next((n for n in reversed(numbers) if current < 0 or n < current), None)
        if there is None:
            self.status_message.emit("No more changes in the list." if numbers else "No changes to show.")
            return False
        self.show_change(there)
        return True

    def _select_in_list(self, number: int) -> None:
        row = self.changes_model.list_row_of(number)
        if row < 0:
            self.change_list.clearSelection()
            return
        index = self.changes_model.index(row, 0)
        self.change_list.selectionModel().setCurrentIndex(
            index, self.change_list.selectionModel().SelectionFlag.ClearAndSelect
            | self.change_list.selectionModel().SelectionFlag.Rows
        )
        self.change_list.scrollTo(index)

    def _on_row_clicked(self, index: QModelIndex) -> None:
        row = self.rows_model.rows[index.row()] if index.isValid() else None
        if row is not None and row.changed:
            self.show_change(index.row())
