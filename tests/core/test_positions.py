"""Finding playbook positions in real drafts: which clauses, which sentences, valid offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.clauses import split_clauses
from desktop.core.model import Clause
from desktop.core.pipeline import load_draft
from desktop.core.playbook import Cues, Playbook, PositionSpec, default_playbook_path, load_playbook
from desktop.core.positions import Detector, find_positions, positions_json, shipped_model
from desktop.core.positions.cues import CueIndex, compile_cue, requirements_of
from desktop.core.positions.scoring import features, load_model, sentence_words
from desktop.core.positions.sentences import blank_reference_titles, sentence_spans
from desktop.core.reading import read_draft

MD = Path(__file__).resolve().parents[1] / "data" / "md"
CSA = MD / "commonpaper-csa-v2.0-2024-02-02.md"
AI_ADDENDUM = MD / "commonpaper-ai-addendum-v1.0.md"
DPA = MD / "commonpaper-dpa-v1.0.md"
GITHUB = MD / "github-corporate-tos-2026-03-17.md"
FIXTURES = (CSA, AI_ADDENDUM, DPA, GITHUB, MD / "bonterms-cloud-terms-v1.0-2022-02-04.md")


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    return load_playbook(default_playbook_path())


@pytest.fixture(scope="module")
def found(playbook):
    """Return {file name: (clauses, {key: finding})} for the fixtures."""
    out = {}
    for path in FIXTURES:
        clauses = load_draft(path).clauses
        out[path.name] = (clauses, {f.key: f for f in find_positions(clauses, playbook)})
    return out


def evidence_text(clauses, finding) -> list[tuple[Clause, str]]:
    """Return (clause, evidence text) for each evidence span of a finding."""
    by_id = {c.id: c for c in clauses}
    return [(by_id[e.clause], by_id[e.clause].text[e.start:e.end]) for e in finding.evidence]


def find_in(found, path: Path, key: str, number: str = "", heading: str = "") -> list[str]:
    """Return the evidence texts of `key` in clauses numbered `number` (or headed `heading`)."""
    clauses, findings = found[path.name]
    assert key in findings, f"{key} not found in {path.name}"
    return [text for clause, text in evidence_text(clauses, findings[key])
            if (not number or clause.number == number) and (not heading or clause.heading == heading)]


# ---- the positions a lawyer would point to --------------------------------------------------
def test_liability_cap_is_in_csa_8_1(found):
    texts = find_in(found, CSA, "liability_cap", number="8.1(a)")
    assert any("total cumulative liability" in t for t in texts)
    assert all(len(t) < 600 for t in texts), "evidence is a sentence, not the whole clause"


def test_training_use_in_csa_machine_learning_and_ai_addendum(found):
    assert any("train" in t for t in find_in(found, CSA, "training_use", heading="Machine Learning"))
    texts = find_in(found, AI_ADDENDUM, "training_use", number="1.3")
    assert any("may not use Customer's Inputs or Outputs to Train any Model" in t for t in texts)


def test_output_ownership_in_ai_addendum(found):
    texts = find_in(found, AI_ADDENDUM, "output_ownership", number="2.1")
    assert any("owns all Output" in t for t in texts)


def test_audit_rights_and_breach_notice_in_dpa(found):
    assert find_in(found, DPA, "audit_rights", heading="Audit Rights")
    texts = find_in(found, DPA, "breach_notification", number="4.1")
    assert any("72 hours" in t for t in texts)


def test_governing_law(found):
    assert find_in(found, CSA, "governing_law", number="12.3")
    texts = find_in(found, GITHUB, "governing_law", number="T.1")
    assert any("laws of the State of California" in t for t in texts)


def test_termination_for_convenience_in_github_terms(found):
    texts = find_in(found, GITHUB, "termination_for_convenience", number="K.2")
    assert any("without cause" in t for t in texts)


def test_survival_list_of_section_titles_is_not_a_liability_clause(found):
    clauses, findings = found[CSA.name]
    survival = next(c for c in clauses if c.number == "5.6(a)")
    assert "Limitation of Liability" in survival.text
    assert survival.id not in findings["liability_cap"].clauses


# ---- the shape of every finding ----------------------------------------------------------------
def test_every_finding_is_well_formed(found, playbook):
    for clauses, findings in found.values():
        ids = {c.id for c in clauses}
        texts = {c.id: c.text for c in clauses}
        order = [k for k in playbook.keys() if k in findings]
        assert list(findings) == order, "findings come in playbook order"
        for finding in findings.values():
            assert finding.evidence and finding.clauses
            assert set(finding.clauses) <= ids
            assert list(finding.clauses) == list(dict.fromkeys(e.clause for e in finding.evidence))
            assert isinstance(finding.values, dict)
            for e in finding.evidence:
                assert 0 <= e.start < e.end <= len(texts[e.clause])
                span = texts[e.clause][e.start:e.end]
                assert span == span.strip() and len(span.split()) >= 5


def test_positions_json_shape(found):
    clauses, findings = found[CSA.name]
    out = positions_json("csa.md", clauses, list(findings.values()))
    assert out["file"] == "csa.md" and len(out["clauses"]) == len(clauses)
    first = out["positions"][0]
    assert set(first) == {"key", "title", "clauses", "evidence", "values"}
    assert set(first["evidence"][0]) == {"clause", "start", "end"}


def test_nothing_is_found_in_an_empty_draft(playbook):
    assert find_positions((), playbook) == ()
    headings_only = split_clauses(read_draft(Path("h.md"), b"# Limitation of Liability\n\n## Audit\n"))
    assert find_positions(headings_only, playbook) == ()


# ---- CUAD wording (CC BY 4.0, see tests/data/SOURCES.md) ----------------------------------------
CUAD_SENTENCES = {
    "liability_cap": "IN NO ONE EVENT SHALL EITHER PARTY'S AGGREGATE LIABILITY FOR DAMAGES OR LOSSES UNDER "
                     "THIS AGREEMENT EXCEED THE AGGREGATE AMOUNT OF THE PRODUCT PRICES PAID BY BELLICUM FOR "
                     "THE MILTENYI PRODUCT(S) DURING THE TWELVE (12) MONTH PERIOD IMMEDIATELY PRECEDING THE "
                     "EVENT GIVING RISE TO SUCH LIABILITY.",
    "audit_rights": "Upon WGT's request, Distributor will provide access to such records for examination, "
                    "reproduction, and audit by WGT or its representatives.",
    "insurance": "The insurance will identify University Indemnitees as additional insureds and will provide "
                 "that the carrier will notify University in writing prior to cancellation, non-renewal, or "
                 "material change in coverage.",
}


@pytest.mark.parametrize("key", sorted(CUAD_SENTENCES))
def test_cuad_sentences(playbook, key):
    text = f"1. Terms\n\n1.1 {CUAD_SENTENCES[key]}\n"
    clauses = load_draft(Path("cuad.txt"), text.encode()).clauses
    assert key in {f.key for f in find_positions(clauses, playbook)}


# ---- user positions and broken cues ------------------------------------------------------------
def test_user_position_is_found_by_its_cues_alone():
    spec = PositionSpec(key="mfn", title="Most favoured nation", group="General", explanation="",
                        cues=Cues(headings=("most favou?red",), terms=(r"\bmost favou?red\b", "~better terms", "(")),
                        user_defined=True)
    clauses = load_draft(Path("d.md"), b"# Agreement\n\n## Most Favoured Customer\n\nVendor will offer Customer "
                                       b"any better terms it offers to others within 30 days.\n").clauses
    findings = Detector(Playbook("mine", (spec,)), shipped_model()).find(clauses)
    assert [f.key for f in findings] == ["mfn"], "the broken pattern '(' is skipped, the rest still work"


# ---- the model --------------------------------------------------------------------------------
def test_shipped_model_scores_equal_the_feature_sum():
    model = load_model(default_playbook_path().with_suffix(".model.json"))
    assert model is not None and "liability_cap" in model.keys
    words = sentence_words("in no event will either party's total liability exceed the fees paid")
    cues = {"t:liability_cap", "g:liability_cap"}
    fast = model.sentence_scores(words, {"limitation", "liability"}, cues, shouted=False)
    slow = model.scores(features(words, {"limitation", "liability"}, cues, shouted=False))
    assert fast == pytest.approx(slow)
    assert fast[model.keys.index("liability_cap")] > fast[model.keys.index("insurance")]


# ---- sentences and cue shortcuts ------------------------------------------------------------------
def test_sentence_spans_keep_abbreviations_and_numbers_together():
    text = ("Acme Inc. will pay U.S. $5 under Section 8.1 of the Agreement. The cap is 12 months.\n"
            "(a) Fees are due in 30 days.")
    spans = [text[a:b] for a, b in sentence_spans(text)]
    assert spans == ["Acme Inc. will pay U.S. $5 under Section 8.1 of the Agreement.",
                     "The cap is 12 months.", "(a) Fees are due in 30 days."]


def test_cross_reference_titles_are_blanked_in_place():
    text = "Section 8 (Limitation of Liability) and Section 9 (Indemnification) survive."
    masked = blank_reference_titles(text)
    assert len(masked) == len(text) and "Liability" not in masked and "survive" in masked


def test_requirements_are_words_every_match_contains():
    assert requirements_of(r"\b(total|aggregate) liabilit(y|ies)\b[^.]{0,80}exceed")[0] == ("liabilities", "liability")
    assert requirements_of(r"\bstandard contractual clauses\b|\bsccs?\b")


def test_cue_shortcut_never_hides_a_match(playbook):
    """Every shipped pattern, tried on every fixture sentence, matches exactly where the index lets it."""
    patterns = [compile_cue(t.removeprefix("~")) for spec in playbook.positions
                for t in (*spec.cues.terms, *spec.cues.exclude)]
    sentences = [c.text[a:b].lower() for path in (CSA, AI_ADDENDUM) for c in load_draft(path).clauses
                 for a, b in sentence_spans(c.text)]
    index = CueIndex(patterns, [set(sentence_words(s)) for s in sentences])
    for at, sentence in enumerate(sentences):
        allowed = set(index.candidates(at))
        for number, pattern in enumerate(patterns):
            if pattern.regex.search(sentence):
                assert number in allowed, (pattern.source, sentence)
                assert pattern.search(sentence)
