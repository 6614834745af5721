"""The Compare window on real drafts: picking them, synchronised panes, F8 / Shift+F8, filters, combined mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.pipeline import load_draft
from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.core.positions import find_positions
from desktop.qt import QAbstractItemView, QDialog, QDialogButtonBox, Qt
from desktop.ui import compare_picker
from desktop.ui.compare_models import ChangeListModel, CompareRowsModel
from desktop.ui.compare_paint import CURRENT_ROLE, row_document
from desktop.ui.compare_picker import ComparePicker, DraftSource
from desktop.ui.compare_window import CompareWindow

DATA = Path(__file__).parents[1] / "data"
CSA_V1 = DATA / "md" / "commonpaper-csa-v1.0-final-2022-02-03.md"
CSA_V2 = DATA / "md" / "commonpaper-csa-v2.0-2024-02-02.md"
SAAS = DATA / "md" / "pairs" / "saas-cloud-terms"
PLAYBOOK = load_playbook(default_playbook_path())


@pytest.fixture
def compare_window(qtbot, ui_store, prompts):
    """Return a shown Compare window over the test store, its file dialog answering from `prompts.files`."""
    window = CompareWindow(ui_store, prompts, lambda: PLAYBOOK, ask_file=lambda title: prompts.files.pop(0))
    qtbot.addWidget(window)
    window.resize(1300, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    assert not window.tasks.busy, "the test left a comparison running"
    window.close()
    assert not prompts.crashes, f"the window showed a crash dialog: {prompts.crashes}"


def compared(qtbot, window: CompareWindow, a: DraftSource, b: DraftSource) -> CompareWindow:
    """Compare `a` with `b` in `window`, wait until the view shows them and both panes are laid out."""
    with qtbot.waitSignal(window.shown, timeout=60_000):
        window.compare(a, b)
    laid_out(qtbot, window)
    return window


def laid_out(qtbot, window: CompareWindow) -> None:
    """Wait until the batched layout has reached the last row of every pane on screen."""
    view = window.view
    last = view.rows_model.index(view.rows_model.rowCount() - 1)
    panes = [view.pane_combined] if view.combined else [view.pane_a, view.pane_b]
    qtbot.waitUntil(lambda: all(p.visualRect(last).isValid() for p in panes), timeout=10_000)


def files(a: Path, b: Path) -> tuple[DraftSource, DraftSource]:
    return DraftSource(a.name, path=a), DraftSource(b.name, path=b)


def on_screen(pane, number: int) -> bool:
    """Return True when row `number` is at least partly visible in `pane`."""
    rect = pane.visualRect(pane.model().index(number, 0))
    return rect.isValid() and rect.intersects(pane.viewport().rect())


@pytest.fixture
def csa(qtbot, compare_window):
    """Return the Compare window showing two rounds of the Common Paper CSA from disk."""
    return compared(qtbot, compare_window, *files(CSA_V1, CSA_V2))


def test_the_models_pass_the_model_tester(qtmodeltester, csa):
    qtmodeltester.check(csa.view.rows_model)
    qtmodeltester.check(csa.view.changes_model)
    qtmodeltester.check(CompareRowsModel())
    qtmodeltester.check(ChangeListModel())


def test_two_files_from_disk_are_compared_through_the_picker_and_nothing_is_stored(qtbot, compare_window, prompts,
                                                                                     ui_store):
    prompts.files = [CSA_V1, CSA_V2]
    picker = compare_window.picker()
    qtbot.addWidget(picker)
    ok = picker.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # an empty store: both sides still need a file
    picker.side_a.choose.click()
    assert not ok.isEnabled()
    picker.side_b.choose.click()
    assert ok.isEnabled()
    a, b = picker.sources()
    assert (a.path, b.path) == (CSA_V1, CSA_V2)
    view = compared(qtbot, compare_window, a, b).view
    assert view.title_a.text().endswith(CSA_V1.name) and view.title_b.text().endswith(CSA_V2.name)
    assert not view.prepared.by_topic  # two versions of one agreement: a redline
    assert ui_store.deals() == []


def test_clauses_sit_on_the_same_row_with_a_gap_where_one_side_has_none(csa):
    view = csa.view
    rows = view.rows_model.rows
    for number in range(len(rows)):
        index = view.rows_model.index(number)
        assert view.pane_a.visualRect(index) == view.pane_b.visualRect(index)
    inserted = next(n for n, row in enumerate(rows) if row.right and not row.left)
    dropped = next(n for n, row in enumerate(rows) if row.left and not row.right)
    assert view.sizes.document(inserted, rows[inserted], "a") is None  # drawn as a hatched gap
    assert view.sizes.document(dropped, rows[dropped], "b") is None
    assert view.sizes.document(inserted, rows[inserted], "b") is not None


def test_scrolling_one_pane_brings_the_other_to_the_same_clause(qtbot, csa):
    view = csa.view
    middle = view.rows_model.rowCount() // 2
    view.pane_a.scrollTo(view.rows_model.index(middle), QAbstractItemView.ScrollHint.PositionAtTop)
    assert view.pane_a.top_row() == middle
    assert view.pane_b.top_row() == middle
    bar_b = view.pane_b.verticalScrollBar()
    bar_b.setValue(bar_b.value() + 500)
    assert view.pane_a.top_row() == view.pane_b.top_row() > middle
    index = view.rows_model.index(view.pane_b.top_row())
    assert view.pane_a.visualRect(index).top() == view.pane_b.visualRect(index).top()


def test_f8_and_shift_f8_walk_the_changes_and_both_panes_show_the_current_one(qtbot, csa):
    view = csa.view
    listed = view.changes_model.row_numbers()
    assert view.next_change_action.shortcut().toString() == "F8"
    assert view.previous_change_action.shortcut().toString() == "Shift+F8"
    view.pane_a.setFocus()
    for expected in listed[:3]:
        qtbot.keyClick(view.pane_a, Qt.Key.Key_F8)
        assert view.rows_model.current == expected
    view.pane_a.scrollToBottom()  # far away: the next jump must bring the change back into view
    qtbot.keyClick(view.pane_a, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert view.rows_model.current == listed[1]
    assert view.rows_model.index(listed[1]).data(CURRENT_ROLE) is True  # both panes paint it highlighted
    assert view.rows_model.index(listed[2]).data(CURRENT_ROLE) is False
    qtbot.waitUntil(lambda: on_screen(view.pane_a, listed[1]) and on_screen(view.pane_b, listed[1]),
                    timeout=20_000)
    assert view.change_list.selectionModel().selectedRows()[0].row() == 1


def test_substantive_only_lists_and_walks_only_substantive_changes(qtbot, csa):
    view = csa.view
    everything = view.changes_model.rowCount()
    view.substantive_only.setChecked(True)
    listed = [view.rows_model.rows[n] for n in view.changes_model.row_numbers()]
    expected = [row for row in view.rows_model.rows if row.changed and row.pair.substantive]
    assert listed == expected and 0 < len(listed) < everything
    view.pane_a.setFocus()
    for _ in range(len(listed)):
        qtbot.keyClick(view.pane_a, Qt.Key.Key_F8)
        assert view.rows_model.rows[view.rows_model.current].substantive
    assert not view.go_to_change(forward=True)  # the end of the list


def test_one_position_lists_only_the_changes_to_its_clauses(qtbot, csa):
    view = csa.view
    at = next(i for i in range(view.position_filter.count()) if view.position_filter.itemText(i)
              and view.position_filter.itemData(i) is not None and view.position_filter.itemData(i).key == "liability_cap")
    view.position_filter.setCurrentIndex(at)
    comparison = view.prepared.comparison
    cap_a = {c for f in find_positions(comparison.clauses_a, PLAYBOOK) if f.key == "liability_cap" for c in f.clauses}
    cap_b = {c for f in find_positions(comparison.clauses_b, PLAYBOOK) if f.key == "liability_cap" for c in f.clauses}
    listed = [view.rows_model.rows[n] for n in view.changes_model.row_numbers()]
    assert listed, "the liability cap changed between the two CSA versions"
    assert all(cap_a.intersection(row.pair.a) or cap_b.intersection(row.pair.b) for row in listed)
    missed = [row for row in view.rows_model.rows if row.changed and row not in listed
              and (cap_a.intersection(row.pair.a) or cap_b.intersection(row.pair.b))]
    assert missed == []
    view.pane_a.setFocus()
    qtbot.keyClick(view.pane_a, Qt.Key.Key_F8)
    assert view.rows_model.rows[view.rows_model.current] is listed[0]
    view.position_filter.setCurrentIndex(0)
    assert view.changes_model.rowCount() > len(listed)


def test_the_combined_mode_shows_one_redline_pane_at_the_same_place(qtbot, csa):
    view = csa.view
    middle = view.rows_model.rowCount() // 2

    def middle_at_top() -> bool:
        # The panes lay rows out in batches: a scroll past what is laid out stops short, so retry.
        view.pane_a.scrollTo(view.rows_model.index(middle), QAbstractItemView.ScrollHint.PositionAtTop)
        return view.pane_a.top_row() == middle

    qtbot.waitUntil(middle_at_top, timeout=20_000)
    view.combined_action.trigger()
    assert view.combined and view.stack.currentIndex() == 1
    assert view.pane_a.model() is None and view.pane_combined.model() is view.rows_model
    qtbot.waitUntil(lambda: view.pane_combined.top_row() == middle, timeout=20_000)
    modified = next(n for n, row in enumerate(view.rows_model.rows)
                    if {op for op, _ in row.pair.diff} >= {"-", "+"})
    document = row_document(view.rows_model.rows[modified], "combined")
    formats = [fragment_format for fragment_format in _char_formats(document)]
    assert any(f.fontStrikeOut() for f in formats) and any(f.fontUnderline() for f in formats)
    view.pane_combined.setFocus()
    qtbot.keyClick(view.pane_combined, Qt.Key.Key_F8)
    first = view.changes_model.row_numbers()[0]
    assert view.rows_model.current == first
    qtbot.waitUntil(lambda: on_screen(view.pane_combined, first), timeout=20_000)
    view.side_by_side.setChecked(True)
    assert view.pane_a.model() is view.rows_model and view.pane_combined.model() is None


def _char_formats(document):
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            yield it.fragment().charFormat()
            it += 1
        block = block.next()


def test_two_stored_rounds_of_two_deals_are_compared_without_writing(qtbot, compare_window, ui_store):
    first = ui_store.create_deal("Acme AI — 2022")
    second = ui_store.create_deal("Beta Cloud — 2024")
    old = ui_store.add_round(first, load_draft(CSA_V1), sender="them", date="2022-02-03")
    new = ui_store.add_round(second, load_draft(CSA_V2), sender="them", date="2024-02-02")
    before = [ui_store.rounds(d) for d in (first, second)]
    picker = compare_window.picker()
    qtbot.addWidget(picker)
    picker.side_a.select(first, old)
    picker.side_b.select(second, new)
    a, b = picker.sources()
    assert (a.draft_id, b.draft_id) == (old, new)
    assert a.name == "Acme AI — 2022 — round 1"
    view = compared(qtbot, compare_window, a, b).view
    assert view.prepared.comparison.clauses_a == ui_store.clauses(old)
    assert view.changes_model.rowCount() > 0
    assert [ui_store.rounds(d) for d in (first, second)] == before


def test_the_picker_offers_the_selected_deals_last_two_rounds(qtbot, compare_window, ui_store):
    deal = ui_store.create_deal("Sample")
    r1 = ui_store.add_round(deal, load_draft(CSA_V1), sender="them", date="2022-02-03")
    r2 = ui_store.add_round(deal, load_draft(CSA_V2), sender="us", date="2024-02-02")
    picker = compare_window.picker(deal)
    qtbot.addWidget(picker)
    a, b = picker.sources()
    assert (a.draft_id, b.draft_id) == (r1, r2)


def test_a_bad_file_shows_one_dialog_and_nothing_else(qtbot, compare_window, prompts, tmp_path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 this is not a Word file")
    with qtbot.waitSignal(compare_window.tasks.idle, timeout=30_000):
        compare_window.compare(*files(bad, CSA_V2))
    assert len(prompts.warnings) == 1
    assert prompts.warnings[0][0] == "The drafts could not be compared"
    assert compare_window.view.rows_model.rowCount() == 0


def test_two_vendors_papers_are_matched_by_topic_and_labelled(qtbot, compare_window):
    view = compared(qtbot, compare_window, *files(SAAS / "commonpaper-csa-v2.md",
                                                  SAAS / "bonterms-cloud-terms-v1.0.md")).view
    assert view.prepared.by_topic
    assert view.note.isVisible() and "matched by topic" in view.note.text()
    words = {row.words for row in view.rows_model.rows if row.changed}
    assert words <= {"Same topic", "Partial", "Only in A", "Only in B"} and "Same topic" in words
    column = [view.changes_model.index(r, 2).data() for r in range(view.changes_model.rowCount())]
    assert "Same topic" in column
    # Different vendors' wording is not a redline: a topic row shows both texts unmarked.
    only_b = next(row for row in view.rows_model.rows if row.words == "Only in B")
    assert only_b.right_text == (("=", "\n".join(c.text for c in only_b.right if c.text)),)
    assert not view.substantive_only.isEnabled()


def test_the_main_window_opens_a_compare_window_that_closes_with_it(window, qtbot, monkeypatch):
    assert window.compare_action.shortcut().toString() == "Ctrl+Shift+C"
    monkeypatch.setattr(ComparePicker, "exec", lambda self: QDialog.DialogCode.Rejected)
    window.compare_action.trigger()
    assert [w for w in window.findChildren(CompareWindow) if w.isVisible()] == []  # cancelled: no window

    answers = iter([str(CSA_V1), str(CSA_V2)])
    monkeypatch.setattr(compare_picker.QFileDialog, "getOpenFileName",
                        staticmethod(lambda *args: (next(answers), "")))

    def choose_two_files(picker: ComparePicker) -> QDialog.DialogCode:
        picker.side_a.choose.click()
        picker.side_b.choose.click()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ComparePicker, "exec", choose_two_files)
    window.compare_action.trigger()
    opened = [w for w in window.findChildren(CompareWindow) if w.isVisible()]
    assert len(opened) == 1 and opened[0].isWindow()
    qtbot.waitUntil(lambda: opened[0].view.rows_model.rowCount() > 0, timeout=60_000)
    assert opened[0].view.title_b.text().endswith(CSA_V2.name)
    window.close()
    assert not opened[0].isVisible()
