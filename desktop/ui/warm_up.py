"""After the window is shown: prepare what the first import needs, then set start-up's objects aside.

Two things made the first import of a session freeze the window for 30–50 ms at a time,
though its work runs on a worker thread:
- the positions detector: loading the shipped model (a 17 ms `json.loads`, which holds the
  GIL throughout) and compiling the playbook's cues (~90 ms);
- Python's full garbage collections, which stop every thread while they walk every object
  alive, most of them made at start-up (Qt wrappers, modules, the deal list).

So once the window is up, a worker compiles the detector for the deals' playbook, and then
`gc.freeze()` moves everything alive into the permanent generation, which later collections
skip: a full collection during an import took 50 ms before and 11–15 ms after
(tests/benchmarks/suite_probe.py). Objects made later are collected as usual.
"""

from __future__ import annotations

import gc
import logging
import threading

from desktop.core.playbook import Playbook
from desktop.qt import QObject, Signal

log = logging.getLogger("counterdraft.ui")


class WarmUp(QObject):
    """Compiles the positions detector on a thread of its own; `done` arrives on the GUI thread."""

    done = Signal()
    _finished = Signal()  # emitted on the worker, delivered queued to the GUI thread

    def __init__(self, playbook: Playbook, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.playbook = playbook
        self._thread: threading.Thread | None = None
        self._finished.connect(self._deliver)

    def start(self) -> None:
        """Start compiling; this is not a task, so the window is never "busy" for it."""
        self._thread = threading.Thread(target=self._run, name="counterdraft-warm-up")
        self._thread.start()

    def _run(self) -> None:
        from desktop.core.positions import detector_for

        try:
            detector_for(self.playbook)
        except Exception:  # noqa: BLE001 - the import compiles it again and reports any problem
            log.exception("Preparing the positions detector failed")
        self._finished.emit()

    def _deliver(self) -> None:
        gc.freeze()
        self.done.emit()

    def wait(self) -> None:
        """Wait for the worker to end (the window is closing)."""
        if self._thread is not None:
            self._thread.join()
