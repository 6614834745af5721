"""The whole pipeline as three calls: load a draft, compare two clause lists, compare two drafts.

These are what the CLI and the window's workers run. Each takes optional `progress(done,
total)` and `cancel` (a threading.Event) and returns frozen dataclasses.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path

from desktop.core.alignment import align
from desktop.core.clauses import split_clauses
from desktop.core.model import Clause, Comparison, Draft, Pair
from desktop.core.reading import read_draft, read_file_bytes
from desktop.core.reading.limits import check_lengths
from desktop.core.work import Progress, check_cancel


def load_draft(
    path: str | Path,
    data: bytes | None = None,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    seconds: dict[str, float] | None = None,
) -> Draft:
    """Return the draft at `path` read and split into clauses, with its original bytes."""
    path = Path(path)
    started = time.perf_counter()
    if data is None:
        data = read_file_bytes(path)
    check_cancel(cancel)
    document = read_draft(path, data, progress=progress, cancel=cancel)
    read_done = time.perf_counter()
    check_cancel(cancel)
    clauses = split_clauses(document)
    check_lengths(document.name, [clause.text for clause in clauses])  # paragraphs join into clauses
    if seconds is not None:
        seconds["read"] = seconds.get("read", 0.0) + read_done - started
        seconds["split"] = seconds.get("split", 0.0) + time.perf_counter() - read_done
    return Draft(document=document, clauses=clauses, original=data)


def compare_clauses(
    a: Sequence[Clause],
    b: Sequence[Clause],
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    seconds: dict[str, float] | None = None,
) -> tuple[Pair, ...]:
    """Return the alignment of two clause lists, each pair with its word-level diff."""
    check_cancel(cancel)
    return align(tuple(a), tuple(b), progress=progress, cancel=cancel, seconds=seconds)


def compare_drafts(
    a: Draft,
    b: Draft,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    seconds: dict[str, float] | None = None,
) -> Comparison:
    """Return the clause-by-clause comparison of draft A with draft B."""
    return compare_named(
        a.document.name, a.clauses, b.document.name, b.clauses,
        progress=progress, cancel=cancel, seconds=seconds,
    )


def compare_named(
    name_a: str,
    clauses_a: Sequence[Clause],
    name_b: str,
    clauses_b: Sequence[Clause],
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    seconds: dict[str, float] | None = None,
) -> Comparison:
    """Return the comparison of two named clause lists (e.g. a stored round and a new draft)."""
    timings = seconds if seconds is not None else {}
    pairs = compare_clauses(clauses_a, clauses_b, progress=progress, cancel=cancel, seconds=timings)
    return Comparison(
        a=name_a,
        b=name_b,
        clauses_a=tuple(clauses_a),
        clauses_b=tuple(clauses_b),
        pairs=pairs,
        seconds=dict(timings),
    )
