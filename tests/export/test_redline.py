"""The Word redline on real drafts: the round trip, what it keeps of B, and its revision marks."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desktop.core.pipeline import load_draft
from desktop.export.redline import write_redline
from tests.export.ooxml_walker import W, paragraphs, texts
from tests.export.redline_helpers import (
    DOCX,
    PEER,
    assert_round_trip,
    document_root,
    make_docx,
    redline,
    revision_marks,
)

CSA_V1 = DOCX / "commonpaper-csa-v1.0-final-2022-02-03.docx"
CSA_V2 = DOCX / "commonpaper-csa-v2.0-2024-02-02.docx"

PAIRS = [
    (CSA_V1, CSA_V2),
    (CSA_V2, CSA_V1),
    (PEER / "WC004-Large.docx", PEER / "WC004-Large-Mod.docx"),  # automatic numbering
    (PEER / "WC006-Table.docx", PEER / "WC006-Table-Delete-Row.docx"),  # a deleted table row
    (PEER / "WC006-Table-Delete-Row.docx", PEER / "WC006-Table.docx"),  # ... and added back
    (PEER / "WC012-Math-Before.docx", PEER / "WC012-Math-After.docx"),  # equations; B has a tracked change
    (PEER / "WC024-Table-Before.docx", PEER / "WC024-Table-After2.docx"),  # seven changes in a table
    (PEER / "WC053-Text-in-Cell.docx", PEER / "WC053-Text-in-Cell-Mod.docx"),
    (DOCX / "github-corporate-tos-2017-06-09.docx", DOCX / "commonpaper-csa-v1.0-final-2022-02-03.docx"),
    (DOCX / "Comment.docx", DOCX / "RA001-Tracked-Revisions-01.docx"),  # B with 264 tracked changes
    (DOCX / "RA001-Tracked-Revisions-01.docx", DOCX / "HC031-Complicated-Document.docx"),
]


@pytest.mark.parametrize(("a", "b"), PAIRS, ids=lambda p: p.stem[:28])
def test_accept_all_gives_b_and_reject_all_gives_a(a: Path, b: Path, tmp_path: Path) -> None:
    out = tmp_path / "redline.docx"
    result = redline(a, b, out)
    assert_round_trip(out, a, b)
    assert result.insertions + result.deletions > 0


def test_walker_accepts_changes_as_libreoffice_does() -> None:
    # The independent reader must itself be right: LibreOffice's "Accept All" of RA001, saved
    # as text, holds the same paragraphs (LibreOffice lists one floating table earlier, and
    # types one list number into the text).
    lines = (DOCX / "RA001-Tracked-Revisions-01.accepted-by-libreoffice.txt").read_text(encoding="utf-8-sig")
    theirs = sorted(" ".join(x.split()).removeprefix("6) ") for x in lines.split("\n") if x.strip())
    ours = sorted(" ".join(x.split()) for x in texts(DOCX / "RA001-Tracked-Revisions-01.docx") if x.strip())
    assert ours == theirs


def test_the_csa_redline_shows_the_edits_inside_paragraphs(tmp_path: Path) -> None:
    out = tmp_path / "csa.docx"
    redline(CSA_V1, CSA_V2, out)
    accepted, rejected = paragraphs(out, "accept"), paragraphs(out, "reject")
    # "1.1 Access and Use" became "Access and Use" with edits: one paragraph, not delete + insert.
    root = document_root(out)
    access = next(p for p in root.iter(W + "p") if "Access and Use" in "".join(t.text or "" for t in p.iter(W + "t")))
    assert access.find(f"{W}del/{W}r/{W}delText") is not None
    assert access.find(f"{W}ins") is not None
    assert any(t.startswith("Access and Use.") for t in accepted)
    assert any(t.startswith("1.1 Access and Use.") for t in rejected)


def test_every_part_of_b_but_the_body_is_copied_unchanged(tmp_path: Path) -> None:
    b = PEER / "WC004-Large-Mod.docx"
    out = tmp_path / "redline.docx"
    redline(PEER / "WC004-Large.docx", b, out)
    with zipfile.ZipFile(b) as source, zipfile.ZipFile(out) as result:
        assert source.namelist() == result.namelist()
        changed = [n for n in source.namelist() if source.read(n) != result.read(n)]
    assert changed == ["word/document.xml"]


def test_styles_numbering_tables_and_section_of_b_are_kept(tmp_path: Path) -> None:
    a, b = PEER / "WC024-Table-Before.docx", PEER / "WC024-Table-After2.docx"
    out = tmp_path / "redline.docx"
    redline(a, b, out)
    before, after = document_root(b), document_root(out)
    assert len(list(after.iter(W + "tbl"))) == len(list(before.iter(W + "tbl")))
    assert len(list(after.iter(W + "tr"))) == len(list(before.iter(W + "tr")))
    sect = lambda root: [el.attrib for el in root.find(W + "body").find(W + "sectPr").iter()]  # noqa: E731
    assert sect(after) == sect(before)
    numbered = PEER / "WC004-Large-Mod.docx"
    redline(PEER / "WC004-Large.docx", numbered, out)
    styles = lambda root: sorted(s.get(W + "val") for s in root.iter(W + "pStyle"))  # noqa: E731
    nums = lambda root: len(list(root.iter(W + "numPr")))  # noqa: E731
    # B's own paragraphs keep their styles and numbering (A's deleted ones may add more).
    assert set(styles(document_root(numbered))) <= set(styles(document_root(out)))
    assert nums(document_root(out)) >= nums(document_root(numbered)) > 0


def test_split_runs_keep_their_formatting(tmp_path: Path) -> None:
    import docx

    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    for path, word in ((a, "twelve"), (b, "twenty-four")):
        document = docx.Document()
        run = document.add_paragraph().add_run(f"The cap is {word} months of fees.")
        run.bold = True
        document.save(path)
    out = tmp_path / "redline.docx"
    redline(a, b, out)
    assert_round_trip(out, a, b)
    runs = list(document_root(out).iter(W + "r"))
    assert len(runs) >= 3
    assert all(r.find(f"{W}rPr/{W}b") is not None for r in runs)


def test_marks_carry_unique_ids_the_author_and_the_date(tmp_path: Path) -> None:
    out = tmp_path / "redline.docx"
    result = redline(CSA_V1, CSA_V2, out, author="Dana Lawyer", date="2026-11-30")
    marks = revision_marks(out)
    assert len(marks) > 100
    assert {m.get(W + "author") for m in marks} == {"Dana Lawyer"}
    assert {m.get(W + "date") for m in marks} == {"2026-11-30T00:00:00Z"}
    ids = [el.get(W + "id") for el in document_root(out).iter() if el.tag.endswith(("}ins", "}del", "RangeStart"))]
    assert len(ids) == len(set(ids))
    assert result.insertions == len(list(document_root(out).iter(W + "ins")))
    assert result.deletions == len(list(document_root(out).iter(W + "del")))


def test_new_ids_do_not_reuse_b_s_own(tmp_path: Path) -> None:
    b = DOCX / "DD002-DenseComments.docx"  # comments and bookmarks already use w:id
    out = tmp_path / "redline.docx"
    redline(DOCX / "Comment.docx", b, out)
    taken = {el.get(W + "id") for el in document_root(b).iter() if el.get(W + "id") is not None}
    assert not {m.get(W + "id") for m in revision_marks(out)} & taken


def test_default_date_is_now_in_utc_like_word_writes_it(tmp_path: Path) -> None:
    out = tmp_path / "redline.docx"
    redline(PEER / "WC006-Table.docx", PEER / "WC006-Table-Delete-Row.docx", out)
    date = revision_marks(out)[0].get(W + "date")
    assert len(date) == 20 and date.endswith("Z") and date[10] == "T"


def test_a_moved_paragraph_is_marked_as_a_move(tmp_path: Path) -> None:
    texts_a = [f"Clause {k}: the parties agree to terms number {k} of this agreement." for k in range(6)]
    texts_b = texts_a[:1] + texts_a[2:] + texts_a[1:2]
    a, b = make_docx(tmp_path / "a.docx", texts_a), make_docx(tmp_path / "b.docx", texts_b)
    out = tmp_path / "redline.docx"
    result = redline(a, b, out)
    assert result.moves == 1
    root = document_root(out)
    assert len(list(root.iter(W + "moveFrom"))) >= 1 and len(list(root.iter(W + "moveTo"))) >= 1
    start_from = next(root.iter(W + "moveFromRangeStart"))
    start_to = next(root.iter(W + "moveToRangeStart"))
    assert start_from.get(W + "name") == start_to.get(W + "name")
    assert next(root.iter(W + "moveFromRangeEnd")).get(W + "id") == start_from.get(W + "id")
    assert_round_trip(out, a, b)


def test_progress_reaches_the_end(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    write_redline(load_draft(CSA_V1), load_draft(CSA_V2), tmp_path / "r.docx", progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1] > 0
