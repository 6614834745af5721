"""The window never builds over a database that has gone, and its start-up check really runs (issue 23, parts 4-5).

A 0-byte or missing database with a sound backup beside it is offered that backup, never a new
database with the sample deal in it; the start-up check on its worker finds an index out of
step with its table (no stand-in check here); and the sample deal is stored whole or not at all.
"""

from __future__ import annotations

import time

import pytest

from desktop.qt import QMessageBox
from desktop.samples import SAMPLE_DEAL, sample_round_files
from desktop.store import Store, StoreError
from desktop.store.backup import backup_file, list_backups
from desktop.ui import app as app_module
from desktop.ui import backup_ui
from tests.store.test_backup_rules import break_an_index
from tests.ui.test_startup_backup import _app_windows, deal_names_of, file_database


class Answers:
    """The start-up's questions (title, text) and critical messages, with the answer it gets (False: Quit)."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []
        self.shown: list[str] = []
        self.answer = False


@pytest.fixture
def answers(monkeypatch) -> Answers:
    """Return the Answers the start-up gets, instead of modal dialogs."""
    got = Answers()
    monkeypatch.setattr(backup_ui, "_ask", lambda title, text: got.asked.append((title, text)) or got.answer)
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: got.shown.append(text))
    return got


def test_a_0_byte_database_at_start_up_is_offered_its_backup_and_never_given_the_sample_deal(
        quiet_app, answers, monkeypatch, prompts):
    db = file_database(quiet_app / "deals.db", ["Acme"])
    kept = backup_file(db, "manual")
    db.write_bytes(b"")
    windows: list = []
    monkeypatch.setattr(app_module, "MainWindow", _app_windows(quiet_app, prompts, windows, close_when=lambda w: True))
    assert app_module.run(db) == 2
    ((title, text),) = answers.asked
    assert title == "Counterdraft's database is empty" and "Restore the latest backup, from " in text
    assert str(kept.path) in answers.shown[0] and windows == [] and db.read_bytes() == b""

    answers.answer = True
    answers.asked.clear()
    assert app_module.run(db) == 0
    assert len(answers.asked) == 1 and deal_names_of(db) == ["Acme"]  # restored, and no sample deal beside it
    assert any(b.kind == "damaged" and b.size == 0 for b in list_backups(db))


def test_a_missing_database_with_backups_is_offered_them_not_made_anew(quiet_app, answers, monkeypatch, prompts):
    db = file_database(quiet_app / "deals.db", ["Acme"])
    backup_file(db, "manual")
    db.unlink()
    windows: list = []
    monkeypatch.setattr(app_module, "MainWindow", _app_windows(quiet_app, prompts, windows, close_when=lambda w: True))
    assert app_module.run(db) == 2
    assert answers.asked[0][0] == "Counterdraft's database is missing" and "is missing" in answers.shown[0]
    assert not db.exists() and windows == []


def test_the_start_up_check_runs_and_finds_an_index_out_of_step(quiet_app, answers, monkeypatch, prompts):
    db = file_database(quiet_app / "deals.db", ["Acme"])
    backup_file(db, "manual")
    break_an_index(db)  # the window's unchecked open does not notice this; only the worker's full check does
    windows: list = []
    give_up = time.monotonic() + 30  # a check that never runs ends the session with 0, not a hang
    monkeypatch.setattr(app_module, "MainWindow",
                        _app_windows(quiet_app, prompts, windows, close_when=lambda w: time.monotonic() > give_up))
    assert app_module.run(db) == 2
    assert len(windows) == 1  # the window opened, then the check on its worker found the damage
    assert answers.asked[0][0] == "Counterdraft's database is damaged" and "is damaged" in answers.shown[0]
    assert [b.kind for b in list_backups(db)] == ["manual"]  # no daily backup of the damaged file


def test_the_window_stores_the_sample_deal_whole_or_not_at_all(window, ui_store, qtbot, monkeypatch, prompts):
    real = Store.add_round
    calls = []

    def third_fails(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise StoreError("The disk is full, so nothing was saved.")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "add_round", third_fails)
    window.open_sample_deal()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=60_000)
    assert prompts.warnings and "disk is full" in prompts.warnings[-1][1]
    assert ui_store.deals() == []  # not a deal with two rounds
    monkeypatch.setattr(Store, "add_round", real)
    window.open_sample_deal()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=60_000)
    (deal,) = ui_store.deals()
    assert deal.name == SAMPLE_DEAL["name"] and deal.round_count == 4


def test_a_part_built_sample_deal_is_built_again_when_opened(window, ui_store, qtbot):
    from desktop.core.pipeline import load_draft

    deal = ui_store.create_deal(**SAMPLE_DEAL)  # as an older Counterdraft killed midway left it
    for file in sample_round_files()[:2]:
        ui_store.add_round(deal, load_draft(file.path), sender=file.sender, date=file.date)
    window.refresh_deals()
    window.open_sample_deal()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=60_000)
    (rebuilt,) = ui_store.deals()
    assert rebuilt.round_count == 4 and window.current_deal.id == rebuilt.id
    assert all(r.changed_count is not None for r in ui_store.rounds(rebuilt.id)[1:])


def test_an_import_overtaken_by_another_program_is_refused_not_stored_stale(qtbot, tmp_path, prompts, ui_settings,
                                                                              monkeypatch):
    from desktop.core.pipeline import load_draft
    from desktop.ui import window_rounds
    from desktop.ui.main_window import MainWindow

    path = tmp_path / "deals.db"
    first, second, third = (file.path for file in sample_round_files()[:3])
    with Store(path) as setup:
        deal_id = setup.create_deal("Acme")
        setup.add_round(deal_id, load_draft(first), sender="them", date="2022-02-01")
    real = window_rounds.prepare_rounds

    def overtaken(*args, **kwargs):
        prepared = real(*args, **kwargs)
        with Store(path, check=False) as other:  # the other program, writing while this import compared
            other.add_round(deal_id, load_draft(second), sender="us", date="2022-02-03")
        return prepared

    monkeypatch.setattr(window_rounds, "prepare_rounds", overtaken)
    store = Store(path, check=False)
    main = MainWindow(store, prompts=prompts, settings=ui_settings)
    qtbot.addWidget(main)
    try:
        main.refresh_deals(select_deal=deal_id)
        main.import_files([third])
        qtbot.waitUntil(lambda: not main.tasks.busy, timeout=60_000)
        ((title, text),) = prompts.warnings
        assert title == "The draft was not imported" and "Another program changed this deal's rounds" in text
        assert [r.file_name for r in store.rounds(deal_id)] == [first.name, second.name]  # no stale round 3
    finally:
        main.close()
        store.close()
