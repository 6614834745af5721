"""Suggested statuses, read as a negotiator reads a round: who sent it, which way it moved, our ask.

The values layer is replaced by a small reference version (larger numbers favour the side a
ValueSpec names; choices run from best for the customer to best for the vendor) so these tests
pin down the record's rules, not the extraction's wording.
"""

from __future__ import annotations

import re

import pytest

from desktop.core import values as values_module
from desktop.core.model import Clause, Comparison, Evidence, Finding, Pair, Suggestion
from desktop.core.playbook import Playbook, PositionSpec, Stance, ValueSpec
from desktop.core.record import Standing, assess_round, outcome, suggest_round

CAP = PositionSpec(
    key="liability_cap", title="Liability cap", group="Liability", explanation="",
    values=(ValueSpec("cap_months", "number", "Cap", "months", favours="customer"),),
    customer=Stance("24 months of fees", "18 months of fees", "12 months of fees"),
    vendor=Stance("6 months of fees", "12 months of fees", "24 months of fees"), first=True)
TRAINING = PositionSpec(
    key="training_use", title="Training use", group="Data", explanation="",
    values=(ValueSpec("training", "choice", "Training",
                      choices=("prohibited", "opt-in", "opt-out", "de-identified", "permitted")),),
    customer=Stance("prohibited", "opt-in", "de-identified"),
    vendor=Stance("permitted", "de-identified", "opt-in"))
AUDIT = PositionSpec(key="audit_rights", title="Audit rights", group="Liability", explanation="",
                     values=(ValueSpec("audits_per_year", "number", "Audits", "a year",
                                       favours="customer"),
                             ValueSpec("notice_days", "number", "Notice", "days",
                                       favours="vendor")))
PLAYBOOK = Playbook("test", (CAP, TRAINING, AUDIT))
ASKS = {p.key: p.customer.ask for p in PLAYBOOK.positions}
FALLBACKS = {p.key: p.customer.fallback for p in PLAYBOOK.positions}
VENDOR_ASKS = {p.key: p.vendor.ask for p in PLAYBOOK.positions}
VENDOR_FALLBACKS = {p.key: p.vendor.fallback for p in PLAYBOOK.positions}


def _extract(spec, text):
    found = {}
    for value in spec.values:
        if value.kind == "number" and (match := re.search(r"\d+", text)):
            found[value.name] = int(match.group())
        elif value.kind == "choice":
            hits = [c for c in value.choices if c in text]
            if hits:
                found[value.name] = hits[0]
    return found


def _describe(spec, values):
    if "cap_months" in values:
        return f"{values['cap_months']} mo fees"
    return ", ".join(str(v) for v in values.values())


def _compare(spec, before, after):
    verdicts = {}
    for value in spec.values:
        name = value.name
        if name not in before and name not in after:
            continue
        if name not in before or name not in after:
            verdicts[name] = "unknown"
        elif before[name] == after[name]:
            verdicts[name] = "same"
        elif value.kind == "choice":
            better = value.choices.index(after[name]) < value.choices.index(before[name])
            verdicts[name] = "customer" if better else "vendor"
        else:
            other = "vendor" if value.favours == "customer" else "customer"
            verdicts[name] = value.favours if after[name] > before[name] else other
    return verdicts


@pytest.fixture(autouse=True)
def reference_values(monkeypatch):
    """Install the reference values layer for every test in this file."""
    monkeypatch.setattr(values_module, "extract_values", _extract)
    monkeypatch.setattr(values_module, "describe_values", _describe)
    monkeypatch.setattr(values_module, "compare_values", _compare)


def cap(months, clause="c1"):
    """Return a liability-cap finding with a cap of `months` months of fees."""
    values = {} if months is None else {"cap_months": months}
    return Finding("liability_cap", "Liability cap", (clause,), (Evidence(clause, 0, 10),), values)


def training(choice, clause="c2"):
    """Return a training-use finding."""
    return Finding("training_use", "Training use", (clause,), (Evidence(clause, 0, 10),),
                   {"training": choice})


def one(suggestions, key="liability_cap") -> Suggestion:
    """Return the suggestion for `key`."""
    (found,) = [s for s in suggestions if s.key == key]
    return found


def customer_round(previous, current, sender, **kwargs):
    """Return the suggestions of a round of a deal where we act for the customer."""
    kwargs.setdefault("round_no", 3)
    return suggest_round(PLAYBOOK, previous, current, sender=sender, our_side="customer",
                         asks=ASKS, fallbacks=FALLBACKS, **kwargs)


def vendor_round(previous, current, sender, *, our_side="vendor", **kwargs):
    """Return the suggestions of a round of a deal where we act for the vendor."""
    kwargs.setdefault("round_no", 3)
    return suggest_round(PLAYBOOK, previous, current, sender=sender, our_side=our_side,
                         asks=VENDOR_ASKS, fallbacks=VENDOR_FALLBACKS, **kwargs)


# --- the shape ---------------------------------------------------------------------------------

def test_one_suggestion_per_playbook_position_in_playbook_order():
    suggestions = customer_round(None, [training("permitted")], "them", round_no=1)
    assert [s.key for s in suggestions] == ["liability_cap", "training_use", "audit_rights"]
    assert all("\n" not in s.reason and s.reason.endswith(".") for s in suggestions)


def test_the_sender_must_be_us_or_them():
    with pytest.raises(ValueError, match="sender"):
        customer_round(None, [], "vendor")


# --- their draft: movement toward us is them giving way ----------------------------------------

def test_their_counter_part_way_to_our_ask_is_a_compromise():
    got = one(customer_round([cap(12)], [cap(18)], "them", previous_sender="us"))
    assert got == Suggestion(
        "liability_cap", "compromise",
        "Liability cap went from 12 mo fees to 18 mo fees in their counter (round 3); "
        "our ask was 24 mo fees: compromise.")


def test_their_counter_reaching_our_ask_is_won():
    got = one(customer_round([cap(12)], [cap(24)], "them"))
    assert got.status == "won"
    assert "from 12 mo fees to 24 mo fees" in got.reason and got.reason.endswith(": won.")


def test_their_counter_going_beyond_our_ask_is_won():
    assert one(customer_round([cap(12)], [cap(36)], "them")).status == "won"


def test_their_counter_taking_back_our_gain_is_not_our_concession():
    got = one(customer_round([cap(24)], [cap(12)], "them", previous_statuses={"liability_cap": "open"}))
    assert got.status == "open"
    assert got.reason == ("Liability cap went from 24 mo fees to 12 mo fees in their counter "
                          "(round 3), away from our ask of 24 mo fees: open until we accept it.")


def test_their_move_our_way_without_a_comparable_ask_is_a_compromise():
    got = suggest_round(PLAYBOOK, [cap(12)], [cap(18)], sender="them", our_side="customer",
                        asks={}, round_no=2)
    assert got[0].status == "compromise" and "our ask" not in got[0].reason


def test_a_choice_moving_our_way_in_their_draft():
    assert one(customer_round([training("permitted")], [training("opt-in")], "them"),
               "training_use").status == "compromise"
    assert one(customer_round([training("permitted")], [training("prohibited")], "them"),
               "training_use").status == "won"


# --- each side's move is measured from where that side stood last ---------------------------------

def test_their_counter_is_measured_from_their_last_draft_not_our_redline():
    # Round 1 theirs: 12; round 2 ours: 24; round 3 theirs: 18 — they moved our way.
    got = one(customer_round([cap(24)], [cap(18)], "them", sender_previous=[cap(12)],
                             previous_statuses={"liability_cap": "open"}))
    assert got == Suggestion(
        "liability_cap", "compromise",
        "Liability cap went from 12 mo fees to 18 mo fees in their counter (round 3); "
        "our ask was 24 mo fees: compromise.")


def test_their_counter_back_at_their_last_position_rejects_our_change():
    got = one(customer_round([cap(24)], [cap(12)], "them", sender_previous=[cap(12)]))
    assert got == Suggestion(
        "liability_cap", "open",
        "They held at 12 mo fees in their counter (round 3) against our 24 mo fees; "
        "our ask was 24 mo fees: open until we accept it.")


def test_our_reply_holding_our_ask_against_their_offer_is_open():
    got = one(customer_round([cap(18)], [cap(24)], "us", sender_previous=[cap(24)], round_no=4))
    assert got.status == "open"
    assert got.reason.startswith("We held at 24 mo fees in our draft (round 4) against their 18 mo fees")


def test_our_reply_coming_down_from_our_last_ask():
    # We asked 24, they offered 14; we now offer 20 (fallback 18) or 16 (below it).
    assert one(customer_round([cap(14)], [cap(20)], "us", sender_previous=[cap(24)])).status == "compromise"
    got = one(customer_round([cap(14)], [cap(16)], "us", sender_previous=[cap(24)]))
    assert got.status == "conceded"
    assert got.reason.startswith("Liability cap went from 24 mo fees to 16 mo fees in our draft")


# --- our draft: movement toward us is our counter, toward them our concession ---------------------

def test_our_redline_asking_for_more_is_open():
    got = one(customer_round([cap(12)], [cap(24)], "us", round_no=2))
    assert got.status == "open"
    assert got.reason == ("Liability cap went from 12 mo fees to 24 mo fees in our draft (round 2); "
                          "our ask was 24 mo fees: open until they accept it.")


def test_our_draft_giving_ground_below_our_fallback_is_conceded():
    got = one(customer_round([cap(24)], [cap(12)], "us", previous_sender="us"))
    assert got.status == "conceded"
    assert "from 24 mo fees to 12 mo fees in our draft (round 3)" in got.reason
    assert "our ask was 24 mo fees" in got.reason


def test_our_draft_coming_down_to_our_fallback_is_a_compromise():
    got = one(customer_round([cap(24)], [cap(18)], "us", previous_sender="us"))
    assert got.status == "compromise"
    assert "within our fallback of 18 mo fees" in got.reason


# --- leaving the other side's proposal untouched accepts it ---------------------------------------

@pytest.mark.parametrize("months, status", [(12, "conceded"), (18, "compromise"), (24, "won")])
def test_our_reply_keeping_their_value_accepts_it(months, status):
    got = one(customer_round([cap(months)], [cap(months)], "us", round_no=4,
                             previous_statuses={"liability_cap": "open"}, previous_sender="them"))
    assert got.status == status
    assert got.reason.startswith(f"We kept their terms ({months} mo fees) in our draft (round 4)")


def test_their_reply_keeping_our_counter_accepts_it():
    got = one(customer_round([cap(24)], [cap(24)], "them", previous_statuses={"liability_cap": "open"},
                             previous_sender="us"))
    assert got == Suggestion("liability_cap", "won",
                             "They accepted our terms (24 mo fees) in their draft (round 3); "
                             "it meets our ask of 24 mo fees: won.")


def test_an_unchanged_position_keeps_a_settled_status():
    got = one(customer_round([cap(18)], [cap(18)], "them", previous_statuses={"liability_cap": "compromise"}))
    assert got == Suggestion("liability_cap", "compromise",
                             "Unchanged in their draft (round 3): 18 mo fees; still compromise.")


def test_an_unchanged_position_without_a_comparable_ask_stays_open():
    got = suggest_round(PLAYBOOK, [cap(None)], [cap(None)], sender="us", our_side="customer",
                        asks={"liability_cap": "a reasonable cap"}, round_no=2,
                        previous_statuses={"liability_cap": "open"}, previous_sender="them")
    assert got[0] == Suggestion("liability_cap", "open",
                                "We kept their wording in our draft (round 2); check it against "
                                "our ask (a reasonable cap): open.")


def test_our_own_unchanged_proposal_is_not_accepted_by_us_again():
    got = one(customer_round([cap(24)], [cap(24)], "us", previous_sender="us",
                             previous_statuses={"liability_cap": "open"}))
    assert got.status == "open"


# --- appearing, disappearing, absent ----------------------------------------------------------

def test_a_position_first_in_their_draft_is_open():
    got = one(customer_round([], [training("de-identified")], "them"), "training_use")
    assert got == Suggestion("training_use", "open",
                             "First appears in their draft (round 3): de-identified; "
                             "our ask: prohibited.")


def test_the_first_round_opens_every_position_it_addresses():
    suggestions = customer_round(None, [cap(12)], "them", round_no=1)
    assert one(suggestions).status == "open"
    assert one(suggestions).reason.startswith("First appears in their draft (round 1): 12 mo fees")
    assert one(suggestions, "audit_rights") == Suggestion("audit_rights", "not_addressed",
                                                          "Not in their draft (round 1).")


def test_a_position_in_neither_draft_is_not_addressed():
    got = one(customer_round([cap(12)], [cap(12)], "us"), "training_use")
    assert got == Suggestion("training_use", "not_addressed",
                             "Not in our draft (round 3), nor in round 2.")


def test_a_dropped_position_is_flagged_for_review():
    got = one(customer_round([cap(24)], [], "them"))
    assert got == Suggestion("liability_cap", "open",
                             "Dropped from their draft (round 3); round 2 had 24 mo fees: review.")


# --- changes that values do not show ------------------------------------------------------------

def _clauses(text):
    return (Clause("c1", "9.", "9.3", "Exceptions", 1, None, text),)


def _comparison(old, new, substantive=True):
    kind = "unchanged" if old == new else "modified"
    pair = Pair(kind, ("c1",), ("c1",), substantive, (("-", old), ("+", new)), 0.8)
    return Comparison("a", "b", _clauses(old), _clauses(new), (pair,))


def test_a_reworded_clause_with_the_same_values_is_open_for_review():
    comparison = _comparison("Cap of 12 months, except fraud.", "Cap of 12 months, no exceptions.")
    finding = Finding("liability_cap", "Liability cap", ("c1",), (Evidence("c1", 0, 31),),
                      {"cap_months": 12})
    got = one(customer_round([finding], [finding], "them", comparison=comparison,
                             previous_statuses={"liability_cap": "won"}))
    assert got == Suggestion("liability_cap", "open",
                             "Clause changed; review: clause 9.3 (Exceptions) reworded in their "
                             "draft (round 3); values unchanged (12 mo fees).")


def test_a_change_outside_the_evidence_or_a_cosmetic_one_does_not_reopen():
    finding = Finding("liability_cap", "Liability cap", ("c1",), (Evidence("c1", 0, 16),),
                      {"cap_months": 12})
    outside = _comparison("Cap of 12 months. Old tail.", "Cap of 12 months. New tail.")
    cosmetic = _comparison("Cap of 12 months, except fraud.", "Cap of 12 months, except Fraud.",
                           substantive=False)
    for comparison in (outside, cosmetic):
        got = one(customer_round([finding], [finding], "them", comparison=comparison,
                                 previous_statuses={"liability_cap": "won"}))
        assert got.status == "won"


def test_values_moving_both_ways_are_open_for_review():
    before = Finding("audit_rights", "Audit rights", ("c3",), (), {"audits_per_year": 1, "notice_days": 10})
    after = Finding("audit_rights", "Audit rights", ("c3",), (), {"audits_per_year": 2, "notice_days": 30})
    got = one(customer_round([before], [after], "them"), "audit_rights")
    assert got.status == "open" and "some of it our way, some theirs; review" in got.reason


def test_a_value_stated_for_the_first_time_is_open_for_review():
    got = one(customer_round([cap(None)], [cap(12)], "them"))
    assert got.status == "open"
    assert got.reason == ("Liability cap now states 12 mo fees (nothing before) in their draft "
                          "(round 3); not clear whom it favours: review.")


# --- the same moves, acting for the vendor ---------------------------------------------------------

def test_for_the_vendor_a_higher_cap_in_their_counter_is_pushback():
    got = one(vendor_round([cap(12)], [cap(18)], "them"))
    assert got.status == "open" and "away from our ask of 6 mo fees" in got.reason


@pytest.mark.parametrize("our_side", ["vendor", "data_provider"])
def test_for_the_vendor_a_lower_cap_in_their_counter_is_a_gain(our_side):
    assert one(vendor_round([cap(24)], [cap(12)], "them", our_side=our_side)).status == "compromise"
    assert one(vendor_round([cap(24)], [cap(6)], "them", our_side=our_side)).status == "won"


def test_for_the_vendor_raising_the_cap_ourselves_is_a_concession():
    assert one(vendor_round([cap(6)], [cap(24)], "us", previous_sender="us")).status == "conceded"
    assert one(vendor_round([cap(6)], [cap(12)], "us", previous_sender="us")).status == "compromise"


def test_for_the_vendor_keeping_the_customers_training_ban_is_conceded():
    got = one(vendor_round([training("prohibited")], [training("prohibited")], "us",
                           previous_statuses={"training_use": "open"}), "training_use")
    assert got.status == "conceded" and got.reason.startswith("We kept their terms (prohibited)")


# --- outcome and standing --------------------------------------------------------------------

def test_the_outcome_is_the_status_of_the_final_round():
    assert outcome(["open", "compromise", "won"]) == "won"
    assert outcome({3: "conceded", 1: "open", 2: "won"}) == "conceded"
    assert outcome(["open", "compromise", None]) == "compromise"
    assert outcome([]) == "not_addressed"

    class Stored:
        status = "won"

    assert outcome([Stored()]) == "won"


def test_standing_follows_the_rounds(monkeypatch):
    standing = Standing.fresh(PLAYBOOK, "customer")
    assert standing.asks["liability_cap"] == "24 months of fees" and standing.round_no == 0
    from desktop.core import positions

    drafts = {"r1": [cap(12)], "r2": [cap(24)], "r3": [cap(18)]}
    monkeypatch.setattr(positions, "find_positions", lambda clauses, playbook: tuple(drafts[clauses[0].id]))
    statuses = []
    for name, sender in (("r1", "them"), ("r2", "us"), ("r3", "them")):
        clauses = (Clause(name, "", "", "", 1, None, ""),)
        findings, suggestions = assess_round(PLAYBOOK, clauses, standing, sender=sender)
        statuses.append(one(suggestions).status)
        standing = standing.after(sender, findings, suggestions)
    assert statuses == ["open", "open", "compromise"]
    assert standing.round_no == 3 and standing.sender == "them"
    assert standing.statuses["liability_cap"] == "compromise"
