"""Every menu action and every shortcut of the window, triggered as a user would, on three deals.

The crawl runs on an empty database, on the sample deal and on a deal with a PDF round. Each
action is triggered from its menu, then by its keys; whatever dialog or window it opens is
closed. Any exception, logged error or Qt warning fails the test, and so does a crash dialog.
A new action is crawled the day it is added, because the crawl reads the menus themselves.
"""

from __future__ import annotations

import logging

import pytest

from desktop.core.pipeline import load_draft
from desktop.qt import QAction, QApplication, QDialog, QMenu, Qt, QTimer
from desktop.samples import create_sample_deal
from desktop.ui.main_window import MainWindow
from tests.conftest import DATA

# Quitting closes the window the crawl is driving; it is triggered last, on its own.
LAST = {"quit"}


class _Closer:
    """Closes every dialog and extra window that appears while an action runs."""

    def __init__(self, window: MainWindow):
        self.window = window
        self.closed: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self.close_extras)
        self.timer.start()

    def close_extras(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if widget is self.window or not widget.isVisible() or isinstance(widget, QMenu):
                continue
            self.closed.append(type(widget).__name__)
            if isinstance(widget, QDialog):
                widget.reject()
            else:
                widget.close()

    def stop(self) -> None:
        self.timer.stop()
        self.close_extras()


class _Errors(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(self.format(record))


@pytest.fixture
def errors():
    handler = _Errors()
    logging.getLogger().addHandler(handler)
    yield handler.records
    logging.getLogger().removeHandler(handler)


def menu_actions(window: MainWindow) -> list[QAction]:
    """Return every action reachable from the menu bar, submenus included, in menu order."""
    found: list[QAction] = []

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            if action.menu() is not None:
                walk(action.menu())
            else:
                found.append(action)

    for action in window.menuBar().actions():
        if action.menu() is not None:
            walk(action.menu())
    return found


def _name(action: QAction) -> str:
    return action.property("shortcutId") or action.text().replace("&", "")


def _settle(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=60_000)
    qtbot.wait(30)  # lets a dialog opened by a queued call appear and be closed


def crawl(qtbot, window: MainWindow, prompts, prepare=lambda: None) -> list[str]:
    """Trigger every action from its menu, then by each of its keys; return what ran.

    `prepare` puts the window back in the state under test before each action.
    """
    prompts.confirmations.extend([False] * 500)  # never delete what the crawl walks through
    ran = []
    closer = _Closer(window)
    try:
        actions = [a for a in menu_actions(window) if _name(a) not in LAST]
        assert actions, "the menus hold no actions"
        for action in actions:
            window.activateWindow()
            prepare()
            if action.isEnabled():
                action.trigger()
                _settle(qtbot, window)
                ran.append(_name(action))
            # Dedicated keys (Undo, Find, Help) that most keyboards lack cannot be typed by QTest.
            for keys in (k for k in action.shortcuts() if _typeable(k)):
                window.activateWindow()
                prepare()
                qtbot.keySequence(window.focusWidget() or window, keys)
                _settle(qtbot, window)
    finally:
        closer.stop()
    print(f"crawled {len(ran)} actions: {', '.join(ran)}; closed {', '.join(sorted(set(closer.closed)))}")
    return ran


def _typeable(keys) -> bool:
    return keys[0].key().value < Qt.Key.Key_Help.value


def _assert_clean(window, prompts, errors) -> None:
    assert not prompts.crashes, f"a crash dialog: {prompts.crashes}"
    assert not errors, "\n".join(errors)


def test_every_action_on_an_empty_database(window, prompts, qtbot, errors):
    ran = crawl(qtbot, window, prompts)
    assert "new_deal" in ran
    _assert_clean(window, prompts, errors)


def test_every_action_on_the_sample_deal(window, ui_store, prompts, qtbot, errors):
    deal_id = create_sample_deal(ui_store)
    window.refresh_deals(select_deal=deal_id)
    window.deal_view.select_round_row(3)
    ran = crawl(qtbot, window, prompts)
    assert {"export_summary", "compare", "history", "Position matrix…"} <= set(ran)
    _assert_clean(window, prompts, errors)


def test_every_action_on_the_positions_tab_with_a_cell_chosen(window, ui_store, prompts, qtbot, errors):
    deal_id = create_sample_deal(ui_store)
    window.refresh_deals(select_deal=deal_id)

    def on_a_cell() -> None:
        window.positions_tab_action.trigger()
        grid = window.positions_view.grid
        grid.setCurrentIndex(grid.model().index(0, grid.model().columnCount() - 1))
        grid.setFocus()

    # Twice: Edit comes before Position in the menus, so Undo and Redo have work on the second pass.
    ran = crawl(qtbot, window, prompts, prepare=on_a_cell) + crawl(qtbot, window, prompts, prepare=on_a_cell)
    assert {"status_won", "status_conceded", "undo", "redo"} <= set(ran)
    _assert_clean(window, prompts, errors)


def test_every_action_on_a_deal_with_a_pdf_round(window, ui_store, prompts, qtbot, errors):
    deal_id = ui_store.create_deal("PDF deal")
    for name, sender in (("commonpaper-csa-v2.0-2024-02-02.pdf", "them"),):
        ui_store.add_round(deal_id, load_draft(DATA / "pdf" / name), sender=sender, date="2024-02-02")
    ui_store.add_round(deal_id, load_draft(DATA / "md" / "commonpaper-csa-v2.0-2024-02-02.md"),
                       sender="us", date="2024-02-03")
    window.refresh_deals(select_deal=deal_id)
    ran = crawl(qtbot, window, prompts)
    assert "export_redline" in ran
    _assert_clean(window, prompts, errors)


def test_quit_closes_the_window(window, qtbot):
    quit_action = next(a for a in menu_actions(window) if _name(a) == "quit")
    quit_action.trigger()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
