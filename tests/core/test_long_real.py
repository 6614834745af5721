"""A real vendor's terms whose page text is one 40,000-character paragraph (issue 22).

Meta's Llama API terms, v14 → v15, as the Open Terms Archive recorded them: `compare` took 2.5 s
of CPU here and the v13 → v14 pair did not finish in 10 minutes before the anchored diff. The
title must still pair with the title and the long paragraph with itself, word by word.
"""

from __future__ import annotations

import time
from pathlib import Path

from desktop.core.pipeline import compare_drafts, load_draft
from tests.benchmarks.eval_compare import problems

DATA = Path(__file__).resolve().parents[1] / "data" / "md" / "ai-terms"


def test_the_long_paragraph_pair_compares_clause_for_clause_and_word_by_word():
    a = load_draft(DATA / "llama-api--terms-of-service-v14-2026-07-08.md")
    b = load_draft(DATA / "llama-api--terms-of-service-v15-2026-08-05.md")
    assert max(len(c.text) for c in a.clauses) > 35_000
    started = time.process_time()
    comparison = compare_drafts(a, b)
    spent = time.process_time() - started
    assert problems(a.clauses, b.clauses, comparison.pairs) == []
    changed = [(p.kind, p.a, p.b) for p in comparison.pairs if p.kind != "unchanged"]
    assert changed == [("modified", ("c1",), ("c1",)), ("modified", ("c2",), ("c2",))]
    long_pair = next(p for p in comparison.pairs if p.a == ("c2",))
    assert not long_pair.coarse
    # Word by word: the rewrite of a few sentences is not one deletion of the whole page.
    deleted = sum(len(text) for op, text in long_pair.diff if op == "-")
    assert deleted < 0.5 * len(a.clauses[1].text)
    assert spent < 30  # a guard against the old hang only; the benchmark times it (bench_real_pairs)
