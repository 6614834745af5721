"""Opening the Counterdraft database: finding, checking and applying the numbered SQL migrations.

The canonical migrations are `db/migrations/NNNN_name.sql` in the source tree. An installed
package (wheel or PyInstaller bundle) carries a copy at `desktop/_migrations/`, which is looked
for first; a source checkout has no such folder and falls back to `db/migrations/`.

A file that has gone (missing with a sound backup beside it, 0 bytes, cut short, another
file in its place) is refused before SQLite opens it (desktop.store.lost); a first start
builds the new database under a hidden name and links it into place whole. Opening an
existing file also runs `PRAGMA quick_check` (a damaged file is refused with the name of its
latest sound backup), or the full `integrity_check` when a backup is about to be made of it,
backs the file up before any pending migration, and makes the day's first backup (see
desktop.store.backup). The window opens with `check=False` and runs the full check and the
daily backup on a worker once it is shown (desktop.ui.startup_care): both read every page of
the file, seconds on years of deals. A pending migration is always checked for first, since it writes.

`read_only=True` opens the file only to read (an export, `counterdraft summary`): nothing is
written to it or beside it (no -wal or -shm file, no backup), so a database in a folder the
user may only read can be exported from. A file that needs migrating raises OutdatedDatabase.

`python -m desktop.store.schema` prints the schema of a freshly migrated database: that is
what `db/schema.sql` holds, and a test checks they agree.
"""

from __future__ import annotations

import glob
import logging
import os
import re
import secrets
import sqlite3
import sys
import time
from contextlib import suppress
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from desktop.store import backup, lost
from desktop.store.errors import (  # re-exported: the rest of the store and its callers import them from here
    DamagedDatabase,
    LostDatabase,
    OutdatedDatabase,
    StoreError,
    damaged_message,
    not_ours,
    plain_error,
    plain_errors,
    refuse_lost,
    user_errors,
)

__all__ = ["DamagedDatabase", "LostDatabase", "OutdatedDatabase", "StoreError", "damaged_message", "find_migrations_dir",
           "load_migrations", "not_ours", "open_database", "plain_error", "plain_errors", "refuse_lost", "schema_sql",
           "split_statements", "user_errors"]

log = logging.getLogger("counterdraft.store")

MIGRATION_SET = "counterdraft"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+$")
# Statements that would end the transaction each migration runs in, breaking its atomicity.
_TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "VACUUM"}
_FTS5_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")


def find_migrations_dir() -> Traversable:
    """Return the folder of numbered .sql migrations: the packaged copy, else the source tree's."""
    packaged = resources.files("desktop").joinpath("_migrations")
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parents[2] / "db" / "migrations"
    if source.is_dir():
        return source
    raise RuntimeError(f"Counterdraft's database migrations are missing (looked in {source}).")


def split_statements(sql: str) -> list[str]:
    """Return the complete SQL statements of a script, in order (trigger bodies kept whole)."""
    statements, current = [], ""
    for piece in sql.split(";"):
        current += piece + ";"
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    # What is left after the last ";" is comments or blank space, never a statement.
    if current.rstrip(";").strip() and _first_keyword(current):
        raise ValueError(f"SQL statement without a closing ';': {current.strip()[:60]!r}")
    return [s for s in statements if _first_keyword(s)]


def _first_keyword(statement: str) -> str:
    """Return the first SQL keyword of a statement, upper-cased, skipping comments."""
    text = re.sub(r"--[^\n]*|/\*.*?\*/", " ", statement, flags=re.DOTALL)
    match = re.match(r"\s*;*\s*([A-Za-z]+)", text)
    return match.group(1).upper() if match else ""


def load_migrations(folder: Traversable) -> list[tuple[str, list[str]]]:
    """Return (name, statements) for each migration file, numbered 0001, 0002, … without gaps."""
    found = sorted((f.name.removesuffix(".sql"), f) for f in folder.iterdir()
                   if f.name.endswith(".sql"))
    migrations = []
    for expected, (name, file) in enumerate(found, start=1):
        match = _MIGRATION_NAME.match(name)
        if not match or int(match.group(1)) != expected:
            raise RuntimeError(f"Migration {name}.sql is misnamed or out of sequence in {folder}.")
        statements = split_statements(file.read_text(encoding="utf-8"))
        for statement in statements:
            if _first_keyword(statement) in _TRANSACTION_CONTROL:
                raise RuntimeError(f"Migration {name}.sql must not control transactions.")
        migrations.append((name, statements))
    if not migrations:
        raise RuntimeError(f"No migrations found in {folder}.")
    return migrations


def _migration_set(migrations: list[tuple[str, list[str]]]) -> Migrations:
    """Return the sqlite-utils migration set running each file's statements in one transaction."""
    steps = Migrations(MIGRATION_SET)
    for name, statements in migrations:

        def run(db: Database, statements: list[str] = statements, name: str = name) -> None:
            # Statement by statement on the open transaction: sqlite3's executescript() would
            # COMMIT first and lose atomicity.
            for statement in statements:
                db.conn.execute(statement)
            # Foreign keys are off while migrating (so a migration may rebuild a table, as
            # SQLite's ALTER TABLE guide says); check them before this migration commits.
            if db.conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                raise RuntimeError(f"Migration {name} leaves broken foreign keys.")

        steps(name=name)(run)
    return steps


def _user_tables(db: Database) -> list[str]:
    """Return the names of tables other than SQLite's and sqlite-utils' own bookkeeping."""
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name <> ?", [Migrations.migrations_table]).fetchall()
    return [name for (name,) in rows]


def _daily_backup(conn: sqlite3.Connection, path: Path) -> None:
    """Make today's backup if none exists yet; a failure is logged, never fatal to opening."""
    if not backup.daily_backup_due(path):
        return
    try:
        backup.make_backup(conn, path, "daily")
    except backup.BackupError as error:
        log.warning("The daily backup failed: %s", error)


def open_database(path: Path | None, *, migrations_dir: Traversable | Path | None = None,
                  timeout: float = 5.0, check: bool = True, read_only: bool = False) -> Database:
    """Return the database at `path` (None: in memory), brought up to the app's schema.

    A file that has gone (missing with a sound backup beside it, empty, cut short, replaced)
    is refused with LostDatabase before SQLite opens it; a new database is built under a
    hidden name and renamed into place whole (`_create`). `check=False` leaves the check and
    the daily backup to the caller, except before a migration: a file about to be migrated is
    always checked and backed up first. The check is `PRAGMA quick_check`, and the full
    `integrity_check` (which also compares every index with its table) whenever a backup is
    about to be made of the file. `read_only` opens the existing file at `path` to read and
    writes nothing, there or beside it (no backup either); OutdatedDatabase when it needs migrating.
    """
    migrations = load_migrations(migrations_dir or find_migrations_dir())
    known = [name for name, _ in migrations]
    if read_only and path is None:
        raise ValueError("an in-memory database cannot be opened read-only")
    created = False
    if path is not None:
        refuse_lost(path)
        if not read_only and not os.path.lexists(path):
            created = _create(path, migrations, timeout)
    with plain_errors(path):
        if read_only and path is not None:
            conn = _connect_read_only(path, timeout)
        else:
            conn = sqlite3.connect(":memory:" if path is None else path, timeout=timeout)
    try:
        with plain_errors(path):
            db = Database(conn, execute_plugins=False)
            db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            steps = _migration_set(migrations)
            applied = [m.name for m in steps.applied(db)]  # the first read of the file
            unknown = [name for name in applied if name not in known]
            if unknown:
                raise StoreError(
                    "This database was made by a newer version of Counterdraft. "
                    "Update Counterdraft to open it."
                )
            if not applied and _user_tables(db):
                raise not_ours(path, "another program's database")
            latest = backup.latest_backup(path) if not applied and path is not None else None
            if path is not None and latest is not None:
                # An SQLite file with nothing in it where a database with backups was.
                raise LostDatabase(path, lost.EMPTY, "no Counterdraft tables", latest)
            pending = bool(applied) and len(applied) < len(known)
            if read_only and len(applied) < len(known):
                raise OutdatedDatabase(f"The Counterdraft database ({path}) was made by an older version "
                                       "of Counterdraft: open it in Counterdraft once to bring it up to date.")
            daily = check and not created and not read_only and path is not None and backup.daily_backup_due(path)
            if path is not None and applied and (check or pending) and not created:  # before anything writes
                _check(conn, path, thorough=pending or daily)
            if read_only:
                db.execute("PRAGMA foreign_keys = ON")
                return db
            if path is not None:
                db.enable_wal()
            if path is not None and pending:
                backup.make_backup(conn, path, "pre-migration")
            db.execute("PRAGMA foreign_keys = OFF")
            steps.apply(db)
            db.execute("PRAGMA foreign_keys = ON")
            if path is not None and daily and applied:
                _daily_backup(conn, path)
    except BaseException:
        conn.close()
        raise
    return db


def _check(conn: sqlite3.Connection, path: Path, *, thorough: bool) -> None:
    """Raise DamagedDatabase unless SQLite finds the file sound; `thorough` also compares indexes with tables."""
    pragma = "integrity_check" if thorough else "quick_check"
    problems = [row[0] for row in conn.execute(f"PRAGMA {pragma}")]
    if problems != ["ok"]:
        log.error("%s of %s: %s", pragma, path, "; ".join(problems[:20]))
        raise DamagedDatabase(damaged_message(path), path)


def _create(path: Path, migrations: list[tuple[str, list[str]]], timeout: float) -> bool:
    """Return True once a new, migrated database is at `path`; False when another program put one there first.

    It is built under a hidden name beside `path`, synced, and linked into place only whole,
    so a process killed while making it leaves no file at `path` (the next start is again a
    first start) rather than an empty one that would look like a database that has gone.
    """
    stale = time.time() - 3600  # a process killed while making one left it; none takes an hour
    for left in path.parent.glob(f".{glob.escape(path.name)}.*.new*"):
        with suppress(OSError):
            if left.stat().st_mtime < stale:
                left.unlink()
    building = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.new")
    try:
        with plain_errors(path):
            conn = sqlite3.connect(building, timeout=timeout)
            try:
                db = Database(conn, execute_plugins=False)
                db.execute("PRAGMA foreign_keys = OFF")
                _migration_set(migrations).apply(db)
            finally:
                conn.close()
        try:
            with open(building, "rb+") as handle:
                os.fsync(handle.fileno())
            os.link(building, path)  # never over a file another program just made
        except FileExistsError:
            return False
        except OSError as error:
            if os.path.lexists(path):
                return False
            try:
                os.replace(building, path)  # a file system without hard links
            except OSError:
                raise StoreError(f"Counterdraft cannot create its database ({path}): {error.strerror or error}. "
                                 "Check that the folder exists and that you may write to it.") from error
        backup.sync_folder(path.parent)
        return True
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{building}{suffix}").unlink(missing_ok=True)


def _connect_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    """Return a connection that reads the database at `path` and writes nothing, there or beside it.

    SQLite reads a database in WAL mode (as ours are) through a -shm file it makes beside it,
    which it cannot in a folder the user may only read. The file is then read as it stands
    (`immutable`): no one can be changing it, since changing it would need the folder too.
    Not when a -wal file is there: it may hold changes the database file does not yet.
    """
    uri = path.absolute().as_uri()  # percent-encodes "?" and "#" in the path
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the first read opens the WAL
        return conn
    except sqlite3.OperationalError as error:
        conn.close()
        code = getattr(error, "sqlite_errorcode", 0) & 0xFF
        if code not in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN) or Path(f"{path}-wal").exists():
            raise
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=timeout)


def schema_sql(db: Database) -> str:
    """Return the app's schema as SQL: what `db/schema.sql` holds for a fresh database."""
    rows = db.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL").fetchall()
    virtual = [name for _, name, _, sql in rows if sql.upper().startswith("CREATE VIRTUAL")]
    shadows = {v + suffix for v in virtual for suffix in _FTS5_SHADOWS}
    order = {"table": 0, "index": 1, "view": 2, "trigger": 3}
    kept = sorted(
        (order[kind], name, sql) for kind, name, table, sql in rows
        if not name.startswith("sqlite_") and name not in shadows
        and table != Migrations.migrations_table
    )
    header = "-- The schema of a freshly migrated Counterdraft database.\n" \
             "-- Generated by `python -m desktop.store.schema > db/schema.sql`; do not edit.\n\n"
    return header + "".join(f"{sql};\n\n" for _, _, sql in kept).rstrip("\n") + "\n"


if __name__ == "__main__":
    database = open_database(None)
    sys.stdout.write(schema_sql(database))
    database.close()
