"""Starting the window: the QApplication, the log file, the database and the first-start sample deal."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path

import platformdirs

from desktop.core.model import UserFacingError
from desktop.store import Store
from desktop.ui.backup_ui import open_or_recover
from desktop.ui.dialogs import Prompts
from desktop.ui.look import apply_look
from desktop.ui.main_window import MainWindow
from desktop.ui.qt import QApplication, QMessageBox

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
    apply_look(app)
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


def _run_window(app: QApplication, db_path: Path | None, log_path: Path | None) -> int:
    try:
        # quick_check runs as the Store opens; a damaged file offers its latest backup.
        store = open_or_recover(db_path if db_path is not None else Store.default_path(), opener=Store)
    except UserFacingError as exc:
        QMessageBox.critical(None, "Counterdraft cannot open its database", str(exc))
        return 2
    window = MainWindow(store, log_path=log_path)
    fallback = Prompts(None, log_path=log_path)

    def on_uncaught(kind, exc, tb) -> None:
        # A bug in a slot: log it and show it rather than letting it vanish into stderr.
        log.error("Uncaught exception", exc_info=(kind, exc, tb))
        _shown_prompts(fallback).crash(CRASH_SUMMARY, "".join(traceback.format_exception(kind, exc, tb)))

    previous_hook = sys.excepthook
    sys.excepthook = on_uncaught
    try:
        window.show()
        if not store.deals():
            window.open_sample_deal()
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        store.close()
