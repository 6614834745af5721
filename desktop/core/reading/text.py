"""Plain text: guessing a text file's encoding, and splitting it into paragraphs.

The Markdown and PDF readers share `CLAUSE_START`, the test for a line that opens a clause.
"""

from __future__ import annotations

import codecs
import re

from desktop.core.model import CancelFlag, Paragraph, ReadError
from desktop.core.work import Progress, check_cancel

_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# A line that starts a new clause even without a blank line before it: "8.", "8.2", "(a)",
# "a.", "iv)", "Section 9", "ARTICLE IV", "§ 9", or a bullet.
CLAUSE_START = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*[.)](?:\s|$)|\d+(?:\.\d+)+\s|\([A-Za-z0-9]{1,5}\)\s|[A-Za-z][.)]\s"
    r"|[ivxlcIVXLC]{1,6}[.)]\s|(?:Section|SECTION|Article|ARTICLE|Clause|CLAUSE)\s+[0-9IVXLC]+\b"
    r"|§+\s*\d|[•▪◦·*-]\s)"
)
_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n|\f")
REPLACEMENT = "\ufffd"  # what a decoder puts for bytes that are not valid text: "�"
_ASCII = bytes(range(128))
_EVERY = 4096  # lines between looks at the cancel flag


LEGACY_NOTE = (
    "this file is not saved as Unicode (UTF-8), so it was read as Windows-1252 (Western European). "
    "If letters look wrong, open it in a text editor, save it as UTF-8 and import it again."
)


def decode_text(data: bytes) -> str:
    """Return the text of a plain-text or Markdown file (see decode_text_noting)."""
    return decode_text_noting(data)[0]


def decode_text_noting(data: bytes) -> tuple[str, bool]:
    """Return the text of a plain-text or Markdown file, guessing its encoding like an editor does,
    and whether it was read under a legacy encoding (Windows-1252 or Latin-1), not Unicode.

    A byte-order mark decides; without one, text with a zero byte at every other position is
    UTF-16, other zero bytes mean the file is binary, and otherwise UTF-8, then Windows-1252
    (what Word's "Plain Text" export writes on Western Windows), then Latin-1.

    UTF-8 with a few damaged bytes stays UTF-8: when the file's valid multi-byte characters are
    at least as many as its invalid bytes, each invalid byte becomes U+FFFD "�" (as an editor
    shows it; the reader then adds a note saying so) rather than every accented letter turning
    to mojibake ("Ã©") under Windows-1252.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), False
            except UnicodeDecodeError:
                raise ReadError(
                    "The file says it is Unicode text but its contents are damaged. Open it in a "
                    "text editor, save it again as UTF-8, and import it again."
                ) from None
    if b"\x00" in data:
        guessed = _bomless_utf16(data)
        if guessed is None:
            raise ReadError(
                "This file looks like a binary file, not text. If it is a Word document, "
                "give it the .docx extension; otherwise save it as .docx, .md or .txt and import it again."
            )
        return guessed, False
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged, False
    try:
        return data.decode("cp1252"), True
    except UnicodeDecodeError:
        return data.decode("latin-1"), True  # cp1252 leaves five bytes undefined; Latin-1 takes all


def _damaged_utf8(data: bytes) -> str | None:
    """Return `data` decoded as UTF-8 with U+FFFD for its invalid bytes, or None if it is not mostly UTF-8.

    Windows-1252 text almost never holds a valid UTF-8 sequence ("é" is one byte followed by
    plain letters), while UTF-8 text with a stray byte holds many.
    """
    text = data.decode("utf-8", errors="replace")
    invalid = text.count(REPLACEMENT) - data.count(REPLACEMENT.encode("utf-8"))
    valid = len(text) - _ascii_count(data) - invalid
    return text if valid >= invalid else None


def _ascii_count(data: bytes) -> int:
    """Return how many bytes of `data` are ASCII (below 0x80)."""
    return len(data) - len(data.translate(None, _ASCII))


def _bomless_utf16(data: bytes) -> str | None:
    """Return `data` decoded as UTF-16 without a byte-order mark when it clearly is, else None."""
    if len(data) % 2:
        return None
    sample = data[:4096]
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    encoding = None
    if odd_zeros > 0.4 * half and even_zeros == 0:
        encoding = "utf-16-le"
    elif even_zeros > 0.4 * half and odd_zeros == 0:
        encoding = "utf-16-be"
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def read_text_paragraphs(
    text: str, *, cancel: CancelFlag | None = None, progress: Progress | None = None
) -> list[Paragraph]:
    """Return the paragraphs of plain text: blank lines separate them, and so does a clause number.

    Lines inside a paragraph are joined with a space, as a word processor re-flows them,
    except that a line beginning with a clause number ("8.2", "(a)", "Section 9") starts a
    new paragraph. Numbers stay in the text: splitting them off is the clause splitter's job.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks = _BLANK_LINE.split(text)
    paragraphs: list[Paragraph] = []
    lines_read = 0
    for number, block in enumerate(blocks):
        if number % 256 == 0:
            check_cancel(cancel)
        if progress is not None and number % 256 == 0:
            progress(number, len(blocks))
        current: list[str] = []
        for line in block.split("\n"):
            lines_read += 1
            if lines_read % _EVERY == 0:  # a block may be a million lines without a blank one
                check_cancel(cancel)
            line = line.strip()
            if not line:
                continue
            if current and CLAUSE_START.match(line):
                paragraphs.append(Paragraph(index=len(paragraphs), text=" ".join(current)))
                current = []
            current.append(line)
        if current:
            paragraphs.append(Paragraph(index=len(paragraphs), text=" ".join(current)))
    if progress is not None:
        progress(len(blocks), len(blocks))
    return paragraphs
