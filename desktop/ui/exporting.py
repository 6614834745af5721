"""Export from the window: the summary, the issues list and the Word redline of the selected deal.

The main window's File menu calls `open_summary_export`, `open_issues_list_export` and
`open_redline_export`. Each reads what it needs from the store here, on the GUI thread, and
opens a dialog whose export runs on a worker through the window's TaskRunner, with a progress
bar and Cancel.

The two things that leave the app, the Save dialog and opening the file, go through
`ExportHooks`: tests give the window a fake (`window.export_hooks = …`) so nothing modal
blocks and no file is ever opened by the desktop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.model import UserFacingError
from desktop.qt import (
    QDesktopServices,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    Qt,
    QUrl,
    QWidget,
    Signal,
)
from desktop.ui.tasks import Messages, Task, TaskRunner, Work, report_failure

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


@dataclass(frozen=True)
class ExportHooks:
    """How an export asks where to save and opens what it saved: real dialogs, or a test's fakes."""

    # (parent, dialog title, suggested path, file-type filter) → the chosen path, or None.
    choose_path: Callable[[QWidget, str, Path, str], Path | None]
    # Opens a file in the program the desktop associates with it; returns whether it could.
    open_file: Callable[[Path], bool]


def _save_dialog(parent: QWidget, title: str, suggested: Path, filter_text: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), filter_text)
    return Path(name) if name else None


def _open_with_desktop(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


DESKTOP_HOOKS = ExportHooks(choose_path=_save_dialog, open_file=_open_with_desktop)


def hooks_of(window: QWidget) -> ExportHooks:
    """Return the window's export hooks: a test's fakes when it set `export_hooks`, else the desktop's."""
    return getattr(window, "export_hooks", None) or DESKTOP_HOOKS


def safe_file_name(name: str) -> str:
    """Return a deal name usable as a file name on Windows, macOS and Linux."""
    cleaned = "".join("-" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in name)
    return " ".join(cleaned.split()).strip(" .") or "deal"


class ExportPanel(QDialog):
    """The part every export dialog shares: Export, a progress bar with Cancel, then Open the file."""

    exported = Signal(object)  # the Path written

    def __init__(self, runner: TaskRunner, hooks: ExportHooks, messages: Messages,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._runner = runner
        self._hooks = hooks
        self._messages = messages
        self.task: Task | None = None
        self.saved: Path | None = None
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # it shows file paths, which may hold "<"
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton("Export…")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.cancel_button = QPushButton("Cancel export")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.open_button = QPushButton("Open the file")
        self.open_button.clicked.connect(self.open_saved)
        self.open_button.hide()
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)

    def button_row(self) -> QHBoxLayout:
        """Return the dialog's bottom row: message, progress, and the buttons."""
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.progress)
        row.addWidget(self.cancel_button)
        row.addWidget(self.open_button)
        row.addWidget(self.export_button)
        row.addWidget(self.close_button)
        return row

    # --- what a dialog supplies -----------------------------------------------------------------
    def suggested_path(self) -> Path:
        """Return where the Save dialog starts."""
        raise NotImplementedError

    def file_filter(self) -> str:
        """Return the Save dialog's file-type filter."""
        raise NotImplementedError

    def suffix(self) -> str:
        """Return the suffix the chosen format writes (".docx")."""
        raise NotImplementedError

    def make_work(self, out: Path) -> Work:
        """Return the worker function writing the export to `out` (it must not touch Qt or the store)."""
        raise NotImplementedError

    # --- the flow ------------------------------------------------------------------------------
    def export(self) -> None:
        """Ask where to save, then write the file on a worker."""
        if self.task is not None:
            return
        chosen = self._hooks.choose_path(self, self.windowTitle(), self.suggested_path(), self.file_filter())
        if chosen is None:
            return
        out = Path(chosen)
        if out.suffix.lower() != self.suffix():
            out = out.with_name(out.name + self.suffix())
        try:
            work = self.make_work(out)
        except UserFacingError as error:
            report_failure(error, self._messages, self.message.setText, title=self.windowTitle(),
                           doing="preparing the export")
            return
        self.saved = None
        self.open_button.hide()
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.message.setText(f"Writing {out.name}…")
        self.task = self._runner.run(f"Exporting {out.name}…", work, on_success=self._on_saved,
                                     failure_title=self.windowTitle())
        self.task.progressed.connect(self._on_progress)
        self.task.finished.connect(self._on_finished)

    def cancel(self) -> None:
        """Stop the export; nothing is left on disk."""
        if self.task is not None:
            self.task.cancel()

    def open_saved(self) -> None:
        """Open the file just written in the program the desktop associates with it."""
        if self.saved is not None and not self._hooks.open_file(self.saved):
            self.message.setText(f"Saved {self.saved}. No program on this computer opens it.")

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _on_saved(self, path: Path) -> None:
        self.saved = Path(path)
        self.message.setText(f"Saved {self.saved}")
        self.open_button.show()
        self.open_button.setFocus()
        self.exported.emit(self.saved)

    def _on_finished(self) -> None:
        self.task = None
        self.progress.hide()
        self.cancel_button.hide()
        self.export_button.setEnabled(True)
        if self.saved is None:
            self.message.setText("Not saved.")

    def reject(self) -> None:
        # Closing while writing cancels: the temporary file is removed, the target untouched.
        self.cancel()
        super().reject()


def _current_deal(window: MainWindow):
    deal = window.current_deal
    if deal is None:
        window.show_status("Select a deal to export.")
    return deal


def open_summary_export(window: MainWindow, *, issues_list: bool = False) -> QDialog | None:
    """Open the export dialog for the selected deal's summary (or issues list); return it."""
    from desktop.export.summary.data import build_summary
    from desktop.ui.export_summary_dialog import SummaryExportDialog

    deal = _current_deal(window)
    if deal is None or window.tasks.busy:
        return None
    try:
        data = build_summary(window.store, deal.id, window.playbook())
    except UserFacingError as error:
        report_failure(error, window.prompts, window.show_status, title="Export", doing="reading the deal")
        return None
    dialog = SummaryExportDialog(data, window.tasks, hooks_of(window), window.prompts,
                                 issues_list=issues_list, parent=window)
    dialog.exported.connect(lambda path: window.show_status(f"Saved {path}"))
    dialog.open()
    return dialog


def open_issues_list_export(window: MainWindow) -> QDialog | None:
    """Open the export dialog on the issues list (.xlsx, .csv) of the selected deal; return it."""
    return open_summary_export(window, issues_list=True)


def open_redline_export(window: MainWindow) -> QDialog | None:
    """Open the Word redline dialog for two rounds of the selected deal; return it."""
    from desktop.ui.export_redline_dialog import RedlineExportDialog

    deal = _current_deal(window)
    if deal is None or window.tasks.busy:
        return None
    rounds = window.store.rounds(deal.id)
    if len(rounds) < 2:
        window.prompts.warn("Export redline", "A redline compares two rounds: import another draft of "
                                              "this deal first.")
        return None
    selected = window.deal_view.current_round
    dialog = RedlineExportDialog(window.store, deal, rounds, selected.id if selected else None,
                                 window.tasks, hooks_of(window), window.prompts, parent=window)
    dialog.exported.connect(lambda path: window.show_status(f"Saved {path}"))
    dialog.open()
    return dialog
