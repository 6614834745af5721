"""Benchmark: search across deals as the Search window runs it, on the 200-deal benchmark database.

Run `python -m tests.benchmarks.bench_search`. Uses (building it first when missing, which
takes minutes) the database of tests/benchmarks/gen_deals.py: 200 deals, about 2,000 rounds
and 600,000 clauses. Prints the median of five runs of each everyday query, unfiltered and
folded (one hit per text per deal, as the window asks), filtered by one deal and by one
position, and the "position across deals" query; the target for a search is 50 ms. Returns 0.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from desktop.store import Store
from tests.benchmarks.gen_deals import deals_database

QUERIES = ("limitation of liability", "indemnif*", "governing law", "confidential information",
           "terminate for convenience", "\"personal data\"")
POSITIONS = ("audit_rights", "liability_cap", "training_use")
TARGET_MS = 50.0


def _median_ms(run, times: int = 5) -> float:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append(1000 * (time.perf_counter() - started))
    return statistics.median(samples)


def main() -> int:
    """Print the table; return 0."""
    source = deals_database()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "deals.db"
        shutil.copy(source, db)  # the Store may write (WAL, migrations): never to the cache
        with Store(db) as store:
            deal = store.deals()[len(store.deals()) // 2].id
            modes = {
                "all deals": {},
                "all deals, folded": {"fold": True},
                "one deal, folded": {"deal_id": deal, "fold": True},
                "audit rights, folded": {"position": "audit_rights", "fold": True},
            }
            print(f"{'query':28} {'mode':24} {'hits':>5} {'median ms':>10}  target {TARGET_MS:.0f} ms")
            worst = 0.0
            for query in QUERIES:
                for mode, kwargs in modes.items():
                    hits = len(store.search(query, 200, **kwargs))
                    ms = _median_ms(lambda: store.search(query, 200, **kwargs))
                    worst = max(worst, ms)
                    print(f"{query:28} {mode:24} {hits:5} {ms:10.1f}")
            for key in POSITIONS:
                count = len(store.position_across_deals(key))
                ms = _median_ms(lambda: store.position_across_deals(key))
                print(f"{key:28} {'across deals':24} {count:5} {ms:10.1f}")
            print(f"slowest search: {worst:.1f} ms ({'within' if worst <= TARGET_MS else 'over'} the target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
