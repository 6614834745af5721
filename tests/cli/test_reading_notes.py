"""What the reader noted about a file reaches the command line: JSON keys, and `note:` lines on stderr."""

from __future__ import annotations

import json

from desktop.cli import main

RLO = "\u202e"
NOTE = "characters that change the order text is displayed in"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def files(tmp_path):
    odd = tmp_path / "odd.txt"
    odd.write_text(f"1. Fees\n\nCustomer shall pay {RLO}001$ per month.\n", encoding="utf-8")
    plain = tmp_path / "plain.txt"
    plain.write_text("1. Fees\n\nCustomer shall pay 100$ per month.\n", encoding="utf-8")
    return odd, plain


def test_clauses_and_positions_json_carry_the_notes_per_file(tmp_path, capsys):
    odd, plain = files(tmp_path)
    for command in ("clauses", "positions"):
        code, out, err = run(capsys, command, str(odd), str(plain), "--json")
        assert code == 0 and err == ""  # JSON output keeps stderr quiet
        first, second = json.loads(out)
        (note,) = first["warnings"]
        assert NOTE in note and "“Customer shall pay 001$ per month”" in note
        assert second["warnings"] == []


def test_compare_json_has_each_sides_notes(tmp_path, capsys):
    odd, plain = files(tmp_path)
    code, out, _ = run(capsys, "compare", str(plain), str(odd), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["warnings_a"] == [] and len(result["warnings_b"]) == 1 and NOTE in result["warnings_b"][0]


def test_text_output_prints_one_note_line_per_note_on_stderr(tmp_path, capsys):
    odd, plain = files(tmp_path)
    code, out, err = run(capsys, "compare", str(plain), str(odd))
    assert code == 0 and NOTE not in out
    (line,) = err.splitlines()
    assert line.startswith(f"note: {odd}: 1 paragraph holds {NOTE}")


def test_import_keeps_the_notes_with_the_round(tmp_path, capsys):
    odd, plain = files(tmp_path)
    db = tmp_path / "deals.db"
    code, out, err = run(capsys, "import", "--db", str(db), "--deal", "Acme", "--from", "them",
                         "--date", "2024-02-01", str(plain), str(odd), "--json")
    assert code == 0 and err == ""
    first, second = json.loads(out)
    assert first["warnings"] == [] and NOTE in second["warnings"][0]
    from desktop.store import Store

    with Store(db) as store:
        deal = store.deal_by_name("Acme")
        rounds = store.rounds(deal.id)
        assert [store.reading_notes(r.id) for r in rounds] == [(), tuple(second["warnings"])]


def test_redline_prints_the_notes_of_both_files_on_stderr(tmp_path, capsys):
    odd, plain = files(tmp_path)
    out_path = tmp_path / "redline.docx"
    code, out, err = run(capsys, "redline", str(plain), str(odd), "-o", str(out_path))
    assert code == 0 and out_path.is_file() and str(out_path) in out
    (line,) = err.splitlines()
    assert line.startswith(f"note: {odd}: 1 paragraph holds {NOTE}")
