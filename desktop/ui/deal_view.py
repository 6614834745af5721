"""The deal page: the deal's particulars, its rounds, a round's clause tree and the selected clause's redline.

It only shows what the store holds; importing, renaming and deleting are the main window's.
The round overview, the clause history and thread corrections are wired in by DealPanes
(deal_panes.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.display.words import long_date, side_words
from desktop.qt import (
    QAbstractItemView,
    QCheckBox,
    QEvent,
    QHBoxLayout,
    QHeaderView,
    QItemSelection,
    QLabel,
    QModelIndex,
    QPushButton,
    QSettings,
    QSplitter,
    QStackedWidget,
    Qt,
    QTableView,
    QTabWidget,
    QTimer,
    QTreeView,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desktop.ui.clause_tree import ClauseTreeModel, fit_columns
from desktop.ui.deal_panes import DealPanes
from desktop.ui.empty_states import DropHint
from desktop.ui.models import ClauseEntry, RoundTableModel
from desktop.ui.positions_view import PositionsView
from desktop.ui.redline import RedlineView
from desktop.ui.undo_history import UndoHistory

if TYPE_CHECKING:
    from collections.abc import Callable

    from desktop.core.model import Comment, TrackedChange, UserFacingError
    from desktop.store import DealRow, RoundRow, Store


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionHeading")
    return label


class DealView(DealPanes, QWidget):
    """Everything about the selected deal, from its header down to one clause's redline and history."""

    import_requested = Signal()
    round_changed = Signal(object)  # the RoundRow shown, or None
    status_message = Signal(str)  # a short note for the window's status bar
    record_changed = Signal(object)  # a RecordChange: a clause thread corrected, undone or redone

    def __init__(
        self, store: Store, positions: PositionsView, parent: QWidget | None = None, *,
        history: UndoHistory | None = None, settings: QSettings | None = None,
        failed: Callable[[UserFacingError], None] | None = None,
    ) -> None:
        """`history` takes thread corrections (on the deal's undo stack), `settings` remembers
        "Show cosmetic changes", and `failed` shows a store refusal; the window passes its own."""
        super().__init__(parent)
        self._store = store
        self.positions = positions
        self._deal: DealRow | None = None
        self._round: RoundRow | None = None
        self._tracked: tuple[TrackedChange, ...] = ()
        self._comments: tuple[Comment, ...] = ()
        self._notes: tuple[str, ...] = ()  # what the reader noted about the round's file
        self._want_changed_only = True  # the user's last choice, kept from round to round

        self.name_label = QLabel()
        self.name_label.setObjectName("dealName")
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)  # a deal's name is the user's, never markup
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name_label.setWordWrap(True)  # a long name in large type wraps rather than widening the window
        self.details_label = QLabel()
        self.details_label.setObjectName("dealDetails")
        self.details_label.setWordWrap(True)
        self.import_button = QPushButton("Import round…")
        self.import_button.setToolTip("Add the next draft of this deal (Ctrl+I)")
        self.import_button.clicked.connect(self.import_requested)

        self.rounds_model = RoundTableModel(self)
        self.rounds_table = QTableView()
        self.rounds_table.setAccessibleName("Rounds")
        self.rounds_table.setObjectName("roundsTable")
        self.rounds_table.setModel(self.rounds_model)
        self.rounds_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rounds_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rounds_table.verticalHeader().hide()
        self.rounds_table.setAlternatingRowColors(True)
        self.rounds_table.setShowGrid(False)
        self.rounds_table.setWordWrap(False)
        header = self.rounds_table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((64, 70, 110, 0, 190)):
            if width:
                self.rounds_table.setColumnWidth(column, width)
        self.rounds_table.selectionModel().selectionChanged.connect(self._on_round_selected)

        self.clause_model = ClauseTreeModel(self)
        self.clause_tree = QTreeView()
        self.clause_tree.setAccessibleName("Clauses")
        self.clause_tree.setModel(self.clause_model)
        self.clause_tree.setUniformRowHeights(True)
        self.clause_tree.setIndentation(14)
        self.clause_tree.setAlternatingRowColors(True)
        self.clause_tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree_header = self.clause_tree.header()
        tree_header.setStretchLastSection(False)
        tree_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # sized by fit_columns
        tree_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.clause_tree.selectionModel().currentChanged.connect(self._on_clause_selected)
        self._finish_in_turns = False  # finish_tree_in_turns
        self._tree_pending: list[Callable[[], None]] = []  # a reset tree's steps still to run
        self.clause_model.modelReset.connect(self._after_tree_reset)

        self.round_title = _heading("Clauses")
        self.marks_banner = QLabel()
        self.marks_banner.setObjectName("marksBanner")
        self.marks_banner.setWordWrap(True)
        self.marks_banner.setTextFormat(Qt.TextFormat.PlainText)  # names and quotes come from the file
        self.marks_banner.hide()
        self.changed_only = QCheckBox("Changed since previous round")
        self.changed_only.toggled.connect(self._on_filter_toggled)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("counts")

        self.redline_title = _heading("Redline")
        self.redline = RedlineView()
        self.redline.setAccessibleName("Redline")
        self._make_panes(store, history or UndoHistory(self), settings, failed)

        self._build_layout()
        self.show_deal(None, [])

    def _build_layout(self) -> None:
        head = QVBoxLayout()
        head.setSpacing(2)
        head.addWidget(self.name_label)
        head.addWidget(self.details_label)

        rounds_bar = QHBoxLayout()
        rounds_bar.addWidget(_heading("Rounds"))
        rounds_bar.addStretch()
        rounds_bar.addWidget(self.import_button)
        rounds_box = QWidget()
        rounds_layout = QVBoxLayout(rounds_box)
        rounds_layout.setContentsMargins(0, 0, 0, 0)
        rounds_layout.addLayout(rounds_bar)
        rounds_layout.addWidget(self.rounds_table)

        title_row = QHBoxLayout()
        title_row.addWidget(self.round_title)
        title_row.addStretch()
        title_row.addWidget(self.counts_label)
        clause_box = QWidget()
        clause_box.setMinimumWidth(380)
        clause_layout = QVBoxLayout(clause_box)
        clause_layout.setContentsMargins(0, 0, 0, 0)
        clause_layout.addLayout(title_row)
        clause_layout.addWidget(self.marks_banner)
        filters = QHBoxLayout()
        filters.addWidget(self.changed_only)
        filters.addSpacing(12)
        filters.addWidget(self.show_cosmetic)
        filters.addStretch()
        clause_layout.addLayout(filters)
        self.left_tabs.addTab(self.clause_tree, "Clause tree")
        self.left_tabs.addTab(self.overview, "Round overview")
        clause_layout.addWidget(self.left_tabs)

        redline_page = QWidget()
        redline_layout = QVBoxLayout(redline_page)
        redline_layout.setContentsMargins(0, 4, 0, 0)
        redline_layout.addWidget(self.redline_title)
        redline_layout.addWidget(self.redline)
        self.right_tabs.addTab(redline_page, "Redline")
        self.right_tabs.addTab(self.history, "History")
        self.right_tabs.addTab(self.whole_draft, "Whole draft")
        self.right_tabs.setTabToolTip(2, "The whole round as one redline against an earlier round")
        redline_box = self.right_tabs

        self.round_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.round_splitter.setObjectName("roundSplitter")
        self.round_splitter.addWidget(clause_box)
        self.round_splitter.addWidget(redline_box)
        self.round_splitter.setStretchFactor(0, 2)
        self.round_splitter.setStretchFactor(1, 3)
        self.round_splitter.setSizes([520, 580])
        self.round_splitter.setChildrenCollapsible(False)

        self.drop_hint = DropHint()
        self.drop_hint.import_requested.connect(self.import_requested)
        self.lower = QStackedWidget()
        self.lower.addWidget(self.drop_hint)
        self.lower.addWidget(self.round_splitter)

        self.deal_splitter = QSplitter(Qt.Orientation.Vertical)
        self.deal_splitter.setObjectName("dealSplitter")
        self.deal_splitter.addWidget(rounds_box)
        self.deal_splitter.addWidget(self.lower)
        self.deal_splitter.setStretchFactor(1, 1)
        self.deal_splitter.setSizes([190, 600])
        self.deal_splitter.setChildrenCollapsible(False)
        self._rounds_box = rounds_box

        # The clause-by-clause view and the position-by-position record of the same deal.
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dealTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.deal_splitter, "Clauses")
        self.tabs.addTab(self.positions, "Positions")
        self.tabs.setTabToolTip(0, "Each round's clauses and their redline against the round before")
        self.tabs.setTabToolTip(1, "Each key position, round by round: won, conceded, compromise or open")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(head)
        layout.addSpacing(4)
        layout.addWidget(self.tabs)

    # --- what the window tells it to show -------------------------------------------------------
    @property
    def deal(self) -> DealRow | None:
        """Return the deal shown, or None."""
        return self._deal

    @property
    def current_round(self) -> RoundRow | None:
        """Return the round whose clauses are shown, or None."""
        return self._round

    def show_deal(self, deal: DealRow | None, rounds: list[RoundRow], *, select_draft: int | None = None) -> None:
        """Show `deal` with its `rounds`, selecting the round `select_draft` (default: the latest)."""
        self._deal = deal
        self.name_label.setText(deal.name if deal else "")
        self.details_label.setText(self._details(deal, len(rounds)) if deal else "")
        self.rounds_model.set_rounds(rounds)
        self.positions.show_deal(deal, rounds)
        has_rounds = bool(rounds)
        self._rounds_box.setVisible(has_rounds)
        self.lower.setCurrentWidget(self.round_splitter if has_rounds else self.drop_hint)
        if not has_rounds:
            self._show_round(None)
            return
        row = self.rounds_model.row_of(select_draft) if select_draft is not None else -1
        self.select_round_row(row if row >= 0 else len(rounds) - 1)

    def select_round_row(self, row: int) -> None:
        """Select the round at `row` of the rounds table (which shows its clauses)."""
        self.rounds_table.selectRow(row)

    def select_clause(self, clause_id: str, *, dropped: bool = False) -> bool:
        """Select the clause `clause_id` in the tree; return False when it is not shown."""
        index = self.clause_model.find(clause_id, dropped=dropped)
        if not index.isValid():
            return False
        self.clause_tree.setCurrentIndex(index)
        self.clause_tree.scrollTo(index)
        return True

    @staticmethod
    def _details(deal: DealRow, round_count: int) -> str:
        rounds = "1 round" if round_count == 1 else f"{round_count} rounds"
        parts = [
            deal.counterparty or "No counterparty named",
            f"We act for the {side_words(deal.our_side).lower()}",
            deal.deal_type,
            deal.jurisdictions,
            rounds,
        ]
        return "  ·  ".join(part for part in parts if part)

    # --- rounds -------------------------------------------------------------------------------
    def _on_round_selected(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        rows = self.rounds_table.selectionModel().selectedRows()
        self._show_round(self.rounds_model.round(rows[0].row()) if rows else None)

    def _show_round(self, row: RoundRow | None) -> None:
        self._round = row
        if row is None:
            self.clause_model.set_round(())
            self._tracked, self._comments, self._notes = (), (), ()
            self.marks_banner.hide()
            self.counts_label.clear()
            self.overview.show_round(None, (), (), ())
            self.whole_draft.show_round(None, ())
            self.redline.show_message("Select a round to see its clauses.")
            self.round_changed.emit(None)
            return
        previous = self._previous_round(row)
        clauses = self._store.clauses(row.id)
        pairs = self._store.pairs(row.id) if previous is not None else ()
        previous_clauses = self._store.clauses(previous.id) if previous is not None else ()
        self._tracked = self._store.tracked_changes(row.id) if row.tracked_change_count else ()
        self._comments = self._store.comments(row.id) if row.comment_count else ()
        self._notes = self._store.reading_notes(row.id)
        self.round_title.setText(f"Clauses in round {row.round_no}")
        self.redline_title.setText(
            f"Redline against round {previous.round_no}" if previous is not None else "Text of round 1"
        )
        self._show_marks_banner()
        self.changed_only.blockSignals(True)
        self.changed_only.setEnabled(previous is not None and bool(pairs))
        self.changed_only.setChecked(previous is not None and bool(pairs) and self._want_changed_only)
        self.changed_only.setText(
            f"Changed since round {previous.round_no}" if previous is not None else "Changed since previous round"
        )
        self.changed_only.blockSignals(False)
        self.overview.show_round(previous.round_no if previous else None, clauses, pairs, previous_clauses)
        self.whole_draft.show_round(row, [self.rounds_model.round(i) for i in range(self.rounds_model.row_of(row.id))])
        self.clause_model.set_round(
            clauses,
            pairs,
            previous_clauses,
            previous.round_no if previous else None,
            changed_only=self.changed_only.isChecked(),
            show_cosmetic=self.show_cosmetic.isChecked(),
        )
        self.counts_label.setText(self._counts(row, clauses))
        self.round_changed.emit(row)

    def _previous_round(self, row: RoundRow) -> RoundRow | None:
        index = self.rounds_model.row_of(row.id)
        return self.rounds_model.round(index - 1) if index > 0 else None

    @staticmethod
    def _counts(row: RoundRow, clauses: tuple) -> str:
        if row.changed_count is None:
            return f"First draft · {len(clauses)} clauses"
        if row.changed_count == 0:
            return "No changes"
        return f"{row.substantive_count or 0} substantive · {row.cosmetic_count or 0} cosmetic"

    def _show_marks_banner(self) -> None:
        parts = []
        if self._tracked:
            authors = list(dict.fromkeys(change.author or "an unnamed author" for change in self._tracked))
            shown = ", ".join(authors[:3]) + (f" and {len(authors) - 3} more" if len(authors) > 3 else "")
            count = len(self._tracked)
            parts.append(f"This draft came with {count} tracked change{'s' * (count != 1)} by {shown}")
        if self._comments:
            count = len(self._comments)
            parts.append(f"{count} comment{'s' * (count != 1)}")
        lines = [" · ".join(parts) + "."] if parts else []
        if len(self._notes) == 1:
            lines.append("While reading this file: " + self._notes[0])
        elif self._notes:
            lines.append("While reading this file:")
            lines.extend("• " + note for note in self._notes)
        self.marks_banner.setText("\n".join(lines))
        self.marks_banner.setVisible(bool(lines))

    # --- clauses ------------------------------------------------------------------------------
    def _on_filter_toggled(self, on: bool) -> None:
        self._want_changed_only = on
        current = self.clause_model.entry(self.clause_tree.currentIndex())
        self.clause_model.set_changed_only(on)
        if current is not None:
            self.select_clause(current.clause.id, dropped=current.dropped)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange and hasattr(self, "clause_model"):
            fit_columns(self.clause_tree, self.clause_model)  # measured in the old font
        super().changeEvent(event)

    def prepare_round(self, draft_id: int, previous_id: int | None) -> None:
        """Build the clause tree's rows of round `draft_id` (after `previous_id`) ahead of showing it."""
        previous = self._store.round(previous_id) if previous_id is not None else None
        self.clause_model.prepare(
            self._store.clauses(draft_id),
            self._store.pairs(draft_id) if previous is not None else (),
            self._store.clauses(previous.id) if previous is not None else (),
            previous.round_no if previous else None,
        )

    def finish_tree_in_turns(self, on: bool) -> None:
        """While on, a reset of the clause tree is opened, sized and given its first change in turns of their own.

        The import's refresh sets it, so that its turn holds only the tree's rows (issue 22);
        `tree_finishing` is True until the last of those turns has run.
        """
        self._finish_in_turns = on

    @property
    def tree_finishing(self) -> bool:
        """Return True while a reset clause tree waits for its deferred turns (finish_tree_in_turns)."""
        return bool(self._tree_pending)

    def _after_tree_reset(self) -> None:
        # Span group headings ("Dropped since round 2") across the columns, open the tree, and
        # put the first change in the redline so the pane is never blank after a switch.
        # A reset forgets the spans, so only the group rows need one.
        for row in range(self.clause_model.rowCount()):
            if self.clause_model.is_group(self.clause_model.index(row, 0)):
                self.clause_tree.setFirstColumnSpanned(row, QModelIndex(), True)
        deferred = self._finish_in_turns
        steps: list[Callable[[], None]] = [
            self.clause_tree.expandAll,
            lambda: fit_columns(self.clause_tree, self.clause_model),
            lambda: self._select_first_clause(unless_chosen=deferred),
        ]
        self._tree_pending = steps if deferred else []  # a later reset drops them
        if deferred:
            QTimer.singleShot(0, self, lambda: self._next_tree_step(steps))
            return
        for step in steps:
            step()

    def _next_tree_step(self, steps: list[Callable[[], None]]) -> None:
        if steps is not self._tree_pending or not steps:
            return  # the tree was reset again meanwhile: that reset finishes it
        steps.pop(0)()
        if steps:
            QTimer.singleShot(0, self, lambda: self._next_tree_step(steps))

    def _select_first_clause(self, *, unless_chosen: bool = False) -> None:
        if unless_chosen and self.clause_tree.currentIndex().isValid():
            return  # a clause was chosen while the finish waited for its turn
        first = self.clause_model.first_changed()
        if not first.isValid():
            first = self.clause_model.first_with_text()
        if first.isValid():
            self.clause_tree.setCurrentIndex(first)
        else:
            self._show_entry(None)
            self._follow_clause(None)

    def _on_clause_selected(self, current: QModelIndex, previous: QModelIndex) -> None:
        entry = self.clause_model.entry(current)
        self._show_entry(entry)
        self._follow_clause(entry)

    def _show_entry(self, entry: ClauseEntry | None) -> None:
        if entry is None:
            if self._round is None:
                self.redline.show_message("Select a round to see its clauses.")
            else:
                self.redline.show_message("Select a clause to see its text and what changed in it.")
            return
        paragraphs = set(entry.clause.paragraphs)
        own = not entry.dropped  # the marks belong to this round's draft, not the previous one
        self.redline.show_entry(
            entry,
            tracked_changes=[c for c in self._tracked if own and c.paragraph in paragraphs],
            comments=[c for c in self._comments if own and c.paragraph in paragraphs],
            source=self._source(entry),
        )

    def _source(self, entry: ClauseEntry) -> str:
        """Return whose draft the change came in: "In their draft of 2 Feb 2024 (round 3)"."""
        row = self._round
        if row is None or entry.pair is None or entry.pair.kind == "unchanged":
            return ""
        whose = "our" if row.sender == "us" else "their"
        return f"In {whose} draft of {long_date(row.date)} (round {row.round_no}), against round {row.round_no - 1}"

    def current_entry(self) -> ClauseEntry | None:
        """Return the clause shown in the redline, or None."""
        return self.clause_model.entry(self.clause_tree.currentIndex())
