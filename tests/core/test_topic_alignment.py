"""Topic alignment of unrelated drafts, checked against pairs read out of the documents.

The expected pairs were read by hand from the three SaaS terms in tests/data/md/pairs/
(copied from corpus/pairs/saas-cloud-terms): for each subject, the clause each document puts
it in (number, or heading where GitHub leaves a clause unnumbered).
"""

from __future__ import annotations

import itertools
from functools import cache
from pathlib import Path

import pytest

from desktop.core.compare_any import compare_any, shares_lineage
from desktop.core.diff import side_a, side_b
from desktop.core.pipeline import load_draft
from desktop.core.topics import TOPIC_LABELS, align_by_topic

DATA = Path(__file__).resolve().parents[1] / "data" / "md"
PAIRS = DATA / "pairs"
SAAS = {
    "csa": PAIRS / "saas-cloud-terms" / "commonpaper-csa-v2.md",
    "bonterms": PAIRS / "saas-cloud-terms" / "bonterms-cloud-terms-v1.0.md",
    "github": PAIRS / "saas-cloud-terms" / "github-corporate-tos-2026-03-17.md",
}
# subject -> where each document says it (clause number, or heading of an unnumbered clause)
SAAS_EXPECTED = {
    "limitation of liability": {"csa": "8", "bonterms": "16", "github": "N"},
    "liability cap": {"csa": "8.1", "bonterms": "16.1", "github": "Limitation of Total Liability"},
    "consequential damages": {"csa": "8.2", "bonterms": "16.2", "github": "Indirect Damages"},
    "indemnification": {"csa": "9", "bonterms": "17", "github": "O"},
    "indemnity by the provider": {"csa": "9.1", "bonterms": "17.1", "github": "O.1"},
    "indemnity by the customer": {"csa": "9.2", "bonterms": "17.2", "github": "O.2"},
    "confidentiality": {"csa": "10", "bonterms": "18", "github": "P"},
    "term and termination": {"csa": "5", "bonterms": "14", "github": "K"},
    "effect of termination": {"csa": "5.5", "bonterms": "14.5", "github": "K.4"},
    "governing law": {"csa": "12.3", "bonterms": "22.2", "github": "T.1"},
}


@cache
def clauses(path: Path):
    return load_draft(path).clauses


def find(path: Path, where: str) -> str:
    """Return the id of the clause numbered `where`, or else headed `where`."""
    found = [c.id for c in clauses(path) if c.number == where]
    found = found or [c.id for c in clauses(path) if c.heading == where and not c.number]
    assert len(found) == 1, (path.name, where, found)
    return found[0]


def check_contract(a, b, pairs) -> None:
    """Every clause in exactly one pair; each diff rebuilds both texts; labels are known."""
    assert sorted(i for p in pairs for i in p.a) == sorted(c.id for c in a)
    assert sorted(j for p in pairs for j in p.b) == sorted(c.id for c in b)
    text_a, text_b = {c.id: c.text for c in a}, {c.id: c.text for c in b}
    for pair in pairs:
        assert side_a(pair.diff) == "".join(text_a[i] for i in pair.a)
        assert side_b(pair.diff) == "".join(text_b[j] for j in pair.b)
        assert pair.topic in TOPIC_LABELS
        assert (pair.topic == "one_side") == (not pair.a or not pair.b)


@pytest.mark.parametrize("left,right", list(itertools.permutations(SAAS, 2)))
def test_saas_terms_pair_their_key_clauses_in_every_pairing(left, right):
    a, b = clauses(SAAS[left]), clauses(SAAS[right])
    pairs = align_by_topic(a, b)
    check_contract(a, b, pairs)
    partner = {i: p for p in pairs for i in p.a}
    wrong = []
    for subject, where in SAAS_EXPECTED.items():
        pair = partner[find(SAAS[left], where[left])]
        if find(SAAS[right], where[right]) not in pair.b:
            wrong.append(subject)
        elif pair.topic == "one_side":
            wrong.append(f"{subject} (labelled one_side)")
    assert not wrong


def test_a_clause_only_one_side_has_is_labelled_so():
    # Bonterms 22.13 Open Source has no counterpart in the Common Paper CSA.
    pairs = align_by_topic(clauses(SAAS["csa"]), clauses(SAAS["bonterms"]))
    open_source = find(SAAS["bonterms"], "22.13")
    pair = next(p for p in pairs if open_source in p.b)
    assert pair.topic == "one_side" and pair.kind == "inserted"


SANITY = [
    # (document A, document B, [(where in A, where in B)]) read from the documents
    ("dpa/commonpaper-dpa-v1.0.md", "dpa/bonterms-dpa-v1.0.md",
     [("11", "1"), ("5", "9"), ("5.1", "9.3"), ("7", "8"), ("3", "10"), ("11.15", "1.18")]),
    ("nda/commonpaper-mutual-nda-v1.0.md", "nda/bonterms-mutual-nda-v1.0.md",
     [("2", "3"), ("3", "4"), ("5", "6"), ("6", "7"), ("9", "10"), ("10", "11")]),
    ("ai-terms/commonpaper-ai-addendum-v1.0.md",
     "ai-terms/github-additional-product-terms-incl-copilot-2026-03-17.md",
     [("1", "GitHub Copilot"), ("1.2", "Acceptable Use"), ("1.3", "Data")]),
]


@pytest.mark.parametrize("left,right,expected", SANITY)
def test_other_vendor_pairs_keep_the_contract(left, right, expected):
    a, b = clauses(PAIRS / left), clauses(PAIRS / right)
    pairs = align_by_topic(a, b)
    check_contract(a, b, pairs)
    partner = {i: p for p in pairs for i in p.a}
    for where_a, where_b in expected:
        assert find(PAIRS / right, where_b) in partner[find(PAIRS / left, where_a)].b, (where_a, where_b)


@pytest.mark.parametrize("older,newer", [
    ("github-corporate-tos/2017-06-09.md", "github-corporate-tos/2017-07-26.md"),
    ("github-corporate-tos/2018-05-29.md", "github-corporate-tos/2019-03-29.md"),
    ("github-corporate-tos/2020-07-17.md", "github-corporate-tos/2022-05-25.md"),
    ("github-corporate-tos/2024-09-26.md", "github-corporate-tos/2026-03-17.md"),
    ("commonpaper-csa-v1.0-final-2022-02-03.md", "commonpaper-csa-v2.0-2024-02-02.md"),
    ("bonterms-cloud-terms-v1.0-2022-02-04.md", "bonterms-cloud-terms-v1.0-2022-02-26-heading-bold-reformat.md"),
])
def test_consecutive_versions_share_a_lineage(older, newer):
    assert shares_lineage(clauses(DATA / older), clauses(DATA / newer))


@pytest.mark.parametrize("left,right", list(itertools.combinations(sorted(PAIRS.glob("*/*.md")), 2)))
def test_different_publishers_papers_do_not(left, right):
    assert not shares_lineage(clauses(left), clauses(right))


def test_compare_any_picks_topic_for_vendors_and_lineage_for_versions():
    vendors = compare_any("csa", clauses(SAAS["csa"]), "gh", clauses(SAAS["github"]))
    assert vendors.by == "topic" and all(p.topic for p in vendors.pairs)
    older, newer = DATA / "github-corporate-tos" / "2024-09-26.md", DATA / "github-corporate-tos" / "2026-03-17.md"
    versions = compare_any("old", clauses(older), "new", clauses(newer))
    assert versions.by == "lineage" and not any(p.topic for p in versions.pairs)
    forced = compare_any("old", clauses(older), "new", clauses(newer), by="topic")
    assert forced.by == "topic"
    check_contract(clauses(older), clauses(newer), forced.pairs)
