"""Scanned, encrypted, damaged and hostile PDFs are refused in plain words, as issue 7's files are.

At the command line each prints one `error: …` line and exits 2 with the database untouched;
nothing in a PDF is ever run or fetched, and long or slow PDFs stop at the page and time caps.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.cli import main as cli_main
from desktop.core import reading
from desktop.core.model import ReadError
from desktop.core.pipeline import load_draft
from desktop.core.reading import pdf as pdf_reading
from tests.core.pdf_maker import Text, blank_pages, encrypted, paragraph_lines, pdf

GOOD = Path(__file__).resolve().parents[1] / "data" / "pdf" / "commonpaper-mutual-nda-v1.0.pdf"
TERMS = [Text("1. Fees. Customer pays the fees in the Order Form.", 72, 600),
         Text("2. Term. This Agreement lasts one year.", 72, 587)]


def scanned() -> bytes:
    """Return a two-page PDF whose pages are only an image: a scan without OCR."""
    return pdf([[], []], image_pages=True)


REFUSED: list[tuple[str, Callable[[], bytes], str]] = [
    ("scan.pdf", scanned, pdf_reading.SCANNED),
    ("blank.pdf", lambda: blank_pages(3), pdf_reading.SCANNED),
    ("locked.pdf", lambda: encrypted(pdf([TERMS]), "secret"), "This PDF is password-protected."),
    ("truncated.pdf", lambda: pdf([TERMS])[:300], "This PDF is damaged and cannot be read."),
    ("garbage.pdf", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40, "This PDF is damaged and cannot be read."),
    ("renamed.pdf", lambda: b"PK\x03\x04 this is a zip file", "This file is not a PDF"),
]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(("name", "make", "words"), REFUSED, ids=[case[0] for case in REFUSED])
def test_a_bad_pdf_is_refused_in_plain_words(name, make, words):
    with pytest.raises(ReadError) as caught:
        load_draft(name, make())
    assert words in str(caught.value)


@pytest.mark.parametrize(("name", "make", "words"), REFUSED, ids=[case[0] for case in REFUSED])
def test_the_cli_prints_one_error_line_exits_2_and_leaves_the_database_alone(name, make, words, tmp_path, capsys):
    db = tmp_path / "deals.db"
    assert cli_main(["import", "--db", str(db), "--deal", "Acme", "--from", "them", str(GOOD)]) == 0
    bad = tmp_path / name
    bad.write_bytes(make())
    before = digest(db)
    capsys.readouterr()
    assert cli_main(["import", "--db", str(db), "--deal", "Acme", "--from", "us", str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("error: ") and err.count("\n") == 1 and words in err
    assert digest(db) == before
    assert cli_main(["clauses", str(bad), "--json"]) == 2


def test_the_scanned_message_is_the_one_the_issue_asks_for():
    assert pdf_reading.SCANNED == (
        "This PDF has no text layer (it looks scanned). Run it through OCR, or import the Word "
        "version, and try again.")


def test_a_pdf_locked_only_against_editing_opens_with_its_text():
    draft = load_draft("owner only.pdf", encrypted(pdf([TERMS]), ""))
    assert [c.number for c in draft.clauses] == ["1", "2"]


def test_scanned_pages_amid_text_pages_are_skipped_with_a_warning():
    text_pages = pdf([TERMS, [], paragraph_lines("3. Notices. Notices go by email.", 72, 600)])
    draft = load_draft("partly scanned.pdf", text_pages)
    assert [c.number for c in draft.clauses] == ["1", "2", "3"]
    assert draft.document.warnings == (
        "Page 2 has no text layer (scanned?) and was skipped: check them against the original.",)


def test_scripts_links_and_launch_actions_are_never_run_or_fetched(monkeypatch):
    import socket
    import subprocess

    tried = []

    def refuse(*args, **kwargs):
        tried.append(args)
        raise OSError("nothing may leave this test")

    for module, name in ((socket, "socket"), (socket, "create_connection"), (socket, "getaddrinfo"),
                         (subprocess, "Popen")):
        monkeypatch.setattr(module, name, refuse)
    actions = ("/OpenAction << /S /JavaScript /JS (app.launchURL\\('https://evil.example/'\\);) >> "
               "/AA << /WC << /S /Launch /F (calc.exe) >> >> "
               "/URI << /Base (https://evil.example/) >> ")
    draft = load_draft("active.pdf", pdf([TERMS], extra_catalog=actions))
    text = " ".join(p.text for p in draft.document.paragraphs)
    assert tried == []
    assert "Customer pays the fees" in text and "evil" not in text and "calc" not in text


def test_a_pdf_past_the_page_cap_is_refused_before_any_page_is_read(monkeypatch):
    monkeypatch.setattr(pdf_reading, "MAX_PDF_PAGES", 3)
    with pytest.raises(ReadError, match="This PDF has 4 pages; Counterdraft reads drafts of up to 3 pages"):
        load_draft("long.pdf", pdf([TERMS] * 4))


def test_a_pdf_past_the_size_cap_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.pdf"
    path.write_bytes(pdf([TERMS]))
    monkeypatch.setattr(reading, "MAX_PDF_FILE_BYTES", 100)
    with pytest.raises(ReadError, match="larger than 0 MB, which is too big for a PDF draft"):
        load_draft(path)


def test_a_pdf_parse_past_the_time_cap_stops_with_a_plain_message(monkeypatch):
    data = pdf([TERMS] * 5)
    assert len(load_draft("fine.pdf", data).clauses) == 10
    monkeypatch.setattr(reading, "MAX_READ_SECONDS", 0.0)
    with pytest.raises(ReadError, match="took far longer than any contract"):
        load_draft("slow.pdf", data)


def test_reading_reports_progress_page_by_page():
    seen: list[tuple[int, int]] = []
    load_draft("five pages.pdf", pdf([TERMS] * 5), progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
