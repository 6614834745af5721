"""The whole-draft redline as plain data: every clause of the later draft in document order, with its changes.

Word shows a compared document as one continuous redline; `document_redline` gives the same
reading order from a clause comparison: each clause of B where it now stands, its words
struck or underlined, and each clause B dropped where it stood in A (after the clause it used
to follow). A moved clause is shown once, where it now is, with a note saying where it came
from. The window draws it (desktop/ui/whole_draft.py) and the comparison exports write it
(desktop/export/comparison), so both read the same pieces. No Qt here.

With cosmetic changes hidden, a clause whose only change is cosmetic (numbering, punctuation,
case, cross-reference numbers) reads as its new text, unmarked, as the clause tree reads it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from desktop.core.diff import word_diff
from desktop.core.model import Clause, Comparison, DiffOp, Pair

# The inks and grounds of a redline, for the window (ui/redline.py) and every export alike:
# deletions struck through in red, insertions underlined in blue.
DELETED_INK, DELETED_GROUND = "#b3261e", "#fbeaea"
INSERTED_INK, INSERTED_GROUND = "#1a4fbf", "#e8effc"

# A space the reader sees between a deletion and an insertion that would otherwise touch
# ("7.3" struck, "6" underlined reads "7.3 6", never "7.36"). It belongs to neither text.
GAP = "~"


def with_gaps(ops: Iterable[DiffOp]) -> tuple[DiffOp, ...]:
    """Return `ops` without empty pieces, with a GAP piece wherever a deletion and an insertion touch."""
    out: list[DiffOp] = []
    for op, text in ops:
        if not text:
            continue
        if out and {out[-1][0], op} == {"-", "+"} and not out[-1][1][-1:].isspace() and not text[:1].isspace():
            out.append((GAP, " "))
        out.append((op, text))
    return tuple(out)


def side_text(ops: Iterable[DiffOp], side: str) -> str:
    """Return the text of one side of `ops`: "a" joins "=" and "-" pieces, "b" joins "=" and "+"."""
    keep = "=-" if side == "a" else "=+"
    return "".join(text for op, text in ops if op in keep)


@dataclass(frozen=True)
class RedlineClause:
    """One clause of the whole-draft redline: its number, heading and text, marked with what changed."""

    clause: Clause  # B's clause; A's for a clause B dropped
    dropped: bool
    kind: str  # its pair's kind ("unchanged" when there is no earlier draft)
    changed: bool  # counts as a change under the cosmetic switch: marked, and a stop of Next change
    substantive: bool
    number: DiffOp  # ("=", "8.1"); "+" for a new clause, "-" for a dropped one
    heading: tuple[DiffOp, ...]
    text: tuple[DiffOp, ...]
    note: str  # "Moved from 9.1", "Was 9.1", "Split from 9.1", "Merged from 3 and 4", "New", "Dropped", ""

    @property
    def key(self) -> str:
        """Return the clause's key in the redline: "b:c12", or "a:c7" for a clause of A that B dropped."""
        return ("a:" if self.dropped else "b:") + self.clause.id

    @property
    def level(self) -> int:
        """Return the clause's depth in the draft (1 at top level)."""
        return max(1, self.clause.level)

    @property
    def heading_line(self) -> bool:
        """Return True when the clause opens with a heading line of its own (a definition's term is in its text)."""
        return self.clause.kind != "definition" and bool(self.clause.heading.strip())

    @property
    def citation(self) -> str:
        """Return how a reader cites the clause: "8.1 Liability Caps", or its number, or its first words."""
        named = " ".join(part for part in (self.number[1], self.clause.heading) if part)
        if named:
            return named
        words = " ".join(self.clause.text.split())
        return words if len(words) <= 60 else words[:59].rstrip() + "…"


@dataclass(frozen=True)
class DocumentRedline:
    """A whole draft as one redline against an earlier draft (or alone, when there is none)."""

    name_a: str  # "" when there is no earlier draft
    name_b: str
    clauses: tuple[RedlineClause, ...]
    show_cosmetic: bool
    substantive: int  # changed pairs that could alter the deal
    cosmetic: int  # changed pairs that only touch numbering, punctuation, case…

    @cached_property
    def _index(self) -> dict[str, int]:
        return {clause.key: number for number, clause in enumerate(self.clauses)}

    def index_of(self, key: str) -> int:
        """Return the position of the clause `key` ("b:c12"), or -1."""
        return self._index.get(key, -1)

    def changes(self) -> list[int]:
        """Return the positions of the clauses that count as changes, in document order."""
        return [number for number, clause in enumerate(self.clauses) if clause.changed]

    def counts_text(self) -> str:
        """Return "3 substantive changes · 19 cosmetic (hidden)" for the header of the redline."""
        if not self.name_a:
            return f"{len(self.clauses)} clauses"
        if not self.substantive and not self.cosmetic:
            return "No changes"
        parts = [f"{self.substantive} substantive change{'s' * (self.substantive != 1)}"]
        if self.cosmetic:
            parts.append(f"{self.cosmetic} cosmetic{'' if self.show_cosmetic else ' (hidden)'}")
        return " · ".join(parts)


def plain_document(name: str, clauses: Sequence[Clause]) -> DocumentRedline:
    """Return a draft with no earlier draft to compare with: every clause as it reads, unmarked."""
    shown = tuple(
        RedlineClause(c, False, "unchanged", False, False, ("=", c.number or c.label),
                      _plain(c.heading), _plain(c.text), "")
        for c in clauses
    )
    return DocumentRedline("", name, shown, False, 0, 0)


def document_redline(comparison: Comparison, *, show_cosmetic: bool = False) -> DocumentRedline:
    """Return B's clauses in document order, each marked against A, with A's dropped clauses where they stood."""
    clauses_a, clauses_b = comparison.clauses_a, comparison.clauses_b
    a_of = {c.id: c for c in clauses_a}
    b_at = {c.id: i for i, c in enumerate(clauses_b)}
    pair_of_a = {cid: pair for pair in comparison.pairs for cid in pair.a}
    pair_of_b = {cid: pair for pair in comparison.pairs for cid in pair.b}
    texts: dict[str, tuple[DiffOp, ...]] = {}
    for pair in comparison.pairs:
        if pair.b:
            texts.update(_share(pair, [clauses_b[b_at[cid]] for cid in pair.b if cid in b_at],
                                [a_of[cid] for cid in pair.a if cid in a_of]))
    # A dropped clause follows the clause it followed in A, where that one now stands in B;
    # a moved neighbour would carry it off, so only clauses that stayed count.
    after: dict[int, list[Clause]] = {}
    anchor = -1
    for clause in clauses_a:
        was = pair_of_a.get(clause.id)
        if was is None or not was.b:
            after.setdefault(anchor, []).append(clause)
        elif was.kind != "moved":
            anchor = max(b_at.get(cid, -1) for cid in was.b)
    shown: list[RedlineClause] = [_dropped(c, pair_of_a.get(c.id), show_cosmetic) for c in after.get(-1, ())]
    for index, clause in enumerate(clauses_b):
        shown.append(_kept(clause, pair_of_b.get(clause.id), texts.get(clause.id), a_of, show_cosmetic))
        shown.extend(_dropped(c, pair_of_a.get(c.id), show_cosmetic) for c in after.get(index, ()))
    changed = [p for p in comparison.pairs if p.kind != "unchanged"]
    substantive = sum(1 for p in changed if p.substantive)
    return DocumentRedline(comparison.a, comparison.b, tuple(shown), show_cosmetic,
                           substantive, len(changed) - substantive)


def _plain(text: str) -> tuple[DiffOp, ...]:
    return (("=", text),) if text else ()


def _share(pair: Pair, parts: list[Clause], before: list[Clause]) -> dict[str, tuple[DiffOp, ...]]:
    """Return each B clause's share of the pair's word diff (a split clause's diff covers all its parts).

    The diff is of the joined texts: "=" and "+" pieces are cut where one part's text ends;
    a deletion at a cut stays with the part before it. Should the pieces not rebuild the parts
    (a pair stored without its diff), each part is diffed against A's text afresh.
    """
    if not parts:
        return {}
    ends, total = [], 0
    for clause in parts:
        total += len(clause.text)
        ends.append(total)
    shares: list[list[DiffOp]] = [[] for _ in parts]
    at, offset = 0, 0
    for op, text in pair.diff:
        if op == "-":
            shares[at].append((op, text))
            continue
        while text:
            room = ends[at] - offset
            if room <= 0 and at < len(parts) - 1:
                at += 1
                continue
            piece = text if at == len(parts) - 1 else text[:room]
            shares[at].append((op, piece))
            offset += len(piece)
            text = text[len(piece):]
    out = {}
    for clause, share in zip(parts, shares):
        if side_text(share, "b") != clause.text:
            old = "".join(c.text for c in before) if len(parts) == 1 else ""
            share = list(word_diff(old, clause.text)) if old != clause.text else list(_plain(clause.text))
        out[clause.id] = tuple(share)
    return out


def _numbers(clauses: Iterable[Clause]) -> str:
    numbers = [c.number or c.label for c in clauses if c.number or c.label]
    if len(numbers) > 1:
        return ", ".join(numbers[:-1]) + " and " + numbers[-1]
    return numbers[0] if numbers else ""


def _kept(clause: Clause, pair: Pair | None, text: tuple[DiffOp, ...] | None, a_of: dict[str, Clause],
          show_cosmetic: bool) -> RedlineClause:
    number = clause.number or clause.label
    if pair is None:
        return RedlineClause(clause, False, "unchanged", False, False, ("=", number),
                             _plain(clause.heading), _plain(clause.text), "")
    before = [a_of[cid] for cid in pair.a if cid in a_of]
    changed = pair.kind != "unchanged" and (show_cosmetic or pair.substantive)
    if pair.kind == "inserted":
        return RedlineClause(clause, False, "inserted", changed, pair.substantive, ("+", number),
                             (("+", clause.heading),) if clause.heading else (),
                             (("+", clause.text),) if clause.text else (), "New" if changed else "")
    was = _numbers(before)
    note = ""
    if pair.kind == "moved":
        note = f"Moved from {was}" if was else "Moved"  # where it came from, even when only moved
    elif changed and pair.kind == "split":
        note = f"Split from {was}" if was else "Split"
    elif changed and pair.kind == "merged":
        note = f"Merged from {was}" if was else "Merged"
    elif changed and was and was != number:
        note = f"Was {was}"
    if not changed:
        return RedlineClause(clause, False, pair.kind, False, pair.substantive, ("=", number),
                             _plain(clause.heading), _plain(clause.text), note)
    heading = _plain(clause.heading)
    if len(before) == 1 and before[0].heading != clause.heading and clause.kind != "definition":
        heading = word_diff(before[0].heading, clause.heading)
    marked = text if text is not None else _plain(clause.text)
    return RedlineClause(clause, False, pair.kind, True, pair.substantive, ("=", number),
                         with_gaps(heading), with_gaps(marked), note)


def _dropped(clause: Clause, pair: Pair | None, show_cosmetic: bool) -> RedlineClause:
    # Struck whatever the switch says (it is gone), but only a stop of Next change when it counts.
    substantive = pair.substantive if pair is not None else True
    return RedlineClause(clause, True, "deleted", show_cosmetic or substantive, substantive, ("-", clause.number or clause.label),
                         (("-", clause.heading),) if clause.heading else (),
                         (("-", clause.text),) if clause.text else (), "Dropped")


__all__ = [
    "DELETED_GROUND",
    "DELETED_INK",
    "GAP",
    "INSERTED_GROUND",
    "INSERTED_INK",
    "DocumentRedline",
    "RedlineClause",
    "document_redline",
    "plain_document",
    "side_text",
    "with_gaps",
]
