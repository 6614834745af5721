"""The last few rounds' clauses and pairs, kept in memory so that showing a round again is free.

A round's clauses never change once stored, and its pairs change only when its comparison
is replaced or the round before it is deleted. The window reads the same rounds again and
again: importing reads the latest round to compare with, and showing the new round reads it
once more as "the round before", with the new round's own clauses and pairs, which
`add_round` has just written from the very objects it was given. Reading a 100-page round
takes 15–20 ms of the GUI thread, so the Store keeps them here.

The cache trusts nothing it cannot check: the Store forgets it on each of its own writes that
could change what it holds, and SQLite's `PRAGMA data_version` (which changes when another
connection, say the command line, commits to the file) empties it before any read.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

ROUNDS_KEPT = 8  # enough for the rounds on screen and the ones next to them


class RoundCache:
    """Remembers values read per (what, draft id), dropping the least recently used."""

    def __init__(self, conn: sqlite3.Connection, size: int = ROUNDS_KEPT * 2) -> None:
        self._conn = conn
        self._size = size
        self._values: OrderedDict[tuple[str, int], Any] = OrderedDict()
        self._version = self._data_version()

    def _data_version(self) -> int:
        return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def get(self, what: str, draft_id: int, read: Callable[[], T]) -> T:
        """Return the remembered value, or `read()` it and remember it."""
        version = self._data_version()
        if version != self._version:  # another connection committed: anything may have changed
            self._values.clear()
            self._version = version
        key = (what, draft_id)
        if key in self._values:
            self._values.move_to_end(key)
            return self._values[key]
        value = read()
        self.put(what, draft_id, value)
        return value

    def put(self, what: str, draft_id: int, value: Any) -> None:
        """Remember a value just written (it equals what reading it back would return)."""
        self._values[(what, draft_id)] = value
        self._values.move_to_end((what, draft_id))
        while len(self._values) > self._size:
            self._values.popitem(last=False)

    def forget(self, what: str | None = None, draft_id: int | None = None) -> None:
        """Forget one value, or (called without arguments) everything."""
        if what is None:
            self._values.clear()
        elif draft_id is not None:  # no value is kept under a None id
            self._values.pop((what, draft_id), None)
