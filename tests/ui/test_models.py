"""The thin Qt models: every one passes qtmodeltester and shows the store's rows in the lawyer's words."""

from __future__ import annotations

import pytest

from desktop.core.model import Clause, Pair
from desktop.display.words import long_date
from desktop.qt import QModelIndex, Qt
from desktop.store import DealRow, RoundRow
from desktop.ui.clause_tree import ClauseTreeModel
from desktop.ui.models import ROW_ROLE, DealListModel, RoundTableModel


def deal(deal_id: int, name: str, rounds: int = 0) -> DealRow:
    return DealRow(deal_id, name, "Acme AI, Inc.", "customer", "API access", "EU", "2024-01-01", rounds)


def round_row(no: int, changed: int | None, substantive: int | None = None, sender: str = "them") -> RoundRow:
    cosmetic = None if changed is None else changed - (substantive or 0)
    return RoundRow(
        id=no * 10, deal_id=1, round_no=no, sender=sender, date=f"2024-02-0{no}", file_name=f"r{no}.docx",
        kind="docx", sha256="x" * 64, imported_at="", clause_count=40, changed_count=changed,
        substantive_count=substantive, cosmetic_count=cosmetic, tracked_change_count=3 if no == 2 else 0,
        comment_count=0,
    )


def clause(cid: str, number: str, heading: str = "", parent: str | None = None, text: str = "Text.") -> Clause:
    level = number.count(".") + 1
    return Clause(id=cid, label=number, number=number, heading=heading, level=level, parent=parent, text=text)


# Round 1 had 1, 1.1, 1.2, 2, 2.1; round 2 keeps 1 and 1.1, edits 1.2, renumbers 2 → 3,
# adds a new 2 with 2.1, and drops old 2.1.
PREVIOUS = (
    clause("c1", "1", "Definitions"),
    clause("c2", "1.1", parent="c1", text="Agreement means this agreement."),
    clause("c3", "1.2", parent="c1", text="Fees are due in 30 days."),
    clause("c4", "2", "Liability"),
    clause("c5", "2.1", parent="c4", text="Old cap."),
)
CURRENT = (
    clause("c1", "1", "Definitions"),
    clause("c2", "1.1", parent="c1", text="Agreement means this agreement."),
    clause("c3", "1.2", parent="c1", text="Fees are due in 45 days."),
    clause("c4", "2", "Machine Learning"),
    clause("c5", "2.1", parent="c4", text="No training on Customer Data."),
    clause("c6", "3", "Liability"),
)
PAIRS = (
    Pair("unchanged", ("c1",), ("c1",), False),
    Pair("unchanged", ("c2",), ("c2",), False),
    Pair("modified", ("c3",), ("c3",), True, (("=", "Fees are due in "), ("-", "30"), ("+", "45"), ("=", " days."))),
    Pair("inserted", (), ("c4",), True),
    Pair("inserted", (), ("c5",), True),
    Pair("renumbered", ("c4",), ("c6",), False),
    Pair("deleted", ("c5",), (), True),
)


def texts(model, parent=QModelIndex(), column=0) -> list[str]:
    """Return the Display text of `column` for every row under `parent`, depth first."""
    out = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, column, parent)
        out.append(model.data(index))
        out.extend(texts(model, model.index(row, 0, parent), column))
    return out


def test_deal_list_model_passes_the_model_tester_and_lists_names(qtmodeltester):
    model = DealListModel()
    model.set_deals([deal(1, "Acme API"), deal(2, "Beta licence", rounds=3)])
    qtmodeltester.check(model)
    assert texts(model) == ["Acme API", "Beta licence"]
    assert "3 rounds" in model.data(model.index(1), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(1), ROW_ROLE).id == 2
    assert model.row_of(2) == 1 and model.row_of(99) == -1
    model.set_deals([])
    qtmodeltester.check(model)


def test_round_table_model_passes_the_model_tester_and_shows_changes(qtmodeltester):
    model = RoundTableModel()
    model.set_rounds([round_row(1, None), round_row(2, 12, 9, sender="us"), round_row(3, 0)])
    qtmodeltester.check(model)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Round", "From", "Date", "File", "Changes vs previous"]
    assert [model.data(model.index(1, c)) for c in range(5)] == ["2", "Us", "2 Feb 2024", "r2.docx", "12 (9 substantive)"]
    assert model.data(model.index(0, 4)) == "—"
    assert model.data(model.index(0, 1)) == "Them"
    assert model.data(model.index(2, 4)) == "No changes"
    assert "3 Word tracked changes" in model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole)


def test_clause_tree_passes_the_model_tester_in_both_filter_states(qtmodeltester):
    model = ClauseTreeModel()
    qtmodeltester.check(model)  # empty
    model.set_round(CURRENT, PAIRS, PREVIOUS, previous_round=1)
    qtmodeltester.check(model)
    model.set_changed_only(True)
    qtmodeltester.check(model)


def test_clause_tree_follows_clause_parents_and_marks_changes():
    model = ClauseTreeModel()
    model.set_round(CURRENT, PAIRS, PREVIOUS, previous_round=1)
    assert model.rowCount() == 4  # 1, 2, 3 and the dropped group
    first = model.index(0, 0)
    assert model.rowCount(first) == 2
    assert texts(model) == ["1", "1.1", "1.2", "2", "2.1", "3", "Dropped since round 1", "2.1"]
    assert texts(model, column=2) == ["", "", "Modified", "New", "New", "Renumbered", None, "Dropped"]
    assert texts(model, column=1)[0] == "Definitions"
    dropped = model.index(0, 0, model.index(3, 0))
    assert model.entry(dropped).dropped
    assert model.data(dropped, Qt.ItemDataRole.FontRole).strikeOut()
    assert model.is_group(model.index(3, 0))


def test_changed_filter_keeps_changed_clauses_and_their_ancestors():
    model = ClauseTreeModel()
    model.set_round(CURRENT, PAIRS, PREVIOUS, previous_round=1, changed_only=True)
    # 1 stays (grey) because its child 1.2 changed; 1.1 is hidden.
    assert texts(model) == ["1", "1.2", "2", "2.1", "3", "Dropped since round 1", "2.1"]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is not None
    model.set_changed_only(False)
    assert "1.1" in texts(model)


def test_find_and_first_changed_respect_the_filter():
    model = ClauseTreeModel()
    model.set_round(CURRENT, PAIRS, PREVIOUS, previous_round=1, changed_only=True)
    assert model.entry(model.first_changed()).clause.id == "c3"
    assert not model.find("c2").isValid()  # unchanged 1.1 is filtered out
    assert model.entry(model.find("c5", dropped=True)).clause.text == "Old cap."
    assert model.entry(model.find("c5")).clause.text.startswith("No training")


def test_round_one_has_no_markers_and_nothing_dropped(qtmodeltester):
    model = ClauseTreeModel()
    model.set_round(PREVIOUS)
    qtmodeltester.check(model)
    assert texts(model, column=2) == [""] * 5
    assert not model.first_changed().isValid()


@pytest.mark.parametrize(("iso", "shown"), [("2024-02-02", "2 Feb 2024"), ("someday", "someday")])
def test_long_date(iso, shown):
    assert long_date(iso) == shown
