"""The user's corrections of clause threads: the three actions, the list to choose a thread from, and the commands.

"Link to another clause…" makes the selected clause follow another thread (its latest clause
before the selected clause's round); "Start a new thread here" cuts the thread before the
selected clause; "Merge with an earlier thread…" joins a thread that ended earlier onto the
start of the selected clause's thread. Each is one Store.set_predecessor call pushed on the
deal's undo stack (undo_history.py) as a LinkEdit (thread_undo.py); each write, undo or redo is announced as a
RecordChange (THREAD) through `changed`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core.model import UserFacingError
from desktop.qt import (
    QAction,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QObject,
    Qt,
    QVBoxLayout,
    QWidget,
)
from desktop.ui.history_text import clause_name
from desktop.ui.record_change import Changed, RecordChange
from desktop.ui.thread_undo import LinkEdit

if TYPE_CHECKING:
    from desktop.store import Store
    from desktop.store.threads import ClauseRef, Thread
    from desktop.ui.undo_history import UndoHistory


@dataclass(frozen=True)
class ThreadChoice:
    """A thread the user may pick: how it reads in the list, and the clause that would become the link."""

    label: str
    ref: ClauseRef


# (dialog title, explanation, choices) → the chosen ClauseRef, or None when cancelled.
Chooser = Callable[[str, str, Sequence[ThreadChoice]], "ClauseRef | None"]


class ThreadChooser(QDialog):
    """A searchable list of threads; OK returns the chosen one's clause."""

    def __init__(self, title: str, text: str, choices: Sequence[ThreadChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(560, 480)
        explanation = QLabel(text)
        explanation.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type a number or words of the heading")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.list = QListWidget()
        for choice in choices:
            item = QListWidgetItem(choice.label)
            item.setData(Qt.ItemDataRole.UserRole, choice.ref)
            self.list.addItem(item)
        if not choices:
            empty = QListWidgetItem("There is no thread to choose from.")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(empty)
            self.search.setEnabled(False)
        else:
            self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        first_shown = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hide = not all(word in item.text().casefold() for word in words)
            item.setHidden(hide)
            if not hide and first_shown is None:
                first_shown = item
        if first_shown is not None:
            self.list.setCurrentItem(first_shown)

    def chosen(self) -> ClauseRef | None:
        """Return the clause of the thread selected (and shown), or None."""
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and not item.isHidden() else None


def ask_in_dialog(parent: QWidget) -> Chooser:
    """Return a Chooser that asks with a modal ThreadChooser over `parent`."""

    def choose(title: str, text: str, choices: Sequence[ThreadChoice]) -> ClauseRef | None:
        dialog = ThreadChooser(title, text, choices, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None

    return choose


def _choice(thread: Thread, before_round: int) -> ThreadChoice | None:
    """Return `thread` as a choice linking to its latest clause in a round before `before_round`."""
    earlier = [e for e in thread.entries if e.clause is not None and e.round_no < before_round]
    if not earlier:
        return None
    last = earlier[-1]
    return ThreadChoice(f"{thread.title}  —  round {last.round_no}: {clause_name(last.clause)}", last.ref)


class ThreadCorrections(QObject):
    """The Link / Start a new thread / Merge actions on the clause the deal page has selected."""

    def __init__(
        self,
        store: Store,
        history: UndoHistory,
        selected: Callable[[], "ClauseRef | None"],
        changed: Callable[[RecordChange], None],
        failed: Callable[[UserFacingError], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._history = history
        self._selected = selected
        self._changed = changed
        self._failed = failed
        self.choose: Chooser = ask_in_dialog(parent)  # tests put a function that answers here
        self.link_action = QAction("&Link to another clause…", self)
        self.link_action.setStatusTip("Make this clause follow another clause's thread from an earlier round")
        self.link_action.triggered.connect(lambda checked=False: self.link())
        self.split_action = QAction("&Start a new thread here", self)
        self.split_action.setStatusTip("Cut this clause's thread: from this round on it is a thread of its own")
        self.split_action.triggered.connect(lambda checked=False: self.split())
        self.merge_action = QAction("&Merge with an earlier thread…", self)
        self.merge_action.setStatusTip("Join a thread that ended in an earlier round onto this clause's thread")
        self.merge_action.triggered.connect(lambda checked=False: self.merge())

    @property
    def actions(self) -> list[QAction]:
        """Return the three correction actions, in menu order."""
        return [self.link_action, self.split_action, self.merge_action]

    def update_actions(self, thread: Thread | None) -> None:
        """Enable the actions that make sense for the selected clause, whose thread is `thread`."""
        ref = self._selected()
        known = ref is not None and thread is not None
        self.link_action.setEnabled(known and self._round(thread, ref) > 1)
        # Only a thread that starts after round 1 can have an earlier thread joined onto it.
        self.merge_action.setEnabled(known and self._round(thread, self._first_ref(thread)) > 1)
        self.split_action.setEnabled(known and self._first_ref(thread) != ref)

    # --- the corrections ----------------------------------------------------------------------
    def link(self) -> None:
        """Ask for a thread of an earlier round and make the selected clause follow it."""
        ref = self._selected()
        if ref is None:
            return
        own = self._store.thread(ref)
        round_no = self._round(own, ref)
        choices = [
            choice
            for thread in self._store.threads(own.deal_id)
            if ref not in {e.ref for e in thread.entries}
            for choice in [_choice(thread, round_no)]
            if choice is not None
        ]
        pred = self.choose(
            "Link to another clause",
            f"Choose the clause that {self._name(own, ref)} continues. It will follow that clause's "
            f"latest version before round {round_no}.",
            choices,
        )
        if pred is not None:
            self._push(f"link {self._name(own, ref)} to another thread", own.deal_id, ref, pred)

    def split(self) -> None:
        """Make the selected clause start a thread of its own."""
        ref = self._selected()
        if ref is None:
            return
        own = self._store.thread(ref)
        self._push(f"start a new thread at {self._name(own, ref)}", own.deal_id, ref, None)

    def merge(self) -> None:
        """Ask for a thread that ended before the selected clause's thread starts, and join the two."""
        ref = self._selected()
        if ref is None:
            return
        own = self._store.thread(ref)
        start = self._first_ref(own)
        start_round = self._round(own, start)
        choices = [
            choice
            for thread in self._store.threads(own.deal_id)
            if thread.latest.round_no < start_round
            for choice in [_choice(thread, start_round)]
            if choice is not None
        ]
        pred = self.choose(
            "Merge with an earlier thread",
            f"{self._name(own, ref)} starts in round {start_round}. Choose a thread that ended before "
            "then: the two become one thread.",
            choices,
        )
        if pred is not None:
            self._push(f"merge a thread into {self._name(own, ref)}", own.deal_id, start, pred)

    def _push(self, text: str, deal_id: int, ref: ClauseRef, pred: ClauseRef | None) -> None:
        def changed(clause: ClauseRef) -> None:
            self._changed(RecordChange(Changed.THREAD, deal_id, draft_id=clause.draft_id))

        try:
            command = LinkEdit.apply(text, self._store, ref, pred, changed, self._failed)
        except UserFacingError as error:
            self._failed(error)
            return
        if command is not None:
            self._history.push(deal_id, command)

    # --- reading the thread -------------------------------------------------------------------
    @staticmethod
    def _round(thread: Thread, ref: ClauseRef) -> int:
        return next(e.round_no for e in thread.entries if e.draft_id == ref.draft_id)

    @staticmethod
    def _first_ref(thread: Thread) -> ClauseRef:
        return next(e.ref for e in thread.entries if e.clause is not None)

    @staticmethod
    def _name(thread: Thread, ref: ClauseRef) -> str:
        clause = thread.clause_in(ref.draft_id)
        return clause_name(clause) if clause is not None else thread.title
