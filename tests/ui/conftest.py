"""Fixtures for starting the whole app (`desktop.ui.app.run`) inside a test."""

from __future__ import annotations

import pytest

from desktop.qt import QSettings
from desktop.ui import app as app_module
from desktop.ui.main_window import MainWindow


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


@pytest.fixture
def first_start(quiet_app, monkeypatch, prompts):
    """Return a function that runs the app on a new database and gives back (exit code, windows, db).

    The window is the real one, on test settings, and closes itself once its background work
    (the sample deal) is done.
    """
    windows: list[MainWindow] = []

    class ClosingWindow(MainWindow):
        def __init__(self, store, *, log_path=None):
            settings = QSettings(str(quiet_app / "settings.ini"), QSettings.Format.IniFormat)
            super().__init__(store, prompts=prompts, settings=settings, log_path=log_path)
            self.tasks.idle.connect(self.close)
            windows.append(self)

    def start():
        monkeypatch.setattr(app_module, "MainWindow", ClosingWindow)
        db = quiet_app / "deals.db"
        return app_module.run(db), windows, db

    return start
