"""The user's corrections of thread links: set, refused, undone, and respected later."""

from __future__ import annotations

import pytest

from desktop.store import ClauseRef, LinkChange, StoreError
from tests.store.threads_helpers import AUDIT, CAP, FEES, TERM, Deal, pair, same


@pytest.fixture
def deal(store, make_draft):
    """Return a deal of two rounds [CAP, AUDIT] → [CAP, AUDIT], linked 1→1."""
    made = Deal(store, make_draft)
    made.add([CAP, AUDIT])
    made.add([CAP, AUDIT], same(2))
    return made


def links(store) -> list[tuple]:
    """Return every link row."""
    return store._conn.execute(
        "SELECT clause_id, pred_id, by_user FROM thread_links ORDER BY clause_id").fetchall()


def test_linking_to_a_taken_clause_displaces_its_successor(deal):
    store = deal.store
    changes = store.set_predecessor(deal.ref(2, "c2"), deal.ref(1, "c1"))
    assert changes == [
        LinkChange(deal.ref(2, "c2"), deal.ref(1, "c2"), False, deal.ref(1, "c1"), True),
        LinkChange(deal.ref(2, "c1"), deal.ref(1, "c1"), False, None, False),
    ]
    assert deal.chain(2, "c2") == ["R1:c1", "R2:c2"]
    assert deal.markers(2, "c2") == ["", "relinked"]
    assert deal.chain(2, "c1") == [None, "R2:c1"] and deal.markers(2, "c1") == ["", "new"]
    assert deal.markers(1, "c2") == ["", "dropped"]
    assert store.predecessor(deal.ref(2, "c2")) == (deal.ref(1, "c1"), True)


def test_restore_links_undoes_a_correction_exactly(deal):
    store = deal.store
    before = links(store)
    changes = store.set_predecessor(deal.ref(2, "c2"), deal.ref(1, "c1"))
    assert links(store) != before
    store.restore_links(changes)
    assert links(store) == before
    assert store.predecessor(deal.ref(2, "c2")) == (deal.ref(1, "c2"), False)


def test_splitting_a_thread_and_merging_it_back(deal):
    store = deal.store
    split = store.set_predecessor(deal.ref(2, "c1"), None)
    assert split == [LinkChange(deal.ref(2, "c1"), deal.ref(1, "c1"), False, None, True)]
    assert deal.chain(1, "c1") == ["R1:c1", None]
    assert deal.markers(2, "c1") == ["", "relinked"]
    # Merge thread S (ends in round 1) into T (starts in round 2).
    merged = store.set_predecessor(store.thread_start(deal.ref(2, "c1")),
                                   store.thread_end(deal.ref(1, "c1")))
    assert deal.chain(1, "c1") == ["R1:c1", "R2:c1"]
    store.restore_links(merged)
    store.restore_links(split)
    assert store.predecessor(deal.ref(2, "c1")) == (deal.ref(1, "c1"), False)


def test_setting_the_same_link_again_changes_nothing(deal):
    store = deal.store
    store.set_predecessor(deal.ref(2, "c1"), deal.ref(1, "c1"))  # now set by the user
    assert store.set_predecessor(deal.ref(2, "c1"), deal.ref(1, "c1")) == []


@pytest.mark.parametrize("target, pred", [
    ((2, "c1"), (2, "c2")),  # same round
    ((1, "c1"), (2, "c1")),  # a later round
    ((2, "c1"), (2, "c1")),  # itself
])
def test_a_predecessor_must_be_in_an_earlier_round(deal, target, pred):
    before = links(deal.store)
    with pytest.raises(StoreError, match="earlier round"):
        deal.store.set_predecessor(deal.ref(*target), deal.ref(*pred))
    assert links(deal.store) == before


def test_a_predecessor_must_be_in_the_same_deal(deal, store, make_draft):
    other = Deal(store, make_draft, "Beta")
    other.add([CAP])
    before = links(store)
    with pytest.raises(StoreError, match="same deal"):
        store.set_predecessor(deal.ref(2, "c1"), other.ref(1, "c1"))
    with pytest.raises(StoreError, match="no longer"):
        store.set_predecessor(deal.ref(2, "c1"), ClauseRef(deal.ids[0], "c99"))
    assert links(store) == before


def test_undo_after_the_round_is_gone_is_a_store_error(deal):
    changes = deal.store.set_predecessor(deal.ref(2, "c2"), deal.ref(1, "c1"))
    deal.store.delete_round(deal.ids[1])
    with pytest.raises(StoreError, match="no longer"):
        deal.store.restore_links(changes)


def test_a_later_import_carries_the_corrected_thread_on(deal):
    store = deal.store
    store.set_predecessor(deal.ref(2, "c2"), deal.ref(1, "c1"))
    deal.add([CAP, AUDIT, TERM], same(2) + (pair("inserted", (), "c3"),))
    assert deal.chain(3, "c2") == ["R1:c1", "R2:c2", "R3:c2"]
    assert deal.markers(3, "c2") == ["", "relinked", ""]
    assert deal.chain(3, "c1") == [None, "R2:c1", "R3:c1"]


def test_replace_comparison_keeps_the_users_links_and_never_forks_a_thread(deal):
    store = deal.store
    store.set_predecessor(deal.ref(2, "c2"), deal.ref(1, "c1"))  # displaces round 2's c1
    # The fresh comparison would link c1 → c1 and c2 → c2 again.
    store.replace_comparison(deal.ids[1], deal.compare(deal.drafts[0], deal.drafts[1], same(2)))
    assert store.predecessor(deal.ref(2, "c2")) == (deal.ref(1, "c1"), True)
    # Round 1's c1 already follows on to c2 by the user's word: c1 gets no automatic link.
    assert store.predecessor(deal.ref(2, "c1")) == (None, False)
    assert deal.chain(1, "c2") == ["R1:c2", None]


def test_replace_comparison_keeps_a_thread_the_user_split(deal):
    store = deal.store
    store.set_predecessor(deal.ref(2, "c1"), None)
    store.replace_comparison(deal.ids[1], deal.compare(deal.drafts[0], deal.drafts[1], same(2)))
    assert store.predecessor(deal.ref(2, "c1")) == (None, True)
    assert store.predecessor(deal.ref(2, "c2")) == (deal.ref(1, "c2"), False)


def test_a_round_deleted_under_a_later_users_link_gives_it_back_its_automatic_one(store,
                                                                                make_draft):
    deal = Deal(store, make_draft)
    for _ in range(4):
        deal.add([CAP, FEES], same(2) if deal.ids else None)
    # Round 4's c1 skips round 3 and follows round 2 (round 3's c1 is displaced).
    store.set_predecessor(deal.ref(4, "c1"), deal.ref(2, "c1"))
    assert deal.chain(4, "c1") == ["R1:c1", "R2:c1", None, "R4:c1"]
    round_4 = deal.ids[3]
    store.delete_round(deal.ids[1])
    # Round 3 lost its comparison, so its clauses start threads; round 4 follows round 3 again.
    assert store.predecessor(ClauseRef(round_4, "c1")) == (ClauseRef(deal.ids[2], "c1"), False)
    assert store.predecessor(ClauseRef(deal.ids[2], "c1")) == (None, False)


def test_deleting_a_round_keeps_user_links_to_clauses_that_remain(store, make_draft):
    deal = Deal(store, make_draft)
    deal.add([CAP, TERM])
    deal.add([CAP, TERM], same(2))
    deal.add([CAP, TERM], same(2))
    store.set_predecessor(deal.ref(3, "c2"), deal.ref(1, "c2"))
    one, three = deal.ids[0], deal.ids[2]
    store.delete_round(deal.ids[1])
    assert store.predecessor(ClauseRef(three, "c2")) == (ClauseRef(one, "c2"), True)
    assert store.predecessor(ClauseRef(three, "c1")) == (None, False)
    store.replace_comparison(three, deal.compare(deal.drafts[0], deal.drafts[2], same(2)))
    assert store.predecessor(ClauseRef(three, "c1")) == (ClauseRef(one, "c1"), False)
    assert store.predecessor(ClauseRef(three, "c2")) == (ClauseRef(one, "c2"), True)
    assert [e.marker for e in store.thread(ClauseRef(three, "c2")).entries] == ["", "relinked"]
