"""Deleting a deal can be undone: from the deal that took its place, from another deal, or from the empty window."""

from __future__ import annotations

import pytest

from desktop.qt import QApplication, QKeySequence, Qt
from desktop.samples import create_sample_deal
from desktop.ui.record_change import Changed, RecordChange
from tests.store.record_dump import dump, without_times
from tests.ui.three_rounds import add_three_rounds


def press(qtbot, window, sequence: str) -> None:
    """Type `sequence` ("Ctrl+Z") into the window's focus widget."""
    combo = QKeySequence(sequence)[0]
    qtbot.keyClick(QApplication.focusWidget() or window, combo.key(), combo.keyboardModifiers())


def click_deal(qtbot, window, deal_id: int) -> None:
    """Click the deal's row in the deal list."""
    index = window.deals_model.index(window.deals_model.row_of(deal_id))
    qtbot.mouseClick(window.deals_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.deals_list.visualRect(index).center())
    assert window.current_deal.id == deal_id


@pytest.fixture
def deals(window, ui_store, qtbot):
    """Return the active window on the sample deal (shown, with a status set) and a second deal."""
    sample = create_sample_deal(ui_store)
    other = add_three_rounds(ui_store, "Zeta — three rounds")
    last = ui_store.rounds(sample)[-1].id
    ui_store.set_status(sample, "audit_rights", last, "won", "Annual audit agreed.", suggested=False)
    window.refresh_deals(select_deal=sample)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window, sample, other


def test_ctrl_z_right_after_a_deletion_puts_the_deal_back_whole_and_shows_it(deals, qtbot, prompts):
    window, sample, other = deals
    name = window.current_deal.name
    before = dump(window.store)
    changes: list[RecordChange] = []
    window.record_changed.connect(changes.append)
    window.deals_list.setFocus()
    press(qtbot, window, "Del")
    assert "Edit ▸ Undo puts it back" in prompts.questions[-1][1]
    assert [d.id for d in window.store.deals()] == [other] and window.current_deal.id == other
    assert changes[-1] == RecordChange(Changed.DEAL_DELETED, sample)
    # The deal on screen is the other one, but Undo says which deal it brings back.
    assert window.undo_action.text() == f"&Undo: delete deal “{name}”"
    press(qtbot, window, "Ctrl+Z")
    assert dump(window.store) == before
    assert changes[-1] == RecordChange(Changed.DEAL_RESTORED, sample)
    assert window.current_deal.id == sample and window.deal_view.name_label.text() == name
    assert window.redo_action.text() == f"&Redo: delete deal “{name}”"
    press(qtbot, window, "Ctrl+Shift+Z")
    assert [d.id for d in window.store.deals()] == [other]
    press(qtbot, window, "Ctrl+Z")
    assert without_times(window.store, dump(window.store)) == without_times(window.store, before)


def test_a_deleted_deal_is_put_back_from_another_deal_through_its_own_edit_menu_entry(deals, qtbot):
    window, sample, other = deals
    name = window.current_deal.name
    before = dump(window.store)
    window.delete_action.trigger()
    click_deal(qtbot, window, other)
    # The other deal's own history is the one Ctrl+Z reaches now; the deletion has its own entry.
    assert not window.undo_action.isEnabled()
    entry = window.history.undo_deletion_action
    assert entry in window.edit_menu.actions() and entry.isVisible() and entry.isEnabled()
    assert entry.text() == f"Undo: delete deal “{name}”"
    entry.trigger()
    assert dump(window.store) == before and window.current_deal.id == sample


def test_the_last_deal_deleted_is_put_back_from_the_empty_window(window, ui_store, qtbot):
    deal_id = add_three_rounds(ui_store, "Only deal")
    window.refresh_deals(select_deal=deal_id)
    before = dump(ui_store)
    window.delete_action.trigger()
    assert window.pages.currentWidget() is window.no_deals_page
    assert window.undo_action.isEnabled() and "Only deal" in window.undo_action.text()
    window.undo_action.trigger()
    assert dump(ui_store) == before
    assert window.pages.currentWidget() is window.deal_view and window.current_deal.id == deal_id


def test_a_deal_put_back_after_its_name_was_taken_is_renamed_and_says_so(deals, prompts, qtbot):
    from desktop.ui.dialogs import DealForm

    window, sample, other = deals
    name = window.current_deal.name
    window.delete_action.trigger()
    prompts.deals.append(DealForm(name, "", "customer", "", ""))
    window.new_deal_action.trigger()
    window.history.undo_deletion_action.trigger()
    assert window.current_deal.name == f"{name} (restored)"
    assert "another deal has its name now" in window.statusBar().currentMessage()
    assert len(window.store.rounds(window.current_deal.id)) == 4


def test_a_deals_own_history_goes_with_it(deals, qtbot):
    window, sample, other = deals
    window.positions_tab_action.trigger()
    view = window.positions_view
    assert view.select_cell("liability_cap", window.store.rounds(sample)[-1].id)
    view.set_status(view.grid.currentIndex(), "won")
    assert window.history.stack(sample).count() == 1
    window.delete_action.trigger()
    window.undo_action.trigger()  # the deletion, not the status
    assert window.current_deal.id == sample
    assert window.history.stack(sample).count() == 0
    assert window.store.position_statuses(sample)[("liability_cap", window.store.rounds(sample)[-1].id)].status == "won"
