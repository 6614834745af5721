"""Helpers for the redline tests: make small .docx drafts, redline them, read the result back."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import docx

from desktop.core.pipeline import load_draft
from desktop.export.redline import RedlineResult, write_redline
from tests.export.ooxml_walker import W, main_part, texts

DATA = Path(__file__).resolve().parents[1] / "data"
DOCX = DATA / "docx"
PEER = DOCX / "peer"
MARK_TAGS = ("ins", "del", "moveFrom", "moveTo")


def make_docx(path: Path, paragraphs: list[str | tuple[str, str]]) -> Path:
    """Write a .docx with one paragraph per item: a text, or (text, style name)."""
    document = docx.Document()
    for item in paragraphs:
        text, style = (item, None) if isinstance(item, str) else item
        document.add_paragraph(text, style=style)
    document.save(path)
    return path


def redline(a: Path, b: Path, out: Path, **options) -> RedlineResult:
    """Read both drafts and write their redline to `out`."""
    return write_redline(load_draft(a), load_draft(b), out, **options)


def assert_round_trip(out: Path, a: Path, b: Path) -> None:
    """Accept All of `out` reads as B and Reject All as A (the walker, changes in A/B accepted)."""
    assert texts(out, "accept") == texts(b, "accept")
    assert texts(out, "reject") == texts(a, "accept")


def document_root(path: Path) -> ET.Element:
    """Return the parsed main document part of a .docx."""
    with zipfile.ZipFile(path) as archive:
        return ET.fromstring(archive.read(main_part(archive)))


def revision_marks(path: Path) -> list[ET.Element]:
    """Return every w:ins, w:del, w:moveFrom and w:moveTo of the main document part."""
    root = document_root(path)
    return [el for tag in MARK_TAGS for el in root.iter(W + tag)]
