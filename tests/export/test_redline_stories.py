"""The redline beyond body text: headers, footers, notes, text boxes, moves, formatting, notes
of what it cannot mark (issue 20).

Each story fixture (tests/data/docx/stories: B a real Word file, A the same with one edit) is
redlined, and the independent walker (tests/export/ooxml_walker.py) reads every story of the
result under Accept All and Reject All: it must read as B and as A.
"""

from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from desktop.export.redline import RedlineResult, load_redline_draft, write_redline
from tests.export.ooxml_walker import W, story_texts, texts
from tests.export.redline_helpers import DOCX, PEER, redline

STORIES = DOCX / "stories"
with open(STORIES / "pairs.csv", encoding="utf-8") as _handle:
    PAIRS = list(csv.DictReader(_handle))


def _stories(path: Path, view: str) -> dict[str, list[str]]:
    # A restored note sits after B's own: notes are compared as sets of texts.
    return {kind: sorted(found) if kind.endswith("notes") else found for kind, found in story_texts(path, view).items()}


@pytest.mark.parametrize("pair", PAIRS, ids=[p["name"] for p in PAIRS])
def test_every_story_reads_as_b_accepted_and_as_a_rejected(pair, tmp_path: Path) -> None:
    a, b = STORIES / pair["a"], STORIES / pair["b"]
    out = tmp_path / "redline.docx"
    result = redline(a, b, out)
    assert result.insertions + result.deletions + result.moves + result.formatting > 0, "the edit was not marked"
    assert texts(out, "accept") == texts(b, "accept")
    assert texts(out, "reject") == texts(a, "accept")
    assert _stories(out, "accept") == _stories(b, "accept")
    assert _stories(out, "reject") == _stories(a, "accept")


def document_root(path: Path) -> etree._Element:
    """Return the main part of a .docx parsed with lxml (the tests walk up to parents)."""
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def _marks(out: Path, tag: str) -> list:
    return list(document_root(out).iter(W + tag))


def test_a_moved_clause_with_an_edit_is_one_word_move_with_the_edit_inside(tmp_path: Path) -> None:
    out = tmp_path / "redline.docx"
    result = redline(STORIES / "moved-clause-with-edit-a.docx", STORIES / "moved-clause-with-edit-b.docx", out)
    assert result.moves == 1
    root = document_root(out)
    starts = {el.get(W + "name") for el in root.iter(W + "moveFromRangeStart")}
    assert starts and starts == {el.get(W + "name") for el in root.iter(W + "moveToRangeStart")}
    source = next(p for p in root.iter(W + "p") if p.find(f".//{W}moveFromRangeStart") is not None)
    target = next(p for p in root.iter(W + "p") if p.find(f".//{W}moveToRangeStart") is not None)
    # The lost word is deleted where the clause came from; the new word is inserted where it went.
    assert "will" in "".join(t.text or "" for t in source.iter(W + "delText"))
    assert "may" in "".join(t.text or "" for d in target.iter(W + "ins") for t in d.iter(W + "t"))
    assert "irreparable harm" in "".join(t.text or "" for m in source.iter(W + "moveFrom") for t in m.iter(W + "t"))
    assert "irreparable harm" in "".join(t.text or "" for m in target.iter(W + "moveTo") for t in m.iter(W + "t"))


def test_a_style_change_keeps_a_s_style_in_a_paragraph_property_change(tmp_path: Path) -> None:
    out = tmp_path / "redline.docx"
    result = redline(STORIES / "style-change-a.docx", STORIES / "style-change-b.docx", out)
    assert (result.insertions, result.deletions, result.formatting) == (0, 0, 1)
    (change,) = _marks(out, "pPrChange")
    assert change.find(f"{W}pPr/{W}pStyle").get(W + "val") == "Heading2"
    assert change.getparent().find(W + "pStyle").get(W + "val") == "BodyText"


def test_a_list_level_change_keeps_a_s_level_and_a_bold_change_a_s_bold(tmp_path: Path) -> None:
    out = tmp_path / "level.docx"
    redline(STORIES / "list-level-change-a.docx", STORIES / "list-level-change-b.docx", out)
    (change,) = _marks(out, "pPrChange")
    assert change.find(f"{W}pPr/{W}numPr/{W}ilvl").get(W + "val") == "0"
    assert change.getparent().find(f"{W}numPr/{W}ilvl").get(W + "val") == "1"
    out = tmp_path / "bold.docx"
    redline(STORIES / "bold-change-a.docx", STORIES / "bold-change-b.docx", out)
    (change,) = _marks(out, "rPrChange")
    assert change.find(f"{W}rPr/{W}b") is not None
    assert "".join(t.text for t in change.getparent().getparent().iter(W + "t")) == "Effective Date"


def test_a_deleted_numbered_paragraph_stays_in_b_s_list(tmp_path: Path) -> None:
    # Reject All must number it as A did: in the list its neighbours are in, not a copy of A's.
    out = tmp_path / "redline.docx"
    redline(STORIES / "numbered-paragraph-deleted-a.docx", STORIES / "numbered-paragraph-deleted-b.docx", out)
    root = document_root(out)
    deleted = next(p for p in root.iter(W + "p") if "Non-Solicitation" in "".join(t.text or "" for t in p.iter(W + "delText")))
    following = deleted.getnext()
    assert deleted.find(f"{W}pPr/{W}numPr/{W}numId").get(W + "val") == following.find(f"{W}pPr/{W}numPr/{W}numId").get(W + "val")


def test_a_removed_footnote_comes_back_on_reject_all(tmp_path: Path) -> None:
    a, b = PEER / "WC020-FootNote-Before.docx", PEER / "WC020-FootNote-After-2.docx"
    out = tmp_path / "redline.docx"
    redline(a, b, out)
    assert story_texts(out, "reject")["footnotes"] == story_texts(a, "accept")["footnotes"] == [" This is a footnote"]
    assert story_texts(out, "accept")["footnotes"] == []
    reference = next(document_root(out).iter(W + "footnoteReference"))
    assert reference.getparent().getparent().tag == W + "del"


def _rewritten(source: Path, out: Path, change) -> Path:
    """Copy a .docx with `change(name, data)` applied to each part's bytes."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, change(info.filename, old.read(info)))
    return out


def _note_lines(result: RedlineResult) -> str:
    return "\n".join(result.notes)


def test_what_a_redline_cannot_mark_is_said(tmp_path: Path) -> None:
    a = STORIES / "header-edit-b.docx"
    without_header = _rewritten(a, tmp_path / "no-header.docx", lambda name, data: data.replace(
        b'<w:headerReference w:type="default" r:id="rId7"/>', b"") if name == "word/document.xml" else data)
    assert b"headerReference" not in zipfile.ZipFile(without_header).read("word/document.xml")
    result = redline(a, without_header, tmp_path / "r1.docx")
    assert "A's header (“Project Communication Plan”) is not in B" in _note_lines(result)
    picture = PEER / "WC013-Image-Before.docx"  # a picture only: read as the redline reads it
    result = write_redline(load_redline_draft(picture), load_redline_draft(PEER / "WC013-Image-After.docx"),
                           tmp_path / "r2.docx")
    assert (result.insertions, result.deletions) == (0, 0)
    assert "1 picture of A is not in B; 1 picture of B is new or changed" in _note_lines(result)
    shutil.copy(picture, tmp_path / "same.docx")
    same = write_redline(load_redline_draft(picture), load_redline_draft(tmp_path / "same.docx"), tmp_path / "r3.docx")
    assert same.notes == ()


def test_a_deleted_table_row_comes_back_as_a_deleted_row(tmp_path: Path) -> None:
    out = tmp_path / "redline.docx"
    redline(PEER / "WC006-Table.docx", PEER / "WC006-Table-Delete-Row.docx", out)
    rows = [row for row in document_root(out).iter(W + "tr") if row.find(f"{W}trPr/{W}del") is not None]
    assert len(rows) == 1
    (row,) = rows
    assert "".join(t.text for t in row.iter(W + "delText")) and not list(row.iter(W + "t"))
    assert texts(out, "reject") == texts(PEER / "WC006-Table.docx", "accept")


def test_footnotes_are_numbered_in_reading_order_when_a_deleted_copy_is_added(tmp_path: Path) -> None:
    # A has two footnotes, B only the second. The first comes back as a deleted copy, and since
    # LibreOffice hands the n-th reference the note with the n-th smallest id, ids follow the text.
    a, b = PEER / "WC034-Footnotes-After3.docx", PEER / "WC034-Footnotes-Before.docx"
    out = tmp_path / "redline.docx"
    redline(a, b, out)
    references = list(document_root(out).iter(W + "footnoteReference"))
    ids = [int(ref.get(W + "id")) for ref in references]
    assert len(ids) == 2 and ids == sorted(ids)
    assert references[0].getparent().getparent().tag == W + "del"
    assert story_texts(out, "reject")["footnotes"] == story_texts(a, "accept")["footnotes"] == [" Foo", " This is the footnote."]
    assert story_texts(out, "accept")["footnotes"] == [" This is the footnote."]
