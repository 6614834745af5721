"""What every command shares: its exit codes, how it opens the database, and (from terminal.py) its printers.

The commands that take --db and --deal open the database and find the deal here, so a
missing database or an unknown deal reads the same whichever command was asked.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.terminal import print_json, print_notes  # what commands print lives in terminal.py
from desktop.core.model import UserFacingError

if TYPE_CHECKING:
    from desktop.store import DealRow, Store

EXIT_OK = 0
EXIT_INPUT = 2  # the input is at fault: one `error: …` line on stderr, the database unchanged
EXIT_INTERRUPTED = 130  # Ctrl+C, as a shell reports it (128 + SIGINT)
# Anything else (an uncaught exception: a bug) exits with Python's 1.


def database_path(args: argparse.Namespace, *, create: bool = True) -> Path:
    """Return the database a command works on: its own --db, the global --db, or the user's database.

    Without `create`, the user's data folder is not made when it is missing.
    """
    from desktop.user_data import default_database_path  # not the store: a path needs no SQLite

    path = getattr(args, "sub_db", None) or args.db
    return Path(path) if path is not None else default_database_path(create=create)


def open_database(args: argparse.Namespace, *, create: bool = False) -> Store:
    """Return the Store of the command's database; without `create`, a missing file is the user's error.

    Only the commands that add to the database (`import`, `demo`) create it, and only where
    no database was: a typo in the --db path of any other command must not leave an empty
    database behind, and a database that has gone (missing with its backups beside it, 0
    bytes, cut short) is never replaced by a new one. The error names its latest sound backup.
    """
    return _open(database_path(args), create=create)


@contextmanager
def open_deal(args: argparse.Namespace) -> Iterator[tuple[Store, DealRow]]:
    """Yield the command's database, opened to read, and its --deal, closing the database after.

    Nothing is written beside the database, so a database in a folder the user may only read
    works (a database an older Counterdraft made is brought up to date first, which writes).
    Raises UserFacingError, naming the deals there are, when the database has no such deal.
    """
    path = database_path(args)
    with _open(path, create=False, read_only=True) as store:
        yield store, find_deal(store, args.deal, path)


def _open(path: Path, *, create: bool, read_only: bool = False) -> Store:
    from desktop.store import OutdatedDatabase, Store
    from desktop.store.schema import refuse_lost

    refuse_lost(path)  # a database that has gone is named as such, with its latest backup
    if not create and not path.is_file():
        raise UserFacingError(f"There is no Counterdraft database at {path}. Check the --db path, or "
                              "create the database with `counterdraft import` or `counterdraft demo`.")
    if read_only:
        try:
            return Store(path, read_only=True)
        except OutdatedDatabase:
            pass  # migrating writes: open it as before
    return Store(path)


def find_deal(store: Store, name: str, path: Path) -> DealRow:
    """Return the deal named `name` (case does not matter); UserFacingError naming the deals there are."""
    deal = store.deal_by_name(name)
    if deal is not None:
        return deal
    create = "counterdraft import --deal NAME --from us|them FILE"
    names = ", ".join(repr(d.name) for d in store.deals())
    if not names:
        raise UserFacingError(f"There is no deal named {name!r} in {path}: it has no deals yet. Create one "
                              f"by importing its first draft ({create}), or the sample deal (counterdraft demo).")
    raise UserFacingError(f"There is no deal named {name!r} in {path}. Its deals are: {names}. Give one "
                          f"of those names to --deal, or create the deal by importing its first draft ({create}).")


__all__ = ["EXIT_INPUT", "EXIT_INTERRUPTED", "EXIT_OK", "database_path", "find_deal", "open_database",
           "open_deal", "print_json", "print_notes"]
