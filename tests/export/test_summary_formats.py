"""The summary's other forms (Markdown, HTML/PDF) and the file writing they share: literal text, atomic writes."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import unicodedata
from html.parser import HTMLParser

import docx
import pytest

from desktop.core.model import Cancelled
from desktop.export.files import write_atomically
from desktop.export.summary import ExportError, check_suffix, export_summary
from desktop.export.summary.docx import write_docx
from desktop.export.summary.html import render_html, render_issues_html
from desktop.export.summary.md import escape, render_markdown
from tests.export.summary_sample import HOSTILE, hostile_summary

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


class _Text(HTMLParser):
    """Collects the text of an HTML document and the names of its elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.tags = [], set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_markdown_tables_keep_their_columns_and_text_is_literal():
    markdown = render_markdown(hostile_summary())
    for line in markdown.splitlines():
        if line.startswith("|"):
            # Header, separator and rows of each table: a cell's own pipes are escaped.
            assert len(_UNESCAPED_PIPE.findall(line)) in (3, 5, 8, 9), line
    assert "<script>" not in markdown and "\\<script\\>" in markdown
    assert "\\*bold\\*" in markdown and "\\_u\\_" in markdown
    assert "\\&amp;" in markdown  # would otherwise show as "&"
    assert "\\[link\\]" in markdown


def test_markdown_escaping_is_undone_by_removing_the_backslashes():
    for text in (HOSTILE, "8.1(a) of the *Agreement*", "AT&T & Co", "a\\b"):
        assert re.sub(r"\\(.)", r"\1", escape(text)) == text


def test_markdown_lines_cannot_start_a_list_or_heading():
    data = hostile_summary()
    from dataclasses import replace

    quiet = replace(data.positions[0], first=False, history=(
        replace(data.positions[0].history[0], value=""),))
    lines = render_markdown(replace(data, positions=(replace(quiet, title="1. # - Odd"),))).splitlines()
    paragraph = next(line for line in lines if "Odd" in line and not line.startswith("|"))
    assert paragraph.startswith("1\\.")


def test_html_shows_every_text_literally():
    for page in (render_html(hostile_summary()), render_issues_html(hostile_summary())):
        parser = _Text()
        parser.feed(page)
        assert "script" not in parser.tags
        assert HOSTILE in "".join(parser.text)


def test_qt_reads_the_html_as_the_literal_text(qapp):
    from desktop.qt import QTextDocument

    document = QTextDocument()
    document.setHtml(render_html(hostile_summary()))
    assert HOSTILE in document.toPlainText()


def test_docx_keeps_the_literal_text(tmp_path):
    write_docx(hostile_summary(), tmp_path / "s.docx")
    document = docx.Document(str(tmp_path / "s.docx"))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(HOSTILE in text for text in cells)


def test_pdf_has_numbered_pages_and_the_confidentiality_line(qapp, tmp_path):
    out = tmp_path / "summary.pdf"
    export_summary(hostile_summary(), out)
    assert out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    text = unicodedata.normalize("NFKC", text)  # a font may set "fi" as one ligature glyph
    pages = int(re.findall(r"Page 1 of (\d+)", text)[0])
    assert f"Page {pages} of {pages}" in text
    assert "Privileged & Confidential" in text
    assert "<script>alert('x')</script>" in text


def test_pdf_export_stops_on_cancel_and_leaves_nothing(qapp, tmp_path):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        export_summary(hostile_summary(), tmp_path / "summary.pdf", cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_unknown_suffix_is_the_users_error(tmp_path):
    with pytest.raises(ExportError, match=r"\.docx, \.pdf, \.md, \.xlsx, \.csv"):
        check_suffix(tmp_path / "summary.txt")
    assert check_suffix(tmp_path / "Summary.DOCX") == ".docx"


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    out = tmp_path / "summary.md"
    out.write_text("the version the client has", encoding="utf-8")

    def broken(path):
        path.write_text("half a summ", encoding="utf-8")
        raise RuntimeError("writer bug")

    with pytest.raises(RuntimeError):
        write_atomically(out, broken)
    assert out.read_text(encoding="utf-8") == "the version the client has"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.md"]


def test_an_unwritable_folder_is_the_users_error(tmp_path):
    with pytest.raises(ExportError, match="cannot write into the folder"):
        export_summary(hostile_summary(), tmp_path / "no such folder" / "summary.md")


def test_every_format_replaces_an_existing_file(tmp_path, qapp):
    for suffix in (".docx", ".pdf", ".md", ".xlsx", ".csv"):
        out = tmp_path / f"summary{suffix}"
        out.write_bytes(b"old")
        assert export_summary(hostile_summary(), out) == out
        assert out.read_bytes() != b"old" and out.stat().st_size > 100
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".csv", ".docx", ".md", ".pdf", ".xlsx"]


def test_markdown_emphasis_keeps_the_space_after_it():
    markdown = render_markdown(hostile_summary())
    assert '**Our ask:** \'=HYPERLINK("x")' not in markdown  # the .md is not a spreadsheet: no apostrophe
    assert '**Our ask:** =HYPERLINK("x")' in markdown
    assert "**Fallback:** \\-1 month" not in markdown and "**Fallback:** -1 month" in markdown
