"""Edits of the positions record as undoable commands: a status and its reason, or our stance on a position.

Each edit is written to the store first (so a refusal surfaces where the user acted) and then
pushed on its deal's QUndoStack already done (undo_history.py); Undo writes the earlier value
back and Redo the later one. After every write the command calls `changed(deal_id, key,
draft_id)` so the window can show the result (draft_id is None for a stance). A command's text
names what it changes, as Edit ▸ Undo shows it: "Undo: liability cap won in round 3".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.core.model import UserFacingError
from desktop.display.positions import STATUS_WORDS
from desktop.qt import QUndoCommand

if TYPE_CHECKING:
    from desktop.store import Store

Changed = Callable[[int, str, "int | None"], None]
Failed = Callable[[UserFacingError], None]

# How an undo text says a position was given a status: "liability cap won in round 3".
STATUS_PAST = {**STATUS_WORDS, "compromise": "compromised"}


@dataclass(frozen=True)
class StatusValue:
    """A position's status in one round as the store keeps it."""

    status: str
    reason: str
    suggested: bool

    @classmethod
    def of(cls, recorded: Any) -> StatusValue | None:
        """Return the store's PositionStatus (or None) as a StatusValue."""
        if recorded is None:
            return None
        return cls(recorded.status, recorded.reason, bool(recorded.suggested))


@dataclass(frozen=True)
class StanceValue:
    """Our ask, fallback and walk-away on a position."""

    ask: str
    fallback: str
    walk_away: str


class _StoreEdit(QUndoCommand):
    """A command whose redo and undo write to the store and then report the change."""

    def __init__(self, text: str, store: Store, deal_id: int, key: str, changed: Changed, failed: Failed) -> None:
        super().__init__(text)
        self.store = store
        self.deal_id = deal_id
        self.key = key
        self._changed = changed
        self._failed = failed
        self._applied = True  # pushed after the first write, so the stack's first redo() does nothing

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._run(self.apply)

    def undo(self) -> None:
        self._run(self.revert)

    def _run(self, write: Callable[[], None]) -> None:
        # Called by QUndoStack from C++: an exception here would be printed, not shown, so a
        # store refusal (a locked database) goes to the user through `failed`.
        try:
            write()
        except UserFacingError as error:
            self._failed(error)

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class StatusEdit(_StoreEdit):
    """Set a position's status and reason in one round: confirm, override or re-word."""

    def __init__(
        self,
        text: str,
        store: Store,
        deal_id: int,
        key: str,
        draft_id: int,
        before: StatusValue | None,
        after: StatusValue,
        changed: Changed,
        failed: Failed,
    ) -> None:
        super().__init__(text, store, deal_id, key, changed, failed)
        self.draft_id = draft_id
        self.before = before
        self.after = after

    def apply(self) -> None:
        after = self.after
        self.store.set_status(self.deal_id, self.key, self.draft_id, after.status, after.reason, suggested=after.suggested)
        self._changed(self.deal_id, self.key, self.draft_id)

    def revert(self) -> None:
        before = self.before
        if before is None:
            self.store.clear_status(self.deal_id, self.key, self.draft_id)
        else:
            self.store.set_status(
                self.deal_id, self.key, self.draft_id, before.status, before.reason, suggested=before.suggested
            )
        self._changed(self.deal_id, self.key, self.draft_id)


class StanceEdit(_StoreEdit):
    """Change our ask, fallback or walk-away on a position of the deal."""

    def __init__(
        self,
        text: str,
        store: Store,
        deal_id: int,
        key: str,
        before: StanceValue,
        after: StanceValue,
        changed: Changed,
        failed: Failed,
    ) -> None:
        super().__init__(text, store, deal_id, key, changed, failed)
        self.before = before
        self.after = after

    def _write(self, value: StanceValue) -> None:
        self.store.set_stance(self.deal_id, self.key, ask=value.ask, fallback=value.fallback, walk_away=value.walk_away)
        self._changed(self.deal_id, self.key, None)

    def apply(self) -> None:
        self._write(self.after)

    def revert(self) -> None:
        self._write(self.before)
