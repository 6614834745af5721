"""The window-side measurements of the benchmark suite, each run in a fresh process.

`python -m tests.benchmarks.suite_probe start DB` starts the real window (desktop.ui.app.run)
on DB and prints, as JSON, the wall-clock time (time.time()) at which the main window is
shown and the event loop has gone idle, then quits. The parent notes the time before
starting the process, so the difference is the cold start: interpreter, imports, opening
the database (its checks included), building the window and showing the deal list. No hook
in the app is needed: a zero-delay timer queued before the event loop starts fires once the
loop has handled the show and paint events.

`python -m tests.benchmarks.suite_probe import A B` stores A as round 1 of a new deal in a
fresh database, opens the window on it, imports B through the window's own Import round
path (worker thread, then Store.add_round and the deal view refresh on the GUI thread) and
prints the longest gap of a 5 ms repeating QTimer during the import, and the process's peak
RSS afterwards, with the new round open in the deal view.

`python -m tests.benchmarks.suite_probe compare A B` opens the window on an empty database,
then the Compare window (desktop/ui/compare_window.py) on the two files, waits until the
comparison is on screen and prints the process's peak RSS. Where the Compare window does
not exist, it says so and the suite uses the import probe's figure.

Both run offscreen with their own settings, log and data folders, never the user's.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path


def _rss_mb() -> tuple[float, float]:
    """Return (peak RSS, current RSS) of this process in MB (Linux: ru_maxrss is in KB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    current = 0.0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            current = int(line.split()[1]) / 1024
    return peak, current


def _time_calls(owner: type, name: str, into: dict, key: str) -> None:
    """Wrap owner.name so that the seconds of its calls add up in into[key] (for the breakdown)."""
    original = getattr(owner, name)

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            into[key] = into.get(key, 0.0) + time.perf_counter() - started

    setattr(owner, name, timed)


def start(db: Path) -> dict:
    """Run the window on `db` until it is shown and idle; return when that was and what it showed.

    numpy is kept out: it is in the benchmark's environment only because matplotlib (the
    `bench` extra) needs it, and sqlite-utils imports it whenever it can (~0.1 s) — an
    installed Counterdraft, which does not depend on numpy, never pays that.
    """
    sys.modules.setdefault("numpy", None)  # type: ignore[arg-type]
    from desktop.qt import QApplication, QTimer
    from desktop.store import Store
    from desktop.ui import app as app_module
    from desktop.ui.main_window import MainWindow

    seen: dict = {"imported_at": time.time()}
    _time_calls(Store, "__init__", seen, "store_open_s")
    _time_calls(MainWindow, "__init__", seen, "window_init_s")
    application = QApplication(sys.argv[:1])

    def idle() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        seen["usable_at"] = time.time()
        if windows:
            window = windows[0]
            seen["deals_listed"] = window.deals_model.rowCount()
            seen["rounds_shown"] = window.deal_view.rounds_model.rowCount()
        application.quit()

    QTimer.singleShot(0, lambda: QTimer.singleShot(0, idle))
    app_module.run(db)
    return seen


def import_round(a: Path, b: Path) -> dict:
    """Import B after A in the window; return the longest GUI-thread gap and the peak RSS."""
    from desktop.core.pipeline import load_draft
    from desktop.qt import QApplication, QSettings, QTimer
    from desktop.store import Store
    from desktop.ui.dialogs import Prompts, RoundDetails
    from desktop.ui.main_window import MainWindow
    from desktop.ui.warm_up import WarmUp

    class Answers(Prompts):
        """Answers the import dialog as a lawyer would: their draft, dated today."""

        def round_details(self, file_name, round_no, sender, date, *, date_source=""):
            return RoundDetails("them", "2026-11-30")

    _application = QApplication(sys.argv[:1])  # kept alive for the whole probe
    folder = Path(tempfile.mkdtemp(prefix="counterdraft-probe-"))
    store = Store(folder / "probe.db")
    deal = store.create_deal("Benchmark deal", counterparty="Vendor, Inc.")
    store.add_round(deal, load_draft(a), sender="us", date="2026-11-01")
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(store, prompts=Answers(None), settings=settings)
    window.show()
    # As desktop.ui.app does once the window is up: the detector is compiled on a worker and
    # start-up's objects are set aside from garbage collection (desktop/ui/warm_up.py).
    warm_up = WarmUp(window.playbook())
    warm_up.start()
    _wait_for(warm_up.done, 30)
    _settle(0.1)  # the first paint, before the import is timed
    before_peak, _ = _rss_mb()
    gui_work: dict = {}
    _time_calls(Store, "add_round", gui_work, "add_round_s")
    _time_calls(MainWindow, "refresh_deals", gui_work, "refresh_deals_s")

    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    finished: list[float] = []
    window.tasks.idle.connect(lambda: finished.append(time.perf_counter()))
    started = time.perf_counter()
    timer.start()
    last[0] = time.perf_counter()
    window.import_files([b])  # asks for the details, then starts the worker
    gui_work["import_files_s"] = time.perf_counter() - started
    if not finished:
        _wait_for(window.tasks.idle, 120)
    _settle()  # let the refreshed deal view lay out and paint before the timer stops
    timer.stop()
    rounds = store.rounds(deal)
    peak, current = _rss_mb()
    result = {
        "rounds": len(rounds),
        "clauses_b": rounds[-1].clause_count if rounds else 0,
        "import_s": (finished[0] - started) if finished else None,
        "longest_gap_ms": 1000 * max(gaps, default=0.0),
        "gaps_over_50ms": sum(1 for g in gaps if g > 0.05),
        "peak_rss_mb": peak,
        "rss_mb": current,
        "peak_rss_before_import_mb": before_peak,
        **gui_work,
    }
    window.tasks.shut_down()
    window.close()
    store.close()
    return result


def _wait_for(signal, seconds: float) -> None:
    """Run the event loop until `signal` fires or `seconds` pass."""
    from desktop.qt import QEventLoop, QTimer

    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def _settle(seconds: float = 0.3) -> None:
    """Run the event loop for `seconds`, so what was scheduled lays out and paints."""
    from desktop.qt import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def compare_pair(a: Path, b: Path) -> dict:
    """Open A and B in the Compare window; return the peak RSS once the comparison is on screen."""
    from desktop.qt import QApplication, QSettings
    from desktop.store import Store
    from desktop.ui.dialogs import Prompts
    from desktop.ui.main_window import MainWindow

    try:
        from desktop.ui.compare_picker import DraftSource
        from desktop.ui.compare_window import CompareWindow
    except ImportError as error:
        return {"error": f"no Compare window ({error})"}
    _application = QApplication(sys.argv[:1])  # kept alive for the whole probe
    folder = Path(tempfile.mkdtemp(prefix="counterdraft-probe-"))
    store = Store(folder / "probe.db")
    store.create_deal("Benchmark deal")
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(store, prompts=Prompts(None), settings=settings)
    window.show()
    compare = CompareWindow(store, window.prompts, window.playbook, parent=window)
    compare.show()
    shown: list[float] = []
    compare.shown.connect(lambda: shown.append(time.perf_counter()))
    started = time.perf_counter()
    compare.compare(DraftSource(a.name, path=a), DraftSource(b.name, path=b))
    if not shown:
        _wait_for(compare.shown, 120)
    _settle()
    peak, current = _rss_mb()
    result = {"shown_s": (shown[0] - started) if shown else None, "peak_rss_mb": peak, "rss_mb": current,
              "view_ready_s": compare.ready_seconds}
    compare.close()
    window.close()
    store.close()
    return result


def main(argv: list[str]) -> int:
    """Run one probe and print its JSON on stdout."""
    if argv[:1] == ["start"] and len(argv) == 2:
        print(json.dumps(start(Path(argv[1]))))
    elif argv[:1] == ["import"] and len(argv) == 3:
        print(json.dumps(import_round(Path(argv[1]), Path(argv[2]))))
    elif argv[:1] == ["compare"] and len(argv) == 3:
        print(json.dumps(compare_pair(Path(argv[1]), Path(argv[2]))))
    else:
        print("usage: python -m tests.benchmarks.suite_probe start DB | import A B | compare A B", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
