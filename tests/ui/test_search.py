"""The Search window: clauses of every deal, filters, keyboard, and one position across deals."""

from __future__ import annotations

import pytest

from desktop.qt import QApplication, Qt
from desktop.ui.search_dialog import SearchDialog
from desktop.ui.search_model import HIT_ROLE, snippet_html
from tests.ui.search_helpers import add_two_deals


@pytest.fixture
def deals(window):
    """Return the window's deal ids after storing the two search deals and showing them."""
    ids = add_two_deals(window.store)
    window.refresh_deals(select_deal=ids["beta"])
    return ids


def _open(window, qtbot, keys="Ctrl+K"):
    from desktop.qt import QKeySequence

    sequence = QKeySequence(keys)
    combo = sequence[0]
    window.activateWindow()  # as the desktop does when a dialog closes
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, combo.key(), combo.keyboardModifiers())
    dialog = window.findChild(SearchDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _type(dialog, qtbot, words):
    dialog.query.clear()
    qtbot.keyClicks(dialog.query, words)
    qtbot.waitUntil(lambda: not dialog._timer.isActive() and dialog.results_model.rowCount() > 0)


def _hits(dialog):
    model = dialog.results_model
    return [model.index(row).data(HIT_ROLE) for row in range(model.rowCount())]


@pytest.mark.parametrize("keys", ["Ctrl+K", "Ctrl+Shift+F"])
def test_a_query_finds_clauses_of_two_deals_and_opens_the_chosen_one(window, deals, qtbot, keys):
    dialog = _open(window, qtbot, keys)
    assert dialog.focusWidget() is dialog.query
    _type(dialog, qtbot, "records")
    hits = _hits(dialog)
    assert {hit.deal_name for hit in hits} == {"Acme AI", "beta labs"}
    # Acme's 10-day text is kept through rounds 2 and 3: listed once, in round 3.
    assert sorted((h.deal_name, h.round_no, h.other_rounds) for h in hits) == [
        ("Acme AI", 1, ()), ("Acme AI", 3, (2,)), ("beta labs", 2, (1,))]
    wanted = next(row for row, hit in enumerate(hits) if hit.deal_name == "Acme AI" and hit.round_no == 1)
    for _ in range(wanted):
        qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    assert dialog.results.currentIndex().row() == wanted
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)

    assert not dialog.isVisible()
    view = window.deal_view
    assert window.current_deal.id == deals["acme"]
    assert view.current_round.round_no == 1 and view.tabs.currentIndex() == 0
    assert view.current_entry().clause.id == "c1"
    assert "records once a year on 30 days" in view.current_entry().clause.text


def test_opening_a_clause_the_changed_filter_hides_clears_the_filter(window, deals, qtbot):
    dialog = _open(window, qtbot)
    _type(dialog, qtbot, "liability capped")
    hit = next(h for h in _hits(dialog) if h.deal_name == "Acme AI")
    assert hit.round_no == 3 and hit.other_rounds == (1, 2)  # unchanged since round 1
    dialog.results.setCurrentIndex(dialog.results_model.index(_hits(dialog).index(hit)))
    assert dialog.open_current()
    view = window.deal_view
    assert view.current_round.round_no == 3 and view.current_entry().clause.id == "c2"
    assert not view.changed_only.isChecked()


def test_the_deal_and_position_filters_narrow_the_clauses(window, deals, qtbot):
    dialog = _open(window, qtbot)
    _type(dialog, qtbot, "audit")
    assert {h.clause_id for h in _hits(dialog)} == {"c1", "c3", "c4"}
    dialog.choose_deal(deals["beta"])
    assert {h.deal_name for h in _hits(dialog)} == {"beta labs"}
    dialog.choose_position("audit_rights")
    assert [(h.deal_name, h.clause_id) for h in _hits(dialog)] == [("beta labs", "c1")]
    dialog.choose_deal(None)
    assert sorted((h.deal_name, h.round_no) for h in _hits(dialog)) == [
        ("Acme AI", 1), ("Acme AI", 3), ("beta labs", 2)]
    assert all(h.clause_id == "c1" for h in _hits(dialog))
    dialog.choose_position(None)
    dialog.query.setText("nothing matches quokka")
    dialog.run_search()
    assert dialog.results_model.rowCount() == 0 and "No clause matches" in dialog.message.text()


def test_a_position_across_deals_lists_each_deals_outcome_and_opens_its_grid(window, deals, qtbot):
    dialog = _open(window, qtbot)
    dialog.tabs.setCurrentIndex(1)
    assert dialog.outcomes_model.rowCount() == 0 and "Choose a position" in dialog.message.text()
    dialog.choose_position("audit_rights")
    model = dialog.outcomes_model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert [row[0] for row in rows] == ["Acme AI", "beta labs"]
    acme, beta = rows
    assert acme[1] == "Acme AI, Inc." and "10 days" in acme[2]
    assert acme[3] == "≈ compromise?" and acme[4] == "round 2" and acme[5] == "round 3"
    assert "60 days" in beta[2] and beta[3] == "✓ won?" and beta[4] == "round 2"

    dialog.outcomes.setFocus()
    qtbot.keyClick(dialog.outcomes, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.outcomes, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert window.current_deal.id == deals["beta"]
    assert window.deal_view.tabs.currentWidget() is window.positions_view
    cell = window.positions_view.model.cell(window.positions_view.grid.currentIndex())
    assert cell is not None and cell.status == "won" and cell.round_no == 2
    assert window.positions_view.model.position(window.positions_view.grid.currentIndex()).key == "audit_rights"


def test_esc_closes_and_the_search_is_kept_for_next_time(window, deals, qtbot):
    dialog = _open(window, qtbot)
    _type(dialog, qtbot, "records")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    again = _open(window, qtbot)
    assert again is dialog and dialog.query.text() == "records" and dialog.query.selectedText() == "records"


def test_a_hostile_clause_reads_as_its_characters(window, deals, qtbot):
    dialog = _open(window, qtbot)
    _type(dialog, qtbot, "onerror")
    (hit,) = _hits(dialog)
    rich = dialog.results_model.index(0).data(Qt.ItemDataRole.UserRole + 42)
    assert "<img" not in rich and "&lt;img src=x" in rich and "&lt;b&gt;Bold&lt;/b&gt;" in rich
    assert "&amp;amp;" in rich
    dialog.results.grab()  # the delegate draws it without raising
    QApplication.processEvents()


def test_the_snippet_escapes_everything_but_the_store_marks():
    marked = snippet_html("a <i>x</i> ⟦audit⟧ & ⟦rights")
    assert marked == 'a &lt;i&gt;x&lt;/i&gt; <b class="hit">audit</b> &amp; <b class="hit">rights</b>'
    assert snippet_html("stray ⟧ close") == "stray  close"
