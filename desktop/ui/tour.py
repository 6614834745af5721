"""The first-run tour: four short cards over the sample deal, one per main view.

The tour opens once, when the sample deal is first created (on the first start), and never
again once dismissed ("Skip tour", "Done" or Esc): the window's QSettings remember it.
Help ▸ Show the tour opens it again. Each card switches the window to the view it speaks
of (Back/Next), so the user sees what the words describe.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.qt import QEvent, QFrame, QHBoxLayout, QLabel, QObject, QPushButton, Qt, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from desktop.ui.window_context import WindowContext

DISMISSED_KEY = "help/tourDismissed"
MARGIN = 16


@dataclass(frozen=True)
class Step:
    """One card: its title, its words, and which tabs it shows (clause tab, left pane, right pane)."""

    title: str
    text: str
    deal_tab: int  # 0 Clauses, 1 Positions
    left_tab: int  # 0 Clause tree, 1 Round overview
    right_tab: int  # 0 Redline, 1 History


STEPS = (
    Step("Clauses and redline",
         "Each round of the deal is listed at the top. Pick a clause on the left to read its redline "
         "against the round before: deletions struck through in red, insertions underlined in blue. "
         "F8 jumps to the next change.", 0, 0, 0),
    Step("Round overview and history",
         "Round overview lists every change of the round, substantive ones first. History follows the "
         "selected clause through every round (Ctrl+H), even when it moved or was renumbered.", 0, 1, 1),
    Step("Positions",
         "The key positions of an AI contract, round by round. A status in italics with a “?” is a "
         "suggestion: Enter confirms it; W, C, P, O and N set won, conceded, compromise, open or not "
         "addressed.", 1, 0, 0),
    Step("Compare and export",
         "Tools ▸ Compare two drafts (Ctrl+Shift+C) puts any two drafts side by side, even two vendors’ "
         "papers. File ▸ Export gives the negotiation summary, the issues list and a Word redline. "
         "Press F1 for every shortcut.", 0, 0, 0),
)


class Tour(QFrame):
    """The tour's card, floating over the bottom right corner of the window."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window.widget)
        self._window = window
        self.step = 0
        self.setObjectName("tourCard")
        self.setAccessibleName("Tour of Counterdraft")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.title = QLabel()
        self.title.setObjectName("tourTitle")
        self.text = QLabel()
        self.text.setObjectName("tourText")
        self.text.setWordWrap(True)
        self.counter = QLabel()
        self.counter.setObjectName("tourStep")
        self.skip_button = QPushButton("Skip tour")
        self.skip_button.setToolTip("Close the tour; Help ▸ Show the tour opens it again")
        self.back_button = QPushButton("Back")
        self.next_button = QPushButton("Next")
        self.next_button.setDefault(True)
        self.skip_button.clicked.connect(self.dismiss)
        self.back_button.clicked.connect(lambda: self.go(self.step - 1))
        self.next_button.clicked.connect(self._next)
        buttons = QHBoxLayout()
        buttons.addWidget(self.counter)
        buttons.addStretch()
        for button in (self.skip_button, self.back_button, self.next_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.setFixedWidth(420)
        window.widget.installEventFilter(self)
        self._show_step()

    def go(self, step: int) -> None:
        """Show card `step` (0-based) and switch the window to the view it describes."""
        self.step = max(0, min(step, len(STEPS) - 1))
        card = STEPS[self.step]
        view = self._window.deal_view
        view.tabs.setCurrentIndex(card.deal_tab)
        view.left_tabs.setCurrentIndex(card.left_tab)
        view.right_tabs.setCurrentIndex(card.right_tab)
        self._show_step()

    def _next(self) -> None:
        if self.step == len(STEPS) - 1:
            self.dismiss()
        else:
            self.go(self.step + 1)

    def _show_step(self) -> None:
        card = STEPS[self.step]
        self.title.setText(card.title)
        self.text.setText(card.text)
        self.counter.setText(f"{self.step + 1} of {len(STEPS)}")
        self.back_button.setEnabled(self.step > 0)
        last = self.step == len(STEPS) - 1
        self.next_button.setText("Done" if last else "Next")
        self.skip_button.setVisible(not last)
        self.setAccessibleDescription(f"{card.title}. {card.text}")
        self._place()

    def _place(self) -> None:
        self.adjustSize()
        area = self._window.widget.centralWidget().geometry()
        self.move(area.right() - self.width() - MARGIN, area.bottom() - self.height() - MARGIN)
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window.widget and event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.dismiss()
            return
        super().keyPressEvent(event)

    def dismiss(self) -> None:
        """Close the tour and remember not to open it by itself again."""
        settings = self._window.settings
        settings.setValue(DISMISSED_KEY, True)
        settings.sync()
        self._window.widget.removeEventFilter(self)
        self.hide()
        self.deleteLater()


def shown_tour(window: QWidget) -> Tour | None:
    """Return the tour card shown over `window`, or None (a dismissed card is hidden until deleted)."""
    return next((card for card in window.findChildren(Tour) if not card.isHidden()), None)


def start_tour(window: WindowContext, *, force: bool = False) -> Tour | None:
    """Open the tour over `window` unless it was dismissed before (`force`: open it anyway); return it."""
    if not force and window.settings.value(DISMISSED_KEY, False, type=bool):
        return None
    if window.current_deal is None:
        window.show_status("Open a deal first: the tour walks through its views (File ▸ Open the sample deal).")
        return None
    old = shown_tour(window.widget)
    if old is not None:
        old.dismiss()
    tour = Tour(window)
    tour.show()
    if force:  # asked for from the Help menu: start at the first view, keys on the card
        tour.go(0)
        tour.next_button.setFocus()
    return tour
