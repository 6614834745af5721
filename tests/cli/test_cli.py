"""The command line keeps the CLI.md contract: names, JSON keys, exit codes, an untouched database."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.store import Store

DATA = Path(__file__).resolve().parents[1] / "data"
CSA_V1 = DATA / "md" / "commonpaper-csa-v1.0-final-2022-02-03.md"
CSA_V2 = DATA / "md" / "commonpaper-csa-v2.0-2024-02-02.md"
CSA_V2_DOCX = DATA / "docx" / "commonpaper-csa-v2.0-2024-02-02.docx"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _rebuilds(pair: dict, texts_a: dict, texts_b: dict) -> bool:
    a = "".join(texts_a[i] for i in pair["a"])
    b = "".join(texts_b[i] for i in pair["b"])
    return (
        "".join(s for op, s in pair["diff"] if op in "=-") == a
        and "".join(s for op, s in pair["diff"] if op in "=+") == b
    )


def test_clauses_json_has_the_contract_keys_and_the_citation_number(capsys):
    code, out, _ = run(capsys, "clauses", str(CSA_V2_DOCX), "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["file"] == str(CSA_V2_DOCX)
    ids = {c["id"] for c in doc["clauses"]}
    for clause in doc["clauses"]:
        assert set(clause) >= {"id", "label", "number", "heading", "level", "parent", "text"}
        assert clause["parent"] is None or clause["parent"] in ids
    caps = next(c for c in doc["clauses"] if c["heading"].startswith("Liability Caps"))
    first_child = next(c for c in doc["clauses"] if c["parent"] == caps["id"])
    assert first_child["label"] == "a."
    assert first_child["number"] == "8.1(a)"
    assert first_child["text"].startswith("Except as provided in Section 8.4")


def test_clauses_of_several_files_prints_one_object_per_file_in_order(capsys):
    code, out, _ = run(capsys, "clauses", str(CSA_V2), str(CSA_V1), "--json")
    assert code == 0
    docs = json.loads(out)
    assert [d["file"] for d in docs] == [str(CSA_V2), str(CSA_V1)]


def test_compare_json_pairs_cover_every_clause_once_and_rebuild_both_texts(capsys):
    code, out, _ = run(capsys, "compare", str(CSA_V1), str(CSA_V2), "--json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc["seconds"]) >= {"read", "split", "align", "diff"}
    texts_a = {c["id"]: c["text"] for c in doc["clauses_a"]}
    texts_b = {c["id"]: c["text"] for c in doc["clauses_b"]}
    seen_a = sorted(i for p in doc["pairs"] for i in p["a"])
    seen_b = sorted(i for p in doc["pairs"] for i in p["b"])
    assert seen_a == sorted(texts_a) and seen_b == sorted(texts_b)
    assert all(_rebuilds(p, texts_a, texts_b) for p in doc["pairs"])
    kinds = {p["kind"] for p in doc["pairs"]}
    # v2.0 renumbers Limitation of Liability from 9 to 8: its clauses are renumbered, not re-inserted.
    assert "renumbered" in kinds or "moved" in kinds
    assert any(p["substantive"] for p in doc["pairs"])


def test_comparing_a_draft_with_itself_finds_no_substantive_change(capsys):
    code, out, _ = run(capsys, "compare", str(CSA_V2_DOCX), str(CSA_V2_DOCX), "--json")
    assert code == 0
    pairs = json.loads(out)["pairs"]
    assert pairs and all(p["kind"] == "unchanged" and not p["substantive"] for p in pairs)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_import_adds_rounds_and_stores_the_original_bytes(tmp_path, capsys):
    db = tmp_path / "deals.db"
    code, out, _ = run(capsys, "import", "--db", str(db), "--deal", "Acme AI", "--from", "them",
                       "--date", "2026-11-02", str(CSA_V1), "--json")
    assert code == 0
    code, out, _ = run(capsys, "import", "--db", str(db), "--deal", "Acme AI", "--from", "us",
                       "--date", "2026-11-09", str(CSA_V2), "--json")
    assert code == 0
    (second,) = json.loads(out)
    assert second["round"] == 2 and second["from"] == "us" and second["date"] == "2026-11-09"
    assert second["changed"] > 0 and second["substantive"] > 0
    assert second["sha256"] == _digest(CSA_V2)

    from desktop.store import Store

    store = Store(db)
    try:
        deal = store.deal_by_name("Acme AI")
        rounds = store.rounds(deal.id)
        assert [r.round_no for r in rounds] == [1, 2]
        assert store.original(rounds[1].id) == CSA_V2.read_bytes()
    finally:
        store.close()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("notazip.docx", b"this is plain text, not a Word file", "not a Word document"),
        ("empty.docx", b"", "empty"),
        ("legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, ".doc"),
    ],
)
def test_a_bad_file_gives_one_error_line_exit_2_and_an_untouched_database(tmp_path, capsys, name, content, expected):
    db = tmp_path / "deals.db"
    assert run(capsys, "import", "--db", str(db), "--deal", "Acme AI", "--from", "them", str(CSA_V1))[0] == 0
    before = db.read_bytes()
    bad = tmp_path / name
    bad.write_bytes(content)
    code, out, err = run(capsys, "import", "--db", str(db), "--deal", "Acme AI", "--from", "them", str(bad))
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1
    assert expected.lower() in err.lower()
    assert db.read_bytes() == before


def test_a_truncated_docx_is_refused(tmp_path, capsys):
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(CSA_V2_DOCX.read_bytes()[:5000])
    code, _, err = run(capsys, "clauses", str(truncated), "--json")
    assert code == 2 and err.startswith("error: ")


def test_a_missing_file_and_a_bad_date_are_input_errors(tmp_path, capsys):
    code, _, err = run(capsys, "clauses", str(tmp_path / "nope.docx"))
    assert code == 2 and "Cannot find nope.docx" in err
    code, _, err = run(capsys, "import", "--db", str(tmp_path / "d.db"), "--deal", "X", "--from", "us",
                       "--date", "02/11/2026", str(CSA_V1))
    assert code == 2 and "YYYY-MM-DD" in err
    assert not (tmp_path / "d.db").exists()


def test_demo_creates_the_sample_deal_once(tmp_path, capsys):
    db = tmp_path / "deals.db"
    code, out, _ = run(capsys, "demo", "--db", str(db))
    assert code == 0 and "4 rounds" in out
    code, out, _ = run(capsys, "demo", "--db", str(db))
    assert code == 0 and "4 rounds" in out


def test_the_installed_command_and_python_m_desktop_agree(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "clauses", str(tmp_path / "missing.md")],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: ")


def test_zip_without_a_document_part_is_refused(tmp_path, capsys):
    hollow = tmp_path / "hollow.docx"
    with zipfile.ZipFile(hollow, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    code, _, err = run(capsys, "clauses", str(hollow))
    assert code == 2 and err.startswith("error: ")


@pytest.mark.parametrize("command", [["summary", "-o", "summary.md"], ["history", "--clause", "8"]])
def test_every_deal_command_words_a_missing_database_and_an_unknown_deal_alike(tmp_path, capsys, monkeypatch,
                                                                               command):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "deals.db"
    code, _, err = run(capsys, *command[:1], "--db", str(db), "--deal", "Beta", *command[1:])
    assert code == 2 and err == (f"error: There is no Counterdraft database at {db}. Check the --db path, or "
                                 "create the database with `counterdraft import` or `counterdraft demo`.\n")
    assert not db.exists()
    with Store(db):
        pass  # an empty database
    code, _, err = run(capsys, *command[:1], "--db", str(db), "--deal", "Beta", *command[1:])
    assert code == 2 and err == (f"error: There is no deal named 'Beta' in {db}: it has no deals yet. Create one "
                                 "by importing its first draft (counterdraft import --deal NAME --from us|them "
                                 "FILE), or the sample deal (counterdraft demo).\n")
    with Store(db) as store:
        store.create_deal("Acme API")
        store.create_deal("O'Brien supply")
    code, _, err = run(capsys, *command[:1], "--db", str(db), "--deal", "Beta", *command[1:])
    assert code == 2 and err == (f"error: There is no deal named 'Beta' in {db}. Its deals are: 'Acme API', "
                                 "\"O'Brien supply\". Give one of those names to --deal, or create the deal by "
                                 "importing its first draft (counterdraft import --deal NAME --from us|them FILE).\n")
    assert not (tmp_path / "summary.md").exists()
