"""Every backup rule, each pinned by a test that fails when the rule is broken (issue 23, part 4).

How many of each kind are kept, the write-ahead log beside a restored file, and the full check
(`integrity_check`) that finds an index out of step with its table, which `quick_check` passes:
such a file is never backed up as sound, nor offered as a backup to restore.
"""

from __future__ import annotations

import datetime
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from desktop.store import Store, backup
from desktop.store.backup import backup_folder, latest_backup, list_backups, make_backup, restore_backup, rotate
from desktop.store.schema import DamagedDatabase
from desktop.ui.startup_care import care_for

# The rule, written out: a week of days, and so many of every other kind (backup.KEEP must agree).
RULE = {"daily": 7, "pre-migration": 3, "manual": 10, "pre-restore": 3, "damaged": 3, "pre-delete": 5}


@pytest.fixture
def small(tmp_path, make_draft) -> Path:
    """Return a closed database holding the deal "Acme" with one round of a few clauses."""
    path = tmp_path / "counterdraft.db"
    with Store(path) as store:
        deal = store.create_deal("Acme")
        store.add_round(deal, make_draft([f"Clause {n} about fees." for n in range(30)]), sender="them",
                        date="2024-02-01")
    return path


def _fake_backups(db: Path, kind: str, count: int) -> list[Path]:
    """Return `count` backup files of `kind`, a day apart and oldest first, named as make_backup names them."""
    folder = backup_folder(db)
    folder.mkdir(exist_ok=True)
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    made = []
    for day in range(count):
        stamp = (start + datetime.timedelta(days=day)).strftime("%Y%m%dT%H%M%S%fZ")
        path = folder / f"{db.stem}-{stamp}-{kind}.db"
        path.write_bytes(b"a backup")
        made.append(path)
    return made


def test_the_kept_counts_are_the_rule(tmp_path):
    assert backup.KEEP == RULE
    db = tmp_path / "counterdraft.db"
    made = {kind: _fake_backups(db, kind, keep + 3) for kind, keep in RULE.items()}
    for kind in RULE:
        rotate(db, kind)
    for kind, keep in RULE.items():
        left = sorted(b.path for b in list_backups(db) if b.kind == kind)
        assert left == made[kind][-keep:], kind  # the newest `keep`, the oldest gone


def test_a_new_daily_backup_leaves_exactly_seven(small):
    _fake_backups(small, "daily", 9)
    with Store(small, check=False) as store:
        made = make_backup(store._conn, small, "daily")
    dailies = [b for b in list_backups(small) if b.kind == "daily"]
    assert len(dailies) == 7 and dailies[0] == made


def _write_ahead_log_of(db: Path, deal: str) -> bytes:
    """Return a write-ahead log holding a new deal in `db`'s copy, as a process killed before its checkpoint leaves."""
    other = db.with_name("elsewhere.db")
    shutil.copyfile(db, other)
    conn = sqlite3.connect(other, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("INSERT INTO deals (name, name_key, created_at, updated_at) VALUES (?, ?, '', '')",
                     (deal, deal.casefold()))
        return Path(f"{other}-wal").read_bytes()
    finally:
        conn.close()


@pytest.mark.parametrize("state", ["empty", "damaged"])
def test_a_restored_file_never_has_the_old_write_ahead_log_beside_it(small, state):
    made = backup.backup_file(small, "manual")
    stale = _write_ahead_log_of(small, "Only in the old log")
    if state == "empty":
        small.write_bytes(b"")
    else:
        data = bytearray(small.read_bytes())
        data[4096 + 8: 4096 + 400] = b"\xa5" * 392  # a damaged page: the log stays beside it
        small.write_bytes(bytes(data))
    Path(f"{small}-wal").write_bytes(stale)
    Path(f"{small}-shm").write_bytes(b"\x00" * 32768)
    restore_backup(made.path, small)
    assert not Path(f"{small}-wal").exists() and not Path(f"{small}-shm").exists()
    with Store(small) as store:
        assert [d.name for d in store.deals()] == ["Acme"]


def break_an_index(db: Path) -> None:
    """Make an index disagree with its table, as a failing disk or a bad copy might: quick_check passes it."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX clauses_text_id ON clauses (ordinal)' "
                     "WHERE name = 'clauses_text_id'")
    finally:
        conn.close()
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA integrity_check").fetchone() != ("ok",)
    finally:
        conn.close()


def test_the_check_finds_an_index_out_of_step_with_its_table(small):
    break_an_index(small)
    problems = backup.check_file(small)
    assert problems and any("clauses_text_id" in p for p in problems)


def test_the_start_up_care_backs_up_no_file_with_a_broken_index(small):
    break_an_index(small)
    problems = care_for(small, threading.Event())
    assert problems and list_backups(small) == []


def test_the_day_s_first_opening_checks_in_full_before_it_backs_up(small):
    break_an_index(small)
    before = small.read_bytes()
    with pytest.raises(DamagedDatabase, match="is damaged"):
        Store(small)
    assert list_backups(small) == [] and small.read_bytes() == before


def test_a_backup_with_a_broken_index_is_not_offered_as_sound(small):
    older = backup.backup_file(small, "manual")
    newer = backup.backup_file(small, "manual")
    break_an_index(newer.path)
    assert latest_backup(small) == older
    with pytest.raises(backup.BackupError, match="damaged"):
        restore_backup(newer.path, small)
