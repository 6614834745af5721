"""`counterdraft compare --by`: two vendors' papers come back topic-aligned, versions as a redline."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "md"
CSA = DATA / "pairs" / "saas-cloud-terms" / "commonpaper-csa-v2.md"
GITHUB = DATA / "pairs" / "saas-cloud-terms" / "github-corporate-tos-2026-03-17.md"
OLD, NEW = DATA / "github-corporate-tos" / "2024-09-26.md", DATA / "github-corporate-tos" / "2026-03-17.md"


def compare_json(capsys, *argv: str) -> dict:
    assert main(["compare", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_unrelated_drafts_are_topic_aligned_by_default(capsys):
    result = compare_json(capsys, str(CSA), str(GITHUB))
    assert result["by"] == "topic"
    assert {p["topic"] for p in result["pairs"]} == {"same", "partial", "one_side"}
    ids_a = sorted(i for p in result["pairs"] for i in p["a"])
    assert ids_a == sorted(c["id"] for c in result["clauses_a"])
    texts_b = {c["id"]: c["text"] for c in result["clauses_b"]}
    for pair in result["pairs"]:
        assert "".join(t for op, t in pair["diff"] if op != "-") == "".join(texts_b[j] for j in pair["b"])
    heading_a = {c["id"]: c["heading"] for c in result["clauses_a"]}
    heading_b = {c["id"]: c["heading"] for c in result["clauses_b"]}
    # Common Paper 12.3 "Governing Law and Chosen Courts" meets GitHub T.1 "Governing Law".
    law = next(p for p in result["pairs"] if any(heading_a[i] == "Governing Law and Chosen Courts" for i in p["a"]))
    assert [heading_b[j] for j in law["b"]] == ["Governing Law"] and law["topic"] == "same"


def test_versions_stay_a_redline_and_by_topic_forces_topics(capsys):
    lineage = compare_json(capsys, str(OLD), str(NEW))
    assert lineage["by"] == "lineage" and all("topic" not in p for p in lineage["pairs"])
    forced = compare_json(capsys, str(OLD), str(NEW), "--by", "topic")
    assert forced["by"] == "topic" and all(p["topic"] for p in forced["pairs"])
    versions = compare_json(capsys, str(CSA), str(GITHUB), "--by", "lineage")
    assert versions["by"] == "lineage"


def test_text_output_says_it_matched_by_topic(capsys):
    assert main(["compare", str(CSA), str(GITHUB)]) == 0
    out = capsys.readouterr().out
    assert "matched by topic" in out and "same topic" in out


def test_unknown_mode_is_refused(capsys):
    try:
        main(["compare", str(CSA), str(GITHUB), "--by", "sideways"])
    except SystemExit as stop:
        assert stop.code == 2
    assert "invalid choice" in capsys.readouterr().err
