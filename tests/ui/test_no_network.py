"""Counterdraft makes no network connection: its main flows run with socket creation blocked.

Issue 7, item 5. Every way Python opens a connection or resolves a name is replaced by a
function that records the attempt and raises; each flow then runs in-process and the test
fails if anything was recorded. A worker thread that tried would see the AssertionError
swallowed by the window's error handling, so the recorded list, not the exception, is checked.

The command-line flows include the exports (`redline`, and `summary` in every format, PDF
included, since Qt's PDF writer could in principle fetch fonts or images).
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from desktop.cli import main as cli_main
from desktop.store import Store

DATA = Path(__file__).resolve().parents[1] / "data"
DOCX_A = DATA / "docx" / "commonpaper-csa-v1.0-final-2022-02-03.docx"
DOCX_B = DATA / "docx" / "commonpaper-csa-v2.0-2024-02-02.docx"
WAIT = 30_000  # ms for one worker; real drafts take well under a second
DESKTOP = Path(__file__).resolve().parents[2] / "desktop"


@pytest.fixture
def attempts(monkeypatch):
    """Return the list of network attempts, after blocking sockets and name look-ups for the test."""
    tried: list[str] = []

    def refuse(name):
        def blocked(*args, **kwargs):
            tried.append(f"{name}{args!r}")
            raise AssertionError(f"Counterdraft tried to use the network: socket.{name}{args!r}")
        return blocked

    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refuse(name))
    return tried


def test_the_blocker_records_an_attempt(attempts):
    with pytest.raises(AssertionError):
        socket.create_connection(("example.com", 80))
    assert attempts and attempts[0].startswith("create_connection")
    attempts.clear()


def test_no_module_of_the_app_imports_a_network_library():
    # The runtime check below only sees Python sockets; Qt's own networking (QtNetwork) or
    # an HTTP client would bypass it, so none of them may even be imported.
    banned = ("import socket", "from socket", "urllib", "http.client", "import requests",
              "httpx", "QtNetwork", "QtWebEngine", "smtplib", "ftplib")
    offenders = [
        f"{path.relative_to(DESKTOP)}: {word}"
        for path in DESKTOP.rglob("*.py")
        for word in banned
        if word in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_command_line_flows_open_no_socket(attempts, tmp_path, capsys, qapp):
    # qapp first: the PDF export would otherwise make a bare QGuiApplication for itself.
    db = str(tmp_path / "deals.db")
    md = str(DATA / "md" / "commonpaper-csa-v2.0-2024-02-02.md")
    assert cli_main(["clauses", str(DOCX_A), md]) == 0
    assert cli_main(["clauses", "--json", str(DOCX_B)]) == 0
    assert cli_main(["compare", str(DOCX_A), str(DOCX_B)]) == 0
    assert cli_main(["compare", "--json", str(DOCX_A), md]) == 0
    assert cli_main(["positions", str(DOCX_B)]) == 0
    assert cli_main(["positions", "--json", md]) == 0
    assert cli_main(["import", "--db", db, "--deal", "Acme", "--from", "us", str(DOCX_A)]) == 0
    assert cli_main(["import", "--db", db, "--deal", "Acme", "--from", "them", "--json", str(DOCX_B)]) == 0
    assert cli_main(["--db", db, "demo"]) == 0
    assert cli_main(["redline", str(DOCX_A), str(DOCX_B), "-o", str(tmp_path / "redline.docx")]) == 0
    assert cli_main(["redline", md, str(DOCX_A), "-o", str(tmp_path / "redline-md.docx")]) == 0
    for suffix in ("docx", "md", "pdf", "xlsx", "csv"):
        assert cli_main(["summary", "--db", db, "--deal", "Acme", "-o", str(tmp_path / f"summary.{suffix}")]) == 0
    capsys.readouterr()
    assert attempts == []
    with Store(db) as store:
        assert {deal.name: deal.round_count for deal in store.deals()}["Acme"] == 2


def test_starting_the_app_opens_no_socket(attempts, first_start, prompts):
    # The real start-up: open the database, show the window, build the sample deal on a worker.
    code, windows, db = first_start()
    assert code == 0
    (window,) = windows
    window.deleteLater()
    assert not prompts.warnings and not prompts.crashes
    assert attempts == []
    with Store(db) as store:
        (deal,) = store.deals()
        assert deal.round_count == 4


def test_window_flows_open_no_socket(attempts, qtbot, window, prompts, ui_store, csa_md, tmp_path):
    # Create a deal, import two rounds through the window (reading, splitting, aligning and
    # diffing run on a worker thread, storing on the GUI thread), then export from it.
    from desktop.ui.dialogs import DealForm

    prompts.deals.append(DealForm("Acme API access", "Acme AI, Inc.", "customer", "API access", "California"))
    window.new_deal_action.trigger()
    with qtbot.waitSignal(window.tasks.idle, timeout=WAIT):
        window.import_files([csa_md[0]])
    with qtbot.waitSignal(window.tasks.idle, timeout=WAIT):
        window.import_files([DOCX_B])
    # Export the summary (PDF, the format that goes through Qt's printing) and the redline.
    from desktop.ui.export_redline_dialog import RedlineExportDialog
    from desktop.ui.export_summary_dialog import SummaryExportDialog
    from desktop.ui.exporting import ExportHooks

    chosen = [tmp_path / "summary.pdf", tmp_path / "redline.docx"]
    window.export_hooks = ExportHooks(lambda parent, title, suggested, filter_text: chosen.pop(0),
                                      lambda path: True)
    for action, kind, fmt in ((window.export_summary_action, SummaryExportDialog, ".pdf"),
                              (window.export_redline_action, RedlineExportDialog, None)):
        action.trigger()
        (dialog,) = [d for d in window.findChildren(kind) if d.isVisible()]
        if fmt is not None:
            dialog.set_format(fmt)
        with qtbot.waitSignal(dialog.exported, timeout=WAIT):
            dialog.export_button.click()
        qtbot.waitUntil(lambda: dialog.task is None)
        dialog.close()
    assert (tmp_path / "summary.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "redline.docx").stat().st_size > 0
    assert not prompts.warnings and not prompts.crashes
    assert attempts == []
    (deal,) = ui_store.deals()
    assert deal.round_count == 2
