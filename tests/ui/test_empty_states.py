"""Every empty view says what to do next, and its button does it."""

from __future__ import annotations

from pathlib import Path

from desktop.qt import QDropEvent, QLabel, QMimeData, QPoint, Qt, QUrl
from desktop.samples import create_sample_deal
from desktop.ui.dialogs import DealForm

DATA = Path(__file__).parents[1] / "data"


def test_no_deals_says_to_create_one_or_open_the_sample(window, prompts):
    page = window.no_deals_page
    assert window.pages.currentWidget() is page
    words = " ".join(label.text() for label in page.findChildren(QLabel))
    assert "No deals yet" in words and "Create a deal" in words and "sample deal" in words
    prompts.deals.append(DealForm("Acme AI — API access", "Acme AI, Inc.", "customer", "API access", ""))
    page.new_button.click()
    assert window.current_deal is not None and window.current_deal.name == "Acme AI — API access"
    assert window.pages.currentWidget() is window.deal_view


def test_a_deal_without_rounds_asks_for_round_one_on_both_tabs(window, ui_store, prompts):
    deal_id = ui_store.create_deal("Beta Labs — model licence")
    window.refresh_deals(select_deal=deal_id)
    view = window.deal_view
    assert view.lower.currentWidget() is view.drop_hint
    hint = " ".join(label.text() for label in view.drop_hint.findChildren(QLabel))
    assert "Drop a .docx here to add round 1" in hint and "Import round" in hint
    assert not view.rounds_table.isVisibleTo(window)
    asked = []
    prompts.open_drafts = lambda: asked.append(True) or []
    view.drop_hint.import_button.click()
    assert asked == [True]
    window.positions_tab_action.trigger()
    positions = window.positions_view
    assert positions.pages.currentWidget() is positions.empty
    assert "Import a draft" in positions.empty.text()


def test_dropping_a_docx_on_the_empty_deal_adds_round_one(window, ui_store, qtbot):
    deal_id = ui_store.create_deal("Gamma — cloud terms")
    window.refresh_deals(select_deal=deal_id)
    draft = DATA / "docx" / "bonterms-cloud-terms-v1.0-2022-02-04.docx"
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(draft))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
    assert [row.round_no for row in ui_store.rounds(deal_id)] == [1]
    assert window.deal_view.lower.currentWidget() is window.deal_view.round_splitter


def test_round_one_and_no_clause_say_what_to_do(window, ui_store):
    deal_id = create_sample_deal(ui_store)
    window.refresh_deals(select_deal=deal_id)
    view = window.deal_view
    view.select_round_row(0)
    assert "Import the next draft" in view.overview.counts.text()
    view.clause_tree.setCurrentIndex(view.clause_model.index(-1, 0))
    assert "Select a clause" in view.redline.toPlainText()
    view.show_history()
    assert "Select a clause" in view.history.text.toPlainText()


def test_the_positions_pane_says_to_pick_a_cell(window, ui_store):
    deal_id = create_sample_deal(ui_store)
    window.refresh_deals(select_deal=deal_id)
    window.positions_tab_action.trigger()
    pane = window.positions_view.pane
    pane.show_cell(None, None, None, None)
    assert pane.pages.currentWidget() is pane.empty and "Click a cell" in pane.empty.text()


def test_an_empty_compare_window_says_how_to_choose_drafts(window, qtbot):
    from desktop.ui.compare_window import CompareWindow

    compare = CompareWindow(window.store, window.prompts, window.playbook)
    qtbot.addWidget(compare)
    assert "Choose two drafts" in compare.view.note.text() and "Ctrl+Shift+C" in compare.view.note.text()
