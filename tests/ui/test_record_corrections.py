"""Putting mistakes right from the window: Round details…, Deal details… and date order.

Each is reached as the user reaches it (the Deal menu, the Rounds table's menu, a double-click)
and the dialogs are the real ones, filled in with keys and clicks (FakePrompts hands them to the
test instead of running them modally).
"""

from __future__ import annotations

import pytest

from desktop.qt import QAction, Qt
from desktop.samples import create_sample_deal
from tests.ui.three_rounds import add_three_rounds


@pytest.fixture
def sample(window, ui_store):
    """Return the window showing the sample deal (four rounds with their statuses) at round 2."""
    deal_id = create_sample_deal(ui_store)
    window.refresh_deals(select_deal=deal_id)
    window.deal_view.select_round_row(1)
    return window


def deal_menu_action(window, words: str) -> QAction:
    """Return the Deal menu's action whose text (without &) starts with `words`."""
    found = [a for a in window.deal_menu.actions() if a.text().replace("&", "").startswith(words)]
    assert len(found) == 1, [a.text() for a in window.deal_menu.actions()]
    return found[0]


def type_into(qtbot, line, text: str) -> None:
    """Replace what a line edit holds by typing, as a user would: select all, then type."""
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(line, text)


def statuses_of(store, deal_id, draft_id):
    return {key: (s.status, s.reason, s.suggested)
            for (key, draft), s in store.position_statuses(deal_id).items() if draft == draft_id}


def settle(qtbot, window):
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=60_000)


def test_round_details_from_the_deal_menu_relabel_redate_and_resend_a_round_undoably(sample, prompts, qtbot):
    window, store = sample, sample.store
    deal = window.current_deal
    rounds = store.rounds(deal.id)
    second = rounds[1]
    assert second.sender == "us"
    before = {r.id: statuses_of(store, deal.id, r.id) for r in rounds}

    def fill(dialog) -> bool:
        dialog.show()
        assert dialog.windowTitle() == "Round 2 details" and not dialog.note.isVisible()
        qtbot.mouseClick(dialog.them, Qt.MouseButton.LeftButton)
        assert dialog.note.isVisible()  # says the suggestions will be worked out again
        type_into(qtbot, dialog.date.edit, "7 Feb 2022")
        qtbot.keyClick(dialog.date.edit, Qt.Key.Key_Up)  # a day later
        type_into(qtbot, dialog.label, "Their second thoughts")
        return dialog.ok.isEnabled()

    prompts.round_edits.append(fill)
    deal_menu_action(window, "Round details").trigger()
    settle(qtbot, window)
    row = store.round(second.id)
    assert (row.sender, row.date, row.label) == ("them", "2022-02-08", "Their second thoughts")
    assert window.deal_view.current_round.id == second.id
    assert window.deal_view.rounds_model.data(window.deal_view.rounds_model.index(1, 3)).startswith(
        "Their second thoughts — ")
    # Round 2 and the rounds after it were assessed again as sent by them; round 1 was not.
    assert statuses_of(store, deal.id, rounds[0].id) == before[rounds[0].id]
    assert statuses_of(store, deal.id, second.id) != before[second.id]
    assert window.undo_action.text().startswith("&Undo: change the details of round 2")
    assert "“" + deal.name + "”" in window.undo_action.text()
    window.undo_action.trigger()
    row = store.round(second.id)
    assert (row.sender, row.date, row.label) == ("us", second.date, "")
    assert {r.id: statuses_of(store, deal.id, r.id) for r in rounds} == before
    window.redo_action.trigger()
    assert store.round(second.id).label == "Their second thoughts"


def test_a_round_dated_out_of_order_is_put_in_date_order_when_the_user_agrees(window, ui_store, prompts, qtbot):
    deal_id = add_three_rounds(ui_store)
    window.refresh_deals(select_deal=deal_id)
    one, two, three = (r.id for r in ui_store.rounds(deal_id))
    window.deal_view.select_round_row(2)

    def fill(dialog) -> bool:
        dialog.show()
        type_into(qtbot, dialog.date.edit, "2022-02-02")  # before round 2 (3 Feb 2022)
        return True

    prompts.round_edits.append(fill)
    prompts.confirmations.append(True)
    window.corrections.round_details.trigger()
    settle(qtbot, window)
    assert prompts.questions[-1][0] == "Rounds out of date order"
    assert [r.id for r in ui_store.rounds(deal_id)] == [one, three, two]
    assert ui_store.round(three).changed_count is not None and ui_store.round(two).changed_count is not None
    assert window.deal_view.current_round.id == three  # still the round the user edited
    assert not window.corrections.date_order.isEnabled()  # in date order now
    assert "date order" in window.undo_action.text()
    window.undo_action.trigger()
    assert [r.id for r in ui_store.rounds(deal_id)] == [one, two, three]
    assert ui_store.round(three).date == "2022-02-02"
    assert window.corrections.date_order.isEnabled()  # out of order again: offered in the Deal menu
    window.undo_action.trigger()
    assert ui_store.round(three).date != "2022-02-02"
    assert not window.corrections.date_order.isEnabled()


def test_declining_leaves_the_rounds_and_offers_date_order_in_the_deal_menu(window, ui_store, prompts, qtbot):
    deal_id = add_three_rounds(ui_store)
    window.refresh_deals(select_deal=deal_id)
    ids = [r.id for r in ui_store.rounds(deal_id)]
    window.deal_view.select_round_row(0)
    prompts.round_edits.append(lambda dialog: (type_into(qtbot, dialog.date.edit, "+1"), True)[1])
    prompts.confirmations.append(False)
    window.corrections.round_details.trigger()
    assert [r.id for r in ui_store.rounds(deal_id)] == ids
    action = deal_menu_action(window, "Put rounds in date order")
    assert action.isEnabled()
    action.trigger()
    settle(qtbot, window)
    assert [r.id for r in ui_store.rounds(deal_id)] == [ids[1], ids[2], ids[0]]
    assert ui_store.round(ids[1]).changed_count is None  # the first round now: nothing before it


def test_a_double_click_on_a_round_and_its_context_menu_open_round_details(window, ui_store, prompts, qtbot):
    deal_id = add_three_rounds(ui_store)
    window.refresh_deals(select_deal=deal_id)
    table = window.deal_view.rounds_table
    assert window.corrections.round_details in table.actions()
    assert window.corrections.open_original in table.actions()
    assert table.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    seen = []
    prompts.round_edits.append(lambda dialog: seen.append(dialog.windowTitle()) or False)
    rect = table.visualRect(window.deal_view.rounds_model.index(1, 3))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert seen == ["Round 2 details"]
    assert not prompts.round_edits  # cancelled: nothing changed
    assert window.undo_action.text() == "&Undo"


def test_deal_details_correct_the_counterparty_and_type_undoably(window, ui_store, prompts, qtbot):
    deal_id = add_three_rounds(ui_store)
    window.refresh_deals(select_deal=deal_id)

    def fill(dialog) -> bool:
        dialog.show()
        assert dialog.windowTitle() == "Deal details" and dialog.name.text() == "Three rounds of the CSA"
        type_into(qtbot, dialog.counterparty, "Common Paper, Inc.")
        dialog.deal_type.setFocus()
        qtbot.keyClick(dialog.deal_type, Qt.Key.Key_Down)
        type_into(qtbot, dialog.jurisdictions, "Delaware")
        return dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()

    prompts.deal_edits.append(fill)
    deal_menu_action(window, "Deal details").trigger()
    deal = ui_store.deal(deal_id)
    assert (deal.counterparty, deal.jurisdictions) == ("Common Paper, Inc.", "Delaware")
    assert deal.deal_type == "API access"  # the first type, one down from "Not set"
    assert "Common Paper, Inc." in window.deal_view.details_label.text()
    window.undo_action.trigger()
    deal = ui_store.deal(deal_id)
    assert (deal.counterparty, deal.jurisdictions) == ("Sample Vendor, Inc.", "")
    assert "Sample Vendor" in window.deal_view.details_label.text()


def test_a_new_side_reassesses_every_round(sample, prompts, qtbot):
    window, store = sample, sample.store
    deal = window.current_deal
    rounds = store.rounds(deal.id)
    before = {r.id: statuses_of(store, deal.id, r.id) for r in rounds}

    def fill(dialog) -> bool:
        dialog.our_side.setCurrentIndex(dialog.our_side.findData("vendor"))
        return True

    prompts.deal_edits.append(fill)
    window.corrections.deal_details.trigger()
    settle(qtbot, window)
    assert store.deal(deal.id).our_side == "vendor"
    assert {r.id: statuses_of(store, deal.id, r.id) for r in rounds} != before
    window.undo_action.trigger()
    assert store.deal(deal.id).our_side == deal.our_side
    assert {r.id: statuses_of(store, deal.id, r.id) for r in rounds} == before


def test_the_round_actions_wait_for_a_round(window, ui_store):
    window.refresh_deals(select_deal=ui_store.create_deal("Empty"))
    assert not window.corrections.round_details.isEnabled()
    assert not window.corrections.open_original.isEnabled()
    assert window.corrections.deal_details.isEnabled()
    assert not window.corrections.date_order.isEnabled()


def test_the_import_date_starts_from_the_file_name_and_says_so(window, ui_store, prompts, qtbot, csa_md):
    deal_id = ui_store.create_deal("CSA")
    window.refresh_deals(select_deal=deal_id)
    window.import_files(list(csa_md))
    settle(qtbot, window)
    assert [asked[3].isoformat() for asked in prompts.asked_rounds] == ["2022-02-03", "2024-02-02"]
    assert prompts.date_sources == ["From the file name", "From the file name"]
    assert [r.date for r in ui_store.rounds(deal_id)] == ["2022-02-03", "2024-02-02"]


def test_without_a_date_in_the_file_the_import_date_is_the_round_befores(window, ui_store, prompts, qtbot, tmp_path,
                                                                         csa_md):
    deal_id = ui_store.create_deal("CSA")
    window.refresh_deals(select_deal=deal_id)
    window.import_files([csa_md[0]])
    settle(qtbot, window)
    undated = tmp_path / "their counter.md"
    undated.write_bytes(csa_md[1].read_bytes())
    window.import_files([undated])
    settle(qtbot, window)
    assert prompts.asked_rounds[-1][3].isoformat() == "2022-02-03"
    assert prompts.date_sources[-1] == "Same as round 1: no date in the file"
