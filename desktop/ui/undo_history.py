"""The window's undo history: one QUndoStack per deal in a QUndoGroup, so Undo only acts on the deal on screen.

Every edit of a deal (a status, a stance, a thread correction, a round imported or deleted…) is pushed
with `push(deal_id, command)` onto that deal's stack. Showing a deal makes its stack the
group's active one, so Edit ▸ Undo and Redo only ever act on the deal the user is looking
at, and they say what they change ("Undo: liability cap won in round 3"). Deleting a deal
drops its stack (`forget`).

A deleted deal is no longer on screen, so its deletion goes on one more stack, `deletions`.
It is the active one while no deal is shown and right after a deal is deleted or put back
(`show_deletions`), so Ctrl+Z brings back the deal just deleted; from any other deal it is
reached by Edit ▸ "Undo: delete deal “…”", an entry of its own that names the deal.

While the window is busy (an import or a comparison runs on a worker) Undo and Redo wait:
the worker's result is written for the rounds it was given.
"""

from __future__ import annotations

from desktop.qt import QAction, QObject, QUndoCommand, QUndoGroup, QUndoStack, QWidget
from desktop.ui.shortcuts import bind


class UndoHistory(QObject):
    """The deals' undo stacks, the stack of deleted deals, and the Edit menu's actions over them."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.group = QUndoGroup(self)
        self.deletions = QUndoStack(self)  # deals deleted: undone after the deal is gone
        self.group.addStack(self.deletions)
        self._stacks: dict[int, QUndoStack] = {}
        self._shown: int | None = None
        self._name = ""  # the shown deal's name, for the actions' status tips
        self._busy = False

        self.undo_action = bind(QAction("&Undo", parent), "undo")
        self.undo_action.triggered.connect(lambda checked=False: self.undo())
        self.redo_action = bind(QAction("&Redo", parent), "redo")
        self.redo_action.triggered.connect(lambda checked=False: self.redo())
        # The deleted deals' own entries, shown while another deal's stack is the active one.
        self.undo_deletion_action = QAction("Undo: delete deal", parent)
        self.undo_deletion_action.triggered.connect(lambda checked=False: self._step_deletions(undo=True))
        self.redo_deletion_action = QAction("Redo: delete deal", parent)
        self.redo_deletion_action.triggered.connect(lambda checked=False: self._step_deletions(undo=False))
        for signal in (self.group.activeStackChanged, self.group.indexChanged, self.group.undoTextChanged,
                       self.group.redoTextChanged, self.deletions.indexChanged):
            signal.connect(self._on_changed)  # a method: the connection goes with this object
        self._update()

    @property
    def actions(self) -> list[QAction]:
        """Return the Edit menu's undo actions, in menu order."""
        return [self.undo_action, self.redo_action, self.undo_deletion_action, self.redo_deletion_action]

    # --- the stacks ---------------------------------------------------------------------------
    def stack(self, deal_id: int) -> QUndoStack:
        """Return the deal's undo stack, made empty the first time it is asked for."""
        stack = self._stacks.get(deal_id)
        if stack is None:
            stack = self._stacks[deal_id] = QUndoStack(self)
            self.group.addStack(stack)
        return stack

    def push(self, deal_id: int, command: QUndoCommand) -> None:
        """Push an edit of the deal `deal_id` on its stack (which becomes the active one when it is shown)."""
        stack = self.stack(deal_id)
        stack.push(command)
        if deal_id == self._shown:
            self.group.setActiveStack(stack)

    def push_deletion(self, command: QUndoCommand) -> None:
        """Push the deletion of a deal on the deleted deals' stack, and make that the active one."""
        self.deletions.push(command)
        self.show_deletions()

    def show_deal(self, deal_id: int | None, name: str = "") -> None:
        """Make the stack of the deal now on screen the active one (no deal: the deleted deals')."""
        self._shown, self._name = deal_id, name
        self.group.setActiveStack(self.stack(deal_id) if deal_id is not None else self.deletions)
        self._update()

    def show_deletions(self) -> None:
        """Make the deleted deals' stack the active one, whatever deal is shown (just after a deletion)."""
        self.group.setActiveStack(self.deletions)

    def forget(self, deal_id: int) -> None:
        """Drop the deal's stack: the deal is gone, and so are the edits it could undo."""
        stack = self._stacks.pop(deal_id, None)
        if stack is None:
            return
        if self.group.activeStack() is stack:
            self.group.setActiveStack(self.deletions)
        self.group.removeStack(stack)
        stack.clear()
        stack.deleteLater()

    def set_busy(self, busy: bool) -> None:
        """Hold Undo and Redo back while the window's work runs on a worker (see the module's note)."""
        self._busy = busy
        self._update()

    # --- undo and redo ------------------------------------------------------------------------
    def undo(self) -> None:
        """Undo the last edit of the active stack (the deal on screen, or the last deletion)."""
        if not self._busy:
            self.group.undo()

    def redo(self) -> None:
        """Redo the edit the active stack last undid."""
        if not self._busy:
            self.group.redo()

    def _step_deletions(self, *, undo: bool) -> None:
        if self._busy:
            return
        self.show_deletions()
        if undo:
            self.deletions.undo()
        else:
            self.deletions.redo()

    def _on_changed(self, *args: object) -> None:
        self._update()

    def _update(self) -> None:
        group, deletions, idle = self.group, self.deletions, not self._busy
        active = group.activeStack()
        for action, can, text, word in ((self.undo_action, group.canUndo(), group.undoText(), "Undo"),
                                        (self.redo_action, group.canRedo(), group.redoText(), "Redo")):
            action.setEnabled(idle and can)
            action.setText(f"&{word}: {text}" if can else f"&{word}")
            if active is deletions:
                tip = f"{word} the deletion of a deal" if can else ""
            else:
                tip = f"{word} the last change to “{self._name}”" if can and self._name else ""
            action.setStatusTip(tip)
        for action, can, text, word in (
                (self.undo_deletion_action, deletions.canUndo(), deletions.undoText(), "Undo"),
                (self.redo_deletion_action, deletions.canRedo(), deletions.redoText(), "Redo")):
            # Beside the deal's own Undo only while another stack is the active one: else they would repeat it.
            action.setVisible(can and active is not deletions)
            action.setEnabled(idle and can and active is not deletions)
            action.setText(f"{word}: {text}" if can else f"{word}: delete deal")
