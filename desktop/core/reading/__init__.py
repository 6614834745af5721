"""Reading a draft file of any supported kind into a Document: Word, PDF, Markdown or plain text.

`read_draft` picks the reader from the file extension: plain text in `text`, Markdown in
`markdown/`, Word in `docx/`, PDF in `pdf/`. Every problem with the user's file becomes a
ReadError whose message says what is wrong and what to do.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import threading
import time
from pathlib import Path

from desktop.core.model import Cancelled, Document, ReadError
from desktop.core.reading.hidden_text import hidden_characters_notes
from desktop.core.reading.limits import check_lengths
from desktop.core.reading.saved_date import saved_date as saved_date  # re-exported: the import dialog's date
from desktop.core.reading.text import LEGACY_NOTE, decode_text_noting, read_text_paragraphs
from desktop.core.reading.text import decode_text as decode_text  # re-exported: tests and tools decode text
from desktop.core.work import Progress

SUPPORTED = (".docx", ".docm", ".pdf", ".md", ".markdown", ".txt")
MAX_TEXT_BYTES = 50 * 1024 * 1024  # a 50 MB text draft is ~8 million words: surely not a contract
MAX_WORD_FILE_BYTES = 200 * 1024 * 1024  # a .docx this large is images or an attack, not a contract
MAX_PDF_FILE_BYTES = 200 * 1024 * 1024  # a PDF this large is scans or an attack, not a contract
# A 2,000-page contract reads in about a second; a file still being read after this long is
# hostile or broken, and the lawyer should not wait on it.
MAX_READ_SECONDS = 120.0
TOO_SLOW = (
    "Reading this file took far longer than any contract should, so Counterdraft stopped. "
    "Open it in Word, save a copy as .docx and import the copy; if that does not help, the "
    "file is damaged."
)

_UNSUPPORTED_HELP = (
    "Counterdraft reads Word (.docx), PDF (.pdf), Markdown (.md) and plain-text (.txt) drafts. "
    "Save the file in one of those formats and import it again."
)
def read_draft(
    path: str | Path,
    data: bytes | None = None,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Document:
    """Return the Document read from `path` (or from `data`, its bytes, when given)."""
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise ReadError(
            "This is an old-format Word file (.doc). Open it in Word and save it as .docx, "
            "then import it again."
        )
    if suffix not in SUPPORTED:
        shown = f"“{suffix}” files" if suffix else "Files without an extension"
        raise ReadError(f"{shown} cannot be read. {_UNSUPPORTED_HELP}")
    if data is None:
        data = read_file_bytes(path)
    if not data:
        raise ReadError("The file is empty.")
    deadline = Deadline(cancel, MAX_READ_SECONDS)
    try:
        document = _read(name, suffix, data, progress, deadline)
    except Cancelled:
        if deadline.expired():
            raise ReadError(TOO_SLOW) from None
        raise
    check_lengths(name, [paragraph.text for paragraph in document.paragraphs])
    notes = hidden_characters_notes(document.paragraphs)
    if notes:
        document = dataclasses.replace(document, warnings=(*document.warnings, *notes))
    return document


class Deadline:
    """A cancel flag that also turns itself on after `seconds`: the readers' parse-time cap.

    The readers already look at their cancel event every few paragraphs; handing them this
    instead stops a parse that runs too long at the same checkpoints.
    """

    def __init__(self, cancel: threading.Event | None, seconds: float) -> None:
        self.cancel = cancel
        self.until = time.monotonic() + seconds

    def expired(self) -> bool:
        """Return whether the time is up (and the user did not cancel)."""
        return not (self.cancel is not None and self.cancel.is_set()) and time.monotonic() > self.until

    def is_set(self) -> bool:
        """Return whether reading should stop: the user cancelled or the time is up."""
        return (self.cancel is not None and self.cancel.is_set()) or time.monotonic() > self.until


def _read(name: str, suffix: str, data: bytes, progress: Progress | None, cancel: Deadline) -> Document:
    """Return the Document of a non-empty file of a supported kind, read by its suffix."""
    if suffix in (".docx", ".docm"):
        from desktop.core.reading import docx as wordml  # imported here: Word reading is the heavier module

        return wordml.read_docx(name, data, progress=progress, cancel=cancel)
    if suffix == ".pdf":
        from desktop.core.reading import pdf as pdf_reading  # imported here: only PDF drafts need pypdf

        return pdf_reading.read_pdf(name, data, progress=progress, cancel=cancel)
    if len(data) > MAX_TEXT_BYTES:
        raise ReadError(
            f"{name} is larger than {MAX_TEXT_BYTES // (1024 * 1024)} MB, which is too big for a "
            "text draft. Check that it is the right file."
        )
    text, legacy = decode_text_noting(data)
    if not text.strip():
        raise ReadError("The file is empty.")
    sha = hashlib.sha256(data).hexdigest()
    # Accented letters read under a guessed encoding may be wrong: the lawyer is told which.
    notes = (LEGACY_NOTE,) if legacy else ()
    if suffix in (".md", ".markdown"):
        from desktop.core.reading.markdown import read_markdown_text  # only Markdown needs it

        paragraphs, title = read_markdown_text(text, cancel=cancel, progress=progress)
        if not title:
            title = next((p.text for p in paragraphs if p.outline_level == 0), "")
        return Document(name=name, kind="md", sha256=sha, paragraphs=tuple(paragraphs), title=title,
                        warnings=notes)
    paragraphs = read_text_paragraphs(text, cancel=cancel, progress=progress)
    return Document(name=name, kind="txt", sha256=sha, paragraphs=tuple(paragraphs), warnings=notes)


def read_file_bytes(path: str | Path) -> bytes:
    """Return the bytes of the draft at `path`, turning file-system failures into plain messages.

    Only an ordinary file is read (a link to one is fine): a pipe would wait for ever and a
    device such as /dev/zero never ends. It is opened without waiting, checked once more
    through the open handle (the name may have been swapped meanwhile), and read through a
    hard byte limit, so a file that grows past its type's limit is refused, not held.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    kind, limit = "text", MAX_TEXT_BYTES
    if suffix in (".docx", ".docm"):
        kind, limit = "Word", MAX_WORD_FILE_BYTES
    elif suffix == ".pdf":
        kind, limit = "PDF", MAX_PDF_FILE_BYTES
    too_big = ReadError(
        f"{path.name} is larger than {limit // (1024 * 1024)} MB, which is too big for a "
        f"{kind} draft. Check that it is the right file."
    )
    try:
        _check_ordinary(path, os.stat(path).st_mode)  # before opening: opening a device can act
        handle = os.open(path, _OPEN_FLAGS)
        try:
            found = os.fstat(handle)
            _check_ordinary(path, found.st_mode)
            if found.st_size > limit:
                raise too_big
            data = _read_at_most(handle, limit, found.st_size)
        finally:
            os.close(handle)
    except FileNotFoundError:
        raise ReadError(f"Cannot find {path.name}. Check that the file still exists and try again.") from None
    except IsADirectoryError:
        raise ReadError(f"{path.name} is a folder, not a file. Choose the draft file itself.") from None
    except PermissionError:
        raise ReadError(
            f"Counterdraft is not allowed to read {path.name}. Check the file's permissions, "
            "or copy it somewhere you can open it, and try again."
        ) from None
    except OSError as error:
        raise ReadError(f"Cannot read {path.name}: {error.strerror or error}.") from None
    if data is None:
        raise too_big
    return data


# Never wait on a pipe while opening it; no line-ending translation (Windows); no controlling tty.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
_CHUNK = 1024 * 1024


def _check_ordinary(path: Path, mode: int) -> None:
    """Refuse anything but an ordinary file: a folder, a pipe, a device or a socket."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(path)
    what = (
        "a named pipe" if stat.S_ISFIFO(mode)
        else "a socket" if stat.S_ISSOCK(mode)
        else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a special file"
    )
    raise ReadError(
        f"{path.name} is {what}, not a saved document, so Counterdraft did not read it. "
        "Choose the draft file itself."
    )


def _read_at_most(handle: int, limit: int, expected: int) -> bytes | None:
    """Return everything an open file holds, or None as soon as it holds more than `limit` bytes.

    The first read asks for the size the file reported plus one byte, so an ordinary file is
    read in one call and one buffer; a file that grew meanwhile is read on in chunks.
    """
    parts: list[bytes] = []
    total = 0
    want = min(expected, limit) + 1
    while chunk := os.read(handle, want):
        parts.append(chunk)
        total += len(chunk)
        if total > limit:
            return None
        want = min(_CHUNK, limit + 1 - total)
    return parts[0] if len(parts) == 1 else b"".join(parts)
