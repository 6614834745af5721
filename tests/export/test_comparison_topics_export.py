"""The topic comparison as exported for a client: each side's own numbers, headings bold, bullets as list items."""

from __future__ import annotations

import threading
from pathlib import Path

import docx
import pytest

from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.display.compare_rows import DraftInput, prepare_comparison
from desktop.export.comparison import comparison_report, export_comparison
from tests.conftest import DATA
from tests.export.test_comparison_export import pdf_text, words

PLAYBOOK = load_playbook(default_playbook_path())
SAAS = DATA / "md" / "pairs" / "saas-cloud-terms"


@pytest.fixture(autouse=True)
def _application(qapp):
    return qapp


@pytest.fixture(scope="module")
def vendors():
    a, b = SAAS / "commonpaper-csa-v2.md", SAAS / "github-corporate-tos-2026-03-17.md"
    return prepare_comparison(DraftInput(a.name, path=a), DraftInput(b.name, path=b), PLAYBOOK,
                              lambda done, total: None, threading.Event())


def test_word_names_whose_numbers_are_whose_and_shows_bullets_and_headings(vendors, tmp_path: Path):
    report = comparison_report(vendors)
    both = next(t for t in report.topics if t.a and t.b and " · B: " in t.numbers)
    assert both.numbers.startswith("A: ")
    (table,) = docx.Document(str(export_comparison(report, tmp_path / "t.docx"))).tables
    topic_cells = [row.cells[0] for row in table.rows[1:]]
    assert any(p.text == both.numbers for cell in topic_cells for p in cell.paragraphs)
    side_paragraphs = [p for row in table.rows[1:] for cell in row.cells[1:] for p in cell.paragraphs]
    items = [p for p in side_paragraphs if p.text.startswith("•\t")]
    assert items and all(p.paragraph_format.first_line_indent < 0 < p.paragraph_format.left_indent for p in items)
    headings = [p for p in side_paragraphs if p.runs and p.runs[0].bold and p.paragraph_format.keep_with_next]
    assert headings, "a heading-only clause is a bold heading kept with what follows"
    assert not any("Paragraph without a number" in p.text for p in side_paragraphs)


def test_pdf_names_whose_numbers_are_whose_and_lists_bullets(vendors, tmp_path: Path):
    report = comparison_report(vendors)
    text = pdf_text(export_comparison(report, tmp_path / "t.pdf"))
    both = next(t for t in report.topics if t.a and t.b and " · B: " in t.numbers)
    assert words(both.numbers) in words(text)
    item = next(b for t in report.topics for side in (t.a, t.b) if side for b in side.blocks if b.style == "item")
    assert "• " + " ".join(item.text.split()[:4]) in words(text)
    assert "Paragraph without a number" not in text


def test_only_one_sided_topics_are_exported_when_asked(vendors):
    everything = comparison_report(vendors)
    one_sided = comparison_report(vendors, one_side_only=True)
    assert 0 < len(one_sided.topics) < len(everything.topics)
    assert all(t.a is None or t.b is None for t in one_sided.topics)
    assert len(one_sided.topics) == sum(1 for t in everything.topics if t.a is None or t.b is None)


def test_word_and_pdf_list_each_key_positions_values_once(vendors, tmp_path: Path):
    report = comparison_report(vendors)
    lines = [line for t in report.topics for line in t.values]
    assert lines and all(" — A: " in line and " · B: " in line for line in lines)
    assert len({line.split(" — ")[0] for line in lines}) == len(lines)  # each position once
    (table,) = docx.Document(str(export_comparison(report, tmp_path / "v.docx"))).tables
    topic_text = [p.text for row in table.rows[1:] for p in row.cells[0].paragraphs]
    assert all(line in topic_text for line in lines)
    text = words(pdf_text(export_comparison(report, tmp_path / "v.pdf")))
    # pdftotext reads the narrow topic column's wrapped lines between the other columns' lines:
    # most values lines still read whole up to "A:".
    found = sum(1 for line in lines if line.split(" — ")[0] + " — A:" in text)
    assert found >= 0.7 * len(lines), (found, len(lines))
    assert ("★" in text) == any("★" in line for line in lines)
