"""Importing a round is undoable: Undo takes it out, Redo puts it back row for row (round_import.py)."""

from __future__ import annotations

import pytest

from desktop.core.pipeline import compare_drafts, load_draft
from desktop.qt import QApplication
from desktop.samples import sample_rounds
from desktop.store import Store
from desktop.ui.record_change import Changed, RecordChange
from tests.store.record_dump import dump, without_times

ROUNDS = sample_rounds()  # (path, sender, date): the sample deal's four drafts


def idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30_000)


def add_rounds(store: Store, count: int, name: str = "Two rounds of the CSA") -> int:
    """Return a new deal holding the sample deal's first `count` rounds, stored directly."""
    deal_id = store.create_deal(name, counterparty="Sample Vendor, Inc.")
    previous = None
    for path, sender, date in ROUNDS[:count]:
        draft = load_draft(path)
        store.add_round(deal_id, draft, sender=sender, date=date,
                        comparison=compare_drafts(previous, draft) if previous is not None else None)
        previous = draft
    return deal_id


@pytest.fixture
def two(window, ui_store, qtbot):
    """Return the window on a deal of two rounds, its positions in place (an import adds them first)."""
    deal_id = add_rounds(ui_store, 2)
    ui_store.ensure_deal_positions(deal_id, window.playbook(), ui_store.deal(deal_id).our_side)
    window.refresh_deals(select_deal=deal_id)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window, deal_id


def import_file(qtbot, window, prompts, number: int) -> None:
    """Import the sample deal's round `number` through Deal ▸ Import round… and wait for it."""
    prompts.files.append([ROUNDS[number - 1][0]])
    window.import_action.trigger()
    idle(qtbot, window)


def test_undo_takes_an_imported_round_out_and_redo_puts_it_back_row_for_row(two, prompts, qtbot):
    window, deal_id = two
    store = window.store
    before = dump(store)
    changes: list[RecordChange] = []
    window.record_changed.connect(changes.append)
    import_file(qtbot, window, prompts, 3)
    imported = dump(store)
    (one, second, third) = store.rounds(deal_id)
    assert third.file_name == ROUNDS[2][0].name
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == f"&Undo: import round 3 ({third.file_name})"

    window.undo_action.trigger()  # Edit ▸ Undo
    assert [r.id for r in store.rounds(deal_id)] == [one.id, second.id]
    assert without_times(store, dump(store)) == without_times(store, before)
    assert changes[-1] == RecordChange(Changed.ROUND_DELETED, deal_id, draft_id=second.id)
    assert window.deal_view.current_round.id == second.id  # the round before is shown
    assert window.redo_action.text() == f"&Redo: import round 3 ({third.file_name})"

    window.redo_action.trigger()
    assert dump(store) == imported  # the same rows under the same ids, byte for byte
    assert changes[-1] == RecordChange(Changed.ROUNDS_IMPORTED, deal_id, draft_id=third.id)
    assert window.deal_view.current_round.id == third.id
    assert window.undo_action.text() == f"&Undo: import round 3 ({third.file_name})"


def test_a_round_imported_after_a_deletion_is_undone_first_then_the_deleted_round_comes_back(two, prompts, qtbot):
    window, deal_id = two
    store = window.store
    first, second = store.rounds(deal_id)
    before = dump(store)
    window.deal_view.select_round_row(0)
    window.delete_round_action.trigger()  # confirmed (FakePrompts says yes)
    idle(qtbot, window)
    assert [r.id for r in store.rounds(deal_id)] == [second.id]
    deleted = dump(store)

    import_file(qtbot, window, prompts, 3)
    rounds = store.rounds(deal_id)
    assert [r.id for r in rounds[:1]] == [second.id] and rounds[1].id not in (first.id, second.id)
    third = rounds[1]
    reimported = dump(store)
    assert window.undo_action.text() == f"&Undo: import round 2 ({third.file_name})"

    window.undo_action.trigger()  # the import first
    assert [r.id for r in store.rounds(deal_id)] == [second.id]
    assert without_times(store, dump(store)) == without_times(store, deleted)
    assert window.undo_action.text() == f"&Undo: delete round 1 ({first.file_name})"

    window.undo_action.trigger()  # then the deletion: round 1 back before round 2, as before
    assert [(r.id, r.round_no) for r in store.rounds(deal_id)] == [(first.id, 1), (second.id, 2)]
    assert dump(store) == before
    assert not prompts.warnings and not window.undo_action.isEnabled()

    window.redo_action.trigger()  # delete round 1 again
    window.redo_action.trigger()  # and import round 3 again, under its own id
    assert [r.id for r in store.rounds(deal_id)] == [second.id, third.id]
    assert without_times(store, dump(store)) == without_times(store, reimported)


def test_a_batch_of_drafts_is_undone_one_round_at_a_time_the_latest_first(two, prompts, qtbot):
    window, deal_id = two
    store = window.store
    before = dump(store)
    prompts.files.append([ROUNDS[2][0], ROUNDS[3][0]])
    window.import_action.trigger()
    idle(qtbot, window)
    *_, third, fourth = store.rounds(deal_id)
    assert window.undo_action.text() == f"&Undo: import round 4 ({fourth.file_name})"
    window.undo_action.trigger()
    assert window.undo_action.text() == f"&Undo: import round 3 ({third.file_name})"
    window.undo_action.trigger()
    assert without_times(store, dump(store)) == without_times(store, before)


def test_undo_refuses_to_take_out_a_round_that_is_no_longer_the_latest(two, prompts, qtbot):
    window, deal_id = two
    store = window.store
    import_file(qtbot, window, prompts, 3)
    third = store.rounds(deal_id)[-1]
    # A round added behind the undo history's back (as by another copy of the app).
    fourth = store.add_round(deal_id, load_draft(ROUNDS[3][0]), sender="us", date=ROUNDS[3][2])
    window.refresh_deals(select_deal=deal_id)
    unchanged = dump(store)
    window.undo_action.trigger()
    assert dump(store) == unchanged
    ((title, text),) = prompts.warnings
    assert f"import of round 3 ({third.file_name}) cannot be undone" in text
    assert "no longer the deal's latest round" in text
    assert [r.id for r in store.rounds(deal_id)][-2:] == [third.id, fourth]
    assert not window.undo_action.isEnabled()  # the refused command left the history


def test_the_sample_deals_rounds_come_with_the_deal_and_are_not_undone_one_by_one(qtbot, window, ui_store):
    window.open_sample_deal()
    idle(qtbot, window)
    assert len(ui_store.rounds(window.current_deal.id)) == 4
    assert not window.undo_action.isEnabled()
