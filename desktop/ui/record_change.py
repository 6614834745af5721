"""What changed in the record: the one message the window sends its panes after every write.

Modelled on Anki's `operation_did_execute`. Whoever writes to the store on the GUI thread (the
window's deal and import commands, the Positions tab, a thread correction, and their undo
and redo) emits a `RecordChange` through `MainWindow.record_changed`, and every pane shows
what it holds of the change: the deal list, the Positions tab, the History tab. No pane calls
into another's refresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Changed(Enum):
    """What kind of thing in the record changed."""

    DEAL_CREATED = "deal created"
    DEAL_RENAMED = "deal renamed"
    DEAL_DELETED = "deal deleted"  # deleted, or deleted again by Redo
    DEAL_RESTORED = "deal restored"  # a deleted deal put back by Undo
    ROUNDS_IMPORTED = "rounds imported"  # also when a later round of the import failed
    ROUND_DELETED = "round deleted"  # deleted, put back by Undo or deleted again by Redo
    PLAYBOOK = "playbook"  # the user's own positions, in every deal
    STATUS = "status"  # a position's status or reason in one round: set, undone or redone
    STANCE = "stance"  # our ask, fallback or walk-away on a position
    THREAD = "thread"  # a clause's link to the round before: corrected, undone or redone
    DEAL_DETAILS = "deal details"  # a deal's name, counterparty, side, type or jurisdictions corrected
    # A round's sender, date or label, or the rounds' order, corrected (with the statuses
    # Counterdraft suggested worked out again): undone and redone too.
    ROUNDS_CHANGED = "rounds changed"


@dataclass(frozen=True)
class RecordChange:
    """One change of the record: its kind, the deal it touched (None: every deal) and where in it."""

    kind: Changed
    deal_id: int | None
    key: str | None = None  # the position, for STATUS and STANCE
    # The round: of a STATUS, of a THREAD's clause, the last one imported, the one to show
    # after a ROUND_DELETED (the round put back, or the one that took the deleted one's place).
    draft_id: int | None = None
