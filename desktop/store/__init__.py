"""The deal record on disk: deals, their rounds, clauses, comparisons and full-text search.

The only module that reads or writes SQLite (through sqlite-utils). Typed in, typed out: public
methods take and return frozen dataclasses. Only the GUI thread uses a Store.
"""

from __future__ import annotations

import datetime
import enum
import json
import re
import sqlite3
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from desktop.core.model import (
    Clause,
    Comment,
    Comparison,
    Draft,
    Finding,
    Pair,
    Suggestion,
    TrackedChange,
)
from desktop.store import originals as store_originals
from desktop.store import positions as store_positions
from desktop.store import rows as store_rows
from desktop.store import threads_links as store_threads_links
from desktop.store.cache import RoundCache
from desktop.store.details import DetailsRecord, RoundsRecord, has_labels
from desktop.store.names import name_clash, name_key
from desktop.store.positions import DealPosition, PositionRecord, PositionStatus
from desktop.store.round_rows import RoundRows, clause_chunks, prepare_round
from desktop.store.schema import LostDatabase, OutdatedDatabase, StoreError, open_database, plain_errors
from desktop.store.schema import user_errors as _user_errors
from desktop.store.search import (
    SNIPPET_MARKS,
    DealOutcome,
    FoldedHit,
    SearchHit,
    SearchRecord,
    fts_query,
)
from desktop.store.snapshots import SnapshotRecord
from desktop.store.threads import ClauseRef, LinkChange, Thread, ThreadEntry, ThreadRecord
from desktop.user_data import default_database_path

__all__ = ["ClauseRef", "DealOutcome", "DealPosition", "DealRow", "FoldedHit", "LinkChange", "LostDatabase",
           "OutdatedDatabase", "RoundRows", "RoundsChanged", "StoreBusy", "Unchecked", "PositionStatus", "RoundRow", "RoundsRecord", "SearchHit", "Store", "StoreError", "SNIPPET_MARKS",
           "Thread", "ThreadEntry", "fts_query", "prepare_round"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class DealRow:
    """One deal as listed: its particulars and how many rounds it has."""

    id: int
    name: str
    counterparty: str
    our_side: str
    deal_type: str
    jurisdictions: str
    created_at: str
    round_count: int
    updated_at: str = ""


@dataclass(frozen=True)
class RoundRow:
    """One round of a deal (a stored draft) with its counts against the round before it."""

    id: int  # the draft id
    deal_id: int
    round_no: int  # 1-based
    sender: str  # "us" | "them"
    date: str  # "YYYY-MM-DD"
    file_name: str
    kind: str
    sha256: str
    imported_at: str
    clause_count: int
    changed_count: int | None  # pairs that are not "unchanged"; None without a comparison
    substantive_count: int | None
    cosmetic_count: int | None
    tracked_change_count: int
    comment_count: int
    title: str = ""  # the document's own title, as read from the file
    label: str = ""  # the lawyer's name for the round ("Vendor's first draft"), set in Round details…


def _now() -> str:
    """Return the current UTC time as ISO 8601 to the second."""
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


class Unchecked(enum.Enum):
    """Store.add_round's `after` when the caller does not say which round the new one follows."""

    ANY = "any"


class RoundsChanged(StoreError):
    """Another program added or took out a round of the deal after the new round was compared with the latest."""


class StoreBusy(StoreError):
    """A write refused because a round is being written in steps (Store.add_round_steps) meanwhile."""


class Store(PositionRecord, SearchRecord, ThreadRecord, DetailsRecord, SnapshotRecord):
    """The Counterdraft database: open it, then read and write deals, rounds, positions, threads."""

    def __init__(self, path: str | Path | None, *,
                 migrations_dir: Traversable | Path | None = None, timeout: float = 5.0,
                 check: bool = True, read_only: bool = False):
        """Open (creating and migrating as needed) the database at `path`; None means in memory.

        A database that has gone (0 bytes, cut short, missing beside its backups, another file
        in its place) raises LostDatabase, and nothing is made in its place (see schema.py).
        `timeout` is how many seconds to wait for another program holding the database.
        `check=False` skips the check (quick_check, or integrity_check before a backup) and the
        daily backup (unless a migration is due): the window runs both on a worker once it is
        shown (desktop.ui.startup_care).
        `read_only` opens an existing file to read (an export): nothing is written to it or
        beside it, and a write raises StoreError. A deal lacking some of the playbook's
        positions shows them as if added (ensure_deal_positions), without storing them.
        OutdatedDatabase when the file must first be brought up to date, which writes.
        """
        self.path = None if path is None else Path(path)
        self.read_only = read_only
        self._not_stored: dict[int, list[DealPosition]] = {}  # read_only: positions shown, not added
        self._db = open_database(self.path, migrations_dir=migrations_dir, timeout=timeout,
                                 check=check, read_only=read_only)
        self._conn = self._db.conn
        self._cache = RoundCache(self._conn)
        # A round written in steps (add_round_steps): its token while the transaction is open,
        # and whether one of its steps is running (the Store's own writes let through).
        self._round_steps: object | None = None
        self._in_step = False
        self._db.atomic = self._guarded_atomic(self._db.atomic)  # type: ignore[method-assign, assignment]
        try:
            # False only when opened with older migrations (as tests do to build old files).
            self._threads = store_threads_links.prepare(self._db, self.path, read_only=read_only)
            # Rounds have a label from migration 0007 on (tests build older files).
            self._round_sql = self._ROUND_SQL.replace(
                "title FROM", "title, label FROM" if has_labels(self._conn) else "title, '' FROM")
        except BaseException:
            self._db.close()
            raise

    @staticmethod
    def default_path(*, create: bool = True) -> Path:
        """Return where the user's database lives, creating its folder (unless not `create`)."""
        return default_database_path(create=create)

    def close(self) -> None:
        """Close the database; the Store cannot be used afterwards. A round half written in steps is rolled back."""
        if self._round_steps is not None:
            self._round_steps = None
            self._conn.set_authorizer(None)
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
        self._db.close()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the database's write lock for the whole block: one transaction, stored whole or not at all.

        `BEGIN IMMEDIATE` takes the lock at once (waiting up to `timeout` for another program's
        write to end), so what the block reads still holds when it writes: no other program can
        write in between. The Store's own writes inside the block join it. StoreBusy while a
        round is being written in steps (add_round_steps).
        """
        self._refuse_while_writing_round()
        if self._conn.in_transaction:
            with self._db.atomic():
                yield
            return
        with plain_errors(self.path):
            self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            with plain_errors(self.path):
                self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            self._cache.forget()  # rows read back or put there inside the block may be gone
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Deals -------------------------------------------------------------------------------

    @_user_errors
    def create_deal(self, name: str, *, counterparty: str = "", our_side: str = "customer",
                    deal_type: str = "", jurisdictions: str = "") -> int:
        """Return the id of a new deal; StoreError when the name is empty or already taken."""
        name = self._check_name(name)
        now = _now()
        with self._db.atomic(), name_clash(name):
            cursor = self._conn.execute(
                "INSERT INTO deals (name, name_key, counterparty, our_side, deal_type, "
                "jurisdictions, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (name, name_key(name), counterparty, our_side, deal_type, jurisdictions, now,
                 now))
        assert cursor.lastrowid is not None  # an INSERT … VALUES that returned made its row
        return cursor.lastrowid

    @_user_errors
    def rename_deal(self, deal_id: int, name: str) -> None:
        """Rename a deal; StoreError when the name is empty or taken by another deal."""
        name = self._check_name(name)
        with self._db.atomic(), name_clash(name):
            self._require("deals", deal_id)
            self._conn.execute(
                "UPDATE deals SET name = ?, name_key = ?, updated_at = ? WHERE id = ?",
                (name, name_key(name), _now(), deal_id))

    @_user_errors
    def delete_deal(self, deal_id: int) -> None:
        """Delete a deal with all its rounds (their clause texts go when no other round uses them)."""
        with self._db.atomic():
            self._require("deals", deal_id)
            self._conn.execute("DELETE FROM deals WHERE id = ?", (deal_id,))
        self._cache.forget()

    _DEAL_SQL = (
        "SELECT id, name, counterparty, our_side, deal_type, jurisdictions, created_at, "
        "(SELECT count(*) FROM drafts WHERE deal_id = deals.id), updated_at FROM deals ")

    @_user_errors
    def deals(self) -> list[DealRow]:
        """Return every deal, ordered by name regardless of case."""
        rows = self._conn.execute(self._DEAL_SQL + "ORDER BY name_key, id")
        return [DealRow(*row) for row in rows]

    @_user_errors
    def deal(self, deal_id: int) -> DealRow:
        """Return one deal; StoreError when it no longer exists."""
        row = self._conn.execute(self._DEAL_SQL + "WHERE id = ?", (deal_id,)).fetchone()
        if row is None:
            raise StoreError("That deal no longer exists.")
        return DealRow(*row)

    @_user_errors
    def deal_by_name(self, name: str) -> DealRow | None:
        """Return the deal with this name (case does not matter), or None."""
        row = self._conn.execute(self._DEAL_SQL + "WHERE name_key = ?",
                                 (name_key(name.strip()),)).fetchone()
        return None if row is None else DealRow(*row)

    # Rounds ------------------------------------------------------------------------------

    @_user_errors
    def add_round(self, deal_id: int, draft: Draft, *, sender: str, date: str,
                  comparison: Comparison | None = None, findings: Sequence[Finding] = (),
                  suggestions: Sequence[Suggestion] = (), after: int | None | Unchecked = Unchecked.ANY,
                  rows: RoundRows | None = None) -> int:
        """Return the draft id of the deal's next round, stored whole or (on failure) not at all.

        `comparison` compares `draft` (as B) with the deal's latest round (as A); it must be
        None for a deal's first round. `findings` are the positions found in the draft and
        `suggestions` the statuses they suggest, stored as unconfirmed statuses of the round.
        `after` is the draft id of the round it was compared with and assessed after (None: the
        deal had none): inside the write transaction it must still be the deal's latest round,
        else RoundsChanged and nothing is stored, since another program added or took out a
        round meanwhile and the comparison no longer holds. `rows` is prepare_round(draft,
        comparison, findings, suggestions) when worked out already (the window does it on the
        import's worker, so the GUI thread only writes); ValueError when it was made for others.
        """
        rows = self._round_rows(draft, sender, date, comparison, findings, suggestions, rows)
        with self.writing():
            steps = self._write_round(deal_id, draft, sender, date, comparison, findings, suggestions, after, rows)
            while True:  # all the steps in one go
                try:
                    next(steps)
                except StopIteration as stop:
                    draft_id: int = stop.value
                    break
        self._remember_round(draft_id, draft, rows)
        return draft_id

    def add_round_steps(self, deal_id: int, draft: Draft, *, sender: str, date: str,
                        comparison: Comparison | None = None, findings: Sequence[Finding] = (),
                        suggestions: Sequence[Suggestion] = (), after: int | None | Unchecked = Unchecked.ANY,
                        rows: RoundRows | None = None) -> Generator[None, None, int]:
        """Return add_round cut into steps of a few milliseconds each, all in one transaction.

        Each next() writes one step (the draft row and file, a piece of the clauses, the pairs,
        the thread links, the positions, the commit); the generator's value (StopIteration's,
        or `yield from`'s) is the new draft id. The window runs one step per turn of the event
        loop, so that no single turn holds the GUI thread for the whole write. From the first
        step to the last the write lock is held and every other write of this Store is refused
        with StoreBusy (`writing_round` says so); closing the generator before the end (Cancel,
        the window closing), an error in a step, or Store.close() rolls the round back: nothing
        of it stays. Arguments as add_round; they are checked here, before any step.
        """
        self._refuse_while_writing_round()
        rows = self._round_rows(draft, sender, date, comparison, findings, suggestions, rows)
        steps = self._write_round(deal_id, draft, sender, date, comparison, findings, suggestions, after, rows)
        return self._stepped(steps, draft, rows)

    @property
    def writing_round(self) -> bool:
        """Return True while a round written in steps (add_round_steps) holds the write transaction."""
        return self._round_steps is not None

    def _stepped(self, steps: Generator[None, None, int], draft: Draft, rows: RoundRows) -> Generator[None, None, int]:
        self._refuse_while_writing_round()
        with plain_errors(self.path):
            self._conn.execute("BEGIN IMMEDIATE")
        me = object()
        self._round_steps = me
        self._conn.set_authorizer(self._authorize)
        try:
            draft_id = yield from self._each_step(steps)
            yield  # the commit in a turn of its own
            self._in_step = True
            with plain_errors(self.path):
                self._conn.execute("COMMIT")
        except BaseException:  # GeneratorExit (closed: Cancel, the window closing) included
            if self._round_steps is me:  # else Store.close() rolled it back already
                self._end_round_steps(me)
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                self._cache.forget()  # rows read back inside the transaction may be gone
            raise
        self._end_round_steps(me)
        self._remember_round(draft_id, draft, rows)
        return draft_id

    def _each_step(self, steps: Generator[None, None, int]) -> Generator[None, None, int]:
        # Runs each step with the Store's own writes let through, and refused between steps.
        while True:
            self._in_step = True
            try:
                with plain_errors(self.path):
                    next(steps)
            except StopIteration as stop:
                return stop.value
            finally:
                self._in_step = False
            yield

    def _end_round_steps(self, me: object) -> None:
        if self._round_steps is me:
            self._round_steps = None
            self._in_step = False
            self._conn.set_authorizer(None)

    # What SQLite may do on this connection between the steps of a round: read, nothing else.
    _READING = frozenset({sqlite3.SQLITE_READ, sqlite3.SQLITE_SELECT, sqlite3.SQLITE_FUNCTION,
                          sqlite3.SQLITE_RECURSIVE})

    def _authorize(self, action: int, *args: object) -> int:
        # The last guard: a write that did not go through writing() or atomic() is refused too.
        if self._in_step or action in self._READING:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA and args[1] is None:  # reading a pragma (data_version…)
            return sqlite3.SQLITE_OK
        return sqlite3.SQLITE_DENY

    def _refuse_while_writing_round(self) -> None:
        if self._round_steps is not None and not self._in_step:
            raise StoreBusy("Counterdraft is storing a round; wait for the import to finish and try again.")

    def _guarded_atomic(self, atomic: Callable[[], AbstractContextManager[Any]]
                        ) -> Callable[[], AbstractContextManager[Any]]:
        # The database's atomic(), refusing while a round is written in steps: every write of
        # the Store's parts (threads, positions, snapshots, details) goes through it or writing().
        @contextmanager
        def guarded() -> Iterator[Any]:
            self._refuse_while_writing_round()
            with atomic() as db:
                yield db
        return guarded

    def _round_rows(self, draft: Draft, sender: str, date: str, comparison: Comparison | None,
                    findings: Sequence[Finding], suggestions: Sequence[Suggestion],
                    rows: RoundRows | None) -> RoundRows:
        if sender not in ("us", "them"):
            raise ValueError(f"sender must be 'us' or 'them', not {sender!r}")
        self._check_date(date)
        if rows is None:
            return prepare_round(draft, comparison, findings, suggestions)
        if not rows.made_for(draft, comparison, findings, suggestions):
            raise ValueError("the prepared rows are not those of this draft, comparison and positions")
        return rows

    def _write_round(self, deal_id: int, draft: Draft, sender: str, date: str, comparison: Comparison | None,
                     findings: Sequence[Finding], suggestions: Sequence[Suggestion],
                     after: int | None | Unchecked, rows: RoundRows) -> Generator[None, None, int]:
        # add_round's writes, inside a transaction the caller holds; a yield between steps.
        # The generator's value is the new draft id.
        document = draft.document
        self._require("deals", deal_id)
        row = self._conn.execute(
            "SELECT id, round_no FROM drafts WHERE deal_id = ? ORDER BY round_no DESC LIMIT 1",
            (deal_id,)).fetchone()
        latest_id, latest = row if row is not None else (None, 0)
        if after is not Unchecked.ANY and after != latest_id:
            raise RoundsChanged(
                "Another program changed this deal's rounds while the draft was being compared "
                f"(its latest round is now {'round ' + str(latest) if latest else 'none'}), so nothing was "
                "stored. Import the draft again.")
        if comparison is not None and latest == 0:
            raise ValueError("the first round of a deal has nothing to be compared with")
        cursor = self._conn.execute(
            "INSERT INTO drafts (id, deal_id, round_no, sender, date, file_name, kind, sha256, "
            "title, imported_at, clause_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (self.new_draft_id(), deal_id, latest + 1, sender, date, document.name, document.kind,
             rows.sha256, document.title, _now(), len(draft.clauses)))
        draft_id = cursor.lastrowid
        assert draft_id is not None  # an INSERT … VALUES that returned made its row
        store_originals.insert(self._conn, draft_id, draft.original, rows.parts)
        store_rows.insert_marks(self._conn, draft_id, document.tracked_changes, document.comments)
        if document.warnings:
            self._conn.execute("INSERT INTO reading_notes (draft_id, notes) VALUES (?, ?)",
                               (draft_id, json.dumps(list(document.warnings), ensure_ascii=False)))
        for piece in clause_chunks(rows.clauses):
            yield
            store_rows.insert_clauses(self._conn, draft_id, draft.clauses, piece)
        if comparison is not None:
            yield
            store_rows.insert_pairs(self._conn, draft_id, draft.clauses, comparison, rows.pairs)
        if self._threads:
            yield
            store_threads_links.link_round(self._conn, draft_id, rows.links)
        yield
        store_positions.insert_findings(self._conn, draft_id, findings, rows.findings_rows)
        store_positions.insert_suggestions(self._conn, deal_id, draft_id, suggestions)
        self._touch(deal_id)
        return draft_id

    def _remember_round(self, draft_id: int, draft: Draft, rows: RoundRows) -> None:
        # What was just written reads back equal to what was given (tests/store check it).
        self._cache.put("clauses", draft_id, tuple(draft.clauses))
        self._cache.put("pairs", draft_id, rows.stored_pairs)

    @_user_errors
    def replace_comparison(self, draft_id: int, comparison: Comparison | None) -> None:
        """Store a new comparison of a round with the round before it (None removes it)."""
        self._cache.forget("pairs", draft_id)
        with self._db.atomic():
            self._require("drafts", draft_id)
            store_rows.forget_pairs(self._conn, draft_id)
            if comparison is not None:
                clauses = store_rows.read_clauses(self._conn, draft_id)
                store_rows.insert_pairs(self._conn, draft_id, clauses, comparison)
            # Only the automatic links are rebuilt: the user's corrections stay.
            self._link_round(draft_id, comparison)

    @_user_errors
    def delete_round(self, draft_id: int) -> None:
        """Delete a round; later rounds move up one, and the next round loses its comparison.

        The round after the deleted one was compared with it, so that comparison no longer
        holds: store a fresh one with `replace_comparison`, which also relinks its clauses to
        the round now before it. Until then they start threads, except where the user linked
        them to a clause that remains.
        """
        self._cache.forget()
        with self._db.atomic():
            row = self._conn.execute("SELECT deal_id, round_no FROM drafts WHERE id = ?",
                                     (draft_id,)).fetchone()
            if row is None:
                raise StoreError("That round no longer exists.")
            deal_id, round_no = row
            relink = (store_threads_links.release_round(self._conn, draft_id)
                      if self._threads else [])
            self._conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
            later = self._conn.execute(
                "SELECT id, round_no FROM drafts WHERE deal_id = ? AND round_no > ? "
                "ORDER BY round_no", (deal_id, round_no)).fetchall()
            # One at a time, in order, so UNIQUE (deal_id, round_no) holds after each update.
            for later_id, later_no in later:
                self._conn.execute("UPDATE drafts SET round_no = ? WHERE id = ?",
                                   (later_no - 1, later_id))
            if later:
                store_rows.forget_pairs(self._conn, later[0][0])
            store_threads_links.relink_rounds(self._conn, relink)
            self._touch(deal_id)

    _ROUND_SQL = (
        "SELECT id, deal_id, round_no, sender, date, file_name, kind, sha256, imported_at, "
        "clause_count, changed_count, substantive_count, cosmetic_count, "
        "(SELECT count(*) FROM tracked_changes WHERE draft_id = drafts.id), "
        "(SELECT count(*) FROM comments WHERE draft_id = drafts.id), title FROM drafts ")  # + label: _round_sql

    @_user_errors
    def rounds(self, deal_id: int) -> list[RoundRow]:
        """Return a deal's rounds, first round first."""
        rows = self._conn.execute(self._round_sql + "WHERE deal_id = ? ORDER BY round_no",
                                  (deal_id,))
        return [RoundRow(*row) for row in rows]

    @_user_errors
    def round(self, draft_id: int) -> RoundRow:
        """Return one round; StoreError when it no longer exists."""
        row = self._conn.execute(self._round_sql + "WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise StoreError("That round no longer exists.")
        return RoundRow(*row)

    @_user_errors
    def original(self, draft_id: int) -> bytes:
        """Return the round's file exactly as it was imported."""
        data = store_originals.read(self._conn, draft_id)
        if data is None:
            raise StoreError("That round no longer exists.")
        return data

    @_user_errors
    def clauses(self, draft_id: int) -> tuple[Clause, ...]:
        """Return the round's clauses in document order, equal to those imported."""
        return self._cache.get("clauses", draft_id,
                               lambda: store_rows.read_clauses(self._conn, draft_id))

    @_user_errors
    def pairs(self, draft_id: int) -> tuple[Pair, ...]:
        """Return the round's alignment with the round before it; () for a first round."""
        return self._cache.get("pairs", draft_id, lambda: store_rows.read_pairs(self._conn, draft_id))

    @_user_errors
    def tracked_changes(self, draft_id: int) -> tuple[TrackedChange, ...]:
        """Return the Word revision marks the round's file came with, in document order."""
        return store_rows.read_tracked_changes(self._conn, draft_id)

    @_user_errors
    def reading_notes(self, draft_id: int) -> tuple[str, ...]:
        """Return what the reader noted about the round's file (footnotes not read, …); () for none."""
        row = self._conn.execute("SELECT notes FROM reading_notes WHERE draft_id = ?", (draft_id,)).fetchone()
        return tuple(json.loads(row[0])) if row is not None else ()

    @_user_errors
    def comments(self, draft_id: int) -> tuple[Comment, ...]:
        """Return the Word comments the round's file came with, in document order."""
        return store_rows.read_comments(self._conn, draft_id)

    def _link_round(self, draft_id: int, comparison: Comparison | None) -> None:
        """(Re)build a round's automatic thread links from its comparison with the round before."""
        if self._threads:
            pairs = [] if comparison is None else [(p.a, p.b) for p in comparison.pairs]
            store_threads_links.link_round(self._conn, draft_id, pairs)

    def _touch(self, deal_id: int) -> None:
        """Mark a deal as changed now."""
        self._conn.execute("UPDATE deals SET updated_at = ? WHERE id = ?", (_now(), deal_id))

    def _require(self, table: str, row_id: int) -> None:
        """Raise StoreError when the deal or round is gone (deleted in another window)."""
        if self._conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is None:
            raise StoreError(f"That {'deal' if table == 'deals' else 'round'} no longer exists.")

    @staticmethod
    def _check_name(name: str) -> str:
        """Return the deal name trimmed; StoreError when nothing is left."""
        name = name.strip()
        if not name:
            raise StoreError("A deal needs a name.")
        return name

    @staticmethod
    def _check_date(date: str) -> None:
        """Raise StoreError unless `date` is a real calendar date written YYYY-MM-DD."""
        try:
            datetime.date.fromisoformat(date)
            ok = bool(_DATE.match(date))
        except ValueError:
            ok = False
        if not ok:
            raise StoreError(f"The date {date!r} is not a date written YYYY-MM-DD.")
