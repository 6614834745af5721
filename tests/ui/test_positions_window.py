"""The Positions tab of the real window on the real sample deal: confirm, override, reason, stance, undo, filters."""

from __future__ import annotations

import pytest

from desktop.display.positions import CELL_WORDS, STATUS_MARKS, STATUS_WORDS
from desktop.qt import Qt
from desktop.samples import create_sample_deal
from desktop.ui.positions_model import FIRST_ROUND_COLUMN, OUTCOME_COLUMN, SUGGESTED_ROLE
from desktop.ui.redline import EVIDENCE_COLOUR

WAIT = 30_000


@pytest.fixture
def sample(window, ui_store):
    """Return the window showing the sample deal's Positions tab (the deal built by create_sample_deal)."""
    deal_id = create_sample_deal(ui_store)
    window.refresh_deals(select_deal=deal_id)
    window.positions_tab_action.trigger()
    assert window.deal_view.tabs.currentWidget() is window.positions_view
    return window


def rounds(window):
    return window.store.rounds(window.current_deal.id)


def status(window, key, round_no):
    """Return the store's PositionStatus of `key` in round `round_no` of the selected deal."""
    draft_id = rounds(window)[round_no - 1].id
    return window.store.position_statuses(window.current_deal.id).get((key, draft_id))


def select(window, key, round_no):
    view = window.positions_view
    assert view.select_cell(key, rounds(window)[round_no - 1].id)
    return view.grid.currentIndex()


def shown_keys(view):
    model = view.model
    return [model.position(model.index(row, 0)).key for row in range(model.rowCount())]


def test_the_grid_shows_the_three_named_positions_first_and_passes_the_model_tester(sample, qtmodeltester):
    view = sample.positions_view
    assert shown_keys(view)[:3] == ["liability_cap", "ip_indemnity", "audit_rights"]
    model = view.model
    assert model.columnCount() == FIRST_ROUND_COLUMN + 4
    assert model.headerData(FIRST_ROUND_COLUMN, Qt.Orientation.Horizontal) == "R1 · Them\n1 Feb 2022"
    assert model.headerData(FIRST_ROUND_COLUMN + 2, Qt.Orientation.Horizontal) == "R3 · Them\n2 Feb 2024"
    qtmodeltester.check(model)


def test_the_sample_deal_comes_with_suggestions_shown_as_suggestions(sample):
    view = sample.positions_view
    index = select(sample, "liability_cap", 3)
    recorded = status(sample, "liability_cap", 3)
    assert recorded is not None and recorded.suggested
    text = index.data()
    assert text.split("\n")[1] == f"{STATUS_MARKS[recorded.status]} {CELL_WORDS[recorded.status]}?"
    assert index.data(SUGGESTED_ROLE) and index.data(Qt.ItemDataRole.FontRole).italic()
    assert "Suggested:" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Press Enter" in view.pane.suggestion_note.text()
    assert view.pane.confirm_button.isVisibleTo(view.pane)


def test_clicking_a_cell_shows_its_evidence_redline_with_the_spans_highlighted(sample):
    view = sample.positions_view
    select(sample, "liability_cap", 3)
    pane = view.pane
    assert pane.title.text() == view.model.all_rows[0].title
    assert "round 3" in pane.evidence_title.text() and "against round 2" in pane.evidence_title.text()
    document = pane.redline.document()
    marked, struck = [], []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().background().color() == EVIDENCE_COLOUR:
                marked.append(fragment.text())
            if fragment.charFormat().fontStrikeOut():
                struck.append(fragment.text())
            it += 1
        block = block.next()
    assert marked, "the evidence spans are highlighted"
    assert struck, "the cap clause changed in round 3, so its redline strikes words"


def test_enter_confirms_a_suggestion_and_undo_redo_take_it_back_and_forth(sample, qtbot):
    view = sample.positions_view
    before = status(sample, "liability_cap", 3)
    select(sample, "liability_cap", 3)
    qtbot.keyClick(view.grid, Qt.Key.Key_Return)
    after = status(sample, "liability_cap", 3)
    assert (after.status, after.reason, after.suggested) == (before.status, before.reason, False)
    assert not view.grid.currentIndex().data().endswith("?")
    assert sample.undo_action.text() == "&Undo: limitation of liability cap confirmed open in round 3"
    sample.undo_action.trigger()
    assert status(sample, "liability_cap", 3) == before
    assert view.grid.currentIndex().data().endswith("?")
    sample.redo_action.trigger()
    assert status(sample, "liability_cap", 3).suggested is False


@pytest.mark.parametrize(("key", "word"), [(Qt.Key.Key_W, "won"), (Qt.Key.Key_C, "conceded"),
                                           (Qt.Key.Key_P, "compromise"), (Qt.Key.Key_N, "not_addressed")])
def test_a_key_overrides_the_status_and_undo_restores_the_suggestion(sample, qtbot, key, word):
    view = sample.positions_view
    before = status(sample, "liability_cap", 3)
    select(sample, "liability_cap", 3)
    qtbot.keyClick(view.grid, key)
    assert status(sample, "liability_cap", 3).status == word
    assert status(sample, "liability_cap", 3).suggested is False
    assert view.grid.currentIndex().data().split("\n")[1] == f"{STATUS_MARKS[word]} {CELL_WORDS[word]}"
    assert view.pane.status.currentData() == word
    sample.undo_action.trigger()
    assert status(sample, "liability_cap", 3) == before
    assert view.grid.currentIndex().data().endswith("?")


def test_the_outcome_column_edits_the_final_round(sample, qtbot):
    view = sample.positions_view
    view.grid.setCurrentIndex(view.model.find("ip_indemnity", rounds(sample)[-1].id).siblingAtColumn(OUTCOME_COLUMN))
    qtbot.keyClick(view.grid, Qt.Key.Key_O)
    assert status(sample, "ip_indemnity", 4).status == "open" and not status(sample, "ip_indemnity", 4).suggested
    assert view.grid.currentIndex().column() == OUTCOME_COLUMN


def test_editing_the_reason_is_recorded_and_undoable(sample, qtbot):
    view = sample.positions_view
    before = status(sample, "liability_cap", 3)
    select(sample, "liability_cap", 3)
    view.pane.reason.setFocus()
    view.pane.reason.setText("They offered 18 months of fees; we asked for 24.")
    qtbot.keyClick(view.pane.reason, Qt.Key.Key_Return)
    after = status(sample, "liability_cap", 3)
    assert after.reason == "They offered 18 months of fees; we asked for 24." and not after.suggested
    assert after.status == before.status
    assert sample.undo_action.text() == "&Undo: the reason for limitation of liability cap in round 3"
    sample.undo_action.trigger()
    assert status(sample, "liability_cap", 3) == before
    assert view.pane.reason.text() == before.reason


def test_our_stance_is_editable_and_undoable(sample):
    view = sample.positions_view
    select(sample, "audit_rights", 2)
    original = next(p for p in sample.store.deal_positions(sample.current_deal.id) if p.key == "audit_rights")
    view.pane.ask.setText("Twice a year, on 15 days' notice")
    view.pane.ask.editingFinished.emit()
    stored = next(p for p in sample.store.deal_positions(sample.current_deal.id) if p.key == "audit_rights")
    assert stored.ask == "Twice a year, on 15 days' notice"
    assert view.model.data(view.model.find("audit_rights")) == "Twice a year, on 15 days' notice"  # the grid wraps it
    assert sample.undo_action.text() == "&Undo: our stance on audit rights"
    sample.undo_action.trigger()
    stored = next(p for p in sample.store.deal_positions(sample.current_deal.id) if p.key == "audit_rights")
    assert stored.ask == original.ask


def test_suggestions_waiting_hides_confirmed_rows(sample, qtbot):
    view = sample.positions_view
    view.waiting_only.setChecked(True)
    model = view.model
    assert model.rowCount() > 1
    assert all(model.cell(model.index(r, OUTCOME_COLUMN)).suggested for r in range(model.rowCount()))
    first = shown_keys(view)[0]
    view.grid.setCurrentIndex(model.find(first, rounds(sample)[-1].id))
    count = model.rowCount()
    qtbot.keyClick(view.grid, Qt.Key.Key_Return)
    assert first not in shown_keys(view) and model.rowCount() == count - 1
    assert view.grid.currentIndex().isValid(), "the next suggestion takes the confirmed one's place"
    sample.undo_action.trigger()
    assert first in shown_keys(view)


def test_open_only_and_changed_filters_and_the_counts(sample):
    view = sample.positions_view
    model = view.model
    everything = model.rowCount()
    counts = view.counts_label.text()
    final = [row.cells[-1].status for row in model.all_rows]
    for word in ("open", "not_addressed"):
        if final.count(word):
            assert f"{STATUS_WORDS[word]} {final.count(word)}" in counts
    view.open_only.setChecked(True)
    assert 0 < model.rowCount() < everything
    assert all(model.cell(model.index(r, OUTCOME_COLUMN)).status == "open" for r in range(model.rowCount()))
    view.open_only.setChecked(False)
    view.focus_round.setCurrentIndex(2)  # round 3: their counter moved the cap
    view.changed_only.setChecked(True)
    assert "liability_cap" in shown_keys(view)
    assert all(model.cell(model.index(r, FIRST_ROUND_COLUMN + 2)).changed for r in range(model.rowCount()))


def test_colour_is_never_the_only_signal(sample):
    model = sample.positions_view.model
    for row in range(model.rowCount()):
        for column in range(OUTCOME_COLUMN, model.columnCount()):
            cell = model.cell(model.index(row, column))
            status_line = model.data(model.index(row, column)).split("\n")[1]
            if cell.status:
                assert status_line.startswith(STATUS_MARKS[cell.status] + " ")
                assert CELL_WORDS[cell.status] in status_line
    legend = sample.positions_view.legend.text()
    assert all(word in legend for word in STATUS_WORDS.values())


def test_undo_redo_live_in_the_edit_menu_with_their_shortcuts(sample):
    assert sample.undo_action.shortcut().toString() == "Ctrl+Z"
    assert sample.redo_action.shortcut().toString() == "Ctrl+Shift+Z"
    assert not sample.undo_action.isEnabled()
    menus = {action.text(): action.menu() for action in sample.menuBar().actions()}
    assert sample.undo_action in menus["&Edit"].actions() and sample.redo_action in menus["&Edit"].actions()
    assert sample.playbook_action in menus["&Tools"].actions()


def test_the_sample_deal_opened_through_the_worker_records_findings_and_suggestions(qtbot, window, ui_store):
    with qtbot.waitSignal(window.tasks.idle, timeout=WAIT):
        window.open_sample_deal()
    deal = window.current_deal
    first = ui_store.rounds(deal.id)[0]
    assert any(f.key == "liability_cap" for f in ui_store.findings(first.id))
    statuses = ui_store.position_statuses(deal.id)
    assert statuses and all(s.suggested for s in statuses.values())
    window.positions_tab_action.trigger()
    assert shown_keys(window.positions_view)[:3] == ["liability_cap", "ip_indemnity", "audit_rights"]


def test_a_deal_without_rounds_says_so(window, prompts):
    from desktop.ui.dialogs import DealForm

    prompts.deals.append(DealForm("Acme API access", "Acme AI, Inc.", "customer", "API access", ""))
    window.new_deal_action.trigger()
    window.positions_tab_action.trigger()
    view = window.positions_view
    assert view.pages.currentWidget() is view.empty and "No rounds yet" in view.empty.text()


def test_an_undo_the_store_refuses_is_shown_as_a_message(sample, prompts):
    from desktop.ui.undo import StatusEdit, StatusValue

    failed = []
    command = StatusEdit("Confirm", sample.store, sample.current_deal.id, "liability_cap", 10_000_000,
                         None, StatusValue("won", "", False), lambda *args: None, failed.append)
    command.redo()  # the first redo is the edit already written
    command.redo()  # a round that does not exist: the store refuses
    assert failed and "round" in str(failed[0])
