"""The positions grid's model and data: qtmodeltester, the words and symbols of a cell, order, filters, counts."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from desktop.core.model import Evidence, Finding
from desktop.core.playbook import Playbook, PositionSpec, ValueSpec
from desktop.display.positions import (
    STATUS_MARKS,
    RoundColumn,
    build_rows,
    counts_text,
    position_words,
    status_counts,
    status_text,
    wrap_title,
)
from desktop.qt import QModelIndex, Qt
from desktop.ui.positions_model import (
    ASK_COLUMN,
    CELL_ROLE,
    FIRST_ROUND_COLUMN,
    OUTCOME_COLUMN,
    SUGGESTED_ROLE,
    PositionsTableModel,
    status_background,
)


@dataclass(frozen=True)
class Position:  # the shape of the store's DealPosition
    key: str
    title: str
    ask: str = ""
    fallback: str = ""
    walk_away: str = ""
    ordinal: int = 0


@dataclass(frozen=True)
class Status:  # the shape of the store's PositionStatus
    status: str
    reason: str
    suggested: bool


PLAYBOOK = Playbook(
    "test",
    (
        PositionSpec("liability_cap", "Liability cap", "Liability", "How much either side can recover.",
                     values=(ValueSpec("cap_months_of_fees", "number", "Cap (months of fees)", "months"),), first=True),
        PositionSpec("ip_indemnity", "IP indemnity", "Liability", "", first=True),
        PositionSpec("audit_rights", "Audit rights", "Performance", "", first=True),
        PositionSpec("training_use", "Training use", "Data", ""),
        PositionSpec("deprecation", "Deprecation notice", "Performance", ""),
        PositionSpec("governing_law", "Governing law", "General", ""),
    ),
)
ROUNDS = (RoundColumn(11, 1, "them", "2022-02-01", "r1.docx"), RoundColumn(12, 2, "us", "2022-02-03", "r2.docx"),
          RoundColumn(13, 3, "them", "2024-02-02", "r3.docx"))


def finding(key: str, clause: str, **values) -> Finding:
    return Finding(key, key, (clause,), (Evidence(clause, 0, 10),), values)


def rows():
    # The store lists positions in its own order; the grid puts the named three first, then by group.
    positions = [Position(k, PLAYBOOK.get(k).title, ask="24 months" if k == "liability_cap" else "", ordinal=n)
                 for n, k in enumerate(("governing_law", "training_use", "audit_rights", "deprecation",
                                        "liability_cap", "ip_indemnity"))]
    findings = {
        11: [finding("liability_cap", "c1", cap_months_of_fees=12), finding("training_use", "c2")],
        12: [finding("liability_cap", "c1", cap_months_of_fees=24), finding("training_use", "c2")],
        13: [finding("liability_cap", "c1", cap_months_of_fees=18), finding("training_use", "c2")],
    }
    statuses = {
        ("liability_cap", 11): Status("open", "First appears.", True),
        ("liability_cap", 12): Status("open", "Our counter.", False),
        ("liability_cap", 13): Status("compromise", "Cap went from 12 to 18 months.", True),
        ("training_use", 13): Status("won", "Unchanged.", False),
        ("audit_rights", 13): Status("not_addressed", "Not in their draft.", True),
        ("ip_indemnity", 13): Status("conceded", "They narrowed it.", False),
    }
    numbers = {draft: {"c1": "8.1", "c2": "1.6"} for draft in (11, 12, 13)}
    return build_rows(positions, PLAYBOOK, ROUNDS, findings, statuses, numbers, {12: frozenset({"c2"})})


@pytest.fixture
def model():
    model = PositionsTableModel()
    model.set_grid(ROUNDS, tuple(rows()))
    return model


def test_the_model_passes_the_model_tester_empty_full_and_filtered(qtmodeltester, model):
    qtmodeltester.check(PositionsTableModel())
    qtmodeltester.check(model)
    model.set_filters(open_only=False, changed_only=False, waiting_only=True)
    qtmodeltester.check(model)
    model.set_focus(0)
    model.set_filters(open_only=True, changed_only=True, waiting_only=False)
    qtmodeltester.check(model)


def test_the_three_named_positions_come_first_then_by_group(model):
    order = [model.headerData(row, Qt.Orientation.Vertical) for row in range(model.rowCount())]
    # After the named three (starred), the playbook's groups in order: Performance, Data, General.
    assert order == ["★ Liability cap", "★ IP indemnity", "★ Audit rights", "Deprecation notice", "Training use",
                     "Governing law"]
    tip = model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Liability cap — Liability\nOne of the three positions you named first.")


def test_columns_are_our_ask_the_outcome_then_one_per_round(model):
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Our ask", "Outcome\nafter R3", "R1 · Them\n1 Feb 2022", "R2 · Us\n3 Feb 2022",
                       "R3 · Them\n2 Feb 2024"]
    assert model.data(model.index(0, ASK_COLUMN)) == "24 months"
    assert model.data(model.index(1, ASK_COLUMN)) == "—"
    # The Outcome column is the final round's cell.
    assert model.data(model.index(0, OUTCOME_COLUMN), CELL_ROLE) == model.data(model.index(0, 4), CELL_ROLE)


def test_a_cell_shows_the_value_and_the_status_in_words_and_symbol(model):
    cap = model.index(0, FIRST_ROUND_COLUMN + 1)
    # No describe_values text for a spec-less value falls back to the clause number.
    lines = model.data(cap).split("\n")
    assert len(lines) == 2 and lines[1] == "○ open"
    assert not model.data(cap, SUGGESTED_ROLE)
    assert model.data(cap, Qt.ItemDataRole.BackgroundRole) == status_background("open", False)


def test_a_suggestion_looks_different_from_a_confirmed_status(model):
    suggested = model.index(0, FIRST_ROUND_COLUMN + 2)
    confirmed = model.index(4, FIRST_ROUND_COLUMN + 2)
    assert model.data(suggested).endswith("≈ compromise?")
    assert model.data(confirmed).endswith("✓ won")
    assert model.data(suggested, Qt.ItemDataRole.FontRole).italic()
    assert model.data(confirmed, Qt.ItemDataRole.FontRole) is None
    assert model.data(suggested, Qt.ItemDataRole.BackgroundRole) != status_background("compromise", False)
    tip = model.data(suggested, Qt.ItemDataRole.ToolTipRole)
    assert "Suggested: compromise. Cap went from 12 to 18 months." in tip and "Press Enter to confirm" in tip


def test_every_status_reads_without_colour():
    for status, mark in STATUS_MARKS.items():
        assert status_text(status).startswith(mark + " ")
        assert status_text(status, True).endswith("?")
    assert status_text("not_addressed") == "– not addressed"
    assert status_text("not_addressed", short=True) == "– n/a"
    assert status_text("") == ""


def test_filters_speak_of_the_focus_round(model):
    model.set_filters(open_only=False, changed_only=False, waiting_only=True)
    shown = [model.position(model.index(r, 0)).key for r in range(model.rowCount())]
    assert shown == ["liability_cap", "audit_rights"]
    model.set_filters(open_only=True, changed_only=False, waiting_only=False)
    assert model.rowCount() == 0  # nothing is open in round 3
    model.set_focus(1)
    assert [model.position(model.index(r, 0)).key for r in range(model.rowCount())] == ["liability_cap"]
    model.set_filters(open_only=False, changed_only=True, waiting_only=False)
    # Round 2: the cap moved from 12 to 24 months; the training clause changed substantively.
    assert [model.position(model.index(r, 0)).key for r in range(model.rowCount())] == ["liability_cap", "training_use"]
    tip = model.headerData(FIRST_ROUND_COLUMN + 1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip == "Round 2, our draft of 3 Feb 2022: r2.docx — the round the counts and filters speak of"


def test_counts_name_each_status_of_the_round():
    grid = rows()
    assert counts_text(status_counts(grid, 2), 2) == (
        "won 1 · conceded 1 · compromise 1 · not addressed 1 · 2 suggestions waiting"
    )
    assert counts_text(status_counts(grid, 0)) == "open 1"
    assert counts_text({}) == "No statuses recorded yet"


def test_update_rows_keeps_the_rows_when_only_statuses_change(qtbot, model):
    changed = rows()
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.dataChanged):
        model.update_rows(tuple(changed))
    model.set_filters(open_only=False, changed_only=False, waiting_only=True)
    confirmed = [
        replace(r, cells=tuple(replace(c, suggested=False) for c in r.cells)) if r.key == "audit_rights" else r
        for r in changed
    ]
    with qtbot.waitSignal(model.modelReset):
        model.update_rows(tuple(confirmed))
    assert model.rowCount() == 1


def test_find_and_the_words_of_a_title(model):
    assert model.find("training_use", 12) == model.index(4, FIRST_ROUND_COLUMN + 1)
    assert model.find("training_use").column() == ASK_COLUMN
    assert model.find("nothing") == QModelIndex()
    assert position_words("Liability cap") == "liability cap"
    assert position_words("IP indemnity") == "IP indemnity"
    assert wrap_title("Effects of termination and transition") == "Effects of termination\nand transition"
    assert wrap_title("Prompt and output confidentiality obligations", 20) == "Prompt and output\nconfidentiality obl…"
