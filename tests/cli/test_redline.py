"""`counterdraft redline A B -o OUT.docx [--author NAME]`: one line out, exit codes, plain errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from desktop.cli import main
from tests.export.ooxml_walker import W, texts
from tests.export.redline_helpers import DOCX, PEER, revision_marks

A = DOCX / "commonpaper-csa-v1.0-final-2022-02-03.docx"
B = DOCX / "commonpaper-csa-v2.0-2024-02-02.docx"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_redline_writes_the_file_and_prints_one_line(capsys, tmp_path: Path) -> None:
    out = tmp_path / "redline.docx"
    code, stdout, stderr = run(capsys, "redline", str(A), str(B), "-o", str(out))
    assert code == 0 and stderr == ""
    lines = stdout.strip().splitlines()
    assert len(lines) == 1
    assert str(out) in lines[0] and "insertions" in lines[0] and "deletions" in lines[0] and "moves" in lines[0]
    assert texts(out, "accept") == texts(B) and texts(out, "reject") == texts(A)
    assert {m.get(W + "author") for m in revision_marks(out)} == {"Counterdraft"}


def test_author_flag_names_the_changes(capsys, tmp_path: Path) -> None:
    out = tmp_path / "redline.docx"
    code, _, _ = run(capsys, "redline", str(PEER / "WC006-Table.docx"), str(PEER / "WC006-Table-Delete-Row.docx"),
                     "-o", str(out), "--author", "Acme Legal")
    assert code == 0
    assert {m.get(W + "author") for m in revision_marks(out)} == {"Acme Legal"}


def test_missing_input_is_exit_2_with_a_plain_error(capsys, tmp_path: Path) -> None:
    out = tmp_path / "redline.docx"
    code, stdout, stderr = run(capsys, "redline", str(tmp_path / "nope.docx"), str(B), "-o", str(out))
    assert code == 2 and stdout == ""
    assert stderr.startswith("error: Cannot find nope.docx")
    assert not out.exists()


def test_output_in_a_missing_folder_is_exit_2(capsys, tmp_path: Path) -> None:
    code, _, stderr = run(capsys, "redline", str(A), str(B), "-o", str(tmp_path / "no" / "r.docx"))
    assert code == 2 and "does not exist" in stderr


def test_output_must_be_a_docx(capsys, tmp_path: Path) -> None:
    code, _, stderr = run(capsys, "redline", str(A), str(B), "-o", str(tmp_path / "r.pdf"))
    assert code == 2 and stderr.startswith("error: The redline is a Word document")


def test_missing_output_flag_is_a_usage_error(capsys) -> None:
    code, _, stderr = run(capsys, "redline", str(A), str(B))
    assert code == 2 and "error:" in stderr


def test_the_installed_command_runs_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    result = subprocess.run([sys.executable, "-m", "desktop.cli", "redline", str(A), str(B), "-o", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert out.exists() and result.stdout.count("\n") == 1
