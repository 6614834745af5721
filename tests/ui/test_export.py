"""Export from the window: preview, format, Save on a worker with progress and Cancel, then Open the file."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import docx
import openpyxl
import pytest

from desktop.samples import create_sample_deal
from desktop.ui.export_redline_dialog import RedlineExportDialog
from desktop.ui.export_summary_dialog import SummaryExportDialog
from desktop.ui.exporting import ExportHooks, ExportPanel, safe_file_name

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class FakeDesktop:
    """Answers the Save dialog from a list and records what would have been opened."""

    paths: list = field(default_factory=list)  # answers; empty → the user cancels the Save dialog
    asked: list = field(default_factory=list)  # (title, suggested path, filter)
    opened: list = field(default_factory=list)

    def choose_path(self, parent, title, suggested, filter_text):
        self.asked.append((title, suggested, filter_text))
        return self.paths.pop(0) if self.paths else None

    def open_file(self, path):
        self.opened.append(path)
        return True

    def hooks(self) -> ExportHooks:
        return ExportHooks(self.choose_path, self.open_file)


@pytest.fixture
def desktop_fake():
    return FakeDesktop()


@pytest.fixture
def sample_window(window, ui_store, desktop_fake):
    """Return the window showing the sample deal, its Save dialog and file opening faked."""
    deal_id = create_sample_deal(ui_store)
    window.refresh_deals(select_deal=deal_id)
    window.export_hooks = desktop_fake.hooks()
    return window


def _dialog(window, kind):
    dialogs = [d for d in window.findChildren(kind) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def _export(qtbot, dialog: ExportPanel) -> Path:
    with qtbot.waitSignal(dialog.exported, timeout=60_000) as saved:
        dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.task is None)
    return saved.args[0]


def test_the_summary_dialog_previews_exports_and_offers_to_open(qtbot, sample_window, desktop_fake, tmp_path):
    sample_window.export_summary_action.trigger()
    dialog = _dialog(sample_window, SummaryExportDialog)
    preview = dialog.preview.toPlainText()
    assert preview.startswith("Negotiation summary: Sample: Cloud Service Agreement")
    for position in dialog.data.positions:
        assert position.title in preview
    assert not dialog.open_button.isVisible()
    desktop_fake.paths.append(tmp_path / "for the client.docx")
    written = _export(qtbot, dialog)
    assert written == tmp_path / "for the client.docx"
    assert docx.Document(str(written)).paragraphs[0].text == dialog.data.title
    title, suggested, filter_text = desktop_fake.asked[0]
    assert suggested.name == f"{safe_file_name(dialog.data.deal_name)} — summary.docx"
    assert filter_text.split(";;")[0].endswith("(*.docx)")  # the chosen format first, then the others
    assert "(*.pdf)" in filter_text
    assert dialog.open_button.isVisible() and not dialog.progress.isVisible()
    assert str(written) in dialog.message.text()
    dialog.open_button.click()
    assert desktop_fake.opened == [written]
    assert str(written) in sample_window.statusBar().currentMessage()


def test_the_issues_list_previews_as_a_table_and_gets_its_suffix(qtbot, sample_window, desktop_fake, tmp_path):
    sample_window.export_issues_action.trigger()
    dialog = _dialog(sample_window, SummaryExportDialog)
    assert dialog.suffix() == ".xlsx"
    assert dialog.preview.toPlainText().startswith("Issues list: Sample")
    desktop_fake.paths.append(tmp_path / "issues")  # typed without a suffix
    written = _export(qtbot, dialog)
    assert written == tmp_path / "issues.xlsx"
    sheet = openpyxl.load_workbook(written).active
    assert sheet.max_row == len(dialog.data.positions) + 1


def test_switching_format_switches_the_preview_and_pdf_is_written_on_the_worker(qtbot, sample_window, desktop_fake,
                                                                                 tmp_path):
    sample_window.export_summary_action.trigger()
    dialog = _dialog(sample_window, SummaryExportDialog)
    dialog.set_format(".csv")
    assert dialog.preview.toPlainText().startswith("Issues list:")
    dialog.set_format(".pdf")
    assert dialog.preview.toPlainText().startswith("Negotiation summary:")
    desktop_fake.paths.append(tmp_path / "summary.pdf")
    assert _export(qtbot, dialog).read_bytes().startswith(b"%PDF")


def test_a_typed_suffix_chooses_the_format_and_a_wrong_one_is_replaced(qtbot, sample_window, desktop_fake,
                                                                        tmp_path):
    sample_window.export_summary_action.trigger()
    dialog = _dialog(sample_window, SummaryExportDialog)
    dialog.set_format(".pdf")
    desktop_fake.paths.append(tmp_path / "summary.docx")  # typed with PDF chosen: Word wins
    written = _export(qtbot, dialog)
    assert written == tmp_path / "summary.docx"
    assert docx.Document(str(written)).paragraphs[0].text == dialog.data.title
    assert dialog.suffix() == ".docx"  # the format follows what was typed
    dialog.set_format(".pdf")
    desktop_fake.paths.append(tmp_path / "notes.txt")  # a suffix we do not write: replaced, not kept
    assert _export(qtbot, dialog) == tmp_path / "notes.pdf"
    desktop_fake.paths.append(tmp_path / "Acme Inc. — summary")  # a dot inside the name stays
    assert _export(qtbot, dialog) == tmp_path / "Acme Inc. — summary.pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Acme Inc. — summary.pdf", "notes.pdf", "summary.docx"]


def test_the_save_dialogs_file_type_names_the_suffix():
    from desktop.ui.exporting import export_path, filter_suffix

    assert filter_suffix("Negotiation summary (PDF) (*.pdf)") == ".pdf"
    assert filter_suffix("Everything") == ""
    assert export_path(Path("redline.pdf"), ".docx", (".docx",)) == Path("redline.docx")
    assert export_path(Path("R2.v3"), ".docx", (".docx",)) == Path("R2.v3.docx")


def test_cancelling_the_save_dialog_writes_nothing(qtbot, sample_window, desktop_fake, tmp_path):
    sample_window.export_summary_action.trigger()
    dialog = _dialog(sample_window, SummaryExportDialog)
    dialog.export_button.click()  # FakeDesktop has no answer: the user pressed Cancel
    assert dialog.task is None and not dialog.progress.isVisible()
    assert list(tmp_path.iterdir()) == []


class _SlowDialog(SummaryExportDialog):
    """An export that waits, reporting progress, until the user cancels it."""

    def make_work(self, out):
        def work(progress, cancel: threading.Event):
            progress(1, 10)
            cancel.wait(30)
            progress(2, 10)  # raises Cancelled once the cancel event is set
            raise AssertionError("not cancelled")

        return work


def test_cancel_stops_the_export_and_says_so(qtbot, sample_window, desktop_fake, tmp_path):
    from desktop.export.summary.data import build_summary

    data = build_summary(sample_window.store, sample_window.current_deal.id, sample_window.playbook())
    dialog = _SlowDialog(data, sample_window.tasks, desktop_fake.hooks(), sample_window.prompts,
                         parent=sample_window)
    qtbot.addWidget(dialog)
    dialog.show()
    desktop_fake.paths.append(tmp_path / "slow.docx")
    dialog.export_button.click()
    assert dialog.progress.isVisible() and dialog.cancel_button.isVisible()
    assert not sample_window.export_summary_action.isEnabled()  # one export at a time
    qtbot.waitUntil(lambda: dialog.progress.value() == 1)
    with qtbot.waitSignal(dialog.task.finished, timeout=10_000):
        dialog.cancel_button.click()
    assert dialog.saved is None and not dialog.open_button.isVisible()
    assert dialog.message.text() == "Not saved."
    assert not sample_window.prompts.warnings and not sample_window.prompts.crashes
    assert list(tmp_path.iterdir()) == []


def test_export_actions_need_a_deal(window):
    assert not window.export_summary_action.isEnabled()
    assert not window.export_redline_action.isEnabled()
    window.export_summary()  # through a shortcut while disabled: nothing opens
    assert not window.findChildren(SummaryExportDialog)


def test_the_redline_dialog_defaults_to_the_previous_round_and_its_sender(qtbot, sample_window):
    rounds = sample_window.store.rounds(sample_window.current_deal.id)
    sample_window.deal_view.select_round_row(2)  # round 3, their counter
    sample_window.export_redline_action.trigger()
    dialog = _dialog(sample_window, RedlineExportDialog)
    assert dialog.round_a.currentData() == rounds[1].id
    assert dialog.round_b.currentData() == rounds[2].id
    assert dialog.author.text() == "Sample Vendor, Inc."
    dialog.round_b.setCurrentIndex(3)
    assert dialog.author.text() == "Us"
    dialog.author.setText("")
    qtbot.keyClicks(dialog.author, "Jane Counsel")
    dialog.round_b.setCurrentIndex(2)
    assert dialog.author.text() == "Jane Counsel"  # the lawyer's own name is kept
    dialog.round_a.setCurrentIndex(2)
    assert not dialog.export_button.isEnabled() and "two different rounds" in dialog.message.text()


def test_the_redline_is_written_on_the_worker_with_tracked_changes(qtbot, sample_window, desktop_fake, tmp_path):
    pytest.importorskip("desktop.export.redline")
    sample_window.export_redline_action.trigger()
    dialog = _dialog(sample_window, RedlineExportDialog)
    assert dialog.suggested_path().name.endswith("redline R3-R4.docx")
    desktop_fake.paths.append(tmp_path / "redline.docx")
    written = _export(qtbot, dialog)
    body = docx.Document(str(written)).element.body
    authors = {element.get(f"{W}author") for element in body.iter(f"{W}ins", f"{W}del")}
    assert authors == {"Us"}
    dates = {element.get(f"{W}date") for element in body.iter(f"{W}ins", f"{W}del")}
    assert dates == {"2024-04-10T00:00:00Z"}
    dialog.open_button.click()
    assert desktop_fake.opened == [written]


def test_a_deal_without_two_rounds_has_no_redline_to_make(sample_window, ui_store):
    deal_id = ui_store.create_deal("No rounds yet")
    sample_window.refresh_deals(select_deal=deal_id)
    sample_window.export_redline_action.trigger()
    assert sample_window.prompts.warnings and "another draft" in sample_window.prompts.warnings[0][1]
    assert not [d for d in sample_window.findChildren(RedlineExportDialog) if d.isVisible()]


def test_the_redline_dialog_lists_what_it_could_not_mark(qtbot, window, ui_store, desktop_fake, tmp_path):
    # Round 2 drops round 1's header: a removal Word cannot track, which the dialog must say.
    import zipfile

    from desktop.core.pipeline import load_draft

    first = Path(__file__).resolve().parents[1] / "data" / "docx" / "stories" / "header-edit-b.docx"
    second = tmp_path / "no-header.docx"
    with zipfile.ZipFile(first) as old, zipfile.ZipFile(second, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b'<w:headerReference w:type="default" r:id="rId7"/>', b"")
            new.writestr(info, data)
    deal_id = ui_store.create_deal("Header removed")
    ui_store.add_round(deal_id, load_draft(first), sender="them", date="2024-01-01")
    ui_store.add_round(deal_id, load_draft(second), sender="us", date="2024-02-01")
    window.refresh_deals(select_deal=deal_id)
    window.export_hooks = desktop_fake.hooks()
    window.export_redline_action.trigger()
    dialog = _dialog(window, RedlineExportDialog)
    desktop_fake.paths.append(tmp_path / "redline.docx")
    _export(qtbot, dialog)
    assert dialog.message.text() == f"Saved {tmp_path / 'redline.docx'}"
    shown = dialog.not_marked.text()
    assert dialog.not_marked.isVisible() and shown.startswith("Not marked in the redline, so check by eye:\n• ")
    assert "A's header (“Project Communication Plan”) is not in B" in shown
    dialog.grab().save(str(tmp_path / "dialog.png"))
