"""Compare any two drafts: a redline when one is a version of the other, a topic match when not.

Two rounds of one negotiation share a lineage and get the clause alignment of
desktop.core.alignment; two vendors' papers do not, and get the topic alignment of
desktop.core.topic_alignment. "auto" decides by `shares_lineage`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from desktop.core.model import Cancelled, Clause, Comparison, UserFacingError
from desktop.core.playbook import Playbook
from desktop.core.topic_alignment import align_by_topic, default_playbook, shares_lineage

BY_CHOICES = ("auto", "lineage", "topic")
__all__ = ["BY_CHOICES", "compare_any", "default_playbook"]

Progress = Callable[[int, int], None] | None


def compare_any(
    name_a: str,
    clauses_a: Sequence[Clause],
    name_b: str,
    clauses_b: Sequence[Clause],
    *,
    by: str = "auto",
    playbook: Playbook | None = None,
    progress: Progress = None,
    cancel: threading.Event | None = None,
    seconds: dict[str, float] | None = None,
) -> Comparison:
    """Return the comparison of two named clause lists, aligned by lineage or by topic.

    `by` is "auto" (topic alignment when the drafts do not share a lineage), "lineage" or
    "topic". Topic alignment uses `playbook` (the shipped one when None) to pair clauses that
    answer the same position. Timings are added to `seconds` ("align", "diff").
    """
    from desktop.core.pipeline import compare_named

    if by not in BY_CHOICES:
        raise UserFacingError(f"Unknown comparison mode {by!r}: use auto, lineage or topic.")
    if cancel is not None and cancel.is_set():
        raise Cancelled()
    timings = seconds if seconds is not None else {}
    if by == "auto":
        by = "lineage" if shares_lineage(clauses_a, clauses_b) else "topic"
    if by == "lineage":
        return compare_named(name_a, clauses_a, name_b, clauses_b,
                             progress=progress, cancel=cancel, seconds=timings)
    started = time.perf_counter()
    pairs = align_by_topic(clauses_a, clauses_b, playbook=playbook,
                           progress=progress, cancel=cancel)
    timings["align"] = timings.get("align", 0.0) + time.perf_counter() - started
    return Comparison(
        a=name_a,
        b=name_b,
        clauses_a=tuple(clauses_a),
        clauses_b=tuple(clauses_b),
        pairs=pairs,
        seconds=dict(timings),
        by="topic",
    )
