"""Clause text and names holding HTML, <script>, &entities;, bidi overrides or control characters are
shown literally in every view: never interpreted as markup, never dropped or altered.

A deal with a hostile name gets two rounds whose clauses carry such text; then every label,
item view, text pane and dialog of the window is read back and compared with what was stored.
"""

from __future__ import annotations

import re

import pytest

from desktop.qt import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QMessageBox,
    QModelIndex,
    QPlainTextEdit,
    Qt,
    QTextBrowser,
    QTextDocument,
    QTimer,
)
from desktop.ui.dialogs import DealForm, Prompts

WAIT = 30_000
DEAL_NAME = "<b>Acme</b> &amp; <i>Co</i>"
MARKUP = ("<script>alert('x')</script>", "<b>12 months</b>", "&amp;", "&lt;b&gt;", "<img src=x onerror=y>")
RLO = "\u202e"
ROUND_ONE = (
    "1. Definitions <i>here</i>\n\n"
    "“Fees” means the fees &amp; charges <img src=x onerror=y> in the Order Form.\n\n"
    "2. Limitation of Liability\n\n"
    "Vendor's total liability is capped at <b>12 months</b> of fees <script>alert('x')</script> "
    f"paid; {RLO}001$ 5 \x07 &lt;b&gt; is literal.\n\n"
    "3. Term\n\nThe term is one year.\n"
)
ROUND_TWO = ROUND_ONE.replace("12 months", "24 months").replace("one year", "two years &nbsp; <u>only</u>")


def looks_rich(text: str) -> bool:
    """Return whether Qt's AutoText would take this text for HTML (a tag in its first line)."""
    return bool(re.search(r"<\s*/?\s*[A-Za-z!][^>]*>", text.split("\n", 1)[0]))


def label_shows(label: QLabel) -> str:
    """Return the characters a QLabel actually displays."""
    fmt = label.textFormat()
    if fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and looks_rich(label.text())):
        document = QTextDocument()
        document.setHtml(label.text())
        return document.toPlainText()
    return label.text()


def hostile(text: str) -> bool:
    """Return whether a string came from the user's files or names (not the app's own markup)."""
    return any(mark in text for mark in (*MARKUP, "<i>Co", "<b>round", "<u>only", "<i>here", RLO, "\x07"))


def model_texts(model, parent=QModelIndex()) -> list[str]:
    """Return every display and tool-tip string of a list, table or tree model."""
    out = []
    try:  # list and table models hide the calls that make no sense for them
        columns = model.columnCount(parent)
    except TypeError:
        columns = 1
    for row in range(model.rowCount(parent)):
        for column in range(columns):
            index = model.index(row, column, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if isinstance(value, str):
                    out.append(value)
        first = model.index(row, 0, parent)
        try:
            nested = model.hasChildren(first)
        except TypeError:
            nested = False
        if nested:
            out.extend(model_texts(model, first))
    return out


def text_without_deletions(document) -> str:
    """Return a redline document's text with struck-through (deleted) fragments left out."""
    out = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if not fragment.charFormat().fontStrikeOut():
                out.append(fragment.text())
            it += 1
        out.append("\n")
        block = block.next()
    return "".join(out)


def wrongly_shown_labels(widget) -> list[tuple[str, str]]:
    """Return (text, what is displayed) for every label whose hostile text is not shown as is."""
    return [(label.parent().metaObject().className(), label.text(), label_shows(label))
            for label in widget.findChildren(QLabel)
            if hostile(label.text()) and label_shows(label) != label.text()]


@pytest.fixture
def hostile_deal(qtbot, window, prompts, tmp_path):
    prompts.deals.append(DealForm(DEAL_NAME, "<script>Evil Corp</script>", "customer", "API access", "<b>CA</b>"))
    window.new_deal_action.trigger()
    for n, text in enumerate((ROUND_ONE, ROUND_TWO), start=1):
        draft = tmp_path / f"<b>round {n}<b> &amp; co.txt"
        draft.write_text(text, encoding="utf-8")
        with qtbot.waitSignal(window.tasks.idle, timeout=WAIT):
            window.import_files([draft])
    assert not prompts.warnings
    return window


def test_the_deal_list_rounds_and_clause_tree_show_text_literally(hostile_deal, ui_store):
    window = hostile_deal
    assert DEAL_NAME in model_texts(window.deals_model)
    view = window.deal_view
    shown = "\n".join(model_texts(view.clause_tree.model()))
    for mark in ("<b>24 months</b>", "<script>alert('x')</script>", "&lt;b&gt;", RLO, "&nbsp; <u>only</u>"):
        assert mark in shown
    rounds = "\n".join(model_texts(view.rounds_table.model()))
    assert "<b>round 2<b> &amp; co.txt" in rounds


def test_every_label_shows_names_and_clause_text_literally(qtbot, hostile_deal):
    window = hostile_deal
    seen = wrongly_shown_labels(window)
    window.deal_view.show_history()
    seen += wrongly_shown_labels(window)
    window.positions_tab_action.trigger()
    seen += wrongly_shown_labels(window)
    assert seen == []


def test_the_redline_pane_shows_every_clause_literally(hostile_deal, ui_store):
    view = hostile_deal.deal_view
    deal = hostile_deal.current_deal
    for row in range(2):
        view.select_round_row(row)
        view.changed_only.setChecked(False)  # every clause, unchanged ones too
        round_ = view.current_round
        for clause in ui_store.clauses(round_.id):
            assert view.select_clause(clause.id)
            text = text_without_deletions(view.redline.document())
            for word in clause.text.split():
                assert word in text, (word, text)
    assert deal.name == DEAL_NAME


def test_the_clause_history_shows_every_round_literally(hostile_deal, ui_store):
    view = hostile_deal.deal_view
    view.select_round_row(1)
    view.changed_only.setChecked(False)
    clause = next(c for c in ui_store.clauses(view.current_round.id) if "capped at" in c.text)
    assert view.select_clause(clause.id)
    view.show_history()
    shown = "\n".join(pane.toPlainText() for pane in view.history.findChildren(QTextBrowser))
    for table in view.history.findChildren(QAbstractItemView):
        if table.model() is not None:
            shown += "\n" + "\n".join(model_texts(table.model()))
    assert "<script>alert('x')</script>" in shown and "months</b>" in shown and RLO in shown


def test_the_positions_view_shows_evidence_literally(qtbot, hostile_deal, ui_store):
    window = hostile_deal
    window.positions_tab_action.trigger()
    view = window.positions_view
    model = view.grid.model()
    evidence = 0
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            view.grid.setCurrentIndex(model.index(row, column))
            for pane in window.findChildren(QTextBrowser) + window.findChildren(QPlainTextEdit):
                shown = pane.toPlainText()
                if "capped at" in shown and pane.isVisible():
                    evidence += 1
                    assert "<b>" in shown and "months</b>" in shown  # a redline: "<b>1224 months</b>"
                    assert "<script>alert('x')</script>" in shown and RLO in shown
    assert evidence > 0, "the liability clause was shown as evidence"
    for table in window.findChildren(QAbstractItemView):
        if table.model() is not None:
            for text in model_texts(table.model()):
                assert "alert(" not in text or "<script>" in text


def test_a_warning_dialog_shows_a_hostile_file_name_literally(qtbot, monkeypatch):
    seen = []

    def inspect():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append((box.textFormat(), box.text()))
        box.done(0)

    QTimer.singleShot(0, inspect)
    text = "Cannot find <b>bad</b>.docx &amp; <script>x</script>. Check that the file still exists."
    Prompts().warn("The draft was not imported", text)
    ((fmt, shown),) = seen
    assert shown == text
    assert fmt == Qt.TextFormat.PlainText or not looks_rich(shown), "a file name in a dialog is read as HTML"
