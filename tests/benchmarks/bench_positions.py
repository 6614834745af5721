"""Benchmark: how long finding positions takes on a 100-page draft.

Run `python -m tests.benchmarks.bench_positions`. The draft is made from the Markdown
fixtures in tests/data (the Common Paper CSA, AI Addendum and DPA, GitHub's and Bonterms'
terms) repeated to about 50,000 words — a hundred pages. It prints the best of seven runs
of find_positions, and of the detection alone (without value extraction, which values.py
does). Returns 0.
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

from desktop.core import positions
from desktop.core.clauses import split_clauses
from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.core.positions import find_positions
from desktop.core.reading import read_draft

MD = Path(__file__).resolve().parents[1] / "data" / "md"
FILES = ("commonpaper-csa-v2.0-2024-02-02.md", "commonpaper-ai-addendum-v1.0.md", "commonpaper-dpa-v1.0.md",
         "github-corporate-tos-2026-03-17.md", "bonterms-cloud-terms-v1.0-2022-02-04.md")
WORDS = 50_000  # about a hundred pages


def _best_ms(run, times: int = 7) -> float:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append(1000 * (time.perf_counter() - started))
    return min(samples)  # the least disturbed run: other processes only ever add time


def main() -> int:
    """Print the timings; return 0."""
    text = "\n\n".join((MD / name).read_text(encoding="utf-8") for name in FILES)
    once = sum(len(c.text.split()) for c in split_clauses(read_draft(Path("once.md"), text.encode("utf-8"))))
    draft = "\n\n".join([text] * math.ceil(WORDS / once)).encode("utf-8")
    clauses = split_clauses(read_draft(Path("hundred-pages.md"), draft))
    words = sum(len(c.text.split()) for c in clauses)
    playbook = load_playbook(default_playbook_path())
    find_positions(clauses, playbook)  # compile the playbook and load the model once
    total = _best_ms(lambda: find_positions(clauses, playbook))
    extract = positions.extract_values
    positions.extract_values = lambda spec, text, draft=None: {}
    try:
        detection = _best_ms(lambda: find_positions(clauses, playbook))
    finally:
        positions.extract_values = extract
    print(f"{words} words ({words // 500} pages), {len(clauses)} clauses: find_positions {total:.0f} ms "
          f"(detection {detection:.0f} ms, value extraction {total - detection:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
