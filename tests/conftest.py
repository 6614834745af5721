"""Fixtures for the window's tests, and a guard that fails any test leaving a worker running.

Qt is told to draw offscreen before anything imports it, so the tests run without a display.
Nothing here imports PySide6 at module level: the core tests must run without it.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DATA = Path(__file__).parent / "data"
UI_TESTS = Path(__file__).parent / "ui"


def pytest_addoption(parser):
    # Without pytest-qt (the core tests on a venv without PySide6, `make test-core`), its ini
    # options in pyproject.toml would be unknown, and an unknown option is a warning: an error here.
    try:
        import pytestqt  # noqa: F401
    except ImportError:
        parser.addini("qt_api", "pytest-qt's Qt binding (unused without pytest-qt)")
        parser.addini("qt_log_level_fail", "pytest-qt's log level that fails a test (unused without pytest-qt)")


def pytest_collection_modifyitems(items):
    # The offscreen platform says this whenever a top-level window is shown; it is not a
    # problem of ours, and every other Qt warning still fails the test.
    for item in items:
        if UI_TESTS in item.path.parents:
            item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"))


@pytest.fixture(autouse=True)
def _dangling_workers():
    """Fail a test that leaves background work running (napari's `_dangling_qthreads` idea)."""
    yield
    tasks = sys.modules.get("desktop.ui.tasks")
    if tasks is None:
        return
    left = [task.title for task in tasks.running_tasks()]
    busy = tasks.worker_pool().activeThreadCount()
    if left or busy:
        tasks.stop_all()
        pytest.fail(f"the test left background work running: {left or busy}")


@dataclass
class FakePrompts:
    """Answers the window's questions from lists the test fills, and records every message."""

    deals: list = field(default_factory=list)  # DealForm answers for New deal
    names: list = field(default_factory=list)  # answers for Rename
    rounds: list = field(default_factory=list)  # RoundDetails answers; empty → accept the defaults
    files: list = field(default_factory=list)  # answers for the Import file dialog
    confirmations: list = field(default_factory=list)  # bools; empty → True
    warnings: list = field(default_factory=list)  # (title, text) shown
    crashes: list = field(default_factory=list)  # (summary, details) shown
    questions: list = field(default_factory=list)  # (title, text) asked
    asked_rounds: list = field(default_factory=list)  # (file name, round no, default sender, default date)
    date_sources: list = field(default_factory=list)  # where each default date came from
    sides: list = field(default_factory=list)  # the side each New deal form opened on
    playbook_edits: int = 0  # how often the Playbook dialog was asked for
    # Round details… and Deal details…: each answer is a function given the real dialog, which
    # it fills in (keys, clicks) and returns whether to accept; empty → cancel.
    round_edits: list = field(default_factory=list)
    deal_edits: list = field(default_factory=list)
    opened: list = field(default_factory=list)  # (path, bytes) of each file opened with the desktop

    def warn(self, title: str, text: str) -> None:
        self.warnings.append((title, text))

    def crash(self, summary: str, details: str) -> None:
        self.crashes.append((summary, details))

    def confirm(self, title: str, text: str, action: str) -> bool:
        self.questions.append((title, text))
        return self.confirmations.pop(0) if self.confirmations else True

    def new_deal(self, existing_names, our_side="customer"):
        self.sides.append(our_side)
        return self.deals.pop(0) if self.deals else None

    def rename_deal(self, current, existing_names):
        return self.names.pop(0) if self.names else None

    def round_details(self, file_name, round_no, sender, date: datetime.date, *, date_source=""):
        from desktop.ui.dialogs import RoundDetails

        self.asked_rounds.append((file_name, round_no, sender, date))
        self.date_sources.append(date_source)
        if self.rounds:
            return self.rounds.pop(0)
        return RoundDetails(sender=sender, date=date.isoformat())

    def edit_round(self, round_row, deal_name):
        from desktop.ui.round_details import RoundDetailsDialog

        return self._answer(RoundDetailsDialog(round_row, deal_name), self.round_edits, "details")

    def edit_deal(self, deal, existing_names):
        from desktop.ui.dialogs import DealDialog

        return self._answer(DealDialog(existing_names, editing=deal), self.deal_edits, "form")

    @staticmethod
    def _answer(dialog, answers, result):
        try:
            return getattr(dialog, result)() if answers and answers.pop(0)(dialog) else None
        finally:
            dialog.close()
            dialog.deleteLater()

    def open_file(self, path) -> bool:
        self.opened.append((Path(path), Path(path).read_bytes()))
        return True

    def edit_playbook(self, store, shipped) -> bool:
        self.playbook_edits += 1
        return False

    def open_drafts(self):
        return self.files.pop(0) if self.files else []


@pytest.fixture
def prompts():
    """Return a FakePrompts that answers every question without a modal dialog."""
    return FakePrompts()


@pytest.fixture
def ui_settings(tmp_path):
    """Return QSettings on a temporary .ini file, never the user's own settings."""
    from desktop.qt import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def ui_store():
    """Return an empty in-memory Store, closed after the test."""
    from desktop.store import Store

    store = Store(None)
    yield store
    store.close()


@pytest.fixture
def window(qtbot, ui_store, prompts, ui_settings):
    """Return the real main window over an in-memory store, with recording prompts."""
    from desktop.ui.main_window import MainWindow

    main = MainWindow(ui_store, prompts=prompts, settings=ui_settings)
    # Nothing opens in the desktop's programs during a test: Open original and an export's
    # Open are recorded instead.
    main.export_hooks = dataclasses.replace(main.export_hooks, open_file=prompts.open_file)
    qtbot.addWidget(main)
    main.show()
    yield main
    # Checked before closing, because closing would cancel and hide a stray worker.
    assert not main.tasks.busy, "the test left an import running"
    main.close()
    assert not prompts.crashes, f"the window showed a crash dialog: {prompts.crashes}"


@pytest.fixture
def csa_md():
    """Return two real rounds of the Common Paper CSA as Markdown (v1.0 final, then v2.0)."""
    return (
        DATA / "md" / "commonpaper-csa-v1.0-final-2022-02-03.md",
        DATA / "md" / "commonpaper-csa-v2.0-2024-02-02.md",
    )
