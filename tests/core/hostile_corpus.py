"""The hostile and broken files of issue 7, each with the behaviour Counterdraft promises for it.

`REFUSED` files must give a plain ReadError whose message holds the given words; `READABLE`
files must import, and their clause texts must hold the given words. Every file is generated
(nothing binary is committed); factories that take a second or more are cached.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.core import hostile


@dataclass(frozen=True)
class Case:
    """One file of the corpus: its name, how to make its bytes, and what must happen."""

    name: str
    make: Callable[[], bytes]
    expect: tuple[str, ...]  # words in the error message (REFUSED) or in the clause texts (READABLE)

    def __str__(self) -> str:
        return self.name


@functools.cache
def _zip_bomb() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return hostile.zip_bomb(Path(folder) / "bomb.docx")


@functools.cache
def _hundred_thousand_entries() -> bytes:
    return hostile.too_many_entries(100_000)


@functools.cache
def _lying_bomb() -> bytes:
    return hostile.lying_zip_bomb(real_megabytes=30, declared=1000)


REFUSED = (
    Case("renamed text.docx", hostile.not_a_zip, ("not a Word document",)),
    Case("truncated.docx", hostile.truncated_zip, ("damaged or incomplete",)),
    Case("no document part.docx", hostile.without_document, ("word/document.xml is missing",)),
    Case("legacy.doc", lambda: hostile.ole_file("WordDocument"), ("old-format Word file",)),
    Case("legacy renamed.docx", lambda: hostile.ole_file("WordDocument"), ("old-format Word file",)),
    Case("password.docx", lambda: hostile.ole_file("EncryptedPackage"), ("password-protected",)),
    Case("zip bomb.docx", _zip_bomb, ("zip bomb",)),
    Case("lying zip bomb.docx", _lying_bomb, ("damaged",)),
    Case("100k entries.docx", _hundred_thousand_entries, ("far more parts",)),
    Case("path traversal.docx", hostile.path_traversal, ("unsafe names",)),
    Case("absolute path.docx", lambda: hostile.path_traversal("/etc/cron.d/evil"), ("unsafe names",)),
    Case("windows path.docx", lambda: hostile.path_traversal("..\\..\\evil.bat"), ("unsafe names",)),
    Case("xxe.docx", hostile.xxe, ("document type declaration",)),
    Case("billion laughs.docx", hostile.billion_laughs, ("document type declaration",)),
    Case("utf16 doctype.docx", hostile.utf16_doctype, ("document type declaration",)),
    Case("malformed.docx", hostile.malformed, ("not valid XML",)),
    Case("zero bytes.docx", lambda: b"", ("The file is empty.",)),
    Case("empty.txt", lambda: b"", ("The file is empty.",)),
    Case("blank.md", lambda: b" \r\n\t\n", ("The file is empty.",)),
    Case("nul bytes.txt", lambda: b"1. Fees\x00\x00\x01 are due.\n\n2. Term\xff\x00\n", ("binary file",)),
    Case("control character.docx", lambda: hostile.docx_bytes(hostile.paragraph("Fees \x01 due")),
         ("not valid XML",)),
    Case("only images.docx", hostile.only_images, ("only pictures",)),
    Case("no text.docx", lambda: hostile.docx_bytes("<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>"),
         ("no text",)),
    Case("nested tables 100.docx", lambda: hostile.nested_tables(100), ("nests tables",)),
    # Issue 23: small Word files that unpack to a great deal, or hide a second body.
    Case("two bodies.docx", hostile.two_bodies, ("two parts under one name",)),
    Case("200 nested insertions.docx", lambda: hostile.nested_changes(200, runs=2_000), ("far more text",)),
    Case("1000 marks on a row.docx", lambda: hostile.row_marks(1_000, 2_000), ("far more text",)),
    Case("1000 unclosed comment ranges.docx", lambda: hostile.unclosed_comment_ranges(1_000, 100),
         ("far more text",)),
    Case("5000 nested insertions.docx", lambda: hostile.nested_changes(5_000), ("more deeply",)),
    Case("50001 paragraphs.docx", lambda: hostile.docx_bytes("<w:p><w:r><w:t>1.</w:t></w:r></w:p>" * 50_001),
         ("more than 50,000 paragraphs",)),
)

READABLE = (
    Case("macros.docm", hostile.docm_with_macros, ("Customer pays the fees.",)),
    Case("utf-16.txt", lambda: "1. Fees. Payable in €.\n\n2. Term. One year.\n".encode("utf-16"),
         ("Payable in €.", "One year.")),
    Case("utf-16 without mark.txt", lambda: "1. Fees. Payable.\n\n2. Term.\n".encode("utf-16-le"),
         ("Payable.",)),
    Case("latin-1.txt", lambda: "1. Frais. Payés à la société.\n\n2. Durée.\n".encode("latin-1"),
         ("Payés à la société.", "Durée")),
    Case("rtl and emoji.docx", hostile.rtl_emoji_docx, tuple(t[3:] for t in hostile.RTL_EMOJI)),
    Case("rtl and emoji.md", lambda: "\n\n".join(hostile.RTL_EMOJI).encode("utf-8"),
         tuple(t[3:] for t in hostile.RTL_EMOJI)),
    Case("only tables.docx", hostile.only_tables, ("Customer pays the fees monthly.", "one year")),
    Case("nested tables 20.docx", lambda: hostile.nested_tables(20), ("Innermost clause.",)),
    Case("broken numbering.docx", hostile.broken_numbering,
         ("Fees are due monthly.", "The term is one year.", "Either party", "Notices go by email.")),
    Case("external references.docx", hostile.external_references, ("Customer pays.",)),
    Case("Contrat révisé — 合同 v2 (final).docx",
         lambda: hostile.docx_bytes(hostile.paragraph("1. Fees. Customer pays.")), ("Customer pays.",)),
    Case("4300-digit list start.docx",
         lambda: hostile.one_list('<w:start w:val="' + "9" * 4_300 + '"/><w:lvlText w:val="%1."/>'),
         ("Clause 0.", "Clause 1.")),
    Case("3000 deleted paragraph marks.docx", lambda: hostile.deleted_marks(3_000), ("x2999end.",)),
    Case("20 unclosed comment ranges.docx", lambda: hostile.unclosed_comment_ranges(20, 100),
         ("Clause 100 of the agreement.",)),
    # Issue 23: Markdown that made the reader's regular expressions quadratic, or recurse too deep.
    Case("emphasis runs.md", lambda: ("1. Fees. " + "*a " * 100_000).encode(), ("*a *a *a",)),
    Case("unclosed comments.md", lambda: ("1. Fees are due.\n\n" + "<!--" * 75_000).encode(), ("<!--<!--",)),
    Case("backticks.md", lambda: ("1. Fees are due " + "`" * 300_000 + " monthly.").encode(), ("Fees are due",)),
    Case("nested quotes.md", lambda: (">" * 5000 + " 1. Fees are due.").encode(), ("Fees are due.",)),
    Case("nested lists.md", lambda: ("- " * 3000 + "Fees are due.").encode(), ("Fees are due.",)),
    Case("invalid utf-8.md",
         lambda: "1. Frais. Payés à la société.\n\n2. Durée. Un an.\n".encode() + b"\n3. Fees \xff due.\n",
         ("Payés à la société.", "Fees \ufffd due.")),
)
