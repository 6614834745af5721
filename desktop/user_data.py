"""Where the user's own data lives: the database's default place, and its backups beside it.

Kept apart from desktop.store so that a command which only needs the path (a redline refusing
to write over the database) does not load the database code to learn it.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs


def default_database_path(*, create: bool = True) -> Path:
    """Return where the user's database lives, creating its folder (unless not `create`)."""
    folder = Path(platformdirs.user_data_dir("Counterdraft", appauthor=False))
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder / "counterdraft.db"


BACKUPS = "backups"  # the folder beside the database that holds its backups


def backup_folder(db_path: Path) -> Path:
    """Return the folder that holds the backups of the database at `db_path`."""
    return db_path.parent / BACKUPS
