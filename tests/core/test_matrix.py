"""The position matrix on real vendor papers: each cap, indemnity, training and audit cell.

Expected values were read from the documents in tests/data/md/pairs/ (see the comments).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from desktop.core.matrix import BEST_MARK, build_matrix, matrix_html, matrix_markdown, matrix_tsv
from desktop.core.model import UserFacingError
from desktop.core.pipeline import load_draft
from desktop.core.topics import default_playbook

PAIRS = Path(__file__).resolve().parents[1] / "data" / "md" / "pairs"
SAAS = (("CSA", "saas-cloud-terms/commonpaper-csa-v2.md"),
        ("Bonterms", "saas-cloud-terms/bonterms-cloud-terms-v1.0.md"),
        ("GitHub", "saas-cloud-terms/github-corporate-tos-2026-03-17.md"))
AI = (("Addendum", "ai-terms/commonpaper-ai-addendum-v1.0.md"),
      ("Copilot", "ai-terms/github-additional-product-terms-incl-copilot-2026-03-17.md"))


@cache
def matrix(which: tuple, our_side: str = "customer"):
    return build_matrix([(name, load_draft(PAIRS / path).clauses) for name, path in which],
                        default_playbook(), our_side)


def cells(m, key: str) -> dict:
    row = m.cells[m.keys.index(key)]
    return dict(zip(m.drafts, row))


def test_rows_start_with_the_named_positions():
    m = matrix(SAAS)
    named = [p.key for p in default_playbook().positions if p.first]
    assert list(m.keys[:len(named)]) == named
    assert m.drafts == ("CSA", "Bonterms", "GitHub")


def test_saas_liability_cap():
    cap = cells(matrix(SAAS), "liability_cap")
    # CSA 8.1(a): "will not be more than the General Cap Amount", a Cover Page variable; 8.1(b)
    # an Increased Cap for Increased Claims.
    assert cap["CSA"].values["cap_reference"] == "General Cap Amount"
    assert "cap_months_of_fees" not in cap["CSA"].values and cap["CSA"].values["super_cap"] is True
    assert "8.1(a)" in cap["CSA"].numbers
    # Bonterms 16.1 "will not exceed the General Cap"; 16.5: "General Cap" means amounts paid in
    # the 12 months before the incident; Uncapped Claims: indemnity, IP, confidentiality; 21: betas US$1,000.
    assert cap["Bonterms"].values["cap_months_of_fees"] == 12
    assert {"indemnity", "confidentiality", "IP infringement"} <= set(cap["Bonterms"].values["uncapped_carve_outs"])
    assert cap["Bonterms"].values["preview_cap_amount"] == {"amount": 1000.0, "currency": "USD"}
    assert "16.1" in cap["Bonterms"].numbers
    # GitHub N: fees paid in the 12 months preceding the claim; Exclusions: confidentiality (P)
    # and defence obligations (O) are outside the cap; Beta Previews $500.
    assert cap["GitHub"].values["cap_months_of_fees"] == 12
    assert set(cap["GitHub"].values["uncapped_carve_outs"]) == {"confidentiality", "indemnity"}
    assert cap["GitHub"].values["preview_cap_amount"] == {"amount": 500.0, "currency": "USD"}
    assert "N “Limitation of Total Liability”" in cap["GitHub"].numbers
    # Same 12 months, but Bonterms leaves IP claims uncapped too and pays more for betas.
    assert [cap[d].better for d in ("CSA", "Bonterms", "GitHub")] == [False, True, False]
    assert cap["Bonterms"].summary.startswith("12 mo fees")


def test_saas_ip_indemnity():
    indemnity = cells(matrix(SAAS), "ip_indemnity")
    # CSA 9.1 defends "Provider Covered Claims", defined on the Cover Page: that is all there is to read.
    assert indemnity["CSA"].values == {"on_cover_page": True} and "9.1" in indemnity["CSA"].numbers
    # Bonterms 17.1 + Provider-Covered Claim: the Cloud Service infringes; uncapped (16.5 Uncapped Claims (a)).
    assert indemnity["Bonterms"].values == {"covers": "service only", "uncapped": True}
    assert "17.1" in indemnity["Bonterms"].numbers
    # GitHub O.1: authorized use of the Service infringes; N Exclusions (2) takes defence outside the cap.
    assert indemnity["GitHub"].values == {"covers": "service only", "uncapped": True}
    assert "O.1" in indemnity["GitHub"].numbers
    assert not any(cell.better for cell in indemnity.values())  # a tie, and CSA cannot be weighed


def test_saas_training_and_audit():
    m = matrix(SAAS)
    training = cells(m, "training_use")
    # CSA 1.6 Machine Learning: aggregated and de-identified before use for training.
    assert training["CSA"].values["training"] == "de-identified or aggregated only"
    assert training["CSA"].numbers == ("1.6",)
    assert not training["Bonterms"].found and not training["GitHub"].found
    assert not any(cell.better for cell in training.values())  # only one draft says anything
    # None of the three gives the customer audit rights.
    assert not any(cell.found for cell in cells(m, "audit_rights").values())


def test_ai_terms_cells():
    m = matrix(AI)
    cap = cells(m, "liability_cap")
    assert not cap["Addendum"].found
    # "Previews … GitHub's maximum liability is limited to direct damages up to US $500": a preview cap.
    assert cap["Copilot"].values == {"preview_cap_amount": {"amount": 500.0, "currency": "USD"}}
    assert cap["Copilot"].numbers == ("“Previews”",)
    assert not any(c.found for c in cells(m, "ip_indemnity").values())
    assert not any(c.found for c in cells(m, "audit_rights").values())
    training = cells(m, "training_use")
    # Addendum 1.3: no training unless the Cover Page names Training Data; 1.4 allows improvement use.
    assert training["Addendum"].values == {"training": "opt-in", "improvement_use": True}
    assert training["Addendum"].numbers[0] == "1.3"
    # Copilot Data: Free users' data used for training only "if you allow in your settings".
    assert training["Copilot"].values == {"training": "opt-in"}
    assert training["Copilot"].numbers == ("“Data”",)
    assert training["Copilot"].better and not training["Addendum"].better


def test_vendor_side_flips_the_best_value():
    cap = cells(matrix(SAAS, "vendor"), "liability_cap")
    assert cap["GitHub"].better and not cap["Bonterms"].better


def test_renderings_carry_every_cell_and_the_mark():
    m = matrix(SAAS)
    tsv = matrix_tsv(m).splitlines()
    assert tsv[0] == "Position\tCSA\tBonterms\tGitHub"
    assert len(tsv) == len(m.keys) + 1 and all(line.count("\t") == 3 for line in tsv)
    assert f"{BEST_MARK} 12 mo fees" in tsv[1].split("\t")[2]
    markdown = matrix_markdown(m)
    assert f"**{BEST_MARK} 12 mo fees" in markdown and "| Audit rights | not found |" in markdown
    html = matrix_html(m)
    assert html.count("<tr>") == len(m.keys) + 1 and f"<b>{BEST_MARK} 12 mo fees" in html


@pytest.mark.parametrize("count", [1, 6])
def test_two_to_five_drafts(count):
    clauses = load_draft(PAIRS / SAAS[0][1]).clauses
    with pytest.raises(UserFacingError):
        build_matrix([(f"d{k}", clauses) for k in range(count)], default_playbook(), "customer")
