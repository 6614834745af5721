"""Choosing the two drafts to compare: a stored round of any deal, or a file on disk that is not stored.

The picker only reads the store's lists of deals and rounds; the chosen files are read later,
on a worker, and nothing is written to the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.display.words import long_date
from desktop.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
from desktop.ui.dialogs import DRAFT_FILTER

if TYPE_CHECKING:
    from desktop.store import Store

AskFile = Callable[[str], "Path | None"]


@dataclass(frozen=True)
class DraftSource:
    """One side of a comparison as chosen: a stored round (draft_id) or a file on disk (path)."""

    name: str  # what the pane's title says: "Acme — round 2 (them)" or the file name
    draft_id: int | None = None
    path: Path | None = None


def ask_draft_file(parent: QWidget | None) -> AskFile:
    """Return a function that asks for one draft file with the system's file dialog."""

    def ask(title: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, title, "", DRAFT_FILTER)
        return Path(name) if name else None

    return ask


class SidePicker(QWidget):
    """One side of the picker: a deal and one of its rounds, or a file on disk."""

    def __init__(self, store: Store, letter: str, ask_file: AskFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._letter = letter
        self._ask_file = ask_file
        self.path: Path | None = None
        self.stored = QRadioButton("A round of a deal")
        self.from_file = QRadioButton("A file on disk (not stored)")
        self.deal = QComboBox()
        for deal in store.deals():
            if deal.round_count:
                self.deal.addItem(deal.name, deal.id)
        self.round = QComboBox()
        self.deal.currentIndexChanged.connect(lambda i: self._fill_rounds())
        self.file_label = QLabel("No file chosen")
        self.file_label.setObjectName("counts")
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)  # a file name is never markup
        self.choose = QPushButton("Choose file…")
        self.choose.clicked.connect(self.choose_file)
        self.stored.toggled.connect(lambda on: self._enable())
        (self.stored if self.deal.count() else self.from_file).setChecked(True)
        self.stored.setEnabled(self.deal.count() > 0)
        form = QFormLayout()
        form.addRow("Deal:", self.deal)
        form.addRow("Round:", self.round)
        file_row = QHBoxLayout()
        file_row.addWidget(self.choose)
        file_row.addWidget(self.file_label, 1)
        layout = QVBoxLayout(self)
        heading = QLabel(f"Draft {letter}" + (" (left, the earlier text)" if letter == "A" else " (right)"))
        heading.setObjectName("sectionHeading")
        layout.addWidget(heading)
        layout.addWidget(self.stored)
        layout.addLayout(form)
        layout.addWidget(self.from_file)
        layout.addLayout(file_row)
        self._fill_rounds()
        self._enable()

    def _fill_rounds(self) -> None:
        self.round.clear()
        deal_id = self.deal.currentData()
        if deal_id is None:
            return
        for row in self._store.rounds(deal_id):
            who = "us" if row.sender == "us" else "them"
            self.round.addItem(f"Round {row.round_no} — {who}, {long_date(row.date)} — {row.file_name}", row.id)

    def _enable(self) -> None:
        stored = self.stored.isChecked()
        self.deal.setEnabled(stored)
        self.round.setEnabled(stored)

    def select(self, deal_id: int, draft_id: int) -> None:
        """Choose the stored round `draft_id` of deal `deal_id`."""
        at = self.deal.findData(deal_id)
        if at >= 0:
            self.deal.setCurrentIndex(at)
            self.round.setCurrentIndex(max(0, self.round.findData(draft_id)))
            self.stored.setChecked(True)

    def choose_file(self) -> None:
        """Ask for a draft file and use it for this side."""
        path = self._ask_file(f"Draft {self._letter} to compare")
        if path is None:
            return
        self.path = path
        self.file_label.setText(path.name)
        self.file_label.setToolTip(str(path))
        self.from_file.setChecked(True)

    def source(self) -> DraftSource | None:
        """Return what this side is set to, or None when it is set to nothing yet."""
        if self.from_file.isChecked():
            return DraftSource(self.path.name, path=self.path) if self.path else None
        draft_id = self.round.currentData()
        if draft_id is None:
            return None
        row = self._store.round(draft_id)
        return DraftSource(f"{self.deal.currentText()} — round {row.round_no}", draft_id=draft_id)


class ComparePicker(QDialog):
    """Asks for the two drafts to compare; `sources()` gives them once the user presses Compare."""

    def __init__(self, store: Store, ask_file: AskFile, parent: QWidget | None = None,
                 *, deal_id: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare two drafts")
        self.setMinimumWidth(760)
        self.side_a = SidePicker(store, "A", ask_file)
        self.side_b = SidePicker(store, "B", ask_file)
        if deal_id is not None:
            rounds = store.rounds(deal_id)
            if len(rounds) >= 2:  # the deal's last two rounds, the usual question
                self.side_a.select(deal_id, rounds[-2].id)
                self.side_b.select(deal_id, rounds[-1].id)
        sides = QHBoxLayout()
        sides.addWidget(self.side_a)
        sides.addWidget(self.side_b)
        intro = QLabel("Pick any two drafts: rounds of the same deal, rounds of two deals, or two vendors' "
                       "papers straight from disk. Nothing is stored.")
        intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Compare")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(sides)
        layout.addWidget(self.buttons)
        for side in (self.side_a, self.side_b):
            for signal in (side.round.currentIndexChanged, side.stored.toggled):
                signal.connect(lambda *args: self._check())
            side.choose.clicked.connect(self._check)
        self._check()

    def _check(self) -> None:
        ready = self.sources() is not None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def sources(self) -> tuple[DraftSource, DraftSource] | None:
        """Return the two drafts chosen, or None while a side is still unset."""
        a, b = self.side_a.source(), self.side_b.source()
        return (a, b) if a is not None and b is not None else None
