"""The round overview on real rounds: counts by kind, substantive first, jumping to clauses, F8 / Shift+F8."""

from __future__ import annotations

from collections import Counter

import pytest

from desktop.qt import Qt
from desktop.ui.round_overview import RoundChangesModel, round_changes
from tests.ui.three_rounds import add_three_rounds


@pytest.fixture
def deal(window, ui_store, qtbot):
    """Return the active window on round 3 of the three-round deal, cosmetic changes hidden."""
    deal_id = add_three_rounds(ui_store)
    window.refresh_deals(select_deal=deal_id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view = window.deal_view
    assert view.current_round.round_no == 3 and not view.show_cosmetic.isChecked()
    view.left_tabs.setCurrentWidget(view.overview)
    return window


def listed(view):
    model = view.overview.model
    return [model.change(model.index(row, 0)) for row in range(model.rowCount()) if model.change(model.index(row, 0))]


def test_the_model_passes_the_model_tester_in_both_states(deal, qtmodeltester):
    view = deal.deal_view
    model = RoundChangesModel()
    model.set_changes(view.overview.model.changes, show_cosmetic=False)
    qtmodeltester.check(model)
    model.set_show_cosmetic(True)
    qtmodeltester.check(model)
    model.set_changes([])
    qtmodeltester.check(model)


def test_counts_by_kind_agree_with_the_round_and_substantive_changes_come_first(deal):
    view = deal.deal_view
    row = view.current_round
    changes = view.overview.model.changes
    assert sum(c.substantive for c in changes) == row.substantive_count
    assert sum(not c.substantive for c in changes) == row.cosmetic_count
    counts = view.overview.counts.text()
    assert f"{row.substantive_count} substantive" in counts and f"{row.cosmetic_count} cosmetic" in counts
    kinds = Counter(c.pair.kind for c in changes if c.substantive)
    assert f"{kinds['split']} split" in counts and f"{kinds['inserted']} new" in counts
    assert [c.substantive for c in changes] == sorted((c.substantive for c in changes), reverse=True)
    assert all(c.substantive for c in listed(view))  # cosmetic ones are counted, not listed
    model = view.overview.model
    headings = [model.data(model.index(row, 0)) for row in model.heading_rows()]
    assert headings == [f"Substantive changes ({row.substantive_count})", f"Cosmetic changes ({row.cosmetic_count}): hidden"]
    view.show_cosmetic.setChecked(True)
    assert [c.substantive for c in listed(view)].count(False) == row.cosmetic_count


def test_a_split_is_one_change_and_the_dropped_clauses_come_from_the_round_before(deal):
    store = deal.store
    rounds = store.rounds(deal.current_deal.id)
    changes = round_changes(store.clauses(rounds[2].id), store.pairs(rounds[2].id), store.clauses(rounds[1].id))
    caps = next(c for c in changes if c.pair.kind == "split" and c.clause.heading == "Liability Caps")
    assert caps.words == f"Split into {len(caps.clause_ids)}" and len(caps.clause_ids) == 3
    previous_ids = {c.id for c in store.clauses(rounds[1].id)}
    assert all(c.clause.id in previous_ids for c in changes if c.dropped)


def test_clicking_a_change_selects_its_clause_and_shows_its_redline(deal, qtbot):
    view = deal.deal_view
    table = view.overview.table
    change = listed(view)[3]
    row = view.overview.model.row_of(change)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(table.model().index(row, 1)).center())
    entry = view.current_entry()
    assert entry.clause.id == change.clause.id and entry.dropped == change.dropped
    assert (entry.clause.heading or entry.clause.number) in view.redline.toPlainText()


def test_f8_and_shift_f8_walk_the_substantive_changes_in_order(deal, qtbot):
    view = deal.deal_view
    walk = listed(view)
    assert view.next_change_action.shortcut().toString() == "F8"
    assert view.previous_change_action.shortcut().toString() == "Shift+F8"
    view.clause_tree.setFocus()
    view.clause_tree.setCurrentIndex(view.clause_model.index(0, 0))  # an unchanged clause: F8 starts at the top
    qtbot.keyClick(view.clause_tree, Qt.Key.Key_F8)
    assert view.current_entry().clause.id == walk[0].clause.id
    qtbot.keyClick(view.clause_tree, Qt.Key.Key_F8)
    qtbot.keyClick(view.clause_tree, Qt.Key.Key_F8)
    assert view.current_entry().clause.id == walk[2].clause.id
    assert view.overview.table.currentIndex().row() == view.overview.model.row_of(walk[2])
    qtbot.keyClick(view.clause_tree, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert view.current_entry().clause.id == walk[1].clause.id
    assert view.overview.table.selectionModel().selectedRows()[0].row() == view.overview.model.row_of(walk[1])


def test_the_arrow_keys_walk_the_overview_and_a_split_clause_keeps_its_place(deal, qtbot):
    view = deal.deal_view
    walk = listed(view)
    table = view.overview.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(view.overview.model.row_of(walk[0]), 0))
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert view.current_entry().clause.id == walk[1].clause.id
    split = next(c for c in walk if len(c.clause_ids) > 1)
    assert view.select_clause(split.clause_ids[-1])  # the tree selects the second half of a split
    assert view.current_entry().clause.id == split.clause_ids[-1]  # the overview follows, not leads
    assert table.selectionModel().selectedRows()[0].row() == view.overview.model.row_of(split)


def test_next_change_skips_hidden_cosmetic_changes_and_stops_at_the_last(deal, qtbot):
    view = deal.deal_view
    last = listed(view)[-1]
    assert view.select_clause(last.clause.id, dropped=last.dropped)
    assert not view.go_to_change(forward=True)  # the end: cosmetic ones are hidden
    assert view.current_entry().clause.id == last.clause.id
    assert deal.statusBar().currentMessage() == "This is the last change of round 3 (cosmetic changes are hidden)."
    view.show_cosmetic_action.trigger()
    assert view.show_cosmetic.isChecked()
    view.clause_tree.setFocus()
    qtbot.keyClick(view.clause_tree, Qt.Key.Key_F8)
    entry = view.current_entry()
    assert entry.pair is not None and not entry.pair.substantive and entry.change
