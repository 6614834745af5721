"""A database that has gone is never replaced by a new one without a word (issue 23, part 4).

A 0-byte, cut-short, missing (with its backups beside it) or foreign file where the database
was: the Store refuses it before SQLite opens it, naming the latest sound backup, and the
file stays as it was. Only a true first start (no file, no backup of one) makes a database,
and it appears whole or not at all.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.store import LostDatabase, Store, StoreError, lost, schema
from desktop.store.backup import backup_file, backup_folder, list_backups


@pytest.fixture
def kept(tmp_path, make_draft) -> tuple[Path, Path]:
    """Return a closed database holding the deal "Acme" and the path of its one (manual) backup."""
    path = tmp_path / "counterdraft.db"
    with Store(path) as store:
        deal = store.create_deal("Acme")
        store.add_round(deal, make_draft([f"Clause {n}." for n in range(40)]), sender="them", date="2024-02-01")
    return path, backup_file(path, "manual").path


def _refused(path: Path, reason: str, backup: Path | None) -> LostDatabase:
    with pytest.raises(LostDatabase) as caught:
        Store(path)
    assert caught.value.reason == reason and caught.value.path == path
    message = str(caught.value)
    if backup is not None:
        assert caught.value.backup is not None and caught.value.backup.path == backup
        assert str(backup.absolute()) in message and "counterdraft restore" in message
    else:
        assert "No sound backup" in message
    return caught.value


def test_a_0_byte_database_is_refused_naming_its_backup_and_left_as_it_was(kept):
    path, backup = kept
    path.write_bytes(b"")
    stale_log = b"a write-ahead log SQLite would delete beside a 0-byte file"
    Path(f"{path}-wal").write_bytes(stale_log)
    error = _refused(path, lost.EMPTY, backup)
    assert "is empty (0 bytes)" in str(error)
    for check in (False, True):  # the window opens unchecked: it is refused all the same
        with pytest.raises(LostDatabase):
            Store(path, check=check)
    with pytest.raises(LostDatabase):
        Store(path, read_only=True)
    assert path.read_bytes() == b"" and Path(f"{path}-wal").read_bytes() == stale_log
    assert [b.path for b in list_backups(path)] == [backup]


def test_a_0_byte_file_without_a_backup_is_refused_too(tmp_path):
    path = tmp_path / "counterdraft.db"
    path.write_bytes(b"")
    error = _refused(path, lost.EMPTY, None)
    assert "delete the empty file" in str(error)
    assert path.read_bytes() == b""


def test_a_missing_database_with_backups_is_refused_and_not_made_again(kept):
    path, backup = kept
    path.unlink()
    _refused(path, lost.MISSING, backup)
    with pytest.raises(LostDatabase):
        Store(path, check=False)
    assert not path.exists()


def test_a_cut_short_database_is_refused_naming_its_backup(kept):
    path, backup = kept
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    error = _refused(path, lost.TRUNCATED, backup)
    assert f"{len(whole) // 2:,} of the {len(whole):,} bytes" in str(error)
    path.write_bytes(whole[:60])  # not even a whole header
    _refused(path, lost.TRUNCATED, backup)
    assert path.read_bytes() == whole[:60]


def test_a_damaged_header_or_another_file_where_the_database_was_names_its_backup(kept):
    path, backup = kept
    whole = path.read_bytes()
    path.write_bytes(b"\x00" * 16 + whole[16:])  # the header's magic wiped out
    _refused(path, lost.FOREIGN, backup)
    path.write_bytes(b"PK\x03\x04 a Word file saved over the database" * 50)
    _refused(path, lost.FOREIGN, backup)
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")  # another program's database in its place
    conn.commit()
    conn.close()
    _refused(path, lost.FOREIGN, backup)
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 1")  # SQLite, but nothing in it
    conn.close()
    _refused(path, lost.EMPTY, backup)


def test_a_file_never_ours_is_still_just_not_a_counterdraft_database(tmp_path):
    path = tmp_path / "contract.docx"
    path.write_bytes(b"PK\x03\x04" * 100)
    with pytest.raises(StoreError, match="not a Counterdraft database") as caught:
        Store(path)
    assert not isinstance(caught.value, LostDatabase)


def test_a_first_start_makes_the_database_whole_under_a_hidden_name_then_links_it_in(tmp_path, monkeypatch):
    path = tmp_path / "counterdraft.db"
    seen = []
    real_link = schema.os.link

    def link(source, target):
        conn = sqlite3.connect(source)
        try:
            (migrations,) = conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()
        finally:
            conn.close()
        seen.append((Path(source).name, migrations, Path(target).exists()))
        real_link(source, target)

    monkeypatch.setattr(schema.os, "link", link)
    with Store(path) as store:
        assert store.deals() == []
    ((hidden, migrations, existed),) = seen
    assert hidden.startswith(".counterdraft.db.") and migrations == len(schema.load_migrations(
        schema.find_migrations_dir())) and not existed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counterdraft.db"]
    assert list_backups(path) == []  # a new database has nothing worth backing up yet


def test_a_first_start_that_fails_midway_leaves_no_file_at_all(tmp_path, monkeypatch):
    path = tmp_path / "counterdraft.db"
    real = schema._migration_set

    def failing(migrations):
        steps = real(migrations[:3] + [("0004_broken", ["CREATE TABLE deals (id INTEGER)"])])
        return steps

    monkeypatch.setattr(schema, "_migration_set", failing)
    with pytest.raises(sqlite3.OperationalError):
        Store(path)
    assert list(tmp_path.iterdir()) == []  # no empty database to be taken for one that has gone
    monkeypatch.undo()
    Store(path).close()
    assert path.is_file()


def test_a_database_another_program_made_first_is_opened_not_replaced(tmp_path, monkeypatch):
    path = tmp_path / "counterdraft.db"
    with Store(tmp_path / "other.db") as other:
        other.create_deal("Made by the other program")
    real_link = schema.os.link

    def beaten(source, target):
        (tmp_path / "other.db").rename(target)  # the other program got there first
        real_link(source, target)  # raises FileExistsError, as it would in the race

    monkeypatch.setattr(schema.os, "link", beaten)
    with Store(path) as store:
        assert [d.name for d in store.deals()] == ["Made by the other program"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_restored_database_opens_again(kept):
    path, backup = kept
    path.write_bytes(b"")
    from desktop.store.backup import restore_backup

    saved = restore_backup(backup, path)
    assert saved is not None and saved.kind == "damaged" and saved.path.read_bytes() == b""
    with Store(path) as store:
        assert [d.name for d in store.deals()] == ["Acme"]
    assert backup_folder(path) == path.parent / "backups"
