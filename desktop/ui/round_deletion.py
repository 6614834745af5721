"""Deleting a round from the window, undoably: Deal ▸ Delete round…, the Rounds table's menu and its Delete key.

The user confirms first, told the round's number, file and date. Then, on a worker, the
database is backed up (a "pre-delete" backup, as before other risky changes; not for a store
in memory) and the round after the deleted one is compared with the round now before it,
from their clauses as the store holds them. Back on the GUI thread, which alone writes,
`Store.take_round_out` deletes the round and stores that comparison in one transaction, so
the next round's threads link to the round before. Cancel leaves everything as it was.

The deletion goes on the deal's undo stack as a RoundDeletion: Undo puts the round back
exactly (`Store.restore_round`: its clauses, comparisons, statuses, threads, original bytes
and reading notes, and the rounds after it as they were) and Redo takes it out again with
the same comparison. Each is announced as Changed.ROUND_DELETED.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.model import Cancelled, Comparison, UserFacingError
from desktop.core.pipeline import compare_named
from desktop.core.work import Progress
from desktop.display.words import long_date
from desktop.qt import QAction, QEvent, QKeyEvent, QObject, Qt, QUndoCommand
from desktop.store.backup import BackupError, backup_file
from desktop.ui.record_change import Changed, RecordChange

if TYPE_CHECKING:
    from desktop.store import DealRow, RoundRow, Store
    from desktop.store.snapshots import RoundSnapshot
    from desktop.ui.window_context import WindowContext

Announce = Callable[[RecordChange], None]
Failed = Callable[[UserFacingError], None]


def round_words(row: RoundRow) -> str:
    """Return "round 2 (acme-v2.docx)": how the undo history names a round."""
    return f"round {row.round_no} ({row.file_name})"


class RoundDeletion(QUndoCommand):
    """A round taken out of its deal: Undo puts it back as it was, Redo takes it out again."""

    def __init__(self, text: str, store: Store, snapshot: RoundSnapshot, comparison: Comparison | None,
                 announce: Announce, failed: Failed) -> None:
        super().__init__(text)
        self.store = store
        self.snapshot = snapshot
        self.comparison = comparison  # the next round against the one before, computed the first time
        self._announce = announce
        self._failed = failed
        self._applied = True  # pushed once the round is out, so the stack's first redo() does nothing

    @property
    def shown_after(self) -> int | None:
        """Return the round to show once the round is out: the one that took its place, else the one before."""
        return self.snapshot.next_id or self.snapshot.previous_id

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        try:
            self.snapshot = self.store.take_round_out(self.snapshot.draft_id, self.comparison,
                                                      order=self.snapshot.order)
        except UserFacingError as error:
            self._refused(error)
            return
        self._announce(RecordChange(Changed.ROUND_DELETED, self.snapshot.deal_id, draft_id=self.shown_after))

    def undo(self) -> None:
        try:
            self.store.restore_round(self.snapshot)
        except UserFacingError as error:
            self._refused(error)
            return
        self._announce(RecordChange(Changed.ROUND_DELETED, self.snapshot.deal_id, draft_id=self.snapshot.draft_id))

    def _refused(self, error: UserFacingError) -> None:
        # Called by QUndoStack from C++: an exception would be printed, not shown. The record
        # is as it was (one transaction), and an obsolete command leaves the history.
        self.setObsolete(True)
        self._failed(error)


class _DeleteKey(QObject):
    """Makes the Delete key, in the Rounds table, delete the selected round rather than the deal."""

    def __init__(self, action: QAction, parent: QObject) -> None:
        super().__init__(parent)
        self._action = action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Delete and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                event.accept()  # on ShortcutOverride: the key is the table's, not the window's Delete deal
                if event.type() == QEvent.Type.KeyPress and self._action.isEnabled():
                    self._action.trigger()
                return True
        return False


def install(window: WindowContext) -> QAction:
    """Return the Delete round… action, also on the Rounds table's context menu and its Delete key."""
    action = QAction("Delete r&ound…", window.widget)
    action.setStatusTip("Delete the selected round (Delete in the Rounds table); Edit ▸ Undo puts it back")
    action.triggered.connect(lambda checked=False: delete_selected_round(window))
    table = window.deal_view.rounds_table
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    table.addAction(action)
    table.installEventFilter(_DeleteKey(action, table))
    return action


def _question(deal: DealRow, row: RoundRow, before: RoundRow | None, after: RoundRow | None,
              last: int, *, backed_up: bool) -> str:
    """Return the confirmation's text: the round named by number, file and date, and what follows."""
    whose = "our" if row.sender == "us" else "their"
    named = f"“{row.label}”, " if row.label else ""
    lines = [f"Delete round {row.round_no} of “{deal.name}”: {named}{whose} draft {row.file_name} "
             f"of {long_date(row.date)}?"]
    if after is not None:
        n = row.round_no
        moves = f"Round {n + 1} becomes round {n}" if last == n + 1 else \
            f"Rounds {n + 1}–{last} become rounds {n}–{last - 1}"
        if before is None:
            lines += ["", f"{moves}: {after.file_name} is the deal's first draft."]
        else:
            lines += ["", f"{moves}, and {after.file_name} is compared with round {before.round_no} instead."]
    backup = " A backup of the database is made first." if backed_up else ""
    lines += ["", f"Its statuses and clause links go with it. Edit ▸ Undo puts it all back.{backup} "
              "Your own files on disk are not touched."]
    return "\n".join(lines)


def delete_selected_round(window: WindowContext) -> None:
    """Ask, then delete the round selected in the Rounds table (see the module's note)."""
    deal, row = window.current_deal, window.deal_view.current_round
    if deal is None or window.tasks.busy:
        return
    if row is None:
        window.show_status("Select the round to delete in the Rounds table first.")
        return
    rounds = window.store.rounds(deal.id)
    ids = [r.id for r in rounds]
    if row.id not in ids:
        window.show_status("That round no longer exists.")
        return
    index = ids.index(row.id)
    before = rounds[index - 1] if index > 0 else None
    after = rounds[index + 1] if index + 1 < len(rounds) else None
    question = _question(deal, row, before, after, len(rounds), backed_up=window.store.path is not None)
    if not window.prompts.confirm("Delete round", question, "Delete round"):
        return
    pair = None
    if before is not None and after is not None:
        pair = ((before.file_name, window.store.clauses(before.id)), (after.file_name, window.store.clauses(after.id)))
    path = window.store.path

    def work(progress: Progress, cancel: threading.Event) -> Comparison | None:
        if path is not None:
            back_up(path, cancel)
        if pair is None:
            return None
        (name_a, clauses_a), (name_b, clauses_b) = pair
        return compare_named(name_a, clauses_a, name_b, clauses_b, progress=progress, cancel=cancel)

    window.tasks.run(f"Deleting round {row.round_no}…", work,
                     on_success=functools.partial(_take_out, window, deal, row, tuple(ids)),
                     failure_title="The round was not deleted")


def back_up(path: Path, cancel: threading.Event) -> None:
    """Back the database up before a deletion (on a worker); Cancel stops it as Cancelled."""
    try:
        backup_file(path, "pre-delete", cancel)
    except BackupError:
        if cancel.is_set():
            raise Cancelled() from None
        raise


def _take_out(window: WindowContext, deal: DealRow, row: RoundRow, order: tuple[int, ...],
              comparison: Any) -> None:
    """Delete the round with the fresh comparison (on the GUI thread) and put the deletion on the deal's stack."""
    snapshot = window.store.take_round_out(row.id, comparison, order=order)  # StoreError: shown, nothing changed
    command = RoundDeletion(f"delete {round_words(row)}", window.store, snapshot, comparison,
                            window.record_changed.emit, window.report_record_error)
    window.history.push(deal.id, command)
    window.record_changed.emit(RecordChange(Changed.ROUND_DELETED, deal.id, draft_id=command.shown_after))
    after = ""
    if snapshot.next_id is not None:
        after = (f" Round {row.round_no + 1} is now round {row.round_no}"
                 + (f", compared with round {row.round_no - 1}." if comparison is not None else "."))
    window.show_status(f"Deleted {round_words(row)}.{after} Edit ▸ Undo puts it back.")
