"""What a client would notice in the summary: internal ids, words broken in table headers, pages, file properties."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace

import docx
import openpyxl
import pytest

from desktop.core.model import Clause
from desktop.export.summary import export_summary
from desktop.export.summary.data import clause_name
from desktop.export.summary.layout import Table, summary_blocks
from desktop.export.summary.widths import CELL_PADDING_PT, TEXT_WIDTH_PT, fit_widths, word_width
from desktop.store import Store
from tests.export.summary_sample import sample_summary

CLAUSE_ID = re.compile(r"\bc\d+\b")  # how the store names clauses ("c3"): never for a client's eyes
FORMATS = (".docx", ".pdf", ".md", ".xlsx", ".csv")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """Return the sample deal's summary data, for a client named in Settings and an author."""
    store = Store(tmp_path_factory.mktemp("db") / "deal.db")
    data = replace(sample_summary(store), client="Northwind Health", author="Jane Lawyer")
    yield data
    store.close()


def _text(path) -> str:
    """Return all the text a reader of the file sees (None for a PDF without pdftotext)."""
    suffix = path.suffix
    if suffix in (".md", ".csv"):
        return path.read_text(encoding="utf-8-sig")
    if suffix == ".docx":
        with zipfile.ZipFile(path) as package:
            return " ".join(re.sub(r"<[^>]+>", " ", package.read(name).decode("utf-8"))
                            for name in package.namelist() if name.endswith(".xml"))
    if suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path).active
        return " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_a_clause_without_number_or_heading_is_cited_by_its_first_words():
    bare = Clause(id="c3", label="", number="", heading="", level=1, parent=None,
                  text="To use this Agreement, the parties sign a Cover Page that refers to it.")
    assert clause_name(bare) == "“To use this Agreement, the…”"
    assert clause_name(replace(bare, text="")) == "an untitled clause"
    assert clause_name(replace(bare, heading="Definitions")) == "Definitions"
    assert clause_name(replace(bare, number="8.1(a)", heading="Caps")) == "8.1(a)"


def test_no_internal_clause_id_reaches_any_format(sample, qapp, tmp_path):
    # Round 3 of the sample deal deletes clauses with no number or heading: they used to read "c3 (deleted)".
    round_3 = next(r for r in sample.rounds if r.round_no == 3)
    assert any(name.startswith("“") and name.endswith("(deleted)") for name in round_3.touched)
    for suffix in FORMATS:
        out = export_summary(sample, tmp_path / f"summary{suffix}")
        if suffix == ".pdf" and shutil.which("pdftotext") is None:
            continue
        text = _text(out)
        assert "(deleted)" in text or suffix in (".xlsx", ".csv")
        assert not CLAUSE_ID.findall(text), (suffix, CLAUSE_ID.findall(text)[:5])


def test_the_parties_line_names_our_client_and_the_counterparty(sample):
    assert sample.parties == ("Between Northwind Health (customer / licensee) and Sample Vendor, Inc. "
                              "(vendor / licensor)")
    unnamed = replace(sample, client="")
    assert unnamed.parties == "Customer / licensee: (not set) · Vendor / licensor: Sample Vendor, Inc."
    assert replace(unnamed, our_side="vendor").parties == (
        "Vendor / licensor: (not set) · Customer / licensee: Sample Vendor, Inc.")


def _tables(data) -> list[Table]:
    return [block for block in summary_blocks(data) if isinstance(block, Table)]


def test_every_header_word_fits_its_column(sample):
    for table in _tables(sample):
        for share, title in zip(table.widths, table.header):
            for word in title.split():
                assert share * TEXT_WIDTH_PT >= word_width(word, bold=True) + CELL_PADDING_PT - 0.01, (
                    table.header, word)
        assert sum(table.widths) == pytest.approx(1.0)


def test_fitting_widens_narrow_columns_and_keeps_the_others_in_proportion():
    widths = fit_widths((0.05, 0.05, 0.45, 0.45), ("#", "Substantive", "Notes", "Notes"), [])
    assert widths[1] * TEXT_WIDTH_PT >= word_width("Substantive", bold=True) + CELL_PADDING_PT - 0.01
    assert word_width("#", bold=True) + CELL_PADDING_PT <= widths[0] * TEXT_WIDTH_PT < 0.05 * TEXT_WIDTH_PT
    assert widths[2] == pytest.approx(widths[3])
    assert sum(widths) == pytest.approx(1.0)


def test_docx_header_cells_are_as_wide_as_their_words(sample, tmp_path):
    document = docx.Document(str(export_summary(sample, tmp_path / "s.docx")))
    for table in document.tables:
        for cell in table.rows[0].cells:
            width_pt = cell.width.pt
            for word in cell.text.split():
                assert width_pt >= word_width(word, bold=True) + CELL_PADDING_PT - 0.5, (cell.text, width_pt)


def _pdf_header_lines(document):
    """Yield (header text, its laid-out lines) for every header cell of every table of a laid-out document."""
    from desktop.qt import QTextTable

    frames = document.rootFrame().begin()
    while not frames.atEnd():
        table = frames.currentFrame()
        if isinstance(table, QTextTable) and table.format().headerRowCount():
            for column in range(table.columns()):
                block = table.cellAt(0, column).firstCursorPosition().block()
                layout = block.layout()
                text = block.text()
                yield text, [text[layout.lineAt(n).textStart():][:layout.lineAt(n).textLength()]
                             for n in range(layout.lineCount())]
        frames += 1


def test_pdf_header_cells_break_only_between_words(sample, qapp):
    from desktop.export.summary.html import render_html
    from desktop.qt import QSizeF, QTextDocument

    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setHtml(render_html(sample))
    document.setPageSize(QSizeF(6.9 * 96, 9.2 * 96))
    document.pageCount()
    seen = 0
    for text, lines in _pdf_header_lines(document):
        seen += 1
        words = text.split()
        assert [w for line in lines for w in line.split()] == words, (text, lines)
    assert seen > 20


def test_no_heading_or_table_header_is_left_at_a_page_foot(sample, qapp, tmp_path):
    """Shift the pages through many offsets: after keep_together no heading ends a page without its content."""
    from desktop.export.summary.html import render_html
    from desktop.export.summary.pages import first_problem, keep_together
    from desktop.qt import QSizeF, QTextDocument

    html = render_html(sample)
    for offset in range(0, 40, 3):
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setHtml(html.replace("<body>", "<body>" + "<p>padding</p>" * offset, 1))
        document.setPageSize(QSizeF(6.9 * 96, 9.2 * 96))
        keep_together(document)
        assert first_problem(document) is None, offset


def test_docx_properties_are_the_documents_own(sample, tmp_path):
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    out = export_summary(sample, tmp_path / "s.docx")
    properties = docx.Document(str(out)).core_properties
    assert properties.title == sample.title
    assert properties.author == properties.last_modified_by == "Jane Lawyer"
    assert before - datetime.timedelta(seconds=1) <= properties.created <= before + datetime.timedelta(minutes=5)
    assert properties.modified == properties.created
    with zipfile.ZipFile(out) as package:
        names = package.namelist()
        app = package.read("docProps/app.xml").decode("utf-8")
        settings = package.read("word/settings.xml").decode("utf-8")
    assert "<Application>Counterdraft</Application>" in app
    assert "Microsoft" not in app and "Template" not in app
    assert not [name for name in names if "thumbnail" in name or name.startswith("customXml")]
    assert "w:rsid" not in settings and "docId" not in settings


def test_without_an_author_the_docx_names_the_person_logged_in(sample, tmp_path, monkeypatch):
    import desktop.export.summary.data as data_module

    monkeypatch.setattr(data_module, "os_user_name", lambda: "Ada Counsel")
    store = Store(tmp_path / "deal.db")
    try:
        data = sample_summary(store)
    finally:
        store.close()
    assert data.author == "Ada Counsel"


def test_pdf_properties_name_the_title_author_and_creator(sample, qapp, tmp_path):
    out = export_summary(sample, tmp_path / "s.pdf")
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Title"].strip() == sample.title
    assert fields["Author"].strip() == "Jane Lawyer"
    assert fields["Creator"].strip() == "Counterdraft"
