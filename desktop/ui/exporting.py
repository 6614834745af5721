"""What every export dialog shares: Export, a progress bar with Cancel, then Open the file.

`ExportPanel` is the base of the summary and redline dialogs (export_actions.py opens them).
The two things that leave the app, the Save dialog and opening the file, go through
`ExportHooks`: tests give the window a fake (`window.export_hooks = …`) so nothing modal
blocks and no file is ever opened by the desktop.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.model import UserFacingError
from desktop.export.files import refuse_overwriting
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
    from desktop.store import Store


@dataclass(frozen=True)
class ExportHooks:
    """How an export asks where to save and opens what it saved: real dialogs, or a test's fakes."""

    # (parent, dialog title, suggested path, file-type filter) → the chosen path, or None.
    choose_path: Callable[[QWidget, str, Path, str], Path | None]
    # Opens a file in the program the desktop associates with it; returns whether it could.
    open_file: Callable[[Path], bool]


# Suffixes of other kinds of document: typed by mistake, they give way to the chosen format's
# ("summary.txt" saved as PDF is "summary.pdf", never "summary.txt.pdf"). Any other dot stays
# part of the name ("Acme Inc. — summary" becomes "Acme Inc. — summary.pdf").
DOCUMENT_SUFFIXES = frozenset({
    ".doc", ".docx", ".docm", ".dot", ".dotx", ".rtf", ".odt", ".pages", ".pdf", ".md", ".markdown",
    ".txt", ".htm", ".html", ".xls", ".xlsx", ".xlsm", ".ods", ".numbers", ".csv", ".tsv",
})


def export_path(chosen: Path, suffix: str, supported: Sequence[str]) -> Path:
    """Return the file to write when the user typed `chosen` with the format `suffix` selected.

    A suffix the dialog can write wins (the format follows it); another document suffix is
    replaced by `suffix`; a name without one gets `suffix` added.
    """
    typed = chosen.suffix.lower()
    if typed in supported:
        return chosen
    if typed in DOCUMENT_SUFFIXES:
        return chosen.with_suffix(suffix)
    return chosen.with_name(chosen.name + suffix)


def filter_suffix(filter_text: str) -> str:
    """Return the suffix a Save dialog's filter names ("Word (*.docx)" → ".docx"), or ""."""
    match = re.search(r"\(\*(\.[\w.]+)\)", filter_text)
    return match.group(1).lower() if match else ""


def _save_dialog(parent: QWidget, title: str, suggested: Path, filter_text: str) -> Path | None:
    name, selected = QFileDialog.getSaveFileName(parent, title, str(suggested), filter_text)
    if not name:
        return None
    # The user may pick another file type in the dialog and type a bare name: that type wins.
    suffix = filter_suffix(selected)
    supported = [filter_suffix(part) for part in filter_text.split(";;")]
    return export_path(Path(name), suffix, supported) if suffix else Path(name)


def _open_with_desktop(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


DESKTOP_HOOKS = ExportHooks(choose_path=_save_dialog, open_file=_open_with_desktop)


def stored_drafts(store: Store) -> dict[str, str]:
    """Return sha256 → "the draft of round 2 of Acme (acme.docx)" for every round of every deal.

    No export is written over one of them (issue 19): the store keeps the drafts' contents,
    not where their files were, so a file holding one is known by its content. Reads the
    store: GUI thread only.
    """
    drafts: dict[str, str] = {}
    for deal in store.deals():
        for r in store.rounds(deal.id):
            drafts[r.sha256] = f"the draft of round {r.round_no} of {deal.name} ({r.file_name})"
    return drafts


def safe_file_name(name: str) -> str:
    """Return a deal name usable as a file name on Windows, macOS and Linux."""
    cleaned = "".join("-" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in name)
    return " ".join(cleaned.split()).strip(" .") or "deal"


class ExportPanel(QDialog):
    """The part every export dialog shares: Export, a progress bar with Cancel, then Open the file."""

    exported = Signal(object)  # the Path written

    def __init__(self, runner: TaskRunner, hooks: ExportHooks, messages: Messages,
                 parent: QWidget | None = None, *, database: Path | None = None,
                 originals: Mapping[str, str] | None = None) -> None:
        """`database` (the store's file) and `originals` (sha256 → what it is: stored_drafts)
        are what the export is made from: the Save dialog's answer may be neither, nor a link to one."""
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._runner = runner
        self._hooks = hooks
        self._messages = messages
        self._database = database
        self._originals = dict(originals or {})
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

    def suffixes(self) -> tuple[str, ...]:
        """Return every suffix the dialog can write; a file name typed with one of them chooses it."""
        return (self.suffix(),)

    def follow_suffix(self, suffix: str) -> None:
        """Choose the format of `suffix` (one of `suffixes()`), because the user typed it."""

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
        out = export_path(Path(chosen), self.suffix(), self.suffixes())
        if out.suffix.lower() != self.suffix():
            self.follow_suffix(out.suffix.lower())
        try:
            # Never over the database or a stored draft's file, nor a link to either (issue 19).
            refuse_overwriting(out, database=self._database, originals=self._originals)
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
