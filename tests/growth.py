"""Inputs of awkward shapes at a size and twice that size, and a CPU-time ratio to compare them.

Issue 22: no input shape may be slow. Each shape is built at n and at 2n from real contract
words (the Common Paper CSA in tests/data), B a lightly edited copy of A, and a step on them is
timed in CPU seconds, best of a few runs. Doubling the input of a linear or n·log n step
about doubles its time; a quadratic one quadruples it. The ratio, not the time, is asserted,
so a loaded machine changes little.
"""

from __future__ import annotations

import gc
import random
import time
from collections.abc import Callable
from pathlib import Path

from desktop.core.model import Document, Paragraph

WORDS = (Path(__file__).resolve().parent / "data" / "md" / "commonpaper-csa-v1.0-final-2022-02-03.md").read_text(
    encoding="utf-8").split()
GROWTH_LIMIT = 2.5  # time(2n) / time(n): linear is ~2, n·log n a little more, quadratic ~4


def words(count: int, seed: int) -> list[str]:
    """Return `count` consecutive words of the CSA (wrapping round), from a seeded start."""
    start = random.Random(seed).randrange(len(WORDS))
    return [WORDS[(start + k) % len(WORDS)] for k in range(count)]


def edited(items: list[str], seed: int, every: int = 50) -> list[str]:
    """Return `items` with one in `every` replaced by a random contract word."""
    rng = random.Random(seed)
    out = list(items)
    for _ in range(max(1, len(out) // every)):
        out[rng.randrange(len(out))] = rng.choice(WORDS)
    return out


def document(texts: list[str], name: str = "a.txt") -> Document:
    """Return a plain-text Document of one paragraph per text."""
    return Document(name=name, kind="txt", sha256="0" * 64,
                    paragraphs=tuple(Paragraph(index=k, text=t) for k, t in enumerate(texts)))


def shape(kind: str, n: int) -> tuple[list[str], list[str]]:
    """Return A's and B's paragraph texts for one awkward shape at scale `n` (words)."""
    ws = words(n, 1)
    if kind == "long paragraph":  # one paragraph of n words (issue 22: 1 MB, 100,000 words)
        return [" ".join(ws)], [" ".join(edited(ws, 2))]
    if kind == "one-word paragraphs":  # issue 22: 50,000 of them
        return ws, edited(ws, 3)
    if kind == "identical paragraphs":  # issue 22: 10,000 of them
        same = "The Customer shall pay all Fees within thirty days of the invoice date."
        count = max(2, n // 12)
        return [same] * count, [same] * (count - 3) + ["The Provider shall pay.", same, same]
    if kind == "numbered clauses":  # n one-line numbered clauses
        return ([f"{k + 1}. {w} shall apply." for k, w in enumerate(ws)],
                [f"{k + 1}. {w} shall apply." for k, w in enumerate(edited(ws, 4))])
    raise ValueError(kind)


SHAPES = ("long paragraph", "one-word paragraphs", "identical paragraphs", "numbered clauses")


def cpu_seconds(step: Callable[[], object], repeats: int = 2) -> float:
    """Return the least CPU time of `repeats` runs of `step` (garbage collected before each)."""
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        started = time.process_time()
        step()
        best = min(best, time.process_time() - started)
    return best


def growth(make: Callable[[int], Callable[[], object]], n: int, tries: int = 3) -> tuple[float, float, float]:
    """Return (seconds at n, seconds at 2n, their ratio) of the step `make(size)` builds.

    A ratio over GROWTH_LIMIT is measured again, up to `tries` times in all, and the lowest
    kept: another process can slow one run, but a quadratic step is ~4× every time.
    """
    small, large = make(n), make(2 * n)
    small()  # warm: imports and caches filled once, outside the timing
    best = (0.0, 0.0, float("inf"))
    for _ in range(tries):
        first, second = cpu_seconds(small), cpu_seconds(large)
        ratio = second / max(first, 1e-3)
        best = min(best, (first, second, ratio), key=lambda r: r[2])
        if ratio < GROWTH_LIMIT:
            break
    return best
