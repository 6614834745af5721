"""Reading a text-based PDF draft into a Document, through pypdf (pure Python, BSD licence).

Why pypdf: it is well kept, pure Python (nothing to compile for the installers), and its text
visitor reports each run of text with its position and font, which is all paragraph recovery
needs (see `pdf_lines` and `pdf_paragraphs`). It interprets page content only: it never runs
a PDF's JavaScript, opens its links or fetches anything, and neither does this module.

Every problem becomes a ReadError in plain words: not a PDF, damaged, password-protected,
scanned (no text layer), or too long. A parse that runs past the time cap stops at the next
text run (the `cancel` handed in is read_draft's Deadline).

Encrypted PDFs: most are locked only against printing or copying, with an empty password to
open them, and read as usual. AES (the cipher of every recent PDF writer) needs the
`cryptography` package, a dependency; an installation without it says so in plain words.
"""

from __future__ import annotations

import hashlib
import io
import logging

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from desktop.core.model import CancelFlag, Cancelled, Document, ReadError
from desktop.core.reading.pdf.lines import Line, PageLines, drop_running_lines
from desktop.core.reading.pdf.paragraphs import build_paragraphs
from desktop.core.work import Progress, check_cancel

MAX_PDF_PAGES = 2000  # the longest contracts run to a few hundred pages
MAX_PDF_FILE_BYTES = 200 * 1024 * 1024  # the same cap as a Word file
# A page with fewer visible characters than this has no text layer worth reading: a scan,
# perhaps with a stray OCR'd page number.
_MIN_PAGE_CHARS = 20

SCANNED = (
    "This PDF has no text layer (it looks scanned). Run it through OCR, or import the Word "
    "version, and try again."
)
_DAMAGED = (
    "This PDF is damaged and cannot be read. Open it in a PDF viewer and save or print it to a "
    "new PDF, or import the Word version, and try again."
)
_PROTECTED = (
    "This PDF is password-protected. Open it, remove the password (or print it to a new PDF), "
    "and import it again."
)
LOCKED_OTHERWISE = (
    "This PDF is locked with a certificate or a kind of encryption Counterdraft cannot open. Open it "
    "in a PDF viewer, print it to a new PDF, and import that."
)
NO_AES = (
    "This PDF is encrypted with AES, and this installation of Counterdraft cannot decrypt AES (the "
    "Python package cryptography is missing). Reinstall Counterdraft, or open the PDF in a viewer, "
    "print it to a new PDF, and import that."
)

# pypdf reports the damage it reads around through logging; without a handler Python would
# print those notes on stderr, under the CLI's one-line error. The app's own log still gets them.
logging.getLogger("pypdf").addHandler(logging.NullHandler())
# Why a PDF was called damaged goes to the app's log (the window's file handler takes INFO; the
# CLI has none, and INFO never reaches Python's last-resort stderr handler).
log = logging.getLogger("counterdraft.reading")


def read_pdf(
    name: str,
    data: bytes,
    *,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> Document:
    """Return the Document of a text-based PDF, its paragraphs recovered from the text layer."""
    if len(data) > MAX_PDF_FILE_BYTES:
        raise ReadError(
            f"{name} is larger than {MAX_PDF_FILE_BYTES // (1024 * 1024)} MB, which is too big for a "
            "PDF draft. Check that it is the right file."
        )
    if b"%PDF-" not in data[:1024]:
        raise ReadError(
            "This file is not a PDF, even though its name ends in .pdf. Check that it is the right "
            "file, or save the draft as .docx and import that."
        )
    try:
        reader = _open(data)
        pages = _read_pages(reader, progress, cancel)
    except (Cancelled, ReadError):
        raise
    except DependencyError:
        # An AES-128 PDF opens with RC4 and MD5 alone, and needs AES only for its first string.
        raise ReadError(NO_AES) from None
    except Exception as error:  # noqa: BLE001 - the reason goes to the log, the user gets a plain message
        # pypdf parses hostile bytes, and its parser raises whatever a broken object provokes:
        # its own errors, but also ValueError, KeyError, zlib.error, struct.error, LookupError,
        # RecursionError, NotImplementedError... none of which is the user's to read.
        log.info("pypdf could not read %s: %r", name, error)
        raise ReadError(_DAMAGED) from None
    empty = [number for number, lines in enumerate(pages, 1) if _chars(lines) < _MIN_PAGE_CHARS]
    if len(empty) == len(pages):
        raise ReadError(SCANNED)
    body = drop_running_lines(pages)
    paragraphs = build_paragraphs(body, check=lambda: check_cancel(cancel))
    warnings: list[str] = []
    if empty:
        warnings.append(f"{_pages_phrase(empty)} no text layer (scanned?) and {'was' if len(empty) == 1 else 'were'} "
                        "skipped: check them against the original.")
    title = next((p.text for p in paragraphs if p.outline_level == 0), "")
    return Document(
        name=name, kind="pdf", sha256=hashlib.sha256(data).hexdigest(), paragraphs=tuple(paragraphs),
        title=title, warnings=tuple(warnings),
    )


def _open(data: bytes) -> PdfReader:
    """Return a pypdf reader of `data`, unlocked when it is only owner-protected."""
    # Many PDFs are encrypted only to restrict printing or copying, with an empty password to
    # open them; those read as usual (pypdf's reader tries the empty password itself). A real
    # password, a certificate, or a cipher this installation cannot do is refused in plain words.
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        opened = not reader.is_encrypted or bool(reader.decrypt(""))
    except DependencyError:  # AES-256 checks even the empty password with AES
        raise ReadError(NO_AES) from None
    except FileNotDecryptedError:
        raise ReadError(_PROTECTED) from None
    except NotImplementedError:
        # pypdf knows only the standard (password) security handler and its V1-V5 ciphers.
        if b"/Encrypt" in data:
            raise ReadError(LOCKED_OTHERWISE) from None
        raise
    if not opened:
        raise ReadError(_PROTECTED)
    count = len(reader.pages)
    if count > MAX_PDF_PAGES:
        raise ReadError(
            f"This PDF has {count:,} pages; Counterdraft reads drafts of up to {MAX_PDF_PAGES:,} pages. "
            "Check that it is the right file, or split it and import the contract itself."
        )
    if count == 0:
        raise ReadError("The PDF has no pages.")
    return reader


def _read_pages(reader: PdfReader, progress: Progress | None, cancel: CancelFlag | None) -> list[list[Line]]:
    """Return the lines of every page, checking for cancel (and the time cap) as it goes."""
    pages: list[list[Line]] = []
    total = len(reader.pages)
    for number, page in enumerate(reader.pages):
        check_cancel(cancel)
        if progress is not None:
            progress(number, total)
        collector = PageLines(number, float(page.mediabox.width), float(page.mediabox.height))

        def visit(text: str, cm: list[float], tm: list[float], font: dict | None, size: float,
                  collector: PageLines = collector) -> None:
            check_cancel(cancel)
            collector.visit(text, cm, tm, font, size)

        page.extract_text(visitor_text=visit)
        pages.append(collector.finish())
    if progress is not None:
        progress(total, total)
    return pages


def _chars(lines: list[Line]) -> int:
    """Return how many visible characters a page's lines hold."""
    return sum(len(line.text.replace(" ", "")) for line in lines)


def _pages_phrase(numbers: list[int]) -> str:
    """Return "Page 3 has" or "Pages 3, 4 and 9 have" for a warning."""
    if len(numbers) == 1:
        return f"Page {numbers[0]} has"
    shown = [str(n) for n in numbers[:10]] + (["…"] if len(numbers) > 10 else [])
    return f"Pages {', '.join(shown[:-1])} and {shown[-1]} have"
