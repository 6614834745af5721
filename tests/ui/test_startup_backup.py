"""Database care in the window: recovery from a damaged file at start-up, Back up now, Restore from backup,
and the crash dialog with its rotating log."""

from __future__ import annotations

import logging.handlers
from pathlib import Path

import platformdirs
import pytest

from desktop.qt import QMessageBox, QSettings, QTimer
from desktop.store import Store
from desktop.store import backup as backup_module
from desktop.store.backup import BackupError, backup_file, backup_folder, list_backups
from desktop.store.schema import DamagedDatabase
from desktop.ui import app as app_module
from desktop.ui import backup_ui
from desktop.ui.main_window import MainWindow
from tests.store.test_backup import damage


def file_database(path: Path, names: list[str]) -> Path:
    """Return a closed database at `path` holding deals with these names and a few hundred clauses."""
    from tests.store.conftest import build_draft

    with Store(path) as store:
        for name in names:
            deal = store.create_deal(name)
            store.add_round(deal, build_draft([f"Clause {n}." for n in range(300)]), sender="them",
                            date="2024-02-01")
    return path


@pytest.fixture
def file_window(qtbot, tmp_path, prompts, ui_settings):
    """Return the main window over a file database holding the deal "Acme"."""
    store = Store(file_database(tmp_path / "counterdraft.db", ["Acme"]))
    main = MainWindow(store, prompts=prompts, settings=ui_settings)
    qtbot.addWidget(main)
    main.show()
    yield main
    main.close()
    store.close()


def test_the_file_menu_offers_backup_and_restore(file_window):
    file_menu = file_window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert "&Back up now" in texts and "&Restore from backup…" in texts
    assert file_window.backup_action.isEnabled() and file_window.restore_action.isEnabled()


def test_an_in_memory_store_has_nothing_to_back_up(window):
    assert not window.backup_action.isEnabled() and not window.restore_action.isEnabled()


def test_back_up_now_makes_a_manual_backup_on_a_worker_and_says_where(qtbot, file_window, prompts):
    with qtbot.waitSignal(file_window.tasks.idle, timeout=10_000):
        file_window.backup_action.trigger()
    (made,) = [b for b in list_backups(file_window.store.path) if b.kind == "manual"]
    assert str(made.path) in file_window.statusBar().currentMessage()
    assert not prompts.warnings


def test_restore_picks_a_backup_confirms_and_reopens_on_it(qtbot, file_window, prompts, monkeypatch):
    path = file_window.store.path
    older = backup_file(path, "manual")
    file_window.store.create_deal("Made after the backup")
    offered = []

    def choose(parent, backups, folder):
        offered.append([b.describe() for b in backups])
        return older.path

    monkeypatch.setattr(backup_ui, "choose_backup", choose)
    replacement = backup_ui.restore_from_backup(file_window)
    assert replacement is not None
    qtbot.addWidget(replacement)
    try:
        assert offered and all(" — " in text and "KB" in text for text in offered[0])
        (title, text) = prompts.questions[-1]
        assert title == "Restore from backup" and "backed up first" in text
        assert [d.name for d in replacement.store.deals()] == ["Acme"]
        assert not file_window.isVisible() and replacement.isVisible()
        assert replacement.statusBar().currentMessage().startswith("Restored the backup of ")
        kinds = [b.kind for b in list_backups(path)]
        assert "pre-restore" in kinds
    finally:
        replacement.close()
        replacement.store.close()


def test_a_backup_that_cannot_be_written_is_one_warning(qtbot, file_window, prompts, monkeypatch):
    def refuse(path, kind):
        raise BackupError("Counterdraft could not write a backup (No space left on device).")

    monkeypatch.setattr(backup_ui, "backup_file", refuse)
    with qtbot.waitSignal(file_window.tasks.idle, timeout=10_000):
        file_window.backup_action.trigger()
    assert prompts.warnings == [("The backup was not made",
                                 "Counterdraft could not write a backup (No space left on device).")]


def test_a_damaged_backup_is_not_restored_and_the_window_reopens_as_it_was(qtbot, file_window, prompts,
                                                                          monkeypatch):
    path = file_window.store.path
    older = backup_file(path, "manual")
    file_window.store.create_deal("Kept")
    damage(older.path)
    monkeypatch.setattr(backup_ui, "choose_backup", lambda parent, backups, folder: older.path)
    replacement = backup_ui.restore_from_backup(file_window)
    qtbot.addWidget(replacement)
    try:
        ((title, text),) = prompts.warnings
        assert title == "The backup was not restored" and "damaged" in text
        assert sorted(d.name for d in replacement.store.deals()) == ["Acme", "Kept"]
        assert "not restored" in replacement.statusBar().currentMessage()
    finally:
        replacement.close()
        replacement.store.close()


def test_restore_cancelled_at_the_confirmation_changes_nothing(file_window, prompts, monkeypatch):
    older = backup_file(file_window.store.path, "manual")
    file_window.store.create_deal("Kept")
    monkeypatch.setattr(backup_ui, "choose_backup", lambda parent, backups, folder: older.path)
    prompts.confirmations.append(False)
    assert backup_ui.restore_from_backup(file_window) is None
    assert sorted(d.name for d in file_window.store.deals()) == ["Acme", "Kept"]


def test_the_backup_picker_lists_dates_reasons_and_sizes(qtbot, tmp_path):
    path = file_database(tmp_path / "counterdraft.db", ["Acme"])
    backup_file(path, "manual")
    Store(path).close()  # the daily backup
    backups = list_backups(path)
    picker = backup_ui.BackupPicker(backups, backup_folder(path))
    qtbot.addWidget(picker)
    shown = [picker.list.item(row).text() for row in range(picker.list.count())]
    assert shown == [b.describe() for b in backups] and len(shown) == 2
    assert picker.chosen() == backups[0].path


def test_a_damaged_database_at_start_up_restores_the_latest_backup_when_asked(tmp_path):
    path = file_database(tmp_path / "counterdraft.db", ["Acme"])
    backup_file(path, "manual")
    damage(path)
    asked = []
    store = backup_ui.open_or_recover(path, ask=lambda title, text: asked.append(text) or True)
    try:
        assert [d.name for d in store.deals()] == ["Acme"]
    finally:
        store.close()
    assert "is damaged" in asked[0] and "Restore the latest backup, from " in asked[0]
    assert any(b.kind == "damaged" for b in list_backups(path))


def test_a_damaged_database_at_start_up_declined_is_a_message_and_exit_2(quiet_app, monkeypatch):
    path = file_database(quiet_app / "deals.db", ["Acme"])
    backup_file(path, "manual")
    damage(path)
    shown = []
    monkeypatch.setattr(backup_ui, "_ask", lambda title, text: False)
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert app_module.run(path) == 2
    assert "is damaged" in shown[0] and str(backup_folder(path)) in shown[0]


def test_a_damaged_database_without_a_backup_is_refused(tmp_path):
    path = file_database(tmp_path / "counterdraft.db", ["Acme"])
    damage(path)
    with pytest.raises(DamagedDatabase, match="No sound backup"):
        backup_ui.open_or_recover(path, ask=lambda title, text: pytest.fail("nothing to offer"))


def test_an_unexpected_error_is_an_apology_with_the_traceback_and_is_logged(quiet_app, monkeypatch, prompts):
    db = file_database(quiet_app / "deals.db", ["Acme"])  # a deal already: no sample deal is built

    class BuggyWindow(MainWindow):
        def __init__(self, store, *, log_path=None):
            settings = QSettings(str(quiet_app / "settings.ini"), QSettings.Format.IniFormat)
            super().__init__(store, prompts=prompts, settings=settings, log_path=log_path)
            QTimer.singleShot(0, self.bug)

        def bug(self):
            QTimer.singleShot(0, self.close)
            raise RuntimeError("an unexpected failure")

    monkeypatch.setattr(app_module, "MainWindow", BuggyWindow)
    assert app_module.run(db) == 0
    ((summary, details),) = prompts.crashes
    prompts.crashes.clear()
    assert summary.startswith("Sorry")
    assert "Traceback" in details and "RuntimeError: an unexpected failure" in details
    log = (quiet_app / "counterdraft.log").read_text(encoding="utf-8")
    assert "Uncaught exception" in log and "RuntimeError: an unexpected failure" in log


def test_the_log_rotates_in_the_user_s_log_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(platformdirs, "user_log_dir", lambda appname, appauthor: str(tmp_path / appname / "log"))
    assert app_module.log_file() == tmp_path / "Counterdraft" / "log" / "counterdraft.log"
    handler = app_module._start_logging()
    try:
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        assert handler.maxBytes > 0 and handler.backupCount >= 1
        logger = logging.getLogger("counterdraft.test")
        for n in range(handler.maxBytes // 500 + 10):
            logger.info("line %d %s", n, "x" * 500)
        assert (tmp_path / "Counterdraft" / "log" / "counterdraft.log.1").exists()
    finally:
        app_module._stop_logging(handler)


def _reported_damaged(monkeypatch, db: Path) -> None:
    """Make the start-up check find `db` (and only it) damaged, as a failing page deep in the file would."""
    real = backup_module.check_file
    monkeypatch.setattr(backup_module, "check_file",
                        lambda path, stop=None: ["Tree 7 page 912: btree damaged"] if path == db else real(path, stop))


def _app_windows(quiet_app, prompts, windows: list, close_when) -> type:
    class Window(MainWindow):
        def __init__(self, store, *, log_path=None, **kwargs):
            settings = QSettings(str(quiet_app / "settings.ini"), QSettings.Format.IniFormat)
            super().__init__(store, prompts=prompts, settings=settings, log_path=log_path)
            windows.append(self)
            timer = QTimer(self)
            timer.timeout.connect(lambda: close_when(self) and self.close())
            timer.start(20)

    return Window


def test_the_window_opens_unchecked_then_checks_and_backs_up_on_a_worker(quiet_app, monkeypatch, prompts):
    db = file_database(quiet_app / "deals.db", ["Acme"])
    opened = []
    real_store = app_module.Store
    monkeypatch.setattr(app_module, "Store", lambda path, **kw: opened.append(kw) or real_store(path, **kw))
    windows: list = []
    window_type = _app_windows(quiet_app, prompts, windows,
                               close_when=lambda w: any(b.kind == "daily" for b in list_backups(db)))
    monkeypatch.setattr(app_module, "MainWindow", window_type)
    assert app_module.run(db) == 0
    assert opened == [{"check": False}] and len(windows) == 1
    (daily,) = list_backups(db)
    assert daily.kind == "daily" and not backup_module.check_file(daily.path)


def test_damage_found_after_the_window_opened_restores_the_latest_backup_when_asked(quiet_app, monkeypatch,
                                                                                   prompts):
    db = file_database(quiet_app / "deals.db", ["Acme"])
    backup_file(db, "manual")
    with Store(db) as store:
        store.create_deal("Made after the backup")
    _reported_damaged(monkeypatch, db)
    asked = []
    monkeypatch.setattr(backup_ui, "_ask", lambda title, text: asked.append(text) or True)
    windows: list = []
    monkeypatch.setattr(app_module, "MainWindow",
                        _app_windows(quiet_app, prompts, windows, close_when=lambda w: w is not windows[0]))
    assert app_module.run(db) == 0
    assert "is damaged" in asked[0] and "Restore the latest backup, from " in asked[0]
    assert len(windows) == 2  # the window on the restored file replaced the first one
    assert deal_names_of(db) == ["Acme"]
    assert list_backups(db)[0].kind == "damaged"  # the replaced file, kept as it was


def test_damage_found_after_the_window_opened_declined_is_a_message_and_exit_2(quiet_app, monkeypatch, prompts):
    db = file_database(quiet_app / "deals.db", ["Acme"])
    backup_file(db, "manual")
    _reported_damaged(monkeypatch, db)
    monkeypatch.setattr(backup_ui, "_ask", lambda title, text: False)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    windows: list = []
    monkeypatch.setattr(app_module, "MainWindow", _app_windows(quiet_app, prompts, windows, close_when=lambda w: False))
    assert app_module.run(db) == 2
    assert "is damaged" in shown[0] and str(backup_folder(db)) in shown[0]
    assert [b.kind for b in list_backups(db)] == ["manual"]  # no daily backup of a damaged file


def deal_names_of(path: Path) -> list[str]:
    with Store(path) as store:
        return sorted(d.name for d in store.deals())
