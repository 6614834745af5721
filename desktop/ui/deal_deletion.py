"""Deleting a deal from the window, undoably: Deal ▸ Delete deal…, the Delete… button and the Delete key.

The user confirms first. A "pre-delete" backup of the database is made on a worker (not for a
store in memory), then `Store.take_deal_out` deletes the deal and keeps every row of it. The
deal's own undo stack goes with it; the deletion goes on the window's stack of deleted deals
(undo_history.UndoHistory.deletions) as a DealDeletion, which outlives the deal: Edit ▸
"Undo: delete deal “Acme”" puts it back whole (`Store.restore_deal`) from any deal, or from the
empty window, and shows it; Redo deletes it again.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from desktop.core.model import UserFacingError
from desktop.core.work import Progress
from desktop.qt import QUndoCommand
from desktop.ui.record_change import Changed, RecordChange
from desktop.ui.round_deletion import back_up

if TYPE_CHECKING:
    from desktop.store import DealRow
    from desktop.store.snapshots import DealSnapshot
    from desktop.ui.window_context import WindowContext


class DealDeletion(QUndoCommand):
    """A deal taken out with its rounds: Undo puts it back and shows it, Redo takes it out again."""

    def __init__(self, window: WindowContext, snapshot: DealSnapshot) -> None:
        super().__init__(f"delete deal “{snapshot.name}”")
        self.window = window
        self.snapshot = snapshot
        self.deal_id = snapshot.deal_id  # its id now: new when it was put back under another
        self._applied = True  # pushed once the deal is out, so the stack's first redo() does nothing

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        try:
            self.snapshot = self.window.store.take_deal_out(self.deal_id)
        except UserFacingError as error:
            self._refused(error)
            return
        _after_deletion(self.window, self.deal_id)

    def undo(self) -> None:
        window = self.window
        try:
            self.deal_id = window.store.restore_deal(self.snapshot)
        except UserFacingError as error:
            self._refused(error)
            return
        window.record_changed.emit(RecordChange(Changed.DEAL_RESTORED, self.deal_id))
        window.history.show_deletions()  # Redo deletes it again, until the user turns to a deal
        name = window.store.deal(self.deal_id).name
        renamed = "" if name == self.snapshot.name else f" as “{name}”: another deal has its name now"
        window.show_status(f"Put back the deal “{self.snapshot.name}”{renamed}.")

    def _refused(self, error: UserFacingError) -> None:
        # Called by QUndoStack from C++: an exception would be printed, not shown. The record
        # is as it was (one transaction), and an obsolete command leaves the history.
        self.setObsolete(True)
        self.window.report_record_error(error)


def _after_deletion(window: WindowContext, deal_id: int) -> None:
    """Forget the deal's own undo stack, show the deals left, and make the deletion the thing to undo."""
    window.history.forget(deal_id)
    window.record_changed.emit(RecordChange(Changed.DEAL_DELETED, deal_id))
    window.history.show_deletions()


def delete_deal(window: WindowContext) -> None:
    """Ask, back up, then delete the selected deal with its rounds, undoably."""
    deal = window.current_deal
    if deal is None or window.tasks.busy:
        return
    rounds = "1 round" if deal.round_count == 1 else f"{deal.round_count} rounds"
    path = window.store.path
    backup = " A backup of the database is made first." if path is not None else ""
    text = (
        f"Delete the deal “{deal.name}” and its {rounds}?\n\n"
        f"Counterdraft forgets every draft stored for it; Edit ▸ Undo puts it back.{backup} "
        "Your own files on disk are not touched."
    )
    if not window.prompts.confirm("Delete deal", text, "Delete deal"):
        return
    if path is None:
        _take_out(window, deal)
        return

    def work(progress: Progress, cancel: threading.Event) -> None:
        back_up(path, cancel)

    window.tasks.run(f"Deleting the deal “{deal.name}”…", work,
                     on_success=lambda result: _take_out(window, deal), failure_title="The deal was not deleted")


def _take_out(window: WindowContext, deal: DealRow) -> None:
    try:
        snapshot = window.store.take_deal_out(deal.id)
    except UserFacingError as error:
        window.report_record_error(error)
        return
    window.history.push_deletion(DealDeletion(window, snapshot))
    _after_deletion(window, deal.id)
    window.show_status(f"Deleted the deal “{deal.name}”. Edit ▸ Undo puts it back.")
