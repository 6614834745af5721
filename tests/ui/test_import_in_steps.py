"""The window writes an imported round in short steps, the event loop running between them (issue 22, part 4).

One transaction held across turns (Store.add_round_steps): a timer fires between the steps,
a write tried meanwhile is refused and changes nothing, the window's actions wait, and Cancel
or closing the window mid-write leaves the record as it was.
"""

from __future__ import annotations

import pytest

from desktop.qt import QTimer
from desktop.store import Store, StoreBusy
from tests.store.record_dump import dump
from tests.ui.test_round_import_undo import ROUNDS, add_rounds, idle


@pytest.fixture
def deal(window, ui_store):
    deal_id = add_rounds(ui_store, 2)
    ui_store.ensure_deal_positions(deal_id, window.playbook(), ui_store.deal(deal_id).our_side)
    window.refresh_deals(select_deal=deal_id)
    return deal_id


@pytest.fixture
def events(monkeypatch):
    """Return a log of ("step", n) for every step of a round written in steps, as it begins."""
    log: list[tuple[str, int]] = []
    real = Store.add_round_steps

    def add_round_steps(self, *args, **kwargs):
        steps = real(self, *args, **kwargs)

        def logged():
            number = 0
            while True:
                log.append(("step", number))
                try:
                    next(steps)
                except StopIteration as stop:
                    return stop.value
                number += 1
                try:
                    yield
                except GeneratorExit:
                    steps.close()
                    raise

        return logged()

    monkeypatch.setattr(Store, "add_round_steps", add_round_steps)
    return log


def _ticking(log: list, every_tick=None) -> QTimer:
    timer = QTimer()
    timer.setInterval(0)

    def tick():
        log.append(("tick", 0))
        if every_tick is not None:
            every_tick()

    timer.timeout.connect(tick)
    timer.start()
    return timer


def _import(window, prompts) -> None:
    prompts.files.append([ROUNDS[2][0]])
    window.import_action.trigger()


def test_the_round_is_written_in_steps_with_the_event_loop_running_between(window, deal, prompts, qtbot, events):
    timer = _ticking(events)
    _import(window, prompts)
    idle(qtbot, window)
    timer.stop()
    steps = [i for i, (what, _) in enumerate(events) if what == "step"]
    assert len(steps) >= 4
    between = [what for what, _ in events[steps[0]:steps[-1]]]
    assert between.count("tick") >= len(steps) - 1  # a turn of the event loop between every two steps
    (_, _, third) = window.store.rounds(deal)
    assert third.file_name == ROUNDS[2][0].name and third.changed_count
    assert window.deal_view.current_round.id == third.id


def test_a_write_tried_during_the_import_is_refused_and_changes_nothing(window, deal, prompts, qtbot, events):
    refused: list[Exception] = []
    seen: list[bool] = []

    def try_to_write():
        if window.store.writing_round and not refused:
            seen.append(window.import_action.isEnabled() or window.undo_action.isEnabled())
            try:
                window.store.rename_deal(deal, "Renamed meanwhile")
            except StoreBusy as error:
                refused.append(error)

    timer = _ticking(events, try_to_write)
    _import(window, prompts)
    idle(qtbot, window)
    timer.stop()
    assert refused and "storing a round" in str(refused[0])
    assert seen == [False]  # the window's actions wait meanwhile
    assert window.store.deal(deal).name == "Two rounds of the CSA"
    assert len(window.store.rounds(deal)) == 3
    window.store.rename_deal(deal, "Renamed after")  # and writes go on afterwards
    assert window.store.deal(deal).name == "Renamed after"


@pytest.mark.parametrize("how", ["cancel", "close"])
def test_cancel_or_closing_the_window_mid_write_leaves_the_record_as_it_was(window, deal, prompts, qtbot, events,
                                                                           how):
    before = dump(window.store)
    stopped: list[int] = []

    def stop_midway():
        if window.store.writing_round and len([e for e in events if e[0] == "step"]) >= 3 and not stopped:
            stopped.append(1)
            window.tasks.cancel_all() if how == "cancel" else window.close()

    timer = _ticking(events, stop_midway)
    _import(window, prompts)
    qtbot.waitUntil(lambda: bool(stopped) and not window.tasks.busy, timeout=30_000)
    timer.stop()
    assert not window.store.writing_round and not window.store._conn.in_transaction
    assert dump(window.store) == before
    assert len(window.store.rounds(deal)) == 2
    if how == "cancel":
        assert not window.undo_action.isEnabled() or "import" not in window.undo_action.text()
