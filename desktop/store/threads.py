"""Clause threads: each clause's identity across the rounds of a deal, read and corrected.

A thread is a chain of `thread_links` rows: each clause names its predecessor in an earlier
round of the same deal, or none when the thread starts there. `ThreadRecord` holds the Store
methods for threads (Store inherits them, like `PositionRecord`); the automatic links are made
by `desktop.store.threads_links` inside Store.add_round's transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import overload

from sqlite_utils import Database

from desktop.core.model import Clause
from desktop.store.schema import StoreError, user_errors
from desktop.store.threads_build import ThreadRows, build_threads


@dataclass(frozen=True)
class ClauseRef:
    """A clause of a round, as the window names it."""

    draft_id: int
    key: str  # Clause.id, "c7"


@dataclass(frozen=True)
class ThreadEntry:
    """The thread in one round of the deal."""

    draft_id: int
    round_no: int
    sender: str  # "us" | "them"
    date: str  # YYYY-MM-DD
    clause: Clause | None  # None: the thread has no clause in this round
    # The pair kind of this clause against the previous round ("unchanged", "modified",
    # "moved", "renumbered", "inserted", "split", "merged"); None in round 1, when clause is
    # None, or when the round has no stored comparison.
    kind: str | None
    substantive: bool | None
    # "" | "new" | "dropped" | "moved" | "renumbered" | "split" | "merged" | "relinked":
    # "relinked": the link into this round was set by the user (wins over the others);
    # "split" / "merged": the clause comes from a split or merge, also when it starts a thread;
    # "new": the first clause of the thread in a round > 1, otherwise;
    # "dropped": no clause here but the thread had one in the round before.
    marker: str
    # For a "split" or "merged" clause: the clauses of the round before that it came from.
    origin: tuple[Clause, ...] = ()

    @property
    def ref(self) -> ClauseRef | None:
        """Return the clause of this entry as a ClauseRef, None when there is none."""
        return None if self.clause is None else ClauseRef(self.draft_id, self.clause.id)


@dataclass(frozen=True)
class Thread:
    """One clause's identity through a deal: an entry for every round, in round order."""

    deal_id: int
    entries: tuple[ThreadEntry, ...]

    def clause_in(self, draft_id: int) -> Clause | None:
        """Return the thread's clause in a round, None when it has none there."""
        for entry in self.entries:
            if entry.draft_id == draft_id:
                return entry.clause
        return None

    @property
    def latest(self) -> ThreadEntry:
        """Return the entry of the last round in which the thread has a clause."""
        return next(e for e in reversed(self.entries) if e.clause is not None)

    @property
    def title(self) -> str:
        """Return "8.1 Liability Caps" (number and heading) from the thread's latest clause."""
        clause = self.latest.clause
        assert clause is not None
        title = " ".join(part for part in (clause.number or clause.label, clause.heading) if part)
        if title:
            return title
        words = clause.text.split()
        return " ".join(words[:8]) + ("…" if len(words) > 8 else "")


@dataclass(frozen=True)
class LinkChange:
    """One link row changed by a correction: enough to put it back."""

    clause: ClauseRef
    old: ClauseRef | None
    old_by_user: bool
    new: ClauseRef | None
    new_by_user: bool


@dataclass(frozen=True)
class _Row:
    """A clause row located: its id, round and deal."""

    id: int
    draft_id: int
    deal_id: int
    round_no: int


_CHAIN_SQL = """
WITH RECURSIVE
    up (id) AS (SELECT ? UNION ALL SELECT l.pred_id FROM thread_links AS l JOIN up
                ON l.clause_id = up.id WHERE l.pred_id IS NOT NULL),
    down (id) AS (SELECT ? UNION ALL SELECT l.clause_id FROM thread_links AS l JOIN down
                  ON l.pred_id = down.id)
"""


class ThreadRecord:
    """The Store's methods for clause threads (Store supplies _conn, _db and path)."""

    path: Path | None
    _conn: sqlite3.Connection
    _db: Database

    # Reading -------------------------------------------------------------------------------

    @user_errors
    def threads(self, deal_id: int) -> list[Thread]:
        """Return every thread of a deal, ordered by its latest clause's place in the deal.

        Threads alive in the latest round come in its document order; a thread that ended
        earlier comes right after the clause that preceded it in its last round.
        """
        self._require("deals", deal_id)
        rows = ThreadRows.of_deal(self._conn, deal_id)
        return [Thread(deal_id, self._with_origins([ThreadEntry(*e) for e in entries]))
                for entries in build_threads(rows)]

    @user_errors
    def thread(self, ref: ClauseRef) -> Thread:
        """Return the thread a clause belongs to; StoreError when the clause is gone."""
        row = self._row(ref)
        chain = [cid for (cid,) in self._conn.execute(
            _CHAIN_SQL + "SELECT id FROM up UNION SELECT id FROM down", (row.id, row.id))]
        rows = ThreadRows.of_clauses(self._conn, row.deal_id, chain)
        (entries,) = build_threads(rows)
        return Thread(row.deal_id, self._with_origins([ThreadEntry(*e) for e in entries]))

    def _with_origins(self, entries: list[ThreadEntry]) -> tuple[ThreadEntry, ...]:
        """Return the entries with the origin of each split or merged clause filled in."""
        for index, entry in enumerate(entries):
            if entry.marker not in ("split", "merged") or entry.clause is None or index == 0:
                continue
            before = entries[index - 1].draft_id
            pair = next((p for p in self.pairs(entry.draft_id)  # type: ignore[attr-defined]
                         if entry.clause.id in p.b and p.kind in ("split", "merged")), None)
            if pair is not None:
                clauses = {c.id: c for c in self.clauses(before)}  # type: ignore[attr-defined]
                origin = tuple(clauses[cid] for cid in pair.a if cid in clauses)
                entries[index] = replace(entry, origin=origin)
        return tuple(entries)

    @user_errors
    def predecessor(self, ref: ClauseRef) -> tuple[ClauseRef | None, bool]:
        """Return (the clause's predecessor or None at a thread's start, whether the user set it)."""
        row = self._row(ref)
        pred, by_user = self._link(row.id)
        return self._ref(pred), by_user

    @user_errors
    def thread_start(self, ref: ClauseRef) -> ClauseRef:
        """Return the first clause of the clause's thread."""
        row = self._row(ref)
        (first,) = self._conn.execute(
            _CHAIN_SQL + "SELECT up.id FROM up LEFT JOIN thread_links AS l "
            "ON l.clause_id = up.id WHERE l.pred_id IS NULL", (row.id, row.id)).fetchone()
        return self._ref(first)

    @user_errors
    def thread_end(self, ref: ClauseRef) -> ClauseRef:
        """Return the last clause of the clause's thread."""
        row = self._row(ref)
        (last,) = self._conn.execute(
            _CHAIN_SQL + "SELECT down.id FROM down WHERE NOT EXISTS "
            "(SELECT 1 FROM thread_links AS l WHERE l.pred_id = down.id)",
            (row.id, row.id)).fetchone()
        return self._ref(last)

    # Correcting ----------------------------------------------------------------------------

    @user_errors
    def set_predecessor(self, ref: ClauseRef, pred: ClauseRef | None) -> list[LinkChange]:
        """Return the link changes made by giving a clause `pred` as predecessor (None: a start).

        The user's correction, kept when the round's links are recomputed. `pred` must be a
        clause of an earlier round of the same deal (else StoreError). A clause that had
        `pred` as its predecessor loses it and starts a thread of its own. One transaction;
        the returned changes (this clause's first) undo it through `restore_links`.
        """
        with self._db.atomic():
            row = self._row(ref)
            pred_row = None if pred is None else self._row(pred)
            if pred_row is not None:
                if pred_row.deal_id != row.deal_id:
                    raise StoreError("A clause can only follow a clause of the same deal.")
                if pred_row.round_no >= row.round_no:
                    raise StoreError("A clause can only follow a clause of an earlier round.")
            old, old_by_user = self._link(row.id)
            changes = []
            if (old, old_by_user) != (None if pred_row is None else pred_row.id, True):
                changes.append(LinkChange(ref, self._ref(old), old_by_user, pred, True))
            if pred_row is not None:
                holder = self._conn.execute(
                    "SELECT clause_id, by_user FROM thread_links WHERE pred_id = ?",
                    (pred_row.id,)).fetchone()
                if holder is not None and holder[0] != row.id:
                    self._put_link(holder[0], None, False)
                    changes.append(LinkChange(self._ref(holder[0]), pred, bool(holder[1]),
                                              None, False))
            self._put_link(row.id, None if pred_row is None else pred_row.id, True)
            if changes:
                self._touch(row.deal_id)
        return changes

    @user_errors
    def restore_links(self, changes: Sequence[LinkChange]) -> None:
        """Put back the links a correction changed (undo): each clause gets its old predecessor.

        StoreError when a clause is gone or its old predecessor has been given to another
        clause since.
        """
        try:
            with self._db.atomic():
                rows = [(self._row(c.clause), None if c.old is None else self._row(c.old).id,
                         c.old_by_user) for c in changes]
                # Free every predecessor first, so that no moment has one clause followed twice.
                for row, _, by_user in rows:
                    self._put_link(row.id, None, by_user)
                for row, old, by_user in rows:
                    self._put_link(row.id, old, by_user)
                for deal_id in {row.deal_id for row, _, _ in rows}:
                    self._touch(deal_id)
        except sqlite3.IntegrityError:
            raise StoreError("The thread has changed since, so this cannot be undone.") from None

    # Rows ----------------------------------------------------------------------------------

    def _row(self, ref: ClauseRef) -> _Row:
        """Return a clause's row; StoreError when its round or the clause is gone."""
        found = self._conn.execute(
            "SELECT c.id, c.draft_id, d.deal_id, d.round_no FROM clauses AS c "
            "JOIN drafts AS d ON d.id = c.draft_id WHERE c.draft_id = ? AND c.key = ?",
            (ref.draft_id, ref.key)).fetchone()
        if found is None:
            raise StoreError("That clause is no longer part of the deal.")
        return _Row(*found)

    @overload
    def _ref(self, clause_id: int) -> ClauseRef: ...
    @overload
    def _ref(self, clause_id: None) -> None: ...
    @overload
    def _ref(self, clause_id: int | None) -> ClauseRef | None: ...

    def _ref(self, clause_id: int | None) -> ClauseRef | None:
        """Return the ClauseRef of a clause row id (None stays None)."""
        if clause_id is None:
            return None
        draft_id, key = self._conn.execute("SELECT draft_id, key FROM clauses WHERE id = ?",
                                           (clause_id,)).fetchone()
        return ClauseRef(draft_id, key)

    def _link(self, clause_id: int) -> tuple[int | None, bool]:
        """Return a clause row's (predecessor row, set by the user); (None, False) without a row."""
        found = self._conn.execute("SELECT pred_id, by_user FROM thread_links WHERE clause_id = ?",
                                   (clause_id,)).fetchone()
        return (None, False) if found is None else (found[0], bool(found[1]))

    def _put_link(self, clause_id: int, pred_id: int | None, by_user: bool) -> None:
        self._conn.execute(
            "INSERT INTO thread_links (clause_id, pred_id, by_user) VALUES (?, ?, ?) "
            "ON CONFLICT (clause_id) DO UPDATE SET pred_id = excluded.pred_id, "
            "by_user = excluded.by_user", (clause_id, pred_id, int(by_user)))

    # Supplied by Store.
    def _require(self, table: str, row_id: int) -> None:  # pragma: no cover
        raise NotImplementedError

    def _touch(self, deal_id: int) -> None:  # pragma: no cover
        raise NotImplementedError
