"""The Compare window says why each topic pair was matched: beside its badge and in the topic list's tooltip."""

from __future__ import annotations

from pathlib import Path

from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.qt import Qt
from desktop.ui.compare_paint import REASON, row_document
from tests.ui.conftest import compared

SAAS = Path(__file__).parents[1] / "data" / "md" / "pairs" / "saas-cloud-terms"
CSA, BONTERMS = SAAS / "commonpaper-csa-v2.md", SAAS / "bonterms-cloud-terms-v1.0.md"
PLAYBOOK = load_playbook(default_playbook_path())


def reason_in(document) -> str:
    """Return the words of `document` marked as the reason of its topic pair."""
    found, block = [], document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().property(REASON):
                found.append(fragment.text())
            it += 1
        block = block.next()
    return "".join(found).strip()


def test_the_topic_view_says_why_the_liability_caps_were_matched(qtbot, compare_window):
    compared(qtbot, compare_window, CSA, BONTERMS)
    view = compare_window.view
    rows = view.prepared.rows
    cap = next(r for r in rows if [c.number for c in r.right] == ["16.1"])
    assert cap.pair.reason.startswith("same position: Limitation of liability cap")
    document = row_document(cap, "b")
    assert reason_in(document) == cap.pair.reason
    assert "Same topic" in document.toPlainText()
    lone = next(r for r in rows if r.pair.topic == "one_side" and r.right)
    assert reason_in(row_document(lone, "b")) == ""  # "Only in B" says it already
    model = view.changes_model
    tips = [model.index(r, 1).data(Qt.ItemDataRole.ToolTipRole) for r in range(model.rowCount())]
    assert f"Matched on: {cap.pair.reason}" in "\n".join(tips)


def test_the_exported_topic_column_says_why_too(qtbot, compare_window, tmp_path):
    import docx

    from desktop.export.comparison import comparison_report, export_comparison

    compared(qtbot, compare_window, CSA, BONTERMS)
    report = comparison_report(compare_window.view.prepared)
    cap = next(t for t in report.topics if t.numbers.endswith("B: 16.1"))
    assert cap.why.startswith("same position: Limitation of liability cap")
    assert all(not t.why for t in report.topics if not (t.a and t.b))
    out = export_comparison(report, tmp_path / "topics.docx")
    cells = [cell.text for table in docx.Document(str(out)).tables for row in table.rows for cell in row.cells]
    assert any(cap.why in text and "General Cap" in text for text in cells)
