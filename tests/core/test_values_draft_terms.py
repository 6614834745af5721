"""Values the rest of the draft settles: defined caps and Cover Page variables, on real drafts.

Bonterms Cloud Terms define the caps in 16.5 ("“Enhanced Cap” means three times (3x) the
General Cap"); the Common Paper CSA leaves the caps, the covered claims and the governing law
to its Cover Page; GitHub's Corporate Terms state everything in place. The drafts are the
copies in tests/data/md/pairs/ (tests/data/SOURCES.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.pipeline import load_draft
from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.core.positions import find_positions
from desktop.core.values import compare_values, describe_values, extract_values
from desktop.core.values.draft_terms import DraftTerms

PAIRS = Path(__file__).resolve().parents[1] / "data" / "md" / "pairs" / "saas-cloud-terms"
PLAYBOOK = load_playbook(default_playbook_path())


@pytest.fixture(scope="module")
def drafts() -> dict:
    """Return name -> (clauses, findings by key) for the three SaaS terms."""
    out = {}
    for name, file in (("bonterms", "bonterms-cloud-terms-v1.0.md"), ("csa", "commonpaper-csa-v2.md"),
                       ("github", "github-corporate-tos-2026-03-17.md")):
        clauses = load_draft(PAIRS / file).clauses
        out[name] = (clauses, {f.key: f for f in find_positions(clauses, PLAYBOOK)})
    return out


def cell(key: str, values: dict) -> str:
    return describe_values(PLAYBOOK.get(key), values)


def test_bonterms_caps_come_from_their_definitions(drafts):
    values = drafts["bonterms"][1]["liability_cap"].values
    # 16.1 "will not exceed the General Cap"; 16.5: amounts paid … in the 12 months preceding.
    assert values["cap_months_of_fees"] == 12
    # 16.3 "For all Enhanced Claims … will not exceed the Enhanced Cap"; 16.5: three times the General Cap.
    assert values["super_cap"] is True and values["super_cap_multiple"] == 3
    assert "on_cover_page" not in values
    assert cell("liability_cap", values).startswith("12 mo fees; super-cap 3×")


def test_csa_cap_is_set_on_the_cover_page(drafts):
    values = drafts["csa"][1]["liability_cap"].values
    # 8.1(a) "will not be more than the General Cap Amount", a Variable (13.1) no clause defines.
    assert values["cap_reference"] == "General Cap Amount" and values["on_cover_page"] is True
    assert cell("liability_cap", values).startswith("per Cover Page")


def test_csa_covered_claims_are_set_on_the_cover_page(drafts):
    # 9.1 defends "Provider Covered Claims"; 13.10 only says a Covered Claim is a Provider or Customer one.
    assert drafts["csa"][1]["ip_indemnity"].values == {"on_cover_page": True}
    assert cell("ip_indemnity", {"on_cover_page": True}) == "per Cover Page"
    # Bonterms defines Provider-Covered Claim (17.3): what it covers is read, not deferred.
    assert drafts["bonterms"][1]["ip_indemnity"].values["covers"] == "service only"


@pytest.mark.parametrize("name", ["csa", "bonterms"])
def test_governing_law_defined_on_the_cover_page(drafts, name):
    # CSA 12.3 "The Governing Law will govern …"; Bonterms 22.2 "The Governing Law governs …".
    assert drafts[name][1]["governing_law"].values == {"on_cover_page": True}
    assert cell("governing_law", {"on_cover_page": True}) == "per Cover Page"


def test_github_states_its_law_in_place(drafts):
    values = drafts["github"][1]["governing_law"].values
    assert "on_cover_page" not in values and "California" in values["jurisdiction"]


def test_liability_cap_evidence_leaves_out_remedies_that_add_up(drafts):
    for name in ("bonterms", "csa"):
        clauses, found = drafts[name]
        by_id = {c.id: c for c in clauses}
        texts = [by_id[e.clause].text[e.start:e.end] for e in found["liability_cap"].evidence]
        assert not any("does not limit" in t and "remed" in t for t in texts), name
        assert not any("report a breach of warranty" in t for t in texts), name
        assert any("General Cap" in t for t in texts), name


def test_without_the_draft_only_the_sentence_counts():
    spec = PLAYBOOK.get("liability_cap")
    sentence = "For all Enhanced Claims, each party’s entire liability will not exceed the Enhanced Cap."
    assert extract_values(spec, sentence) == {"super_cap": True}
    # A draft that neither defines the term nor has a Cover Page settles nothing more.
    assert extract_values(spec, sentence, DraftTerms({}, cover_page=False)) == {"super_cap": True}
    defined = DraftTerms({"enhanced cap": "“Enhanced Cap” means two times (2x) the General Cap."}, cover_page=True)
    assert extract_values(spec, sentence, defined) == {"super_cap": True, "super_cap_multiple": 2}


def test_a_cover_page_value_cannot_be_weighed_against_a_stated_one():
    spec = PLAYBOOK.get("ip_indemnity")
    stated = {"covers": "service only", "uncapped": True}
    assert set(compare_values(spec, {"on_cover_page": True}, stated).values()) == {"unknown"}
    assert set(compare_values(spec, stated, {"on_cover_page": True}).values()) == {"unknown"}
    # Both stated: compared value by value as ever.
    assert compare_values(spec, {"covers": "service only"}, stated)["uncapped"] == "customer"
