"""How the compare view behaves on two ~100-page drafts: time to open, and how long the GUI thread blocks.

Run: `python -m tests.benchmarks.bench_compare_view`. The pair is eval_compare's synthetic
100-page pair (~50k words of real contract text, ~1,250 clauses a side; B has a section
inserted, edits, deletions, insertions and moves), compared beforehand as the worker would.
It then measures, in the real Compare window shown offscreen:

- open: from the comparison being ready (`CompareWindow._show`) to the first paint of the panes;
- the longest gap between ticks of a 5 ms repeating QTimer on the GUI thread while the view
  opens (until its batched layout is done), while scrolling through the whole document a
  step at a time, side by side and as one combined redline, and while walking every change
  with Next change.

Bars: open ≤ 300 ms; every longest gap ≤ 50 ms. Exits 1 when one is missed.
"""

from __future__ import annotations

import os
import sys
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.core.playbook import default_playbook_path, load_playbook  # noqa: E402
from desktop.display.compare_rows import DraftInput, prepare_comparison  # noqa: E402
from desktop.qt import QApplication, QEvent, QEventLoop, QObject, QTimer  # noqa: E402
from desktop.store import Store  # noqa: E402
from desktop.ui.compare_window import CompareWindow  # noqa: E402
from desktop.ui.theme import apply_look  # noqa: E402
from tests.benchmarks.eval_compare import CORPUS, print_table, synthetic_drafts, tree  # noqa: E402

OPEN_BAR_MS = 300.0
GAP_BAR_MS = 50.0
TICK_MS = 5


class Ticks(QObject):
    """A 5 ms repeating timer on the GUI thread that remembers the longest gap between its ticks."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.longest = 0.0
        self._last = 0.0

    def start(self) -> None:
        self.longest, self._last = 0.0, time.perf_counter()
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def stop(self) -> float:
        """Stop and return the longest gap in milliseconds."""
        self._tick()
        self.timer.stop()
        return 1000 * self.longest


class FirstPaint(QObject):
    """Notes when a widget is first painted."""

    def __init__(self) -> None:
        super().__init__()
        self.at: float | None = None

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and self.at is None:
            self.at = time.perf_counter()
        return False


def run_for(milliseconds: int) -> None:
    """Run the event loop for a while (the benchmark's own waiting; the app never does this)."""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def scroll_through(pane, ticks: Ticks) -> tuple[float, int]:
    """Scroll `pane` from top to bottom a step per timer event; return (longest gap ms, steps)."""
    bar = pane.verticalScrollBar()
    bar.setValue(0)
    loop = QEventLoop()
    steps = [0]

    def step() -> None:
        if bar.value() >= bar.maximum():
            loop.quit()
            return
        bar.setValue(bar.value() + bar.pageStep() // 2)
        steps[0] += 1

    timer = QTimer()
    timer.setInterval(8)
    timer.timeout.connect(step)
    ticks.start()
    timer.start()
    loop.exec()
    timer.stop()
    return ticks.stop(), steps[0]


def walk_changes(view, ticks: Ticks) -> tuple[float, int]:
    """Press Next change through every change, one per timer event; return (longest gap ms, changes)."""
    loop = QEventLoop()
    walked = [0]

    def step() -> None:
        if not view.go_to_change(forward=True):
            loop.quit()
            return
        walked[0] += 1

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(step)
    ticks.start()
    timer.start()
    loop.exec()
    timer.stop()
    return ticks.stop(), walked[0]


class Quiet:
    """Messages for the window: a benchmark has no one to show them to."""

    def warn(self, title: str, text: str) -> None:
        raise SystemExit(f"warning: {text}")

    def crash(self, summary: str, details: str) -> None:
        raise SystemExit(details)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_look(app)
    if not CORPUS.exists():
        print(f"note: {CORPUS} is missing: the drafts are generated words, not real contract text")
    nodes_a, nodes_b = synthetic_drafts()
    a, b = tree(nodes_a), tree(nodes_b)
    playbook = load_playbook(default_playbook_path())
    started = time.perf_counter()
    prepared = prepare_comparison(DraftInput("A.docx", a), DraftInput("B.docx", b), playbook,
                                  lambda done, total: None, threading.Event())
    worker_seconds = time.perf_counter() - started
    words = sum(len(c.text.split()) for c in a)

    store = Store(None)
    window = CompareWindow(store, Quiet(), lambda: playbook)
    window.resize(1400, 900)
    window.show()
    run_for(200)
    view = window.view
    painted = FirstPaint()
    view.pane_a.viewport().installEventFilter(painted)
    ticks = Ticks()
    ticks.start()
    ready = time.perf_counter()
    window._show(prepared)  # what the worker's on_success runs on the GUI thread
    run_for(1500)  # the batched layout finishes meanwhile
    open_gap = ticks.stop()
    open_ms = 1000 * ((painted.at or time.perf_counter()) - ready)

    side_gap, side_steps = scroll_through(view.pane_a, ticks)
    view.combined_mode.setChecked(True)
    run_for(1500)
    combined_gap, combined_steps = scroll_through(view.pane_combined, ticks)
    view.combined_mode.setChecked(False)
    run_for(300)
    walk_gap, walked = walk_changes(view, ticks)
    window.close()
    store.close()

    rows = [
        ["drafts", f"{len(a)}/{len(b)} clauses, {words} words, {len(prepared.rows)} rows", ""],
        ["worker: compare + rows + positions", f"{1000 * worker_seconds:.0f} ms", "(off the GUI thread)"],
        ["open: ready → first paint", f"{open_ms:.0f} ms", f"≤ {OPEN_BAR_MS:.0f} ms"],
        ["longest GUI block while opening", f"{open_gap:.1f} ms", f"≤ {GAP_BAR_MS:.0f} ms"],
        [f"longest GUI block scrolling side by side ({side_steps} steps)", f"{side_gap:.1f} ms", f"≤ {GAP_BAR_MS:.0f} ms"],
        [f"longest GUI block scrolling combined ({combined_steps} steps)", f"{combined_gap:.1f} ms",
         f"≤ {GAP_BAR_MS:.0f} ms"],
        [f"longest GUI block walking {walked} changes with F8", f"{walk_gap:.1f} ms", f"≤ {GAP_BAR_MS:.0f} ms"],
    ]
    print_table(["measure", "value", "bar"], rows)
    missed = open_ms > OPEN_BAR_MS or max(open_gap, side_gap, combined_gap, walk_gap) > GAP_BAR_MS
    if missed:
        print("FAILED: a bar was missed")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
