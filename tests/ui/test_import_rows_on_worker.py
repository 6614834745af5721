"""Importing a round works its rows out on the worker: the GUI thread only writes them (issue 22, part 4)."""

from __future__ import annotations

import threading

from desktop.store import Store
from desktop.ui import window_rounds
from tests.ui.test_round_import_undo import ROUNDS, add_rounds, import_file


def test_the_rows_are_worked_out_on_the_worker_and_written_on_the_gui_thread(window, ui_store, prompts, qtbot,
                                                                              monkeypatch):
    deal_id = add_rounds(ui_store, 2)
    window.refresh_deals(select_deal=deal_id)
    prepared_on, written = [], []
    real_prepare, real_add = window_rounds.prepare_round, Store.add_round_steps

    def prepare(*args, **kwargs):
        prepared_on.append(threading.current_thread())
        return real_prepare(*args, **kwargs)

    def add_round_steps(self, *args, **kwargs):
        written.append((threading.current_thread(), kwargs.get("rows")))
        return real_add(self, *args, **kwargs)

    monkeypatch.setattr(window_rounds, "prepare_round", prepare)
    monkeypatch.setattr(Store, "add_round_steps", add_round_steps)
    import_file(qtbot, window, prompts, 3)
    ((thread, rows),) = written
    assert thread is threading.main_thread() and rows is not None
    assert prepared_on and all(t is not threading.main_thread() for t in prepared_on)
    third = window.store.rounds(deal_id)[-1]
    assert third.file_name == ROUNDS[2][0].name and third.changed_count
    assert window.store.clauses(third.id) == rows.draft.clauses
