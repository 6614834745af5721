"""Deleted rounds and deals, kept so that Undo can put them back exactly as they were.

A snapshot holds every row a deletion removes, read just before it:

- the round's (or deal's) own row and every row hanging from it by ON DELETE CASCADE:
  clauses, pairs, statuses, findings, thread links, the original's pieces, reading notes…
  They are found through SQLite's own foreign-key list, so a table or column a later
  migration adds is kept too;
- the shared rows those use and the deletion may take with them: clause texts and parts of
  originals, which triggers drop once no round uses them;
- for a round, what its deletion changes in the rounds after it: their numbers, the next
  round's comparison (it was compared with the deleted round) and their thread links.

Restoring writes the rows back in one transaction, with the same ids wherever they are still
free. A deal is restored under new ids where its old ones were taken since (nothing else names
a deleted deal's rows), and under "<name> (restored)" when its name was taken. A round must get
its own id back (the window's undo history names rounds by id), and it is refused when the
deal's rounds are no longer as its deletion left them.

`SnapshotRecord` holds the Store methods (Store inherits them, like PositionRecord). The
module's functions work on an open sqlite3 connection; the methods decide the transactions.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.store import rows as store_rows
from desktop.store.schema import StoreError, user_errors

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop.core.model import Comparison
    from desktop.store.cache import RoundCache

# The tables that hold a round's comparison with the round before it (Store.replace_comparison
# rewrites them), and the counts of that comparison on its drafts row.
COMPARISON_TABLES = ("pairs", "pair_runs")
COUNT_COLUMNS = ("changed_count", "substantive_count", "cosmetic_count")
RESTORED = " (restored)"  # added to a deal's name when another deal took it meanwhile


@dataclass(frozen=True)
class TableRows:
    """Some rows of one table, every column, as SQLite returned them."""

    table: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class RoundSnapshot:
    """A round as it was just before it was deleted, and what its deletion changed after it."""

    deal_id: int
    draft_id: int
    round_no: int
    file_name: str
    order: tuple[int, ...]  # the deal's draft ids in round order, the deleted one included
    deal_updated_at: str
    owned: tuple[TableRows, ...]  # the round's rows and the rows hanging from them
    shared: tuple[TableRows, ...]  # clause texts and original parts they use
    comparison: tuple[TableRows, ...]  # the next round's pairs and runs against this round
    counts: tuple[Any, ...]  # the next round's COUNT_COLUMNS; () without a next round
    links: tuple[tuple[int, int | None, int], ...]  # later rounds' links: (clause, pred, by_user)

    @property
    def next_id(self) -> int | None:
        """Return the draft id of the round after this one, None when it was the last."""
        index = self.order.index(self.draft_id)
        return self.order[index + 1] if index + 1 < len(self.order) else None

    @property
    def previous_id(self) -> int | None:
        """Return the draft id of the round before this one, None when it was the first."""
        index = self.order.index(self.draft_id)
        return self.order[index - 1] if index > 0 else None


@dataclass(frozen=True)
class DealSnapshot:
    """A deal as it was just before it was deleted: every row of it and of its rounds."""

    deal_id: int
    name: str
    owned: tuple[TableRows, ...]
    shared: tuple[TableRows, ...]


# --- the schema, as SQLite describes it -------------------------------------------------------

@dataclass(frozen=True)
class _Reference:
    """One foreign key: `table.column` names a row of `parent` by its `parent_column`."""

    table: str
    column: str
    parent: str
    parent_column: str
    on_delete: str  # "CASCADE", "SET NULL", "NO ACTION", …


@dataclass(frozen=True)
class _Schema:
    references: tuple[_Reference, ...]
    row_ids: dict[str, str]  # table → its INTEGER PRIMARY KEY column (the rowid), if it has one
    natural_keys: dict[str, str]  # shared table → the UNIQUE column two equal rows share (a hash)

    def children(self, table: str) -> list[_Reference]:
        """Return the foreign keys whose rows go when a row of `table` goes."""
        return [r for r in self.references if r.parent == table and r.on_delete == "CASCADE"]

    def refs_of(self, table: str) -> list[_Reference]:
        return [r for r in self.references if r.table == table]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _schema(conn: sqlite3.Connection) -> _Schema:
    """Return the tables' foreign keys, rowid columns and natural keys, read from SQLite."""
    tables = [name for name, sql in conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        if not (sql or "").upper().startswith("CREATE VIRTUAL")]
    references: list[_Reference] = []
    row_ids: dict[str, str] = {}
    natural_keys: dict[str, str] = {}
    for table in tables:
        info = list(conn.execute(f"PRAGMA table_info({_quote(table)})"))
        keys = [row for row in info if row[5]]
        if len(keys) == 1 and keys[0][2].upper() == "INTEGER":
            row_ids[table] = keys[0][1]
        for row in conn.execute(f"PRAGMA foreign_key_list({_quote(table)})"):
            references.append(_Reference(table, row[3], row[2], row[4] or "rowid", row[6].upper()))
        for index in conn.execute(f"PRAGMA index_list({_quote(table)})"):
            if index[2] and index[3] == "u":  # a UNIQUE constraint
                columns = [c[2] for c in conn.execute(f"PRAGMA index_info({_quote(index[1])})")]
                if len(columns) == 1:
                    natural_keys.setdefault(table, columns[0])
    return _Schema(tuple(references), row_ids, natural_keys)


# --- reading rows -------------------------------------------------------------------------------

def _select(conn: sqlite3.Connection, table: str, column: str, values: Sequence[Any]) -> TableRows:
    """Return the rows of `table` whose `column` is one of `values`."""
    cursor = conn.execute(
        f"SELECT * FROM {_quote(table)} WHERE {_quote(column)} IN (SELECT value FROM json_each(?))",
        (json.dumps(list(values)),))
    rows = tuple(cursor.fetchall())
    return TableRows(table, tuple(d[0] for d in cursor.description), rows)


def _owned_rows(conn: sqlite3.Connection, schema: _Schema, table: str, ids: Sequence[int]) -> list[TableRows]:
    """Return the rows `ids` of `table` and, table by table, every row hanging from them by CASCADE.

    A row reached twice (a position status hangs from its deal and its round) is kept once.
    """
    found: dict[str, dict[tuple[Any, ...], None]] = defaultdict(dict)
    columns: dict[str, tuple[str, ...]] = {}
    queue: list[tuple[str, str, list[Any]]] = [(table, schema.row_ids[table], list(ids))]
    while queue:
        name, column, values = queue.pop(0)
        if not values:
            continue
        got = _select(conn, name, column, values)
        columns[name] = got.columns
        new = [row for row in got.rows if row not in found[name]]
        found[name].update(dict.fromkeys(new))
        for child in schema.children(name):
            position = got.columns.index(child.parent_column)
            queue.append((child.table, child.column, sorted({row[position] for row in new})))
    return [TableRows(name, columns[name], tuple(rows)) for name, rows in found.items() if rows]


def _shared_rows(conn: sqlite3.Connection, schema: _Schema, owned: Sequence[TableRows]) -> list[TableRows]:
    """Return the shared rows (clause texts, original parts) the owned rows name."""
    wanted: dict[str, set[Any]] = defaultdict(set)
    for rows in owned:
        for ref in schema.refs_of(rows.table):
            if ref.on_delete in ("CASCADE", "SET NULL"):
                continue  # a row it belongs to, or one it may lose without harm
            position = rows.columns.index(ref.column)
            wanted[ref.parent].update(row[position] for row in rows.rows if row[position] is not None)
    return [_select(conn, table, schema.row_ids[table], sorted(ids)) for table, ids in wanted.items()]


def _in_order(schema: _Schema, tables: Sequence[TableRows]) -> list[TableRows]:
    """Return `tables` with every table after the tables its foreign keys name."""
    pending = {rows.table: rows for rows in tables}
    ordered: list[TableRows] = []
    while pending:
        ready = [name for name in pending
                 if not any(r.parent in pending and r.parent != name for r in schema.refs_of(name))]
        if not ready:
            raise RuntimeError(f"foreign keys in a circle among {sorted(pending)}")
        for name in ready:
            ordered.append(pending.pop(name))
    return ordered


# --- writing rows back ------------------------------------------------------------------------

def _exists(conn: sqlite3.Connection, table: str, column: str, value: Any) -> bool:
    return conn.execute(f"SELECT 1 FROM {_quote(table)} WHERE {_quote(column)} = ?",
                        (value,)).fetchone() is not None


def _insert(conn: sqlite3.Connection, table: str, columns: Sequence[str], row: Sequence[Any]) -> int | None:
    cursor = conn.execute(
        f"INSERT INTO {_quote(table)} ({', '.join(map(_quote, columns))}) "
        f"VALUES ({', '.join('?' * len(columns))})", tuple(row))
    return cursor.lastrowid


class _Restorer:
    """Writes snapshot rows back, keeping each row's id when it is free, and records the ids it changed."""

    def __init__(self, conn: sqlite3.Connection, schema: _Schema, keep_id: Callable[[str], bool]) -> None:
        self.conn = conn
        self.schema = schema
        self.keep_id = keep_id  # tables whose rows must get their own ids back (else StoreError)
        self.moved: dict[str, dict[Any, Any]] = defaultdict(dict)  # table → old id → new id

    def mapped(self, table: str, value: Any) -> Any:
        """Return the id a row of `table` has now, given the id it had."""
        return self.moved[table].get(value, value)

    def shared(self, tables: Sequence[TableRows]) -> None:
        """Put back the shared rows that are gone; an equal row stored since stands in for its twin."""
        for rows in tables:
            row_id = self.schema.row_ids[rows.table]
            key = self.schema.natural_keys[rows.table]
            id_at, key_at = rows.columns.index(row_id), rows.columns.index(key)
            for row in rows.rows:
                twin = self.conn.execute(
                    f"SELECT {_quote(row_id)} FROM {_quote(rows.table)} WHERE {_quote(key)} = ?",
                    (row[key_at],)).fetchone()
                if twin is not None:
                    if twin[0] != row[id_at]:
                        self.moved[rows.table][row[id_at]] = twin[0]
                    continue
                self._write(rows, row, id_at)

    def owned(self, tables: Sequence[TableRows]) -> None:
        """Put back rows that were deleted, parents before children, their foreign keys translated."""
        for rows in _in_order(self.schema, tables):
            row_id = self.schema.row_ids.get(rows.table)
            refs = [(rows.columns.index(r.column), r.parent) for r in self.schema.refs_of(rows.table)]
            # A rowid that is also a foreign key (originals.draft_id) follows its parent's id.
            own_id = None
            if row_id is not None and not any(r.column == row_id for r in self.schema.refs_of(rows.table)):
                own_id = rows.columns.index(row_id)
            for row in rows.rows:
                values = list(row)
                for position, parent in refs:
                    values[position] = self.mapped(parent, values[position])
                if own_id is None:
                    _insert(self.conn, rows.table, rows.columns, values)
                else:
                    self._write(rows, values, own_id)

    def _write(self, rows: TableRows, values: Sequence[Any], id_at: int) -> None:
        row_id = self.schema.row_ids[rows.table]
        old = values[id_at]
        if _exists(self.conn, rows.table, row_id, old):
            if self.keep_id(rows.table):
                raise _Taken(rows.table)
            values = [None if i == id_at else v for i, v in enumerate(values)]
        new = _insert(self.conn, rows.table, rows.columns, values)
        if new != old:
            self.moved[rows.table][old] = new


class _Taken(Exception):
    """A row that must keep its id cannot: another row has it now."""


# --- rounds -------------------------------------------------------------------------------------

def snapshot_round(conn: sqlite3.Connection, draft_id: int) -> RoundSnapshot:
    """Return everything the deletion of round `draft_id` removes or changes (StoreError when gone)."""
    row = conn.execute("SELECT d.deal_id, d.round_no, d.file_name, deals.updated_at FROM drafts AS d "
                       "JOIN deals ON deals.id = d.deal_id WHERE d.id = ?", (draft_id,)).fetchone()
    if row is None:
        raise StoreError("That round no longer exists.")
    deal_id, round_no, file_name, updated_at = row
    order = tuple(i for (i,) in conn.execute(
        "SELECT id FROM drafts WHERE deal_id = ? ORDER BY round_no", (deal_id,)))
    later = order[order.index(draft_id) + 1:]
    schema = _schema(conn)
    owned = _owned_rows(conn, schema, "drafts", [draft_id])
    comparison: list[TableRows] = []
    counts: tuple[Any, ...] = ()
    if later:
        comparison = [_select(conn, table, "draft_id", [later[0]]) for table in COMPARISON_TABLES
                      if _has_table(conn, table)]
        counts = conn.execute(f"SELECT {', '.join(COUNT_COLUMNS)} FROM drafts WHERE id = ?",
                              (later[0],)).fetchone()
    links = tuple(conn.execute(
        "SELECT l.clause_id, l.pred_id, l.by_user FROM thread_links AS l JOIN clauses AS c "
        "ON c.id = l.clause_id WHERE c.draft_id IN (SELECT value FROM json_each(?)) ORDER BY l.clause_id",
        (json.dumps(list(later)),))) if later and _has_table(conn, "thread_links") else ()
    return RoundSnapshot(deal_id, draft_id, round_no, file_name, order, updated_at, tuple(owned),
                         tuple(_shared_rows(conn, schema, owned)), tuple(comparison), tuple(counts), links)


def restore_round(conn: sqlite3.Connection, snapshot: RoundSnapshot) -> None:
    """Put a deleted round back as it was, with the rounds after it as they were (in the caller's transaction).

    StoreError when the deal is gone, its rounds are no longer as the deletion left them, or
    another round has the deleted round's id.
    """
    left = [i for i in snapshot.order if i != snapshot.draft_id]
    now = [i for (i,) in conn.execute("SELECT id FROM drafts WHERE deal_id = ? ORDER BY round_no",
                                      (snapshot.deal_id,))]
    if now != left or _exists(conn, "drafts", "id", snapshot.draft_id):
        raise StoreError(f"Round {snapshot.round_no} ({snapshot.file_name}) cannot be put back: the deal's "
                         "rounds have changed since it was deleted. The backup made before the deletion "
                         "still holds it (File ▸ Restore from backup…).")
    later = snapshot.order[snapshot.order.index(snapshot.draft_id) + 1:]
    for draft_id in reversed(later):  # last first, so UNIQUE (deal_id, round_no) holds after each
        conn.execute("UPDATE drafts SET round_no = round_no + 1 WHERE id = ?", (draft_id,))
    if snapshot.links:
        # Free the clauses the deleted round's links name; the later links are set back below.
        conn.execute("UPDATE thread_links SET pred_id = NULL WHERE clause_id IN "
                     "(SELECT value FROM json_each(?))", (json.dumps([link[0] for link in snapshot.links]),))
    if later:
        # First, so that the ids the fresh comparison took from the deleted round's pairs are free.
        store_rows.forget_pairs(conn, later[0])
    schema = _schema(conn)
    restorer = _Restorer(conn, schema, keep_id=lambda table: table == "drafts")
    try:
        restorer.shared(snapshot.shared)
        restorer.owned(snapshot.owned)
    except _Taken as error:  # checked above for the round itself; any other table is renumbered
        raise AssertionError(f"a {error} row kept its id") from error
    if later:
        restorer.owned([rows for rows in snapshot.comparison if rows.rows])
        conn.execute(f"UPDATE drafts SET {', '.join(f'{c} = ?' for c in COUNT_COLUMNS)} WHERE id = ?",
                     (*snapshot.counts, later[0]))
    conn.executemany("UPDATE thread_links SET pred_id = ?, by_user = ? WHERE clause_id = ?",
                     [(restorer.mapped("clauses", pred), by_user, clause)
                      for clause, pred, by_user in snapshot.links])
    conn.execute("UPDATE deals SET updated_at = ? WHERE id = ?", (snapshot.deal_updated_at, snapshot.deal_id))


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (name,)).fetchone() is not None


# --- deals --------------------------------------------------------------------------------------

def snapshot_deal(conn: sqlite3.Connection, deal_id: int) -> DealSnapshot:
    """Return every row of a deal and its rounds, and the shared rows they use (StoreError when gone)."""
    row = conn.execute("SELECT name FROM deals WHERE id = ?", (deal_id,)).fetchone()
    if row is None:
        raise StoreError("That deal no longer exists.")
    schema = _schema(conn)
    owned = _owned_rows(conn, schema, "deals", [deal_id])
    return DealSnapshot(deal_id, row[0], tuple(owned), tuple(_shared_rows(conn, schema, owned)))


def restore_deal(conn: sqlite3.Connection, snapshot: DealSnapshot) -> int:
    """Put a deleted deal back (in the caller's transaction) and return its id, new when its own was taken."""
    schema = _schema(conn)
    owned = [_free_name(conn, rows) if rows.table == "deals" else rows for rows in snapshot.owned]
    restorer = _Restorer(conn, schema, keep_id=lambda table: False)
    restorer.shared(snapshot.shared)
    restorer.owned(owned)
    return restorer.mapped("deals", snapshot.deal_id)


def _free_name(conn: sqlite3.Connection, deals: TableRows) -> TableRows:
    """Return the deals row renamed "<name> (restored)" when another deal has taken its name meanwhile."""
    (row,) = deals.rows
    name_at, key_at = deals.columns.index("name"), deals.columns.index("name_key")
    name, key = row[name_at], row[key_at]
    if not _exists(conn, "deals", "name_key", key):
        return deals
    count = 1
    # The suffix starts with a space, so normalising and case-folding the whole name (as
    # Store does for name_key) gives the old key with the folded suffix added.
    while _exists(conn, "deals", "name_key", key + _suffix(count).casefold()):
        count += 1
    values = list(row)
    values[name_at], values[key_at] = name + _suffix(count), key + _suffix(count).casefold()
    return TableRows(deals.table, deals.columns, (tuple(values),))


def _suffix(count: int) -> str:
    return RESTORED if count == 1 else f" (restored {count})"


class SnapshotRecord:
    """The Store's methods for deletions that can be undone (Store supplies _conn, _db, _cache and path)."""

    path: Path | None
    _conn: sqlite3.Connection
    _db: Database
    _cache: RoundCache
    delete_round: Callable[[int], None]
    delete_deal: Callable[[int], None]
    replace_comparison: Callable[[int, "Comparison | None"], None]
    _retired_draft_id = 0  # the highest id of a round taken out since the store was opened

    def new_draft_id(self) -> int | None:
        """Return the id the next round stored must take; None leaves the choice to SQLite.

        A round taken out may be put back under its own id (the window's undo history names
        rounds by id), and SQLite would give the highest id again once its row is gone: so
        after a round is taken out, new rounds are numbered above every id it had.
        """
        if not self._retired_draft_id:
            return None
        (top,) = self._conn.execute("SELECT coalesce(max(id), 0) FROM drafts").fetchone()
        return max(top, self._retired_draft_id) + 1

    @user_errors
    def snapshot_round(self, draft_id: int) -> RoundSnapshot:
        """Return what deleting round `draft_id` would remove or change, to put it back later."""
        return snapshot_round(self._conn, draft_id)

    @user_errors
    def take_round_out(self, draft_id: int, comparison: Comparison | None, *,
                       order: Sequence[int] | None = None) -> RoundSnapshot:
        """Delete a round and store `comparison` for the round after it; return the round's snapshot.

        `comparison` compares the round before the deleted one (as A) with the one after it (as
        B); None when the deleted round is the first or the last. With `order` (the deal's
        draft ids in round order, as the caller saw them), StoreError when they changed since.
        One transaction: the round is gone and the next one compared afresh, or nothing changed.
        """
        with self._db.atomic():
            snapshot = snapshot_round(self._conn, draft_id)
            if order is not None and tuple(order) != snapshot.order:
                raise StoreError(f"The deal's rounds have changed meanwhile, so round {snapshot.round_no} "
                                 f"({snapshot.file_name}) was left as it is.")
            if comparison is not None and (snapshot.previous_id is None or snapshot.next_id is None):
                raise ValueError("only a round between two others leaves a comparison to store")
            self.delete_round(draft_id)
            self._retired_draft_id = max(self._retired_draft_id, draft_id)
            if snapshot.next_id is not None:
                self.replace_comparison(snapshot.next_id, comparison)
        return snapshot

    @user_errors
    def restore_round(self, snapshot: RoundSnapshot) -> None:
        """Put a deleted round back exactly as it was, the rounds after it moving down again."""
        self._cache.forget()
        with self._db.atomic():
            restore_round(self._conn, snapshot)
        self._cache.forget()

    @user_errors
    def snapshot_deal(self, deal_id: int) -> DealSnapshot:
        """Return every row of a deal, to put it back after it is deleted."""
        return snapshot_deal(self._conn, deal_id)

    @user_errors
    def take_deal_out(self, deal_id: int) -> DealSnapshot:
        """Delete a deal with its rounds and return its snapshot (one transaction)."""
        with self._db.atomic():
            snapshot = snapshot_deal(self._conn, deal_id)
            self.delete_deal(deal_id)
        return snapshot

    @user_errors
    def restore_deal(self, snapshot: DealSnapshot) -> int:
        """Put a deleted deal back with all its rounds; return its id (a new one when its own was taken)."""
        with self._db.atomic():
            deal_id = restore_deal(self._conn, snapshot)
        self._cache.forget()
        return deal_id
