"""Clause text and deal names holding HTML, <script>, &entities; and bidi overrides are written
literally into every export: the summary (Markdown, Word, its HTML preview, the issues list in
Excel and CSV) and the Word redline."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from desktop.cli import main as cli_main
from desktop.core.pipeline import load_draft
from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.export.redline import write_redline
from desktop.export.summary import export_summary
from desktop.export.summary.data import build_summary
from desktop.export.summary.html import render_html, render_issues_html
from desktop.qt import QTextDocument
from desktop.store import Store
from tests.export.ooxml_walker import texts

DEAL = "<b>Acme</b> &amp; <i>Co</i>"
RLO = "\u202e"
CLAUSE = (f"Vendor's total liability is capped at <b>12 months</b> of fees <script>alert('x')</script> "
          f"paid; {RLO}001$ &amp; &lt;b&gt; stay literal.")
REASON = "=HYPERLINK(\"http://example.invalid\",\"x\") <script>alert('x')</script> &amp; agreed"
ROUND_ONE = f"1. Limitation of Liability\n\n{CLAUSE}\n\n2. Term\n\nThe term is one year.\n"
ROUND_TWO = ROUND_ONE.replace("12 months", "24 months")
LITERALS = ("<script>alert('x')</script>", "<b>24 months</b>", "&amp; &lt;b&gt;", RLO)


@pytest.fixture(scope="module")
def deal(tmp_path_factory):
    """Return (database, round files, summary data) of a deal whose clauses hold markup."""
    folder = tmp_path_factory.mktemp("hostile-deal")
    db = folder / "deals.db"
    files = []
    for n, text in enumerate((ROUND_ONE, ROUND_TWO), start=1):
        path = folder / f"round {n}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
        assert cli_main(["import", "--db", str(db), "--deal", DEAL, "--from", "them", str(path)]) == 0
    with Store(db) as store:
        deal_id = store.deal_by_name(DEAL).id
        key = next(p.key for p in store.deal_positions(deal_id) if "liability" in p.key)
        store.set_status(deal_id, key, store.rounds(deal_id)[-1].id, "compromise", REASON)
        data = build_summary(store, store.deal_by_name(DEAL).id, store.playbook(load_playbook(default_playbook_path())))
    return db, files, data


def html_shows(html: str) -> str:
    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText()


def test_the_summary_preview_shows_the_text_literally(deal, qapp):
    _, _, data = deal
    shown = html_shows(render_html(data))
    assert DEAL in shown
    for literal in LITERALS:
        assert literal in shown
    assert REASON in html_shows(render_issues_html(data))


def test_the_markdown_summary_escapes_markup_so_it_reads_literally(deal, tmp_path):
    _, _, data = deal
    out = export_summary(data, tmp_path / "summary.md")
    markdown = Path(out).read_text(encoding="utf-8")
    assert "<script>" not in markdown and "<b>" not in markdown  # a Markdown viewer would run them
    unescaped = re.sub(r"\\(.)", r"\1", markdown)
    assert DEAL in unescaped
    for literal in LITERALS:
        assert literal in unescaped


def test_the_word_summary_holds_the_text_literally(deal, tmp_path):
    _, _, data = deal
    out = export_summary(data, tmp_path / "summary.docx")
    written = "\n".join(texts(out))
    assert DEAL in written
    for literal in LITERALS:
        assert literal in written


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_issues_list_holds_the_deal_s_text_literally(deal, tmp_path, suffix):
    _, _, data = deal
    out = Path(export_summary(data, tmp_path / f"issues{suffix}"))
    if suffix == ".csv":
        cells = "\n".join(cell for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")))
                          for cell in row)
    else:
        book = openpyxl.load_workbook(out)
        cells = "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row
                          if c.value is not None)
    # The reason the lawyer typed, markup and all; a leading "=" may be quoted with "'" so that
    # a spreadsheet never runs it as a formula.
    assert REASON in cells and f"'{REASON}" in cells
    if suffix == ".xlsx":  # and never as a formula Excel would run
        assert all(c.data_type != "f" for sheet in book for row in sheet.iter_rows() for c in row)


def test_the_redline_holds_both_rounds_literally(deal, tmp_path):
    _, files, _ = deal
    out = tmp_path / "redline.docx"
    write_redline(load_draft(files[0]), load_draft(files[1]), out)
    accepted, rejected = "\n".join(texts(out, "accept")), "\n".join(texts(out, "reject"))
    assert CLAUSE.replace("12 months", "24 months") in accepted
    assert CLAUSE in rejected
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "<script>" not in xml  # escaped as text in w:t, never markup
