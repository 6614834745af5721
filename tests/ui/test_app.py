"""Starting the app: the first start opens the sample deal; a database it cannot open is exit code 2."""

from __future__ import annotations

import pytest

from desktop.store import Store, StoreError
from desktop.ui import app as app_module
from desktop.ui.main_window import MainWindow
from desktop.ui.qt import QApplication, QMessageBox, QSettings


@pytest.fixture
def quiet_app(monkeypatch, tmp_path, qapp):
    """Keep run() away from the user's log folder and settings, and restore the look afterwards."""
    monkeypatch.setattr(app_module, "log_file", lambda: tmp_path / "counterdraft.log")
    style, palette, font, sheet = qapp.style().name(), qapp.palette(), qapp.font(), qapp.styleSheet()
    yield tmp_path
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)
    qapp.setStyle(style)


def test_a_database_that_cannot_be_opened_is_a_message_and_exit_2(quiet_app, monkeypatch):
    shown = []

    def refuse(path):
        raise StoreError("This database was made by a newer Counterdraft. Update the app to open it.")

    monkeypatch.setattr(app_module, "Store", refuse)
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert app_module.run(quiet_app / "deals.db") == 2
    assert shown == ["This database was made by a newer Counterdraft. Update the app to open it."]


def test_first_start_creates_the_sample_deal_on_a_worker(quiet_app, monkeypatch, prompts):
    windows = []

    class ClosingWindow(MainWindow):
        """The real window, on test settings, closing itself once the sample deal is in."""

        def __init__(self, store, *, log_path=None):
            settings = QSettings(str(quiet_app / "settings.ini"), QSettings.Format.IniFormat)
            super().__init__(store, prompts=prompts, settings=settings, log_path=log_path)
            self.tasks.idle.connect(self.close)
            windows.append(self)

    monkeypatch.setattr(app_module, "MainWindow", ClosingWindow)
    db = quiet_app / "deals.db"
    assert app_module.run(db) == 0
    assert QApplication.applicationName() == "Counterdraft"
    (window,) = windows
    assert window.windowTitle() == "Counterdraft" and not prompts.warnings and not prompts.crashes
    with Store(db) as store:
        (deal,) = store.deals()
        assert deal.name.startswith("Sample") and deal.round_count == 4
    window.deleteLater()
