"""The Export redline dialog: two rounds of a deal, written as a Word document with tracked changes.

The rounds' original files are read from the store here, on the GUI thread; the worker reads
them as drafts and writes the redline (desktop.export.redline.write_redline, which
writes beside the target and then moves the file into place, so Cancel or a failure leaves
nothing behind).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop.display.words import long_date
from desktop.qt import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSettings,
    Qt,
    QVBoxLayout,
    QWidget,
)
from desktop.ui.exporting import ExportHooks, ExportPanel, safe_file_name, stored_drafts
from desktop.ui.settings import redline_author
from desktop.ui.tasks import Messages, TaskRunner, Work

if TYPE_CHECKING:
    from desktop.store import DealRow, RoundRow, Store


def default_author(deal: DealRow, sender: str, ours: str = "") -> str:
    """Return who the tracked changes are by: `ours` (else "Us") for our draft, the counterparty for theirs."""
    if sender == "us":
        return ours.strip() or "Us"
    return deal.counterparty.strip() or "Them"


class RedlineExportDialog(ExportPanel):
    """Pick rounds A and B, the author, and whether to leave out cosmetic changes; write the .docx."""

    def __init__(self, store: Store, deal: DealRow, rounds: list[RoundRow], selected: int | None,
                 runner: TaskRunner, hooks: ExportHooks, messages: Messages, *, folder: Path | None = None,
                 parent: QWidget | None = None) -> None:
        # Never written over the database or a file holding a stored draft (issue 19).
        super().__init__(runner, hooks, messages, parent, database=store.path, originals=stored_drafts(store))
        self.setWindowTitle("Export redline")
        self.setMinimumWidth(620)
        self._store = store
        self._deal = deal
        self._rounds = rounds
        self._folder = folder or Path.home()
        self._author_edited = False
        self.untracked: list[str] = []  # what the last redline could not mark (write_redline's notes)
        # The author the user set in Settings, read from the window's settings (the parent's).
        window_settings = getattr(parent, "settings", None)
        self._ours = redline_author(window_settings if isinstance(window_settings, QSettings) else None)
        self.round_a = QComboBox()
        self.round_b = QComboBox()
        for row in rounds:
            whose = "our" if row.sender == "us" else "their"
            text = f"Round {row.round_no}: {whose} draft of {long_date(row.date)} ({row.file_name})"
            self.round_a.addItem(text, row.id)
            self.round_b.addItem(text, row.id)
        # Default: the round before the selected one → the selected one (the latest pair otherwise).
        index_b = next((i for i, r in enumerate(rounds) if r.id == selected), len(rounds) - 1)
        index_b = max(index_b, 1)
        self.round_b.setCurrentIndex(index_b)
        self.round_a.setCurrentIndex(index_b - 1)
        self.substantive_only = QCheckBox("Substantive changes only (leave out punctuation, case and spacing)")
        self.author = QLineEdit(default_author(deal, rounds[index_b].sender, self._ours))
        self.author.textEdited.connect(self._on_author_edited)
        self.round_b.currentIndexChanged.connect(self._on_b_changed)
        self.round_a.currentIndexChanged.connect(self._check_rounds)
        self.round_b.currentIndexChanged.connect(self._check_rounds)
        explanation = QLabel("The redline is round B's own Word file with round A's text shown as tracked "
                             "deletions: Accept all gives B, Reject all gives A.")
        explanation.setWordWrap(True)
        form = QFormLayout()
        form.addRow("From (A)", self.round_a)
        form.addRow("To (B)", self.round_b)
        form.addRow("Changes by", self.author)
        form.addRow("", self.substantive_only)
        # What the last redline could not mark (a changed picture, a removed header), once saved.
        self.not_marked = QLabel()
        self.not_marked.setWordWrap(True)
        self.not_marked.setTextFormat(Qt.TextFormat.PlainText)
        self.not_marked.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.not_marked.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.not_marked)
        layout.addLayout(self.button_row())
        self._check_rounds()

    def _round(self, combo: QComboBox) -> RoundRow:
        return next(r for r in self._rounds if r.id == combo.currentData())

    def _on_author_edited(self, text: str) -> None:
        self._author_edited = bool(text.strip())

    def _on_b_changed(self, *args) -> None:
        if not self._author_edited:
            self.author.setText(default_author(self._deal, self._round(self.round_b).sender, self._ours))

    def _check_rounds(self, *args) -> None:
        same = self.round_a.currentData() == self.round_b.currentData()
        self.export_button.setEnabled(not same and self.task is None)
        self.message.setText("Choose two different rounds." if same else "")

    def suffix(self) -> str:
        """Return ".docx": a redline is a Word document."""
        return ".docx"

    def file_filter(self) -> str:
        """Return the Save dialog's filter."""
        return "Word document (*.docx)"

    def suggested_path(self) -> Path:
        """Return "<deal> — redline R2-R3.docx" in the last folder used."""
        a, b = self._round(self.round_a), self._round(self.round_b)
        return self._folder / f"{safe_file_name(self._deal.name)} — redline R{a.round_no}-R{b.round_no}.docx"

    def make_work(self, out: Path) -> Work:
        """Return the worker reading both rounds' originals and writing the tracked-changes redline."""
        a, b = self._round(self.round_a), self._round(self.round_b)
        # Read on the GUI thread: only it may use the store.
        originals = (self._store.original(a.id), self._store.original(b.id))
        names = (a.file_name, b.file_name)
        author = self.author.text().strip() or default_author(self._deal, b.sender, self._ours)
        date = b.date
        substantive_only = self.substantive_only.isChecked()
        self._folder = out.parent
        notes = self.untracked = []  # filled on the worker, read once the work is done

        def work(progress, cancel) -> Path:
            from desktop.core.pipeline import load_draft
            from desktop.export.redline import write_redline

            draft_a = load_draft(names[0], originals[0], cancel=cancel)
            draft_b = load_draft(names[1], originals[1], cancel=cancel)
            # write_redline writes beside `out` and moves the file into place itself.
            result = write_redline(draft_a, draft_b, out, author=author, date=date,
                                   substantive_only=substantive_only, progress=progress, cancel=cancel)
            notes.extend(result.notes)
            return out

        return work

    def _on_saved(self, path: Path) -> None:
        """Say the file is saved and, above the buttons, each change the redline could not mark."""
        super()._on_saved(path)
        lines = "\n".join(f"• {note}" for note in self.untracked)
        self.not_marked.setText(f"Not marked in the redline, so check by eye:\n{lines}" if lines else "")
        self.not_marked.setVisible(bool(lines))
