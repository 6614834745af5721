"""Deleting a round or a deal so that it can be put back: every row comes back as it was."""

from __future__ import annotations

import dataclasses

import pytest

from desktop.core.pipeline import compare_named
from desktop.samples import create_sample_deal
from desktop.store import ClauseRef, Store, StoreError
from tests.store.record_dump import dump, without_times
from tests.store.threads_helpers import AUDIT, CAP, DATA, FEES, TERM, Deal, same


def fresh_comparison(store: Store, before: int, after: int):
    """Return the comparison of two stored rounds, as the window computes it on a worker."""
    a, b = store.round(before), store.round(after)
    return compare_named(a.file_name, store.clauses(before), b.file_name, store.clauses(after))


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory):
    """Return a database file holding the sample deal (four real rounds, statuses suggested)."""
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    with Store(path) as store:
        create_sample_deal(store)
    return path


@pytest.fixture
def sample(sample_file, tmp_path):
    """Return a Store on a copy of the sample database, and the sample deal's id."""
    path = tmp_path / "copy.db"
    path.write_bytes(sample_file.read_bytes())
    with Store(path) as store:
        yield store, store.deals()[0].id


def test_a_deleted_round_comes_back_row_for_row_and_goes_again(sample):
    store, deal_id = sample
    one, two, three, _ = [r.id for r in store.rounds(deal_id)]
    store.set_status(deal_id, "liability_cap", two, "won", "They took our cap.", suggested=False)
    store.set_predecessor(ClauseRef(three, "c5"), ClauseRef(two, "c7"))  # a link of the user's into round 2
    before = dump(store)
    original = store.original(two)
    snapshot = store.take_round_out(two, fresh_comparison(store, one, three))
    deleted = dump(store)
    assert [r.id for r in store.rounds(deal_id)] != [one, two, three, _]
    store.restore_round(snapshot)
    assert dump(store) == before
    assert store.original(two) == original
    assert store.position_statuses(deal_id)[("liability_cap", two)].reason == "They took our cap."
    assert store.predecessor(ClauseRef(three, "c5")) == (ClauseRef(two, "c7"), True)
    # Redo: out again with the same comparison, and Undo again.
    again = store.take_round_out(two, fresh_comparison(store, one, three), order=[one, two, three, _])
    assert without_times(store, dump(store)) == without_times(store, deleted)
    store.restore_round(again)
    assert dump(store) == before


def test_the_round_after_a_deleted_one_is_compared_with_the_round_before_and_its_threads_follow(sample):
    store, deal_id = sample
    one, two, three, four = [r.id for r in store.rounds(deal_id)]
    comparison = fresh_comparison(store, one, three)
    store.take_round_out(two, comparison)
    rounds = store.rounds(deal_id)
    assert [(r.id, r.round_no) for r in rounds] == [(one, 1), (three, 2), (four, 3)]
    assert store.pairs(three) == tuple(dataclasses.replace(p, topic="") for p in comparison.pairs)
    assert rounds[1].changed_count == sum(1 for p in comparison.pairs if p.kind != "unchanged")
    linked = [store.predecessor(ClauseRef(three, c.id))[0] for c in store.clauses(three)]
    assert {ref.draft_id for ref in linked if ref is not None} == {one}
    assert sum(ref is not None for ref in linked) > len(linked) // 2


def test_the_first_and_the_last_round_come_back_too(sample):
    store, deal_id = sample
    before = dump(store)
    ids = [r.id for r in store.rounds(deal_id)]
    first = store.take_round_out(ids[0], None)
    assert store.pairs(ids[1]) == () and store.rounds(deal_id)[0].changed_count is None
    last = store.take_round_out(ids[-1], None)
    assert [r.round_no for r in store.rounds(deal_id)] == [1, 2]
    store.restore_round(last)
    store.restore_round(first)
    assert dump(store) == before


def test_a_comparison_is_refused_for_a_round_with_no_neighbour_on_one_side(sample):
    store, deal_id = sample
    ids = [r.id for r in store.rounds(deal_id)]
    with pytest.raises(ValueError):
        store.take_round_out(ids[0], fresh_comparison(store, ids[0], ids[1]))
    assert len(store.rounds(deal_id)) == 4


def test_a_round_is_not_taken_out_when_the_deals_rounds_changed_since_the_caller_looked(store, make_draft):
    deal = Deal(store, make_draft)
    for _ in range(3):
        deal.add([CAP, TERM], same(2) if deal.ids else None)
    seen = tuple(deal.ids)
    store.take_round_out(deal.ids[0], None)
    with pytest.raises(StoreError, match="changed meanwhile"):
        store.take_round_out(deal.ids[1], None, order=seen)
    assert [r.id for r in store.rounds(deal.id)] == deal.ids[1:]


def test_a_round_cannot_be_put_back_once_the_deals_rounds_changed(store, make_draft):
    deal = Deal(store, make_draft)
    deal.add([CAP, TERM])
    deal.add([CAP, TERM], same(2))
    snapshot = store.take_round_out(deal.ids[1], None)
    deal.add([CAP, AUDIT])  # imported since: it takes the deleted round's number, not its id
    assert deal.ids[2] > deal.ids[1]
    before = dump(store)
    with pytest.raises(StoreError, match="cannot be put back"):
        store.restore_round(snapshot)
    assert dump(store) == before


def test_clause_texts_and_file_parts_only_the_round_used_come_back_and_are_found_again(store, make_draft):
    deal = Deal(store, make_draft)
    deal.add([CAP, TERM])
    deal.add([CAP, DATA], same(2))
    deal.add([CAP, TERM], same(2))
    assert store.search("train")
    snapshot = store.take_round_out(deal.ids[1], deal.compare(deal.drafts[0], deal.drafts[2], same(2)))
    assert not store.search("train")  # the text only round 2 had went with it
    store.restore_round(snapshot)
    assert [hit.draft_id for hit in store.search("train")] == [deal.ids[1]]
    assert store.clauses(deal.ids[1]) == deal.drafts[1].clauses


def test_reading_notes_come_back_and_no_round_stored_meanwhile_takes_the_deleted_ones_id(store, make_draft):
    deal = Deal(store, make_draft)
    deal.add([CAP])
    noted = make_draft([CAP, FEES], name="noted.docx")
    noted = dataclasses.replace(noted, document=dataclasses.replace(noted.document,
                                                                     warnings=("1 image was skipped.",)))
    two = store.add_round(deal.id, noted, sender="us", date="2024-03-01")
    snapshot = store.take_round_out(two, None)
    other = Deal(store, make_draft, "Beta")
    other.add([FEES])  # the fees text is stored again, under another id
    assert other.ids[0] > two
    store.restore_round(snapshot)
    assert store.reading_notes(two) == ("1 image was skipped.",)
    assert [c.text for c in store.clauses(two)] == [CAP, FEES]
    store.delete_deal(other.id)
    assert [c.text for c in store.clauses(two)] == [CAP, FEES]


def test_a_deleted_deal_comes_back_row_for_row(sample):
    store, deal_id = sample
    before = dump(store)
    snapshot = store.take_deal_out(deal_id)
    assert store.deals() == []
    assert store.restore_deal(snapshot) == deal_id
    assert dump(store) == before


def test_a_deal_whose_name_and_ids_were_taken_comes_back_under_new_ones(store, make_draft):
    deal = Deal(store, make_draft, "Acme API")
    deal.add([CAP, TERM])
    deal.add([CAP, AUDIT], same(2))
    store.set_predecessor(deal.ref(2, "c2"), None)
    clauses = [store.clauses(i) for i in deal.ids]
    snapshot = store.take_deal_out(deal.id)
    taker = Deal(store, make_draft, "ACME api")  # the same name, and the freed ids
    taker.add([FEES])
    assert taker.id == deal.id and taker.ids[0] == deal.ids[0]
    restored = store.restore_deal(snapshot)
    assert restored != deal.id
    assert store.deal(restored).name == "Acme API (restored)"
    rounds = store.rounds(restored)
    assert [store.clauses(r.id) for r in rounds] == clauses
    assert store.predecessor(ClauseRef(rounds[1].id, "c2")) == (None, True)
    assert store.predecessor(ClauseRef(rounds[1].id, "c1")) == (ClauseRef(rounds[0].id, "c1"), False)
    assert [c.text for c in store.clauses(taker.ids[0])] == [FEES]
    store.restore_deal(store.take_deal_out(restored))
    assert {d.name for d in store.deals()} == {"ACME api", "Acme API (restored)"}
