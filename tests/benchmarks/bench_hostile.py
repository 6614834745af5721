"""Benchmark: time and memory to refuse each hostile file, and to import a 2,000-page contract.

Run `python -m tests.benchmarks.bench_hostile`. Each file of tests/core/hostile_corpus.py is
read in a fresh subprocess (so its peak resident memory is its own), through
`counterdraft import` into a new database; the table shows the exit code, the wall time and
the peak RSS. The last row is the legitimate 2,000-page contract, imported whole (read,
split, positions, store). Returns 1 when a refused file does not exit 2 or a file goes over
the bounds below, else 0.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.core import hostile
from tests.core.hostile_corpus import READABLE, REFUSED

MAX_SECONDS = 10.0  # per refused file, Python start-up included
MAX_RSS_MB = 400.0


def _run(path: Path, db: Path) -> tuple[int, float, float]:
    """Return (exit code, seconds, peak RSS in MB) of one `counterdraft import` subprocess."""
    code = ("import sys\nfrom desktop.cli import main\n"
            f"rc = main(['import', '--db', {str(db)!r}, '--deal', 'Bench', '--from', 'them', {str(path)!r}])\n"
            f"print({_peak_kb.__name__}())\nsys.exit(rc)\n")
    code = f"from tests.benchmarks.bench_hostile import {_peak_kb.__name__}\n" + code
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    rss_kb = float(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else 0.0
    return done.returncode, seconds, rss_kb / 1024


def _peak_kb() -> float:
    """Return this process's peak resident memory in KB since it started.

    Linux's VmHWM, which starts afresh at exec; ru_maxrss (the fallback elsewhere) would
    carry over the parent's high-water mark into the child.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return float(line.split()[1])
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def main() -> int:
    """Print the table; return 1 when a bound is broken."""
    failures = []
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        cases = [(c, 2) for c in REFUSED] + [(c, 0) for c in READABLE]
        for case, expected in cases:
            path = hostile.write(base, case.name, case.make())
            rc, seconds, rss = _run(path, base / f"{len(rows)}.db")
            rows.append((case.name, rc, seconds, rss))
            if rc != expected or (expected == 2 and (seconds > MAX_SECONDS or rss > MAX_RSS_MB)):
                failures.append(case.name)
        long = hostile.write(base, "2000 pages.docx", hostile.long_document(pages=2000))
        rows.append(("2,000-page contract (import)",) + _run(long, base / "long.db"))
    print(f"{'file':44} {'exit':>4} {'seconds':>8} {'peak MB':>8}")
    for name, rc, seconds, rss in rows:
        print(f"{name[:44]:44} {rc:>4} {seconds:>8.2f} {rss:>8.0f}")
    if failures:
        print("over the bounds or wrong exit code: " + ", ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
