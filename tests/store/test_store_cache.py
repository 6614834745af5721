"""The Store's memory of recent rounds never shows what the file no longer holds."""

from __future__ import annotations

from desktop.core.pipeline import compare_drafts, load_draft
from desktop.store import Store


def _two_rounds(path, csa_md):
    first, second = (load_draft(p) for p in csa_md)
    store = Store(path)
    deal = store.create_deal("CSA")
    one = store.add_round(deal, first, sender="them", date="2024-01-01")
    two = store.add_round(deal, second, sender="us", date="2024-02-02",
                          comparison=compare_drafts(first, second))
    return store, deal, one, two, first, second


def test_what_add_round_remembers_equals_what_a_fresh_store_reads(tmp_path, csa_md):
    store, _, one, two, first, second = _two_rounds(tmp_path / "deals.db", csa_md)
    fresh = Store(tmp_path / "deals.db")
    assert store.clauses(two) == fresh.clauses(two) == second.clauses
    assert store.pairs(two) == fresh.pairs(two)
    assert store.clauses(one) == fresh.clauses(one) == first.clauses
    assert store.pairs(one) == fresh.pairs(one) == ()
    fresh.close()
    store.close()


def test_a_round_replaced_by_another_program_is_read_again(tmp_path, csa_md):
    store, deal, one, two, first, second = _two_rounds(tmp_path / "deals.db", csa_md)
    assert store.clauses(two) == second.clauses  # remembered
    other = Store(tmp_path / "deals.db")  # the command line, say
    other.delete_round(two)
    again = other.add_round(deal, first, sender="us", date="2024-03-01",
                            comparison=compare_drafts(first, first))
    other.close()
    assert again == two  # SQLite gave the new round the freed id
    assert store.clauses(two) == first.clauses
    assert all(pair.kind == "unchanged" for pair in store.pairs(two))
    store.close()


def test_own_writes_are_seen_at_once(tmp_path, csa_md):
    store, _, one, two, first, second = _two_rounds(tmp_path / "deals.db", csa_md)
    assert store.pairs(two)
    store.replace_comparison(two, None)
    assert store.pairs(two) == ()
    store.delete_round(one)
    assert store.pairs(two) == ()  # now the first round: nothing to compare with
    assert store.clauses(one) == ()
    store.close()


def test_pairs_are_remembered_as_the_table_keeps_them(tmp_path, csa_md):
    from dataclasses import replace

    first, second = (load_draft(p) for p in csa_md)
    comparison = compare_drafts(first, second)
    topical = replace(comparison, pairs=tuple(replace(p, topic="same") for p in comparison.pairs))
    store = Store(tmp_path / "deals.db")
    deal = store.create_deal("CSA")
    store.add_round(deal, first, sender="them", date="2024-01-01")
    two = store.add_round(deal, second, sender="us", date="2024-02-02", comparison=topical)
    fresh = Store(tmp_path / "deals.db")
    assert store.pairs(two) == fresh.pairs(two) == comparison.pairs  # the topic is not stored
    fresh.close()
    store.close()
