"""Search across deals in the store: filters by deal and position, folding rounds, a position in every deal."""

from __future__ import annotations

import pytest

from desktop.core.model import Evidence, Finding, Suggestion
from desktop.store.search import FoldedHit, SearchHit, settled_round
from tests.store.conftest import build_draft

AUDIT = "The Customer may audit the Supplier's records once a year on {notice} days' notice."
CAP = "Each party's liability is capped at the fees paid in the {months} months before the claim."
OTHER = "Either party may terminate this Agreement for convenience on 90 days' notice to audit."


def _audit(cid: str = "c1", **values) -> Finding:
    return Finding("audit_rights", "Audit rights", (cid,), (Evidence(cid, 0, 20),), values)


@pytest.fixture
def deals(store):
    """Return (store, ids): Acme with three rounds, Beta with two, Gamma with none.

    Acme's audit clause changes in round 2 and stays; Beta's never changes. The audit finding
    cites c1; clause c3 mentions audit too but is no finding's.
    """
    acme = store.create_deal("Acme AI", counterparty="Acme AI, Inc.")
    beta = store.create_deal("beta labs")
    gamma = store.create_deal("Gamma")
    for round_no, (notice, months, status) in enumerate(
            [(30, 12, "open"), (10, 12, "compromise"), (10, 18, "compromise")], start=1):
        texts = [AUDIT.format(notice=notice), CAP.format(months=months), OTHER]
        store.add_round(acme, build_draft(texts), sender="them" if round_no % 2 else "us",
                        date=f"2024-01-0{round_no}", findings=(_audit(notice_days=notice),),
                        suggestions=(Suggestion("audit_rights", status, f"round {round_no}"),))
    for round_no, status in enumerate(["open", "won"], start=1):
        texts = [AUDIT.format(notice=60), CAP.format(months=24), OTHER]
        store.add_round(beta, build_draft(texts), sender="them", date=f"2024-02-0{round_no}",
                        findings=(_audit(notice_days=60),),
                        suggestions=(Suggestion("audit_rights", status, "beta"),))
    return store, {"acme": acme, "beta": beta, "gamma": gamma}


def _places(hits):
    return sorted((hit.deal_name, hit.round_no, hit.clause_id) for hit in hits)


def test_a_search_finds_clauses_of_every_deal(deals):
    store, _ = deals
    hits = store.search("audit")
    assert {hit.deal_name for hit in hits} == {"Acme AI", "beta labs"}
    assert all(type(hit) is SearchHit for hit in hits)
    assert "⟦audit⟧" in hits[0].snippet


def test_the_deal_filter_keeps_one_deal(deals):
    store, ids = deals
    hits = store.search("audit", deal_id=ids["beta"])
    assert _places(hits) == [("beta labs", r, c) for r in (1, 2) for c in ("c1", "c3")]
    assert store.search("audit", deal_id=ids["gamma"]) == []


def test_the_position_filter_keeps_the_clauses_its_findings_cite(deals):
    store, ids = deals
    hits = store.search("audit", position="audit_rights")
    assert _places(hits) == sorted([("Acme AI", r, "c1") for r in (1, 2, 3)]
                                   + [("beta labs", r, "c1") for r in (1, 2)])
    assert store.search("liability", position="audit_rights") == []
    both = store.search("audit", position="audit_rights", deal_id=ids["acme"])
    assert _places(both) == [("Acme AI", r, "c1") for r in (1, 2, 3)]
    assert store.search("audit", position="no_such_position") == []


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 100])
def test_filters_give_what_filtering_every_hit_gives(deals, limit):
    store, ids = deals
    every = store.search("audit notice", limit=1000)
    filtered = store.search("audit notice", limit=limit, deal_id=ids["acme"])
    assert filtered == [hit for hit in every if hit.deal_id == ids["acme"]][:limit]


def test_folding_gives_each_text_once_per_deal_in_its_latest_round(deals):
    store, ids = deals
    hits = store.search("audit", fold=True)
    assert all(isinstance(hit, FoldedHit) for hit in hits)
    folded = sorted((h.deal_name, h.round_no, h.clause_id, h.other_rounds) for h in hits)
    assert folded == [
        ("Acme AI", 1, "c1", ()),  # 30 days' notice: round 1 only
        ("Acme AI", 3, "c1", (2,)),  # 10 days' notice: rounds 2 and 3
        ("Acme AI", 3, "c3", (1, 2)),
        ("beta labs", 2, "c1", (1,)),
        ("beta labs", 2, "c3", (1,)),
    ]
    one = store.search("audit", fold=True, deal_id=ids["beta"], position="audit_rights")
    assert [(h.round_no, h.clause_id, h.other_rounds) for h in one] == [(2, "c1", (1,))]


def test_hostile_queries_find_nothing_rather_than_fail(deals):
    store, _ = deals
    for query in ('"', "AND (", "NEAR(", "-", "*", "\x00audit", "a" * 5000):
        store.search(query, position="audit_rights", fold=True)
    assert store.search("audit", limit=0, deal_id=1) == []


def test_a_position_across_deals_gives_each_deals_final_value_and_status(deals):
    store, ids = deals
    outcomes = store.position_across_deals("audit_rights")
    assert [o.deal_name for o in outcomes] == ["Acme AI", "beta labs"]  # Gamma has no round
    acme, beta = outcomes
    assert (acme.round_no, acme.status, acme.settled_round) == (3, "compromise", 2)
    assert acme.finding.values == {"notice_days": 10} and acme.numbers == {"c1": "1"}
    assert acme.suggested and acme.reason == "round 3"
    assert (beta.round_no, beta.status, beta.settled_round) == (2, "won", 2)
    assert acme.draft_id == store.rounds(ids["acme"])[-1].id


def test_a_position_missing_from_a_deal_reads_as_not_found(deals):
    store, ids = deals
    store.set_status(ids["beta"], "liability_cap", store.rounds(ids["beta"])[-1].id, "open", "")
    outcomes = {o.deal_name: o for o in store.position_across_deals("liability_cap")}
    assert outcomes["Acme AI"].finding is None and outcomes["Acme AI"].status == ""
    assert outcomes["beta labs"].status == "open" and outcomes["beta labs"].settled_round is None


def test_a_confirmed_status_in_the_last_round_is_the_outcome(deals):
    store, ids = deals
    last = store.rounds(ids["acme"])[-1].id
    store.set_status(ids["acme"], "audit_rights", last, "won", "They gave in.")
    acme = store.position_across_deals("audit_rights")[0]
    assert (acme.status, acme.suggested, acme.settled_round) == ("won", False, 3)


@pytest.mark.parametrize("history, expected", [
    ([], None),
    ([(1, "open")], None),
    ([(1, "open"), (2, "won")], 2),
    ([(1, "won"), (2, "won"), (3, "won")], 1),
    ([(1, "won"), (2, "open"), (3, "won")], 3),
    ([(1, "compromise"), (2, "not_addressed")], None),
])
def test_the_round_a_position_was_settled_in(history, expected):
    assert settled_round(history) == expected
