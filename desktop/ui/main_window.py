"""The Counterdraft window: the deals on the left, the selected deal's rounds, clauses and redline on the right.

The window reads and writes the store on the GUI thread only; reading and comparing drafts
runs on a worker through TaskRunner (see window_rounds.RoundImporting). The helpers that act
for it (export_actions, backup_ui, search_actions, matrix_view, tour) see it only as a
window_context.WindowContext.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.model import UserFacingError
from desktop.core.playbook import Playbook, default_playbook_path, load_playbook
from desktop.qt import (
    QAbstractItemView,
    QAction,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QPushButton,
    QSettings,
    QSplitter,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desktop.ui import deal_deletion, export_actions, record_corrections, round_deletion, search_actions
from desktop.ui.compare_window import open_compare
from desktop.ui.deal_view import DealView
from desktop.ui.dialogs import Prompts
from desktop.ui.empty_states import NoDealsPage
from desktop.ui.exporting import DESKTOP_HOOKS, ExportHooks
from desktop.ui.models import DealListModel
from desktop.ui.positions_view import PositionsView
from desktop.ui.record_change import Changed, RecordChange
from desktop.ui.settings import default_side, last_deal, remember_last_deal
from desktop.ui.shortcuts import bind
from desktop.ui.tasks import TaskProgress, TaskRunner, report_failure
from desktop.ui.undo_history import UndoHistory
from desktop.ui.window_menus import WindowMenus
from desktop.ui.window_rounds import RoundImporting

if TYPE_CHECKING:
    from desktop.store import DealRow, Store


# The changes the deal list shows (and, through it, the deal page); the panes show the others.
DEAL_LIST_CHANGES = (Changed.DEAL_CREATED, Changed.DEAL_RENAMED, Changed.DEAL_DELETED, Changed.ROUNDS_IMPORTED,
                     Changed.PLAYBOOK, Changed.ROUND_DELETED, Changed.DEAL_RESTORED, Changed.DEAL_DETAILS,
                     Changed.ROUNDS_CHANGED)


class MainWindow(RoundImporting, WindowMenus, QMainWindow):
    """The main window over one open Store."""

    # Every change of the record, as a RecordChange; the deal list and the panes listen.
    record_changed = Signal(object)

    def __init__(
        self,
        store: Store,
        *,
        prompts: Prompts | None = None,
        settings: QSettings | None = None,
        log_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.prompts = prompts if prompts is not None else Prompts(self, log_path=log_path)
        # Tests pass a QSettings on a temporary file so they never touch the user's settings.
        self.settings = settings if settings is not None else QSettings()
        self.tasks = TaskRunner(self.prompts, self.show_status, self)
        # One undo stack per deal; Undo and Redo act on the deal on screen (undo_history.py).
        self.history = UndoHistory(self)
        self.export_hooks: ExportHooks = DESKTOP_HOOKS  # tests put fakes here: nothing modal opens
        self._shipped: Playbook | None = None
        self._refreshing = False  # set while refresh_deals selects a row itself
        self.setWindowTitle("Counterdraft")
        self.setAcceptDrops(True)
        self._make_actions()
        self._make_widgets()
        self.delete_round_action = round_deletion.install(self)  # also the Rounds table's menu and Delete key
        self.corrections = record_corrections.install(self)  # Round details…, Deal details…, Open original…
        self._make_menu_actions()
        self._make_menus()
        self.search_action, self.settings_action = search_actions.install(self, self.edit_menu)
        self.tasks.started.connect(self._update_actions)
        self.tasks.idle.connect(self._update_actions)
        self._restore_layout()
        self.refresh_deals(select_deal=last_deal(self.settings))

    # --- construction -------------------------------------------------------------------------
    def add_action(self, text: str, slot: Callable[[], object], shortcut_id: str | None = None,
                   tip: str = "") -> QAction:
        """Return a window action running `slot`, with the keys of `shortcut_id` in shortcuts.py."""
        action = QAction(text, self)
        if shortcut_id is not None:
            bind(action, shortcut_id)
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda checked=False: slot())
        self.addAction(action)  # shortcuts work even where the menu bar is hidden
        return action

    def _make_actions(self) -> None:
        self.new_deal_action = self.add_action("&New deal…", self.new_deal, "new_deal", "Start a new deal")
        self.import_action = self.add_action(
            "&Import round…", self.import_round, "import_round", "Add the next draft of the selected deal"
        )
        self.rename_action = self.add_action(
            "&Rename deal…", self.rename_deal, "rename_deal", "Rename the selected deal"
        )
        self.delete_action = self.add_action(
            "&Delete deal…", self.delete_deal, "delete_deal", "Delete the selected deal"
        )
        self.sample_action = self.add_action(
            "Open the &sample deal", self.open_sample_deal, tip="Four real rounds of a cloud service agreement"
        )
        self.quit_action = self.add_action("&Quit", self.close, "quit", "Close the window and quit")
        self.undo_action, self.redo_action = self.history.undo_action, self.history.redo_action
        self.addActions([self.undo_action, self.redo_action])
        self.clauses_tab_action = self.add_action(
            "&Clauses", lambda: self.deal_view.tabs.setCurrentIndex(0), "clauses_tab", "Each round's clauses and their redline"
        )
        self.positions_tab_action = self.add_action(
            "&Positions", lambda: self.deal_view.tabs.setCurrentIndex(1), "positions_tab", "The deal's key positions by round"
        )
        self.playbook_action = self.add_action(
            "&Playbook…", self.edit_playbook, tip="Add positions of your own to the playbook"
        )
        self.compare_action = self.add_action(
            "&Compare two drafts…", self.compare_drafts, "compare",
            "Any two drafts side by side: rounds of any deals, or two vendors' papers from disk",
        )
        self.export_summary_action = self.add_action(
            "Export &summary…", self.export_summary, "export_summary", "The deal's negotiation summary as Word, PDF or Markdown"
        )
        self.export_issues_action = self.add_action(
            "Export issues &list…", self.export_issues_list, tip="One row per position, as Excel or CSV"
        )
        self.export_redline_action = self.add_action(
            "Export &redline…", self.export_redline, "export_redline", "Two rounds as a Word document with tracked changes"
        )

    def _make_widgets(self) -> None:
        self.deals_model = DealListModel(self)
        self.deals_list = QListView()
        self.deals_list.setAccessibleName("Deals")
        self.deals_list.setObjectName("dealsList")
        self.deals_list.setModel(self.deals_model)
        self.deals_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Deal names are long ("Acme AI — model licence 2025"): wrap them rather than clip them.
        self.deals_list.setWordWrap(True)
        self.deals_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.deals_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.deals_list.selectionModel().currentChanged.connect(self._on_deal_selected)
        self.deals_list.doubleClicked.connect(lambda index: self.rename_deal())
        # A click on the deal already shown (after a deletion) turns Undo back to that deal's edits.
        self.deals_list.clicked.connect(lambda index: self._turn_undo_to_current_deal())

        heading = QLabel("Deals")
        heading.setObjectName("sectionHeading")
        new_button = QPushButton("New deal…")
        new_button.clicked.connect(self.new_deal_action.trigger)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch()
        top.addWidget(new_button)
        self.rename_button = QPushButton("Rename…")
        self.rename_button.clicked.connect(self.rename_action.trigger)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(self.delete_action.trigger)
        bottom = QHBoxLayout()
        bottom.addWidget(self.rename_button)
        bottom.addWidget(self.delete_button)
        bottom.addStretch()
        deals_panel = QWidget()
        deals_panel.setObjectName("dealsPanel")
        panel_layout = QVBoxLayout(deals_panel)
        panel_layout.setContentsMargins(12, 12, 8, 8)
        panel_layout.addLayout(top)
        panel_layout.addWidget(self.deals_list)
        panel_layout.addLayout(bottom)

        self.no_deals_page = NoDealsPage(self.new_deal_action, self.sample_action)
        self.positions_view = PositionsView(self.store, self.history, self.playbook, self.report_record_error)
        self.deal_view = DealView(
            self.store, self.positions_view, history=self.history, settings=self.settings,
            failed=self.report_record_error,
        )
        self.deal_view.import_requested.connect(self.import_action.trigger)
        self.deal_view.status_message.connect(self.show_status)
        self.deal_view.round_changed.connect(self._update_actions)
        for name in ("next_change", "previous_change", "history", "whole_draft"):
            bind(getattr(self.deal_view, f"{name}_action"), name)  # the deal page's own actions
        self.deal_view.whole_draft.runner = self.tasks  # comparing two rounds far apart runs on a worker
        # The panes announce what they wrote; the window passes every change to every listener.
        for pane in (self.positions_view, self.deal_view):
            pane.record_changed.connect(self.record_changed)
            self.record_changed.connect(pane.show_change)
        self.record_changed.connect(self._show_change)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.no_deals_page)
        self.pages.addWidget(self.deal_view)

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(deals_panel)
        self.main_splitter.addWidget(self.pages)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setSizes([250, 1150])
        self.main_splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.main_splitter)

        self.progress = TaskProgress(self.tasks)
        self.statusBar().addPermanentWidget(self.progress)

    # --- state --------------------------------------------------------------------------------
    @property
    def widget(self) -> QMainWindow:
        """Return the window itself: the parent of what its helpers open (window_context.py)."""
        return self

    @property
    def current_deal(self) -> DealRow | None:
        """Return the selected deal, or None."""
        index = self.deals_list.currentIndex()
        return self.deals_model.deal(index.row()) if index.isValid() else None

    def show_status(self, text: str) -> None:
        """Show a short message in the status bar."""
        self.statusBar().showMessage(text, 10_000)

    def refresh_deals(self, select_deal: int | None = None, select_draft: int | None = None) -> None:
        """Reload the deal list from the store and select `select_deal` (default: the one selected)."""
        current = self.current_deal
        keep = select_deal if select_deal is not None else (current.id if current else None)
        row_before = self.deals_list.currentIndex().row()
        self.deals_model.set_deals(self.store.deals())
        count = self.deals_model.rowCount()
        self.pages.setCurrentWidget(self.deal_view if count else self.no_deals_page)
        row = self.deals_model.row_of(keep) if keep is not None else -1
        if count and row < 0:
            # The selected deal is gone (deleted): select the one that took its row.
            row = min(max(row_before, 0), count - 1) if select_deal is None else 0
        if row >= 0:
            self._refreshing = True
            try:
                self.deals_list.setCurrentIndex(self.deals_model.index(row))
            finally:
                self._refreshing = False
            self._show_deal(self.deals_model.deal(row), select_draft)
        else:
            self.deal_view.show_deal(None, [])
            self.history.show_deal(None)
        self._update_actions()

    def _show_change(self, change: RecordChange) -> None:
        """Show the deal list again when a deal, its rounds or the playbook changed."""
        if change.kind in DEAL_LIST_CHANGES:
            select = None if change.kind is Changed.DEAL_DELETED else change.deal_id
            self.refresh_deals(select_deal=select, select_draft=change.draft_id)

    def _on_deal_selected(self, current, previous) -> None:
        if current.isValid() and not self._refreshing:
            self._show_deal(self.deals_model.deal(current.row()))
        self._update_actions()

    def _turn_undo_to_current_deal(self) -> None:
        deal = self.current_deal
        self.history.show_deal(deal.id if deal else None, deal.name if deal else "")

    def _show_deal(self, deal: DealRow, select_draft: int | None = None) -> None:
        self.history.show_deal(deal.id, deal.name)  # Undo and Redo now act on this deal only
        self.deal_view.show_deal(deal, self.store.rounds(deal.id), select_draft=select_draft)

    def _update_actions(self, *args) -> None:
        idle = not self.tasks.busy
        has_deal = self.current_deal is not None
        self.new_deal_action.setEnabled(idle)
        self.sample_action.setEnabled(idle)
        for action in (self.import_action, self.rename_action, self.delete_action):
            action.setEnabled(idle and has_deal)
        self.delete_round_action.setEnabled(idle and has_deal and self.deal_view.current_round is not None)
        self.history.set_busy(not idle)
        for action in (self.export_summary_action, self.export_issues_action, self.export_redline_action):
            action.setEnabled(idle and has_deal)
        self.rename_button.setEnabled(idle and has_deal)
        self.delete_button.setEnabled(idle and has_deal)
        self.deal_view.import_button.setEnabled(idle and has_deal)
        self._update_status_actions()

    def shipped_playbook(self) -> Playbook:
        """Return the shipped AI-contracts playbook (read once; a damaged file raises UserFacingError)."""
        if self._shipped is None:
            self._shipped = load_playbook(default_playbook_path())
        return self._shipped

    def playbook(self) -> Playbook:
        """Return the playbook the deals use: the shipped one with the user's own positions laid over it."""
        return self.store.playbook(self.shipped_playbook())

    def compare_drafts(self) -> None:
        """Open a Compare window on two drafts the user picks (offering the selected deal's last two rounds)."""
        deal = self.current_deal
        open_compare(self.store, self.prompts, self.playbook, self, deal.id if deal else None)

    def edit_playbook(self) -> None:
        """Open the Playbook dialog; show the deal's positions again when the user changed any."""
        try:
            shipped = self.shipped_playbook()
        except UserFacingError as error:
            self.report_record_error(error)
            return
        if self.prompts.edit_playbook(self.store, shipped):
            self.record_changed.emit(RecordChange(Changed.PLAYBOOK, None))

    def report_record_error(self, error: UserFacingError) -> None:
        """Tell the user the store refused a read or a write."""
        report_failure(error, self.prompts, self.show_status, title="Counterdraft", doing="saving the record")

    def _guard(self, doing: str, action) -> bool:
        """Return True when `action` ran; a UserFacingError (a store refusal) becomes a warning."""
        try:
            action()
        except UserFacingError as exc:
            report_failure(exc, self.prompts, self.show_status, title="Counterdraft", doing=doing)
            return False
        return True

    # --- export (desktop/ui/export_actions.py) -------------------------------------------------
    def export_summary(self) -> None:
        """Preview and export the selected deal's negotiation summary."""
        export_actions.open_summary_export(self)

    def export_issues_list(self) -> None:
        """Preview and export the selected deal's issues list."""
        export_actions.open_issues_list_export(self)

    def export_redline(self) -> None:
        """Export two rounds of the selected deal as a Word redline."""
        export_actions.open_redline_export(self)

    # --- deals --------------------------------------------------------------------------------
    def new_deal(self) -> None:
        """Ask for a new deal's particulars, create it and select it."""
        form = self.prompts.new_deal({deal.name for deal in self.store.deals()},
                                     our_side=default_side(self.settings))
        if form is None:
            return
        created: list[int] = []

        def create() -> None:
            created.append(
                self.store.create_deal(
                    form.name,
                    counterparty=form.counterparty,
                    our_side=form.our_side,
                    deal_type=form.deal_type,
                    jurisdictions=form.jurisdictions,
                )
            )

        if self._guard("creating the deal", create):
            self.record_changed.emit(RecordChange(Changed.DEAL_CREATED, created[0]))
            self.show_status(f"Created the deal “{form.name}”. Import its first draft with Import round…")

    def rename_deal(self) -> None:
        """Ask for the selected deal's new name and rename it."""
        deal = self.current_deal
        if deal is None or self.tasks.busy:
            return
        name = self.prompts.rename_deal(deal.name, {d.name for d in self.store.deals()})
        if name is None or name == deal.name:
            return
        if self._guard("renaming the deal", functools.partial(self.store.rename_deal, deal.id, name)):
            self.record_changed.emit(RecordChange(Changed.DEAL_RENAMED, deal.id))
            self.show_status(f"Renamed “{deal.name}” to “{name}”.")

    def delete_deal(self) -> None:
        """Delete the selected deal and its rounds once the user confirms; Edit ▸ Undo puts it back."""
        deal_deletion.delete_deal(self)

    def delete_round(self) -> None:
        """Delete the round selected in the Rounds table once the user confirms; Edit ▸ Undo puts it back."""
        round_deletion.delete_selected_round(self)

    # --- layout memory ------------------------------------------------------------------------
    def _splitters(self) -> dict[str, QSplitter]:
        return {
            "mainSplitter": self.main_splitter,
            "dealSplitter": self.deal_view.deal_splitter,
            "roundSplitter": self.deal_view.round_splitter,
            "positionsSplitter": self.positions_view.splitter,
        }

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1400, 900)
        for key, splitter in self._splitters().items():
            state = self.settings.value(f"window/{key}")
            if state is not None:
                splitter.restoreState(state)

    def save_layout(self) -> None:
        """Remember the window's geometry, splitter positions and selected deal for the next start."""
        self.settings.setValue("window/geometry", self.saveGeometry())
        for key, splitter in self._splitters().items():
            self.settings.setValue(f"window/{key}", splitter.saveState())
        remember_last_deal(self.settings, self.current_deal.id if self.current_deal else None)
        self.settings.sync()

    def reopen(self, store: Store) -> MainWindow:
        """Return a new window like this one over `store` (a restored backup), shown in its place; close this one."""
        prompts = self.prompts
        replacement = type(self)(store, prompts=None if isinstance(prompts, Prompts) else prompts,
                                 settings=self.settings, log_path=getattr(prompts, "log_path", None))
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(store.close)
        replacement.show()
        self.close()
        return replacement

    def closeEvent(self, event) -> None:
        # Stop the workers before the store closes under them; their results are dropped
        # because nothing was written yet (the GUI thread writes only on success), and a round
        # being written in steps is rolled back whole (Store.add_round_steps).
        self.tasks.shut_down()
        self.save_layout()
        event.accept()
