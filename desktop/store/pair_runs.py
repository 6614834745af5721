"""A round's implied pairs, stored as runs instead of one row each (issue 8: the database's size).

Most pairs of a round are 1→1 clauses that kept their text: unchanged, renumbered, or moved
as they were. Their diff is implied by the clause text, they are never substantive and their
similarity is 1.0, so all a row would hold is the pair's place (ordinal), kind and two keys.
Such pairs go into one `pair_runs` row per round (migration 0005) as JSON
`[[ordinal, kind code, a, b, length], ...]`:

- the kind code indexes KINDS;
- `a` and `b` are the numbers N of the A and B clause keys "c<N>" (desktop/core/clauses.py
  names clauses f"c{position + 1}"), or, for a key of any other form, the key itself as a
  JSON string (such a run has length 1);
- a run stands for `length` pairs with consecutive ordinals whose key numbers each go up by 1:
  pair i of the run has ordinal + i, A key c(a + i) and B key c(b + i).

The other pairs stay rows of `pairs` with their own ordinals, so the rows have gaps where the
runs' pairs were and merging both by ordinal gives back the round's pairs in order. Rounds
stored before migration 0005 have rows only; every reader merges both forms.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from collections.abc import Iterable, Iterator
from operator import itemgetter
from typing import NamedTuple, TypeVar

KINDS = ("unchanged", "renumbered", "moved")

T = TypeVar("T")


class ImpliedPair(NamedTuple):
    """A pair kept in a run: 1→1, its diff the B clause's text, not substantive, similarity 1.0."""

    ordinal: int
    kind: str
    a: str
    b: str


def has_runs(conn: sqlite3.Connection) -> bool:
    """Return whether the database has the pair_runs table (opened with migration 0005 or later).

    Tests build old files by opening a store with older migrations only; such a database keeps
    every pair as a row.
    """
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pair_runs'"
                        ).fetchone() is not None


def _number(key: str) -> int | None:
    """Return N for a key "c<N>" written as f"c{N}" (no leading zero), else None."""
    digits = key[1:]
    if key[:1] == "c" and digits.isascii() and digits.isdigit() and digits[0] != "0":
        return int(digits)
    return None


def encode(pairs: Iterable[ImpliedPair]) -> str:
    """Return the runs JSON of a round's implied pairs, given in ordinal order."""
    runs: list[list] = []
    for ordinal, kind, a, b in pairs:
        code = KINDS.index(kind)
        a_number, b_number = _number(a), _number(b)
        if runs and a_number is not None and b_number is not None:
            start, last_code, last_a, last_b, length = runs[-1]
            if (last_code == code and type(last_a) is int and type(last_b) is int
                    and start + length == ordinal and last_a + length == a_number
                    and last_b + length == b_number):
                runs[-1][4] += 1
                continue
        runs.append([ordinal, code, a if a_number is None else a_number,
                     b if b_number is None else b_number, 1])
    return json.dumps(runs, ensure_ascii=False, separators=(",", ":"))


def decode(runs: str) -> Iterator[ImpliedPair]:
    """Yield the implied pairs of a runs JSON, in ordinal order."""
    for ordinal, code, a, b, length in json.loads(runs):
        kind = KINDS[code]
        for i in range(length):
            yield ImpliedPair(ordinal + i, kind, a if type(a) is str else f"c{a + i}",
                              b if type(b) is str else f"c{b + i}")


def kind_of(runs: str, key: str) -> str | None:
    """Return the kind of the implied pair whose B clause is `key`; None when the runs lack it.

    Looks through the runs without expanding them: a thread asks this of one clause per round.
    """
    number = _number(key)
    for _, code, _, b, length in json.loads(runs):
        if (b == key) if type(b) is str else (number is not None and b <= number < b + length):
            return KINDS[code]
    return None


def implied_pairs(conn: sqlite3.Connection, draft_id: int) -> Iterator[ImpliedPair]:
    """Yield a round's pairs kept as runs, in ordinal order (none for a round stored as rows)."""
    if not has_runs(conn):
        return
    row = conn.execute("SELECT runs FROM pair_runs WHERE draft_id = ?", (draft_id,)).fetchone()
    if row is not None:
        yield from decode(row[0])


def merged(rows: Iterable[tuple[int, T]], implied: Iterable[tuple[int, T]]) -> list[T]:
    """Return the items of stored rows and of implied pairs in pair order.

    Both are (ordinal, item) in ordinal order; a round's ordinals are distinct across the two.
    """
    return [item for _, item in heapq.merge(rows, implied, key=itemgetter(0))]


def insert(conn: sqlite3.Connection, draft_id: int, pairs: list[ImpliedPair]) -> None:
    """Store a round's implied pairs as its runs (nothing when it has none)."""
    if pairs:
        insert_runs(conn, draft_id, encode(pairs))


def insert_runs(conn: sqlite3.Connection, draft_id: int, runs: str) -> None:
    """Store a round's runs JSON, as `encode` wrote it."""
    conn.execute("INSERT INTO pair_runs (draft_id, runs) VALUES (?, ?)", (draft_id, runs))


def forget(conn: sqlite3.Connection, draft_id: int) -> None:
    """Remove a round's runs."""
    if has_runs(conn):
        conn.execute("DELETE FROM pair_runs WHERE draft_id = ?", (draft_id,))
