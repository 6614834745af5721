"""The Counterdraft window: the deals on the left, the selected deal's rounds, clauses and redline on the right.

The window reads and writes the store on the GUI thread only; reading and comparing drafts
runs on a worker through TaskRunner.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.model import UserFacingError
from desktop.samples import SAMPLE_DEAL, sample_rounds
from desktop.ui.deal_view import DealView
from desktop.ui.empty_states import NoDealsPage
from desktop.ui.dialogs import Prompts
from desktop.ui.importing import LatestRound, PreparedRound, RoundFile, prepare_rounds
from desktop.ui.models import DealListModel
from desktop.ui.qt import (
    QAbstractItemView,
    QAction,
    QDragEnterEvent,
    QDropEvent,
    QHBoxLayout,
    QKeySequence,
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
)
from desktop.ui.tasks import TaskProgress, TaskRunner, report_failure

if TYPE_CHECKING:
    from desktop.store import DealRow, RoundRow, Store

class MainWindow(QMainWindow):
    """The main window over one open Store."""

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
        self._refreshing = False  # set while refresh_deals selects a row itself
        self.setWindowTitle("Counterdraft")
        self.setAcceptDrops(True)
        self._make_actions()
        self._make_widgets()
        self._make_menus()
        self.tasks.started.connect(self._update_actions)
        self.tasks.idle.connect(self._update_actions)
        self._restore_layout()
        self.refresh_deals()

    # --- construction -------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda checked=False: slot())
        self.addAction(action)  # shortcuts work even where the menu bar is hidden
        return action

    def _make_actions(self) -> None:
        self.new_deal_action = self._action("&New deal…", self.new_deal, "Ctrl+N", "Start a new deal")
        self.import_action = self._action(
            "&Import round…", self.import_round, "Ctrl+I", "Add the next draft of the selected deal"
        )
        self.rename_action = self._action("&Rename deal…", self.rename_deal, "F2", "Rename the selected deal")
        self.delete_action = self._action(
            "&Delete deal…", self.delete_deal, QKeySequence(Qt.Key.Key_Delete), "Delete the selected deal"
        )
        self.sample_action = self._action(
            "Open the &sample deal", self.open_sample_deal, tip="Four real rounds of a cloud service agreement"
        )
        self.quit_action = self._action("&Quit", self.close, "Ctrl+Q")

    def _make_widgets(self) -> None:
        self.deals_model = DealListModel(self)
        self.deals_list = QListView()
        self.deals_list.setObjectName("dealsList")
        self.deals_list.setModel(self.deals_model)
        self.deals_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Deal names are long ("Acme AI — model licence 2025"): wrap them rather than clip them.
        self.deals_list.setWordWrap(True)
        self.deals_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.deals_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.deals_list.selectionModel().currentChanged.connect(self._on_deal_selected)
        self.deals_list.doubleClicked.connect(lambda index: self.rename_deal())

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
        self.deal_view = DealView(self.store)
        self.deal_view.import_requested.connect(self.import_action.trigger)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.no_deals_page)
        self.pages.addWidget(self.deal_view)

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(deals_panel)
        self.main_splitter.addWidget(self.pages)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setSizes([280, 1120])
        self.main_splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.main_splitter)

        self.progress = TaskProgress(self.tasks)
        self.statusBar().addPermanentWidget(self.progress)

    def _make_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        for action in (self.new_deal_action, self.import_action, self.sample_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        deal_menu = self.menuBar().addMenu("&Deal")
        for action in (self.import_action, self.rename_action, self.delete_action):
            deal_menu.addAction(action)

    # --- state --------------------------------------------------------------------------------
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
        self.deals_model.set_deals(self.store.deals())
        count = self.deals_model.rowCount()
        self.pages.setCurrentWidget(self.deal_view if count else self.no_deals_page)
        row = self.deals_model.row_of(keep) if keep is not None else -1
        if count and row < 0:
            row = 0
        if row >= 0:
            self._refreshing = True
            try:
                self.deals_list.setCurrentIndex(self.deals_model.index(row))
            finally:
                self._refreshing = False
            self._show_deal(self.deals_model.deal(row), select_draft)
        else:
            self.deal_view.show_deal(None, [])
        self._update_actions()

    def _on_deal_selected(self, current, previous) -> None:
        if current.isValid() and not self._refreshing:
            self._show_deal(self.deals_model.deal(current.row()))
        self._update_actions()

    def _show_deal(self, deal: DealRow, select_draft: int | None = None) -> None:
        self.deal_view.show_deal(deal, self.store.rounds(deal.id), select_draft=select_draft)

    def _update_actions(self, *args) -> None:
        idle = not self.tasks.busy
        has_deal = self.current_deal is not None
        self.new_deal_action.setEnabled(idle)
        self.sample_action.setEnabled(idle)
        for action in (self.import_action, self.rename_action, self.delete_action):
            action.setEnabled(idle and has_deal)
        self.rename_button.setEnabled(idle and has_deal)
        self.delete_button.setEnabled(idle and has_deal)
        self.deal_view.import_button.setEnabled(idle and has_deal)

    def _guard(self, doing: str, action) -> bool:
        """Return True when `action` ran; a UserFacingError (a store refusal) becomes a warning."""
        try:
            action()
        except UserFacingError as exc:
            report_failure(exc, self.prompts, self.show_status, title="Counterdraft", doing=doing)
            return False
        return True

    # --- deals --------------------------------------------------------------------------------
    def new_deal(self) -> None:
        """Ask for a new deal's particulars, create it and select it."""
        form = self.prompts.new_deal({deal.name for deal in self.store.deals()})
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
            self.refresh_deals(select_deal=created[0])
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
            self.refresh_deals(select_deal=deal.id)
            self.show_status(f"Renamed “{deal.name}” to “{name}”.")

    def delete_deal(self) -> None:
        """Delete the selected deal and its rounds once the user confirms."""
        deal = self.current_deal
        if deal is None or self.tasks.busy:
            return
        rounds = "1 round" if deal.round_count == 1 else f"{deal.round_count} rounds"
        text = (
            f"Delete the deal “{deal.name}” and its {rounds}?\n\n"
            "Counterdraft forgets every draft stored for it. Your own files on disk are not touched."
        )
        if not self.prompts.confirm("Delete deal", text, "Delete deal"):
            return
        row = self.deals_list.currentIndex().row()
        if self._guard("deleting the deal", functools.partial(self.store.delete_deal, deal.id)):
            remaining = self.store.deals()
            neighbour = remaining[min(row, len(remaining) - 1)].id if remaining else None
            self.refresh_deals(select_deal=neighbour)
            self.show_status(f"Deleted the deal “{deal.name}”.")

    def open_sample_deal(self) -> None:
        """Select the sample deal, creating it on a worker first when it does not exist."""
        existing = self.store.deal_by_name(SAMPLE_DEAL["name"])
        if existing is not None:
            self.refresh_deals(select_deal=existing.id)
            return
        if self.tasks.busy:
            return
        files = [RoundFile(path, sender, date) for path, sender, date in sample_rounds()]

        def write(prepared: tuple[PreparedRound, ...]) -> None:
            deal_id = self.store.create_deal(**SAMPLE_DEAL)
            self._write_rounds(deal_id, prepared)
            self.show_status("Opened the sample deal: four rounds of a real cloud service agreement.")

        self.tasks.run(
            "Opening the sample deal…",
            lambda progress, cancel: prepare_rounds(files, None, progress=progress, cancel=cancel),
            on_success=write,
            failure_title="The sample deal could not be opened",
        )

    # --- rounds -------------------------------------------------------------------------------
    def import_round(self) -> None:
        """Ask for draft files and import them as the selected deal's next rounds."""
        if self.current_deal is None or self.tasks.busy:
            return
        paths = self.prompts.open_drafts()
        if paths:
            self.import_files(paths)

    def import_files(self, paths: Sequence[Path]) -> None:
        """Ask who sent each file and when, then read and compare them on a worker and store them."""
        deal = self.current_deal
        if deal is None or not paths:
            return
        if self.tasks.busy:
            self.show_status("Wait for the current import to finish.")
            return
        rounds = self.store.rounds(deal.id)
        sender = "us" if rounds and rounds[-1].sender == "them" else "them"
        if not rounds:
            sender = "them"  # a deal usually starts on the other side's paper
        files: list[RoundFile] = []
        for number, path in enumerate(paths, start=len(rounds) + 1):
            details = self.prompts.round_details(path.name, number, sender, datetime.date.today())
            if details is None:
                self.show_status("Import cancelled; nothing was imported.")
                return
            files.append(RoundFile(Path(path), details.sender, details.date))
            sender = "them" if details.sender == "us" else "us"
        latest = LatestRound(rounds[-1].file_name, self.store.clauses(rounds[-1].id)) if rounds else None
        what = files[0].path.name if len(files) == 1 else f"{len(files)} drafts"
        self.tasks.run(
            f"Importing {what}…",
            lambda progress, cancel: prepare_rounds(files, latest, progress=progress, cancel=cancel),
            on_success=functools.partial(self._after_import, deal.id, rounds),
            failure_title="The draft was not imported",
        )

    def _after_import(self, deal_id: int, rounds: list[RoundRow], prepared: tuple[PreparedRound, ...]) -> None:
        known = {row.sha256: row.round_no for row in rounds}
        for item in prepared:
            round_no = known.get(item.draft.document.sha256)
            if round_no is not None:
                text = (
                    f"{item.draft.document.name} is the same file as round {round_no} of this deal. "
                    "Import it again as a new round?"
                )
                if not self.prompts.confirm("Same draft again", text, "Import again"):
                    self.show_status("Import cancelled; nothing was imported.")
                    return
        written = self._write_rounds(deal_id, prepared)
        last = self.store.round(written[-1])
        if last.changed_count is None:
            summary = f"{last.clause_count} clauses"
        else:
            summary = f"{last.changed_count} changed, {last.substantive_count or 0} substantive"
        self.show_status(f"Imported round {last.round_no} ({last.file_name}): {summary}.")

    def _write_rounds(self, deal_id: int, prepared: Sequence[PreparedRound]) -> list[int]:
        """Return the draft ids of `prepared` written as the deal's next rounds (on the GUI thread)."""
        written: list[int] = []
        try:
            for item in prepared:
                written.append(
                    self.store.add_round(
                        deal_id, item.draft, sender=item.sender, date=item.date, comparison=item.comparison
                    )
                )
        finally:
            # Show what did get written even when a later round failed.
            self.refresh_deals(select_deal=deal_id, select_draft=written[-1] if written else None)
        return written

    # --- drag and drop ------------------------------------------------------------------------
    def _dropped_paths(self, event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.current_deal is not None and not self.tasks.busy and self._dropped_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._dropped_paths(event)
        if not paths or self.current_deal is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_files(paths)

    # --- layout memory ------------------------------------------------------------------------
    def _splitters(self) -> dict[str, QSplitter]:
        return {
            "mainSplitter": self.main_splitter,
            "dealSplitter": self.deal_view.deal_splitter,
            "roundSplitter": self.deal_view.round_splitter,
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
        """Remember the window's geometry and splitter positions for the next start."""
        self.settings.setValue("window/geometry", self.saveGeometry())
        for key, splitter in self._splitters().items():
            self.settings.setValue(f"window/{key}", splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event) -> None:
        # Stop the workers before the store closes under them; their results are dropped
        # because nothing was written yet (the GUI thread writes only on success).
        self.tasks.shut_down()
        self.save_layout()
        event.accept()
