"""How slow work is driven: one progress callback type and one cancel check.

Every slow function (reading a draft, aligning two, preparing rounds, writing an export)
takes an optional `progress(done, total)` and an optional `cancel`: a threading.Event, or
anything else with `is_set()` (model.CancelFlag, such as reading's Deadline). It calls
`check_cancel(cancel)` at its checkpoints, which stops it with model.Cancelled. The window's
TaskRunner hands each worker a Progress that also raises Cancelled once Cancel is pressed.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.core.model import CancelFlag, Cancelled

# `progress(done, total)`: how far a slow function has come. Optional parameters are
# annotated `progress: Progress | None = None`.
Progress = Callable[[int, int], None]


def check_cancel(cancel: CancelFlag | None) -> None:
    """Raise Cancelled when `cancel` is set; no cancel (None) never stops the work."""
    if cancel is not None and cancel.is_set():
        raise Cancelled()
