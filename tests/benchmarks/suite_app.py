"""App-side timings of the benchmark suite, over the 200-deal database of gen_deals.

- `cold_start_seconds`: the window started as a fresh process (suite_probe start) until it
  is shown and idle, a few times (the CPU seconds of the last start, quitting included, are
  kept beside: other work on the machine stretches the wall time, not those); the first start of a day also makes the daily backup, so
  one untimed start runs first (`no_stray_backups` removes what it leaves).
- `open_deal_seconds`: in process, MainWindow on the database, then selecting the 12-round
  deal in the deal list (what a click does: DealView.show_deal, the latest round's clause
  tree, overview, positions) and letting the window lay out and paint.
- `search_seconds`: Store.search over all deals, for a few everyday queries.
- `database_megabytes`: the file's size on disk, and what takes the room (SQLite's dbstat).
- `probe`: runs suite_probe's import or compare measurement in a fresh process.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.store.backup import backup_folder

SEARCHES = ("limitation of liability", "indemnif*", "governing law", "confidential information",
            "terminate for convenience", "\"personal data\"")


def _isolated_env(home: Path) -> dict[str, str]:
    """Return an environment whose settings, logs and data folders are under `home`, offscreen."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"),
               XDG_CACHE_HOME=str(home / "cache"))
    env.pop("PYTHONWARNINGS", None)
    return env


@contextmanager
def no_stray_backups(db: Path) -> Iterator[None]:
    """Remove the backups folder that opening `db` makes (the day's backup) unless it was there before."""
    folder = backup_folder(db)
    existed = folder.exists()
    try:
        yield
    finally:
        if not existed:
            shutil.rmtree(folder, ignore_errors=True)


def cold_start_seconds(db: Path, runs: int) -> tuple[list[float], dict]:
    """Return the seconds of each timed cold start of the window on `db`, and what the last one showed."""
    home = Path(tempfile.mkdtemp(prefix="counterdraft-start-"))
    times, seen = [], {}
    try:
        for run in range(runs + 1):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.time()
            done = subprocess.run([sys.executable, "-m", "tests.benchmarks.suite_probe", "start", str(db)],
                                  capture_output=True, text=True, env=_isolated_env(home), timeout=300)
            if done.returncode != 0:
                raise RuntimeError(f"the window did not start: {done.stderr.strip()[-600:]}")
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            shown = json.loads(done.stdout.strip().splitlines()[-1])
            shown["imports_s"] = shown.pop("imported_at") - started
            shown["cpu_s"] = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            if run:  # the first start made the day's backup: not what a start costs every day
                times.append(shown.pop("usable_at") - started)
                seen = {**seen, **shown}
            else:
                seen["first_start_s"] = shown["usable_at"] - started
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return times, seen


def open_deal_seconds(db: Path, runs: int) -> tuple[list[float], dict]:
    """Return the seconds of each opening of the deal with the most rounds, in the main window."""
    from desktop.qt import QApplication, QSettings
    from desktop.store import Store
    from desktop.ui.dialogs import Prompts
    from desktop.ui.main_window import MainWindow

    application = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="counterdraft-open-"))
    times: list[float] = []
    with Store(db) as store:
        window = MainWindow(store, prompts=Prompts(None),
                            settings=QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
        window.show()
        application.processEvents()
        deals = window.deals_model
        rows = [deals.deal(row) for row in range(deals.rowCount())]
        longest = max(range(len(rows)), key=lambda row: rows[row].round_count)
        other = 0 if longest else 1
        for _ in range(runs):
            window.deals_list.setCurrentIndex(deals.index(other))
            application.processEvents()
            # The Store remembers the last rounds it read (desktop/store/cache.py): forget
            # them, so that each opening reads the deal from the file, as the first one does.
            store._cache.forget()
            started = time.perf_counter()
            window.deals_list.setCurrentIndex(deals.index(longest))
            window.repaint()
            application.processEvents()
            times.append(time.perf_counter() - started)
        shown = {"rounds": window.deal_view.rounds_model.rowCount(),
                 "clauses": window.deal_view.clause_model.rowCount()}
        window.close()
    shutil.rmtree(folder, ignore_errors=True)
    return times, shown


def search_seconds(db: Path, runs: int) -> tuple[list[float], dict[str, int]]:
    """Return the median seconds of each search over all deals, and how many hits each found."""
    from desktop.store import Store

    medians, hits = [], {}
    with Store(db) as store:
        for query in SEARCHES:
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                found = store.search(query)
                times.append(time.perf_counter() - started)
            medians.append(statistics.median(times))
            hits[query] = len(found)
    return medians, hits


def database_megabytes(db: Path) -> tuple[float, dict[str, float]]:
    """Return the database's size on disk in MB and the MB of its largest tables and indexes."""
    size = sum(p.stat().st_size for p in (db, Path(f"{db}-wal")) if p.exists()) / 1e6
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 12")
        parts = {name: round(pages / 1e6, 1) for name, pages in rows}
    return size, parts


def probe(mode: str, a: Path, b: Path) -> dict:
    """Return suite_probe's JSON for `mode` ("import" or "compare") on the pair, in a fresh process."""
    home = Path(tempfile.mkdtemp(prefix="counterdraft-probe-"))
    try:
        done = subprocess.run([sys.executable, "-m", "tests.benchmarks.suite_probe", mode, str(a), str(b)],
                              capture_output=True, text=True, env=_isolated_env(home), timeout=600)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    if done.returncode != 0:
        return {"error": done.stderr.strip()[-600:]}
    return json.loads(done.stdout.strip().splitlines()[-1])
