"""Invisible characters in a draft are kept as they are, and the reader says where they are."""

from __future__ import annotations

from pathlib import Path

from desktop.core.model import Paragraph
from desktop.core.pipeline import load_draft
from desktop.core.reading.hidden_text import hidden_characters_notes

DATA = Path(__file__).resolve().parents[1] / "data"
RLO, PDF, ZWSP = "\u202e", "\u202c", "\u200b"


def paragraphs(*texts: str) -> list[Paragraph]:
    return [Paragraph(index=i, text=t) for i, t in enumerate(texts)]


def test_a_right_to_left_override_is_kept_in_the_clause_and_named_in_a_note(tmp_path):
    path = tmp_path / "counter.txt"
    text = f"1. Fees\n\nCustomer shall pay {RLO}001${PDF} per month.\n\n2. Term\n\nOne year.\n"
    path.write_text(text, encoding="utf-8")
    draft = load_draft(path)
    assert any(RLO in c.text and PDF in c.text for c in draft.clauses)  # stored as the file says
    assert draft.original == path.read_bytes()
    (note,) = draft.document.warnings
    assert note.startswith("1 paragraph holds characters that change the order text is displayed in")
    assert "right-to-left override" in note and "pop directional formatting" in note
    assert "“Customer shall pay 001$ per month”" in note  # quoted without the controls, so it reads in order
    assert RLO not in note and PDF not in note
    assert "check the original" in note


def test_zero_width_spaces_get_the_milder_note_and_are_counted_by_paragraph():
    notes = hidden_characters_notes(paragraphs("Plain.", f"Liabil{ZWSP}ity is capped.", f"Twelve{ZWSP} months{ZWSP}."))
    (note,) = notes
    assert note.startswith("2 paragraphs hold invisible characters (zero-width space), the first in “Liability is capped”")
    assert "a change there can look like no change" in note


def test_both_kinds_give_two_notes_direction_first():
    notes = hidden_characters_notes(paragraphs(f"A{ZWSP}B", f"x {RLO}y"))
    assert len(notes) == 2
    assert "order text is displayed in" in notes[0] and "“x y”" in notes[0]
    assert "invisible characters (zero-width space)" in notes[1] and "“AB”" in notes[1]


def test_a_paragraph_of_nothing_but_controls_is_named_by_its_number():
    (note,) = hidden_characters_notes(paragraphs("First.", "Second.", RLO + PDF))
    assert "the first in paragraph 3." in note


def test_ordinary_invisible_characters_of_real_scripts_and_emoji_give_no_note():
    texts = ("Family: 👨\u200d👩\u200d👧 joined", "می\u200cخواهم", "Hebrew \u200fשלום\u200e and English",
             "A long quote " + "word " * 40)
    assert hidden_characters_notes(paragraphs(*texts)) == ()


def test_a_real_draft_without_such_characters_has_no_notes():
    draft = load_draft(DATA / "md" / "commonpaper-csa-v2.0-2024-02-02.md")
    assert draft.document.warnings == ()


def test_the_quote_is_the_words_around_the_first_hit_as_the_file_stores_them():
    text = ("During the Subscription Period and subject to the terms of this Agreement, "
            f"{RLO}remotsuC{PDF} may access and use the Cloud Service for its internal business purposes.")
    (note,) = hidden_characters_notes(paragraphs(text))
    # Displayed, the override turns "remotsuC" round into "Customer"; the note shows what the file says.
    assert "the first in “…the terms of this Agreement, remotsuC may access and use the…”" in note
