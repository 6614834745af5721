"""The empty states: what the window shows before there is a deal, or before a deal has a round."""

from __future__ import annotations

from desktop.qt import QAction, QFrame, QHBoxLayout, QLabel, QPushButton, Qt, QVBoxLayout, QWidget, Signal

NO_DEALS_TEXT = ("Create a deal for each contract you negotiate and drop its drafts on it, "
                 "or open the sample deal to look around first.")
NO_ROUNDS_TEXT = ("Drop a .docx here to add round 1, or click Import round…\n"
                  "PDF, Markdown and plain-text drafts work too.")


def _centred(layout: QVBoxLayout, title: str, text: str, buttons: list[QPushButton]) -> None:
    """Fill `layout` with a centred title, a line of text and a row of buttons."""
    heading = QLabel(title)
    heading.setObjectName("emptyTitle")
    line = QLabel(text)
    line.setObjectName("emptyText")
    line.setTextFormat(Qt.TextFormat.PlainText)
    line.setWordWrap(True)
    layout.addStretch(2)
    for label in (heading, line):
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)
    row = QHBoxLayout()
    row.addStretch()
    for button in buttons:
        row.addWidget(button)
    row.addStretch()
    layout.addSpacing(12)
    layout.addLayout(row)
    layout.addStretch(3)


class NoDealsPage(QWidget):
    """The empty state when there is no deal at all: create one, or open the sample deal."""

    def __init__(self, new_deal: QAction, open_sample: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new_button = QPushButton("New deal…")
        self.new_button.clicked.connect(new_deal.trigger)
        self.sample_button = QPushButton("Open the sample deal")
        self.sample_button.clicked.connect(open_sample.trigger)
        self.new_button.setToolTip("Ctrl+N")
        _centred(QVBoxLayout(self), "No deals yet", NO_DEALS_TEXT, [self.new_button, self.sample_button])


class DropHint(QFrame):
    """The empty state of a deal with no rounds: where to drop a draft, and the Import button."""

    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropHint")
        self.import_button = QPushButton("Import round…")
        self.import_button.clicked.connect(self.import_requested)
        self.import_button.setToolTip("Ctrl+I")
        _centred(QVBoxLayout(self), "No rounds yet", NO_ROUNDS_TEXT, [self.import_button])
