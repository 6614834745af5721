"""The start-up care of the database, after the window is shown: `PRAGMA integrity_check`, then the day's backup.

Both read every page of the file (seconds on years of deals), so the window opens its Store
with `check=False` and runs them here on a worker thread, each through a read-only or backup
connection of its own: SQLite lets them read while the GUI thread's connection writes. When
the check finds damage, the GUI thread offers the latest sound backup (backup_ui.recover_damaged),
and no daily backup is made of the damaged file. The check is the full one (backup.check_file):
quick_check would pass an index out of step with its table, and the file would be backed up as sound.

This is not a TaskRunner task on purpose: it must not make the window "busy" (which would
hold up an import) for the seconds it takes.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from desktop.qt import QObject, Signal
from desktop.store import backup

log = logging.getLogger("counterdraft.store")


def care_for(path: Path, stop: threading.Event, schedule: str = "daily") -> list[str]:
    """Return what integrity_check finds wrong with the database at `path`; make today's backup if it is sound.

    Runs on a worker thread. A failed daily backup is logged, never reported: as before, it
    must not stop the user from working. A stop leaves no half-made backup.
    """
    problems = backup.check_file(path, stop)
    if problems == [backup.STOPPED] or stop.is_set():
        return []
    if problems:
        log.error("integrity_check of %s: %s", path, "; ".join(problems[:20]))
        return problems
    if backup.daily_backup_due(path, schedule=schedule):
        try:
            backup.backup_file(path, "daily", stop)
        except backup.BackupError as error:
            if not stop.is_set():
                log.warning("The daily backup failed: %s", error)
    return []


class StartupCare(QObject):
    """Runs `care_for` on a thread of its own; `damaged(problems)` and `done()` arrive on the GUI thread."""

    damaged = Signal(list)
    done = Signal()
    _finished = Signal(list)  # emitted on the worker, delivered queued to the GUI thread

    def __init__(self, path: Path, parent: QObject | None = None, *, schedule: str = "daily") -> None:
        super().__init__(parent)
        self.path = path
        self.schedule = schedule  # the Settings choice: "daily", "weekly" or "off"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._finished.connect(self._deliver)

    def start(self) -> None:
        """Start checking (and backing up) the database on the worker."""
        self._thread = threading.Thread(target=self._run, name="counterdraft-startup-care")
        self._thread.start()

    def _run(self) -> None:
        try:
            problems = care_for(self.path, self._stop, self.schedule)
        except Exception:  # noqa: BLE001 - a bug here must not take the window down with it
            log.exception("The start-up check of %s failed", self.path)
            problems = []
        self._finished.emit(problems)

    def _deliver(self, problems: list) -> None:
        if problems and not self._stop.is_set():
            self.damaged.emit(problems)
        self.done.emit()

    @property
    def running(self) -> bool:
        """Return True while the worker is still checking or backing up."""
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        """Stop the worker (a stopped check reports nothing) and wait for it to end."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
