"""Alignment on real version histories (tests/data copies of corpus/versions and docx-rendered).

Each case below was read pair by pair and checked by hand; the assertions name what was seen.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.diff import normalize_cosmetic, side_a, side_b
from desktop.core.pipeline import compare_drafts, load_draft

DATA = Path(__file__).resolve().parents[1] / "data"
GITHUB = sorted((DATA / "md" / "github-corporate-tos").glob("*.md"))


def compare(a: Path, b: Path):
    draft_a, draft_b = load_draft(a), load_draft(b)
    comparison = compare_drafts(draft_a, draft_b)
    by_a = {c.id: c for c in draft_a.clauses}
    by_b = {c.id: c for c in draft_b.clauses}
    return comparison, by_a, by_b


def check_contract(comparison, by_a, by_b) -> None:
    """Every clause in exactly one pair, and every diff rebuilds both texts."""
    assert sorted(i for p in comparison.pairs for i in p.a) == sorted(by_a)
    assert sorted(j for p in comparison.pairs for j in p.b) == sorted(by_b)
    for p in comparison.pairs:
        assert side_a(p.diff) == "".join(by_a[i].text for i in p.a)
        assert side_b(p.diff) == "".join(by_b[j].text for j in p.b)


def headings(pairs, clauses, side: str, kind: str) -> set[str]:
    return {normalize_cosmetic(clauses[i].heading) for p in pairs if p.kind == kind for i in getattr(p, side)}


@pytest.mark.parametrize("ext", ["md", "docx"])
def test_csa_v1_to_v2_matches_every_surviving_clause(ext):
    comparison, by_a, by_b = compare(DATA / ext / f"commonpaper-csa-v1.0-final-2022-02-03.{ext}",
                                     DATA / ext / f"commonpaper-csa-v2.0-2024-02-02.{ext}")
    check_contract(comparison, by_a, by_b)
    pairs = comparison.pairs
    row = {(by_a[p.a[0]].heading, by_a[p.a[0]].number): p for p in pairs if len(p.a) == 1}
    # Limitation of Liability 9 → 8 and Indemnification 10 → 9, because section 3
    # (Professional Services) was dropped: renumbered, not deleted and inserted.
    for heading, before, after in (("Limitation of Liability", "9", "8"), ("Indemnification", "10", "9")):
        pair = row[heading, before]
        assert pair.kind == "renumbered" and not pair.substantive
        assert by_b[pair.b[0]].number == after
    # The liability cap was split into a lead-in and two items in v2.
    caps = row["Liability Caps", "9.1"]
    assert caps.kind == "split" and [by_b[j].number for j in caps.b] == ["8.1", "8.1(a)", "8.1(b)"]
    # What went is what v2 really dropped; nothing surviving is shown deleted and inserted.
    deleted = headings(pairs, by_a, "a", "deleted")
    inserted = headings(pairs, by_b, "b", "inserted")
    assert {"professional services", "insurance", "security", "no publicity"} <= deleted
    assert not (deleted - {""}) & inserted
    assert {"machine learning", "force majeure", "beta products", "logo rights"} <= inserted


@pytest.mark.parametrize("ext", ["md", "docx"])
def test_bonterms_reformat_has_no_substantive_change(ext):
    comparison, by_a, by_b = compare(DATA / ext / f"bonterms-cloud-terms-v1.0-2022-02-04.{ext}",
                                     DATA / ext / f"bonterms-cloud-terms-v1.0-2022-02-26-heading-bold-reformat.{ext}")
    check_contract(comparison, by_a, by_b)
    assert len(comparison.pairs) > 100
    assert not any(p.substantive for p in comparison.pairs)
    assert all(p.kind == "unchanged" for p in comparison.pairs)


@pytest.mark.parametrize(("ext", "parts"), [("md", ["9.2", "9.2(c)"]), ("docx", ["9.2(b)", "9.2(c)"])])
def test_bonterms_added_item_letter_is_a_cosmetic_split(ext, parts):
    # 2024-01-12 typed the missing "(c)" on the last item of 9.2. Before, that sentence ran on
    # in 9.2 (Markdown: after its list) or in 9.2(b) (Word: after that paragraph); now it is
    # item 9.2(c), and the clause it left is shown split, not edited and inserted.
    comparison, by_a, by_b = compare(DATA / ext / f"bonterms-cloud-terms-v1.0-2022-02-26-heading-bold-reformat.{ext}",
                                     DATA / ext / f"bonterms-cloud-terms-v1.0-2024-01-12-add-missing-c.{ext}")
    check_contract(comparison, by_a, by_b)
    assert not any(p.substantive for p in comparison.pairs)
    changed = [p for p in comparison.pairs if p.kind != "unchanged"]
    assert [(p.kind, [by_b[j].number for j in p.b]) for p in changed] == [("split", parts)]


@pytest.fixture(scope="module")
def github_rounds():
    rounds = [(path.stem, load_draft(path)) for path in GITHUB]
    return {f"{a[0]}→{b[0]}": (a[1], b[1], compare_drafts(a[1], b[1])) for a, b in zip(rounds, rounds[1:])}


def test_github_terms_every_round_runs(github_rounds):
    assert len(github_rounds) == 10
    for draft_a, draft_b, comparison in github_rounds.values():
        check_contract(comparison, {c.id: c for c in draft_a.clauses}, {c.id: c for c in draft_b.clauses})


def test_github_2018_05_is_a_light_edit_with_nothing_moved(github_rounds):
    _, _, comparison = github_rounds["2018-04-19→2018-05-29"]
    counts = comparison.counts()
    assert counts["deleted"] == counts["inserted"] == counts["moved"] == 0
    assert counts["unchanged"] > 100


def test_github_2018_04_api_clause_split_into_its_items(github_rounds):
    draft_a, draft_b, comparison = github_rounds["2017-07-26→2018-04-19"]
    by_a = {c.id: c for c in draft_a.clauses}
    splits = [p for p in comparison.pairs if p.kind == "split"]
    assert [by_a[p.a[0]].heading for p in splits] == ["No Abuse or Overuse of the API"]
    moved = [by_a[p.a[0]].heading for p in comparison.pairs if p.kind == "moved"]
    assert "Publicity" in moved


def test_github_2026_round_changes_one_clause(github_rounds):
    _, _, comparison = github_rounds["2024-09-26→2026-03-17"]
    counts = comparison.counts()
    assert counts["modified"] == 1 and counts["deleted"] == 1 and counts["inserted"] == 0
    assert counts["unchanged"] > 100
