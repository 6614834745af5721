"""The key-positions record on disk: findings, stances, statuses and the user's playbook come back whole."""

from __future__ import annotations

import pytest

from desktop.core.model import Evidence, Finding, Suggestion
from desktop.core.playbook import Cues, Playbook, PositionSpec, Stance, ValueSpec
from desktop.store import DealPosition, PositionStatus, StoreError
from desktop.store import positions as store_positions

CAP = PositionSpec(
    key="liability_cap", title="Liability cap", group="Liability", explanation="The most either side pays.",
    values=(ValueSpec("cap_months", "number", "Cap", "months", favours="customer"),),
    customer=Stance("24 months of fees", "18 months of fees", "12 months of fees"),
    vendor=Stance("6 months of fees", "12 months of fees", "24 months of fees"),
    cues=Cues(headings=("limitation of liability",)), first=True)
AUDIT = PositionSpec(key="audit_rights", title="Audit rights", group="Liability", explanation="",
                     customer=Stance("yearly, independent auditor"), first=True)
TRAINING = PositionSpec(key="training_use", title="Training use", group="Data", explanation="",
                        customer=Stance("prohibited", "opt-in", "de-identified"))
SHIPPED = Playbook("AI contracts", (CAP, AUDIT, TRAINING))

CAP_FINDING = Finding("liability_cap", "Liability cap", ("c1",), (Evidence("c1", 0, 20),),
                      {"cap_months": 12, "carve_outs": ("data breach", "confidentiality"),
                       "fixed": {"amount": 1000000.0, "currency": "USD"}, "super_cap": True})
AUDIT_FINDING = Finding("audit_rights", "Audit rights", ("c2", "c3"),
                        (Evidence("c2", 0, 5), Evidence("c3", 3, 9)), {})
SUGGESTIONS = (Suggestion("liability_cap", "open", "First appears in their draft (round 1): 12 mo fees."),
               Suggestion("audit_rights", "open", "First appears in their draft (round 1)."),
               Suggestion("training_use", "not_addressed", "Not in their draft (round 1)."))


@pytest.fixture
def deal(store):
    """Return the id of a deal acting for the customer, its positions seeded."""
    deal_id = store.create_deal("Acme API")
    store.ensure_deal_positions(deal_id, SHIPPED, "customer")
    return deal_id


@pytest.fixture
def first_round(store, deal, make_draft):
    """Return the draft id of round 1, stored with its findings and suggestions."""
    return store.add_round(deal, make_draft(["Cap: 12 months.", "Audit.", "Audit again."]),
                           sender="them", date="2024-02-01",
                           findings=(CAP_FINDING, AUDIT_FINDING), suggestions=SUGGESTIONS)


def test_findings_come_back_equal(store, first_round):
    assert store.findings(first_round) == (CAP_FINDING, AUDIT_FINDING)


def test_suggestions_are_stored_as_unconfirmed_statuses(store, deal, first_round):
    statuses = store.position_statuses(deal)
    assert statuses == {(s.key, first_round): PositionStatus(s.status, s.reason, True)
                        for s in SUGGESTIONS}


def test_a_round_without_a_record_stores_nothing_for_it(store, deal, make_draft):
    draft_id = store.add_round(deal, make_draft(["a"]), sender="us", date="2024-01-01")
    assert store.findings(draft_id) == () and store.position_statuses(deal) == {}


def test_deal_positions_are_seeded_from_our_side_of_the_playbook(store):
    customer = store.create_deal("Customer deal")
    vendor = store.create_deal("Vendor deal", our_side="vendor")
    assert store.ensure_deal_positions(customer, SHIPPED, "customer")[0] == DealPosition(
        "liability_cap", "Liability cap", "24 months of fees", "18 months of fees",
        "12 months of fees", 0)
    store.ensure_deal_positions(vendor, SHIPPED, "data_provider")
    assert store.deal_positions(vendor)[0].ask == "6 months of fees"
    assert [p.key for p in store.deal_positions(customer)] == list(SHIPPED.keys())


def test_seeding_again_keeps_the_users_stances_and_adds_new_positions(store, deal):
    store.set_stance(deal, "liability_cap", ask="36 months", fallback="24 months", walk_away="")
    later = Playbook("AI contracts", (*SHIPPED.positions,
                                      PositionSpec("escrow", "Source code escrow", "IP", "")))
    positions = store.ensure_deal_positions(deal, later, "customer")
    assert [p.key for p in positions] == ["liability_cap", "audit_rights", "training_use", "escrow"]
    assert positions[0].ask == "36 months" and positions[3].ordinal == 3
    assert store.ensure_deal_positions(deal, later, "customer") == positions


def test_set_stance_returns_the_stance_it_replaced(store, deal):
    before = store.deal_positions(deal)[0]
    assert store.set_stance(deal, "liability_cap", ask="36 months", fallback="", walk_away="") == before
    assert store.deal_positions(deal)[0].ask == "36 months"
    with pytest.raises(StoreError, match="no longer part of the deal"):
        store.set_stance(deal, "nonsense", ask="", fallback="", walk_away="")


def test_set_status_returns_the_previous_value_for_undo(store, deal, first_round):
    suggested = PositionStatus("open", SUGGESTIONS[0].reason, True)
    confirmed = PositionStatus("open", SUGGESTIONS[0].reason, False)
    assert store.set_status(deal, "liability_cap", first_round, "open", SUGGESTIONS[0].reason) == suggested
    assert store.position_statuses(deal)[("liability_cap", first_round)] == confirmed
    overridden = store.set_status(deal, "liability_cap", first_round, "conceded", "We let it go.")
    assert overridden == confirmed
    # Undo puts back exactly what was there, suggestion flag included.
    store.set_status(deal, "liability_cap", first_round, suggested.status, suggested.reason,
                     suggested=suggested.suggested)
    assert store.position_statuses(deal)[("liability_cap", first_round)] == suggested


def test_a_status_for_a_position_without_one_returns_none_and_clears(store, deal, first_round):
    assert store.set_status(deal, "escrow", first_round, "won", "They agreed.") is None
    assert store.clear_status(deal, "escrow", first_round) == PositionStatus("won", "They agreed.", False)
    assert ("escrow", first_round) not in store.position_statuses(deal)
    assert store.clear_status(deal, "escrow", first_round) is None


def test_statuses_are_checked(store, deal, first_round, make_draft):
    with pytest.raises(ValueError, match="status must be one of"):
        store.set_status(deal, "liability_cap", first_round, "lost", "")
    other = store.create_deal("Other")
    with pytest.raises(StoreError, match="no longer exists"):
        store.set_status(other, "liability_cap", first_round, "won", "")
    with pytest.raises(ValueError, match="status must be one of"):
        store.add_round(deal, make_draft(["x"]), sender="us", date="2024-02-02",
                        suggestions=(Suggestion("liability_cap", "lost", ""),))
    assert len(store.rounds(deal)) == 1


def test_findings_must_cite_the_drafts_clauses(store, deal, make_draft):
    stray = Finding("liability_cap", "Liability cap", ("c9",), (), {})
    with pytest.raises(ValueError, match="c9"):
        store.add_round(deal, make_draft(["a"]), sender="them", date="2024-02-01", findings=(stray,))
    assert store.rounds(deal) == []


def test_add_round_is_one_transaction_with_its_record(store, deal, first_round, make_draft,
                                                     monkeypatch):
    before = store._conn.serialize()

    def fail(*args):
        raise RuntimeError("disk pulled out")

    # Fails after the draft, its clauses, marks and findings are written.
    monkeypatch.setattr(store_positions, "insert_suggestions", fail)
    with pytest.raises(RuntimeError, match="disk pulled out"):
        store.add_round(deal, make_draft(["Cap: 18 months.", "Audit."]), sender="us",
                        date="2024-02-05", findings=(CAP_FINDING,), suggestions=SUGGESTIONS)
    assert store._conn.serialize() == before
    assert len(store.rounds(deal)) == 1


def test_deleting_a_round_or_deal_takes_its_record(store, deal, first_round):
    store.delete_round(first_round)
    assert store.position_statuses(deal) == {}
    assert store._conn.execute("SELECT count(*) FROM findings").fetchone() == (0,)
    store.delete_deal(deal)
    assert store._conn.execute("SELECT count(*) FROM deal_positions").fetchone() == (0,)


def test_standing_tells_the_next_round_where_the_deal_stands(store, deal, first_round, make_draft):
    standing = store.standing(deal)
    assert (standing.our_side, standing.round_no, standing.sender) == ("customer", 1, "them")
    assert standing.findings == (CAP_FINDING, AUDIT_FINDING)
    assert standing.statuses == {"liability_cap": "open", "audit_rights": "open",
                                 "training_use": "not_addressed"}
    assert standing.asks["liability_cap"] == "24 months of fees"
    assert standing.fallbacks["training_use"] == "opt-in"
    store.add_round(deal, make_draft(["Cap: 24 months."]), sender="us", date="2024-02-02",
                    findings=(), suggestions=(Suggestion("liability_cap", "open", "Ours."),))
    later = store.standing(deal)
    assert later.sender == "us" and later.findings == ()
    assert later.last_by_sender == {"them": (CAP_FINDING, AUDIT_FINDING), "us": ()}
    fresh = store.standing(store.create_deal("Empty"))
    assert fresh.round_no == 0 and fresh.findings == () and fresh.asks == {}


# --- the user's playbook ---------------------------------------------------------------------------

def test_user_positions_round_trip_and_replace_by_key(store):
    mine = {"key": "model_cards", "title": "Model cards", "group": "AI",
            "values": [{"name": "published", "kind": "flag", "favours": "customer"}],
            "customer": {"ask": "published for every model"}}
    store.save_user_position(mine)
    store.save_user_position({"key": "liability_cap", "title": "Cap on liability"})
    assert store.user_positions() == [mine, {"key": "liability_cap", "title": "Cap on liability"}]
    store.save_user_position({**mine, "title": "Model and system cards"})
    assert [p["title"] for p in store.user_positions()] == ["Model and system cards", "Cap on liability"]
    store.delete_user_position("model_cards")
    assert [p["key"] for p in store.user_positions()] == ["liability_cap"]


@pytest.mark.parametrize("raw", [{"title": "No key"}, {"key": "x"}, {"key": " ", "title": "Blank"}])
def test_a_user_position_needs_a_key_and_a_title(store, raw):
    with pytest.raises(StoreError):
        store.save_user_position(raw)
    assert store.user_positions() == []


def test_the_playbook_is_the_shipped_one_with_the_users_laid_over_it(store):
    store.save_user_position({"key": "model_cards", "title": "Model cards", "first": False})
    store.save_user_position({"key": "training_use", "title": "Training on our data",
                              "customer": {"ask": "never"}})
    playbook = store.playbook(SHIPPED)
    assert playbook.keys() == ("liability_cap", "audit_rights", "training_use", "model_cards")
    training = playbook.get("training_use")
    assert training.title == "Training on our data" and training.customer.ask == "never"
    assert training.group == "Data" and not training.user_defined  # the rest is the shipped one's
    assert playbook.get("model_cards").user_defined
    assert store.playbook(SHIPPED).get("liability_cap") is CAP
    # Unchanged, it is the same object (its compiled detector is kept per object).
    assert store.playbook(SHIPPED) is playbook
    store.delete_user_position("training_use")
    assert store.playbook(SHIPPED).get("training_use") == TRAINING
    assert store.playbook(SHIPPED) is not playbook


def test_an_edited_position_keeps_the_shipped_cues_unless_it_gives_its_own(store):
    store.save_user_position({"key": "liability_cap", "title": "Cap"})
    assert store.playbook(SHIPPED).get("liability_cap").cues == CAP.cues
    store.save_user_position({"key": "liability_cap", "title": "Cap",
                              "cues": {"headings": ["caps"]}, "first": False})
    edited = store.playbook(SHIPPED)
    assert edited.get("liability_cap").cues == Cues(headings=("caps",))
    assert edited.keys()[:1] == ("audit_rights",)  # no longer one of the three named first
