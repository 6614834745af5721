"""The store's fast paths (issue 8) give exactly what the plain ones gave.

Store.search ranks matching texts once and joins only those that can reach the first `limit`
rows; store_rows writes and reads short JSON arrays without the json module. Both are
checked against the straightforward forms on real inputs, edge cases included.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.store import SNIPPET_MARKS, fts_query
from desktop.store.rows import keys_from_json, keys_json
from tests.store.conftest import build_draft

_PLAIN_SEARCH = (
    "SELECT deals.id, deals.name, drafts.id, drafts.round_no, clauses.key, clauses.number, "
    "clauses.heading, snippet(clause_search, 0, ?, ?, '…', 16) FROM clause_search "
    "JOIN clauses ON clauses.text_id = clause_search.rowid "
    "JOIN drafts ON drafts.id = clauses.draft_id JOIN deals ON deals.id = drafts.deal_id "
    "WHERE clause_search MATCH ? "
    "ORDER BY clause_search.rank, deals.name_key, drafts.round_no DESC, clauses.ordinal LIMIT ?")


@pytest.fixture
def shared_texts(store):
    """Return deals whose rounds share most texts (rows tie on rank) and one whose texts rank apart."""
    texts = [f"The Supplier shall keep Customer Data confidential for {n} years after termination."
             for n in range(12)]
    texts += ["Either party may terminate this Agreement on notice.", "Fees are due within 30 days."]
    for deal_no in range(3):
        deal = store.create_deal(f"Deal {deal_no}")
        for round_no in range(1, 4):
            changed = list(texts)
            changed[round_no] = changed[round_no].replace("keep", "hold")
            store.add_round(deal, build_draft(changed), sender="us", date=f"2024-01-0{round_no}")
    # Texts found once each, of different lengths, so that they rank apart.
    single = [f"Confidential information {'and records ' * n}of the customer." for n in range(30)]
    store.add_round(store.create_deal("Deal single"), build_draft(single), sender="us", date="2024-02-01")
    return store


@pytest.mark.parametrize("query", ["confidential", "customer data", "terminat*", "hold", "fees", "nothing"])
@pytest.mark.parametrize("limit", [1, 5, 17, 40, 100, 1000])
def test_search_matches_the_plain_query(shared_texts, query, limit):
    plain = shared_texts._conn.execute(_PLAIN_SEARCH, (*SNIPPET_MARKS, fts_query(query), limit)).fetchall()
    hits = shared_texts.search(query, limit=limit)
    assert [tuple(vars(hit).values()) for hit in hits] == [tuple(row) for row in plain]


def test_search_with_a_limit_of_zero_finds_nothing(shared_texts):
    assert shared_texts.search("confidential", limit=0) == []


@given(st.lists(st.text(max_size=6), max_size=5))
def test_keys_json_is_what_json_writes_and_reads_back(keys):
    written = keys_json(keys)
    assert written == json.dumps(keys)
    assert keys_from_json(written) == tuple(keys)
    assert keys_from_json(json.dumps(keys, separators=(",", ":"))) == tuple(keys)


def test_paragraphs_and_keys_read_back_equal(store, make_draft):
    deal = store.create_deal("Acme")
    one = make_draft(["Alpha.", "Beta.", "Gamma."])
    draft_id = store.add_round(deal, one, sender="us", date="2024-01-01")
    assert store.clauses(draft_id) == one.clauses
