"""Generated pairs (tests/pairgen) at CI size: the truth is sound, and alignment meets its targets.

Contracts come from tests/data/md; the pairs are ~12k words, written as .md, typed .docx and
Word automatic numbering, and read back through the real readers. The same scorer as
tests/benchmarks/eval_alignment.py judges the comparison, so a regression in matching, in
moved/split/merged naming or in the substantive flag fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pairgen import FORMATS, Score, generate, load_contract, score_files, write
from tests.pairgen.tree import walk

DATA = Path(__file__).resolve().parents[1] / "data" / "md"
LEADS = ("commonpaper-csa-v2.0-2024-02-02.md", "github-corporate-tos-2026-03-17.md", "commonpaper-dpa-v1.0.md")
FILLERS = ("commonpaper-ai-addendum-v1.0.md", "commonpaper-mutual-nda-v1.0-2021-07-19.md")
INSERTS = "bonterms-cloud-terms-v1.0-2022-02-04.md"


@pytest.fixture(scope="module")
def contracts():
    return {name: load_contract(DATA / name) for name in (*LEADS, *FILLERS, INSERTS)}


def pair_for(contracts, lead: str, seed: int, words: int = 12_000):
    return generate([contracts[lead]] + [contracts[f] for f in FILLERS], contracts[INSERTS], seed, words)


def test_truth_gives_every_a_clause_one_fate_and_every_edit_kind(contracts):
    pair = pair_for(contracts, LEADS[0], seed=3)
    assert set(pair.fates) == {n.uid for n, _, _ in walk(pair.a)}
    kinds = {f.kind for f in pair.fates.values()}
    # A section inserted early renumbers nearly everything, so edited clauses are "renumbered".
    assert {"unchanged", "moved", "renumbered", "deleted", "split", "merged"} <= kinds
    assert pair.inserted
    # A change is substantive or cosmetic-only, never both; splits and merges alone are neither.
    assert not any(f.substantive and f.cosmetic_only for f in pair.fates.values())
    assert not any(f.substantive for f in pair.fates.values() if f.kind in ("split", "merged"))
    # Every B clause comes from exactly one fate or is new.
    b_uids = {n.uid for n, _, _ in walk(pair.b)}
    claimed = {u for f in pair.fates.values() for u in f.b}
    assert claimed | pair.inserted == b_uids and not claimed & pair.inserted


def test_renumbering_updates_cross_references(contracts, tmp_path):
    pair = pair_for(contracts, LEADS[0], seed=1)
    path_a, path_b = write(pair, tmp_path, "md")
    text_a, text_b = path_a.read_text(encoding="utf-8"), path_b.read_text(encoding="utf-8")
    # The CSA's suspension clause cites "Section 2.1"; a section inserted early shifts it.
    assert "breaches Section 2.1 (Restrictions on Customer)" in text_a
    assert "breaches Section 2.1 (Restrictions on Customer)" not in text_b
    assert "(Restrictions on Customer)" in text_b


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", range(len(LEADS)))
def test_alignment_meets_targets_on_generated_pairs(contracts, tmp_path, fmt, seed):
    pair = pair_for(contracts, LEADS[seed], seed + 1)
    result: Score = score_files(pair, *write(pair, tmp_path, fmt))
    assert result.unmapped == 0, "the reader did not give back the clauses as written"
    assert result.clauses > 200
    assert result.failures() == [], result.examples
    assert result.moves and result.splits and result.merges and result.cosmetic


def test_twins_are_interchangeable_only_in_identical_surroundings():
    from tests.core.test_alignment import draft
    from tests.pairgen.score import context_keys

    users = "Customer may permit Users to use the Cloud Service on its behalf."
    keys = context_keys(draft([(1, "Terms", ""), (2, "Service", "Provider provides it."), (2, "Users", users),
                               (1, "Terms", ""), (2, "Service", "Provider provides it."), (2, "Users", users),
                               (1, "Annex", ""), (2, "Users", users), (2, "", ""), (2, "", ""), (2, "End", "x")]))
    # The same text after the same neighbour under equally named parents cannot be told apart…
    assert keys["c3"] == keys["c6"] != keys["c8"]
    # …and two empty items side by side are one reading, whichever of them went.
    assert keys["c9"] == keys["c10"]
