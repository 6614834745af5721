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
    if kind == "rewritten paragraph":  # one long paragraph, its punctuation all changed
        return ["Fees " + "`` a ` " * (n // 2)], ["Fees " + "[a](" * (n // 2)]
    if kind == "numbered clauses":  # n one-line numbered clauses
        return ([f"{k + 1}. {w} shall apply." for k, w in enumerate(ws)],
                [f"{k + 1}. {w} shall apply." for k, w in enumerate(edited(ws, 4))])
    raise ValueError(kind)


SHAPES = ("long paragraph", "rewritten paragraph", "one-word paragraphs", "identical paragraphs", "numbered clauses")


def cpu_seconds(step: Callable[[], object]) -> float:
    """Return the CPU time of one run of `step`, the cyclic garbage collector paused.

    The collector's passes scale with every object alive in the test process (pytest's too),
    not with the step's input, and added up to 0.4× of the ratio on the larger shapes.
    """
    gc.collect()
    gc.disable()
    try:
        started = time.process_time()
        step()
        return time.process_time() - started
    finally:
        gc.enable()


def growth(make: Callable[[int], Callable[[], object]], n: int, tries: int = 6) -> tuple[float, float, float]:
    """Return (seconds at n, seconds at 2n, their ratio) of the step `make(size)` builds.

    The two sizes are run in turn, and each keeps its least time: another process can slow any
    one run, never speed it up. Once the ratio of the least times is under GROWTH_LIMIT (after
    at least two turns) the measure stops; a quadratic step stays near 4× however often it runs.
    """
    small, large = make(n), make(2 * n)
    small()  # warm: imports and caches filled once, outside the timing
    first = second = float("inf")
    for turn in range(tries):
        first, second = min(first, cpu_seconds(small)), min(second, cpu_seconds(large))
        if turn >= 1 and second / max(first, 1e-3) < GROWTH_LIMIT:
            break
    return first, second, second / max(first, 1e-3)
