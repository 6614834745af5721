"""Formatting-only changes in the compare: the same words, another style or level, are cosmetic
modifications that say what changed (issue 20, part 3)."""

from __future__ import annotations

from pathlib import Path

from desktop.core.compare_any import compare_any
from desktop.core.formatting import with_formatting_changes
from desktop.core.pipeline import load_draft

DOCX = Path(__file__).resolve().parents[1] / "data" / "docx"
STORIES = DOCX / "stories"


def _compare(a: Path, b: Path):
    draft_a, draft_b = load_draft(a), load_draft(b)
    comparison = compare_any(a.name, draft_a.clauses, b.name, draft_b.clauses, by="lineage")
    return with_formatting_changes(comparison, draft_a.document, draft_b.document)


def test_a_heading_turned_body_text_is_one_cosmetic_modification_saying_so() -> None:
    comparison = _compare(STORIES / "style-change-a.docx", STORIES / "style-change-b.docx")
    changed = [p for p in comparison.pairs if p.kind != "unchanged"]
    assert len(changed) == 1
    (pair,) = changed
    assert pair.kind == "modified" and not pair.substantive
    assert pair.formatting.startswith("style Heading 2 → Body Text; heading level 2 → none")
    assert pair.as_json()["formatting"] == pair.formatting
    assert all(op == "=" for op, _text in pair.diff)  # the words (here a heading's: none) all kept
    assert comparison.counts()["cosmetic"] == 1 and comparison.counts()["substantive"] == 0


def test_a_list_level_change_is_named_and_unchanged_pairs_carry_no_formatting_key() -> None:
    comparison = _compare(STORIES / "list-level-change-a.docx", STORIES / "list-level-change-b.docx")
    assert {p.formatting for p in comparison.pairs if p.formatting} == {"list level 1 → 2"}
    assert all("formatting" not in p.as_json() for p in comparison.pairs if not p.formatting)


def test_the_bonterms_reformatting_round_is_all_cosmetic() -> None:
    # The real version whose only change is how headings are set: bold titles removed.
    comparison = _compare(DOCX / "bonterms-cloud-terms-v1.0-2022-02-04.docx",
                          DOCX / "bonterms-cloud-terms-v1.0-2022-02-26-heading-bold-reformat.docx")
    formatted = [p for p in comparison.pairs if p.formatting]
    assert len(formatted) > 20
    assert all(not p.substantive for p in formatted)
    assert {p.formatting for p in formatted} <= {"bold title removed", "bold title added"}


def test_two_different_papers_compared_by_topic_get_no_formatting_notes() -> None:
    a = load_draft(DOCX / "commonpaper-mutual-nda-v1.0.docx")
    b = load_draft(DOCX / "bonterms-cloud-terms-v1.0-2022-02-04.docx")
    comparison = compare_any("a", a.clauses, "b", b.clauses, by="topic")
    assert with_formatting_changes(comparison, a.document, b.document) is comparison
