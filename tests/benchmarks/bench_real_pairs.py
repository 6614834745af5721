"""Every consecutive pair of real drafts, timed through the CLI: compare, redline, positions, import.

Run: `python -m tests.benchmarks.bench_real_pairs [--only compare,redline] [--timeout 60]`.
For every consecutive pair of versions in ../shared/corpus/ai-terms-versions (the AI vendors'
terms, every recorded version) and ../shared/corpus/versions, it runs, each in a forked
process with a time limit:
  - `compare A B --json`;
  - `redline A B -o OUT.docx`;
  - `positions B --json`;
  - `import` of A then B into a fresh database (the second import is timed: it reads, aligns,
    diffs and stores the round against its predecessor).
Times are CPU seconds of the child (user + system), so a loaded machine changes them little.
It prints the slowest five of each command and the median, and exits 1 when the slowest
compare takes over 1 s or anything else over 2 s (issue 22's bars), or when a run fails.
Reads ../shared/corpus and says so when it is missing.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import resource
import signal
import statistics
import sys
import tempfile
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
SUFFIXES = {".md", ".docx", ".pdf", ".txt"}
ROOTS = ("ai-terms-versions", "versions")
COMMANDS = ("compare", "redline", "positions", "import")
BARS = {"compare": 1.0, "redline": 2.0, "positions": 2.0, "import": 2.0}


def pairs() -> list[tuple[Path, Path]]:
    """Return every consecutive pair of versions under the corpus's version folders."""
    out = []
    for root in ROOTS:
        for folder in sorted(p for p in (CORPUS / root).iterdir() if p.is_dir()):
            files = sorted(p for p in folder.iterdir()
                           if p.suffix in SUFFIXES and not p.name.upper().startswith("README"))
            out += list(zip(files, files[1:]))
    return out


def _run(command: str, a: Path, b: Path, scratch: Path) -> int:
    """Run one timed command in this (child) process and return the CLI's exit code."""
    from desktop.cli import main

    if command == "compare":
        args = ["compare", str(a), str(b), "--json"]
    elif command == "redline":
        args = ["redline", str(a), str(b), "-o", str(scratch / "out.docx")]
    elif command == "positions":
        args = ["positions", str(b), "--json"]
    else:
        db = scratch / "deals.db"
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            first = main(["import", "--db", str(db), "--deal", "D", "--from", "them",
                          "--date", "2024-01-01", str(a)])
        if first != 0:
            return first
        args = ["import", "--db", str(db), "--deal", "D", "--from", "us", "--date", "2024-01-02", str(b)]
    before = resource.getrusage(resource.RUSAGE_SELF)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(args)
    after = resource.getrusage(resource.RUSAGE_SELF)
    spent = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    (scratch / "seconds").write_text(f"{spent:.4f}")
    return code


def timed(command: str, a: Path, b: Path, timeout: float) -> tuple[float | None, str]:
    """Return (CPU seconds, status) of one command run in a forked child with a time limit."""
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        pid = os.fork()
        if pid == 0:  # the child: run, report through the scratch folder, exit without cleanup
            signal.alarm(int(timeout) + 1)
            try:
                code = _run(command, a, b, scratch)
            except BaseException:  # noqa: BLE001 - any crash is a failed run
                code = 99
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            return None, "timeout" if os.WTERMSIG(status) == signal.SIGALRM else "killed"
        code = os.WEXITSTATUS(status)
        seconds = scratch / "seconds"
        spent = float(seconds.read_text()) if seconds.exists() else None
        return spent, "ok" if code == 0 else f"exit {code}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(COMMANDS), help="commands to time, comma-separated")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a run counts as hung")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"The corpus is missing ({CORPUS}): nothing to time.")
        return 0
    import desktop.cli  # noqa: F401 - imported once here, so each fork times only the command
    from desktop.core import pipeline  # noqa: F401

    commands = [c for c in args.only.split(",") if c]
    every = pairs()
    failed = False
    print(f"{len(every)} consecutive pairs from {', '.join(ROOTS)}; CPU seconds per run\n")
    for command in commands:
        results = []
        for a, b in every:
            spent, status = timed(command, a, b, args.timeout)
            results.append((spent if spent is not None else float("inf"), status, a, b))
        results.sort(key=lambda r: r[0], reverse=True)
        finite = [r[0] for r in results if r[0] != float("inf")]
        median = statistics.median(finite) if finite else float("nan")
        worst = results[0][0]
        bad = [r for r in results if r[1] != "ok"]
        ok = worst <= BARS[command] and not bad
        failed |= not ok
        print(f"## {command}: median {median:.2f} s, slowest {worst:.2f} s (bar {BARS[command]:.0f} s) "
              f"{'ok' if ok else 'OVER'}; {len(bad)} failed")
        print("| seconds | status | pair |\n| ---: | --- | --- |")
        for spent, status, a, b in results[:5]:
            shown = "—" if spent == float("inf") else f"{spent:.2f}"
            print(f"| {shown} | {status} | {a.parent.name}: {a.name} → {b.name} |")
        for spent, status, a, b in bad[5:]:
            print(f"| — | {status} | {a.parent.name}: {a.name} → {b.name} |")
        print()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
