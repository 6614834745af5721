"""The Whole draft tab on the sample deal: every clause once, F8 through the whole draft, the tree in step."""

from __future__ import annotations

import pytest

from desktop.core.pipeline import compare_named
from desktop.display.document_redline import GAP, side_text
from desktop.qt import QApplication, QKeySequence, Qt, QTextCursor
from desktop.samples import create_sample_deal
from desktop.ui.whole_draft import CURRENT_CHANGE


@pytest.fixture
def sample(window, ui_store, qtbot):
    """Return the active window on the sample deal's round 3, its Whole draft tab opened from the View menu."""
    deal_id = create_sample_deal(ui_store)
    window.refresh_deals(select_deal=deal_id)
    window.deal_view.select_round_row(2)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    (action,) = [a for a in window.view_menu.actions() if a.text() == "&Whole-draft redline"]
    action.trigger()
    pane = window.deal_view.whole_draft
    qtbot.waitUntil(lambda: pane.redline is not None and pane.view.isVisible())
    return window


def tree_clause(window):
    entry = window.deal_view.current_entry()
    return (entry.clause.id, entry.dropped) if entry is not None else None


def test_the_whole_draft_shows_every_clause_once_in_document_order(sample, ui_store):
    view = sample.deal_view
    pane = view.whole_draft
    row = view.current_round
    clauses = ui_store.clauses(row.id)
    redline = pane.redline
    kept = [c.clause.id for c in redline.clauses if not c.dropped]
    assert kept == [c.id for c in clauses]  # each of round 3's clauses once, in order
    dropped = [c.clause.id for c in redline.clauses if c.dropped]
    pairs = ui_store.pairs(row.id)
    assert sorted(dropped) == sorted(cid for p in pairs if p.kind == "deleted" for cid in p.a)
    text = pane.view.toPlainText()
    at = 0
    for shown in redline.clauses:
        assert side_text(shown.text, "a" if shown.dropped else "b").replace(GAP, "") == shown.clause.text
        if not shown.changed and len(shown.clause.text) > 40:  # unmarked: it reads as written
            found = text.find(shown.clause.text, at)
            assert found >= at, f"{shown.citation} is missing or out of order"
            at = found
    assert "Moved from 5.3" in text  # the moved Taxes clause, shown once where it now is
    assert "against" in pane.against_label.text() and pane.against.currentText().startswith("Round 2")


def test_cosmetic_changes_are_unmarked_until_shown(sample, qtbot):
    view = sample.deal_view
    pane = view.whole_draft
    hidden = pane.redline
    assert not view.show_cosmetic.isChecked()
    cosmetic = [c for c in hidden.clauses if c.kind != "unchanged" and not c.substantive and not c.dropped]
    assert cosmetic and all(not c.changed and {op for op, _ in c.text} <= {"="} for c in cosmetic)
    qtbot.mouseClick(view.show_cosmetic, Qt.MouseButton.LeftButton)
    shown = pane.redline
    assert len(shown.changes()) > len(hidden.changes())
    assert "cosmetic (hidden)" in hidden.counts_text() and "(hidden)" not in shown.counts_text()


def test_f8_walks_the_changes_of_the_whole_draft_and_the_tree_follows(sample, qtbot):
    view = sample.deal_view
    pane = view.whole_draft
    stops = pane.view.stops()
    assert stops
    pane.view.moveCursor(QTextCursor.MoveOperation.Start)
    visited = []
    for _ in range(len(stops) + 1):
        qtbot.keyClick(QApplication.focusWidget() or sample, Qt.Key.Key_F8)
        clause = pane.view.current_clause()
        position = pane.view.textCursor().position()
        visited.append(position)
        assert tree_clause(sample) == (clause.clause.id, clause.dropped), clause.citation
        shade = pane.view.extraSelections()
        assert len(shade) == 1 and shade[0].format.background().color() == CURRENT_CHANGE
    assert visited[:-1] == [stop.start for stop in stops]  # every change, in document order
    assert visited[-1] == visited[-2]  # no further
    assert "last change of the whole draft" in sample.statusBar().currentMessage()
    qtbot.keySequence(QApplication.focusWidget() or sample, QKeySequence("Shift+F8"))
    assert pane.view.textCursor().position() == stops[-2].start


def test_selecting_a_clause_in_the_tree_scrolls_the_whole_draft_to_it(sample, qtbot):
    view = sample.deal_view
    pane = view.whole_draft
    view.changed_only.setChecked(False)
    last = view.clause_model.index(view.clause_model.rowCount() - 1, 0)
    while view.clause_model.rowCount(last):
        last = view.clause_model.index(view.clause_model.rowCount(last) - 1, 0, last)
    entry = view.clause_model.entry(last)
    bar = pane.view.verticalScrollBar()
    bar.setValue(0)
    view.clause_tree.setFocus()
    view.clause_tree.setCurrentIndex(last)
    qtbot.keyClick(view.clause_tree, Qt.Key.Key_Up)  # a key, as the reader moves through the tree
    entry = view.current_entry()
    index = pane.redline.index_of(("a:" if entry.dropped else "b:") + entry.clause.id)
    assert index > len(pane.redline.clauses) // 2
    assert pane.view.current_clause() is pane.redline.clauses[index]
    assert bar.value() > 0
    rect = pane.view.cursorRect()
    assert 0 <= rect.top() < pane.view.viewport().height() // 3  # the clause is at the top


def test_clicking_in_the_whole_draft_selects_the_clause_in_the_tree(sample, qtbot):
    view = sample.deal_view
    pane = view.whole_draft
    redline = pane.redline
    target = next(i for i, c in enumerate(redline.clauses) if c.heading_line and c.clause.text and i > 5
                  and not c.dropped and not c.changed)  # an unchanged clause: hidden by "Changed since"
    cursor = QTextCursor(pane.view.document())
    cursor.setPosition(pane.view._starts[target])
    cursor.movePosition(QTextCursor.MoveOperation.NextBlock)
    cursor.movePosition(QTextCursor.MoveOperation.NextWord)
    bar = pane.view.verticalScrollBar()
    bar.setValue(bar.value() + pane.view.cursorRect(cursor).top() - 100)  # scrolled there, as with the wheel
    point = pane.view.cursorRect(cursor).center()
    assert tree_clause(sample) != (redline.clauses[target].clause.id, False)
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert tree_clause(sample) == (redline.clauses[target].clause.id, False)
    for _ in range(12):  # the arrow keys move through it too, and the tree follows
        qtbot.keyClick(pane.view, Qt.Key.Key_Down)
        shown = pane.view.current_clause()
        assert tree_clause(sample) == (shown.clause.id, shown.dropped)
    assert pane.view.current_clause() is not redline.clauses[target]


def test_an_earlier_round_is_compared_on_a_worker_once(sample, ui_store, qtbot):
    view = sample.deal_view
    view.select_round_row(3)
    pane = view.whole_draft
    qtbot.waitUntil(lambda: pane.title.text() == "Round 4")
    assert pane.against.count() == 3 and pane.against_previous
    rounds = ui_store.rounds(sample.current_deal.id)
    with qtbot.waitSignal(sample.tasks.idle, timeout=60_000):
        pane.against.setCurrentIndex(2)  # round 1
        assert sample.tasks.busy and "Comparing" in pane.counts.text()
    assert pane.base.round_no == 1 and not pane.against_previous
    expected = compare_named("1", ui_store.clauses(rounds[0].id), "4", ui_store.clauses(rounds[3].id))
    assert pane.redline.name_a.startswith("Round 1") and pane.redline.name_b.startswith("Round 4")
    assert pane.redline.substantive == expected.counts()["substantive"]
    pane.against.setCurrentIndex(0)
    pane.against.setCurrentIndex(2)
    assert not sample.tasks.busy  # kept from the first time
    assert pane.redline.substantive == expected.counts()["substantive"]
    clause = pane.step(True)
    assert clause is not None and tree_clause(sample) == (clause.clause.id, False) or clause.dropped


def test_round_one_reads_whole_without_marks(sample, qtbot):
    view = sample.deal_view
    view.select_round_row(0)
    pane = view.whole_draft
    qtbot.waitUntil(lambda: pane.title.text() == "Round 1")
    assert not pane.against.isVisible() and pane.redline.name_a == ""
    assert not pane.view.stops() and pane.step(True) is None
    assert pane.counts.text().startswith("First round")


def test_clause_text_is_shown_as_written_never_as_markup(qtbot):
    from desktop.core.model import Clause
    from desktop.display.document_redline import plain_document
    from desktop.ui.whole_draft import WholeDraftView

    view = WholeDraftView()
    qtbot.addWidget(view)
    written = "Fees are <b>net</b> &amp; <script>alert(1)</script> payable."
    view.show_redline(plain_document("R1", (Clause("c1", "1.", "1", "<i>Fees</i>", 1, None, written),)))
    assert written in view.toPlainText() and "<i>Fees</i>" in view.toPlainText()
