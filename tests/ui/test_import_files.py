"""Every kind of draft the core reads can be dropped on the window or picked in its file dialogs.

The list is desktop.core.reading.SUPPORTED; the window's filters are built from it, so a PDF
draft is offered, accepted and imported like a Word one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.reading import SUPPORTED
from desktop.qt import QDragEnterEvent, QDropEvent, QMimeData, QPoint, Qt, QUrl
from desktop.ui import dialogs, matrix_view

DATA = Path(__file__).parents[1] / "data"
PDF = DATA / "pdf" / "bonterms-cloud-terms-v1.0-2022-02-04.pdf"


def _mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


@pytest.mark.parametrize("suffix", SUPPORTED)
def test_the_draft_filter_offers_every_kind_the_core_reads(suffix):
    drafts = dialogs.DRAFT_FILTER.split(";;")[0]
    assert f"*{suffix}" in drafts.removeprefix("Drafts (").removesuffix(")").split()


def test_a_pdf_dragged_over_a_deal_is_accepted(window, ui_store):
    window.refresh_deals(select_deal=ui_store.create_deal("Delta — cloud terms"))
    mime = _mime(PDF)  # kept alive: the event does not own it
    event = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    event.ignore()
    window.dragEnterEvent(event)
    assert event.isAccepted()


def test_a_dropped_pdf_is_imported_as_a_round(window, ui_store, qtbot):
    deal_id = ui_store.create_deal("Delta — cloud terms")
    window.refresh_deals(select_deal=deal_id)
    mime = _mime(PDF)  # kept alive: the event does not own it
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
    (row,) = ui_store.rounds(deal_id)
    assert row.file_name == PDF.name and row.clause_count > 0


def test_import_round_offers_and_returns_a_picked_pdf(monkeypatch):
    asked = []

    def pick(parent, title, folder, filter):
        asked.append(filter)
        return [str(PDF)], filter.split(";;")[0]

    monkeypatch.setattr(dialogs.QFileDialog, "getOpenFileNames", staticmethod(pick))
    assert dialogs.Prompts().open_drafts() == [PDF]
    assert asked == [dialogs.DRAFT_FILTER]


def test_a_picked_pdf_is_imported_as_a_round(window, ui_store, prompts, qtbot):
    deal_id = ui_store.create_deal("Delta — cloud terms")
    window.refresh_deals(select_deal=deal_id)
    prompts.files.append([PDF])
    window.import_round()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
    assert [row.file_name for row in ui_store.rounds(deal_id)] == [PDF.name]


def test_the_position_matrix_offers_the_same_kinds(qtbot, monkeypatch):
    asked = []

    def pick(parent, title, folder, filter):
        asked.append(filter)
        return [str(PDF)], filter.split(";;")[0]

    monkeypatch.setattr(matrix_view.QFileDialog, "getOpenFileNames", staticmethod(pick))
    dialog = matrix_view.PickDraftsDialog([])
    qtbot.addWidget(dialog)
    dialog._pick_files()
    assert asked == [dialogs.DRAFT_FILTER]
    assert [source for _, source in dialog.chosen()] == [("file", str(PDF))]
