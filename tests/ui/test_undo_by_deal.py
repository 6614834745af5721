"""Undo that never surprises: each deal has its own history, and Undo and Redo act only on the deal on screen."""

from __future__ import annotations

import pytest

from desktop.qt import QApplication, QKeySequence, Qt
from desktop.samples import create_sample_deal
from tests.ui.three_rounds import add_three_rounds


@pytest.fixture
def two_deals(window, ui_store, qtbot):
    """Return the active window with the sample deal (A) and a deal of three rounds (B), A shown."""
    a = create_sample_deal(ui_store)
    b = add_three_rounds(ui_store, "Beta — three rounds")
    window.refresh_deals(select_deal=a)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window, a, b


def click_deal(qtbot, window, deal_id: int) -> None:
    """Click the deal's row in the deal list, as the user switches deals."""
    index = window.deals_model.index(window.deals_model.row_of(deal_id))
    rect = window.deals_list.visualRect(index)
    qtbot.mouseClick(window.deals_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_deal.id == deal_id


def press(qtbot, window, sequence: str) -> None:
    """Type `sequence` ("Ctrl+Z") into the window's focus widget."""
    combo = QKeySequence(sequence)[0]
    qtbot.keyClick(QApplication.focusWidget() or window, combo.key(), combo.keyboardModifiers())


def cap_in_round_3(window, deal_id: int):
    """Return the liability cap's status (a PositionStatus or None) in round 3 of the deal."""
    draft = window.store.rounds(deal_id)[2].id
    return window.store.position_statuses(deal_id).get(("liability_cap", draft))


def mark_cap_won(qtbot, window, deal_id: int) -> None:
    """On the Positions tab, select the liability cap in round 3 and press W."""
    press(qtbot, window, "Ctrl+2")
    view = window.positions_view
    assert view.select_cell("liability_cap", window.store.rounds(deal_id)[2].id)
    view.grid.setFocus()
    press(qtbot, window, "W")


def test_undo_and_redo_only_ever_act_on_the_deal_on_screen(two_deals, qtbot):
    window, a, b = two_deals
    before = cap_in_round_3(window, a)
    mark_cap_won(qtbot, window, a)
    assert cap_in_round_3(window, a).status == "won"
    assert window.undo_action.text() == "&Undo: limitation of liability cap won in round 3"
    press(qtbot, window, "Ctrl+Z")
    assert cap_in_round_3(window, a) == before
    assert window.redo_action.isEnabled()

    click_deal(qtbot, window, b)
    # B has done nothing: neither Undo nor Redo reaches A's history.
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    assert window.undo_action.text() == "&Undo" and window.redo_action.text() == "&Redo"
    press(qtbot, window, "Ctrl+1")
    press(qtbot, window, "Ctrl+Shift+Z")  # the tester's regression: Redo on B changed A
    assert cap_in_round_3(window, a) == before

    # An edit of B goes on B's history, and Undo there takes back B's edit only.
    view = window.deal_view
    view.history_action.trigger()
    ref = view.current_ref()
    view.corrections.split_action.trigger()
    assert window.store.predecessor(ref)[1] is True
    assert window.undo_action.text().startswith("&Undo: start a new thread at ")
    press(qtbot, window, "Ctrl+Z")
    assert window.store.predecessor(ref)[1] is False
    assert cap_in_round_3(window, a) == before

    click_deal(qtbot, window, a)
    assert window.redo_action.text() == "&Redo: limitation of liability cap won in round 3"
    press(qtbot, window, "Ctrl+2")
    press(qtbot, window, "Ctrl+Shift+Z")
    assert cap_in_round_3(window, a).status == "won"
    assert window.store.predecessor(ref)[1] is False  # B's undone correction stays undone


def test_the_edit_menus_undo_names_what_it_changes_and_the_deal_in_its_tip(two_deals, qtbot):
    window, a, b = two_deals
    mark_cap_won(qtbot, window, a)
    edit = {action.text(): action for action in window.edit_menu.actions()}
    assert "&Undo: limitation of liability cap won in round 3" in edit
    assert window.undo_action.statusTip() == f"Undo the last change to “{window.store.deal(a).name}”"
