"""Assessing stored rounds again: after their sender, their order or the deal's side changed.

A round's suggested statuses depend on who sent it, on the round before it and on which side
we act for (desktop.core.record). When the lawyer corrects one of those, the suggestions of
that round and of every later one (each measured against where the deal stood before it) are
stale. `reassess_rounds` works them out again, as an import would, and compares a round with
its new predecessor when the order changed.

Nothing here touches Qt or the store: the window gathers the rounds as the store holds them
(their clauses, stored comparisons and the statuses the user confirmed), runs this on a worker
and writes the result back (Store.set_round_details, Store.reorder_rounds, Store.set_deal_details).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from desktop.core.model import Clause, Comparison, Finding, Suggestion
from desktop.core.pipeline import compare_named
from desktop.core.playbook import Playbook
from desktop.core.record import Standing, assess_round
from desktop.core.work import Progress, check_cancel

__all__ = ["AssessPlan", "ReassessedRound", "RoundToAssess", "new_predecessors", "reassess_rounds"]


@dataclass(frozen=True)
class RoundToAssess:
    """A stored round to assess again, in its (new) place in the deal."""

    draft_id: int
    file_name: str
    sender: str  # "us" | "them", as it is to be
    clauses: tuple[Clause, ...]
    # Its stored comparison with the round before it (None for a first round), used as it is
    # unless `recompare`: then it is compared afresh with the round now before it.
    comparison: Comparison | None = None
    recompare: bool = False
    # The statuses the user set in this round (not suggested), by position key: they stay,
    # and the next round is measured against them.
    confirmed: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AssessPlan:
    """The rounds to assess again (Store.rounds_to_assess): from the first one touched to the last."""

    round_no: int  # the number the first of them has (in the new order): Store.standing_before it
    before: RoundToAssess | None  # the round just before them; None when they start the deal
    rounds: tuple[RoundToAssess, ...]


@dataclass(frozen=True)
class ReassessedRound:
    """A round assessed again: its comparison with the round before, findings and suggestions."""

    draft_id: int
    comparison: Comparison | None  # fresh when the round was recompared, else the one given
    recompared: bool
    findings: tuple[Finding, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()


def new_predecessors(old: Sequence[int], new: Sequence[int]) -> dict[int, int | None]:
    """Return {round: the round now before it (None: first)} for the rounds whose predecessor changed."""
    if sorted(old) != sorted(new):
        raise ValueError("the new order must hold the same rounds")
    before_old = {draft: (old[i - 1] if i else None) for i, draft in enumerate(old)}
    before_new = {draft: (new[i - 1] if i else None) for i, draft in enumerate(new)}
    return {draft: before_new[draft] for draft in new if before_new[draft] != before_old[draft]}


def reassess_rounds(
    rounds: Sequence[RoundToAssess],
    before: RoundToAssess | None,
    *,
    playbook: Playbook | None,
    standing: Standing | None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> tuple[ReassessedRound, ...]:
    """Return each of `rounds` (consecutive, in deal order) compared where needed and assessed again.

    `before` is the round just before the first of them (None when they start the deal): a
    first round to recompare is compared with it. `standing` is where the deal stood before
    the first of them (Store.standing_before); with a `playbook`, each round's findings and
    suggestions are worked out against it, and it moves on round by round, the statuses the
    user confirmed counting over the suggestions. Without one, rounds are only recompared.
    """
    out: list[ReassessedRound] = []
    previous = before
    for done, item in enumerate(rounds):
        check_cancel(cancel)
        comparison = item.comparison
        if item.recompare:
            comparison = None if previous is None else compare_named(
                previous.file_name, previous.clauses, item.file_name, item.clauses, cancel=cancel)
        findings: tuple[Finding, ...] = ()
        suggestions: tuple[Suggestion, ...] = ()
        if playbook is not None and standing is not None:
            if previous is None:  # a new first round is measured against nothing
                standing = dataclasses.replace(standing, round_no=0, sender=None, findings=(),
                                               statuses={}, last_by_sender={})
            findings, suggestions = assess_round(playbook, item.clauses, standing, sender=item.sender,
                                                 comparison=comparison, cancel=cancel)
            kept = [dataclasses.replace(s, status=item.confirmed[s.key]) if s.key in item.confirmed else s
                    for s in suggestions]
            standing = standing.after(item.sender, findings, kept)
        out.append(ReassessedRound(item.draft_id, comparison, item.recompare, findings, suggestions))
        previous = item
        if progress is not None:
            progress(done + 1, len(rounds))
    return tuple(out)
