"""The Compare window's Export… and Print…, and its combined view: A's and B's words never run together."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import docx
import pytest

from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.qt import QApplication, QKeySequence, QPageLayout, QPrinter, QPushButton, Qt
from desktop.ui.compare_combined import SIDE, topic_redline
from desktop.ui.compare_export import ComparisonExportDialog
from desktop.ui.compare_paint import row_document
from desktop.ui.compare_picker import DraftSource
from desktop.ui.compare_window import CompareWindow
from desktop.ui.exporting import ExportHooks
from tests.ui.conftest import compared

DATA = Path(__file__).parents[1] / "data"
CSA_V1 = DATA / "md" / "commonpaper-csa-v1.0-final-2022-02-03.md"
CSA_V2 = DATA / "md" / "commonpaper-csa-v2.0-2024-02-02.md"
SAAS = DATA / "md" / "pairs" / "saas-cloud-terms"
VENDOR_A, VENDOR_B = SAAS / "commonpaper-csa-v2.md", SAAS / "bonterms-cloud-terms-v1.0.md"
PLAYBOOK = load_playbook(default_playbook_path())


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFKC", text)


def words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def menu_action(window: CompareWindow, text: str):
    (file_menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&File"]
    (action,) = [a for a in file_menu.actions() if a.text() == text]
    return action


def export_dialog(window: CompareWindow) -> ComparisonExportDialog:
    (dialog,) = [d for d in window.findChildren(ComparisonExportDialog) if d.isVisible()]
    return dialog


def export(qtbot, dialog: ComparisonExportDialog) -> Path:
    """Click Export… in the dialog and wait for the file."""
    with qtbot.waitSignal(dialog.exported, timeout=60_000) as saved:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return saved.args[0]


def test_nothing_to_export_or_print_before_a_comparison(compare_window):
    assert not menu_action(compare_window, "&Export…").isEnabled()
    assert not menu_action(compare_window, "&Print…").isEnabled()


def test_two_vendors_papers_export_from_the_file_menu_to_word_in_columns(qtbot, compare_window, tmp_path):
    window = compared(qtbot, compare_window, VENDOR_A, VENDOR_B)
    action = menu_action(window, "&Export…")
    assert action.isEnabled() and action.shortcut() == QKeySequence("Ctrl+S")
    action.trigger()
    dialog = export_dialog(window)
    assert "Comparison by topic" in dialog.preview.toPlainText()
    dialog.set_format(".docx")
    window.answers.append(tmp_path / "vendors")
    out = export(qtbot, dialog)
    assert out == tmp_path / "vendors.docx"
    (table,) = docx.Document(str(out)).tables
    assert VENDOR_A.name in table.rows[0].cells[1].text and VENDOR_B.name in table.rows[0].cells[2].text
    both = [row for row in table.rows[1:] if "Nothing in" not in row.cells[1].text + row.cells[2].text]
    assert len(both) > 20
    row = next(r for r in dialog.report.topics if r.a and r.b and r.words == "Same topic" and len(r.a.text[0][1]) > 80)
    a_words = words("".join(t for op, t in row.a.text if op != "+"))
    b_words = words("".join(t for op, t in row.b.text if op != "-"))
    if row.a.blocks:
        # A side read plain is its clauses, each with its own number and heading, in order.
        cells = next(r for r in table.rows if words(r.cells[1].text).startswith(words(
            " ".join(p for p in (row.a.blocks[0].lead, row.a.blocks[0].heading) if p))))
        for side, cell in ((row.a, cells.cells[1]), (row.b, cells.cells[2])):
            assert side is not None
            assert all(words(block.text) in words(cell.text) for block in side.blocks)
    else:
        cells = next(r for r in table.rows if r.cells[1].text.startswith(row.a.title))
        assert a_words in words(cells.cells[1].text) and b_words in words(cells.cells[2].text)
    dialog.close()


def test_two_vendors_papers_export_to_pdf_from_the_button_with_progress_and_cancel(qtbot, compare_window, tmp_path):
    window = compared(qtbot, compare_window, VENDOR_A, VENDOR_B)
    export_button = next(b for b in window.view.findChildren(QPushButton) if b.text() == "Export…")
    qtbot.mouseClick(export_button, Qt.MouseButton.LeftButton)
    dialog = export_dialog(window)
    assert dialog.suffix() == ".pdf"
    # Cancelled at once: the worker stops and nothing is left under the name.
    window.answers.append(tmp_path / "cancelled.pdf")
    with qtbot.waitSignal(window.tasks.idle, timeout=60_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert window.tasks.busy and dialog.cancel_button.isVisible()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert list(tmp_path.iterdir()) == [] and dialog.message.text() == "Not saved."
    window.answers.append(tmp_path / "vendors.pdf")
    out = export(qtbot, dialog)
    text = pdf_text(out)
    topic = next(r for r in dialog.report.topics if r.a and r.b and r.words == "Same topic" and len(r.a.text[0][1]) > 80)
    line = next(line for line in text.splitlines() if topic.a.title in line)
    assert topic.b.title in line  # A's clause and B's clause side by side, in columns
    assert " ".join(topic.a.text[0][1].split()[:5]) in words(text)
    dialog.close()


def test_an_export_never_overwrites_a_draft_it_compares(qtbot, compare_window, prompts, tmp_path):
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_bytes(CSA_V1.read_bytes())
    b.write_bytes(CSA_V2.read_bytes())
    window = compared(qtbot, compare_window, a, b)
    menu_action(window, "&Export…").trigger()
    dialog = export_dialog(window)
    link = a.with_suffix(".docx")
    link.hardlink_to(a)  # another name for a draft it compares
    dialog.set_format(".docx")
    window.answers.append(link)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not window.tasks.busy
    assert prompts.warnings and "will not write the export over" in prompts.warnings[-1][1]
    assert a.read_bytes() == CSA_V1.read_bytes()
    dialog.close()


def test_two_rounds_export_as_a_redline(qtbot, compare_window, tmp_path):
    window = compared(qtbot, compare_window, CSA_V1, CSA_V2)
    assert not window.view.prepared.by_topic
    menu_action(window, "&Export…").trigger()
    dialog = export_dialog(window)
    assert dialog.report.redline is not None and "Redline" in dialog.suggested_path().name
    dialog.set_format(".docx")
    window.answers.append(tmp_path / "rounds.docx")
    document = docx.Document(str(export(qtbot, dialog)))
    assert any(r.font.strike for p in document.paragraphs for r in p.runs)
    assert any(r.font.underline for p in document.paragraphs for r in p.runs)
    assert "Machine Learning" in "\n".join(p.text for p in document.paragraphs)
    dialog.close()


def test_print_builds_the_pages_and_sends_them_to_the_chosen_printer(qtbot, compare_window, tmp_path):
    window = compared(qtbot, compare_window, VENDOR_A, VENDOR_B)
    chosen: list[QPrinter] = []

    def choose(parent, printer: QPrinter) -> bool:
        # What the Print dialog gives back, on a printer that writes a file.
        chosen.append(printer)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "printed.pdf"))
        return True

    window.ask_printer = choose
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    with qtbot.waitSignal(window.tasks.idle, timeout=60_000):
        qtbot.keySequence(window, QKeySequence("Ctrl+P"))
        assert window.tasks.busy  # painted on a worker, with the window's progress and Cancel
        assert window.progress.isVisible()
    assert chosen and chosen[0].pageLayout().orientation() == QPageLayout.Orientation.Landscape
    text = pdf_text(tmp_path / "printed.pdf")
    assert "Comparison by topic" in text and "Privileged & Confidential" in text
    assert "Sent" in window.statusBar().currentMessage()
    window.ask_printer = lambda parent, printer: False  # the user cancelled the Print dialog
    menu_action(window, "&Print…").trigger()
    assert not window.tasks.busy


def sides_in_blocks(document):
    """Yield each block's runs as (side, text) pairs: side "a", "b" or "" for words both share."""
    block = document.begin()
    while block.isValid():
        runs, it = [], block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            side = fragment.charFormat().property(SIDE) or ""
            runs.append((side, fragment.text()))
            it += 1
        yield runs
        block = block.next()


def assert_apart(document) -> None:
    """Assert that no run of A's words touches a run of B's words without a space between them."""
    for runs in sides_in_blocks(document):
        for (side, text), (next_side, next_text) in zip(runs, runs[1:]):
            if {side, next_side} == {"a", "b"}:
                assert text[-1:].isspace() or next_text[:1].isspace(), f"{text[-30:]!r} runs into {next_text[:30]!r}"


def test_the_combined_view_of_two_vendors_never_runs_their_texts_together(qtbot, compare_window):
    window = compared(qtbot, compare_window, VENDOR_A, VENDOR_B)
    qtbot.keySequence(window, QKeySequence("Ctrl+R"))
    view = window.view
    assert view.combined and view.title_combined.text().startswith("Topic by topic")
    rows = view.rows_model.rows
    redlines = 0
    for row in rows:
        document = row_document(row, "combined")
        assert_apart(document)
        blocks = list(sides_in_blocks(document))
        a_blocks = [i for i, runs in enumerate(blocks) if any(side == "a" for side, _ in runs)]
        b_blocks = [i for i, runs in enumerate(blocks) if any(side == "b" for side, _ in runs)]
        if topic_redline(row):
            redlines += 1
            formats = list(_formats(document))
            assert any(f.fontStrikeOut() for f in formats) and any(f.fontUnderline() for f in formats)
        elif row.left and row.right:
            # Two wordings of one topic: A's clause and B's clause in cells of their own.
            assert a_blocks and b_blocks and not set(a_blocks) & set(b_blocks)
            assert document.rootFrame().childFrames(), "no table"
        text = document.toPlainText()
        for clause in (*row.left, *row.right):
            if len(clause.text) > 40 and not topic_redline(row):
                assert clause.text[:40] in text
    assert redlines > 3


def test_the_combined_redline_of_two_rounds_keeps_deletions_and_insertions_apart(qtbot, compare_window):
    window = compared(qtbot, compare_window, CSA_V1, CSA_V2)
    window.view.combined_action.trigger()
    touching = 0
    for row in window.view.rows_model.rows:
        ops = row.combined
        touching += sum(1 for (op, t), (nop, nt) in zip(ops, ops[1:])
                        if {op, nop} == {"-", "+"} and not t[-1:].isspace() and not nt[:1].isspace())
        assert_apart(row_document(row, "combined"))
    assert touching > 5  # the word diff has such places; the view puts a space in each


def _formats(document):
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            yield it.fragment().charFormat()
            it += 1
        block = block.next()


@pytest.mark.parametrize("target", ["database", "stored draft"])
def test_an_export_never_overwrites_the_database_or_a_stored_draft(target, qtbot, prompts, tmp_path):
    from desktop.samples import create_sample_deal
    from desktop.store import Store

    folder = tmp_path / "data"
    folder.mkdir()
    store = Store(folder / "deals.pdf")  # a database whose name a PDF export would keep
    deal_id = create_sample_deal(store)
    rounds = store.rounds(deal_id)
    window = CompareWindow(store, prompts, lambda: PLAYBOOK)
    qtbot.addWidget(window)
    answers: list[Path] = []
    window.export_hooks = ExportHooks(choose_path=lambda *args: answers.pop(0), open_file=lambda path: True)
    window.show()
    with qtbot.waitSignal(window.shown, timeout=60_000):
        window.compare(DraftSource("round 2", draft_id=rounds[1].id), DraftSource("round 3", draft_id=rounds[2].id))
    if target == "database":
        out, what = folder / "deals.pdf", "the Counterdraft database"
    else:
        out, what = tmp_path / "round 3.pdf", "it holds the draft of round 3"
        out.write_bytes(store.original(rounds[2].id))
    before = out.read_bytes()
    menu_action(window, "&Export…").trigger()
    dialog = export_dialog(window)
    answers.append(out)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.task is None and dialog.saved is None and not window.tasks.busy
    title, text = prompts.warnings[-1]
    assert title == "Export comparison" and text.startswith(f"Counterdraft will not write the export over {out}: ")
    assert what in text and out.read_bytes() == before
    dialog.close()
    window.close()
    store.close()
