"""Fixtures for starting the whole app (`desktop.ui.app.run`) inside a test."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.qt import QSettings
from desktop.ui import app as app_module
from desktop.ui.compare_picker import DraftSource
from desktop.ui.compare_window import CompareWindow
from desktop.ui.exporting import ExportHooks
from desktop.ui.main_window import MainWindow

PLAYBOOK = load_playbook(default_playbook_path())


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


# The Compare window, shared by its test files (test_compare_view.py keeps its own, which
# also answers the picker's file dialog and waits for the panes' layout).
@pytest.fixture
def compare_window(qtbot, ui_store, prompts):
    """Return a shown Compare window whose Save dialog answers from `window.answers` and opens nothing."""
    window = CompareWindow(ui_store, prompts, lambda: PLAYBOOK)
    qtbot.addWidget(window)
    window.answers = []
    window.export_hooks = ExportHooks(choose_path=lambda parent, title, suggested, filter_text:
                                      window.answers.pop(0), open_file=lambda path: True)
    window.resize(1300, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    assert not window.tasks.busy, "the test left work running"
    window.close()
    assert not prompts.crashes, f"the window showed a crash dialog: {prompts.crashes}"


def compared(qtbot, window: CompareWindow, a: Path, b: Path) -> CompareWindow:
    with qtbot.waitSignal(window.shown, timeout=60_000):
        window.compare(DraftSource(a.name, path=a), DraftSource(b.name, path=b))
    return window
