"""Writing an export file atomically: every export (redline, summary, issues list, matrix) goes through here.

`write_atomically(out, write)` has `write` fill a temporary file in `out`'s own folder, fsyncs
it, and moves it over `out` with os.replace, so a crash, a Cancel or a full disk never leaves
half a file under the user's name (and never spoils the file that was there). Nothing is
written anywhere but `out`'s folder.

The temporary file is created with mode 0666 and the kernel's umask applied, as an editor
creates a file, so the export reads like any other document the user saves (0644 under the
usual umask 022). tempfile.mkstemp would make it private (0600), and reading the umask to
chmod afterwards is not thread-safe (os.umask sets it to read it), and exports run on workers.

`refuse_overwriting(out, inputs, database=…)` is the one check, made before anything is read,
that an export never lands on what the user gave us: a draft it is made from, the database
(or the files SQLite keeps beside it), a link to either, or a folder.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from desktop.core.model import UserFacingError
from desktop.core.work import check_cancel

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


class ExportError(UserFacingError):
    """An export cannot be written: an unknown format, or a folder or file we may not write to."""


# The files SQLite keeps beside a database (its write-ahead log, shared memory, rollback
# journal): an export written over one of them spoils the database as surely as over it.
DATABASE_SIBLINGS = ("-wal", "-shm", "-journal")
# An existing file larger than this is not hashed to compare it with the drafts' originals.
_HASH_LIMIT = 256 * 1024 * 1024


def same_file(a: Path, b: Path) -> bool:
    """Return whether `a` and `b` name one file.

    They do when their paths agree once every link (of the file or of a folder above it) is
    resolved, or, when both exist, when they are the same file on disk: two hard links, or
    two spellings of one name on a disk that ignores case.
    """
    try:
        if os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b)):
            return True
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # a path that does not exist (samefile), or holds a NUL
        return False


def refuse_overwriting(out: Path, inputs: Iterable[Path] = (), *, database: Path | None = None,
                       originals: Mapping[str, str] | None = None) -> None:
    """Raise ExportError, saying what `out` is and what to do, when an export must not be written there.

    Refused: a folder; any of `inputs` (the files the export is made from); the `database`,
    the files SQLite keeps beside it, or its backups folder; a link, symbolic or hard, to any
    of those; and an existing file whose content is one of `originals` (sha256 → what it is,
    "round 2's draft (acme.docx)"): the window knows its drafts by content, not by path.
    Call it before reading anything, so that a wrong name costs nothing.
    """
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"{out} is a folder. Give the export a file name in it instead.")
    for path in inputs:
        if same_file(out, path):
            raise ExportError(f"Counterdraft will not write the export over {out}: {_how(out, path)} "
                              f"{path}, which the export is made from. Choose another name for the export.")
    if database is not None:
        _refuse_database(out, Path(database))
    if originals:
        digest = _digest(out)
        if digest is not None and digest in originals:
            raise ExportError(f"Counterdraft will not write the export over {out}: it holds "
                              f"{originals[digest]}. Choose another name for the export.")


def _how(out: Path, path: Path) -> str:
    """Return how `out` is the file `path`: "that is", "it is a link to", "it is the same file as"."""
    if out.is_symlink():
        return "it is a link to"
    if os.path.normcase(os.path.realpath(out)) == os.path.normcase(os.path.realpath(path)):
        return "that is"
    return "it is the same file as"  # a hard link


def _refuse_database(out: Path, database: Path) -> None:
    from desktop.user_data import backup_folder  # not from the store: a path needs no SQLite

    if same_file(out, database):
        raise ExportError(f"Counterdraft will not write the export over {out}: {_how(out, database)} the "
                          f"Counterdraft database {database}, which holds every deal. Choose another "
                          "name for the export.")
    for ending in DATABASE_SIBLINGS:
        for beside in (Path(f"{database}{ending}"), Path(f"{os.path.realpath(database)}{ending}")):
            if same_file(out, beside):
                raise ExportError(f"Counterdraft will not write the export over {out}: SQLite keeps that "
                                  f"file beside the Counterdraft database {database}. Choose another name "
                                  "for the export.")
    folder = backup_folder(database)
    if same_file(out.parent, folder):
        raise ExportError(f"Counterdraft will not write the export into {folder}: that folder holds the "
                          "database's backups. Choose another folder for the export.")


def _digest(path: Path) -> str | None:
    """Return the sha256 of the file at `path`, or None when there is none (or it is huge)."""
    try:
        if not path.is_file() or path.stat().st_size > _HASH_LIMIT:
            return None
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def write_atomically(out: Path, write: Callable[[Path], None], *,
                     cancel: threading.Event | None = None) -> Path:
    """Return `out` once `write(temporary path)` filled a file beside it that then replaced `out`.

    Raises ExportError when the folder or the file cannot be written, and Cancelled when
    `cancel` is set by the time `write` returns; either way, and on any other exception,
    `out` is left as it was and no temporary file remains.
    """
    out = Path(out)
    folder = out.parent
    try:
        temporary = _create_beside(out)
    except OSError as error:
        raise ExportError(f"Counterdraft cannot write into the folder {str(folder)!r}: "
                          f"{error.strerror or error}. Choose another folder.") from None
    try:
        write(temporary)
        check_cancel(cancel)
        _sync_file(temporary)
        os.replace(temporary, out)
    except OSError as error:
        raise ExportError(f"Counterdraft cannot write {out.name!r}: {error.strerror or error}. "
                          "Close the file if another program has it open, or choose another "
                          "folder.") from None
    finally:
        temporary.unlink(missing_ok=True)  # after the replace there is nothing left to remove
    _sync_folder(folder)
    return out


def _create_beside(out: Path) -> Path:
    """Return a new, empty, hidden file in `out`'s folder, created with the umask's mode."""
    for _ in range(100):
        temporary = out.with_name(f".{out.stem}.{secrets.token_hex(4)}{out.suffix}.part")
        try:
            os.close(os.open(temporary, _CREATE, 0o666))
        except FileExistsError:
            continue
        return temporary
    raise FileExistsError(f"no free temporary name beside {out.name}")


def _sync_file(path: Path) -> None:
    """Flush `path`'s contents to the disk (Windows only syncs a handle opened for writing)."""
    handle = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _sync_folder(folder: Path) -> None:
    """Make the rename in `folder` durable (POSIX; Windows has no directory handles to sync).

    The file is already complete and in place: a file system that cannot sync a directory
    (some network shares answer EINVAL) costs only the rename's durability, not the export.
    """
    if os.name != "posix":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # see the docstring: the export itself succeeded
    finally:
        os.close(handle)


__all__ = ["DATABASE_SIBLINGS", "ExportError", "refuse_overwriting", "same_file", "write_atomically"]
