"""After an import the clause tree is opened, sized and given its first change in turns after the refresh's (issue 22, part 4).

The refresh's turn only fills the tree's rows; `DealView._after_tree_reset`'s expandAll,
column fitting and first selection each follow in a turn of their own, and the import's task
ends after them, leaving the tree just as a refresh done at once leaves it.
"""

from __future__ import annotations

import sys

import pytest

from desktop.qt import QModelIndex
from desktop.ui.record_change import Changed
from tests.ui.test_round_import_undo import ROUNDS, add_rounds, idle


@pytest.fixture
def deal(window, ui_store):
    deal_id = add_rounds(ui_store, 2)
    ui_store.ensure_deal_positions(deal_id, window.playbook(), ui_store.deal(deal_id).our_side)
    window.refresh_deals(select_deal=deal_id)
    return deal_id


def _tree_state(view) -> tuple:
    """Return what the tree shows: the selected clause, which rows are open, and the two fitted columns' widths."""
    model, tree = view.clause_model, view.clause_tree
    opened: list[bool] = []

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if model.rowCount(index):
                opened.append(tree.isExpanded(index))
                walk(index)

    walk(QModelIndex())
    entry = view.current_entry()
    return (entry.clause.id if entry else None, opened, tree.columnWidth(0), tree.columnWidth(2))


def test_the_import_refresh_leaves_opening_the_tree_to_later_turns(window, deal, prompts, qtbot):
    view = window.deal_view
    at_refresh: list[tuple] = []

    def seen(change) -> None:  # connected after the window's own refresh, so it runs just after it
        if change.kind is Changed.ROUNDS_IMPORTED:
            at_refresh.append((view.tree_finishing, view.clause_tree.currentIndex().isValid()))

    window.record_changed.connect(seen)
    prompts.files.append([ROUNDS[2][0]])
    window.import_action.trigger()
    idle(qtbot, window)
    assert at_refresh == [(True, False)]  # nothing selected yet: the finish waits for its turns
    assert not view.tree_finishing
    after_import = _tree_state(view)
    assert after_import[0] is not None and any(after_import[1])

    window.refresh_deals(select_deal=deal)  # the same round shown again, finished at once
    assert not view.tree_finishing
    assert _tree_state(view) == after_import


def test_a_reset_meanwhile_drops_the_deferred_finish(window, deal, qtbot):
    view = window.deal_view
    view.finish_tree_in_turns(True)
    try:
        window.refresh_deals(select_deal=deal)
    finally:
        view.finish_tree_in_turns(False)
    assert view.tree_finishing
    window.refresh_deals(select_deal=deal)  # a reset done at once before the deferred turns ran
    finished = _tree_state(view)
    assert not view.tree_finishing
    qtbot.wait(50)  # the dropped turns run and change nothing
    assert _tree_state(view) == finished


def test_the_tree_rows_are_built_in_a_turn_before_the_refresh(window, deal, prompts, qtbot, monkeypatch):
    model = window.deal_view.clause_model
    real = type(model)._build
    built_by: list[str] = []

    def build(self, *args):
        built_by.append(sys._getframe(1).f_code.co_name)
        return real(self, *args)

    monkeypatch.setattr(type(model), "_build", build)
    prompts.files.append([ROUNDS[2][0]])
    window.import_action.trigger()
    idle(qtbot, window)
    assert built_by == ["prepare"]  # the refresh's set_round took the prepared rows
    shown = _tree_state(window.deal_view)
    window.refresh_deals(select_deal=deal)
    assert built_by == ["prepare", "set_round"]  # nothing prepared: built at once, the same tree
    assert _tree_state(window.deal_view) == shown
