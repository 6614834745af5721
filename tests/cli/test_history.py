"""`counterdraft import` builds threads, and `counterdraft history` prints one clause's thread."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.cli.history import redline_text
from desktop.store import Store

DATA = Path(__file__).resolve().parents[1] / "data"
CSA_V1 = DATA / "md" / "commonpaper-csa-v1.0-final-2022-02-03.md"
CSA_V2 = DATA / "md" / "commonpaper-csa-v2.0-2024-02-02.md"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def csa_db(tmp_path, capsys) -> Path:
    """Return a database holding deal "CSA": Common Paper CSA v1.0 (them) then v2.0 (us)."""
    db = tmp_path / "deals.db"
    assert run(capsys, "import", "--db", str(db), "--deal", "CSA", "--from", "them",
               "--date", "2022-02-03", str(CSA_V1))[0] == 0
    assert run(capsys, "import", "--db", str(db), "--deal", "CSA", "--from", "us",
               "--date", "2024-02-02", str(CSA_V2))[0] == 0
    return db


def history(capsys, db: Path, clause: str) -> dict:
    code, out, err = run(capsys, "history", "--db", str(db), "--deal", "CSA", "--clause", clause,
                         "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


def test_import_builds_threads_that_cover_every_clause_once(csa_db):
    with Store(csa_db) as store:
        deal = store.deal_by_name("CSA")
        threads = store.threads(deal.id)
        rounds = store.rounds(deal.id)
    seen = [(e.draft_id, e.clause.id) for t in threads for e in t.entries if e.clause]
    assert len(seen) == len(set(seen)) == sum(r.clause_count for r in rounds)
    carried = [t for t in threads if all(e.clause for e in t.entries)]
    assert len(carried) > 90  # of 108 clauses in v1.0; the rest were deleted, split or merged


@pytest.mark.parametrize("clause, title, numbers", [
    ("8", "8 Limitation of Liability", ["9", "8"]),
    ("9", "9 Indemnification", ["10", "9"]),
    ("§ 9.", "9 Indemnification", ["10", "9"]),
])
def test_a_renumbered_section_is_one_thread(capsys, csa_db, clause, title, numbers):
    got = history(capsys, csa_db, clause)
    assert (got["deal"], got["clause"], got["title"]) == ("CSA", clause, title)
    assert [r["clause"]["number"] for r in got["rounds"]] == numbers
    first, second = got["rounds"]
    assert (first["round"], first["from"], first["date"], first["file"]) == (
        1, "them", "2022-02-03", CSA_V1.name)
    assert (first["kind"], first["marker"], first["substantive"]) == (None, "", None)
    assert (second["kind"], second["marker"]) == ("renumbered", "renumbered")
    assert set(second["clause"]) == {"id", "label", "number", "heading", "level", "parent", "text"}


def test_the_json_diff_rebuilds_both_rounds_texts(capsys, csa_db):
    got = history(capsys, csa_db, "9.1")
    assert got["title"] == "9.1 Protection by Provider"
    first, second = got["rounds"]
    assert first["diff"] == []
    diff = second["diff"]
    assert ["-", "Claim"] in diff and ["+", "Claims"] in diff
    assert "".join(t for op, t in diff if op in "=-") == first["clause"]["text"]
    assert "".join(t for op, t in diff if op in "=+") == second["clause"]["text"]
    assert second["substantive"] is True


def test_a_heading_is_accepted_when_no_number_matches(capsys, csa_db):
    got = history(capsys, csa_db, "liability caps")
    assert got["title"] == "8.1 Liability Caps"
    assert got["rounds"][1]["clause"]["heading"] == "Liability Caps"


def test_the_text_form_lists_each_round_with_a_redline(capsys, csa_db):
    code, out, err = run(capsys, "history", "--db", str(csa_db), "--deal", "csa", "--clause",
                         "9.1")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "CSA: 9.1 Protection by Provider"
    assert lines[1].startswith("R1  them  2022-02-03  commonpaper-csa-v1.0-final")
    assert lines[3].endswith("[renumbered, substantive]")
    assert "[-Claim-]{+Claims+}" in lines[4] and lines[4].startswith("    9.1 Protection by")


def test_redline_text_keeps_only_the_words_near_a_change():
    diff = [["=", "one two three four five six seven eight nine ten eleven twelve thirteen "],
            ["-", "12"], ["+", "24"], ["=", " months of fees."]]
    assert redline_text(diff) == "… ten eleven twelve thirteen [-12-]{+24+} months of fees."


@pytest.mark.parametrize("argv, message", [
    (["--deal", "CSA", "--clause", "8.9"], "error: No clause 8.9 in deal CSA; its latest round "
                                           "has 1–13."),
    (["--deal", "Beta", "--clause", "8"], "error: There is no deal named 'Beta' in {db}. Its deals are: "
                                          "'CSA'. Give one of those names to --deal, or create the deal by "
                                          "importing its first draft (counterdraft import --deal NAME "
                                          "--from us|them FILE)."),
])
def test_an_unknown_deal_or_clause_names_what_exists(capsys, csa_db, argv, message):
    code, out, err = run(capsys, "history", "--db", str(csa_db), *argv)
    assert (code, out) == (2, "")
    assert err.strip() == message.format(db=csa_db)


def test_a_missing_database_is_an_input_error_and_is_not_created(capsys, tmp_path):
    db = tmp_path / "typo.db"
    code, _, err = run(capsys, "history", "--db", str(db), "--deal", "CSA", "--clause", "8")
    assert code == 2 and err.startswith("error: There is no Counterdraft database at ")
    assert not db.exists()


def test_a_deal_without_rounds_says_so(capsys, tmp_path):
    db = tmp_path / "deals.db"
    with Store(db) as store:
        store.create_deal("Empty")
    code, _, err = run(capsys, "history", "--db", str(db), "--deal", "empty", "--clause", "1")
    assert code == 2 and "has no rounds yet" in err
