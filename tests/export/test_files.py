"""Every export is written atomically, with the umask's mode, where it was asked and nowhere else."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.core.matrix import MatrixCell, PositionMatrix
from desktop.core.model import Cancelled
from desktop.core.pipeline import load_draft
from desktop.export import files
from desktop.export.files import ExportError, write_atomically
from desktop.export.matrix import export_matrix
from desktop.export.redline import write_redline
from desktop.export.summary import export_summary
from tests.export.redline_helpers import make_docx
from tests.export.summary_sample import hostile_summary

_CELL = MatrixCell(values={}, summary="12 months of fees", clauses=("c1",), numbers=("8.1",), better=True)
_MATRIX = PositionMatrix(drafts=("Ours", "Theirs"), keys=("liability_cap",), titles=("Liability cap",),
                         cells=((_CELL, MatrixCell({}, "", (), (), False)),))


def _redline(out: Path) -> None:
    drafts = out.parent.parent / "drafts"
    drafts.mkdir(exist_ok=True)
    a = make_docx(drafts / "a.docx", ["Liability is capped at 12 months of fees."])
    b = make_docx(drafts / "b.docx", ["Liability is capped at 24 months of fees."])
    write_redline(load_draft(a), load_draft(b), out)


# Each export kind: the file name it is written to, and how.
EXPORTS: dict[str, tuple[str, Callable[[Path], object]]] = {
    "redline": ("redline.docx", _redline),
    **{f"summary {s}": (f"summary{s}", lambda out: export_summary(hostile_summary(), out))
       for s in (".docx", ".pdf", ".md")},
    **{f"issues list {s}": (f"issues{s}", lambda out: export_summary(hostile_summary(), out))
       for s in (".xlsx", ".csv")},
    **{f"matrix {s}": (f"matrix{s}", lambda out: export_matrix(_MATRIX, out)) for s in (".docx", ".html", ".md")},
}


@pytest.fixture
def umask():
    """Run the test under umask 027 (neither the usual 022 nor mkstemp's private 0600), then restore it."""
    before = os.umask(0o027)
    try:
        yield 0o027
    finally:
        os.umask(before)


@pytest.fixture
def out_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("kind", EXPORTS)
def test_every_export_gets_the_umask_mode(kind, umask, out_folder, qapp):
    name, export = EXPORTS[kind]
    out = out_folder / name
    export(out)
    assert _mode(out) == 0o666 & ~umask == 0o640
    assert [p.name for p in out_folder.iterdir()] == [name]


@pytest.mark.parametrize("kind", EXPORTS)
def test_every_export_writes_only_its_file(kind, out_folder, tmp_path, monkeypatch, qapp):
    elsewhere, temporary = tmp_path / "cwd", tmp_path / "tmp"
    elsewhere.mkdir()
    temporary.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    name, export = EXPORTS[kind]
    export(out_folder / name)
    assert [p.name for p in out_folder.iterdir()] == [name]
    assert list(elsewhere.iterdir()) == [] and list(temporary.iterdir()) == []


@pytest.mark.parametrize("kind", EXPORTS)
def test_a_failed_export_leaves_the_old_file_and_no_temporary(kind, out_folder, monkeypatch, qapp):
    name, export = EXPORTS[kind]
    out = out_folder / name
    out.write_bytes(b"the version the client has")

    def disk_full(path: Path) -> None:
        assert path.parent == out_folder and path.stat().st_size > 0  # the export was written in full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "_sync_file", disk_full)
    with pytest.raises(ExportError, match="No space left on device"):
        export(out)
    assert out.read_bytes() == b"the version the client has"
    assert [p.name for p in out_folder.iterdir()] == [name]


@pytest.mark.parametrize("kind", EXPORTS)
def test_a_failed_first_export_leaves_no_file(kind, out_folder, monkeypatch, qapp):
    name, export = EXPORTS[kind]

    def refused(source, target) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.os, "replace", refused)
    with pytest.raises(ExportError, match="Permission denied"):
        export(out_folder / name)
    assert list(out_folder.iterdir()) == []


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_the_mode_follows_the_umask(tmp_path, mask):
    before = os.umask(mask)
    try:
        out = write_atomically(tmp_path / "notes.md", lambda path: path.write_text("text", encoding="utf-8"))
    finally:
        os.umask(before)
    assert _mode(out) == 0o666 & ~mask


def test_replacing_a_file_gives_it_the_umask_mode(tmp_path, umask):
    out = tmp_path / "notes.md"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o600)
    write_atomically(out, lambda path: path.write_text("new", encoding="utf-8"))
    assert out.read_text(encoding="utf-8") == "new" and _mode(out) == 0o640


def test_a_writer_bug_leaves_no_temporary(tmp_path):
    def broken(path: Path) -> None:
        path.write_text("half a summ", encoding="utf-8")
        raise RuntimeError("writer bug")

    with pytest.raises(RuntimeError):
        write_atomically(tmp_path / "summary.md", broken)
    assert list(tmp_path.iterdir()) == []


def test_cancel_leaves_nothing(tmp_path):
    cancel = threading.Event()

    def write(path: Path) -> None:
        path.write_text("all of it", encoding="utf-8")
        cancel.set()  # the user pressed Cancel while the last page was written

    with pytest.raises(Cancelled):
        write_atomically(tmp_path / "summary.md", write, cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_the_users_error_and_nothing_is_created(tmp_path):
    with pytest.raises(ExportError, match="cannot write into the folder"):
        write_atomically(tmp_path / "no such folder" / "summary.md", lambda path: None)
    assert list(tmp_path.iterdir()) == []
