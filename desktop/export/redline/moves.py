"""The moves the clause comparison names, as pairs of the redline's paragraphs.

The compare (desktop.core.alignment) follows clauses, and calls a clause moved when it changed
its place. The redline works on Word paragraphs, so each moved clause's paragraphs are found
among the redline's: the reader's paragraphs (Document.paragraphs) and the redline's body
paragraphs come in the same order, and are matched by their text.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.core.long_diff import ratio
from desktop.core.model import Draft, Pair, Paragraph
from desktop.core.pipeline import compare_clauses
from desktop.export.redline.xml import Para

LOOKAHEAD = 64  # redline paragraphs searched past the last match for a reader paragraph


def named_moves(a: Draft, b: Draft, paras_a: Sequence[Para], paras_b: Sequence[Para],
                pairs: Sequence[Pair] | None = None) -> list[list[tuple[int, int]]]:
    """Return, for each clause the comparison calls moved, the (A, B) indices of its paragraphs
    in the redline.

    `pairs` is the comparison when the caller has it; otherwise the clauses are compared here.
    """
    if not a.clauses or not b.clauses:
        return []
    if pairs is None:
        pairs = compare_clauses(a.clauses, b.clauses)
    moved = [p for p in pairs if p.kind == "moved" and len(p.a) == 1 and len(p.b) == 1]
    if not moved:
        return []
    where_a = _redline_index(a.document.paragraphs, paras_a)
    where_b = _redline_index(b.document.paragraphs, paras_b)
    clauses_a = {c.id: c for c in a.clauses}
    clauses_b = {c.id: c for c in b.clauses}
    out = []
    for pair in moved:
        own_a = [i for k in clauses_a[pair.a[0]].paragraphs if (i := where_a.get(k)) is not None]
        own_b = [j for k in clauses_b[pair.b[0]].paragraphs if (j := where_b.get(k)) is not None]
        if own_a and own_b:
            out.append(_paragraph_pairs(own_a, own_b, paras_a, paras_b))
    return out


def _paragraph_pairs(own_a: list[int], own_b: list[int], paras_a: Sequence[Para],
                     paras_b: Sequence[Para]) -> list[tuple[int, int]]:
    """Pair a moved clause's paragraphs: in order when both sides have as many, else each of
    A's with the most similar of B's (a clause that became a heading and a paragraph)."""
    if len(own_a) == len(own_b):
        return list(zip(own_a, own_b))
    out = []
    free = list(own_b)
    for i in own_a:
        if not free:
            break
        j = max(free, key=lambda j: ratio(paras_a[i].text, paras_b[j].text))
        free.remove(j)
        out.append((i, j))
    return out


def _redline_index(read: Sequence[Paragraph], paras: Sequence[Para]) -> dict[int, int]:
    """Map each reader paragraph's index to the redline paragraph with the same text, in order."""
    out: dict[int, int] = {}
    texts = [_words(p.text) for p in paras]
    at = 0
    for paragraph in read:
        words = _words(paragraph.text)
        for j in range(at, min(len(texts), at + LOOKAHEAD)):
            if texts[j] == words:
                out[paragraph.index] = j
                at = j + 1
                break
    return out


def _words(text: str) -> str:
    return " ".join(text.split())
