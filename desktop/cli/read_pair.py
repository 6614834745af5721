"""Read the two drafts of a command-line comparison at once, one on each core.

Reading and splitting a 100-page .docx is pure Python, so two threads would take turns on
the GIL. On Linux the command forks: the child reads B while the parent reads A, then sends
B back pickled (about 10 ms for 100 pages, against 80 ms to read it). Elsewhere, and whenever
the child fails, B is read in the process itself, so the result and any error are exactly
those of reading the two one after the other.

Only for the command line: the window has threads and Qt, which a fork must never copy.
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

from desktop.core.model import Draft
from desktop.core.pipeline import load_draft


def can_fork() -> bool:
    """Return whether reading in a forked child is safe here (Linux, no other threads running)."""
    import threading

    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def load_pair(a: Path, b: Path, *, seconds: dict[str, float] | None = None) -> tuple[Draft, Draft]:
    """Return the drafts at `a` and `b`, read on two cores when possible.

    Errors are those of `load_draft(a)` then `load_draft(b)`: A's first.
    """
    if not can_fork():
        return load_draft(a, seconds=seconds), load_draft(b, seconds=seconds)
    readable, writable = os.pipe()
    child = os.fork()
    if child == 0:  # the child: read B, send it back, and leave without running any cleanup
        try:
            os.close(readable)
            times: dict[str, float] = {}
            try:
                message = pickle.dumps((load_draft(b, seconds=times), times), pickle.HIGHEST_PROTOCOL)
            except BaseException:  # noqa: BLE001 - the parent reads B again to raise the same error
                message = b""
            with os.fdopen(writable, "wb") as pipe:
                pipe.write(message)
        finally:
            os._exit(0)
    os.close(writable)
    with os.fdopen(readable, "rb") as pipe:
        try:
            draft_a = load_draft(a, seconds=seconds)
            message = pipe.read()
        except BaseException:
            os.kill(child, 9)  # A failed: B is not wanted, and nobody would read the pipe
            raise
        finally:
            os.waitpid(child, 0)
    if not message:  # B failed (or the child did): read it here, for the error or the draft
        return draft_a, load_draft(b, seconds=seconds)
    draft_b, times = pickle.loads(message)
    if seconds is not None:
        for key, value in times.items():
            seconds[key] = seconds.get(key, 0.0) + value
    return draft_a, draft_b
