"""Small PDFs written byte by byte for the PDF reader's tests: exact positions, fonts and damage.

Text uses the standard Helvetica faces, which every PDF reader knows without embedding, so a
test PDF is a few hundred bytes and says exactly where each line sits. Scanned, encrypted and
hostile variants are made here too.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass

from pypdf import PdfWriter

PAGE_WIDTH, PAGE_HEIGHT = 612, 792


@dataclass(frozen=True)
class Text:
    """One line of text placed on a page: its left edge, baseline, size and weight."""

    text: str
    x: float
    y: float
    size: float = 11.0
    bold: bool = False


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _content(lines: list[Text]) -> bytes:
    parts = []
    for line in lines:
        font = "/F2" if line.bold else "/F1"
        parts.append(f"BT {font} {line.size:g} Tf {line.x:g} {line.y:g} Td ({_escape(line.text)}) Tj ET")
    return "\n".join(parts).encode("cp1252")


def pdf(pages: list[list[Text]], *, extra_catalog: str = "", image_pages: bool = False) -> bytes:
    """Return a PDF whose pages hold the given lines (or, with `image_pages`, only a gray image)."""
    objects: dict[int, bytes] = {}
    count = len(pages)
    kids = " ".join(f"{5 + 2 * n} 0 R" for n in range(count))
    objects[1] = f"<< /Type /Catalog /Pages 2 0 R {extra_catalog}>>".encode()
    objects[2] = f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode()
    objects[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objects[4] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    image = 5 + 2 * count
    if image_pages:
        pixels = zlib.compress(bytes(range(64)) * 64)
        objects[image] = (
            b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /FlateDecode /Length " + str(len(pixels)).encode() + b" >>\nstream\n"
            + pixels + b"\nendstream"
        )
    for number, lines in enumerate(pages):
        page, content = 5 + 2 * number, 6 + 2 * number
        resources = "/Font << /F1 3 0 R /F2 4 0 R >>"
        if image_pages:
            resources += f" /XObject << /Im1 {image} 0 R >>"
            stream = b"q 500 0 0 700 56 46 cm /Im1 Do Q"
        else:
            stream = _content(lines)
        objects[page] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
                         f"/Resources << {resources} >> /Contents {content} 0 R >>").encode()
        objects[content] = b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream"
    return _assemble(objects)


def _assemble(objects: dict[int, bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n")
    xref = out.tell()
    size = max(objects) + 1
    out.write(f"xref\n0 {size}\n0000000000 65535 f \n".encode())
    for number in range(1, size):
        out.write(f"{offsets.get(number, 0):010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def paragraph_lines(words: str, x: float, y: float, *, width: int = 80, pitch: float = 13.0,
                    size: float = 11.0, first_x: float | None = None) -> list[Text]:
    """Return `words` wrapped at `width` characters as lines from baseline `y` down."""
    lines, current = [], ""
    for word in words.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    return [Text(text, first_x if (first_x is not None and n == 0) else x, y - n * pitch, size)
            for n, text in enumerate(lines)]


def encrypted(data: bytes, user_password: str, owner_password: str = "owner") -> bytes:
    """Return `data` re-written with RC4 encryption (which pypdf does without optional libraries)."""
    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_pages(count: int) -> bytes:
    """Return a PDF of `count` empty pages."""
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(PAGE_WIDTH, PAGE_HEIGHT)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
