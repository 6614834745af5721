"""The History tab beside the redline: the selected clause's thread through every round of the deal.

It shows what it is given (a Thread from the store) and offers two things: a redline between
any two rounds the user picks, and a menu of link corrections whose actions belong to the deal
page (they write to the store through the window's undo stack).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from desktop.qt import (
    QAction,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
from desktop.ui.history_text import MARKER_WORDS, HistoryText, anchor_of

if TYPE_CHECKING:
    from desktop.store.threads import Thread, ThreadEntry


def round_chips(thread: Thread, focus_draft: int | None) -> str:
    """Return the rich text of the round chips: "R1  R2  R3 · split  R4", each a link to its section.

    Only the app's own words go into it (round numbers and marker names), never clause text.
    """
    chips = []
    for entry in thread.entries:
        marker = MARKER_WORDS.get(entry.marker)
        words = f"R{entry.round_no}" + (f" · {marker[0].lower()}" if marker else "")
        if entry.clause is None:
            ground, colour = "#f3f4f6", "#9ca3af"
        elif entry.draft_id == focus_draft:
            ground, colour = "#d5e0f2", "#111827"
        else:
            ground, colour = (marker[1], marker[2]) if marker else ("#e3e7ee", "#1f2937")
        chips.append(
            f"<a href='#{anchor_of(entry.draft_id)}' style='text-decoration:none; color:{colour}; "
            f"background-color:{ground};'>&nbsp;{escape(words)}&nbsp;</a>"
        )
    return "&nbsp;&nbsp;".join(chips)


def thread_summary(thread: Thread) -> str:
    """Return "In rounds 1–4 · split in round 3 · renumbered in round 3" for a thread."""
    present = [entry.round_no for entry in thread.entries if entry.clause is not None]
    if not present:
        return "Not in any round."
    if len(present) == len(thread.entries) and len(present) > 1:
        span = f"In every round (1–{present[-1]})"
    elif len(present) == 1:
        span = f"Only in round {present[0]}"
    else:
        span = "In rounds " + ", ".join(str(n) for n in present)
    events = [
        f"{MARKER_WORDS[entry.marker][0].lower()} in round {entry.round_no}"
        for entry in thread.entries
        if entry.marker in MARKER_WORDS
    ]
    return " · ".join([span, *events])


class HistoryView(QWidget):
    """A clause's history: a title, the rounds to compare, the correction menu, and the text of every round."""

    def __init__(self, corrections: Sequence[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._thread: Thread | None = None
        self._focus: int | None = None
        self.title = QLabel()
        self.title.setObjectName("historyTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # clause numbers and headings come from the drafts
        self.title.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("historySummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.chips = QLabel()
        self.chips.setObjectName("historyChips")
        self.chips.setTextFormat(Qt.TextFormat.RichText)
        self.chips.setWordWrap(True)
        self.chips.setToolTip("Click a round to go to it; it becomes the round compared")
        self.chips.linkActivated.connect(self._on_chip)

        self.from_round = QComboBox()
        self.from_round.setAccessibleName("Redline from round")
        self.to_round = QComboBox()
        self.to_round.setAccessibleName("Redline to round")
        for combo in (self.from_round, self.to_round):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.compare_button = QPushButton("Compare")
        self.compare_button.setToolTip("Show the redline between the two rounds picked")
        self.compare_button.clicked.connect(self.compare)
        self.every_round_button = QPushButton("Every round")
        self.every_round_button.setToolTip("Show the clause in every round, each against the round before")
        self.every_round_button.clicked.connect(self.show_every_round)

        self.correct_button = QPushButton("Correct the thread")
        self.correct_button.setToolTip("Link this clause to another thread, start a new thread here, or merge two")
        menu = QMenu(self.correct_button)
        menu.addActions(list(corrections))
        self.correct_button.setMenu(menu)

        self.text = HistoryText()
        self.text.setAccessibleName("Clause history")

        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.correct_button, 0, Qt.AlignmentFlag.AlignTop)
        # The controls may be squeezed (and clipped) rather than hold the window wider than the screen.
        controls = QWidget()
        controls.setMinimumWidth(1)
        compare_row = QHBoxLayout(controls)
        compare_row.setContentsMargins(0, 0, 0, 0)
        compare_row.setSpacing(6)
        compare_row.addWidget(QLabel("Redline from"))
        compare_row.addWidget(self.from_round)
        compare_row.addWidget(QLabel("to"))
        compare_row.addWidget(self.to_round)
        compare_row.addWidget(self.compare_button)
        compare_row.addWidget(self.every_round_button)
        compare_row.addStretch()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(title_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.chips)
        layout.addWidget(controls)
        layout.addWidget(self.text)
        self.show_thread(None)

    @property
    def thread(self) -> Thread | None:
        """Return the thread shown, or None."""
        return self._thread

    def show_thread(
        self, thread: Thread | None, focus_draft: int | None = None, *, within: str = "", message: str = ""
    ) -> None:
        """Show `thread` with the round `focus_draft` highlighted; None shows `message` (an empty state).

        `within` names the clause's parent ("8.1 Liability Caps") for a clause without a heading.
        """
        self._thread = thread
        self._focus = focus_draft
        usable = thread is not None
        for widget in (self.from_round, self.to_round, self.compare_button, self.every_round_button):
            widget.setEnabled(False)
        self.correct_button.setEnabled(usable)
        self.from_round.clear()
        self.to_round.clear()
        if thread is None:
            self.title.setText("Clause history")
            self.summary.setText("")
            self.chips.setText("")
            self.text.show_message(message or "Select a clause to see its history.")
            return
        latest = thread.latest.clause
        where = f"  (in {within})" if within and latest is not None and not latest.heading else ""
        self.title.setText(f"History of {thread.title}{where}")
        self.summary.setText(thread_summary(thread))
        self.chips.setText(round_chips(thread, focus_draft))
        present = [entry for entry in thread.entries if entry.clause is not None]
        for entry in present:
            who = "Us" if entry.sender == "us" else "Them"
            label = f"R{entry.round_no} · {who}"
            self.from_round.addItem(label, entry.draft_id)
            self.to_round.addItem(label, entry.draft_id)
        if len(present) < 2:
            only = present[0].round_no if present else None
            if len(thread.entries) == 1:
                note = "This deal has one round so far: import the next draft to see how this clause changes."
            else:
                note = f"This clause is only in round {only}: there is no other version to compare." if only else ""
            self.text.show_thread(thread, focus_draft)
            self.summary.setText(f"{thread_summary(thread)}. {note}".strip())
            return
        for widget in (self.from_round, self.to_round, self.compare_button, self.every_round_button):
            widget.setEnabled(True)
        focus_at = next((i for i, e in enumerate(present) if e.draft_id == focus_draft), len(present) - 1)
        self.to_round.setCurrentIndex(max(focus_at, 1))
        self.from_round.setCurrentIndex(max(focus_at, 1) - 1)
        self.text.show_thread(thread, focus_draft)

    def show_every_round(self) -> None:
        """Show every round of the thread again (after a comparison)."""
        if self._thread is not None:
            self.text.show_thread(self._thread, self._focus)

    def compare(self) -> None:
        """Show the redline between the two rounds picked in the combo boxes (older first)."""
        older, newer = self._entry(self.from_round.currentData()), self._entry(self.to_round.currentData())
        if older is None or newer is None:
            return
        if older.round_no > newer.round_no:
            older, newer = newer, older
        self.text.show_comparison(older, newer)

    def compare_rounds(self, older_draft: int, newer_draft: int) -> None:
        """Pick the two rounds by draft id and show their redline (what a click on Compare does)."""
        self.from_round.setCurrentIndex(self.from_round.findData(older_draft))
        self.to_round.setCurrentIndex(self.to_round.findData(newer_draft))
        self.compare()

    def _entry(self, draft_id: int | None) -> ThreadEntry | None:
        if self._thread is None or draft_id is None:
            return None
        return next((e for e in self._thread.entries if e.draft_id == draft_id), None)

    def _on_chip(self, link: str) -> None:
        # A chip shows its round's section and picks it as the round compared to (the round
        # before it in the thread is the other side).
        name = link.removeprefix("#")
        self.show_every_round()
        self.text.scrollToAnchor(name)
        index = self.to_round.findData(int(name.removeprefix("round-")))
        if index > 0:
            self.to_round.setCurrentIndex(index)
            self.from_round.setCurrentIndex(index - 1)
