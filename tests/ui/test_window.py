"""The real window over a real in-memory store, importing real rounds of the Common Paper CSA."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.qt import QDragEnterEvent, QDropEvent, QMimeData, QModelIndex, QPoint, QPointF, Qt, QUrl
from desktop.ui.dialogs import DealForm, RoundDetails
from desktop.ui.main_window import MainWindow
from desktop.ui.models import ClauseEntry
from desktop.ui.redline import DELETED_COLOUR, INSERTED_COLOUR

WAIT = 30_000  # ms for one import; a real draft takes well under a second


def make_deal(window, prompts, name="Acme API access") -> None:
    prompts.deals.append(DealForm(name, "Acme AI, Inc.", "customer", "API access", "California"))
    window.new_deal_action.trigger()


def import_and_wait(qtbot, window, paths) -> None:
    with qtbot.waitSignal(window.tasks.idle, timeout=WAIT):
        window.import_files([Path(p) for p in paths])


def shown_entries(model, parent=QModelIndex()) -> list[ClauseEntry]:
    out = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if model.entry(index) is not None:
            out.append(model.entry(index))
        out.extend(shown_entries(model, index))
    return out


def redline_runs(window) -> list[tuple[str, object]]:
    document = window.deal_view.redline.document()
    out = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            out.append((it.fragment().text(), it.fragment().charFormat()))
            it += 1
        block = block.next()
    return out


@pytest.fixture
def two_rounds(qtbot, window, prompts, csa_md):
    """Return the window with a deal holding v1.0 and v2.0 of the CSA as rounds 1 and 2."""
    make_deal(window, prompts)
    import_and_wait(qtbot, window, [csa_md[0]])
    import_and_wait(qtbot, window, [csa_md[1]])
    return window


def test_no_deals_shows_the_empty_state_and_disables_deal_actions(window):
    assert window.windowTitle() == "Counterdraft"
    assert window.pages.currentWidget() is window.no_deals_page
    assert not window.import_action.isEnabled() and not window.delete_action.isEnabled()
    assert window.new_deal_action.shortcut().toString() == "Ctrl+N"
    assert window.import_action.shortcut().toString() == "Ctrl+I"
    assert window.rename_action.shortcut().toString() == "F2"
    assert window.delete_action.shortcut().toString() == "Del"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"


def test_new_deal_is_created_selected_and_waits_for_a_draft(window, prompts, ui_store):
    make_deal(window, prompts)
    (deal,) = ui_store.deals()
    assert (deal.name, deal.counterparty, deal.deal_type) == ("Acme API access", "Acme AI, Inc.", "API access")
    assert window.current_deal.id == deal.id
    view = window.deal_view
    assert view.lower.currentWidget() is view.drop_hint
    assert "Acme AI, Inc." in view.details_label.text() and "customer / licensee" in view.details_label.text()
    assert window.import_action.isEnabled()


def test_two_imported_rounds_show_their_changes(two_rounds, prompts, ui_store):
    window = two_rounds
    table = window.deal_view.rounds_model
    assert table.rowCount() == 2
    assert table.data(table.index(0, 4)) == "—"
    assert re.fullmatch(r"\d+ \(\d+ substantive\)", table.data(table.index(1, 4)))
    assert table.data(table.index(1, 1)) == "Us"  # the sender alternates from round 1's "them"
    assert [asked[2] for asked in prompts.asked_rounds] == ["them", "us"]
    assert window.deal_view.current_round.round_no == 2
    (deal,) = ui_store.deals()
    assert deal.round_count == 2
    assert "substantive" in window.deal_view.counts_label.text()
    assert window.deal_view.changed_only.isChecked()


def test_selecting_a_changed_clause_shows_a_redline(two_rounds):
    view = two_rounds.deal_view
    entries = shown_entries(view.clause_model)
    edited = next(
        e for e in entries
        if e.pair and {op for op, _ in e.pair.diff} >= {"-", "+"} and e.pair.substantive and not e.dropped
    )
    assert view.select_clause(edited.clause.id)
    runs = redline_runs(two_rounds)
    deleted = [fmt for text, fmt in runs if fmt.fontStrikeOut()]
    inserted = [fmt for text, fmt in runs if fmt.fontUnderline()]
    assert deleted and all(fmt.foreground().color() == DELETED_COLOUR for fmt in deleted)
    assert inserted and all(fmt.foreground().color() == INSERTED_COLOUR for fmt in inserted)
    assert "Substantive" in view.redline.toPlainText()


def changed_or_ancestor_of_change(model, parent=QModelIndex()) -> bool:
    """Return True when every row under `parent` changed or has a changed row beneath it."""
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        entry = model.entry(index)
        below = model.rowCount(index) > 0 and changed_or_ancestor_of_change(model, index)
        if entry is not None and not entry.change and not below:
            return False
        if model.rowCount(index) and not changed_or_ancestor_of_change(model, index):
            return False
    return True


def test_the_changed_filter_hides_unchanged_clauses(two_rounds):
    view = two_rounds.deal_view
    model = view.clause_model
    filtered = shown_entries(model)
    assert filtered and changed_or_ancestor_of_change(model)
    view.changed_only.setChecked(False)
    everything = shown_entries(model)
    assert len(everything) > len(filtered) and not changed_or_ancestor_of_change(model)
    assert len([e for e in everything if not e.dropped]) == view.current_round.clause_count
    view.changed_only.setChecked(True)
    assert len(shown_entries(model)) == len(filtered)


def test_round_one_has_no_filter_and_shows_plain_text(two_rounds):
    view = two_rounds.deal_view
    view.select_round_row(0)
    assert view.current_round.round_no == 1
    assert not view.changed_only.isEnabled() and not view.changed_only.isChecked()
    assert view.counts_label.text().startswith("First draft")
    assert "Round 1" in view.redline.toPlainText()
    assert not any(fmt.fontStrikeOut() or fmt.fontUnderline() for _, fmt in redline_runs(two_rounds))


def test_a_bad_file_is_one_clear_message_and_the_store_is_untouched(qtbot, window, prompts, ui_store, tmp_path):
    make_deal(window, prompts)
    fake = tmp_path / "counter-offer.docx"
    fake.write_bytes(b"This is not a zip file at all.")
    before = (ui_store.deals(), ui_store.rounds(window.current_deal.id))
    import_and_wait(qtbot, window, [fake])
    assert len(prompts.warnings) == 1
    title, text = prompts.warnings[0]
    assert title == "The draft was not imported" and text
    assert (ui_store.deals(), ui_store.rounds(window.current_deal.id)) == before
    assert window.deal_view.lower.currentWidget() is window.deal_view.drop_hint


def test_clause_text_is_shown_literally(qtbot, window, prompts, tmp_path):
    make_deal(window, prompts)
    draft = tmp_path / "tags.txt"
    draft.write_text("1. Use of Data\n\nVendor shall <b>not</b> train on Customer Data & prompts.\n", encoding="utf-8")
    import_and_wait(qtbot, window, [draft])
    view = window.deal_view
    entries = shown_entries(view.clause_model)
    target = next(e for e in entries if "<b>" in e.clause.text)
    assert view.select_clause(target.clause.id)
    assert "<b>not</b>" in view.redline.toPlainText()


def test_delete_asks_first_naming_the_deal_and_its_rounds(qtbot, window, prompts, ui_store, csa_md):
    make_deal(window, prompts, "Keep me")
    make_deal(window, prompts, "Acme API access")
    import_and_wait(qtbot, window, [csa_md[0]])
    prompts.confirmations.append(False)
    window.delete_action.trigger()
    title, text = prompts.questions[-1]
    assert "“Acme API access”" in text and "1 round" in text
    assert len(ui_store.deals()) == 2
    window.delete_action.trigger()  # confirmed this time
    assert [d.name for d in ui_store.deals()] == ["Keep me"]
    assert window.current_deal.name == "Keep me"
    prompts.confirmations.append(True)
    window.delete_action.trigger()
    assert ui_store.deals() == [] and window.pages.currentWidget() is window.no_deals_page


def test_rename_changes_the_name_in_the_list(window, prompts, ui_store):
    make_deal(window, prompts)
    prompts.names.append("Acme — renewal 2025")
    window.rename_action.trigger()
    assert [d.name for d in ui_store.deals()] == ["Acme — renewal 2025"]
    assert window.deals_model.data(window.deals_model.index(0)) == "Acme — renewal 2025"
    make_deal(window, prompts, "Other")
    prompts.names.append("acme — RENEWAL 2025")  # taken: the store refuses, the user is told
    window.rename_action.trigger()
    assert prompts.warnings and "already" in prompts.warnings[-1][1]


def test_dropping_files_imports_them_in_order(qtbot, window, prompts, ui_store, csa_md):
    make_deal(window, prompts)
    prompts.rounds.extend([RoundDetails("them", "2022-02-03"), RoundDetails("us", "2024-02-02")])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in csa_md] + [QUrl("https://example.com/x.docx")])
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.tasks.idle, timeout=WAIT):
        window.dropEvent(drop)
    rounds = ui_store.rounds(window.current_deal.id)
    assert [(r.file_name, r.sender, r.date) for r in rounds] == [
        (csa_md[0].name, "them", "2022-02-03"),
        (csa_md[1].name, "us", "2024-02-02"),
    ]
    assert rounds[1].changed_count


def drag_enter(window, urls) -> bool:
    mime = QMimeData()
    mime.setUrls(urls)
    event = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    event.ignore()
    window.dragEnterEvent(event)
    return event.isAccepted()


def test_only_local_files_may_be_dragged_onto_a_deal(qtbot, window, prompts, csa_md):
    local = [QUrl.fromLocalFile(str(csa_md[0]))]
    assert not drag_enter(window, local)  # no deal to import into yet
    make_deal(window, prompts)
    assert drag_enter(window, local)
    assert not drag_enter(window, [QUrl("https://example.com/draft.docx")])
    with qtbot.waitSignal(window.tasks.idle, timeout=WAIT):
        window.import_files([csa_md[0]])
        assert not drag_enter(window, local)  # one import at a time
        assert not window.import_action.isEnabled() and not window.delete_action.isEnabled()
    assert window.import_action.isEnabled()


def test_cancelling_the_round_dialog_imports_nothing(window, prompts, ui_store, csa_md):
    make_deal(window, prompts)
    prompts.rounds.append(None)
    window.import_files([csa_md[0]])
    assert not window.tasks.busy and ui_store.rounds(window.current_deal.id) == []


def test_the_import_button_uses_the_file_dialog(qtbot, window, prompts, ui_store, csa_md):
    make_deal(window, prompts)
    prompts.files.append([csa_md[0]])
    with qtbot.waitSignal(window.tasks.idle, timeout=WAIT):
        window.deal_view.drop_hint.import_button.click()
    assert len(ui_store.rounds(window.current_deal.id)) == 1


def test_tracked_changes_and_comments_are_announced(window, prompts, ui_store):
    from desktop.core.model import Comment, TrackedChange
    from tests.store.conftest import build_draft

    make_deal(window, prompts)
    marks = (
        TrackedChange("insert", "Vendor Counsel", "2024-02-02T10:00:00Z", "twelve", 1),
        TrackedChange("delete", "Our Counsel", "", "six", 1),
    )
    note = (Comment("Vendor Counsel", "", "Why twelve?", "twelve", 1),)
    draft = build_draft(["Fees.", "Cap is twelve months."], tracked_changes=marks, comments=note)
    ui_store.add_round(window.current_deal.id, draft, sender="them", date="2024-02-02")
    window.refresh_deals()
    banner = window.deal_view.marks_banner.text()
    assert banner == "This draft came with 2 tracked changes by Vendor Counsel, Our Counsel · 1 comment."
    assert window.deal_view.select_clause("c2")
    text = window.deal_view.redline.toPlainText()
    assert "Inserted by Vendor Counsel on 2 Feb 2024: twelve" in text and "Why twelve?" in text


def test_closing_mid_import_cancels_and_writes_nothing(qtbot, window, prompts, ui_store, csa_md):
    make_deal(window, prompts)
    window.import_files([csa_md[0]])
    assert window.tasks.busy
    window.close()
    assert not window.tasks.busy
    assert ui_store.rounds(window.current_deal.id) == []


def test_layout_is_remembered_in_the_given_settings(qtbot, window, ui_store, prompts, ui_settings):
    window.resize(760, 560)  # inside the 800×600 offscreen screen, so Qt keeps it
    window.close()
    assert ui_settings.value("window/geometry") is not None
    assert ui_settings.value("window/mainSplitter") is not None
    again = MainWindow(ui_store, prompts=prompts, settings=ui_settings)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (760, 560)


def test_sample_deal_opens_with_four_rounds(qtbot, window, ui_store):
    with qtbot.waitSignal(window.tasks.idle, timeout=4 * WAIT):
        window.no_deals_page.sample_button.click()
    (deal,) = ui_store.deals()
    assert deal.name.startswith("Sample") and deal.round_count == 4
    assert window.deal_view.current_round.round_no == 4
    window.open_sample_deal()  # already there: just selected, nothing imported again
    assert not window.tasks.busy and len(ui_store.rounds(deal.id)) == 4
