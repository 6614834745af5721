"""Preparing rounds: the one way a draft becomes a deal's next round.

Each file is read and split into clauses, compared with the round before it, and (with a
playbook) searched for the playbook's positions, whose statuses are suggested against where
the deal stands. The window's Import round… (on a worker), the `counterdraft import` command
and the sample deal all prepare their rounds here.

Nothing here touches Qt or the store: the caller gathers immutable inputs from the store (the
deal's latest round, its standing), calls `prepare_rounds`, and writes each PreparedRound with
Store.add_round, in order.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.core.model import Clause, Comparison, Draft, Finding, Suggestion
from desktop.core.pipeline import compare_named, load_draft
from desktop.core.playbook import Playbook
from desktop.core.record import Standing, assess_round
from desktop.core.work import Progress

# Each file's share of the progress bar: reading and splitting it, then aligning it.
_STEPS = 1000


@dataclass(frozen=True)
class RoundFile:
    """A file the user chose to import, with who sent it and when."""

    path: Path
    sender: str  # "us" | "them"
    date: str  # YYYY-MM-DD


@dataclass(frozen=True)
class PreparedRound:
    """A draft read and compared, ready for Store.add_round."""

    draft: Draft
    sender: str
    date: str
    comparison: Comparison | None  # None for a deal's first round
    findings: tuple[Finding, ...] = ()  # the playbook positions found in the draft
    suggestions: tuple[Suggestion, ...] = ()  # the statuses they suggest for this round


@dataclass(frozen=True)
class LatestRound:
    """What a new round is compared with: the deal's latest round as the store holds it."""

    file_name: str
    clauses: tuple[Clause, ...]


def prepare_rounds(
    files: Sequence[RoundFile],
    latest: LatestRound | None,
    *,
    playbook: Playbook | None = None,
    standing: Standing | None = None,
    drafts: Sequence[Draft] | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> tuple[PreparedRound, ...]:
    """Return each file read, split and compared with the round before it, in the order given.

    The first file is compared with `latest` (None for a deal with no rounds yet), each later
    one with the file before it. With a `playbook`, each round also carries the positions
    found in it and the statuses they suggest, measured against `standing` (Store.standing
    of the deal; a deal with no rounds acting for the customer when None), which moves on
    round by round.

    `drafts`, when given, are the files already read (pipeline.load_draft), one per file in
    the same order: the command line and the sample deal read every file before they open
    the deal, so that a file that cannot be read leaves the database untouched. Otherwise any
    file that cannot be read raises ReadError here, so a batch is prepared whole or not at all.
    """
    if drafts is not None and len(drafts) != len(files):
        raise ValueError(f"{len(drafts)} drafts for {len(files)} files")
    if playbook is not None and standing is None:
        standing = Standing.fresh(playbook, "customer")
    prepared: list[PreparedRound] = []
    total = len(files) * _STEPS

    def report(file_no: int, start: int, share: int) -> Progress | None:
        if progress is None:
            return None

        def relay(done: int, whole: int) -> None:
            fraction = done / whole if whole > 0 else 0.0
            progress(file_no * _STEPS + start + int(fraction * share), total)

        return relay

    for file_no, file in enumerate(files):
        if drafts is None:
            draft = load_draft(file.path, progress=report(file_no, 0, _STEPS // 2), cancel=cancel)
        else:
            draft = drafts[file_no]
        comparison = None
        if latest is not None:
            comparison = compare_named(latest.file_name, latest.clauses, draft.document.name, draft.clauses,
                                       progress=report(file_no, _STEPS // 2, _STEPS // 2), cancel=cancel)
        findings: tuple[Finding, ...] = ()
        suggestions: tuple[Suggestion, ...] = ()
        if playbook is not None and standing is not None:
            findings, suggestions = assess_round(playbook, draft.clauses, standing, sender=file.sender,
                                                 comparison=comparison, cancel=cancel)
            standing = standing.after(file.sender, findings, suggestions)
        prepared.append(PreparedRound(draft, file.sender, file.date, comparison, findings, suggestions))
        latest = LatestRound(draft.document.name, draft.clauses)
        if progress is not None:
            progress((file_no + 1) * _STEPS, total)
    return tuple(prepared)
