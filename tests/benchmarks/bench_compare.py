"""Time `counterdraft compare A B --json` on two 100-page .docx drafts, end to end and by stage.

Run: `python -m tests.benchmarks.bench_compare [--runs 5] [--words 50000]`. The drafts are
generated pairs (tests/pairgen: ~50k words, ~1,100 clauses, real contract text with seeded
edits). Prints the median of `--runs` subprocess runs of the CLI (interpreter start and
imports included) and the in-process seconds of each stage (read, split, align, diff).
The bar is 1 s end to end on the project's 2-core machine; exits 1 when the median is over.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.eval_compare import print_table
from tests.pairgen import CORPUS, HELD_OUT, TUNING, corpus_path, generate, load_contract, write

BAR_SECONDS = 1.0


def cli_seconds(a: Path, b: Path) -> tuple[float, dict]:
    """Return the wall time of one `counterdraft compare --json` subprocess and its JSON."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "desktop.cli", "compare", str(a), str(b), "--json"],
                          capture_output=True, check=True)
    return time.perf_counter() - started, json.loads(done.stdout)


def stage_seconds(a: Path, b: Path) -> dict[str, float]:
    """Return the in-process seconds of read, split, align and diff for one comparison."""
    from desktop.core.pipeline import compare_drafts, load_draft

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    compare_drafts(load_draft(a, seconds=seconds), load_draft(b, seconds=seconds), seconds=seconds)
    seconds["total"] = time.perf_counter() - started
    return seconds


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, and return 1 when the median misses the bar."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--words", type=int, default=50_000)
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"{CORPUS} is missing: no contract text to build the drafts from")
        return 0
    contracts = [load_contract(corpus_path(p)) for p in TUNING]
    pair = generate(contracts, load_contract(corpus_path(HELD_OUT[0])), seed=1, words=args.words)
    with tempfile.TemporaryDirectory() as folder:
        a, b = write(pair, Path(folder), "docx")
        cli_runs, output = [], {}
        for _ in range(args.runs):
            took, output = cli_seconds(a, b)
            cli_runs.append(took)
        stages = [stage_seconds(a, b) for _ in range(args.runs)]
    words = sum(len(c["text"].split()) for c in output["clauses_a"])
    print(f"drafts: {len(output['clauses_a'])} / {len(output['clauses_b'])} clauses, {words} words in A, "
          f"{len(output['pairs'])} pairs")
    rows = [["CLI subprocess (end to end)", f"{statistics.median(cli_runs):.3f}", f"{min(cli_runs):.3f}"]]
    for name in ("read", "split", "align", "diff", "total"):
        values = [s.get(name, 0.0) for s in stages]
        rows.append([f"in process: {name}", f"{statistics.median(values):.3f}", f"{min(values):.3f}"])
    print_table(["stage", f"median of {args.runs} s", "best s"], rows)
    median = statistics.median(cli_runs)
    verdict = "within" if median <= BAR_SECONDS else "OVER"
    print(f"\n{verdict} the {BAR_SECONDS:.1f} s bar (median {median:.3f} s)")
    return 0 if median <= BAR_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
