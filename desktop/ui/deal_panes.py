"""The parts of the deal page that follow changes and clauses across rounds.

`DealPanes` is mixed into DealView: it makes the round overview (beside the clause tree), the
History tab (beside the redline), the "Show cosmetic changes" switch (remembered in the
window's settings), Next/Previous change (F8 / Shift+F8) and the thread corrections on the
clause tree's context menu. It reads the store on the GUI thread; the corrections write
through the deal's undo stack (undo_history.py) and are announced on `record_changed`, and `show_change`
shows the corrected thread when the window passes the change back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop.core.model import UserFacingError
from desktop.qt import QAction, QCheckBox, QKeySequence, QMenu, QPoint, QSettings, Qt, QTabWidget
from desktop.store.threads import ClauseRef
from desktop.ui.history_view import HistoryView
from desktop.ui.record_change import Changed, RecordChange
from desktop.ui.round_overview import RoundChange, RoundOverview
from desktop.ui.thread_corrections import ThreadCorrections
from desktop.ui.whole_draft_pane import WholeDraftPane

if TYPE_CHECKING:
    from desktop.display.document_redline import RedlineClause
    from desktop.qt import QTreeView, Signal
    from desktop.store import RoundRow, Store
    from desktop.store.threads import Thread
    from desktop.ui.clause_tree import ClauseTreeModel
    from desktop.ui.models import ClauseEntry
    from desktop.ui.undo_history import UndoHistory

COSMETIC_KEY = "view/showCosmeticChanges"


class DealPanes:
    """DealView's round overview, clause history, cosmetic switch, change navigation and corrections."""

    # Supplied by DealView.
    clause_model: ClauseTreeModel
    clause_tree: QTreeView
    changed_only: QCheckBox
    tabs: QTabWidget
    _round: RoundRow | None
    select_clause: Callable[..., bool]
    current_entry: Callable[[], "ClauseEntry | None"]
    _previous_round: Callable[["RoundRow"], "RoundRow | None"]
    addActions: Callable
    status_message: Signal
    record_changed: Signal

    def _make_panes(
        self,
        store: Store,
        history: UndoHistory,
        settings: QSettings | None,
        failed: Callable[[UserFacingError], None] | None,
    ) -> None:
        self._store = store
        self._settings = settings
        self._history_stale = True
        self.show_cosmetic = QCheckBox("Show cosmetic changes")
        self.show_cosmetic.setToolTip("Also count as changes what only touches numbering, punctuation, case or spacing")
        self.show_cosmetic.setChecked(bool(settings.value(COSMETIC_KEY, False, type=bool)) if settings else False)
        self.show_cosmetic.toggled.connect(self._on_cosmetic_toggled)

        self.show_cosmetic_action = QAction("Show &cosmetic changes", self)
        self.show_cosmetic_action.setCheckable(True)
        self.show_cosmetic_action.setChecked(self.show_cosmetic.isChecked())
        self.show_cosmetic_action.toggled.connect(self.show_cosmetic.setChecked)
        self.show_cosmetic.toggled.connect(self.show_cosmetic_action.setChecked)
        self.next_change_action = QAction("&Next change", self)
        self.next_change_action.setShortcut(QKeySequence(Qt.Key.Key_F8))
        self.next_change_action.setStatusTip("Go to the round's next change (substantive ones first)")
        self.next_change_action.triggered.connect(lambda checked=False: self.go_to_change(forward=True))
        self.previous_change_action = QAction("&Previous change", self)
        self.previous_change_action.setShortcut(QKeySequence("Shift+F8"))
        self.previous_change_action.setStatusTip("Go to the round's previous change")
        self.previous_change_action.triggered.connect(lambda checked=False: self.go_to_change(forward=False))
        self.history_action = QAction("Clause &history", self)
        self.history_action.setShortcut(QKeySequence("Ctrl+H"))
        self.history_action.setStatusTip("The selected clause in every round of the deal")
        self.history_action.triggered.connect(lambda checked=False: self.show_history())
        self.whole_draft_action = QAction("&Whole-draft redline", self)
        self.whole_draft_action.setStatusTip("The whole round as one redline, clause after clause, as Word shows it")
        self.whole_draft_action.triggered.connect(lambda checked=False: self.show_whole_draft())
        self.addActions([self.next_change_action, self.previous_change_action, self.history_action,
                         self.whole_draft_action])

        self.overview = RoundOverview()
        self.overview.set_show_cosmetic(self.show_cosmetic.isChecked())
        self.overview.change_chosen.connect(self._go_to)
        self.corrections = ThreadCorrections(
            store, history, self.current_ref, self.record_changed.emit, failed or self._show_refusal, self
        )
        self.history = HistoryView(self.corrections.actions)
        self.whole_draft = WholeDraftPane(store)
        self.whole_draft.set_show_cosmetic(self.show_cosmetic.isChecked())
        self.whole_draft.clause_chosen.connect(self._whole_draft_chose)
        self.left_tabs = QTabWidget()
        self.left_tabs.setObjectName("clauseTabs")
        self.left_tabs.setDocumentMode(True)
        self.right_tabs = QTabWidget()
        self.right_tabs.setObjectName("clauseTabs")
        self.right_tabs.setDocumentMode(True)
        # Squeezed, the History controls clip rather than hold the window wider than a small screen.
        self.right_tabs.setMinimumWidth(120)
        self.right_tabs.currentChanged.connect(lambda index: self._refresh_history())
        self.clause_tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.clause_tree.customContextMenuRequested.connect(self._tree_menu)

    def view_actions(self) -> list[QAction]:
        """Return the actions the window's View menu shows for the deal page."""
        return [self.next_change_action, self.previous_change_action, self.show_cosmetic_action, self.history_action,
                self.whole_draft_action]

    # --- cosmetic changes ---------------------------------------------------------------------
    def _on_cosmetic_toggled(self, on: bool) -> None:
        if self._settings is not None:
            self._settings.setValue(COSMETIC_KEY, on)
        current = self.current_entry()
        self.clause_model.set_show_cosmetic(on)
        self.overview.set_show_cosmetic(on)
        self.whole_draft.set_show_cosmetic(on)
        if current is not None:
            self.select_clause(current.clause.id, dropped=current.dropped)

    # --- walking the round's changes ----------------------------------------------------------
    def go_to_change(self, *, forward: bool) -> bool:
        """Select the round's next (or previous) change in the overview's order; False at the end."""
        if self._round is None:
            return False
        self.tabs.setCurrentIndex(0)
        if self.right_tabs.currentWidget() is self.whole_draft:
            return self._step_whole_draft(forward)
        entry = self.current_entry()
        change = self.overview.step(entry.clause.id if entry else None, bool(entry and entry.dropped), forward)
        if change is None:
            where = "last" if forward else "first"
            hidden = "" if self.show_cosmetic.isChecked() else " (cosmetic changes are hidden)"
            self.status_message.emit(f"This is the {where} change of round {self._round.round_no}{hidden}.")
            return False
        self._go_to(change)
        return True

    def _go_to(self, change: RoundChange) -> None:
        # The tree may hide an unchanged-looking clause under "Changed since": show everything then.
        if not self.select_clause(change.clause.id, dropped=change.dropped):
            self.changed_only.setChecked(False)
            self.select_clause(change.clause.id, dropped=change.dropped)

    def _follow_clause(self, entry: ClauseEntry | None) -> None:
        """Keep the overview's selection, the whole draft and the History tab on the clause selected in the tree."""
        self.overview.highlight(entry.clause.id if entry else None, bool(entry and entry.dropped))
        if entry is not None and not self._choosing:
            # A dropped clause is the round before's: it is in the whole draft only against that round.
            if not entry.dropped or self.whole_draft.against_previous:
                self.whole_draft.follow(("a:" if entry.dropped else "b:") + entry.clause.id)
        self._history_stale = True
        self._refresh_history()

    # --- the whole draft -----------------------------------------------------------------------
    _choosing = False  # set while the whole draft selects its clause in the tree

    def show_whole_draft(self) -> None:
        """Show the Whole draft tab: the round as one redline against the round before."""
        self.tabs.setCurrentIndex(0)
        self.right_tabs.setCurrentWidget(self.whole_draft)

    def _step_whole_draft(self, forward: bool) -> bool:
        if self.whole_draft.step(forward) is not None:
            return True
        where = "last" if forward else "first"
        hidden = "" if self.show_cosmetic.isChecked() else " (cosmetic changes are hidden)"
        self.status_message.emit(f"This is the {where} change of the whole draft{hidden}.")
        return False

    def _whole_draft_chose(self, clause: RedlineClause) -> None:
        """Select in the tree the clause the reader moved to in the whole draft (the view stays where it is)."""
        if clause.dropped and not self.whole_draft.against_previous:
            return  # a clause of an older round: the tree shows the round before's only
        self._choosing = True
        try:
            if not self.select_clause(clause.clause.id, dropped=clause.dropped):
                self.changed_only.setChecked(False)  # "Changed since" hid it
                self.select_clause(clause.clause.id, dropped=clause.dropped)
        finally:
            self._choosing = False

    # --- clause history -----------------------------------------------------------------------
    def current_ref(self) -> ClauseRef | None:
        """Return the clause selected in the tree as a ClauseRef (a dropped one is of the round before)."""
        entry = self.current_entry()
        if entry is None or self._round is None:
            return None
        if entry.dropped:
            previous = self._previous_round(self._round)
            return ClauseRef(previous.id, entry.clause.id) if previous is not None else None
        return ClauseRef(self._round.id, entry.clause.id)

    def show_history(self) -> None:
        """Show the History tab of the selected clause."""
        self.tabs.setCurrentIndex(0)
        self.right_tabs.setCurrentWidget(self.history)

    def selected_thread(self) -> Thread | None:
        """Return the thread of the clause selected in the tree, or None."""
        ref = self.current_ref()
        return self._store.thread(ref) if ref is not None else None

    def _refresh_history(self) -> None:
        # Reading a thread is a query per clause: done only while the History tab is shown.
        if self.right_tabs.currentWidget() is not self.history or not self._history_stale:
            return
        self._history_stale = False
        ref = self.current_ref()
        try:
            thread = self.selected_thread()
        except UserFacingError as error:
            self.history.show_thread(None, message=str(error))
            self.corrections.update_actions(None)
            return
        message = "Select a round to see its clauses." if self._round is None else ""
        entry = self.current_entry()
        within = entry.within if entry is not None else ""
        self.history.show_thread(thread, ref.draft_id if ref else None, within=within, message=message)
        self.corrections.update_actions(thread)

    def show_change(self, change: RecordChange) -> None:
        """Show the corrected thread after a correction, its undo or its redo (other changes come through show_deal)."""
        if change.kind is Changed.THREAD:
            self._history_stale = True
            self._refresh_history()

    def _show_refusal(self, error: UserFacingError) -> None:
        self.history.show_thread(None, message=str(error))

    def _tree_menu(self, pos: QPoint) -> None:
        index = self.clause_tree.indexAt(pos)
        if self.clause_model.entry(index) is None:
            return
        self.clause_tree.setCurrentIndex(index)
        try:
            self.corrections.update_actions(self.selected_thread())
        except UserFacingError as error:
            self._show_refusal(error)
            return
        menu = QMenu(self.clause_tree)
        menu.addAction(self.history_action)
        menu.addSeparator()
        menu.addActions(self.corrections.actions)
        menu.exec(self.clause_tree.viewport().mapToGlobal(pos))
