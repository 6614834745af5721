"""Backups of the Counterdraft database: made with SQLite's backup API, kept in rotation, restored whole.

Backups live in a `backups` folder beside the database, one self-contained SQLite file each,
named `<db stem>-<UTC time>-<kind>.db`. A backup is written to a hidden temporary name and
renamed into place only once complete, so a crash never leaves a half-written backup that
looks real. Each kind keeps only its newest few (`KEEP`). `copy_database` makes the same
kind of copy anywhere else (the window uses it to move the data to a new folder).

This module opens SQLite itself (not through Store) because it must work on a database the
Store refuses: a damaged one, or one the user is about to replace.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.core.model import Cancelled, UserFacingError
from desktop.user_data import backup_folder

# How many backups of each kind are kept: a week of days, the last few migrations and
# deletions of a round or deal, and enough by hand that no user-made backup vanishes soon
# after it is made.
KEEP = {"daily": 7, "pre-migration": 3, "manual": 10, "pre-restore": 3, "damaged": 3, "pre-delete": 5}
KIND_WORDS = {
    "daily": "daily",
    "pre-migration": "before an update",
    "manual": "made by you",
    "pre-restore": "before a restore",
    "damaged": "damaged copy",
    "pre-delete": "before a deletion",
}
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}\d{6}Z)-(?P<kind>[a-z-]+)\.db$")
_STAMP = "%Y%m%dT%H%M%S%fZ"
STOPPED = "the check was stopped"  # check_file's answer when asked to stop


class BackupError(UserFacingError):
    """A backup cannot be made or restored: the disk, the folder, or the backup file is at fault."""


@dataclass(frozen=True)
class Backup:
    """One backup file: where it is, why it was made, when (UTC) and how big it is."""

    path: Path
    kind: str  # a key of KEEP
    created: datetime.datetime  # timezone-aware UTC
    size: int  # bytes

    def describe(self) -> str:
        """Return the backup as a lawyer reads it: local date and time, why, and size."""
        local = self.created.astimezone().strftime("%Y-%m-%d %H:%M")
        return f"{local} — {KIND_WORDS.get(self.kind, self.kind)} — {_size_words(self.size)}"


def _size_words(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(size // 1024, 1)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def list_backups(db_path: Path) -> list[Backup]:
    """Return the backups of the database at `db_path`, newest first."""
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match is None or match["stem"] != db_path.stem or match["kind"] not in KEEP:
            continue
        created = datetime.datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=datetime.timezone.utc)
        found.append(Backup(path, match["kind"], created, path.stat().st_size))
    return sorted(found, key=lambda b: b.created, reverse=True)


def latest_backup(db_path: Path) -> Backup | None:
    """Return the newest backup of the database that SQLite finds sound, or None."""
    return next((b for b in list_backups(db_path) if not check_file(b.path)), None)


SCHEDULE_DAYS = {"daily": 1, "weekly": 7}  # the Settings choices; "off" makes none


def daily_backup_due(db_path: Path, now: datetime.datetime | None = None, *, schedule: str = "daily") -> bool:
    """Return whether the scheduled backup is due: none made today ("daily") or in the last 7 days ("weekly").

    Days are the user's local dates. The "off" schedule is never due.
    """
    days = SCHEDULE_DAYS.get(schedule)
    if days is None:
        return False
    today = (now or datetime.datetime.now(datetime.timezone.utc)).astimezone().date()
    return not any(b.kind == "daily" and (today - b.created.astimezone().date()).days < days
                   for b in list_backups(db_path))


def make_backup(conn: sqlite3.Connection, db_path: Path, kind: str,
                stop: threading.Event | None = None) -> Backup:
    """Return a new backup of the open database `conn` (the file at `db_path`), then rotate.

    The copy is made with SQLite's online backup API, so it is a consistent snapshot even
    with a write-ahead log, and is switched out of WAL mode so the one file is the whole
    backup. Setting `stop` (from another thread) abandons the copy with a BackupError.
    """
    if kind not in KEEP:
        raise ValueError(f"unknown backup kind {kind!r}")
    folder = backup_folder(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        now = datetime.datetime.now(datetime.timezone.utc)
        final = folder / f"{db_path.stem}-{now.strftime(_STAMP)}-{kind}.db"
        _copy_into_place(conn, final, stop)
    except Stopped as error:
        raise BackupError("The backup was stopped before it was complete.") from error
    except (OSError, sqlite3.Error) as error:
        raise BackupError(
            f"Counterdraft could not write a backup to {folder} ({_reason(error)}). Check that "
            "the disk has space and that you may write to that folder."
        ) from error
    rotate(db_path, kind)
    return Backup(final, kind, now, final.stat().st_size)


def backup_file(db_path: Path, kind: str, stop: threading.Event | None = None) -> Backup:
    """Return a new backup of the database file at `db_path`, read through a connection of its own.

    Safe on a worker thread while the GUI thread writes through its own connection: SQLite
    gives the copy a consistent snapshot (restarting it if a write lands between steps).
    """
    try:
        conn = sqlite3.connect(db_path)
    except sqlite3.Error as error:
        raise BackupError(f"Counterdraft could not read the database to back it up ({error}).") from error
    try:
        return make_backup(conn, db_path, kind, stop)
    finally:
        conn.close()


def copy_database(source: Path, target: Path, cancel: threading.Event | None = None) -> Path:
    """Return `target` once it holds a complete, self-contained, fsynced copy of the database at `source`.

    `source` is read through a read-only connection of its own, so the copy is a consistent
    snapshot even while Counterdraft has the database open. The copy is written beside
    `target` under a hidden name and renamed over it only once whole; `target`'s folder is
    created if need be. Setting `cancel` stops the copy with Cancelled, leaving nothing behind.
    """
    try:
        reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            _copy_into_place(reader, target, cancel)
        finally:
            reader.close()
    except Stopped:
        raise Cancelled() from None
    except (OSError, sqlite3.Error) as error:
        raise BackupError(f"Counterdraft could not copy the database to {target.parent} ({_reason(error)}). "
                          "Check that the folder exists, that the disk has space and that you may "
                          "write to it.") from error
    return target


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error)


class Stopped(Exception):
    """Raised from the backup's progress callback when its `stop` event is set."""


# Pages copied per step of a stoppable backup (16 MB of 4 KB pages): few steps, so few chances
# for a concurrent write to restart the copy, yet a stop takes effect within a fraction of a second.
_STEP_PAGES = 4096


def _copy_into_place(conn: sqlite3.Connection, target: Path, stop: threading.Event | None = None,
                     before_replace: Callable[[], None] | None = None) -> None:
    """Copy `conn`'s database to a hidden file beside `target`, then rename it over `target`.

    Every copy of the database (backup, restore, a new data folder) is made here, so none can
    leave a half-written file under a real name. `before_replace` runs once the copy is whole
    and synced, just before the rename. The partial file is removed on any failure.
    """
    partial = target.with_name(f".{target.name}.partial")
    try:
        _write_copy(conn, partial, stop)
        if before_replace is not None:
            before_replace()
        os.replace(partial, target)
        sync_folder(target.parent)
    finally:
        partial.unlink(missing_ok=True)


def _write_copy(conn: sqlite3.Connection, target: Path, stop: threading.Event | None = None) -> None:
    """Write a complete, self-contained, fsynced copy of `conn`'s database to `target`."""
    copy = sqlite3.connect(target)
    try:
        if stop is None:
            conn.backup(copy)
        else:
            def check(status: int, remaining: int, total: int) -> None:
                if stop.is_set():
                    raise Stopped()

            conn.backup(copy, pages=_STEP_PAGES, progress=check)
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def rotate(db_path: Path, kind: str) -> None:
    """Delete the oldest backups of `kind` beyond the number KEEP allows, and stale partial files."""
    of_kind = [b for b in list_backups(db_path) if b.kind == kind]
    for old in of_kind[KEEP[kind]:]:
        old.path.unlink(missing_ok=True)
        Path(f"{old.path}-wal").unlink(missing_ok=True)  # a damaged copy keeps its log beside it
    # A process killed while writing a backup leaves its partial file; an hour on, no live
    # backup is still writing it.
    stale = time.time() - 3600
    for partial in backup_folder(db_path).glob(f".{db_path.stem}-*.partial"):
        if partial.stat().st_mtime < stale:
            partial.unlink(missing_ok=True)


def check_file(path: Path, stop: threading.Event | None = None) -> list[str]:
    """Return what `PRAGMA integrity_check` finds wrong with the database file (empty: sound).

    The full check, not `quick_check`: it also finds an index that no longer matches its
    table, which quick_check passes and a query through the index would get wrong.

    It reads through a read-only connection of its own, so it may run on a worker thread
    while another connection uses the file. Setting `stop` interrupts it: the result is then
    `[STOPPED]`, which says nothing about the file. A file that is empty, cut short or not
    SQLite at all is judged from its header (desktop.store.lost): SQLite is not let near it.
    """
    from desktop.store.lost import file_problem  # lost builds on this module

    problem = file_problem(path)
    if problem is not None:
        return [f"{problem[0]}: {problem[1]}"]
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return [str(error)]
    if stop is not None:
        conn.set_progress_handler(lambda: int(stop.is_set()), 10_000)
    try:
        rows = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as error:
        return [STOPPED] if stop is not None and stop.is_set() else [str(error)]
    finally:
        conn.close()
    problems = [] if rows == ["ok"] else rows
    if "_sqlite_migrations" not in tables:
        problems.append("not a Counterdraft database")
    return problems


def in_use(db_path: Path) -> bool:
    """Return whether another connection (a window, a running command) has the database open.

    Replacing the file under it would lose what it writes next. Asked by taking SQLite's
    exclusive lock for a moment, without waiting; a file SQLite must not be let near (empty,
    cut short: see desktop.store.lost) or cannot read is not open in Counterdraft.
    """
    from desktop.store.lost import file_problem  # lost builds on this module

    if not db_path.is_file() or file_problem(db_path) is not None:
        return False
    try:
        conn = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
        return False
    except sqlite3.Error as error:
        return (getattr(error, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    finally:
        conn.close()


def restore_backup(backup: Path, db_path: Path) -> Backup | None:
    """Replace the database at `db_path` with `backup`; return the backup of what was replaced.

    The caller must have closed every connection to `db_path`. The current database is
    backed up first (a raw copy when SQLite can no longer read it), so a restore can itself
    be undone; then the backup is copied to a temporary file beside the database and renamed
    over it.
    """
    problems = check_file(backup)
    if problems:
        raise BackupError(
            f"The backup {backup.name} is damaged or is not a Counterdraft database, so it was not "
            "restored. Choose an older backup."
        )
    saved = _save_current(db_path) if db_path.exists() else None

    def forget_log() -> None:
        # The old write-ahead log belongs to the old file: it must not be replayed onto the new one.
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)

    try:
        source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        try:
            _copy_into_place(source, db_path, before_replace=forget_log)
        finally:
            source.close()
    except (OSError, sqlite3.Error) as error:
        raise BackupError(f"Counterdraft could not restore the backup ({_reason(error)}).") from error
    return saved


def _save_current(db_path: Path) -> Backup:
    """Return a backup of the database about to be replaced, however damaged it is."""
    if not check_file(db_path):
        return backup_file(db_path, "pre-restore")
    folder = backup_folder(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    target = folder / f"{db_path.stem}-{now.strftime(_STAMP)}-damaged.db"
    for suffix in ("-wal", ""):  # the log beside it, named so SQLite would find it
        source = Path(f"{db_path}{suffix}")
        if source.exists():
            shutil.copyfile(source, f"{target}{suffix}")
    rotate(db_path, "damaged")
    return Backup(target, "damaged", now, target.stat().st_size)
