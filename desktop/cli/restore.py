"""`counterdraft restore`: put a backup back in place of the database.

Without BACKUP, the latest sound backup in the database's backups folder: the one an error
about a database that has gone or is damaged names. What it replaces is itself backed up
first (a raw copy when SQLite cannot read it), so a restore can be undone by restoring that.
Refused while another program has the database open, since its next write would be lost.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.output import EXIT_OK, database_path
from desktop.cli.terminal import say
from desktop.core.model import UserFacingError

COMMAND = "restore"


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command's arguments."""
    p = sub.add_parser(COMMAND, help="put the latest sound backup (or BACKUP) back in place of the database",
                       description="Replace the database with a backup from its backups folder: the "
                                   "latest sound one unless BACKUP names another. The database it "
                                   "replaces is backed up first.")
    p.add_argument("--db", dest="sub_db", type=Path, metavar="PATH", help="the database file")
    p.add_argument("backup", nargs="?", type=Path, metavar="BACKUP",
                   help="the backup file to restore (default: the latest sound backup)")


def run(args: argparse.Namespace) -> int:
    """Restore the backup over the database and say what was kept of the one replaced; return 0."""
    from desktop.store import backup

    path = database_path(args, create=False)
    if backup.in_use(path):
        raise UserFacingError(f"The database {path} is open in another program (a Counterdraft window or "
                              "command). Close it, then restore.")
    if args.backup is not None:
        chosen = args.backup
        if not chosen.is_file():
            raise UserFacingError(f"There is no backup file at {chosen}. Give a file from "
                                  f"{backup.backup_folder(path)}, or no BACKUP for the latest sound one.")
    else:
        latest = backup.latest_backup(path)
        if latest is None:
            raise UserFacingError(f"There is no sound backup of {path} in {backup.backup_folder(path)}, "
                                  "so nothing was restored.")
        chosen = latest.path
    saved = backup.restore_backup(chosen, path)
    say(f"Restored {chosen} to {path}.")
    if saved is not None:
        say(f"The database it replaced is kept as {saved.path}.")
    return EXIT_OK
