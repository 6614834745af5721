"""The redline's options and edges: substantive only, Markdown and text drafts, errors, cancel."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from desktop.core.model import Cancelled, UserFacingError
from desktop.core.pipeline import load_draft
from desktop.export.redline import RedlineError, load_redline_draft, write_redline
from tests.export.ooxml_walker import W, texts
from tests.export.redline_helpers import DATA, DOCX, PEER, document_root, make_docx, redline

MD_V1 = DATA / "md" / "commonpaper-csa-v1.0-final-2022-02-03.md"
MD_V2 = DATA / "md" / "commonpaper-csa-v2.0-2024-02-02.md"


def _reader_texts(path: Path) -> list[str]:
    """Return a Markdown/text draft's paragraphs as the redline lays them out (numbers typed)."""
    return [f"{p.label} {p.text}" if p.label else p.text for p in load_draft(path).document.paragraphs]


def test_substantive_only_leaves_cosmetic_changes_unmarked(tmp_path: Path) -> None:
    a = make_docx(tmp_path / "a.docx", ["Fees are due within 30 days.", "As set out in Section 9, notices are written.",
                                        "Liability is capped at 12 months of fees."])
    b = make_docx(tmp_path / "b.docx", ["Fees are due within 30 days.", "As set out in Section 8, notices are written.",
                                        "Liability is capped at 24 months of fees."])
    full, only = tmp_path / "full.docx", tmp_path / "only.docx"
    redline(a, b, full)
    redline(a, b, only, substantive_only=True)
    assert texts(full, "reject") == texts(a)
    # The renumbered cross-reference stays as B has it; the cap change is still marked.
    assert texts(only, "reject") == ["Fees are due within 30 days.", "As set out in Section 8, notices are written.",
                                     "Liability is capped at 12 months of fees."]
    assert texts(only, "accept") == texts(b)
    assert len(list(document_root(only).iter(W + "del"))) < len(list(document_root(full).iter(W + "del")))


def test_b_with_tracked_changes_is_redlined_from_its_accepted_text(tmp_path: Path) -> None:
    b = PEER / "WC053-Text-in-Cell-Mod.docx"  # carries its own w:ins
    out = tmp_path / "redline.docx"
    result = redline(PEER / "WC053-Text-in-Cell.docx", b, out, author="Counterdraft")
    authors = {el.get(W + "author") for tag in ("ins", "del") for el in document_root(out).iter(W + tag)}
    assert authors == {"Counterdraft"}  # B's own marks were accepted, only ours remain
    assert result.insertions >= 1
    assert texts(out, "accept") == texts(b, "accept")


def test_a_redline_of_itself_has_no_marks(tmp_path: Path) -> None:
    out = tmp_path / "same.docx"
    result = redline(DOCX / "RA001-Tracked-Revisions-01.docx", DOCX / "RA001-Tracked-Revisions-01.docx", out)
    assert (result.insertions, result.deletions, result.moves) == (0, 0, 0)
    assert texts(out, "reject") == texts(out, "accept") == texts(DOCX / "RA001-Tracked-Revisions-01.docx")


def test_markdown_drafts_become_a_word_redline(tmp_path: Path) -> None:
    out = tmp_path / "md.docx"
    result = redline(MD_V1, MD_V2, out)
    assert result.insertions > 10 and result.deletions > 10
    assert texts(out, "accept") == _reader_texts(MD_V2)
    assert texts(out, "reject") == _reader_texts(MD_V1)
    styles = {s.get(W + "val") for s in document_root(out).iter(W + "pStyle")}
    assert any(s.startswith("Heading") for s in styles)


def test_word_a_against_markdown_b(tmp_path: Path) -> None:
    a = DOCX / "commonpaper-csa-v1.0-final-2022-02-03.docx"
    out = tmp_path / "mixed.docx"
    redline(a, MD_V2, out)
    assert texts(out, "accept") == _reader_texts(MD_V2)
    assert texts(out, "reject") == texts(a)


def test_control_characters_in_a_text_draft_are_left_out(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("The fee is\x07 due\x0b now.\n\nSecond\tclause here.\n", encoding="utf-8")
    b = make_docx(tmp_path / "b.docx", ["The fee is due later.", "Second clause here."])
    out = tmp_path / "redline.docx"
    redline(a, b, out)
    assert texts(out, "reject") == ["The fee is due now.", "Second\tclause here."]
    assert texts(out, "accept") == texts(b)


def test_output_folder_missing_is_a_plain_error(tmp_path: Path) -> None:
    draft = load_draft(PEER / "WC006-Table.docx")
    with pytest.raises(RedlineError, match="does not exist"):
        write_redline(draft, draft, tmp_path / "nowhere" / "r.docx")
    with pytest.raises(RedlineError, match=r"\.docx"):
        write_redline(draft, draft, tmp_path / "r.pdf")
    with pytest.raises(RedlineError, match="not a date"):
        write_redline(draft, draft, tmp_path / "r.docx", date="last Tuesday")


def test_unreadable_drafts_are_plain_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(UserFacingError):
        load_redline_draft(broken)
    with pytest.raises(UserFacingError, match="Cannot find"):
        load_redline_draft(tmp_path / "missing.docx")


def test_a_word_file_refused_as_hostile_is_not_redlined_as_an_empty_one(tmp_path: Path) -> None:
    from tests.core import hostile

    nested = hostile.write(tmp_path, "nested.docx", hostile.nested_changes(200, runs=2_000))
    with pytest.raises(UserFacingError, match="unpacks to far more text"):
        load_redline_draft(nested)


def test_a_word_file_without_text_can_still_be_redlined(tmp_path: Path) -> None:
    empty = make_docx(tmp_path / "empty.docx", [""])
    b = make_docx(tmp_path / "b.docx", ["Now there is a clause."])
    out = tmp_path / "redline.docx"
    write_redline(load_redline_draft(empty), load_redline_draft(b), out)
    assert texts(out, "accept") == ["Now there is a clause."]
    assert texts(out, "reject") == []


def test_cancel_stops_and_leaves_nothing_behind(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    out.write_bytes(b"the previous redline")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        write_redline(load_draft(MD_V1), load_draft(MD_V2), out, cancel=cancel)
    assert out.read_bytes() == b"the previous redline"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx"]


def test_cancel_during_the_work_is_honoured(tmp_path: Path) -> None:
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done > 0:
            cancel.set()

    with pytest.raises(Cancelled):
        write_redline(load_draft(MD_V1), load_draft(MD_V2), tmp_path / "r.docx", progress=progress, cancel=cancel)
    assert list(tmp_path.iterdir()) == []
