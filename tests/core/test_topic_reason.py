"""Each topic pair says why it was matched (issue 21, part 1: same position, same heading, similar words)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from desktop.core.model import Pair
from desktop.core.pipeline import load_draft
from desktop.core.topics import align_by_topic

SAAS = Path(__file__).resolve().parents[1] / "data" / "md" / "pairs" / "saas-cloud-terms"


@cache
def csa_vs_bonterms():
    a = load_draft(SAAS / "commonpaper-csa-v2.md").clauses
    b = load_draft(SAAS / "bonterms-cloud-terms-v1.0.md").clauses
    return a, b, align_by_topic(a, b)


def pair_of(number_a: str) -> tuple[Pair, dict[str, str]]:
    a, b, pairs = csa_vs_bonterms()
    clause = next(c.id for c in a if c.number == number_a)
    return next(p for p in pairs if clause in p.a), {c.id: c.number for c in b}


def test_the_liability_cap_pair_names_the_position_it_shares():
    pair, number_b = pair_of("8.1")
    assert [number_b[j] for j in pair.b] == ["16.1"] and pair.topic == "same"
    assert pair.reason.startswith("same position: Limitation of liability cap")
    assert "similar wording (" in pair.reason and pair.reason.endswith("%)")


def test_sections_with_the_same_heading_say_so():
    pair, number_b = pair_of("9")  # Indemnification meets Indemnification
    assert [number_b[j] for j in pair.b] == ["17"]
    assert "same heading" in pair.reason.split(" · ")


def test_every_topic_pair_has_a_reason_and_one_sided_ones_say_the_other_has_nothing():
    _, _, pairs = csa_vs_bonterms()
    assert all(p.reason for p in pairs)
    lone = [p for p in pairs if p.topic == "one_side"]
    assert lone and all(p.reason == "nothing on it in the other draft" for p in lone)
    matched = {p.reason.split(" · ")[0].split(":")[0].split(" (")[0] for p in pairs if p.topic != "one_side"}
    assert {"same position", "same heading", "similar wording", "both documents' titles"} <= matched


def test_the_json_pair_carries_the_reason_only_when_topic_aligned():
    pair, _ = pair_of("8.1")
    assert pair.as_json()["reason"] == pair.reason
    lineage = Pair(kind="unchanged", a=("x",), b=("y",), substantive=False)
    assert "reason" not in lineage.as_json() and "topic" not in lineage.as_json()


def test_compare_json_has_reason_on_topic_pairs_and_not_on_lineage_pairs(capsys):
    import json

    from desktop.cli import main

    v1 = SAAS.parents[2] / "md" / "commonpaper-csa-v1.0-final-2022-02-03.md"
    v2 = SAAS.parents[2] / "md" / "commonpaper-csa-v2.0-2024-02-02.md"
    assert main(["compare", str(SAAS / "commonpaper-csa-v2.md"), str(SAAS / "bonterms-cloud-terms-v1.0.md"),
                 "--by", "topic", "--json"]) == 0
    topic = json.loads(capsys.readouterr().out)["pairs"]
    assert all(isinstance(p["reason"], str) and p["reason"] for p in topic)
    assert main(["compare", str(v1), str(v2), "--by", "lineage", "--json"]) == 0
    lineage = json.loads(capsys.readouterr().out)["pairs"]
    assert lineage and all("reason" not in p and "topic" not in p for p in lineage)
