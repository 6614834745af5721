"""Compare timings of the benchmark suite: Counterdraft's stages and CLI, and the peers on the same pair.

- `stage_seconds`: in process, the seconds of read, split, align, diff (desktop.core.pipeline's
  own `seconds` dict) and of the Word redline (desktop.export.redline.write_redline).
- `cli_seconds`: `counterdraft compare A B --json` (or `redline A B -o OUT`) as a subprocess,
  wall time: interpreter start, imports, reading, comparing and writing the output.
- `docxodus_seconds`: python-redlines' Docxodus engine on the same two .docx files, run by
  this Python when the `bench` extra is installed, else by /tmp/bench-venv's; each run is
  one `run_redline` call (it starts Docxodus's own process, as every caller's does).
- `redlines_seconds`: the `redlines` package on the same pair's plain text.

Every function returns the list of run times (callers take the median), or a string saying
why the peer could not run.
"""

from __future__ import annotations

import importlib.util
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.suite_inputs import plain_text

INSTALL_HINT = 'pip install -e ".[bench]"'
BENCH_VENV = Path("/tmp/bench-venv/bin/python")
_DOCXODUS = """
import sys, time
from python_redlines.engines import DocxodusEngine
engine = DocxodusEngine()
a, b = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
for _ in range(int(sys.argv[3])):
    started = time.perf_counter()
    engine.run_redline("Docxodus", a, b)
    print(time.perf_counter() - started)
"""


def stage_seconds(a: Path, b: Path) -> dict[str, float]:
    """Return the in-process seconds of each stage of comparing A with B and writing the redline.

    "compare total" is the wall time of read → diff and "compare cpu" its CPU time, which
    other work on the machine does not stretch.
    """
    from desktop.core.pipeline import compare_drafts, load_draft
    from desktop.export.redline import write_redline

    seconds: dict[str, float] = {}
    started, cpu = time.perf_counter(), time.process_time()
    draft_a, draft_b = load_draft(a, seconds=seconds), load_draft(b, seconds=seconds)
    compare_drafts(draft_a, draft_b, seconds=seconds)
    seconds["compare total"] = time.perf_counter() - started
    seconds["compare cpu"] = time.process_time() - cpu
    with tempfile.TemporaryDirectory() as folder:
        redline_started = time.perf_counter()
        write_redline(draft_a, draft_b, Path(folder) / "redline.docx", date="2026-11-30T00:00:00Z")
        seconds["redline"] = time.perf_counter() - redline_started
    seconds["clauses"] = float(len(draft_a.clauses) + len(draft_b.clauses))
    return seconds


def counterdraft_command() -> list[str]:
    """Return how to run the `counterdraft` command: its installed script beside this Python, else -m."""
    script = Path(sys.executable).with_name("counterdraft")
    return [str(script)] if script.exists() else [sys.executable, "-m", "desktop.cli"]


def cli_seconds(arguments: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Return the wall and CPU seconds of `runs` runs of `counterdraft ARGUMENTS` as a subprocess.

    The CPU seconds (user + system of the child) show what the run costs when other work
    shares the machine's two cores and stretches the wall time.
    """
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([*counterdraft_command(), *arguments], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def docxodus_seconds(a: Path, b: Path, runs: int) -> list[float] | str:
    """Return Docxodus's seconds for each of `runs` redlines of A with B, or why it could not run."""
    python = sys.executable
    if importlib.util.find_spec("python_redlines") is None:
        if not BENCH_VENV.exists():
            return f"python-redlines is not installed ({INSTALL_HINT})"
        python = str(BENCH_VENV)
    done = subprocess.run([python, "-c", _DOCXODUS, str(a), str(b), str(runs)], capture_output=True, text=True,
                          timeout=1800, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if done.returncode != 0:
        return "Docxodus failed: " + (done.stderr.strip().splitlines() or ["no output"])[-1][:200]
    return [float(line) for line in done.stdout.split()]


def redlines_seconds(a: Path, b: Path, runs: int) -> list[float] | str:
    """Return the `redlines` package's seconds for each of `runs` comparisons of the pair's plain text."""
    try:
        from redlines import Redlines
    except ImportError:
        return f"the redlines package is not installed ({INSTALL_HINT})"
    text_a, text_b = plain_text(a), plain_text(b)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        Redlines(text_a, text_b).output_markdown  # noqa: B018 - the property computes the diff
        times.append(time.perf_counter() - started)
    return times
