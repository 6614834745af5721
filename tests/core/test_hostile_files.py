"""Every hostile or broken file of issue 7 gives its documented behaviour at the command line.

A refused file prints `error: <plain words>` and exits 2, leaving the database byte-identical
(the files are all read before the database is opened); a legitimate odd file imports with
its text intact. Memory stays bounded: nothing is inflated past the caps.
"""

from __future__ import annotations

import hashlib
import tracemalloc
from pathlib import Path

import pytest

from desktop.cli import main as cli_main
from desktop.core import reading
from desktop.core.model import ReadError
from desktop.core.pipeline import load_draft
from desktop.store import Store
from tests.core import hostile
from tests.core.hostile_corpus import READABLE, REFUSED, Case

GOOD = Path(__file__).resolve().parents[1] / "data" / "md" / "commonpaper-csa-v1.0-final-2022-02-03.md"
MEMORY_CAP = 64 * 1024 * 1024  # bytes Python may allocate while refusing one hostile file


def digest(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    """Return a closed database holding one deal with one round, shared by the module's tests."""
    db = tmp_path_factory.mktemp("db") / "deals.db"
    assert cli_main(["import", "--db", str(db), "--deal", "Acme", "--from", "them", str(GOOD)]) == 0
    return db


def cli_import(db: Path, path: Path) -> int:
    return cli_main(["import", "--db", str(db), "--deal", "Acme", "--from", "us", "--date", "2024-03-01",
                     str(path)])


@pytest.mark.parametrize("case", REFUSED, ids=str)
def test_a_refused_file_is_error_exit_2_and_the_database_is_untouched(case: Case, database, tmp_path, capsys):
    capsys.readouterr()
    path = hostile.write(tmp_path, case.name, case.make())
    before = digest(database)
    assert cli_import(database, path) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("error: ") and err.count("\n") == 1
    for words in case.expect:
        assert words in err
    assert "Traceback" not in err
    assert digest(database) == before
    assert not Path(f"{database}-wal").exists()


@pytest.mark.parametrize("case", READABLE, ids=str)
def test_a_legitimate_odd_file_imports_with_its_text(case: Case, tmp_path, capsys):
    db = tmp_path / "deals.db"
    path = hostile.write(tmp_path, case.name, case.make())
    assert cli_import(db, path) == 0
    assert case.name in capsys.readouterr().out
    with Store(db) as store:
        (deal,) = store.deals()
        (round_,) = store.rounds(deal.id)
        assert round_.file_name == case.name
        text = "\n".join(clause.text for clause in store.clauses(round_.id))
        assert store.original(round_.id) == path.read_bytes()
    for words in case.expect:
        assert words in text


def test_a_refused_file_does_not_even_create_the_database(tmp_path, capsys):
    path = hostile.write(tmp_path, "password.docx", hostile.ole_file("EncryptedPackage"))
    assert cli_import(tmp_path / "new.db", path) == 2
    assert "password-protected" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [path]


def test_one_bad_file_in_a_batch_imports_none_of_them(database, tmp_path, capsys):
    good = hostile.write(tmp_path, "good.docx", hostile.docx_bytes(hostile.paragraph("1. Fees.")))
    bad = hostile.write(tmp_path, "bad.docx", hostile.xxe())
    before = digest(database)
    assert cli_main(["import", "--db", str(database), "--deal", "Acme", "--from", "us",
                     str(good), str(bad)]) == 2
    assert "document type declaration" in capsys.readouterr().err
    assert digest(database) == before


@pytest.mark.parametrize("case", [c for c in REFUSED if "bomb" in c.name or "entries" in c.name
                                  or "laughs" in c.name], ids=str)
def test_refusing_a_bomb_allocates_little_memory(case: Case):
    data = case.make()
    tracemalloc.start()
    try:
        with pytest.raises(ReadError):
            load_draft(case.name, data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MEMORY_CAP


def test_external_references_are_never_followed(monkeypatch):
    import socket

    tried = []

    def refuse(*args, **kwargs):
        tried.append(args)
        raise OSError("no network in this test")

    for name in ("socket", "create_connection", "getaddrinfo"):
        monkeypatch.setattr(socket, name, refuse)
    draft = load_draft("external references.docx", hostile.external_references())
    text = " ".join(p.text for p in draft.document.paragraphs)
    assert tried == []
    assert "Customer pays." in text and "root:" not in text


def test_the_macro_part_of_a_docm_is_never_read_as_text():
    draft = load_draft("macros.docm", hostile.docm_with_macros())
    text = " ".join(p.text for p in draft.document.paragraphs)
    assert "AutoOpen" not in text and "calc.exe" not in text


def test_a_parse_that_runs_past_the_time_cap_stops_with_a_plain_message(monkeypatch):
    data = hostile.docx_bytes("".join(hostile.paragraph(f"{n}. Clause {n}.") for n in range(1, 200)))
    assert len(load_draft("fine.docx", data).clauses) == 199
    monkeypatch.setattr(reading, "MAX_READ_SECONDS", 0.0)
    for name, payload in (("slow.docx", data), ("slow.md", b"1. Fees.\n\n" * 600), ("slow.txt", b"1. Fees.\n\n" * 600)):
        with pytest.raises(ReadError, match="took far longer than any contract"):
            load_draft(name, payload)


def test_a_2000_page_contract_reads_whole_with_progress(tmp_path):
    data = hostile.long_document(pages=2000)
    seen: list[tuple[int, int]] = []
    draft = load_draft("long contract.docx", data, progress=lambda done, total: seen.append((done, total)))
    assert len(draft.clauses) == 16_000
    assert draft.clauses[-1].heading == "Obligation 16000" and draft.clauses[-1].text.endswith("Schedule 16000.")
    assert len(seen) > 50 and seen[-1][0] == seen[-1][1]
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    with Store(tmp_path / "deals.db") as store:
        deal = store.create_deal("Long")
        draft_id = store.add_round(deal, draft, sender="them", date="2024-01-01")
        assert store.round(draft_id).clause_count == 16_000
        assert store.search("Schedule 15999")
