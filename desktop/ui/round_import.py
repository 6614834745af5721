"""A round imported into a deal, as an undoable command: "Undo: import round 2 (acme-v2.docx)".

Each round an import writes (Import round…, or drafts dropped on the window) goes on its
deal's undo stack as its own RoundImport, pushed already done after `Store.add_round`: a
batch of three drafts is undone in three steps, the latest round first, each named by its
number and file. (The sample deal's rounds are not: they come with the deal, and Delete deal
takes it away undoably.)

Undo takes the round out with the snapshot machinery of Delete round (`Store.take_round_out`):
it is the deal's latest round, so no later round is compared afresh. Should it no longer be the
latest, Undo refuses, says so and leaves the record as it is. Redo puts it back row for row
with the same ids (`Store.restore_round`). Undo is announced as Changed.ROUND_DELETED (the
round before is shown), Redo as Changed.ROUNDS_IMPORTED (the round is shown again).

With the imports on the stack, a round deleted before an import is only put back once that
import is undone, so the deal's rounds are then as the deletion left them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop.core.model import UserFacingError
from desktop.qt import QUndoCommand
from desktop.ui.record_change import Changed, RecordChange
from desktop.ui.round_deletion import round_words

if TYPE_CHECKING:
    from desktop.store import RoundRow, Store
    from desktop.store.snapshots import RoundSnapshot

Announce = Callable[[RecordChange], None]
Failed = Callable[[UserFacingError], None]


class RoundImport(QUndoCommand):
    """A round imported as its deal's latest: Undo takes it out, Redo puts it back as it was."""

    def __init__(self, store: Store, row: RoundRow, announce: Announce, failed: Failed) -> None:
        super().__init__(f"import {round_words(row)}")
        self.store = store
        self.deal_id = row.deal_id
        self.draft_id = row.id
        self.words = round_words(row)
        self.snapshot: RoundSnapshot | None = None  # the round as Undo took it out
        self._announce = announce
        self._failed = failed
        self._applied = True  # pushed once the round is stored, so the stack's first redo() does nothing

    def undo(self) -> None:
        try:
            order = tuple(row.id for row in self.store.rounds(self.deal_id))
            if self.draft_id not in order:
                raise UserFacingError(f"The import of {self.words} cannot be undone: the round no longer exists.")
            if order[-1] != self.draft_id:
                raise UserFacingError(
                    f"The import of {self.words} cannot be undone: it is no longer the deal's latest round. "
                    "Deal ▸ Delete round… removes it.")
            self.snapshot = self.store.take_round_out(self.draft_id, None, order=order)
        except UserFacingError as error:
            self._refused(error)
            return
        self._announce(RecordChange(Changed.ROUND_DELETED, self.deal_id, draft_id=self.snapshot.previous_id))

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        if self.snapshot is None:  # undo() refused, and the command left the history
            return
        try:
            self.store.restore_round(self.snapshot)
        except UserFacingError as error:
            self._refused(error)
            return
        self._announce(RecordChange(Changed.ROUNDS_IMPORTED, self.deal_id, draft_id=self.draft_id))

    def _refused(self, error: UserFacingError) -> None:
        # Called by QUndoStack from C++: an exception would be printed, not shown. The record
        # is as it was (one transaction), and an obsolete command leaves the history.
        self.setObsolete(True)
        self._failed(error)
