"""Compare any two drafts: a redline when one is a version of the other, a topic match when not.

Two rounds of one negotiation share a lineage and get the clause alignment of
desktop.core.alignment; two vendors' papers do not, and get the topic alignment of
desktop.core.topics. "auto" decides by `shares_lineage`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from desktop.core.diff import normalize_cosmetic
from desktop.core.model import Clause, Comparison, UserFacingError
from desktop.core.work import Progress, check_cancel

if TYPE_CHECKING:
    from desktop.core.playbook import Playbook

BY_CHOICES = ("auto", "lineage", "topic")
__all__ = ["BY_CHOICES", "compare_any", "shares_lineage"]

_LINEAGE_SHARE = 0.3  # share of clause texts two versions of one draft have in common


def shares_lineage(a: Sequence[Clause], b: Sequence[Clause]) -> bool:
    """Return True when B looks like a later version of A: many clause texts survive as they were.

    Texts are compared after cosmetic normalisation (case, punctuation, cross-reference
    numbers); a clause also counts when its first 80 normalised characters survive, so a
    lightly edited clause still counts. Two vendors' independent papers share a few
    boilerplate sentences at most.
    """
    # Rounds of one negotiation mostly repeat each other word for word: settle that without
    # normalising every clause.
    raw_a = {c.text for c in a if len(c.text) >= 25}
    raw_b = {c.text for c in b if len(c.text) >= 25}
    if raw_a and raw_b and len(raw_a & raw_b) >= _LINEAGE_SHARE * min(len(raw_a), len(raw_b)):
        return True

    def keys(clauses: Sequence[Clause]) -> tuple[set[str], set[str], int]:
        full, starts, count = set(), set(), 0
        for clause in clauses:
            norm = normalize_cosmetic(clause.text)
            if len(norm) < 25:  # headings, "(a)" items, one-word definitions say nothing
                continue
            count += 1
            full.add(norm)
            starts.add(norm[:80])
        return full, starts, count

    full_a, starts_a, count_a = keys(a)
    full_b, starts_b, count_b = keys(b)
    if not count_a or not count_b:
        return False
    shared = max(len(full_a & full_b), len(starts_a & starts_b))
    return shared / min(count_a, count_b) >= _LINEAGE_SHARE


def compare_any(
    name_a: str,
    clauses_a: Sequence[Clause],
    name_b: str,
    clauses_b: Sequence[Clause],
    *,
    by: str = "auto",
    playbook: Playbook | None = None,
    progress: Progress | None = None,
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
    check_cancel(cancel)
    timings = seconds if seconds is not None else {}
    if by == "auto":
        by = "lineage" if shares_lineage(clauses_a, clauses_b) else "topic"
    if by == "lineage":
        return compare_named(name_a, clauses_a, name_b, clauses_b,
                             progress=progress, cancel=cancel, seconds=timings)
    # Only two unrelated drafts need the topic machinery (and the playbook): imported here,
    # it stays out of the start-up of every `counterdraft compare` of two rounds.
    from desktop.core.topics import align_by_topic

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
