"""The Compare window: any two drafts, stored or straight from disk, read and compared on a worker.

It is a window of its own, as Word's Compare opens a new document: a lawyer keeps the deal
open beside it, and may compare several pairs at once. It reads the store (the deals and
rounds to pick from, a stored round's clauses) on the GUI thread and never writes to it.
It closes with the main window, whose store it reads.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.model import UserFacingError
from desktop.display.compare_rows import DraftInput, PreparedComparison, prepare_comparison
from desktop.qt import (
    QAction,
    QDialog,
    QEvent,
    QKeySequence,
    QMainWindow,
    QObject,
    Qt,
    QWidget,
    Signal,
)
from desktop.ui import compare_export
from desktop.ui.compare_picker import AskFile, ComparePicker, DraftSource, ask_draft_file
from desktop.ui.compare_view import CompareView
from desktop.ui.exporting import DESKTOP_HOOKS, ExportHooks
from desktop.ui.tasks import Task, TaskProgress, TaskRunner, report_failure

if TYPE_CHECKING:
    from desktop.core.playbook import Playbook
    from desktop.store import Store
    from desktop.ui.tasks import Messages

COMPARE_SHORTCUT = "Ctrl+Shift+C"


class CompareWindow(QMainWindow):
    """A window comparing two drafts: the compare view, a Cancel-able progress strip, and its menus."""

    shown = Signal()  # a comparison is on screen

    def __init__(
        self,
        store: Store,
        prompts: Messages,
        playbook: Callable[[], Playbook],
        *,
        ask_file: AskFile | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.store = store
        self.prompts = prompts
        self._playbook = playbook
        self._ask_file = ask_file if ask_file is not None else ask_draft_file(self)
        self.tasks = TaskRunner(prompts, self.show_status, self)
        self.ready_seconds: float | None = None  # comparison finished → view filled, last time
        # Export… and Print… save and print through these: tests put fakes here (compare_export.py).
        self.export_hooks: ExportHooks = DESKTOP_HOOKS
        self.ask_printer: compare_export.AskPrinter = compare_export.ask_printer_dialog
        self.printer = None  # the QPrinter of the last Print…, alive while its pages are painted
        self._sources: tuple[DraftSource, ...] = ()
        self.setWindowTitle("Compare two drafts — Counterdraft")
        self.view = CompareView()
        self.view.status_message.connect(self.show_status)
        self.setCentralWidget(self.view)
        self.progress = TaskProgress(self.tasks)
        self.statusBar().addPermanentWidget(self.progress)
        self._make_menus()
        self.resize(1400, 900)
        if parent is not None:
            parent.installEventFilter(self)  # close along with the main window (and its store)

    def _make_menus(self) -> None:
        self.pick_action = QAction("&Compare two drafts…", self)
        self.pick_action.setShortcut(QKeySequence(COMPARE_SHORTCUT))
        self.pick_action.triggered.connect(lambda checked=False: self.pick())
        self.close_action = QAction("&Close", self)
        self.close_action.setShortcut(QKeySequence("Ctrl+W"))
        self.close_action.triggered.connect(lambda checked=False: self.close())
        self.addActions([self.pick_action, self.close_action])
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.pick_action)
        file_menu.addSeparator()
        self.export_action, self.print_action = compare_export.install(self, file_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.close_action)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addActions(self.view.view_actions())

    def show_status(self, text: str) -> None:
        """Show a short message in the status bar."""
        self.statusBar().showMessage(text, 10_000)

    def picker(self, deal_id: int | None = None) -> ComparePicker:
        """Return the dialog that asks for the two drafts (the deal's last two rounds chosen when it has them)."""
        return ComparePicker(self.store, self._ask_file, self, deal_id=deal_id)

    def pick(self, deal_id: int | None = None) -> bool:
        """Ask for two drafts and compare them; return False when the user cancels."""
        dialog = self.picker(deal_id)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        sources = dialog.sources()
        return sources is not None and self.compare(*sources) is not None

    def compare(self, a: DraftSource, b: DraftSource) -> Task | None:
        """Read (files) and compare the two drafts on a worker, then show them; None when it could not start."""
        if self.tasks.busy:
            self.show_status("Wait for the current comparison to finish, or cancel it.")
            return None
        try:
            inputs = [self._input(source) for source in (a, b)]
            playbook = self._playbook()
        except UserFacingError as error:
            report_failure(error, self.prompts, self.show_status, title="Counterdraft", doing="reading the drafts")
            return None
        self.setWindowTitle(f"{a.name} ↔ {b.name} — Counterdraft")
        self._sources = (a, b)
        return self.tasks.run(
            "Comparing the drafts…",
            lambda progress, cancel: prepare_comparison(inputs[0], inputs[1], playbook, progress, cancel),
            on_success=self._show,
            failure_title="The drafts could not be compared",
        )

    def compared_files(self) -> tuple[Path, ...]:
        """Return the files from disk the comparison on screen was read from (an export never overwrites them)."""
        return tuple(source.path for source in self._sources if source.path is not None)

    def _input(self, source: DraftSource) -> DraftInput:
        if source.draft_id is not None:
            return DraftInput(source.name, clauses=self.store.clauses(source.draft_id),
                              notes=self.store.reading_notes(source.draft_id))
        return DraftInput(source.name, path=source.path)

    def _show(self, prepared: PreparedComparison) -> None:
        started = time.perf_counter()
        self.view.show_comparison(prepared)
        self.ready_seconds = time.perf_counter() - started
        counts = prepared.comparison.counts()
        if prepared.by_topic:
            self.show_status("Matched by topic: these drafts share no history.")
        else:
            self.show_status(f"{counts['substantive']} substantive and {counts['cosmetic']} cosmetic changes. "
                             "F8 goes to the next change.")
        self.shown.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Close:
            self.close()
        return False

    def closeEvent(self, event) -> None:
        # Nothing was written, so a comparison still running is simply dropped.
        self.tasks.shut_down()
        event.accept()


def open_compare(
    store: Store, prompts: Messages, playbook: Callable[[], Playbook], parent: QWidget, deal_id: int | None = None
) -> CompareWindow | None:
    """Open a Compare window and ask for the two drafts; None (and no window) when the user cancels."""
    window = CompareWindow(store, prompts, playbook, parent=parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    if not window.pick(deal_id):
        window.close()
        return None
    return window
