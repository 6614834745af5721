"""The Round details dialog: correct who sent a round, its date, and give it a label of your own."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
from desktop.ui.date_field import DateField

if TYPE_CHECKING:
    from desktop.store import RoundRow

MAX_LABEL = 200  # a label names a round in a table row, not a note


@dataclass(frozen=True)
class RoundEdit:
    """What the Round details dialog collects."""

    sender: str  # "us" | "them"
    date: str  # YYYY-MM-DD
    label: str


class RoundDetailsDialog(QDialog):
    """Asks for a round's sender, date and label, starting from what the store holds."""

    def __init__(self, round_row: RoundRow, deal_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Round {round_row.round_no} details")
        self.setMinimumWidth(480)
        self._row = round_row
        intro = QLabel(f"Round {round_row.round_no} of {deal_name}: {round_row.file_name}")
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.them = QRadioButton("Them — the counterparty sent it")
        self.us = QRadioButton("Us — our draft or redline")
        (self.us if round_row.sender == "us" else self.them).setChecked(True)
        senders = QVBoxLayout()
        senders.addWidget(self.them)
        senders.addWidget(self.us)
        self.date = DateField(datetime.date.fromisoformat(round_row.date))
        self.label = QLineEdit(round_row.label)
        self.label.setAccessibleName("Label")
        self.label.setMaxLength(MAX_LABEL)
        self.label.setPlaceholderText("e.g. Vendor's first draft")
        self.note = QLabel()
        self.note.setObjectName("senderNote")
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Sent by:", senders)
        form.addRow("Date:", self.date)
        form.addRow("Label:", self.label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Save")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.us.toggled.connect(self._check)
        self.date.date_changed.connect(self._check)
        self._check()

    def _check(self, *args: object) -> None:
        sender = "us" if self.us.isChecked() else "them"
        self.note.setText(
            "Counterdraft will work out this round's suggested statuses again, and those of the rounds "
            "after it; the statuses you set yourself stay." if sender != self._row.sender else "")
        self.note.setVisible(sender != self._row.sender)
        self.ok.setEnabled(self.date.date() is not None)

    def details(self) -> RoundEdit:
        """Return the sender, date and label chosen."""
        date = self.date.iso()
        assert date is not None, "Save is disabled while the date is not a date"
        return RoundEdit("us" if self.us.isChecked() else "them", date, self.label.text().strip())
