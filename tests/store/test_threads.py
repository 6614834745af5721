"""Clause threads built on import: each pair kind, splits and merges, chains and markers."""

from __future__ import annotations

import pytest

from desktop.store import ClauseRef, StoreError
from tests.store.threads_helpers import AUDIT, CAP, DATA, FEES, TERM, Deal, pair, same

LONG = ("Customer pays all fees monthly in advance, by wire transfer to the bank account that "
        "Vendor names in the Order Form.")
SHORT = "Interest applies."


@pytest.fixture
def deal(store, make_draft):
    return Deal(store, make_draft)


def test_every_clause_of_every_round_has_one_link_row(store, deal):
    deal.add([CAP, AUDIT])
    deal.add([CAP, AUDIT, TERM], same(2) + (pair("inserted", (), "c3"),))
    (clauses, links) = store._conn.execute(
        "SELECT (SELECT count(*) FROM clauses), (SELECT count(*) FROM thread_links)").fetchone()
    assert clauses == links == 5


@pytest.mark.parametrize("kind", ["unchanged", "modified", "moved", "renumbered"])
def test_a_one_to_one_pair_carries_the_thread_on(deal, kind):
    deal.add([CAP, AUDIT])
    deal.add([AUDIT, CAP], (pair(kind, "c1", "c2"), pair(kind, "c2", "c1")))
    assert deal.chain(1, "c1") == ["R1:c1", "R2:c2"]
    assert deal.chain(2, "c1") == ["R1:c2", "R2:c1"]
    entry = deal.store.thread(deal.ref(2, "c2")).entries[1]
    assert entry.kind == kind and entry.substantive is False
    assert entry.marker == (kind if kind in ("moved", "renumbered") else "")


def test_inserted_starts_a_thread_and_deleted_ends_one(deal):
    deal.add([CAP, FEES])
    deal.add([CAP, DATA], (pair("unchanged", "c1", "c1"), pair("deleted", "c2", ()),
                           pair("inserted", (), "c2", substantive=True)))
    assert deal.chain(2, "c2") == [None, "R2:c2"]
    assert deal.markers(2, "c2") == ["", "new"]
    new = deal.store.thread(deal.ref(2, "c2")).entries[1]
    assert (new.kind, new.substantive) == ("inserted", True)
    assert deal.chain(1, "c2") == ["R1:c2", None]
    assert deal.markers(1, "c2") == ["", "dropped"]


def test_a_split_links_the_most_similar_part_and_the_others_start_threads(deal):
    deal.add([LONG + " " + SHORT])
    deal.add([SHORT, LONG], (pair("split", "c1", ("c1", "c2"), substantive=True),))
    assert deal.chain(1, "c1") == ["R1:c1", "R2:c2"]
    assert deal.chain(2, "c1") == [None, "R2:c1"]
    assert deal.markers(1, "c1") == ["", "split"]
    assert deal.markers(2, "c1") == ["", "split"]  # named by what happened, not just "new"


def test_a_merge_links_the_most_similar_part_and_the_others_end(deal):
    deal.add([SHORT, LONG])
    deal.add([LONG + " " + SHORT], (pair("merged", ("c1", "c2"), "c1"),))
    assert deal.chain(2, "c1") == ["R1:c2", "R2:c1"]
    assert deal.markers(2, "c1") == ["", "merged"]
    assert deal.chain(1, "c1") == ["R1:c1", None]
    assert deal.markers(1, "c1") == ["", "dropped"]


def test_a_thread_runs_through_four_rounds_with_a_marker_where_something_happened(deal):
    deal.add([CAP, AUDIT, TERM])
    deal.add([CAP, TERM, AUDIT], (pair("unchanged", "c1", "c1"), pair("moved", "c2", "c3"),
                                  pair("moved", "c3", "c2")))
    deal.add([AUDIT, CAP, TERM], (pair("moved", "c3", "c1"), pair("renumbered", "c1", "c2"),
                                  pair("renumbered", "c2", "c3")))
    deal.add([AUDIT, CAP, TERM], same(3))
    assert deal.chain(4, "c1") == ["R1:c2", "R2:c3", "R3:c1", "R4:c1"]
    assert deal.markers(4, "c1") == ["", "moved", "moved", ""]
    store = deal.store
    assert store.thread_start(deal.ref(3, "c1")) == deal.ref(1, "c2")
    assert store.thread_end(deal.ref(2, "c3")) == deal.ref(4, "c1")
    assert store.predecessor(deal.ref(3, "c1")) == (deal.ref(2, "c3"), False)
    assert store.predecessor(deal.ref(1, "c1")) == (None, False)
    thread = store.thread(deal.ref(2, "c3"))
    assert thread.clause_in(deal.ids[0]).text == AUDIT
    assert thread.title == "1 Heading 1"  # from its latest clause, c1 of round 4
    assert [(e.round_no, e.sender, e.date) for e in thread.entries][:2] == [
        (1, "them", "2024-01-01"), (2, "them", "2024-02-01")]


def test_threads_lists_every_thread_once_in_the_latest_rounds_order(deal):
    deal.add([CAP, AUDIT, TERM, FEES])
    deal.add([TERM, CAP, FEES], (pair("moved", "c3", "c1"), pair("renumbered", "c1", "c2"),
                                 pair("deleted", "c2", ()), pair("renumbered", "c4", "c3")))
    threads = deal.store.threads(deal.id)
    order = [[None if e.clause is None else e.clause.text for e in t.entries] for t in threads]
    # The dropped AUDIT thread sits after CAP, the clause before it in its last round.
    assert order == [[TERM, TERM], [CAP, CAP], [AUDIT, None], [FEES, FEES]]
    assert threads[1] == deal.store.thread(deal.ref(2, "c2"))


def test_a_round_without_a_comparison_starts_every_thread(deal):
    deal.add([CAP])
    deal.add([CAP])
    assert deal.chain(2, "c1") == [None, "R2:c1"]
    entry = deal.store.thread(deal.ref(2, "c1")).entries[1]
    assert (entry.kind, entry.marker) == (None, "new")


def test_reading_a_gone_clause_or_deal_is_a_store_error(deal):
    deal.add([CAP])
    with pytest.raises(StoreError, match="no longer"):
        deal.store.thread(ClauseRef(deal.ids[0], "c9"))
    with pytest.raises(StoreError, match="no longer"):
        deal.store.threads(deal.id + 100)
