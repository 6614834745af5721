"""Upgrading a database made by every earlier schema version, with data in it, loses nothing.

Generic over `db/migrations/*.sql`, so each new migration is covered the day it lands. A
full database is made at the latest schema through the Store (the sample deal's four rounds
with their clauses, comparisons, tracked changes, positions and suggested statuses, plus
statuses set by hand and a playbook position of the user's own). For each earlier version
N, an empty database is made with migrations 0001…N only and filled with those rows, as far
as version N's tables and columns hold them (full-text indexes are filled by their
triggers). Opening it with the app must then keep every one of those rows, value for value,
back it up first, and read back through the Store like the original.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.samples import create_sample_deal
from desktop.store import Store
from desktop.store.backup import list_backups
from desktop.store.rows import keys_json
from desktop.store.schema import load_migrations, open_database

REPO = Path(__file__).resolve().parents[2]
MIGRATIONS = REPO / "db" / "migrations"
NAMES = [name for name, _ in load_migrations(MIGRATIONS)]
BOOKKEEPING = "_sqlite_migrations"


def own_tables(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Return {table: columns} for the app's ordinary tables (no FTS, shadow or SQLite tables)."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    virtual = [name for name, sql in rows if sql and sql.upper().startswith("CREATE VIRTUAL")]
    tables = {}
    for name, _sql in rows:
        if name.startswith("sqlite_") or name == BOOKKEEPING or name in virtual:
            continue
        if any(name.startswith(v + "_") for v in virtual):
            continue
        tables[name] = [row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')]
    return tables


def rows_of(conn: sqlite3.Connection, table: str, columns: list[str]) -> list[tuple]:
    """Return a table's rows projected on `columns`, in a stable order."""
    listed = ", ".join(f'"{c}"' for c in columns)
    return sorted(conn.execute(f'SELECT {listed} FROM "{table}"').fetchall(), key=repr)


@pytest.fixture(scope="module")
def full_database(tmp_path_factory) -> Path:
    """Return a closed database at the latest schema holding two deals and every kind of record."""
    path = tmp_path_factory.mktemp("full") / "counterdraft.db"
    with Store(path) as store:
        deal = create_sample_deal(store)
        rounds = store.rounds(deal)
        positions = store.deal_positions(deal)
        assert rounds and positions
        store.set_status(deal, positions[0].key, rounds[-1].id, "won", "Accepted on the call.")
        store.set_status(deal, positions[1].key, rounds[0].id, "open", "Pushing back.")
        store.create_deal("Beta licence", counterparty="Beta Ltd", our_side="vendor")
        store.save_user_position({"key": "model_cards", "title": "Model cards", "group": "AI",
                                  "customer": {"ask": "published for every model"}})
    return path


def old_database(full: Path, version: int, folder: Path) -> Path:
    """Return a database made by migrations 0001…`version`, holding what it can of `full`'s rows."""
    migrations = folder / "migrations"
    migrations.mkdir()
    for name in NAMES[:version]:
        shutil.copy(MIGRATIONS / f"{name}.sql", migrations)
    path = folder / "counterdraft.db"
    open_database(path, migrations_dir=migrations).close()
    conn = sqlite3.connect(path)
    try:
        conn.execute("ATTACH DATABASE ? AS full", (str(full),))
        conn.execute("PRAGMA foreign_keys = OFF")
        with conn:
            full_tables = own_tables(sqlite3.connect(full))
            for table, columns in own_tables(conn).items():
                shared = [c for c in columns if c in full_tables.get(table, [])]
                if not shared:
                    continue
                listed = ", ".join(f'"{c}"' for c in shared)
                conn.execute(f'INSERT INTO main."{table}" ({listed}) SELECT {listed} FROM full."{table}"')
        conn.execute("DETACH DATABASE full")
        if "original_parts" not in own_tables(conn):
            # Before 0004 a round's file was stored whole, so put the whole file where the
            # full database keeps it as shared parts.
            with Store(full) as store, conn:
                conn.executemany("UPDATE originals SET bytes = ? WHERE draft_id = ?",
                                 [(store.original(draft_id), draft_id) for (draft_id,)
                                  in conn.execute("SELECT draft_id FROM originals").fetchall()])
        if "pair_runs" not in own_tables(conn):
            # Before 0005 every pair was a row, so put the pairs the full database keeps in
            # runs back as rows (their diff implied, as 0001 already allowed).
            with Store(full) as store, conn:
                for (draft_id,) in conn.execute("SELECT id FROM drafts").fetchall():
                    kept = {o for (o,) in conn.execute(
                        "SELECT ordinal FROM pairs WHERE draft_id = ?", (draft_id,))}
                    conn.executemany(
                        "INSERT INTO pairs (draft_id, ordinal, kind, a_keys, b_keys, substantive, "
                        "similarity, diff) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
                        [(draft_id, o, p.kind, keys_json(p.a), keys_json(p.b), int(p.substantive),
                          p.similarity) for o, p in enumerate(store.pairs(draft_id)) if o not in kept])
    finally:
        conn.close()
    return path


def snapshot(path: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    conn = sqlite3.connect(path)
    try:
        return {t: (cols, rows_of(conn, t, cols)) for t, cols in own_tables(conn).items()}
    finally:
        conn.close()


def test_there_is_at_least_one_migration_and_they_are_numbered():
    assert NAMES and NAMES[0] == "0001_initial"


@pytest.mark.parametrize("version", range(1, len(NAMES)), ids=lambda v: f"from {NAMES[v - 1]}")
def test_a_database_from_an_earlier_version_upgrades_with_nothing_lost(version, full_database, tmp_path):
    path = old_database(full_database, version, tmp_path)
    before = snapshot(path)
    full = snapshot(full_database)
    empty = [t for t, (_, rows) in before.items() if not rows and full[t][1]]
    assert empty == [], "every table the old version has is filled where the full database is"
    assert before["deals"][1] and before["clauses"][1]
    with Store(path) as store:
        applied = [n for (n,) in store._conn.execute(f"SELECT name FROM {BOOKKEEPING} ORDER BY id")]
        assert applied == NAMES
        assert store._conn.execute("PRAGMA foreign_key_check").fetchall() == []
        upgraded = readings(store, set(before))
    after = snapshot(path)
    for table, (columns, rows) in before.items():
        assert table in after, f"table {table} vanished"
        assert set(columns) <= set(after[table][0]), f"columns of {table} vanished"
        assert project(after[table], columns) == rows, f"rows of {table} changed"
    with Store(full_database) as original:
        assert upgraded == readings(original, set(before))
    (pre,) = [b for b in list_backups(path) if b.kind == "pre-migration"]
    assert snapshot(pre.path) == before


def project(table: tuple[list[str], list[tuple]], columns: list[str]) -> list[tuple]:
    """Return a snapshot table's rows cut down to `columns`, in a stable order."""
    names, rows = table
    where = [names.index(c) for c in columns]
    return sorted((tuple(row[i] for i in where) for row in rows), key=repr)


def readings(store: Store, tables: set[str]) -> dict:
    """Return what the Store reads back of what a version with these `tables` holds.

    Deals, rounds, clauses, pairs, originals and search always; position statuses, the
    user's positions and threads once the version has their tables.
    """
    out = {}
    for deal in store.deals():
        if "position_statuses" in tables:
            out[deal.name + " statuses"] = sorted(
                (key, status.status, status.reason)
                for (key, _draft), status in store.position_statuses(deal.id).items())
        out[deal.name] = [(r.round_no, r.file_name, r.sender, r.date, r.sha256,
                           [c.text for c in store.clauses(r.id)], store.original(r.id),
                           store.pairs(r.id))
                          for r in store.rounds(deal.id)]
        if "thread_links" in tables:
            out[deal.name + " threads"] = store.threads(deal.id)
    if "user_positions" in tables:
        out["user positions"] = store.user_positions()
    out["search"] = [(h.deal_name, h.round_no, h.clause_id) for h in store.search("liability")]
    assert out["search"]
    return out
