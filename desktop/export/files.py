"""Writing an export file atomically: every export (redline, summary, issues list, matrix) goes through here.

`write_atomically(out, write)` has `write` fill a temporary file in `out`'s own folder, fsyncs
it, and moves it over `out` with os.replace, so a crash, a Cancel or a full disk never leaves
half a file under the user's name (and never spoils the file that was there). Nothing is
written anywhere but `out`'s folder.

The temporary file is created with mode 0666 and the kernel's umask applied, as an editor
creates a file, so the export reads like any other document the user saves (0644 under the
usual umask 022). tempfile.mkstemp would make it private (0600), and reading the umask to
chmod afterwards is not thread-safe (os.umask sets it to read it), and exports run on workers.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Callable
from pathlib import Path

from desktop.core.model import UserFacingError
from desktop.core.work import check_cancel

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


class ExportError(UserFacingError):
    """An export cannot be written: an unknown format, or a folder or file we may not write to."""


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


__all__ = ["ExportError", "write_atomically"]
