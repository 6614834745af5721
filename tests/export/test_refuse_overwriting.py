"""desktop.export.files.refuse_overwriting: the one check that an export never lands on what it is made from."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from desktop.export.files import ExportError, refuse_overwriting, same_file


@pytest.fixture
def draft(tmp_path) -> Path:
    path = tmp_path / "draft.docx"
    path.write_bytes(b"the draft's bytes")
    return path


def test_a_new_name_beside_the_inputs_is_fine(draft, tmp_path):
    refuse_overwriting(tmp_path / "redline.docx", [draft], database=tmp_path / "deals.db")


@pytest.mark.parametrize("spelling", ["plain", "relative", "dotted", "symlink", "symlinked folder", "hardlink"])
def test_every_spelling_of_an_input_is_refused(spelling, draft, tmp_path, monkeypatch):
    if spelling == "relative":
        monkeypatch.chdir(tmp_path)
        out = Path("draft.docx")
    elif spelling == "dotted":
        out = tmp_path / "sub" / ".." / "draft.docx"
        (tmp_path / "sub").mkdir()
    elif spelling == "symlink":
        out = tmp_path / "link.docx"
        out.symlink_to(draft)
    elif spelling == "symlinked folder":
        out = tmp_path / "folder link" / "draft.docx"
        (tmp_path / "folder link").symlink_to(tmp_path, target_is_directory=True)
    elif spelling == "hardlink":
        out = tmp_path / "hard.docx"
        os.link(draft, out)
    else:
        out = draft
    with pytest.raises(ExportError, match="which the export is made from. Choose another name"):
        refuse_overwriting(out, [draft])
    assert draft.read_bytes() == b"the draft's bytes"


def test_the_database_and_what_sqlite_keeps_beside_it_are_refused(tmp_path):
    database = tmp_path / "deals.db"
    database.write_bytes(b"SQLite format 3\0")
    for out in (database, tmp_path / "deals.db-wal", tmp_path / "deals.db-shm", tmp_path / "deals.db-journal"):
        with pytest.raises(ExportError, match="Counterdraft database"):
            refuse_overwriting(out, database=database)
    with pytest.raises(ExportError, match="holds the database's backups"):
        refuse_overwriting(tmp_path / "backups" / "summary.md", database=database)


def test_a_link_named_as_the_database_is_followed_to_its_siblings(tmp_path):
    real = tmp_path / "real" / "deals.db"
    real.parent.mkdir()
    real.write_bytes(b"SQLite format 3\0")
    link = tmp_path / "deals.db"
    link.symlink_to(real)
    with pytest.raises(ExportError, match="SQLite keeps that file"):
        refuse_overwriting(real.parent / "deals.db-wal", database=link)


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(ExportError, match="is a folder"):
        refuse_overwriting(tmp_path)


def test_a_file_holding_a_stored_draft_is_refused_by_its_content(draft, tmp_path):
    digest = hashlib.sha256(draft.read_bytes()).hexdigest()
    originals = {digest: "round 2's draft (draft.docx)"}
    with pytest.raises(ExportError, match=r"it holds round 2's draft \(draft.docx\)"):
        refuse_overwriting(draft, originals=originals)
    other = tmp_path / "other.docx"
    other.write_bytes(b"something else")
    refuse_overwriting(other, originals=originals)
    refuse_overwriting(tmp_path / "new.docx", originals=originals)


def test_same_file(draft, tmp_path):
    copy = tmp_path / "copy.docx"
    copy.write_bytes(draft.read_bytes())
    assert same_file(draft, tmp_path / "." / "draft.docx")
    assert not same_file(draft, copy)  # identical bytes are two files
    assert not same_file(draft, tmp_path / "missing.docx")
