"""The questions the window asks: new deal, rename, who sent a round, confirmations and messages.

`Prompts` gathers every modal question in one object the window receives, so tests hand the
window a recording fake instead of blocking on a dialog's exec().
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from desktop.core.reading import SUPPORTED
from desktop.display.words import OUR_SIDES, side_words
from desktop.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
from desktop.ui.date_field import DateField

DEAL_TYPES = (
    "API access",
    "Model licence with weights",
    "SaaS with an AI feature",
    "Training-data licence",
)
# The file dialogs' filter for drafts: every kind desktop.core.reading reads.
DRAFT_FILTER = f"Drafts ({' '.join('*' + suffix for suffix in SUPPORTED)});;All files (*)"


@dataclass(frozen=True)
class DealForm:
    """What the New deal dialog collects: the keyword arguments of Store.create_deal."""

    name: str
    counterparty: str = ""
    our_side: str = "customer"
    deal_type: str = ""
    jurisdictions: str = ""


@dataclass(frozen=True)
class RoundDetails:
    """Who sent a draft and when, as the import dialog collects them."""

    sender: str  # "us" | "them"
    date: str  # YYYY-MM-DD


class _DealNameDialog(QDialog):
    """A form with a deal name that may be neither empty nor another deal's name."""

    def __init__(self, title: str, width: int, existing_names: set[str], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(width)
        self._existing = {name.casefold() for name in existing_names}
        self.name = QLineEdit()
        self.problem = QLabel()
        self.problem.setObjectName("problem")  # coloured by the theme (resources/style.qss)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _lay_out(self, form: QFormLayout, ok_text: str) -> None:
        """Put `form`, the problem line and the buttons in the dialog, and start checking the name."""
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        name = self.name.text().strip()
        problem = "A deal with this name already exists." if name.casefold() in self._existing else ""
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(name) and not problem)


class DealDialog(_DealNameDialog):
    """The New deal form: name, counterparty, our side, deal type and jurisdictions.

    Given `editing` (a deal's details as they are), it is the Deal details form instead: filled
    in, and the deal's own name is no clash.
    """

    def __init__(self, existing_names: set[str], parent: QWidget | None = None, *,
                 our_side: str = "customer", editing: DealForm | None = None) -> None:
        if editing is not None:
            existing_names = {n for n in existing_names if n.casefold() != editing.name.casefold()}
        super().__init__("New deal" if editing is None else "Deal details", 460, existing_names, parent)
        self.name.setPlaceholderText("e.g. Acme AI — API access 2025")
        self.counterparty = QLineEdit()
        self.counterparty.setPlaceholderText("e.g. Acme AI, Inc.")
        self.our_side = QComboBox()
        for key, words in OUR_SIDES:
            self.our_side.addItem(words, key)
        self.our_side.setCurrentIndex(max(self.our_side.findData(our_side), 0))
        self.deal_type = QComboBox()
        for deal_type in DEAL_TYPES:
            self.deal_type.addItem(deal_type, deal_type)
        self.jurisdictions = QLineEdit()
        self.jurisdictions.setPlaceholderText("e.g. England and Wales; EU")
        form = QFormLayout()
        form.addRow("Deal name:", self.name)
        form.addRow("Counterparty:", self.counterparty)
        form.addRow("We act for the:", self.our_side)
        form.addRow("Deal type:", self.deal_type)
        form.addRow("Jurisdictions:", self.jurisdictions)
        if editing is not None:
            self._fill(editing)
        self._lay_out(form, "Create deal" if editing is None else "Save")

    def _fill(self, deal: DealForm) -> None:
        """Show a deal's details as they are, keeping a deal type or side not in the lists."""
        self.name.setText(deal.name)
        self.counterparty.setText(deal.counterparty)
        if self.our_side.findData(deal.our_side) < 0:
            self.our_side.addItem(side_words(deal.our_side), deal.our_side)
        self.our_side.setCurrentIndex(self.our_side.findData(deal.our_side))
        if self.deal_type.findData(deal.deal_type) < 0:  # none (a deal made elsewhere), or one of its own
            self.deal_type.insertItem(0, deal.deal_type or "Not set", deal.deal_type)
        self.deal_type.setCurrentIndex(self.deal_type.findData(deal.deal_type))
        self.jurisdictions.setText(deal.jurisdictions)

    def form(self) -> DealForm:
        """Return what the user entered."""
        return DealForm(
            name=self.name.text().strip(),
            counterparty=self.counterparty.text().strip(),
            our_side=self.our_side.currentData(),
            deal_type=self.deal_type.currentData(),
            jurisdictions=self.jurisdictions.text().strip(),
        )


class RenameDialog(_DealNameDialog):
    """Asks for a deal's new name, refusing an empty or taken one."""

    def __init__(self, current: str, existing_names: set[str], parent: QWidget | None = None) -> None:
        # The deal's own name is not a clash: keeping it (or changing its case) is allowed.
        others = {n for n in existing_names if n.casefold() != current.casefold()}
        super().__init__("Rename deal", 420, others, parent)
        self.name.setText(current)
        self.name.selectAll()
        form = QFormLayout()
        form.addRow("New name:", self.name)
        self._lay_out(form, "Rename")


class RoundDialog(QDialog):
    """Asks who sent an imported draft (us or them) and on what date (`date_source` says where it came from)."""

    def __init__(
        self, file_name: str, round_no: int, sender: str, date: datetime.date, parent: QWidget | None = None,
        *, date_source: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import round {round_no}")
        self.setMinimumWidth(420)
        intro = QLabel(f"<b>Round {round_no}</b>: {_escape(file_name)}")
        self.them = QRadioButton("Them — the counterparty sent it")
        self.us = QRadioButton("Us — our draft or redline")
        (self.us if sender == "us" else self.them).setChecked(True)
        senders = QVBoxLayout()
        senders.addWidget(self.them)
        senders.addWidget(self.us)
        self.date = DateField(date)
        self.date_source = QLabel(date_source)
        self.date_source.setObjectName("dateSource")
        self.date_source.setTextFormat(Qt.TextFormat.PlainText)
        self.date_source.setVisible(bool(date_source))
        # Typing a date of one's own makes where the first one came from beside the point.
        self.date.date_changed.connect(lambda changed: self.date_source.hide())
        form = QFormLayout()
        form.addRow("Sent by:", senders)
        form.addRow("Date:", self.date)
        form.addRow("", self.date_source)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Import")
        self.date.date_changed.connect(lambda changed: self.ok.setEnabled(changed is not None))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.date.setFocus()

    def details(self) -> RoundDetails:
        """Return the sender and date the user chose."""
        date = self.date.iso()
        assert date is not None, "Import is disabled while the date is not a date"
        return RoundDetails(sender="us" if self.us.isChecked() else "them", date=date)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Prompts:
    """Every modal question and message of the window; tests replace it with a recording fake."""

    def __init__(self, parent: QWidget | None = None, *, log_path: Path | None = None) -> None:
        self.parent = parent
        self.log_path = log_path

    def warn(self, title: str, text: str) -> None:
        """Show the user's trouble in plain words (a bad file, a locked database).

        The text often names the user's file, so it is shown as plain text: a name holding a
        tag must not be read as HTML.
        """
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self.parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    def crash(self, summary: str, details: str) -> None:
        """Show a bug: what happened, where the log is, and the traceback."""
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Counterdraft — unexpected error")
        box.setText(summary)
        where = self.log_path
        box.setInformativeText(
            "Your deals are safe: nothing half-done was saved. "
            + (f"The details are in the log file {where}." if where else "The details are below.")
        )
        box.setDetailedText(details)
        box.exec()

    def confirm(self, title: str, text: str, action: str) -> bool:
        """Return True when the user confirms `action` (the button's words, e.g. "Delete deal")."""
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        box.setText(text)
        yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is yes

    def new_deal(self, existing_names: set[str], our_side: str = "customer") -> DealForm | None:
        """Return the new deal's details (our side preset to `our_side`), or None when the user cancels."""
        dialog = DealDialog(existing_names, self.parent, our_side=our_side)
        return dialog.form() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def rename_deal(self, current: str, existing_names: set[str]) -> str | None:
        """Return the deal's new name, or None when the user cancels."""
        dialog = RenameDialog(current, existing_names, self.parent)
        return dialog.name.text().strip() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def round_details(self, file_name: str, round_no: int, sender: str, date: datetime.date, *,
                      date_source: str = "") -> RoundDetails | None:
        """Return who sent the draft and when, or None when the user cancels."""
        dialog = RoundDialog(file_name, round_no, sender, date, self.parent, date_source=date_source)
        return dialog.details() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def edit_deal(self, deal: DealForm, existing_names: set[str]) -> DealForm | None:
        """Return the deal's corrected details (Deal details…), or None when the user cancels."""
        dialog = DealDialog(existing_names, self.parent, editing=deal)
        return dialog.form() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def edit_round(self, round_row, deal_name: str):
        """Return a round's corrected sender, date and label (Round details…), or None when the user cancels."""
        from desktop.ui.round_details import RoundDetailsDialog

        dialog = RoundDetailsDialog(round_row, deal_name, self.parent)
        return dialog.details() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def edit_playbook(self, store, shipped) -> bool:
        """Open the Playbook dialog on `store`; return True when the user saved or deleted a position."""
        from desktop.ui.playbook_dialog import PlaybookDialog

        dialog = PlaybookDialog(store, shipped, self.parent)
        dialog.exec()
        return dialog.changed

    def open_drafts(self) -> list[Path]:
        """Return the draft files the user picked (empty when they cancel)."""
        names, _ = QFileDialog.getOpenFileNames(self.parent, "Import round", "", DRAFT_FILTER)
        return [Path(name) for name in names]


__all__ = [
    "DEAL_TYPES",
    "DealDialog",
    "DealForm",
    "Prompts",
    "RenameDialog",
    "RoundDetails",
    "RoundDialog",
]
