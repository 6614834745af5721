"""A database that has gone, told apart from a first start before SQLite is let near the file.

SQLite takes a 0-byte file for a new, empty database (and deletes the write-ahead log beside
it), so opening one would put an empty database where the user's deals were. The file is
judged here first, from its size and header alone:

- no file and no sound backup of one: a first start (schema.open_database builds the new
  database under a hidden name and renames it into place whole, so Counterdraft itself
  never leaves a 0-byte or half-made database at the real name);
- no file, but a sound backup of it in its backups folder: the database has gone (MISSING);
- a 0-byte file: EMPTY, always;
- a file shorter than its SQLite header counts, with no write-ahead log that could finish
  it: TRUNCATED, always;
- a file that is not SQLite (or is SQLite without Counterdraft's tables) where a sound backup
  of a Counterdraft database lies: FOREIGN. With no backup it is "not a Counterdraft
  database", as any other file is.

`lost_message` says what happened, names the latest sound backup and how to restore it
(`counterdraft restore`, or the window, which offers it).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from desktop.store import backup

MISSING, EMPTY, TRUNCATED, FOREIGN = "missing", "empty", "truncated", "foreign"
_MAGIC = b"SQLite format 3\x00"
_HEADER = 100  # bytes of the SQLite file header


def file_problem(path: Path) -> tuple[str, str] | None:
    """Return (reason, what) when the file at `path` cannot be a sound database, judged from its header.

    None when it may be one, or when there is no file (see `has_gone`). `what` describes the
    file for the message ("0 bytes", "12,288 of the 573,440 bytes its header counts", …).
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError:
        return None  # SQLite then says it cannot open the file
    if not stat.S_ISREG(info.st_mode):
        return FOREIGN, "not a file"
    if info.st_size == 0:
        return EMPTY, "0 bytes"
    try:
        with open(path, "rb") as handle:
            header = handle.read(_HEADER)
    except OSError:
        return None
    if len(header) < _HEADER:
        if _MAGIC.startswith(header[: len(_MAGIC)]):
            return TRUNCATED, f"{len(header)} bytes, less than an SQLite header"
        return FOREIGN, "not an SQLite database"
    if not header.startswith(_MAGIC):
        return FOREIGN, "not an SQLite database"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        return FOREIGN, "not an SQLite database"
    pages = int.from_bytes(header[28:32], "big")
    counted = header[24:28] == header[92:96]  # SQLite trusts the page count only then
    expected = pages * page_size
    if counted and pages and info.st_size < expected and not _has_log(path):
        return TRUNCATED, f"{info.st_size:,} of the {expected:,} bytes its header counts"
    return None


def _has_log(path: Path) -> bool:
    """Return whether a write-ahead log beside the file may hold the pages the file lacks (a checkpoint cut short)."""
    try:
        return os.stat(f"{path}-wal").st_size > 0
    except OSError:
        return False


def has_gone(path: Path) -> backup.Backup | None:
    """Return the latest sound backup of the database at `path` when the file is not there; None otherwise.

    No file and no sound backup is a first start. A file that is there (even a dangling link)
    is judged by `file_problem` and SQLite, not here.
    """
    if os.path.lexists(path):
        return None
    return backup.latest_backup(path) if backup.list_backups(path) else None


def lost_message(path: Path, reason: str, what: str, latest: backup.Backup | None) -> str:
    """Return what to tell the user: what became of the database, and its latest sound backup or that there is none."""
    folder = backup.backup_folder(path).absolute()
    said = {
        MISSING: f"The Counterdraft database ({path}) is missing, though its backups are in {folder}.",
        EMPTY: f"The Counterdraft database ({path}) is empty ({what}), so the deals it held are not in it.",
        TRUNCATED: f"The Counterdraft database ({path}) is cut short ({what}).",
        FOREIGN: f"The file at {path} is not a Counterdraft database ({what}), though Counterdraft's "
                 f"database was there: its backups are in {folder}.",
    }[reason]
    if latest is not None:
        return f"{said} Nothing was changed. {restore_advice(path, latest)}"
    if reason == EMPTY:
        return (f"{said} No sound backup of it was found in {folder}. Nothing was changed; delete the "
                "empty file to start a new database there.")
    return f"{said} No sound backup of it was found in {folder}. Nothing was changed."


def restore_advice(path: Path, latest: backup.Backup) -> str:
    """Return where the latest sound backup is and the two ways to restore it."""
    when = latest.created.astimezone().strftime("%Y-%m-%d %H:%M")
    return (f"Its latest sound backup is {latest.path.absolute()} (from {when}): restore it with "
            f"`counterdraft restore --db {path}`, or start Counterdraft and choose to restore it.")
