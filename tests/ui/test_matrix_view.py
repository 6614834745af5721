"""The position matrix widget: cells, the best-value mark, Copy as table, Export and the picker."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desktop.core.matrix import BEST_MARK, build_matrix
from desktop.core.pipeline import load_draft
from desktop.core.topics import default_playbook
from desktop.qt import QDialogButtonBox, QGuiApplication, Qt
from desktop.ui.matrix_view import MatrixView, PickDraftsDialog, matrix_work

PAIRS = Path(__file__).resolve().parents[1] / "data" / "md" / "pairs" / "saas-cloud-terms"
FILES = (("CSA", PAIRS / "commonpaper-csa-v2.md"), ("Bonterms", PAIRS / "bonterms-cloud-terms-v1.0.md"),
         ("GitHub", PAIRS / "github-corporate-tos-2026-03-17.md"))


@pytest.fixture(scope="module")
def matrix():
    return build_matrix([(name, load_draft(path).clauses) for name, path in FILES], default_playbook(), "customer")


def test_cells_show_value_clause_and_a_mark_beyond_colour(qtbot, matrix):
    view = MatrixView(matrix)
    qtbot.addWidget(view)
    model = view.model
    assert model.rowCount() == len(matrix.keys) and model.columnCount() == 3
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Bonterms"
    cap = model.index(matrix.keys.index("liability_cap"), 1)
    text = model.data(cap)
    # The 12 months come from the definition of the General Cap in 16.5, cited with the clause.
    assert text.startswith(f"{BEST_MARK} 12 mo fees") and "§ " in text and "16.5 “General Cap”" in text
    assert model.data(cap, Qt.ItemDataRole.FontRole).bold()
    audit = model.index(matrix.keys.index("audit_rights"), 0)
    assert model.data(audit) == "not found" and model.data(audit, Qt.ItemDataRole.FontRole) is None


def test_copy_as_table_puts_html_and_tsv_on_the_clipboard(qtbot, matrix):
    view = MatrixView(matrix)
    qtbot.addWidget(view)
    view.copy_button.click()
    mime = QGuiApplication.clipboard().mimeData()
    html, text = mime.html(), mime.text()
    # Qt's offscreen platform crashes at exit when the clipboard still owns rich data.
    QGuiApplication.clipboard().clear()
    assert html.startswith("<table") and f"<b>{BEST_MARK} 12 mo fees" in html
    assert text.splitlines()[0] == "Position\tCSA\tBonterms\tGitHub"


@pytest.mark.parametrize("suffix", [".docx", ".html", ".md"])
def test_export_writes_each_format(qtbot, matrix, tmp_path, suffix):
    view = MatrixView(matrix)
    qtbot.addWidget(view)
    out = tmp_path / f"matrix{suffix}"
    view.export_to(out)
    if suffix == ".docx":
        with zipfile.ZipFile(out) as package:
            body = package.read("word/document.xml").decode("utf-8")
        assert "Bonterms" in body and f"{BEST_MARK} 12 mo fees" in body and "w:tblHeader" in body
    else:
        assert f"{BEST_MARK} 12 mo fees" in out.read_text(encoding="utf-8")


def test_picker_allows_two_to_five_drafts(qtbot):
    dialog = PickDraftsDialog([("Acme — round 1 (acme.docx, 2024-01-02)", 7)])
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.add_files([FILES[0][1]])
    assert not ok.isEnabled()
    dialog.list.item(0).setCheckState(Qt.CheckState.Checked)
    assert ok.isEnabled()
    assert dialog.chosen() == [("Acme — round 1 (acme.docx, 2024-01-02)", ("round", 7)),
                               ("commonpaper-csa-v2.md (file)", ("file", str(FILES[0][1])))]
    dialog.add_files([path for _, path in FILES] + [FILES[0][1]])
    assert len(dialog.chosen()) == 6 and not ok.isEnabled()


def test_worker_reads_files_and_takes_stored_clauses():
    stored = load_draft(FILES[1][1]).clauses
    work = matrix_work([("CSA", str(FILES[0][1])), ("Bonterms", stored)], default_playbook(), "customer")
    import threading

    result = work(lambda done, total: None, threading.Event())
    assert result.drafts == ("CSA", "Bonterms")
    csa, bonterms = result.cells[result.keys.index("liability_cap")]
    assert bonterms.values["cap_months_of_fees"] == 12
    # CSA's cap is set on its Cover Page, so neither draft can be marked the better one.
    assert csa.values["on_cover_page"] is True and not bonterms.better
