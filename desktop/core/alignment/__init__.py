"""Clause alignment: which clauses of draft A became which clauses of draft B, and how.

Matching runs in order of trust, each stage only looking at what the previous ones left
(stages live in alignment_match and alignment_split; the shared state in alignment_state):
  1. identical heading + text: unique keys on both sides wherever they went, then repeated
     keys paired by place (longest common subsequence between ordered matches);
  2. the same after cosmetic normalisation (case, punctuation, quotes, cross-reference numbers),
     then the same heading, unique among what is left and in the same place;
  3. splits and merges in place: a clause whose text reappears as consecutive clauses (a few
     clauses matched elsewhere may sit between them) on the other side;
  4. fuzzy: candidates come from the gap between ordered matches, from equal keys and from a
     rare-word index (never all pairs), scored by text similarity plus heading, number,
     parent and position evidence, and accepted greedily above a threshold (ties go to the
     candidate nearest the expected place);
  5. twins (identical clauses) take the counterparts their neighbours agree with
     (alignment_twins), splits and merges are sought again, and a text left over as often on
     both sides is paired wherever it went.
Then each pair gets its kind: a clause that left its parent or its place among its siblings is
"moved" (a heaviest increasing subsequence over siblings decides who stayed), one whose
number changed is "renumbered", otherwise "modified" or "unchanged".
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Sequence

from desktop.core.alignment.match import (
    exact_key,
    match_fuzzy,
    match_headings,
    match_keys,
    match_leftover_keys,
)
from desktop.core.alignment.split import match_splits
from desktop.core.alignment.state import A, Alignment, B, heaviest_increasing
from desktop.core.alignment.twins import repair_twins
from desktop.core.diff import is_substantive, similarity, word_diff_noting
from desktop.core.model import Clause, Pair
from desktop.core.work import Progress

FUZZY_ROUNDS = 3
_STAGES = 6


def _moved(al: Alignment) -> set[int]:
    """Return the groups whose clause left its parent or its place among its siblings.

    Among siblings, the heaviest increasing subsequence (weighted by subtree size) stays put,
    so moving one small clause never makes its big neighbours look moved.
    """
    sizes = [1] * len(al.parent[A])
    for k in range(len(sizes) - 1, -1, -1):  # children follow their parents
        if 0 <= al.parent[A][k] < k:
            sizes[al.parent[A][k]] += sizes[k]
    moved: set[int] = set()
    siblings: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for g, (ia, jb) in enumerate(al.groups):
        if al.one_to_one(g):
            if al.parents_linked(ia[0], jb[0]) is False:
                moved.add(g)
            else:
                siblings[al.parent[B][jb[0]]].append((jb[0], ia[0], g))
    for members in siblings.values():
        members.sort()
        keep = heaviest_increasing([i for _, i, _ in members], [sizes[i] for _, i, _ in members])
        moved.update(g for pos, (_, _, g) in enumerate(members) if pos not in keep)
    return moved


def _pair(al: Alignment, g: int, moved: set[int]) -> Pair:
    """Return the Pair for group `g`, with its kind, diff and substantive flag."""
    ca, cb = ([al.clauses[side][k] for k in al.groups[g][side]] for side in (A, B))
    text_a, text_b = "".join(c.text for c in ca), "".join(c.text for c in cb)
    full_a, full_b = ("\n".join(f"{c.heading}\n{c.text}" for c in cs) for cs in (ca, cb))
    same = full_a == full_b
    if len(ca) > 1:
        kind = "merged"
    elif len(cb) > 1:
        kind = "split"
    elif g in moved:
        kind = "moved"
    elif ca[0].number != cb[0].number:
        kind = "renumbered"
    else:
        kind = "unchanged" if same else "modified"
    # Only changed clauses are diffed: most of a 100-page draft comes through untouched.
    diff, coarse = word_diff_noting(text_a, text_b)
    return Pair(
        kind=kind,
        a=tuple(c.id for c in ca),
        b=tuple(c.id for c in cb),
        substantive=not same and _substantive(al, g, ca, cb),
        diff=diff,
        similarity=1.0 if same else similarity(full_a, full_b),
        coarse=coarse,
    )


def _substantive(al: Alignment, g: int, ca: list[Clause], cb: list[Clause]) -> bool:
    """Return whether a changed group's words or numbers changed (see diff.is_substantive).

    A definition's heading is its term, read out of its own text ("“Fees” means …"): quote
    style alone can decide whether the reader finds it, so only its text is weighed.
    """
    if al.one_to_one(g) and "definition" not in (ca[0].kind, cb[0].kind):
        # The matching stages already normalised these very heading + text strings.
        return al.norm(A, al.groups[g][A][0]) != al.norm(B, al.groups[g][B][0])
    weighed_a, weighed_b = ("\n".join(f"{_own_heading(c)}\n{c.text}" for c in cs) for cs in (ca, cb))
    return is_substantive(weighed_a, weighed_b)


def _own_heading(clause: Clause) -> str:
    """Return the clause's heading when it is not just words of its own text (a defined term)."""
    return "" if clause.kind == "definition" else clause.heading


def lone_pair(clause: Clause, side: str) -> Pair:
    """Return the Pair of a clause only one draft has: "-" deleted from A, "+" inserted in B."""
    ids = (clause.id,)
    return Pair(
        kind="deleted" if side == "-" else "inserted",
        a=ids if side == "-" else (),
        b=ids if side == "+" else (),
        # A heading alone ("7. Disclaimer of Warranties") still says something.
        substantive=bool(clause.text.strip() or clause.heading.strip()),
        diff=((side, clause.text),) if clause.text else (),
        similarity=0.0,
    )


def align(
    clauses_a: Sequence[Clause],
    clauses_b: Sequence[Clause],
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    seconds: dict[str, float] | None = None,
) -> tuple[Pair, ...]:
    """Return the pairs of an alignment of A's clauses with B's, in B's order.

    Every clause of A is in exactly one pair's `a`, every clause of B in exactly one pair's `b`.
    Deleted A clauses follow the pair of the A clause before them, where a reader expects them.
    When `seconds` is given, the time spent matching is added to its "align" entry and the time
    spent diffing the matched clauses to its "diff" entry.
    """
    started = time.perf_counter()
    al = Alignment(tuple(clauses_a), tuple(clauses_b), cancel)

    def stage(done: int) -> None:
        al.check_cancel()
        if progress is not None:
            progress(done, _STAGES)

    stage(0)
    match_keys(al, exact_key(al))
    stage(1)
    match_keys(al, al.norm)
    match_headings(al)
    stage(2)
    # Splits and merges in place come before fuzzy matching, which would otherwise pair a
    # merged clause's part with a look-alike elsewhere (an exhibit repeating the same text).
    match_splits(al)
    stage(3)
    for _ in range(FUZZY_ROUNDS):
        if not match_fuzzy(al):
            break
    # Twins take the counterparts their neighbours agree with before splits and merges look
    # again: a twin wrongly holding another's counterpart would keep a merge from its part.
    repair_twins(al)
    match_splits(al)
    # A text left as often on both sides once splits and merges took their parts is the same
    # clauses wherever they went (a one-word "Scope" whose twin was merged away).
    match_leftover_keys(al, exact_key(al))
    stage(4)
    moved = _moved(al)
    matched = time.perf_counter()
    # Deleted A clauses follow the nearest A clause before them that stayed in place, so the
    # reader sees them where they were (a moved neighbour would carry them off).
    trailing: dict[int | None, list[int]] = defaultdict(list)
    last_group: int | None = None
    for i, g in enumerate(al.group[A]):
        if g is None:
            trailing[last_group].append(i)
        elif g not in moved:
            last_group = g
    pairs = [lone_pair(al.clauses[A][i], "-") for i in trailing[None]]
    for j, g in enumerate(al.group[B]):
        if j % 64 == 0:
            al.check_cancel()
        if g is None:
            pairs.append(lone_pair(al.clauses[B][j], "+"))
        elif al.groups[g][B][0] == j:
            pairs.append(_pair(al, g, moved))
            pairs.extend(lone_pair(al.clauses[A][i], "-") for i in trailing[g])
    stage(5)
    result = tuple(pairs)
    if seconds is not None:
        seconds["align"] = seconds.get("align", 0.0) + matched - started
        seconds["diff"] = seconds.get("diff", 0.0) + time.perf_counter() - matched
    stage(_STAGES)
    return result
