"""Issue 19 in the window: no export is written over the database, a stored draft's file, or a link to either.

The window's drafts live in its database, so what an export must never land on is the database
file (Store.path) and the files that hold the drafts (known by their sha256). Each export flow
is driven through its real dialog, with the Save dialog answering one of those; the refusal is
the window's warning, and the files are byte for byte as they were.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import pkgutil
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import desktop.ui
from desktop.qt import QDialog, Qt
from desktop.samples import create_sample_deal
from desktop.store import Store
from desktop.ui import matrix_view
from desktop.ui.compare_export import ComparisonExportDialog
from desktop.ui.export_redline_dialog import RedlineExportDialog
from desktop.ui.export_summary_dialog import SummaryExportDialog
from desktop.ui.exporting import ExportHooks, ExportPanel
from desktop.ui.main_window import MainWindow

MD = Path(__file__).resolve().parents[1] / "data" / "md" / "pairs" / "saas-cloud-terms"


@dataclass
class FakeDesktop:
    """Answers the Save dialog from a list; records what would have been opened."""

    paths: list = field(default_factory=list)
    opened: list = field(default_factory=list)

    def hooks(self) -> ExportHooks:
        return ExportHooks(lambda parent, title, suggested, filter_text: self.paths.pop(0) if self.paths else None,
                           lambda path: self.opened.append(path) or True)


def snapshot(folder: Path) -> dict[str, str]:
    """Return every entry under `folder` as name → sha256 (or where its link points)."""
    entries = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            entries[name] = "→ " + os.readlink(path)
        elif path.is_file():
            entries[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return entries


# The window's export flows: id → (how to open its dialog, the format it writes).
FLOWS = {
    "summary.docx": ("export_summary_action", ".docx"),
    "summary.pdf": ("export_summary_action", ".pdf"),
    "summary.md": ("export_summary_action", ".md"),
    "issues list.xlsx": ("export_issues_action", ".xlsx"),
    "issues list.csv": ("export_issues_action", ".csv"),
    "redline.docx": ("export_redline_action", ".docx"),
}
# The Compare window's Export… is covered in test_compare_export.py (database, stored drafts, its inputs).
COVERED_PANELS = {SummaryExportDialog, RedlineExportDialog, ComparisonExportDialog}


def test_every_export_dialog_of_the_window_is_covered_here():
    for module in pkgutil.iter_modules(desktop.ui.__path__):
        importlib.import_module(f"desktop.ui.{module.name}")
    panels = set(ExportPanel.__subclasses__())
    assert panels == COVERED_PANELS, "an export dialog needs its flow in FLOWS (and refuse_overwriting)"


@pytest.fixture
def file_window(qtbot, prompts, ui_settings, tmp_path, request):
    """Return a factory: the real window over a database file named `name`, holding the sample deal."""
    opened: list[tuple[MainWindow, Store]] = []

    def make(name: str) -> tuple[MainWindow, Path, FakeDesktop]:
        folder = tmp_path / "data"
        folder.mkdir()
        store = Store(folder / name)
        deal_id = create_sample_deal(store)
        window = MainWindow(store, prompts=prompts, settings=ui_settings)
        qtbot.addWidget(window)
        window.show()
        window.refresh_deals(select_deal=deal_id)
        fake = FakeDesktop()
        window.export_hooks = fake.hooks()
        opened.append((window, store))
        return window, folder / name, fake

    yield make
    for window, store in opened:
        assert not window.tasks.busy
        window.close()
        store.close()
    assert not prompts.crashes


def _open_dialog(window: MainWindow, action: str, suffix: str) -> ExportPanel:
    getattr(window, action).trigger()
    dialogs = [d for d in window.findChildren(ExportPanel) if d.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    if isinstance(dialog, SummaryExportDialog):
        dialog.set_format(suffix)
    return dialog


def _refused(dialog: ExportPanel, prompts, out: Path, what: str) -> None:
    dialog.export_button.click()
    assert dialog.task is None and not dialog.progress.isVisible() and dialog.saved is None
    title, text = prompts.warnings[-1]
    assert title == dialog.windowTitle()
    assert text.startswith(f"Counterdraft will not write the export over {out}: ") and what in text
    assert "Choose another name for the export." in text


@pytest.mark.parametrize("naming", ["itself", "symlink", "hardlink"])
@pytest.mark.parametrize("flow", FLOWS)
def test_an_export_onto_the_database_is_refused_with_a_warning(flow, naming, file_window, prompts, tmp_path):
    action, suffix = FLOWS[flow]
    window, database, fake = file_window(f"deals{suffix}")  # a Save dialog answer that keeps its name
    out = {"itself": lambda: database,
           "symlink": lambda: _link(tmp_path / f"link{suffix}", database, os.symlink),
           "hardlink": lambda: _link(tmp_path / f"hard link{suffix}", database, os.link)}[naming]()
    before = snapshot(tmp_path)
    dialog = _open_dialog(window, action, suffix)
    fake.paths.append(out)
    _refused(dialog, prompts, out, "the Counterdraft database")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("flow", FLOWS)
def test_an_export_onto_a_file_holding_a_stored_draft_is_refused(flow, file_window, prompts, tmp_path):
    action, suffix = FLOWS[flow]
    window, _, fake = file_window("deals.db")
    rounds = window.store.rounds(window.current_deal.id)
    draft = tmp_path / f"from the client{suffix}"  # the file the lawyer imported as round 2
    draft.write_bytes(window.store.original(rounds[1].id))
    before = snapshot(tmp_path)
    dialog = _open_dialog(window, action, suffix)
    fake.paths.append(draft)
    _refused(dialog, prompts, draft, f"it holds the draft of round 2 of {window.current_deal.name} "
                                     f"({rounds[1].file_name})")
    assert snapshot(tmp_path) == before


def _link(link: Path, target: Path, make) -> Path:
    make(target, link)
    return link


@pytest.fixture
def matrix_view_of(qtbot, monkeypatch):
    """Return a function running Tools ▸ Position matrix on `window` with `files` picked; it returns the view."""
    def run(window: MainWindow, files: list[Path]):
        def pick(picker: matrix_view.PickDraftsDialog) -> int:
            picker.list.item(0).setCheckState(Qt.CheckState.Checked)  # a stored round
            picker.add_files([str(path) for path in files])
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(matrix_view.PickDraftsDialog, "exec", pick)
        matrix_view.open_position_matrix(window)
        qtbot.waitUntil(lambda: not window.tasks.busy, timeout=60_000)
        views = window.findChildren(matrix_view.MatrixView)
        assert len(views) == 1
        return views[0]

    return run


@pytest.mark.parametrize("target", ["picked file", "link to picked file", "database", "stored draft"])
def test_the_position_matrix_is_not_exported_over_its_drafts_or_the_database(target, file_window, matrix_view_of,
                                                                            prompts, qtbot, tmp_path):
    window, database, _ = file_window("deals.md")
    picked = tmp_path / "bonterms.md"
    shutil.copy(MD / "bonterms-cloud-terms-v1.0.md", picked)
    view = matrix_view_of(window, [picked])
    if target == "picked file":
        out, what = picked, "which the export is made from"
    elif target == "link to picked file":
        out, what = _link(tmp_path / "link.md", picked, os.symlink), "it is a link to"
    elif target == "database":
        out, what = database, "the Counterdraft database"
    else:
        out = tmp_path / "round 1.md"
        out.write_bytes(window.store.original(window.store.rounds(window.current_deal.id)[0].id))
        what = "it holds the draft of round 1"
    before = snapshot(tmp_path)
    view.export_to(out)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=60_000)
    title, text = prompts.warnings[-1]
    assert title == "Export position matrix"
    assert text.startswith(f"Counterdraft will not write the export over {out}: ") and what in text
    assert snapshot(tmp_path) == before
    view.window().close()


def test_the_position_matrix_still_exports_to_a_new_file(file_window, matrix_view_of, prompts, qtbot, tmp_path):
    window, _, _ = file_window("deals.db")
    view = matrix_view_of(window, [MD / "bonterms-cloud-terms-v1.0.md"])
    out = tmp_path / "matrix.md"
    view.export_to(out)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=60_000)
    assert out.read_text(encoding="utf-8").startswith("# Position matrix") and not prompts.warnings
    view.window().close()
