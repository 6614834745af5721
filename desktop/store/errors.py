"""The errors the store raises for what the user's environment did: a locked, full, damaged or lost database.

`plain_errors` turns SQLite's failures of the environment into StoreError (a UserFacingError,
shown as one sentence); any other SQLite error is a bug and goes through. A database that has
gone (desktop.store.lost) is LostDatabase, a kind of DamagedDatabase, so whatever offers the
latest backup of a damaged file offers it for a lost one too.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from desktop.core.model import UserFacingError
from desktop.store import backup, lost


class StoreError(UserFacingError):
    """The database cannot be used as asked: locked, damaged, newer than the app, or a name clash."""


class OutdatedDatabase(StoreError):
    """The database must be brought up to date (migrated), which writes, so it cannot be opened only to read."""


class DamagedDatabase(StoreError):
    """The database fails SQLite's checks; the message names its latest sound backup."""

    def __init__(self, message: str, path: Path | None) -> None:
        super().__init__(message)
        self.path = path


class LostDatabase(DamagedDatabase):
    """The database has gone: missing, emptied, cut short or replaced by another file (desktop.store.lost).

    `reason` is one of lost.MISSING, EMPTY, TRUNCATED, FOREIGN; `backup` is the latest sound
    backup, which the message names (None when there is none).
    """

    def __init__(self, path: Path, reason: str, what: str, latest: backup.Backup | None) -> None:
        super().__init__(lost.lost_message(path, reason, what, latest), path)
        self.reason = reason
        self.backup = latest


def refuse_lost(path: Path) -> None:
    """Raise LostDatabase (or StoreError for a file that never was ours) before SQLite opens `path`.

    Nothing is written: a first start (no file, no backup of one) passes.
    """
    latest = lost.has_gone(path)
    if latest is not None:
        raise LostDatabase(path, lost.MISSING, "", latest)
    problem = lost.file_problem(path)
    if problem is None:
        return
    reason, what = problem
    if reason == lost.FOREIGN:
        raise not_ours(path, what)
    raise LostDatabase(path, reason, what, backup.latest_backup(path))


def not_ours(path: Path | None, what: str = "") -> StoreError:
    """Return the error for a file that is not a Counterdraft database: LostDatabase when one of ours was there."""
    latest = backup.latest_backup(path) if path is not None else None
    if path is not None and latest is not None:
        return LostDatabase(path, lost.FOREIGN, what or "another program's file", latest)
    where = f" ({path})" if path is not None else ""
    return StoreError(f"This file is not a Counterdraft database{where}.")


def plain_error(error: sqlite3.Error, path: Path | None) -> StoreError | None:
    """Return the StoreError a user should see for an environment failure, or None for a bug."""
    where = f" ({path})" if path is not None else ""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF  # primary code, without the extension
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreError(
            f"The Counterdraft database{where} is in use by another program. "
            "Close it (or the other Counterdraft window) and try again."
        )
    if code == sqlite3.SQLITE_NOTADB:
        return not_ours(path, "not an SQLite database")
    if code == sqlite3.SQLITE_CORRUPT:
        return DamagedDatabase(damaged_message(path), path)
    if code == sqlite3.SQLITE_FULL:
        return StoreError("The disk is full, so nothing was saved. Free some space and try again.")
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN,
                sqlite3.SQLITE_IOERR):
        return StoreError(
            f"Counterdraft cannot open or write the database{where}. Check that the folder "
            "exists and that you may write to it."
        )
    return None


@contextmanager
def plain_errors(path: Path | None) -> Iterator[None]:
    """Turn SQLite failures of the environment into StoreError; let every other error through."""
    try:
        yield
    except sqlite3.Error as error:
        plain = plain_error(error, path)
        if plain is None:
            raise
        raise plain from error


_F = TypeVar("_F", bound=Callable)


def user_errors(method: _F) -> _F:
    """Return a Store method with locked, full or damaged databases reported as StoreError."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with plain_errors(self.path):
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def damaged_message(path: Path | None) -> str:
    """Return what to tell the user about a damaged database: where its latest sound backup is."""
    if path is None:
        return "The Counterdraft database in memory is damaged."
    latest = backup.latest_backup(path)
    if latest is None:
        advice = f"No sound backup of it was found in {backup.backup_folder(path)}."
    else:
        advice = lost.restore_advice(path, latest)
    return f"The Counterdraft database ({path}) is damaged. {advice}"
