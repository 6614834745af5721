"""A round written in steps (Store.add_round_steps): one transaction held across the window's turns.

The same rows as add_round in one go; between the steps every other write of the Store is
refused (StoreBusy, or SQLite's own refusal for a write that bypasses the Store's
transactions); closing the steps early, an error in a step or closing the Store leaves
nothing of the round (issue 22, part 4).
"""

from __future__ import annotations

import sqlite3

import pytest

from desktop.core.pipeline import compare_drafts, load_draft
from desktop.samples import sample_rounds
from desktop.store import Store, StoreBusy, round_rows
from desktop.store import threads_links as store_threads_links
from tests.store.record_dump import dump, without_times

ROUNDS = sample_rounds()


@pytest.fixture(scope="module")
def drafts():
    first, second = (load_draft(path) for path, _, _ in ROUNDS[:2])
    return first, second, compare_drafts(first, second)


def _deal(store: Store, drafts) -> int:
    first, _, _ = drafts
    deal_id = store.create_deal("Steps", counterparty="Vendor")
    store.add_round(deal_id, first, sender="them", date="2024-01-02")
    return deal_id


def _steps(store: Store, deal_id: int, drafts):
    _, second, comparison = drafts
    return store.add_round_steps(deal_id, second, sender="us", date="2024-02-03", comparison=comparison)


def _run(steps) -> tuple[int, int]:
    """Return the generator's value and how many turns it took."""
    turns = 0
    while True:
        try:
            next(steps)
        except StopIteration as stop:
            return stop.value, turns
        turns += 1


def _stamped(store: Store) -> dict:
    rows = without_times(store, dump(store))
    at = [row[1] for row in store._conn.execute("PRAGMA table_info(drafts)")].index("imported_at")
    rows.pop("_sqlite_migrations")  # stamped when each database was made
    return {**rows, "drafts": [row[:at] + row[at + 1:] for row in rows["drafts"]]}


def test_the_steps_store_the_same_rows_as_add_round_in_one_go(drafts, monkeypatch):
    _, second, comparison = drafts
    whole, stepped = Store(None), Store(None)
    monkeypatch.setattr(round_rows, "CLAUSES_PER_STEP", 100_000)  # the clauses in one piece
    whole_id = whole.add_round(_deal(whole, drafts), second, sender="us", date="2024-02-03", comparison=comparison)
    monkeypatch.setattr(round_rows, "CLAUSES_PER_STEP", 7)  # many pieces, texts shared between them
    stepped_id, turns = _run(_steps(stepped, _deal(stepped, drafts), drafts))
    assert stepped_id == whole_id
    assert turns > len(second.clauses) // 7
    assert _stamped(stepped) == _stamped(whole)
    assert stepped.clauses(stepped_id) == second.clauses
    assert not stepped.writing_round


def test_clause_chunks_give_each_piece_every_text_it_uses(drafts):
    rows = round_rows.prepare_round(drafts[1]).clauses
    pieces = round_rows.clause_chunks(rows, 5)
    assert sum((piece.rows for piece in pieces), ()) == rows.rows
    for piece in pieces:
        assert {row[-1] for row in piece.rows} == {digest for digest, _ in piece.texts}
    assert round_rows.clause_chunks(rows, len(rows.rows)) == [rows]


def test_every_other_write_is_refused_between_the_steps_and_allowed_after(drafts):
    store = Store(None)
    deal_id = _deal(store, drafts)
    steps = _steps(store, deal_id, drafts)
    next(steps)
    next(steps)
    assert store.writing_round
    with pytest.raises(StoreBusy):
        store.rename_deal(deal_id, "Other name")
    with pytest.raises(StoreBusy):
        store.create_deal("Another deal")
    with pytest.raises(StoreBusy):
        store.add_round(deal_id, drafts[1], sender="us", date="2024-02-03")
    with pytest.raises(StoreBusy):
        store.add_round_steps(deal_id, drafts[1], sender="us", date="2024-02-03")
    with pytest.raises(StoreBusy):
        with store.writing():
            pass
    with pytest.raises(sqlite3.DatabaseError, match="not authorized"):  # a write past the Store's transactions
        store._conn.execute("UPDATE deals SET name = 'x'")
    assert [deal.name for deal in store.deals()] == ["Steps"]  # reading goes on
    draft_id, _ = _run(steps)
    assert [row.id for row in store.rounds(deal_id)][-1] == draft_id
    store.rename_deal(deal_id, "Renamed")  # allowed again
    assert store.deal(deal_id).name == "Renamed"


@pytest.mark.parametrize("when", ["first step", "midway", "before the commit"])
def test_closing_the_steps_early_leaves_the_database_as_it_was(drafts, tmp_path, when):
    probe = Store(None)
    total = _run(_steps(probe, _deal(probe, drafts), drafts))[1]
    store = Store(tmp_path / "deals.db")
    deal_id = _deal(store, drafts)
    before = dump(store)
    steps = _steps(store, deal_id, drafts)
    for _ in range({"first step": 1, "midway": total // 2, "before the commit": total}[when]):
        next(steps)
    assert store.writing_round
    steps.close()  # Cancel, or the window closing
    assert not store.writing_round and not store._conn.in_transaction
    assert dump(store) == before
    store.rename_deal(deal_id, "Renamed")  # the Store writes again
    store.close()


def test_an_error_in_a_step_rolls_the_round_back(drafts, monkeypatch):
    store = Store(None)
    deal_id = _deal(store, drafts)
    before = dump(store)

    def broken(*args, **kwargs):
        raise RuntimeError("the links failed")

    monkeypatch.setattr(store_threads_links, "link_round", broken)
    with pytest.raises(RuntimeError, match="the links failed"):
        _run(_steps(store, deal_id, drafts))
    assert not store.writing_round and not store._conn.in_transaction
    assert dump(store) == before


def test_closing_the_store_mid_way_keeps_nothing_of_the_round(drafts, tmp_path):
    path = tmp_path / "deals.db"
    store = Store(path)
    deal_id = _deal(store, drafts)
    before = dump(store)
    steps = _steps(store, deal_id, drafts)
    next(steps)
    next(steps)
    store.close()
    steps.close()  # after the Store: nothing left to roll back, and no error
    with Store(path) as again:
        assert dump(again) == before
