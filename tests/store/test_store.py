"""The store keeps deals and rounds whole: what goes in comes back equal."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.model import Comparison, Pair
from desktop.store import SNIPPET_MARKS, Store, StoreError, fts_query
from desktop.store import rows as store_rows
from desktop.store.pair_runs import decode

CAP_12 = "Liability is capped at 12 months of fees."
CAP_24 = "Liability is capped at 24 months of fees."
AUDIT = "Customer may audit the Vendor once a year with an independent auditor."
TERM = "Either party may terminate on 30 days notice."


def compare(a, b, pairs):
    """Return a Comparison of two drafts with the given pairs."""
    return Comparison(a.document.name, b.document.name, a.clauses, b.clauses, tuple(pairs))


def second_round_pairs():
    """Return the pairs between [CAP_12, AUDIT, TERM] and [CAP_24, AUDIT, TERM, new]."""
    return (
        Pair("modified", ("c1",), ("c1",), True,
             (("=", "Liability is capped at "), ("-", "12"), ("+", "24"),
              ("=", " months of fees.")), 0.9),
        Pair("unchanged", ("c2",), ("c2",), False, (("=", AUDIT),), 1.0),
        Pair("renumbered", ("c3",), ("c3",), False, (("=", TERM),), 1.0),
        Pair("inserted", (), ("c4",), True, (("+", "New clause."),), 0.0),
    )


@pytest.fixture
def deal_with_two_rounds(store, make_draft, marks):
    """Return (deal id, round-1 draft, round-2 draft, its comparison, round-2 id)."""
    deal = store.create_deal("Acme API", counterparty="Acme Inc.", deal_type="API access")
    one = make_draft([CAP_12, AUDIT, TERM], name="r1.docx")
    two = make_draft([CAP_24, AUDIT, TERM, "New clause."], name="r2.docx",
                     tracked_changes=marks[0], comments=marks[1], title="Master Agreement")
    store.add_round(deal, one, sender="them", date="2024-02-01")
    comparison = compare(one, two, second_round_pairs())
    two_id = store.add_round(deal, two, sender="us", date="2024-02-05", comparison=comparison)
    return deal, one, two, comparison, two_id


def test_deals_are_listed_by_name_ignoring_case(store):
    store.create_deal("beta", our_side="vendor")
    store.create_deal("Alpha")
    store.create_deal("gamma")
    assert [d.name for d in store.deals()] == ["Alpha", "beta", "gamma"]
    assert store.deals()[1].our_side == "vendor"


def test_a_deal_name_is_taken_whatever_its_case(store):
    store.create_deal("Acme API")
    with pytest.raises(StoreError, match="already a deal"):
        store.create_deal("  acme api ")


def test_a_deal_needs_a_name(store):
    with pytest.raises(StoreError, match="needs a name"):
        store.create_deal("   ")


def test_rename_deal(store):
    acme = store.create_deal("Acme")
    store.create_deal("Beta")
    store.rename_deal(acme, "Acme API")
    assert store.deal(acme).name == "Acme API"
    with pytest.raises(StoreError, match="already a deal"):
        store.rename_deal(acme, "BETA")
    assert store.deal(acme).name == "Acme API"


def test_case_is_ignored_beyond_ascii(store):
    store.create_deal("Société Générale")
    with pytest.raises(StoreError, match="already a deal"):
        store.create_deal("SOCIÉTÉ GÉNÉRALE")
    assert store.deal_by_name("société générale").name == "Société Générale"


def test_deal_by_name_ignores_case(store):
    acme = store.create_deal("Acme API", jurisdictions="England; EU")
    found = store.deal_by_name("ACME api")
    assert found is not None and found.id == acme and found.jurisdictions == "England; EU"
    assert found.round_count == 0 and found.created_at
    assert store.deal_by_name("Nobody") is None


def test_a_missing_deal_or_round_is_a_store_error(store):
    with pytest.raises(StoreError, match="no longer exists"):
        store.deal(42)
    with pytest.raises(StoreError, match="no longer exists"):
        store.round(42)
    with pytest.raises(StoreError, match="no longer exists"):
        store.delete_deal(42)


def test_a_round_comes_back_equal(store, deal_with_two_rounds):
    deal, one, two, comparison, two_id = deal_with_two_rounds
    one_id = store.rounds(deal)[0].id
    assert store.clauses(one_id) == one.clauses
    assert store.clauses(two_id) == two.clauses
    assert store.pairs(two_id) == comparison.pairs
    assert store.pairs(one_id) == ()
    # The Store remembers what it wrote: read the tables themselves too.
    assert store_rows.read_clauses(store._conn, two_id) == two.clauses
    assert isinstance(store_rows.read_clauses(store._conn, one_id)[2].paragraphs, tuple)
    assert store_rows.read_pairs(store._conn, two_id) == comparison.pairs
    assert store_rows.read_pairs(store._conn, one_id) == ()
    assert store.original(two_id) == two.original
    assert store.tracked_changes(two_id) == two.document.tracked_changes
    assert store.comments(two_id) == two.document.comments


def test_original_bytes_are_kept_exactly(store, make_draft):
    data = bytes(range(256)) * 3 + b"\x00PK\x03\x04"
    deal = store.create_deal("Acme")
    draft_id = store.add_round(deal, make_draft(["x"], original=data), sender="us",
                               date="2024-01-01")
    assert store.original(draft_id) == data


def test_rounds_carry_numbers_and_counts(store, deal_with_two_rounds):
    deal, one, two, comparison, two_id = deal_with_two_rounds
    first, second = store.rounds(deal)
    assert (first.round_no, first.sender, first.date, first.file_name) == \
        (1, "them", "2024-02-01", "r1.docx")
    assert (first.changed_count, first.substantive_count, first.cosmetic_count) == \
        (None, None, None)
    assert (second.round_no, second.clause_count, second.tracked_change_count,
            second.comment_count, second.title) == (2, 4, 2, 1, "Master Agreement")
    assert (second.changed_count, second.substantive_count, second.cosmetic_count) == (3, 2, 1)
    assert second.sha256 == two.document.sha256 and second.kind == "docx"
    assert store.round(two_id) == second
    assert store.deal(deal).round_count == 2


def test_a_pair_whose_text_did_not_change_stores_no_diff(store, deal_with_two_rounds):
    *_, comparison, two_id = deal_with_two_rounds
    diffs = store._conn.execute(
        "SELECT ordinal, kind, diff IS NULL FROM pairs WHERE draft_id = ? ORDER BY ordinal",
        (two_id,)).fetchall()
    # The unchanged and the renumbered clause kept their text: the diff is that text, implied,
    # and the pairs are kept in the round's runs (desktop/store/pair_runs.py), not as rows.
    assert diffs == [(0, "modified", 0), (3, "inserted", 0)]
    (runs,) = store._conn.execute("SELECT runs FROM pair_runs WHERE draft_id = ?",
                                  (two_id,)).fetchone()
    assert [(p.ordinal, p.kind) for p in decode(runs)] == [(1, "unchanged"), (2, "renumbered")]
    assert store_rows.read_pairs(store._conn, two_id) == comparison.pairs


def test_an_unchanged_pair_with_another_diff_keeps_it(store, make_draft):
    deal = store.create_deal("Acme")
    one, two = make_draft(["Same.", ""]), make_draft(["Same.", ""])
    store.add_round(deal, one, sender="us", date="2024-01-01")
    pairs = (Pair("unchanged", ("c1",), ("c1",), False, (("=", "Sa"), ("=", "me.")), 1.0),
             Pair("unchanged", ("c2",), ("c2",), False, (), 1.0))
    two_id = store.add_round(deal, two, sender="them", date="2024-01-02",
                             comparison=compare(one, two, pairs))
    assert store_rows.read_pairs(store._conn, two_id) == pairs


def test_the_first_round_has_nothing_to_compare_with(store, make_draft):
    deal = store.create_deal("Acme")
    one = make_draft(["a"])
    with pytest.raises(ValueError):
        store.add_round(deal, one, sender="us", date="2024-01-01",
                        comparison=compare(one, one, ()))
    assert store.rounds(deal) == []


def test_a_comparison_must_be_about_this_draft(store, make_draft):
    deal = store.create_deal("Acme")
    one, two = make_draft(["a"]), make_draft(["b"])
    store.add_round(deal, one, sender="us", date="2024-01-01")
    stray = (Pair("inserted", (), ("c9",), True, (("+", "b"),), 0.0),)
    with pytest.raises(ValueError, match="c9"):
        store.add_round(deal, two, sender="us", date="2024-01-02",
                        comparison=compare(one, two, stray))
    assert len(store.rounds(deal)) == 1


@pytest.mark.parametrize("sender, date, error", [
    ("client", "2024-01-01", ValueError),
    ("us", "01/02/2024", StoreError),
    ("us", "2024-02-30", StoreError),
    ("us", "20240101", StoreError),
])
def test_a_round_needs_a_sender_and_a_date(store, make_draft, sender, date, error):
    deal = store.create_deal("Acme")
    with pytest.raises(error):
        store.add_round(deal, make_draft(["a"]), sender=sender, date=date)
    assert store.rounds(deal) == []


def test_a_failed_import_leaves_the_database_unchanged(store, make_draft, marks, monkeypatch):
    deal = store.create_deal("Acme")
    one = make_draft([CAP_12, AUDIT, TERM])
    store.add_round(deal, one, sender="them", date="2024-02-01")
    before = store._conn.serialize()

    def fail(*args):
        raise RuntimeError("disk pulled out")

    # Fails after the draft row, original, clauses, new clause texts and marks are written.
    monkeypatch.setattr(store_rows, "insert_pairs", fail)
    two = make_draft([CAP_24, AUDIT, TERM, "New clause."], tracked_changes=marks[0],
                     comments=marks[1])
    with pytest.raises(RuntimeError, match="disk pulled out"):
        store.add_round(deal, two, sender="us", date="2024-02-05",
                        comparison=compare(one, two, second_round_pairs()))
    assert store._conn.serialize() == before
    assert [r.round_no for r in store.rounds(deal)] == [1]
    assert store.search("twelve") == [] and store.search("New clause") == []


def test_each_distinct_clause_text_is_stored_once(store, deal_with_two_rounds):
    # Round 1 has 3 texts; round 2 repeats two of them and adds two.
    (count,) = store._conn.execute("SELECT count(*) FROM clause_texts").fetchone()
    assert count == 5


def test_deleting_a_deal_removes_its_rounds_and_search_hits(store, make_draft):
    acme, beta = store.create_deal("Acme"), store.create_deal("Beta")
    store.add_round(acme, make_draft([AUDIT, "Acme only: quokka clause."]), sender="us",
                    date="2024-01-01")
    beta_round = store.add_round(beta, make_draft([AUDIT]), sender="us", date="2024-01-01")
    store.delete_deal(acme)
    assert [d.name for d in store.deals()] == ["Beta"]
    assert store.search("quokka") == []
    assert [hit.deal_name for hit in store.search("audit")] == ["Beta"]
    assert store.clauses(beta_round)[0].text == AUDIT
    texts = store._conn.execute("SELECT text FROM clause_texts").fetchall()
    assert texts == [(AUDIT,)]
    for table in ("drafts", "originals", "original_pieces", "clauses", "tracked_changes", "comments",
                  "pairs"):
        (rows,) = store._conn.execute(
            f"SELECT count(*) FROM {table} WHERE {'draft_id' if table != 'drafts' else 'id'}"
            f" NOT IN (SELECT id FROM drafts WHERE deal_id = ?)", (beta,)).fetchone()
        assert rows == 0, table


def test_deleting_a_round_renumbers_later_rounds(store, deal_with_two_rounds, make_draft):
    deal, one, two, comparison, two_id = deal_with_two_rounds
    three = make_draft([CAP_24], name="r3.docx")
    three_pairs = (Pair("unchanged", ("c1",), ("c1",), False, (("=", CAP_24),), 1.0),)
    three_id = store.add_round(deal, three, sender="them", date="2024-03-01",
                               comparison=compare(two, three, three_pairs))
    store.delete_round(two_id)
    rounds = store.rounds(deal)
    assert [(r.id, r.round_no) for r in rounds] == [(rounds[0].id, 1), (three_id, 2)]
    # Round 3 was compared with the deleted round, so that comparison is gone.
    assert store.pairs(three_id) == () and rounds[1].changed_count is None
    assert store.search("New clause") == []
    fresh = (Pair("modified", ("c1",), ("c1",), True, (("-", CAP_12), ("+", CAP_24)), 0.8),)
    store.replace_comparison(three_id, compare(one, three, fresh))
    assert store.pairs(three_id) == fresh
    assert store.round(three_id).substantive_count == 1


def test_search_finds_clauses_across_deals_with_a_snippet(store, deal_with_two_rounds,
                                                          make_draft):
    deal, *_ = deal_with_two_rounds
    other = store.create_deal("Beta")
    store.add_round(other, make_draft(["The auditor may audit; audit, audit, audit."]),
                    sender="us", date="2024-01-01")
    hits = store.search("audit")
    assert [(h.deal_name, h.round_no) for h in hits] == [("Beta", 1), ("Acme API", 2),
                                                         ("Acme API", 1)]
    best = hits[0]
    assert best.clause_id == "c1" and best.heading == "Heading 1" and best.number == "1"
    open_, close = SNIPPET_MARKS
    assert f"{open_}audit{close}" in best.snippet


def test_search_understands_phrases_prefixes_and_accents(store, make_draft):
    deal = store.create_deal("Acme")
    store.add_round(deal, make_draft([AUDIT, "Les données du Client restent au Client.",
                                      "Months of fees: capped."]), sender="us",
                    date="2024-01-01")
    assert [h.clause_id for h in store.search('"independent auditor"')] == ["c1"]
    assert store.search('"auditor independent"') == []
    assert [h.clause_id for h in store.search("indep*")] == ["c1"]
    assert [h.clause_id for h in store.search("donnees")] == ["c2"]
    assert [h.clause_id for h in store.search("capped months")] == ["c3"]
    assert len(store.search("client", limit=1)) == 1


@pytest.mark.parametrize("query", [
    '"', 'AND (', "NEAR(", "*", "-", "a:b", ")", "'", "OR", "^x", '""""', "", "   ",
    "audit AND", "NOT audit", "audit OR (", "{audit}", "text:audit", "c1 -c2", "\x00",
])
def test_search_never_fails_on_odd_queries(store, deal_with_two_rounds, query):
    assert isinstance(store.search(query), list)


def test_operators_are_plain_words(store, deal_with_two_rounds):
    assert store.search("audit AND nonsense") == []
    assert fts_query('cap* "12 months" AND (') == '"cap"* "12 months" "AND"'


def test_search_survives_any_text(make_draft):
    with Store(None) as store:
        deal = store.create_deal("Acme")
        store.add_round(deal, make_draft([AUDIT, CAP_12]), sender="us", date="2024-01-01")

        @settings(max_examples=300, deadline=None, database=None)
        @given(st.text())
        def check(query):
            assert isinstance(store.search(query), list)

        check()
