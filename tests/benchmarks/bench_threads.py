"""Benchmark: clause threads of a deal of 12 rounds × 900 clauses.

Run `python -m tests.benchmarks.bench_threads`. The rounds are generated (an in-memory store,
no corpus needed): each round edits a few clauses, deletes one, inserts one, and splits and
merges some, with the pairs written out as the aligner would give them. Prints the time
linking takes inside add_round, the backfill of the whole deal, `threads(deal)` and
`thread(ref)` (best of several runs). Returns 0.
"""

from __future__ import annotations

import random
import time

from desktop.core.model import Comparison, Pair
from desktop.store import ClauseRef, Store
from desktop.store import threads_links as store_threads_links
from tests.store.conftest import build_draft

ROUNDS, CLAUSES = 12, 900
WORDS = ("party", "fees", "liability", "notice", "term", "data", "audit", "customer", "vendor",
         "shall", "may", "within", "days", "months", "law", "claim", "cap", "service")


def _best_ms(run, times: int) -> float:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append(1000 * (time.perf_counter() - started))
    return min(samples)  # the least disturbed run: other processes only ever add time


def _next_round(rng: random.Random, texts: list[str]) -> tuple[list[str], list[Pair]]:
    """Return the next round's texts and its pairs with `texts`."""
    out: list[str] = []
    pairs: list[Pair] = []
    i = 0
    while i < len(texts):
        roll = rng.random()
        key = f"c{len(out) + 1}"
        if roll < 0.002:  # deleted
            pairs.append(Pair("deleted", (f"c{i + 1}",), (), True))
        elif roll < 0.004 and i + 1 < len(texts):  # two merged into one
            out.append(texts[i] + " " + texts[i + 1])
            pairs.append(Pair("merged", (f"c{i + 1}", f"c{i + 2}"), (key,), True))
            i += 1
        elif roll < 0.006:  # split in two
            half = len(texts[i]) // 2
            out += [texts[i][:half], texts[i][half:]]
            pairs.append(Pair("split", (f"c{i + 1}",), (key, f"c{len(out)}"), True))
        elif roll < 0.05:  # a word edited
            out.append(texts[i] + " " + rng.choice(WORDS))
            pairs.append(Pair("modified", (f"c{i + 1}",), (key,), True))
        else:
            out.append(texts[i])
            # Its whole text kept, as the aligner says it: stored in the round's runs.
            pairs.append(Pair("unchanged", (f"c{i + 1}",), (key,), False, (("=", texts[i]),)))
        i += 1
    out.append("A new clause " + " ".join(rng.choices(WORDS, k=30)))
    pairs.append(Pair("inserted", (), (f"c{len(out)}",), True))
    return out, pairs


def main() -> int:
    """Print the timings; return 0."""
    rng = random.Random(7)
    texts = [" ".join(rng.choices(WORDS, k=60)) for _ in range(CLAUSES)]
    link_ms = 0.0
    real_link = store_threads_links.link_round

    def timed_link(conn, draft_id, pairs):
        nonlocal link_ms
        started = time.perf_counter()
        real_link(conn, draft_id, pairs)
        link_ms += 1000 * (time.perf_counter() - started)

    store_threads_links.link_round = timed_link
    store = Store(None)
    try:
        deal = store.create_deal("Benchmark")
        previous = build_draft(texts, name="r1.docx")
        store.add_round(deal, previous, sender="them", date="2024-01-01")
        for round_no in range(2, ROUNDS + 1):
            texts, pairs = _next_round(rng, texts)
            draft = build_draft(texts, name=f"r{round_no}.docx")
            comparison = Comparison("a", "b", previous.clauses, draft.clauses, tuple(pairs))
            store.add_round(deal, draft, sender="us" if round_no % 2 else "them",
                            date=f"2024-{round_no:02d}-01", comparison=comparison)
            previous = draft
        store_threads_links.link_round = real_link
        clauses = store._conn.execute("SELECT count(*) FROM clauses").fetchone()[0]

        def backfill():
            store._conn.execute("DELETE FROM thread_links")
            store_threads_links.backfill(store._db)

        backfill_ms = _best_ms(backfill, 3)
        threads_ms = _best_ms(lambda: store.threads(deal), 5)
        latest = store.rounds(deal)[-1].id
        thread_ms = _best_ms(lambda: store.thread(ClauseRef(latest, "c450")), 20)
        count = len(store.threads(deal))
    finally:
        store_threads_links.link_round = real_link
        store.close()
    print(f"{ROUNDS} rounds, {clauses} clauses, {count} threads")
    print(f"{'step':<36}{'ms':>10}")
    print(f"{'linking in add_round, per round':<36}{link_ms / (ROUNDS - 1):>10.1f}")
    print(f"{'backfill of the whole deal':<36}{backfill_ms:>10.1f}")
    print(f"{'threads(deal)':<36}{threads_ms:>10.1f}")
    print(f"{'thread(ref)':<36}{thread_ms:>10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
