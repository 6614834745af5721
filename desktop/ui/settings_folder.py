"""Changing the data folder: what to ask, and copying the database there safely.

The database in use is never moved or deleted. Changing the folder either copies it there
(desktop.store.backup.copy_database: SQLite's online backup API, fsynced, written under a
temporary name and renamed into place once whole), opens the database already there, or
starts an empty one; the change takes effect the next time Counterdraft starts, and the old
file stays where it was.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from desktop.core.model import UserFacingError
from desktop.store import backup
from desktop.ui.settings import DATABASE_NAME

COPY, OPEN, FRESH = "copy", "open", "fresh"


class FolderError(UserFacingError):
    """The chosen folder already holds a database, which a copy must not overwrite.

    A copy that fails (the disk, the folder) raises desktop.store.backup.BackupError.
    """


@dataclass(frozen=True)
class FolderQuestion:
    """What to ask before switching folders: a title, the text, and the answers offered (value, button words)."""

    title: str
    text: str
    choices: tuple[tuple[str, str], ...]


def question(current_db: Path | None, folder: Path) -> FolderQuestion:
    """Return what to ask the user before the database moves to `folder`."""
    target = folder / DATABASE_NAME
    restart = "The change takes effect the next time you start Counterdraft."
    if target.exists():
        return FolderQuestion(
            "Use the database in this folder?",
            f"There is already a Counterdraft database in {folder}.\n\n{restart} Counterdraft will then "
            "open that database. Your current database is not changed and stays where it is"
            + (f" ({current_db})." if current_db else "."),
            ((OPEN, "Use the database there"),))
    choices = ((COPY, "Copy my deals there"),) if current_db is not None else ()
    return FolderQuestion(
        "Move your data to this folder?",
        f"There is no Counterdraft database in {folder} yet.\n\n"
        + ("Copy my deals there: Counterdraft copies your current database now and uses the copy from "
           f"the next start. The original stays in {current_db.parent} until you delete it.\n\n"
           if current_db is not None else "")
        + f"Start an empty database there: your deals stay in the old folder. {restart}",
        (*choices, (FRESH, "Start an empty database there")))


def copy_database(source: Path, target: Path, cancel: threading.Event | None = None) -> Path:
    """Copy the database at `source` to `target` (which must not exist) as one consistent file.

    The copy is desktop.store.backup.copy_database's: a snapshot even while Counterdraft has
    `source` open, fsynced, and renamed into place only when complete. Setting `cancel`
    stops it with Cancelled, leaving nothing behind.
    """
    if target.exists():
        raise FolderError(f"There is already a database at {target}; Counterdraft will not overwrite it.")
    return backup.copy_database(source, target, cancel)


__all__ = ["COPY", "FRESH", "OPEN", "FolderError", "FolderQuestion", "copy_database", "question"]
