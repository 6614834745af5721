"""Cosmetic changes in the clause tree: hidden by default, shown on request, remembered, always counted."""

from __future__ import annotations

from desktop.qt import QModelIndex
from desktop.ui.clause_tree import ClauseTreeModel
from desktop.ui.main_window import MainWindow
from tests.ui.test_models import CURRENT, PAIRS, PREVIOUS, texts
from tests.ui.three_rounds import add_three_rounds


def shown(model, parent=QModelIndex()):
    out = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if model.entry(index) is not None:
            out.append((model.entry(index), model.data(model.index(row, 2, parent))))
        out.extend(shown(model, index))
    return out


def test_the_model_reads_a_cosmetic_change_as_unchanged_when_hidden(qtmodeltester):
    model = ClauseTreeModel()
    model.set_round(CURRENT, PAIRS, PREVIOUS, previous_round=1, changed_only=True, show_cosmetic=False)
    qtmodeltester.check(model)
    assert "3" not in texts(model)  # the renumbering 2 → 3 is cosmetic
    model.set_changed_only(False)
    assert texts(model, column=2)[texts(model).index("3")] == ""
    model.set_show_cosmetic(True)
    assert texts(model, column=2)[texts(model).index("3")] == "Renumbered"
    model.set_changed_only(True)
    assert "3" in texts(model)
    qtmodeltester.check(model)


def test_the_window_hides_cosmetic_changes_until_asked_and_counts_both(window, ui_store, ui_settings, prompts, qtbot):
    deal_id = add_three_rounds(ui_store)
    window.refresh_deals(select_deal=deal_id)
    view = window.deal_view
    row = view.current_round
    assert not view.show_cosmetic.isChecked() and view.changed_only.isChecked()
    counts = f"{row.substantive_count} substantive · {row.cosmetic_count} cosmetic"
    assert view.counts_label.text() == counts
    hidden = shown(view.clause_model)
    marked = [(entry, words) for entry, words in hidden if words]
    assert marked and all(entry.pair.substantive for entry, _ in marked)
    assert any(entry.change and not entry.pair.substantive for entry, _ in hidden)  # kept only as an ancestor

    window.deal_view.show_cosmetic_action.trigger()  # View ▸ Show cosmetic changes
    assert view.show_cosmetic.isChecked()
    visible = shown(view.clause_model)
    assert len(visible) > len(hidden)
    assert any(words and not entry.pair.substantive for entry, words in visible)
    assert view.counts_label.text() == counts
    assert ui_settings.value("view/showCosmeticChanges", type=bool) is True

    again = MainWindow(ui_store, prompts=prompts, settings=ui_settings)
    qtbot.addWidget(again)
    assert again.deal_view.show_cosmetic.isChecked() and again.deal_view.show_cosmetic_action.isChecked()
    view.show_cosmetic.setChecked(False)
    assert len(shown(view.clause_model)) == len(hidden)
    assert ui_settings.value("view/showCosmeticChanges", type=bool) is False
