"""Pieces of a Word document that the summary and the comparison write alike: clean text, shaded cells."""

from __future__ import annotations

import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # Word refuses a file holding one


def clean(text: str) -> str:
    """Return `text` without the control characters that XML, and so Word, cannot hold."""
    return _NOT_XML.sub("", text)


def shade(cell, fill: str) -> None:
    """Give a table cell the background colour `fill` ("D9E2F3")."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)
