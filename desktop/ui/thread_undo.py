"""Corrections of clause threads as undoable commands: link a clause, split a thread, merge two.

Each correction is one `Store.set_predecessor` call. As in undo.py, it is written to the store
first (so a refusal surfaces where the user acted) and pushed on the window's QUndoStack
already done. Undo puts back every link the write changed (`Store.restore_links`), including a
clause that lost its predecessor to this one; Redo writes the correction again. After every
write the command calls `changed(ref)` so the window can show the thread again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop.core.model import UserFacingError
from desktop.qt import QUndoCommand

if TYPE_CHECKING:
    from desktop.store import Store
    from desktop.store.threads import ClauseRef, LinkChange

Changed = Callable[["ClauseRef"], None]
Failed = Callable[[UserFacingError], None]


class LinkEdit(QUndoCommand):
    """Give a clause another predecessor (None: its thread starts here), undoably."""

    def __init__(
        self,
        text: str,
        store: Store,
        ref: ClauseRef,
        pred: ClauseRef | None,
        changes: list[LinkChange],
        changed: Changed,
        failed: Failed,
    ) -> None:
        super().__init__(text)
        self.store = store
        self.ref = ref
        self.pred = pred
        self.changes = changes  # what the last write changed: what Undo puts back
        self._changed = changed
        self._failed = failed
        self._applied = True  # pushed after the first write, so the stack's first redo() does nothing

    @classmethod
    def apply(
        cls, text: str, store: Store, ref: ClauseRef, pred: ClauseRef | None, changed: Changed, failed: Failed
    ) -> LinkEdit | None:
        """Write the correction and return its command to push, or None when it changed nothing.

        A store refusal (StoreError, a UserFacingError) propagates to the caller.
        """
        changes = store.set_predecessor(ref, pred)
        if not changes:
            return None
        changed(ref)
        return cls(text, store, ref, pred, changes, changed, failed)

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        try:
            self.changes = self.store.set_predecessor(self.ref, self.pred)
        except UserFacingError as error:
            # Called by QUndoStack from C++: an exception would be printed, not shown.
            self._failed(error)
            return
        self._changed(self.ref)

    def undo(self) -> None:
        try:
            self.store.restore_links(self.changes)
        except UserFacingError as error:
            self._failed(error)
            return
        self._changed(self.ref)
