"""One signal for every change of the record: the window sends a RecordChange, and the panes show it."""

from __future__ import annotations

from desktop.samples import create_sample_deal
from desktop.store.threads import ClauseRef
from desktop.ui.dialogs import DealForm
from desktop.ui.record_change import Changed, RecordChange
from tests.ui.three_rounds import add_three_rounds


def recorded(window) -> list[RecordChange]:
    """Return the list every later RecordChange of `window` is appended to."""
    changes: list[RecordChange] = []
    window.record_changed.connect(changes.append)
    return changes


def test_creating_renaming_and_deleting_a_deal_each_send_one_change(window, prompts, ui_store):
    changes = recorded(window)
    for name in ("First", "Second", "Third"):
        prompts.deals.append(DealForm(name, "", "customer", "", ""))
        window.new_deal_action.trigger()
    ids = [deal.id for deal in ui_store.deals()]
    assert changes == [RecordChange(Changed.DEAL_CREATED, deal_id) for deal_id in ids]
    changes.clear()
    second = ui_store.deal_by_name("Second").id
    window.refresh_deals(select_deal=second)
    prompts.names.append("Second, renamed")
    window.rename_action.trigger()
    assert changes == [RecordChange(Changed.DEAL_RENAMED, second)]
    assert window.current_deal.name == "Second, renamed"
    row = window.deals_list.currentIndex().row()
    window.delete_action.trigger()
    assert changes[-1] == RecordChange(Changed.DEAL_DELETED, second)
    # The deal that took the deleted one's row is selected.
    assert window.deals_list.currentIndex().row() == row
    assert window.current_deal.name != "Second, renamed" and len(ui_store.deals()) == 2


def test_a_status_set_and_undone_is_sent_with_its_deal_position_and_round(window, ui_store):
    deal_id = create_sample_deal(ui_store)
    window.refresh_deals(select_deal=deal_id)
    window.positions_tab_action.trigger()
    view = window.positions_view
    draft_id = ui_store.rounds(deal_id)[-1].id
    assert view.select_cell("liability_cap", draft_id)
    changes = recorded(window)
    view.set_status(view.grid.currentIndex(), "won")
    window.undo_action.trigger()
    expected = RecordChange(Changed.STATUS, deal_id, "liability_cap", draft_id)
    assert changes == [expected, expected]
    assert view.grid.currentIndex() == view.model.find("liability_cap", draft_id)  # still in view


def test_a_thread_correction_and_its_undo_are_sent_and_the_history_follows(window, ui_store):
    deal_id = add_three_rounds(ui_store)
    window.refresh_deals(select_deal=deal_id)
    view = window.deal_view
    view.history_action.trigger()
    ref = view.current_ref()
    assert isinstance(ref, ClauseRef) and view.corrections.split_action.isEnabled()
    changes = recorded(window)
    view.corrections.split_action.trigger()
    assert changes == [RecordChange(Changed.THREAD, deal_id, draft_id=ref.draft_id)]
    assert "linked by you" in view.history.summary.text()
    window.undo_action.trigger()
    assert changes[-1] == changes[0] and len(changes) == 2
    assert "linked by you" not in view.history.summary.text()
