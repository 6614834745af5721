"""`counterdraft summary --db PATH --deal NAME -o OUT`: the suffix picks the format; bad input exits 2."""

from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest

from desktop.cli import main
from desktop.samples import SAMPLE_DEAL

DEAL = SAMPLE_DEAL["name"]


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    """Return a database holding the sample deal (made with `counterdraft demo`)."""
    path = tmp_path_factory.mktemp("db") / "deals.db"
    assert main(["demo", "--db", str(path)]) == 0
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("suffix", [".docx", ".md", ".xlsx", ".csv"])
def test_each_suffix_writes_its_format(sample_db, tmp_path, capsys, suffix):
    out = tmp_path / f"summary{suffix}"
    code, printed, err = run(capsys, "summary", "--db", str(sample_db), "--deal", DEAL, "-o", str(out))
    assert (code, err) == (0, "")
    assert str(out) in printed
    if suffix == ".docx":
        assert docx.Document(str(out)).paragraphs[0].text == f"Negotiation summary: {DEAL}"
    elif suffix == ".md":
        assert out.read_text(encoding="utf-8").startswith(f"# Negotiation summary: {DEAL}")
    elif suffix == ".xlsx":
        assert openpyxl.load_workbook(out).active["B2"].value == "Limitation of liability cap"
    else:
        with open(out, encoding="utf-8-sig", newline="") as handle:
            assert next(csv.reader(handle))[:2] == ["No.", "Issue"]


def test_the_deal_name_is_matched_regardless_of_case(sample_db, tmp_path, capsys):
    code, _, _ = run(capsys, "summary", "--db", str(sample_db), "--deal", DEAL.upper(), "-o", str(tmp_path / "s.md"))
    assert code == 0


def test_pdf_from_the_command_line_needs_no_display(sample_db, tmp_path):
    out = tmp_path / "summary.pdf"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "summary", "--db", str(sample_db), "--deal", DEAL, "-o", str(out)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("deal", "name", "message"),
    [
        (DEAL, "summary.txt", "name the file with one of .docx, .pdf, .md, .xlsx, .csv"),
        ("No such deal", "summary.docx", "There is no deal named 'No such deal'"),
        (DEAL, "missing folder/summary.md", "cannot write into the folder"),
    ],
)
def test_bad_input_is_one_error_line_exit_2_and_nothing_written(sample_db, tmp_path, capsys, deal, name, message):
    before = _digest(sample_db)
    code, out, err = run(capsys, "summary", "--db", str(sample_db), "--deal", deal, "-o", str(tmp_path / name))
    assert code == 2
    assert err.startswith("error: ") and message in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []
    assert _digest(sample_db) == before


def test_a_missing_database_is_not_created(tmp_path, capsys):
    code, _, err = run(capsys, "summary", "--db", str(tmp_path / "nope.db"), "--deal", DEAL, "-o", str(tmp_path / "s.md"))
    assert code == 2 and "There is no Counterdraft database at " in err and "Check the --db path" in err
    assert list(tmp_path.iterdir()) == []
