"""Open original: a round's file, exactly as imported, opened in the program the desktop uses for it.

The action (Deal menu and the Rounds table's menu, record_corrections.install) opens it through
the window's export hooks (`open_file`), which tests replace with a recorder.

The store keeps the bytes; opening them needs a file. Each round's copy goes in a folder of its
own inside one private temporary folder (readable by the user only), under the file's own
name, and is made read-only: it is the record of what was received, so an edit belongs in a
copy the lawyer saves elsewhere. The folder goes when the app quits, since the drafts are
privileged client material.
"""

from __future__ import annotations

import atexit
import shutil
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.model import UserFacingError
from desktop.ui.exporting import safe_file_name

if TYPE_CHECKING:
    from desktop.ui.window_context import WindowContext

_FOLDER: Path | None = None


def originals_folder() -> Path:
    """Return this run's private folder for opened originals, making it (and its clean-up) once."""
    global _FOLDER
    if _FOLDER is None or not _FOLDER.is_dir():
        _FOLDER = Path(tempfile.mkdtemp(prefix="counterdraft-originals-"))  # mode 0700
        atexit.register(remove_folder, _FOLDER)
    return _FOLDER


def remove_folder(folder: Path) -> None:
    """Remove a folder of opened originals, read-only files and all (what is still open may stay)."""
    # Read-only files cannot be deleted on Windows: make them writable first. A file the
    # program showing it still holds open stays, for the system's temporary clean-up.
    for path in sorted(folder.rglob("*"), reverse=True):
        try:
            path.chmod(stat.S_IRWXU)
            path.rmdir() if path.is_dir() else path.unlink()
        except OSError:
            pass
    shutil.rmtree(folder, ignore_errors=True)


def original_copy(folder: Path, draft_id: int, round_no: int, file_name: str, data: bytes) -> Path:
    """Return the read-only copy of a round's file in `folder`, written unless an identical one is there."""
    name = safe_file_name(Path(file_name).name) or f"round {round_no}"
    place = folder / f"round-{round_no}-{draft_id}"
    place.mkdir(mode=0o700, exist_ok=True)
    path = place / name
    if path.is_file() and path.read_bytes() == data:
        return path  # opened before: the program showing it may still hold it
    if path.exists():
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    with open(path, "wb") as out:
        out.write(data)
    path.chmod(stat.S_IRUSR)
    return path


def open_original(window: WindowContext) -> None:
    """Open the selected round's file, exactly as imported, in the program the desktop uses for it."""
    row = window.deal_view.current_round
    if row is None:
        window.show_status("Select a round in the Rounds table first.")
        return
    try:
        data = window.store.original(row.id)
        path = original_copy(originals_folder(), row.id, row.round_no, row.file_name, data)
    except UserFacingError as error:
        window.report_record_error(error)
        return
    except OSError as error:
        window.prompts.warn("The original could not be opened",
                            f"Counterdraft could not write a copy of {row.file_name} to open: {error.strerror or error}.")
        return
    if window.export_hooks.open_file(path):
        window.show_status(f"Opened {row.file_name} (round {row.round_no}) as imported, read-only: save a copy "
                           "to change it.")
    else:
        window.prompts.warn("The original could not be opened",
                            f"No program on this computer opened {row.file_name}. A read-only copy is at {path}.")
