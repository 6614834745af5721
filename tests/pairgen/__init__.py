"""Generated test pairs for clause alignment: real contracts, seeded edits, recorded truth.

    contracts = [load_contract(corpus_path(p)) for p in TUNING]
    pair = generate(contracts, inserts=load_contract(...), seed=1, words=50_000)
    path_a, path_b = write(pair, folder, "docx")
    result = score_files(pair, path_a, path_b)   # Score: accuracy, moves named, …
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.pipeline import compare_drafts, load_draft
from tests.pairgen.edits import Fate, Rates
from tests.pairgen.generate import FORMATS, GeneratedPair, generate, write
from tests.pairgen.score import Score, map_clauses, score
from tests.pairgen.source import CORPUS, HELD_OUT, TUNING, Contract, corpus_path, load_contract

__all__ = [
    "CORPUS", "FORMATS", "HELD_OUT", "TUNING", "Contract", "Fate", "GeneratedPair", "Rates", "Score",
    "corpus_path", "generate", "load_contract", "map_clauses", "score", "score_files", "write",
]


def score_files(pair: GeneratedPair, path_a: Path, path_b: Path) -> Score:
    """Return the score of comparing the written drafts through the real readers."""
    draft_a, draft_b = load_draft(path_a), load_draft(path_b)
    comparison = compare_drafts(draft_a, draft_b)
    return score(pair.a, pair.b, pair.fates, pair.inserted, draft_a.clauses, draft_b.clauses, comparison.pairs)
