"""Correcting a round's sender, date and label, a deal's details and the rounds' order, and undoing it."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.core.model import Suggestion
from desktop.core.pipeline import compare_drafts
from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.core.reassess import new_predecessors, reassess_rounds
from desktop.core.rounds import prepare_rounds
from desktop.samples import create_sample_deal, sample_round_files
from desktop.store import PositionStatus, Store, StoreError
from desktop.store.backup import list_backups
from tests.store.threads_helpers import AUDIT, CAP, DATA, FEES, TERM, Deal, same

REPO = Path(__file__).resolve().parents[2]


def table_rows(store: Store) -> dict[str, list[tuple]]:
    """Return every row the corrections may touch, table by table, in a stable order."""
    out = {}
    for table in ("deals", "drafts", "pairs", "pair_runs", "findings", "position_statuses", "thread_links"):
        columns = [row[1] for row in store._conn.execute(f"PRAGMA table_info({table})")
                   if row[1] not in ("updated_at", "id") or table in ("drafts", "deals") and row[1] == "id"]
        listed = ", ".join(columns)
        out[table] = sorted(store._conn.execute(f"SELECT {listed} FROM {table}").fetchall(), key=repr)
    return out


def test_a_database_from_before_labels_upgrades_and_its_rounds_have_no_label(tmp_path, make_draft):
    old = tmp_path / "migrations-0006"
    old.mkdir()
    for sql in sorted((REPO / "db" / "migrations").glob("*.sql"))[:6]:
        shutil.copy(sql, old)
    path = tmp_path / "counterdraft.db"
    with Store(path, migrations_dir=old) as before:
        deal = before.create_deal("Acme API")
        draft_id = before.add_round(deal, make_draft(["Liability is capped."]), sender="them", date="2024-02-01")
        assert before.round(draft_id).label == ""
        before.set_round_details(draft_id, sender="us", date="2024-02-03", label="ignored without the column")
    with Store(path) as after:
        row = after.round(draft_id)
        assert (row.sender, row.date, row.label) == ("us", "2024-02-03", "")
        after.set_round_details(draft_id, sender="us", date="2024-02-03", label="  Vendor's first draft ")
        assert after.round(draft_id).label == "Vendor's first draft"
    (backup,) = [b for b in list_backups(path) if b.kind == "pre-migration"]
    columns = [row[1] for row in sqlite3.connect(backup.path).execute("PRAGMA table_info(drafts)")]
    assert "label" not in columns


def test_round_details_are_set_and_checked(store, make_draft):
    deal = store.create_deal("Acme API")
    draft_id = store.add_round(deal, make_draft(["Liability is capped."]), sender="them", date="2024-02-01")
    store.set_round_details(draft_id, sender="us", date="2024-03-04", label="Our markup")
    row = store.round(draft_id)
    assert (row.sender, row.date, row.label, row.title) == ("us", "2024-03-04", "Our markup", "")
    with pytest.raises(StoreError, match="YYYY-MM-DD"):
        store.set_round_details(draft_id, sender="us", date="4 March", label="")
    with pytest.raises(ValueError):
        store.set_round_details(draft_id, sender="someone", date="2024-03-04", label="")
    with pytest.raises(StoreError, match="no longer exists"):
        store.set_round_details(draft_id + 1, sender="us", date="2024-03-04", label="")


def test_deal_details_are_set_and_a_taken_name_is_refused(store):
    deal = store.create_deal("Acme API", counterparty="Acme")
    store.create_deal("Beta")
    store.set_deal_details(deal, name=" Acme API 2025 ", counterparty="Acme AI, Inc.", our_side="vendor",
                           deal_type="Model licence with weights", jurisdictions="EU")
    row = store.deal(deal)
    assert (row.name, row.counterparty, row.our_side, row.deal_type, row.jurisdictions) == (
        "Acme API 2025", "Acme AI, Inc.", "vendor", "Model licence with weights", "EU")
    with pytest.raises(StoreError, match="already a deal named"):
        store.set_deal_details(deal, name="beta", counterparty="", our_side="customer", deal_type="",
                               jurisdictions="")
    assert store.deal(deal).name == "Acme API 2025"


def test_new_predecessors_names_only_the_rounds_whose_neighbour_before_changed():
    assert new_predecessors([1, 2, 3, 4], [1, 2, 3, 4]) == {}
    assert new_predecessors([1, 2, 3, 4], [1, 3, 2, 4]) == {3: 1, 2: 3, 4: 2}
    assert new_predecessors([1, 2, 3], [2, 1, 3]) == {2: None, 1: 2, 3: 1}
    with pytest.raises(ValueError):
        new_predecessors([1, 2], [1, 3])


def _three_round_deal(store, make_draft) -> Deal:
    deal = Deal(store, make_draft)
    deal.add([CAP, AUDIT, TERM])
    deal.add([CAP, AUDIT, TERM, FEES], same(3) + ())
    deal.add([CAP, AUDIT, TERM, FEES, DATA], same(4))
    return deal


def test_reordering_renumbers_in_one_go_recompares_moved_rounds_and_undoes_exactly(store, make_draft):
    deal = _three_round_deal(store, make_draft)
    one, two, three = deal.ids
    before = store.rounds_record(deal.id, deal.ids)
    tables = table_rows(store)
    stored = store.pairs(two)
    order = [one, three, two]
    comparisons = {three: compare_drafts(deal.drafts[0], deal.drafts[2]),
                   two: compare_drafts(deal.drafts[2], deal.drafts[1])}
    with pytest.raises(ValueError, match="no comparison"):
        store.reorder_rounds(deal.id, order, {three: comparisons[three]})
    assert table_rows(store) == tables  # refused whole
    store.reorder_rounds(deal.id, order, comparisons)
    assert [r.id for r in store.rounds(deal.id)] == order
    assert [r.round_no for r in store.rounds(deal.id)] == [1, 2, 3]
    assert store.pairs(three) == comparisons[three].pairs and store.pairs(two) == comparisons[two].pairs
    assert store.round(two).changed_count == 1  # DATA dropped going from round 3 to round 2
    # The threads follow the new order: round 3's clauses now come straight after round 1's.
    assert deal.chain(1, "c1") == ["R1:c1", "R2:c1", "R3:c1"]
    assert store.thread(deal.ref(3, "c5")).entries[1].clause.id == "c5"
    after = store.rounds_record(deal.id, deal.ids)
    store.restore_rounds_record(before)
    assert table_rows(store) == tables
    assert [r.id for r in store.rounds(deal.id)] == deal.ids
    assert store.pairs(two) == stored  # read afresh: the cache was forgotten
    store.restore_rounds_record(after)
    assert [r.id for r in store.rounds(deal.id)] == order
    with pytest.raises(StoreError, match="changed since"):
        store.reorder_rounds(deal.id, [one, two], {})


def test_a_new_first_round_loses_its_comparison(store, make_draft):
    deal = _three_round_deal(store, make_draft)
    one, two, three = deal.ids
    store.reorder_rounds(deal.id, [two, one, three], {
        two: None, one: compare_drafts(deal.drafts[1], deal.drafts[0]),
        three: compare_drafts(deal.drafts[0], deal.drafts[2])})
    first = store.round(two)
    assert first.round_no == 1 and first.changed_count is None and store.pairs(two) == ()


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """Return the path of a database holding the sample deal (four rounds with their record)."""
    path = tmp_path_factory.mktemp("sample") / "counterdraft.db"
    with Store(path) as store:
        create_sample_deal(store)
    return path


@pytest.fixture
def sample_store(sample, tmp_path):
    copy = tmp_path / "counterdraft.db"
    shutil.copy(sample, copy)
    with Store(copy) as store:
        yield store, store.deals()[0].id


def _reassess(store, deal_id, plan, *, our_side=None):
    playbook = store.playbook(load_playbook(default_playbook_path()))
    standing = store.standing_before(deal_id, plan.round_no, our_side=our_side)
    return reassess_rounds(plan.rounds, plan.before, playbook=playbook, standing=standing)


def test_assessing_the_rounds_again_unchanged_gives_what_the_import_stored(sample_store):
    store, deal_id = sample_store
    rounds = store.rounds(deal_id)
    plan = store.rounds_to_assess(deal_id, first=rounds[0].id)
    assert plan.round_no == 1 and plan.before is None and len(plan.rounds) == 4
    assert store.standing_before(deal_id, 5) == store.standing(deal_id)
    again = _reassess(store, deal_id, plan)
    for row, item in zip(rounds, again):
        assert item.findings == store.findings(row.id)
        stored = {key: (s.status, s.reason) for (key, draft), s in store.position_statuses(deal_id).items()
                  if draft == row.id}
        assert {s.key: (s.status, s.reason) for s in item.suggestions} == stored


def test_a_new_sender_is_assessed_as_an_import_with_that_sender_would_be(sample_store):
    store, deal_id = sample_store
    rounds = store.rounds(deal_id)
    second = rounds[1]
    new_sender = "them" if second.sender == "us" else "us"
    plan = store.rounds_to_assess(deal_id, senders={second.id: new_sender})
    assert [r.draft_id for r in plan.rounds] == [r.id for r in rounds[1:]]
    assert plan.rounds[0].sender == new_sender and not any(r.recompare for r in plan.rounds)
    again = _reassess(store, deal_id, plan)
    files = [dataclasses.replace(f, sender=new_sender) if i == 1 else f for i, f in enumerate(sample_round_files())]
    playbook = store.playbook(load_playbook(default_playbook_path()))
    fresh = prepare_rounds(files, None, playbook=playbook, standing=store.standing_before(deal_id, 1))
    assert [(r.findings, r.suggestions) for r in again] == [(r.findings, r.suggestions) for r in fresh[1:]]
    assert again[0].suggestions != tuple(
        Suggestion(k, s.status, s.reason) for (k, d), s in store.position_statuses(deal_id).items() if d == second.id)


def test_assessing_again_keeps_the_users_statuses_and_undoes_exactly(sample_store):
    store, deal_id = sample_store
    rounds = store.rounds(deal_id)
    second = rounds[1]
    key = store.deal_positions(deal_id)[0].key
    store.set_status(deal_id, key, rounds[2].id, "won", "Agreed on the call.")
    record = store.rounds_record(deal_id, [r.id for r in rounds[1:]])
    tables = table_rows(store)
    new_sender = "them" if second.sender == "us" else "us"
    again = _reassess(store, deal_id, store.rounds_to_assess(deal_id, senders={second.id: new_sender}))
    store.set_round_details(second.id, sender=new_sender, date=second.date, label="", reassessed=again)
    statuses = store.position_statuses(deal_id)
    assert statuses[(key, rounds[2].id)] == PositionStatus("won", "Agreed on the call.", False)
    mine = {s.key: (s.status, s.reason, True) for s in again[0].suggestions}
    assert {k: (s.status, s.reason, s.suggested) for (k, d), s in statuses.items() if d == second.id} == mine
    assert store.findings(second.id) == again[0].findings
    store.restore_rounds_record(record)
    assert table_rows(store) == tables


def test_reordering_the_sample_deal_reassesses_from_the_first_moved_round(sample_store):
    store, deal_id = sample_store
    ids = [r.id for r in store.rounds(deal_id)]
    order = [ids[0], ids[2], ids[1], ids[3]]
    plan = store.rounds_to_assess(deal_id, order)
    assert plan.round_no == 2 and plan.before.draft_id == ids[0]
    assert [(r.draft_id, r.recompare) for r in plan.rounds] == [(ids[2], True), (ids[1], True), (ids[3], True)]
    again = _reassess(store, deal_id, plan)
    assert [a.comparison.clauses_a for a in again] == [store.clauses(ids[0]), store.clauses(ids[2]),
                                                       store.clauses(ids[1])]
    record = store.rounds_record(deal_id, ids)
    tables = table_rows(store)
    store.reorder_rounds(deal_id, order, {a.draft_id: a.comparison for a in again}, again)
    assert [r.id for r in store.rounds(deal_id)] == order
    assert store.standing_before(deal_id, 5) == store.standing(deal_id)
    store.restore_rounds_record(record)
    assert table_rows(store) == tables
