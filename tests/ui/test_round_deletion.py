"""Deleting a round from the window (menu, context menu, Delete key), and Undo and Redo putting it back and out."""

from __future__ import annotations

import pytest

from desktop.core.pipeline import load_draft
from desktop.display.words import long_date
from desktop.qt import QApplication, QKeySequence, Qt
from desktop.store import ClauseRef, Store
from desktop.store.backup import list_backups
from desktop.ui.main_window import MainWindow
from desktop.ui.record_change import Changed, RecordChange
from tests.store.record_dump import dump, without_times
from tests.ui.three_rounds import add_three_rounds


def activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def press(qtbot, window, sequence: str) -> None:
    """Type `sequence` ("Ctrl+Z") into the window's focus widget."""
    combo = QKeySequence(sequence)[0]
    qtbot.keyClick(QApplication.focusWidget() or window, combo.key(), combo.keyboardModifiers())


def click_round(qtbot, window, row: int) -> None:
    """Click the row `row` of the Rounds table, which also gives the table the focus."""
    table = window.deal_view.rounds_table
    rect = table.visualRect(table.model().index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    table.setFocus()
    assert window.deal_view.current_round.round_no == row + 1


def idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30_000)


@pytest.fixture
def three(window, ui_store, qtbot):
    """Return the active window on a deal of three real rounds, and the deal's draft ids."""
    deal_id = add_three_rounds(ui_store)
    window.refresh_deals(select_deal=deal_id)
    activate(qtbot, window)
    return window, deal_id, [r.id for r in ui_store.rounds(deal_id)]


def test_the_delete_key_in_the_rounds_table_asks_naming_the_round_then_deletes_it(three, prompts, qtbot):
    window, deal_id, (one, two, three_id) = three
    changes: list[RecordChange] = []
    window.record_changed.connect(changes.append)
    click_round(qtbot, window, 1)
    prompts.confirmations.append(False)
    press(qtbot, window, "Del")
    title, text = prompts.questions[-1]
    row = window.store.round(two)
    assert title == "Delete round"
    assert f"Delete round 2 of “{window.current_deal.name}”" in text
    assert row.file_name in text and long_date(row.date) in text
    assert "Round 3 becomes round 2" in text and "compared with round 1 instead" in text
    assert "backup" not in text  # a store in memory is not backed up
    assert len(window.store.rounds(deal_id)) == 3 and len(window.store.deals()) == 1  # not the deal either
    press(qtbot, window, "Del")  # confirmed this time
    idle(qtbot, window)
    assert [r.id for r in window.store.rounds(deal_id)] == [one, three_id]
    assert changes[-1] == RecordChange(Changed.ROUND_DELETED, deal_id, draft_id=three_id)
    # The round that took its place is shown, compared with round 1 now.
    view = window.deal_view
    assert view.current_round.id == three_id and view.current_round.round_no == 2
    assert view.redline_title.text() == "Redline against round 1"
    assert window.undo_action.text() == f"&Undo: delete round 2 ({row.file_name})"


def test_round_2_of_3_deleted_leaves_round_3_compared_with_round_1_and_its_threads_linked_there(three, qtbot):
    window, deal_id, (one, two, three_id) = three
    store = window.store
    click_round(qtbot, window, 1)
    (in_menu,) = [a for a in window.deal_menu.actions() if a.text() == "Delete r&ound…"]
    in_menu.trigger()
    idle(qtbot, window)
    pairs = store.pairs(three_id)
    ones = {c.id for c in store.clauses(one)}
    assert pairs and {key for p in pairs for key in p.a} <= ones
    assert store.rounds(deal_id)[1].changed_count is not None
    linked = [store.predecessor(ClauseRef(three_id, c.id))[0] for c in store.clauses(three_id)]
    assert {ref.draft_id for ref in linked if ref is not None} == {one}
    assert sum(ref is not None for ref in linked) > len(linked) // 2


def test_undo_puts_the_round_back_row_for_row_and_redo_takes_it_out_again(three, qtbot):
    window, deal_id, (one, two, three_id) = three
    store = window.store
    store.ensure_deal_positions(deal_id, window.playbook(), "customer")
    store.set_status(deal_id, "liability_cap", two, "won", "Capped at 12 months.", suggested=False)
    store.set_predecessor(ClauseRef(three_id, "c3"), ClauseRef(two, "c4"))  # the user's link into round 2
    window.refresh_deals(select_deal=deal_id, select_draft=two)
    before = dump(store)
    click_round(qtbot, window, 1)
    press(qtbot, window, "Del")
    idle(qtbot, window)
    deleted = dump(store)
    assert deleted != before
    press(qtbot, window, "Ctrl+Z")
    assert dump(store) == before
    assert window.deal_view.current_round.id == two  # the round put back is shown
    assert window.redo_action.text().startswith("&Redo: delete round 2 (")
    press(qtbot, window, "Ctrl+Shift+Z")
    assert without_times(store, dump(store)) == without_times(store, deleted)
    assert [r.id for r in store.rounds(deal_id)] == [one, three_id]
    press(qtbot, window, "Ctrl+Z")
    assert dump(store) == before


def test_the_rounds_tables_context_menu_and_the_deal_menu_offer_it(three):
    window = three[0]
    table = window.deal_view.rounds_table
    assert table.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert window.delete_round_action in table.actions()
    assert window.delete_round_action in window.deal_menu.actions()
    assert window.delete_round_action.isEnabled()


def test_deleting_the_only_round_leaves_the_deal_empty_and_undo_brings_it_back(window, ui_store, qtbot, csa_md):
    deal_id = ui_store.create_deal("One round")
    ui_store.add_round(deal_id, load_draft(csa_md[0]), sender="them", date="2022-02-03")
    window.refresh_deals(select_deal=deal_id)
    activate(qtbot, window)
    before = dump(ui_store)
    window.delete_round_action.trigger()
    idle(qtbot, window)
    assert ui_store.rounds(deal_id) == [] and not window.delete_round_action.isEnabled()
    window.undo_action.trigger()
    assert dump(ui_store) == before and window.delete_round_action.isEnabled()


def test_a_database_on_disk_is_backed_up_before_a_round_is_deleted(tmp_path, qtbot, prompts, ui_settings):
    path = tmp_path / "deals.db"
    store = Store(path)
    try:
        deal_id = add_three_rounds(store)
        window = MainWindow(store, prompts=prompts, settings=ui_settings)
        qtbot.addWidget(window)
        window.show()
        window.refresh_deals(select_deal=deal_id)
        assert not [b for b in list_backups(path) if b.kind == "pre-delete"]
        window.deal_view.select_round_row(1)
        window.delete_round_action.trigger()
        idle(qtbot, window)
        (backup,) = [b for b in list_backups(path) if b.kind == "pre-delete"]
        with Store(backup.path) as copy:
            assert len(copy.rounds(deal_id)) == 3  # made before the round went
        assert len(store.rounds(deal_id)) == 2
        window.close()
    finally:
        store.close()
