"""Backups: made with SQLite's backup API, rotated, checked at start-up, and restored whole."""

from __future__ import annotations

import datetime
import logging
import sqlite3
import threading
from pathlib import Path

import pytest

from desktop.cli import main as cli_main
from desktop.core.model import Cancelled
from desktop.store import Store, StoreError, backup
from desktop.store.backup import BackupError, backup_folder, list_backups, make_backup, restore_backup
from desktop.store.schema import DamagedDatabase
from desktop.ui.settings_folder import FolderError
from desktop.ui.settings_folder import copy_database as copy_to_folder
from desktop.ui.startup_care import care_for


@pytest.fixture
def saved(tmp_path, make_draft) -> Path:
    """Return a closed file database holding one deal with one round."""
    path = tmp_path / "counterdraft.db"
    with Store(path) as store:
        deal = store.create_deal("Acme API")
        store.add_round(deal, make_draft([f"Clause {n} about liability." for n in range(300)]),
                        sender="them", date="2024-02-01")
    return path


def damage(path: Path) -> None:
    """Overwrite the middle of a closed database file with junk, as a failing disk might."""
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 8 * page
    for at in range(3 * page, len(data) - page, 2 * page):
        data[at + 8 : at + 400] = b"\xa5" * 392
    path.write_bytes(bytes(data))


def deal_names(path: Path) -> list[str]:
    with Store(path) as store:
        return [d.name for d in store.deals()]


def test_a_backup_is_a_complete_self_contained_copy(saved):
    with Store(saved) as store:
        made = make_backup(store._conn, saved, "manual")
        store.create_deal("After the backup")
    assert made.path.parent == saved.parent / "backups" and made.kind == "manual"
    assert made.size == made.path.stat().st_size > 0
    assert "made by you" in made.describe()
    conn = sqlite3.connect(made.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert [n for (n,) in conn.execute("SELECT name FROM deals")] == ["Acme API"]
    finally:
        conn.close()
    assert sorted(p.name for p in backup_folder(saved).iterdir()) == sorted(b.path.name for b in list_backups(saved))


def test_backups_rotate_keeping_the_newest_of_each_kind(saved):
    with Store(saved) as store:
        for _ in range(backup.KEEP["pre-migration"] + 2):
            make_backup(store._conn, saved, "pre-migration")
        newest_manual = make_backup(store._conn, saved, "manual")
    kinds = [b.kind for b in list_backups(saved)]
    assert kinds.count("pre-migration") == backup.KEEP["pre-migration"]
    assert kinds.count("manual") == 1 and kinds.count("daily") == 1
    assert list_backups(saved)[0] == newest_manual


def test_the_day_s_first_opening_makes_one_daily_backup(saved):
    assert list_backups(saved) == []  # a new database has nothing worth backing up yet
    Store(saved).close()
    Store(saved).close()
    (daily,) = list_backups(saved)
    assert daily.kind == "daily" and not backup.daily_backup_due(saved)
    tomorrow = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    assert backup.daily_backup_due(saved, now=tomorrow)


def test_the_backup_schedule_from_settings_decides_when_the_next_one_is_due(saved):
    Store(saved).close()  # today's daily backup
    now = datetime.datetime.now(datetime.timezone.utc)
    in_days = [now + datetime.timedelta(days=n) for n in (1, 6, 7)]
    assert [backup.daily_backup_due(saved, now=t, schedule="daily") for t in in_days] == [True, True, True]
    assert [backup.daily_backup_due(saved, now=t, schedule="weekly") for t in in_days] == [False, False, True]
    assert [backup.daily_backup_due(saved, now=t, schedule="off") for t in in_days] == [False, False, False]


def test_yesterday_s_daily_backup_is_followed_by_today_s(saved):
    Store(saved).close()
    (daily,) = list_backups(saved)
    yesterday = daily.created - datetime.timedelta(days=1)
    daily.path.rename(daily.path.with_name(
        f"counterdraft-{yesterday.strftime('%Y%m%dT%H%M%S%fZ')}-daily.db"))
    Store(saved).close()
    assert [b.kind for b in list_backups(saved)] == ["daily", "daily"]


def test_a_failed_daily_backup_is_logged_and_does_not_stop_the_app(saved, monkeypatch, caplog):
    def refuse(conn, path, kind):
        raise BackupError("The disk is full.")

    monkeypatch.setattr(backup, "make_backup", refuse)
    with caplog.at_level(logging.WARNING, logger="counterdraft.store"):
        assert deal_names(saved) == ["Acme API"]
    assert "daily backup failed" in caplog.text


def test_a_damaged_database_is_refused_naming_its_latest_backup(saved):
    Store(saved).close()  # makes the daily backup
    (daily,) = list_backups(saved)
    damage(saved)
    damaged = saved.read_bytes()
    with pytest.raises(DamagedDatabase) as caught:
        Store(saved)
    message = str(caught.value)
    assert saved.read_bytes() == damaged  # refused before anything wrote to it
    assert "is damaged" in message and daily.path.name in message and str(backup_folder(saved)) in message
    assert caught.value.path == saved


def test_a_damaged_database_without_backups_says_so(saved):
    damage(saved)
    with pytest.raises(DamagedDatabase, match="No sound backup"):
        Store(saved)


def test_the_command_line_reports_a_damaged_database_with_exit_2(saved, capsys):
    Store(saved).close()
    damage(saved)
    assert cli_main(["--db", str(saved), "demo"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: The Counterdraft database") and str(backup_folder(saved)) in err


def test_restoring_replaces_the_database_and_keeps_the_replaced_one(saved):
    with Store(saved) as store:
        made = make_backup(store._conn, saved, "manual")
        store.create_deal("Made after the backup")
    saved_first = restore_backup(made.path, saved)
    assert deal_names(saved) == ["Acme API"]
    assert saved_first is not None and saved_first.kind == "pre-restore"
    assert sorted(deal_names(saved_first.path)) == ["Acme API", "Made after the backup"]


def test_a_damaged_database_is_restored_and_its_raw_copy_kept(saved):
    Store(saved).close()
    (daily,) = list_backups(saved)
    damage(saved)
    damaged_bytes = saved.read_bytes()
    kept = restore_backup(daily.path, saved)
    assert kept is not None and kept.kind == "damaged" and kept.path.read_bytes() == damaged_bytes
    assert deal_names(saved) == ["Acme API"]
    assert backup.latest_backup(saved) is not None and backup.latest_backup(saved).kind != "damaged"


def test_a_damaged_backup_is_not_restored(saved):
    with Store(saved) as store:
        made = make_backup(store._conn, saved, "manual")
    damage(made.path)
    before = saved.read_bytes()
    with pytest.raises(BackupError, match="damaged"):
        restore_backup(made.path, saved)
    assert saved.read_bytes() == before


def test_a_database_from_a_newer_version_is_refused_at_the_command_line(saved, capsys):
    conn = sqlite3.connect(saved)
    with conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('counterdraft', '9999_future', '2030-01-01')")
    conn.close()
    assert cli_main(["--db", str(saved), "demo"]) == 2
    assert "newer version of Counterdraft" in capsys.readouterr().err
    with pytest.raises(StoreError, match="Update Counterdraft"):
        Store(saved)


def test_a_partial_backup_left_by_a_killed_process_is_ignored_then_cleared(saved):
    import os
    import time

    folder = backup_folder(saved)
    folder.mkdir()
    partial = folder / ".counterdraft-20240101T000000000000Z-daily.db.partial"
    partial.write_bytes(b"half a backup")
    fresh = folder / ".counterdraft-20240101T000001000000Z-daily.db.partial"
    fresh.write_bytes(b"another process is writing this one")
    an_hour_ago = time.time() - 3700
    os.utime(partial, (an_hour_ago, an_hour_ago))
    assert list_backups(saved) == []
    Store(saved).close()
    assert not partial.exists() and fresh.exists()
    assert [b.kind for b in list_backups(saved)] == ["daily"]


def test_opening_unchecked_leaves_the_check_and_the_daily_backup_to_the_caller(saved):
    damage(saved)
    damaged = saved.read_bytes()
    with pytest.raises(DamagedDatabase):
        Store(saved).close()
    # The window's open does not read every page; this damage reaches the schema, which it
    # does read, so it is refused all the same, having written and backed up nothing.
    with pytest.raises(DamagedDatabase):
        Store(saved, check=False).close()
    assert list_backups(saved) == [] and saved.read_bytes() == damaged


def test_the_start_up_care_makes_the_day_s_one_backup_of_a_sound_file(saved):
    with Store(saved, check=False) as store:
        assert list_backups(saved) == []
        assert care_for(saved, threading.Event()) == []  # beside the open connection, as in the window
        assert care_for(saved, threading.Event()) == []
        store.create_deal("Written while the backup was made")
    (daily,) = list_backups(saved)
    assert daily.kind == "daily" and deal_names(daily.path) == ["Acme API"]


def test_the_start_up_care_reports_damage_and_backs_nothing_up(saved):
    damage(saved)
    problems = care_for(saved, threading.Event())
    assert problems and all(isinstance(p, str) for p in problems)
    assert list_backups(saved) == []


def test_a_stopped_start_up_care_reports_nothing_and_leaves_no_backup(saved):
    stop = threading.Event()
    stop.set()
    assert care_for(saved, stop) == []
    assert backup.check_file(saved, stop) == [backup.STOPPED]
    with pytest.raises(BackupError, match="stopped"):
        backup.backup_file(saved, "daily", stop)
    assert list_backups(saved) == [] and not list(backup_folder(saved).glob(".*partial"))


def test_a_database_copy_is_whole_synced_before_its_rename_and_made_while_open(saved, tmp_path, monkeypatch):
    target = tmp_path / "new # folder?" / "100% counterdraft.db"
    synced = []  # for each fsync: was the copy already under its real name?
    real_fsync = backup.os.fsync

    def fsync(handle):
        synced.append(target.exists())
        real_fsync(handle)

    monkeypatch.setattr(backup.os, "fsync", fsync)
    with Store(saved) as store:
        store.create_deal("Not yet checkpointed")  # still in the write-ahead log
        assert backup.copy_database(saved, target) == target
    assert synced[0] is False and synced[-1] is True  # the file before the rename, the folder after
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # one file is the whole copy
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    finally:
        conn.close()
    assert deal_names(target) == ["Acme API", "Not yet checkpointed"]


def test_a_cancelled_or_failed_database_copy_leaves_nothing(saved, tmp_path):
    cancel = threading.Event()
    cancel.set()
    folder = tmp_path / "elsewhere"
    with pytest.raises(Cancelled):
        backup.copy_database(saved, folder / "counterdraft.db", cancel)
    assert list(folder.iterdir()) == []
    with pytest.raises(BackupError, match="could not copy the database"):
        backup.copy_database(tmp_path / "no such.db", tmp_path / "never" / "counterdraft.db")
    assert not (tmp_path / "no such.db").exists() and not (tmp_path / "never").exists()
    (tmp_path / "a file").write_text("not a folder", encoding="utf-8")
    with pytest.raises(BackupError, match="could not copy the database"):
        backup.copy_database(saved, tmp_path / "a file" / "counterdraft.db")


def test_the_data_folder_copy_never_overwrites_a_database(saved, tmp_path):
    target = tmp_path / "taken" / "counterdraft.db"
    target.parent.mkdir()
    target.write_bytes(b"someone else's database")
    with pytest.raises(FolderError, match="will not overwrite"):
        copy_to_folder(saved, target)
    assert target.read_bytes() == b"someone else's database"
    assert copy_to_folder(saved, tmp_path / "free" / "counterdraft.db") == tmp_path / "free" / "counterdraft.db"
