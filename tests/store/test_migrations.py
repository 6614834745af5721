"""Opening a database: the schema snapshot, migrations, backups, and files that are not ours."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import platformdirs
import pytest
from sqlite_utils import Database

from desktop.core.pipeline import compare_drafts
from desktop.store import Store, StoreError
from desktop.store.backup import backup_folder, list_backups
from desktop.store.schema import (
    find_migrations_dir,
    load_migrations,
    open_database,
    schema_sql,
    split_statements,
)

REPO = Path(__file__).resolve().parents[2]
ADD_NOTES = "ALTER TABLE deals ADD COLUMN notes TEXT NOT NULL DEFAULT '';\n"


def normalized(sql: str) -> str:
    """Return SQL with all runs of white space made one space."""
    return " ".join(sql.split())


def migrations_with(tmp_path: Path, extra: dict[str, str]) -> Path:
    """Return a migrations folder holding the app's migrations plus `extra` (name → SQL).

    The extra migrations are numbered after the app's last one ("deal_notes" → 0003_deal_notes).
    """
    folder = tmp_path / "migrations"
    shutil.copytree(REPO / "db" / "migrations", folder)
    number = len(list(folder.glob("*.sql")))
    for name, sql in extra.items():
        number += 1
        (folder / f"{number:04d}_{name}.sql").write_text(sql, encoding="utf-8")
    return folder


def app_migrations() -> list[str]:
    """Return the names of the app's migrations, in order."""
    return [name for name, _ in load_migrations(REPO / "db" / "migrations")]


def dump(path: Path) -> list[str]:
    """Return the SQL dump of a database file, read through a separate connection."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def saved(tmp_path, make_draft):
    """Return the path of a file database at the current schema holding one deal and round."""
    path = tmp_path / "counterdraft.db"
    with Store(path) as store:
        deal = store.create_deal("Acme API")
        store.add_round(deal, make_draft(["Liability is capped."]), sender="them",
                        date="2024-02-01")
    return path


def test_a_fresh_database_matches_db_schema_sql():
    fresh = open_database(None)
    snapshot = sqlite3.connect(":memory:")
    try:
        snapshot.executescript((REPO / "db" / "schema.sql").read_text(encoding="utf-8"))
        from_snapshot = schema_sql(Database(snapshot))
        assert normalized(schema_sql(fresh)) == normalized(from_snapshot), (
            "db/schema.sql is stale: run `python -m desktop.store.schema > db/schema.sql`")
    finally:
        fresh.close()
        snapshot.close()


def test_the_source_checkout_migrations_are_found():
    assert Path(str(find_migrations_dir())) == REPO / "db" / "migrations"
    names = [name for name, _ in load_migrations(find_migrations_dir())]
    assert names[0] == "0001_initial"


def test_migrations_are_recorded_by_file_name(store):
    rows = store._conn.execute(
        "SELECT migration_set, name FROM _sqlite_migrations ORDER BY id").fetchall()
    assert rows == [("counterdraft", name) for name in app_migrations()]
    assert rows[:2] == [("counterdraft", "0001_initial"), ("counterdraft", "0002_positions")]


def test_a_file_database_uses_wal_and_foreign_keys(saved):
    with Store(saved) as store:
        assert store._conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert store._conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
        assert store.deal_by_name("acme api").round_count == 1


def test_reopening_an_up_to_date_database_makes_only_the_daily_backup(saved):
    Store(saved).close()
    Store(saved).close()
    assert [b.kind for b in list_backups(saved)] == ["daily"]


def test_a_pending_migration_backs_the_database_up_first(saved, tmp_path):
    before = dump(saved)
    folder = migrations_with(tmp_path, {"deal_notes": ADD_NOTES})
    with Store(saved, migrations_dir=folder) as store:
        assert store.deals()[0].name == "Acme API"
        columns = [row[1] for row in store._conn.execute("PRAGMA table_info(deals)")]
        assert "notes" in columns
    kinds = {b.kind: b.path for b in list_backups(saved)}
    assert sorted(kinds) == ["daily", "pre-migration"]
    assert dump(kinds["pre-migration"]) == before


def test_a_migration_that_fails_halfway_leaves_nothing(saved, tmp_path):
    broken = ("CREATE TABLE notes (id INTEGER PRIMARY KEY);\n"
              "INSERT INTO notes (id) VALUES (1);\n"
              "UPDATE deals SET name = 'changed';\n"
              "CREATE TABLE notes (id INTEGER PRIMARY KEY);\n")
    folder = migrations_with(tmp_path, {"broken": broken})
    before = dump(saved)
    with pytest.raises(sqlite3.OperationalError, match="already exists"):
        Store(saved, migrations_dir=folder)
    assert dump(saved) == before
    with Store(saved) as store:  # the app without the broken migration still opens it
        assert store.deals()[0].name == "Acme API"


def test_a_database_from_a_newer_app_is_refused_untouched(saved, tmp_path):
    folder = migrations_with(tmp_path, {"deal_notes": ADD_NOTES})
    Store(saved, migrations_dir=folder).close()
    shutil.rmtree(backup_folder(saved))
    content = saved.read_bytes()
    with pytest.raises(StoreError, match="newer version of Counterdraft"):
        Store(saved)
    assert saved.read_bytes() == content
    assert not backup_folder(saved).exists()


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "contract.docx"
    path.write_bytes(b"PK\x03\x04 this is a Word file, not a database" * 20)
    with pytest.raises(StoreError, match="not a Counterdraft database"):
        Store(path)
    assert path.read_bytes().startswith(b"PK\x03\x04")


def test_another_apps_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a Counterdraft database"):
        Store(path)
    assert dump(path)[1].startswith("CREATE TABLE notes")


def test_a_database_locked_by_another_program_is_a_store_error_when_opening(saved):
    holder = sqlite3.connect(saved, isolation_level=None)
    try:
        holder.execute("PRAGMA journal_mode = DELETE")  # so a lock keeps readers out too
        holder.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StoreError, match="in use by another program"):
            Store(saved, timeout=0)
    finally:
        holder.close()


def test_a_database_locked_by_another_program_is_a_store_error_when_writing(saved):
    with Store(saved, timeout=0) as store:
        holder = sqlite3.connect(saved, isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")
            with pytest.raises(StoreError, match="in use by another program"):
                store.create_deal("Beta")
        finally:
            holder.close()
        assert [d.name for d in store.deals()] == ["Acme API"]


def test_the_default_path_is_in_the_user_data_folder(tmp_path, monkeypatch):
    seen = {}

    def user_data_dir(appname, appauthor):
        seen["args"] = (appname, appauthor)
        return str(tmp_path / "data" / appname)

    monkeypatch.setattr(platformdirs, "user_data_dir", user_data_dir)
    path = Store.default_path()
    assert seen["args"] == ("Counterdraft", False)
    assert path == tmp_path / "data" / "Counterdraft" / "counterdraft.db"
    assert path.parent.is_dir()


def test_statements_are_split_with_trigger_bodies_whole():
    sql = ("-- a comment; with a semicolon\nCREATE TABLE t (a TEXT DEFAULT ';');\n"
           "CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN\n  DELETE FROM t; DELETE FROM t;\nEND;\n"
           "/* trailing; comment */\n")
    statements = split_statements(sql)
    assert len(statements) == 2
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")


@pytest.mark.parametrize("files, message", [
    ({"0001_initial": "CREATE TABLE a (x);", "0003_gap": "CREATE TABLE b (x);"},
     "out of sequence"),
    ({"1_short": "CREATE TABLE a (x);"}, "misnamed"),
    ({"0001_initial": "BEGIN; CREATE TABLE a (x); COMMIT;"}, "must not control transactions"),
])
def test_badly_written_migrations_are_our_bug(tmp_path, files, message):
    for name, sql in files.items():
        (tmp_path / f"{name}.sql").write_text(sql, encoding="utf-8")
    with pytest.raises(RuntimeError, match=message):
        load_migrations(tmp_path)


def test_a_migration_that_breaks_foreign_keys_is_rolled_back(saved, tmp_path):
    orphan = "INSERT INTO originals (draft_id, bytes) VALUES (999, x'00');\n"
    folder = migrations_with(tmp_path, {"orphan": orphan})
    before = dump(saved)
    with pytest.raises(RuntimeError, match="broken foreign keys"):
        Store(saved, migrations_dir=folder)
    assert dump(saved) == before


def test_a_database_made_at_0001_gains_positions_with_nothing_lost(tmp_path, make_draft, marks):
    only_0001 = tmp_path / "migrations-0001"
    only_0001.mkdir()
    shutil.copy(REPO / "db" / "migrations" / "0001_initial.sql", only_0001)
    path = tmp_path / "counterdraft.db"
    one = make_draft(["Liability is capped at 12 months of fees.", "Audit once a year."])
    two = make_draft(["Liability is capped at 24 months of fees.", "Audit once a year."],
                     tracked_changes=marks[0], comments=marks[1])
    with Store(path, migrations_dir=only_0001) as old:
        deal = old.create_deal("Acme API", counterparty="Acme Inc.", our_side="vendor")
        old.add_round(deal, one, sender="them", date="2024-02-01")
        two_id = old.add_round(deal, two, sender="us", date="2024-02-05",
                               comparison=compare_drafts(one, two))
        before = {"deals": old.deals(), "rounds": old.rounds(deal), "clauses": old.clauses(two_id),
                  "pairs": old.pairs(two_id), "marks": (old.tracked_changes(two_id),
                                                         old.comments(two_id)),
                  "original": old.original(two_id), "search": old.search("24 months")}
    rows_before = set(dump(path))
    with Store(path) as new:
        after = {"deals": new.deals(), "rounds": new.rounds(deal), "clauses": new.clauses(two_id),
                 "pairs": new.pairs(two_id), "marks": (new.tracked_changes(two_id),
                                                        new.comments(two_id)),
                 "original": new.original(two_id), "search": new.search("24 months")}
        assert after == before
        assert new.findings(two_id) == () and new.position_statuses(deal) == {}
        assert new.standing(deal).findings is None  # unknown for rounds from before 0002
        names = [n for (n,) in new._conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert names == app_migrations()
    # Every row and table of 0001 is still there, byte for byte, but for the columns added
    # since, which come last and hold their default (a round's label, 0007).
    rows_after = {row.replace(",'');", ");") if row.startswith('INSERT INTO "drafts"') else row
                  for row in dump(path)}
    assert {r for r in rows_before if r.startswith("INSERT")} <= rows_after
    (backup,) = [b.path for b in list_backups(path) if b.kind == "pre-migration"]
    assert set(dump(backup)) == rows_before
