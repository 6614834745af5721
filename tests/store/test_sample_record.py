"""End to end: importing the sample deal suggests the statuses a customer's lawyer would record.

The sample deal is four public versions of the Common Paper Cloud Service Agreement, played as
four rounds: their paper (v1.0), our redline (v1.0 final), their counter (v2.0) and our reply
(v2.0, April 2024). We act for the customer. What the drafts say, and what the lawyer records:

Liability cap. Every round caps liability at the cover page's "General Cap Amount", with an
"Increased Cap Amount" for Increased Claims (a super-cap) and "Unlimited Claims" outside the
cap; no number is ever written into these terms, so nothing can be won or conceded against
our ask of 24 months of fees, and the position stays open throughout:
  1 them  open: first appears.
  2 us    open: we reworded 9.3 (Exceptions) so the exceptions apply outright, values unchanged.
  3 them  open: their counter rebuilt section 8 (8.1(a)/(b), a confidentiality exception to
          the damages waiver, and the caps now reach negligence claims): review.
  4 us    open: our reply keeps their section 8 as it stands; the amount still has to be
          checked against our ask on the cover page.
Training use. Version 1 says nothing about training models (its usage-data clause covers
service metrics, not customer content). Their counter adds 1.6 (Machine Learning): customer
content may train the vendor's models once aggregated and de-identified. Our reply leaves it
untouched, which accepts it; our ask was no training and our fallback needed our written
opt-in, so we conceded it:
  1 them  not addressed;  2 us  not addressed;
  3 them  open: first appears in their counter;
  4 us    conceded: we kept their clause; our ask was prohibited.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.core.record import outcome
from desktop.samples import create_sample_deal, sample_round_files
from desktop.store import Store

DATA = Path(__file__).resolve().parents[1] / "data"
CSA_V1 = DATA / "md" / "commonpaper-csa-v1.0-final-2022-02-03.md"
CSA_V2 = DATA / "md" / "commonpaper-csa-v2.0-2024-02-02.md"


@pytest.fixture(scope="module")
def sample():
    """Return (store, deal id, rounds) of the sample deal, created once for these tests."""
    with Store(None) as store:
        deal_id = create_sample_deal(store)
        yield store, deal_id, store.rounds(deal_id)


def history(store, deal_id, rounds, key):
    """Return the suggested (status, reason) of a position in each round."""
    statuses = store.position_statuses(deal_id)
    return [(statuses[(key, r.id)].status, statuses[(key, r.id)].reason) for r in rounds]


def test_every_round_has_a_suggestion_for_every_position(sample):
    store, deal_id, rounds = sample
    playbook = load_playbook(default_playbook_path())
    assert [(r.round_no, r.sender) for r in rounds] == [(1, "them"), (2, "us"), (3, "them"), (4, "us")]
    assert [p.key for p in store.deal_positions(deal_id)] == list(playbook.keys())
    statuses = store.position_statuses(deal_id)
    assert set(statuses) == {(key, r.id) for key in playbook.keys() for r in rounds}
    assert all(s.suggested for s in statuses.values())
    assert all(s.reason and "\n" not in s.reason for s in statuses.values())


def test_the_liability_cap_stays_open_round_by_round(sample):
    store, deal_id, rounds = sample
    (s1, r1), (s2, r2), (s3, r3), (s4, r4) = history(store, deal_id, rounds, "liability_cap")
    assert [s1, s2, s3, s4] == ["open"] * 4
    assert r1.startswith("First appears in their draft (round 1): per Cover Page")
    assert "Unlimited Claims" in r1 and "our ask: 24 mo fees" in r1
    assert r2.startswith("Clause changed; review: clause 9.3 (Exceptions) reworded in our draft (round 2)")
    assert r3.startswith("Clause changed; review: clauses 8.1(a), 8.1(b)")
    assert "in their draft (round 3); values unchanged (per Cover Page" in r3
    assert r4.startswith("We kept their terms (per Cover Page")
    assert r4.endswith("in our draft (round 4); check it against our ask (24 mo fees; uncapped: "
                       "confidentiality, indemnity, data breach, gross …): open.")
    cap_findings = [f for f in store.findings(rounds[0].id) if f.key == "liability_cap"]
    assert cap_findings and cap_findings[0].values["cap_reference"] == "General Cap Amount"


def test_training_use_is_conceded_when_our_reply_keeps_their_new_clause(sample):
    store, deal_id, rounds = sample
    (s1, r1), (s2, r2), (s3, r3), (s4, r4) = history(store, deal_id, rounds, "training_use")
    assert [s1, s2, s3, s4] == ["not_addressed", "not_addressed", "open", "conceded"]
    assert r1 == "Not in their draft (round 1)."
    assert r2 == "Not in our draft (round 2), nor in round 1."
    assert r3.startswith("First appears in their draft (round 3): ") and r3.endswith("; our ask: prohibited.")
    assert r4.startswith("We kept their terms (") and r4.endswith(
        ") in our draft (round 4); our ask was prohibited: conceded.")
    (ml,) = [f for f in store.findings(rounds[2].id) if f.key == "training_use"]
    clauses = {c.id: c for c in store.clauses(rounds[2].id)}
    assert [clauses[c].heading for c in ml.clauses] == ["Machine Learning"]
    statuses = store.position_statuses(deal_id)
    assert outcome([statuses[("training_use", r.id)] for r in rounds]) == "conceded"


def test_the_next_round_is_measured_against_the_stored_record(sample):
    store, deal_id, rounds = sample
    standing = store.standing(deal_id)
    assert (standing.round_no, standing.sender) == (4, "us")
    assert standing.statuses["training_use"] == "conceded"
    assert standing.findings == store.findings(rounds[-1].id)
    assert standing.last_by_sender["them"] == store.findings(rounds[2].id)


def test_the_worker_prepares_the_same_record_as_the_sample(sample):
    from desktop.core.rounds import prepare_rounds

    store, deal_id, rounds = sample
    playbook = store.playbook(load_playbook(default_playbook_path()))
    prepared = prepare_rounds(sample_round_files(), None, playbook=playbook)
    assert [p.findings for p in prepared] == [store.findings(r.id) for r in rounds]
    statuses = store.position_statuses(deal_id)
    for item, round_row in zip(prepared, rounds):
        assert {s.key: (s.status, s.reason) for s in item.suggestions} == {
            key: (status.status, status.reason) for (key, draft_id), status in statuses.items()
            if draft_id == round_row.id}


def test_the_command_line_import_records_positions(tmp_path, capsys):
    db = tmp_path / "deals.db"
    assert main(["import", "--db", str(db), "--deal", "Acme AI", "--from", "them",
                 "--date", "2024-01-02", str(CSA_V1)]) == 0
    assert main(["import", "--db", str(db), "--deal", "Acme AI", "--from", "us",
                 "--date", "2024-02-02", str(CSA_V2)]) == 0
    capsys.readouterr()
    with Store(db) as store:
        deal = store.deal_by_name("Acme AI")
        one, two = store.rounds(deal.id)
        assert store.deal_positions(deal.id)[0].ask.startswith("24 months of fees")
        statuses = store.position_statuses(deal.id)
        assert statuses[("training_use", one.id)].status == "not_addressed"
        # Here the machine-learning clause comes in our own draft: our proposal, open.
        assert statuses[("training_use", two.id)].status == "open"
        assert statuses[("training_use", two.id)].reason.startswith("First appears in our draft (round 2)")
        assert any(f.key == "liability_cap" for f in store.findings(two.id))
