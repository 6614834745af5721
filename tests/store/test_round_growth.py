"""No round grows the database out of all proportion (issue 23): the last guard, below the readers' limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main as cli_main
from desktop.core.pipeline import compare_drafts, load_draft
from desktop.store import round_rows
from desktop.store.round_rows import RoundTooLarge, prepare_round

DATA = Path(__file__).resolve().parents[1] / "data" / "md"
A = DATA / "commonpaper-csa-v1.0-final-2022-02-03.md"
B = DATA / "commonpaper-csa-v2.0-2024-02-02.md"


def test_a_round_over_the_limit_is_refused_with_its_size(monkeypatch):
    a, b = load_draft(A), load_draft(B)
    comparison = compare_drafts(a, b)
    prepare_round(b, comparison)  # a real round is far under the limit
    text = sum(len(c.text) + len(c.heading) for c in b.clauses)
    monkeypatch.setattr(round_rows, "MAX_ROUND_TEXT_BYTES", text // 2)
    with pytest.raises(RoundTooLarge, match="far more than any contract"):
        prepare_round(b, comparison)


def test_the_command_line_refuses_it_in_one_line_and_leaves_the_database_as_it_was(monkeypatch, tmp_path, capsys):
    db = tmp_path / "deals.db"
    assert cli_main(["import", "--db", str(db), "--deal", "Acme", "--from", "them", "--date", "2024-01-01", str(A)]) == 0
    before = db.read_bytes()
    capsys.readouterr()
    monkeypatch.setattr(round_rows, "MAX_ROUND_TEXT_BYTES", 1_000)
    assert cli_main(["import", "--db", str(db), "--deal", "Acme", "--from", "us", "--date", "2024-01-02", str(B)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "far more than any contract" in err
    assert db.read_bytes() == before
