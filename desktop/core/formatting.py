"""Formatting-only changes in a comparison: the same words, styled otherwise.

The clause alignment compares text. A clause whose words are the same in both drafts can still
have changed how it looks: another paragraph style, heading level or list level, or a bold
run-in title that is no longer bold. Such a clause is a cosmetic modification: hidden with the
other cosmetic changes, counted with them, and said in plain words (Pair.formatting). The Word
redline marks the same change as w:pPrChange / w:rPrChange.
"""

from __future__ import annotations

from dataclasses import replace

from desktop.core.model import Clause, Comparison, Document, Paragraph


def with_formatting_changes(comparison: Comparison, a: Document, b: Document) -> Comparison:
    """Return `comparison` with each one-to-one pair whose formatting changed saying how.

    An unchanged pair becomes a cosmetic "modified" one; a renumbered or moved one keeps its kind.
    Topic comparisons (two different papers) are left as they are.
    """
    if comparison.by != "lineage":
        return comparison
    paragraphs_a = {p.index: p for p in a.paragraphs}
    paragraphs_b = {p.index: p for p in b.paragraphs}
    clauses_a = {c.id: c for c in comparison.clauses_a}
    clauses_b = {c.id: c for c in comparison.clauses_b}
    pairs = []
    for pair in comparison.pairs:
        if pair.kind in ("unchanged", "renumbered", "moved") and len(pair.a) == 1 and len(pair.b) == 1:
            clause_a = clauses_a[pair.a[0]]
            what = formatting_change(clause_a, paragraphs_a, clauses_b[pair.b[0]], paragraphs_b)
            if what and pair.kind == "unchanged":
                # A modified pair carries its diff: the words, all kept.
                diff = (("=", clause_a.text),) if clause_a.text else ()
                pair = replace(pair, kind="modified", formatting=what, diff=diff)
            elif what:
                pair = replace(pair, formatting=what)
        pairs.append(pair)
    return replace(comparison, pairs=tuple(pairs))


def formatting_change(clause_a: Clause, paragraphs_a: dict[int, Paragraph],
                      clause_b: Clause, paragraphs_b: dict[int, Paragraph]) -> str:
    """Return how a clause's formatting changed, in a few words ("" when it did not)."""
    if clause_a.text != clause_b.text or clause_a.heading != clause_b.heading:
        return ""
    own_a = [paragraphs_a[k] for k in clause_a.paragraphs if k in paragraphs_a]
    own_b = [paragraphs_b[k] for k in clause_b.paragraphs if k in paragraphs_b]
    changes: list[str] = []
    for pa, pb in zip(own_a, own_b):
        if pa.style != pb.style and pa.style and pb.style:
            changes.append(f"style {pa.style} → {pb.style}")
        if pa.outline_level != pb.outline_level:
            changes.append(f"heading level {_level(pa.outline_level)} → {_level(pb.outline_level)}")
        if pa.num_level != pb.num_level and pa.num_level is not None and pb.num_level is not None:
            changes.append(f"list level {pa.num_level + 1} → {pb.num_level + 1}")
        if pa.bold_prefix != pb.bold_prefix and pa.text == pb.text:
            changes.append("bold title " + ("removed" if pa.bold_prefix else "added"))
    return "; ".join(dict.fromkeys(changes))


def _level(level: int | None) -> str:
    return "none" if level is None else str(level + 1)
