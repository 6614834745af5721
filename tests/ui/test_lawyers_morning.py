"""A lawyer's morning, through the real window and its real dialogs, by keyboard and mouse.

Open the app on a database file; start a deal; import a round with a wrong date, fix the date,
delete the round and import it again, then two more rounds; set three statuses on the sample deal, undo one and
switch deals; export the summary, the issues list and a whole-round Word redline; print two vendors' papers
from the Compare window through the real Print dialog. Every modal dialog is the
real one (file dialogs included) and is answered as a person would, by typing. Any exception,
logged warning or Qt warning fails the test.

It runs offscreen in the suite. To run it under a real X server:
`xvfb-run -a env QT_QPA_PLATFORM=xcb .venv/bin/python -m pytest tests/ui/test_lawyers_morning.py`
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.qt import QApplication, QDialog, QFileDialog, QLineEdit, QMessageBox, QPushButton, QSettings, Qt, QTimer
from desktop.samples import SAMPLE_DEAL, create_sample_deal
from desktop.store import Store
from desktop.ui.dialogs import DealDialog, RoundDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.round_details import RoundDetailsDialog
from desktop.ui.tour import DISMISSED_KEY
from tests.conftest import DATA

WAIT = 60_000
DRAFT = DATA / "docx" / "commonpaper-csa-v1.0-final-2022-02-03.docx"


class Dialogs:
    """Answers each modal dialog as it opens, in the order the script expects them."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.steps: deque[tuple[type, Callable]] = deque()
        self.answered: list[str] = []
        self.unexpected: list[str] = []
        self._seen: list[QDialog] = []  # the dialogs themselves: a new one may reuse a closed one's id
        self.timer = QTimer()
        self.timer.setInterval(25)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def expect(self, kind: type, answer: Callable) -> None:
        self.steps.append((kind, answer))

    def _tick(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or any(dialog is seen for seen in self._seen) or not dialog.isVisible():
            return
        self._seen.append(dialog)
        if not self.steps or not isinstance(dialog, self.steps[0][0]):
            self.unexpected.append(f"{type(dialog).__name__}: {dialog.windowTitle()}")
            dialog.reject()
            return
        kind, answer = self.steps.popleft()
        self.answered.append(kind.__name__)
        # Answered from the event loop, not inside this tick: a dialog the answer opens (a
        # question, a Save dialog) is then seen by the next tick.
        QTimer.singleShot(0, lambda: answer(dialog))

    def done(self) -> bool:
        return not self.steps

    def stop(self) -> None:
        self.timer.stop()


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    """Select what the field holds and type `text` over it, as a person would."""
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)


def press_enter(qtbot, dialog: QDialog) -> None:
    focus = dialog.focusWidget() or dialog
    qtbot.keyClick(focus, Qt.Key.Key_Return)


def choose_file(qtbot, path: Path) -> Callable[[QFileDialog], None]:
    """Return an answer that opens `path`'s folder in a file dialog, types its name and presses Enter.

    (Typing a whole path letter by letter races the dialog's own completion: "/" alone already
    takes it to the root folder.)
    """
    def answer(dialog: QFileDialog) -> None:
        dialog.setDirectory(str(path.parent))
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None, "the file dialog has no name field"
        type_into(qtbot, name, path.name)
        qtbot.keyClick(name, Qt.Key.Key_Return)
    return answer


def click(qtbot, dialog: QDialog, words: str) -> None:
    button = next(b for b in dialog.findChildren(QPushButton) if b.text().replace("&", "") == words)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


class Log(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def morning(qtbot, tmp_path, monkeypatch):
    """Return (window, dialogs, log): the app opened on a database file holding the sample deal."""
    # Real file dialogs, but Qt's own (the same on every desktop), so the test can type in them.
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", _qt_dialog(QFileDialog.getOpenFileNames))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", _qt_dialog(QFileDialog.getSaveFileName))
    log = Log()
    logging.getLogger().addHandler(log)
    store = Store(tmp_path / "deals.db")
    create_sample_deal(store)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(DISMISSED_KEY, True)  # the first-run tour was seen on an earlier morning
    window = MainWindow(store, settings=settings, log_path=tmp_path / "counterdraft.log")
    window.export_hooks = type(window.export_hooks)(window.export_hooks.choose_path, lambda path: True)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    dialogs = Dialogs(qtbot)
    yield window, dialogs, log
    dialogs.stop()
    logging.getLogger().removeHandler(log)
    assert not window.tasks.busy
    window.close()
    store.close()


def _qt_dialog(static):
    def call(*args, **kwargs):
        options = kwargs.pop("options", QFileDialog.Option(0)) | QFileDialog.Option.DontUseNativeDialog
        return static(*args, options=options, **kwargs)
    return call


def _run(qtbot, window: MainWindow, dialogs: Dialogs, action) -> None:
    """Trigger `action`, wait until every expected dialog was answered and the window is idle."""
    QTimer.singleShot(0, action.trigger)
    try:
        qtbot.waitUntil(lambda: dialogs.done() and not window.tasks.busy, timeout=WAIT)
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=WAIT)
    finally:
        assert not dialogs.unexpected, (dialogs.unexpected, dialogs.answered)
        modal = QApplication.activeModalWidget()
        assert dialogs.done(), f"waiting for {dialogs.steps[0][0].__name__}; on screen: {modal!r}"


def press(qtbot, window: MainWindow, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press a window shortcut where the keyboard focus is, as a person's key press lands."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)


def _deal_row(window: MainWindow, name: str) -> int:
    model = window.deals_model
    return next(r for r in range(model.rowCount()) if name in model.index(r, 0).data())


def _select_deal(qtbot, window: MainWindow, name: str) -> None:
    index = window.deals_model.index(_deal_row(window, name), 0)
    rect = window.deals_list.visualRect(index)
    qtbot.mouseClick(window.deals_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_deal is not None and window.current_deal.name == name


# The offscreen platform says these when a file dialog's completer pops up; a real X server does not.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard|propagateSizeHints)")
def test_a_lawyers_morning(morning, qtbot, tmp_path):
    window, dialogs, log = morning
    store = window.store

    # A new deal, typed into the New deal dialog.
    def new_deal(dialog: DealDialog) -> None:
        type_into(qtbot, dialog.name, "Acme AI licence")
        type_into(qtbot, dialog.counterparty, "Acme AI, Inc.")
        press_enter(qtbot, dialog)
    dialogs.expect(DealDialog, new_deal)
    _run(qtbot, window, dialogs, window.new_deal_action)
    acme = store.deal_by_name("Acme AI licence")
    assert acme is not None and window.current_deal.id == acme.id

    # Import a round with a wrong date.
    def wrong_date(dialog: RoundDialog) -> None:
        type_into(qtbot, dialog.date.edit, "1 Jan 2020")
        assert dialog.date.iso() == "2020-01-01"
        press_enter(qtbot, dialog)
    dialogs.expect(QFileDialog, choose_file(qtbot, DRAFT))
    dialogs.expect(RoundDialog, wrong_date)
    _run(qtbot, window, dialogs, window.import_action)
    (imported,) = store.rounds(acme.id)
    assert imported.date == "2020-01-01" and imported.file_name == DRAFT.name

    # Fix the date in Round details…, typing it the way a lawyer writes it.
    def right_date(dialog: RoundDetailsDialog) -> None:
        type_into(qtbot, dialog.date.edit, "3 Feb 2022")
        press_enter(qtbot, dialog)
    window.deal_view.select_round_row(0)
    dialogs.expect(RoundDetailsDialog, right_date)
    _run(qtbot, window, dialogs, window.corrections.round_details)
    assert store.rounds(acme.id)[0].date == "2022-02-03"

    # Delete the round: the Delete key in the Rounds table, then the confirmation's button.
    dialogs.expect(QMessageBox, lambda box: click(qtbot, box, "Delete round"))
    table = window.deal_view.rounds_table
    table.setFocus()
    QTimer.singleShot(0, lambda: qtbot.keyClick(table, Qt.Key.Key_Delete))
    qtbot.waitUntil(lambda: dialogs.done() and not window.tasks.busy, timeout=WAIT)
    qtbot.waitUntil(lambda: not store.rounds(acme.id), timeout=WAIT)

    # And import it again, this time with the date the dialog offers.
    dialogs.expect(QFileDialog, choose_file(qtbot, DRAFT))
    dialogs.expect(RoundDialog, lambda dialog: press_enter(qtbot, dialog))
    _run(qtbot, window, dialogs, window.import_action)
    (again,) = store.rounds(acme.id)
    assert again.file_name == DRAFT.name and again.date == "2022-02-03"  # the date in the file's name

    # Two more rounds: their v2.0 in Word, then our reply (the same words, as Markdown).
    for path in (DATA / "docx" / "commonpaper-csa-v2.0-2024-02-02.docx",
                 DATA / "md" / "commonpaper-csa-v2.0-2024-02-02.md"):
        dialogs.expect(QFileDialog, choose_file(qtbot, path))
        dialogs.expect(RoundDialog, lambda dialog: press_enter(qtbot, dialog))
        _run(qtbot, window, dialogs, window.import_action)
    rounds = store.rounds(acme.id)
    assert [(r.round_no, r.date) for r in rounds] == [(1, "2022-02-03"), (2, "2024-02-02"), (3, "2024-02-02")]
    assert rounds[2].substantive_count == 0  # the same words in another format

    # Three statuses on the sample deal's latest round, by key; Undo takes back the last.
    _select_deal(qtbot, window, SAMPLE_DEAL["name"])
    sample = window.current_deal
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.deal_view.tabs.currentWidget() is window.positions_view
    grid = window.positions_view.grid
    latest = grid.model().columnCount() - 1
    keys = (Qt.Key.Key_W, Qt.Key.Key_C, Qt.Key.Key_P)
    for row, key in enumerate(keys):
        cell = grid.visualRect(grid.model().index(row, latest)).center()
        qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=cell)
        qtbot.keyClick(grid, key)
    last_round = store.rounds(sample.id)[-1].id

    def set_by_user() -> dict:
        return {key: s.status for (key, draft), s in store.position_statuses(sample.id).items()
                if draft == last_round and not s.suggested}

    assert sorted(set_by_user().values()) == ["compromise", "conceded", "won"]
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sorted(set_by_user().values()) == ["conceded", "won"]
    assert window.undo_action.isEnabled()  # two edits are left to undo

    # Switch deals: Undo now belongs to Acme's history and leaves the sample deal alone.
    sample_undo = window.undo_action.text()
    _select_deal(qtbot, window, "Acme AI licence")
    assert window.undo_action.text() != sample_undo
    assert not any(words in window.undo_action.text() for words in ("won", "conceded", "compromise"))
    _select_deal(qtbot, window, SAMPLE_DEAL["name"])
    assert window.undo_action.text() == sample_undo
    assert sorted(set_by_user().values()) == ["conceded", "won"]

    # Export the summary of the sample deal, through the real Save dialog.
    summary = tmp_path / "out" / "Sample summary.pdf"
    summary.parent.mkdir()

    def export(action, path: Path) -> None:
        """Open an export dialog, press Export…, type the file's name in the Save dialog, then Close."""
        panels: list[QDialog] = []

        def press_export(panel: QDialog) -> None:
            panels.append(panel)
            dialogs.expect(QFileDialog, choose_file(qtbot, path))
            QTimer.singleShot(0, lambda: click(qtbot, panel, "Export…"))  # answered from the next tick

        dialogs.expect(QDialog, press_export)
        QTimer.singleShot(0, action.trigger)
        qtbot.waitUntil(lambda: dialogs.done() and path.exists() and not window.tasks.busy, timeout=WAIT)
        assert not dialogs.unexpected, dialogs.unexpected
        click(qtbot, panels[0], "Close")
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=WAIT)

    export(window.export_summary_action, summary)
    assert summary.read_bytes().startswith(b"%PDF")

    # The issues list for the client's spreadsheet.
    issues = tmp_path / "out" / "issues.xlsx"
    export(window.export_issues_action, issues)
    assert issues.read_bytes().startswith(b"PK")

    # And a Word redline of the whole of round 4 against round 3.
    redline = tmp_path / "out" / "round 4 redline.docx"
    window.deal_view.select_round_row(3)
    export(window.export_redline_action, redline)
    assert redline.read_bytes().startswith(b"PK")

    # Print two vendors' papers side by side from the Compare window, through the real Print dialog
    # (its printer set to write a PDF, as "Print to File" does where no printer is installed).
    from desktop.qt import QPrintDialog
    from desktop.ui.compare_picker import DraftSource
    from desktop.ui.compare_window import CompareWindow

    vendors = DATA / "md" / "pairs" / "saas-cloud-terms"
    compare = CompareWindow(store, window.prompts, window.playbook, parent=window)
    compare.show()
    a, b = vendors / "bonterms-cloud-terms-v1.0.md", vendors / "commonpaper-csa-v2.md"
    compare.compare(DraftSource(a.name, path=a), DraftSource(b.name, path=b))
    qtbot.waitUntil(lambda: not compare.tasks.busy, timeout=WAIT)
    printed = tmp_path / "out" / "vendors.pdf"

    def print_to_file(dialog: QPrintDialog) -> None:
        where = dialog.findChild(QLineEdit, "filename")  # "Print to File (PDF)": the file's name
        assert where is not None and where.isVisible()
        type_into(qtbot, where, str(printed))
        click(qtbot, dialog, "Print")

    dialogs.expect(QPrintDialog, print_to_file)
    QTimer.singleShot(0, compare.print_action.trigger)
    qtbot.waitUntil(lambda: dialogs.done() and not compare.tasks.busy and printed.exists(), timeout=WAIT)
    assert not dialogs.unexpected, dialogs.unexpected
    assert printed.read_bytes().startswith(b"%PDF")
    compare.close()

    assert dialogs.answered.count("QFileDialog") == 7
    assert not log.lines, "\n".join(log.lines)
