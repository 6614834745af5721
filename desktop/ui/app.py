"""Starting the window: the QApplication, the log file, the database and the first-start sample deal."""

from __future__ import annotations

import functools
import logging
import logging.handlers
import sys
import traceback
from pathlib import Path

import platformdirs

from desktop.core.model import UserFacingError
from desktop.qt import QApplication, QMessageBox, QSettings
from desktop.store import Store
from desktop.store.schema import DamagedDatabase, damaged_message
from desktop.ui import backup_ui
from desktop.ui.backup_ui import open_or_recover
from desktop.ui.dialogs import Prompts
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import apply_saved_look, backup_schedule, database_path
from desktop.ui.startup_care import StartupCare
from desktop.ui.warm_up import WarmUp

log = logging.getLogger("counterdraft.ui")
CRASH_SUMMARY = "Sorry — Counterdraft hit a bug it did not expect."


def log_file() -> Path:
    """Return the path of the log file, creating its folder."""
    folder = Path(platformdirs.user_log_dir("Counterdraft", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "counterdraft.log"


def _start_logging() -> logging.FileHandler | None:
    """Return the handler writing bugs to the log file, or None when the file cannot be opened."""
    try:
        path = log_file()
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None  # a read-only profile must not stop the app; the crash dialog shows the traceback
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("counterdraft")
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return handler


def _stop_logging(handler: logging.FileHandler | None) -> None:
    if handler is not None:
        logging.getLogger("counterdraft").removeHandler(handler)
        handler.close()


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Counterdraft")
    app.setOrganizationName("Counterdraft")
    app.setOrganizationDomain("counterdraft.app")
    return app  # type: ignore[return-value]


def run(db_path: Path | None) -> int:
    """Return the exit code of the window's session on the database at `db_path` (default: the user's)."""
    app = _application()
    apply_saved_look(app, QSettings())  # the user's theme and font size (Settings)
    handler = _start_logging()
    try:
        return _run_window(app, db_path, Path(handler.baseFilename) if handler else None)
    finally:
        _stop_logging(handler)


def _shown_prompts(fallback: Prompts):
    """Return the prompts of the main window on screen (a restore from backup replaces it)."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            return widget.prompts
    return fallback


def _open_window(db_path: Path, log_path: Path | None) -> tuple[Store, MainWindow]:
    """Return the Store at `db_path` and the main window on it, neither shown yet.

    The Store opens without its check (StartupCare runs the full one once the window is
    shown). Damage bad enough to stop the window being built falls back to the checked open,
    which refuses the file or restores its latest backup.
    """
    store = open_or_recover(db_path, opener=functools.partial(Store, check=False))
    try:
        return store, MainWindow(store, log_path=log_path)
    except DamagedDatabase:
        store.close()
    store = open_or_recover(db_path, opener=Store)
    try:
        return store, MainWindow(store, log_path=log_path)
    except BaseException:
        store.close()
        raise


def _on_damaged(app: QApplication, window: MainWindow) -> None:
    """The start-up check found the database damaged: restore its latest backup, or say so and quit."""
    path = window.store.path
    if backup_ui.recover_damaged(window) is not None:
        return
    QMessageBox.critical(None, "Counterdraft cannot open its database", damaged_message(path))
    # Hidden, not closed: closing the last window would post a second quit, left pending
    # once this session's event loop has ended.
    window.hide()
    app.exit(2)


def _start_warm_up(window: MainWindow) -> WarmUp | None:
    """Prepare the first import's detector on a worker (desktop/ui/warm_up.py); None if the playbook is unreadable."""
    try:
        playbook = window.playbook()
    except UserFacingError:
        return None  # the import says what is wrong with the playbook
    warm_up = WarmUp(playbook)
    warm_up.start()
    return warm_up


def _run_window(app: QApplication, db_path: Path | None, log_path: Path | None) -> int:
    try:
        store, window = _open_window(db_path if db_path is not None else database_path(QSettings()), log_path)
    except UserFacingError as exc:
        QMessageBox.critical(None, "Counterdraft cannot open its database", str(exc))
        return 2
    fallback = Prompts(None, log_path=log_path)

    def on_uncaught(kind, exc, tb) -> None:
        # A bug in a slot: log it and show it rather than letting it vanish into stderr.
        log.error("Uncaught exception", exc_info=(kind, exc, tb))
        _shown_prompts(fallback).crash(CRASH_SUMMARY, "".join(traceback.format_exception(kind, exc, tb)))

    care = StartupCare(store.path, schedule=backup_schedule(QSettings())) if store.path is not None else None
    warm_up: WarmUp | None = None
    previous_hook = sys.excepthook
    sys.excepthook = on_uncaught
    try:
        window.show()
        if care is not None:
            care.damaged.connect(lambda problems: _on_damaged(app, window))
            care.start()  # integrity_check and the day's backup, on a worker
        if not store.deals():
            window.open_sample_deal()
        warm_up = _start_warm_up(window)
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        if warm_up is not None:
            warm_up.wait()
        if care is not None:
            care.stop()
        store.close()
