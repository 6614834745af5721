"""Twin repair: among clauses with the same text, give each the counterpart its neighbours agree with.

Identical clauses (a contract repeated as an exhibit, the same "Users" clause in two sets of
terms) are interchangeable text-wise: any shuffle of their counterparts scores the same
similarity. The matching stages pair them by place or by score, which can swap the fates of two
twins (the one that stayed shown as moved, the one that moved shown as deleted). Among twins,
the assignment whose counterparts sit where the twins' own neighbours went is the one a reader
sees as right, so it replaces the stages' answer when it is strictly better supported. A twin
heading's first child votes too, for the counterpart it is matched under. Twins whose
neighbourhoods are alike on both sides tie, and keep the stages' answer.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import permutations

from desktop.core.alignment.state import A, Alignment, B
from desktop.core.diff import cited_numbers, mask_reference_numbers

NEIGHBOURS = 2  # how many clauses on each side of a twin vote for its counterpart
REACH = 3  # a neighbour votes when its counterpart lies within this many places on its side
CITES = 2  # votes for a counterpart whose citations agree once renumbered (as two neighbours)
CHILD = 1  # a vote for the counterpart under which the twin's first child is matched
MAX_TWINS = 6  # up to this many, every shuffle is tried; larger classes are improved by swaps…
MAX_SWAPPED = 64  # …up to this many ("Definitions" heading each of 11 policies); larger stay as placed


def repair_twins(al: Alignment) -> None:
    """Reassign counterparts within each class of identical clauses, on both sides.

    Only classes with a member out of sequence (unmatched, or matched away from where its
    neighbours went) can improve, so only theirs are built: the copies of a repeated exhibit
    that stayed where they were, nearly all of them, are left alone. Copies of a clause citing
    its own section differ in that number alone ("Despite Section 24.3" in one copy, "Section
    93.3" in the other), so cross-reference numbers do not tell twins apart.
    """
    renumbered: dict[str, str] = {}  # A clause number -> its counterpart's, filled when needed
    for side in (A, B):
        # Taken once, before any repair: it only picks which classes are worth a look (the
        # votes themselves read the counterparts as they are when a class is repaired).
        partners = [_partner(al, side, k) for k in range(len(al.group[side]))]
        eligible = [k for k, g in enumerate(al.group[side]) if g is None or al.one_to_one(g)]
        suspects = [k for k in eligible if not _in_place(partners, k) or _child_disagrees(al, side, k, partners[k])]
        if not suspects:
            continue
        # Twins have the same heading and as many words: a cheap index to find them by.
        shapes: dict[tuple[str, int], list[int]] = defaultdict(list)
        for k in eligible:
            c = al.clauses[side][k]
            shapes[c.heading, c.text.count(" ")].append(k)
        done: set[tuple[str, int]] = set()
        for k in suspects:
            c = al.clauses[side][k]
            if (shape := (c.heading, c.text.count(" "))) in done or len(shapes[shape]) < 2:
                continue
            done.add(shape)
            classes: dict[str, list[int]] = defaultdict(list)
            for m in shapes[shape]:
                classes[mask_reference_numbers(al.clauses[side][m].text)].append(m)
            for members in classes.values():
                # Copies whose neighbours agree on their counterpart keep it; only the rest are
                # shuffled among themselves, so a class costs its loose members squared, not
                # all of them (thousands of one-word paragraphs form classes in the dozens).
                loose = [m for m in members
                         if not _in_place(partners, m) or _child_disagrees(al, side, m, partners[m])]
                if 2 <= len(loose) <= MAX_SWAPPED:
                    al.check_cancel()
                    _repair(al, side, loose, renumbered)


def _in_place(partners: list[int | None], k: int) -> bool:
    """Return whether clause k's counterpart follows or precedes its neighbour's (nothing to repair)."""
    p = partners[k]
    if p is None:
        return False
    return (k > 0 and partners[k - 1] == p - 1) or (k + 1 < len(partners) and partners[k + 1] == p + 1)


def _swapped(members: list[int], current: list[int | None], support: dict[tuple[int, int | None], int]) -> list:
    """Return `current` improved by swapping two members' counterparts while a swap adds support."""
    best = list(current)
    improved = True
    while improved:
        improved = False
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                kx, ky, px, py = members[x], members[y], best[x], best[y]
                if support[kx, py] + support[ky, px] > support[kx, px] + support[ky, py]:
                    best[x], best[y] = py, px
                    improved = True
    return best


def _child_disagrees(al: Alignment, side: int, k: int, p: int | None) -> bool:
    """Return whether clause k's first child is matched under another clause than k's counterpart `p`.

    A heading's neighbours can agree with a wrong counterpart: two sections both headed
    "Definitions", each right after the last clause of the section before, look in place
    either way round, while their children say which is which.
    """
    if p is None:
        return False
    child = k + 1
    if child >= len(al.group[side]) or al.parent[side][child] != k:
        return False
    q = _partner(al, side, child)
    return q is not None and al.parent[1 - side][q] != p


def _partner(al: Alignment, side: int, k: int) -> int | None:
    """Return the other-side clause matched one-to-one with clause `k` of `side`, or None."""
    g = al.group[side][k]
    return al.groups[g][1 - side][0] if g is not None and al.one_to_one(g) else None


def _support(
    al: Alignment, side: int, k: int, p: int | None, twins: set[int], renumbered: dict[str, str] | None
) -> int:
    """Return how many of clause k's neighbours (and its parent) agree that `p` is its counterpart.

    Twins differing only in the sections they cite ("Breach of this Section 31" in one copy,
    "Section 98" in the other) are also told apart by those citations: renumbered as the
    cited clauses were, they must read as the counterpart's do (CITES votes; `renumbered`,
    the A → B clause numbers, is None when the twins cite nothing).
    """
    if p is None:
        return 0
    votes = 0
    for offset in (*range(-NEIGHBOURS, 0), *range(1, NEIGHBOURS + 1)):
        n = k + offset
        if 0 <= n < len(al.group[side]) and n not in twins and (q := _partner(al, side, n)) is not None:
            votes += 0 < (q - p) * (1 if offset > 0 else -1) <= REACH
    i, j = (k, p) if side == A else (p, k)
    cites = renumbered is not None and _citations_agree(al, i, j, renumbered)
    child = k + 1  # a first child matched under p says p is k's counterpart (CHILD votes)
    adopted = (child < len(al.group[side]) and al.parent[side][child] == k
               and (q := _partner(al, side, child)) is not None and al.parent[1 - side][q] == p)
    return votes + bool(al.parents_linked(i, j)) + CITES * cites + CHILD * adopted


def _citations_agree(al: Alignment, i: int, j: int, renumbered: dict[str, str]) -> bool:
    """Return whether A clause i cites, renumbered through the matches, what B clause j cites."""
    cited_a, cited_b = cited_numbers(al.clauses[A][i].text), cited_numbers(al.clauses[B][j].text)
    if not cited_a or len(cited_a) != len(cited_b):
        return False
    for g in range(len(al.groups) if not renumbered else 0):
        if al.one_to_one(g) and (number := al.clauses[A][al.groups[g][A][0]].number):
            renumbered[number] = al.clauses[B][al.groups[g][B][0]].number
    return [renumbered.get(n) for n in cited_a] == cited_b


def _repair(al: Alignment, side: int, members: list[int], renumbered: dict[str, str]) -> None:
    """Give `members` (identical clauses of `side`) the best-supported shuffle of their counterparts."""
    current = [_partner(al, side, k) for k in members]
    if all(p is None for p in current):
        return
    twins = set(members)
    cite = renumbered if cited_numbers(al.clauses[side][members[0]].text) else None
    support = {(k, p): _support(al, side, k, p, twins, cite) for k in members for p in current}
    best, best_total = current, sum(support[k, p] for k, p in zip(members, current))
    if len(members) <= MAX_TWINS:
        for order in permutations(current):
            total = sum(support[k, p] for k, p in zip(members, order))
            if total > best_total:
                best, best_total = list(order), total
    else:
        best = _swapped(members, current, support)
    if best == current:
        return
    groups = {p: al.group[1 - side][p] for p in current if p is not None}
    for g in groups.values():
        al.link([], [], g)
    for k, p in zip(members, best):
        if p is not None:
            al.link([k], [p], groups[p]) if side == A else al.link([p], [k], groups[p])
