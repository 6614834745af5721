"""The shipped AI-contracts playbook: every position, its values, stances and CUAD mapping."""

from __future__ import annotations

import tomllib
import typing

import pytest

from desktop.core.playbook import PositionSpec, ValueKind, default_playbook_path, load_playbook, position_from_dict

PLAYBOOK = load_playbook(default_playbook_path())

REQUIRED_KEYS = (
    "liability_cap", "ip_indemnity", "audit_rights", "training_use", "output_ownership", "input_ownership",
    "fine_tuning", "ip_ownership", "license_scope", "data_deletion", "breach_notification", "data_security",
    "data_residency", "model_versioning", "deprecation", "performance_sla", "regulatory_compliance",
    "abuse_monitoring", "acceptable_use", "ccpa_service_provider", "gdpr_processor",
    "termination_for_convenience", "post_termination", "escrow", "exclusivity", "governing_law", "insurance",
    "warranty", "prompt_confidentiality", "harmful_outputs",
)  # fmt: skip

CUAD = {
    "liability_cap": ("Cap on Liability", "Uncapped Liability"),
    "audit_rights": ("Audit Rights",),
    "ip_ownership": ("IP Ownership Assignment", "Joint IP Ownership"),
    "license_scope": (
        "License Grant",
        "Non-Transferable License",
        "Affiliate License-Licensor",
        "Affiliate License-Licensee",
        "Irrevocable or Perpetual License",
        "Unlimited/All-You-Can-Eat-License",
    ),
    "termination_for_convenience": ("Termination for Convenience",),
    "post_termination": ("Post-Termination Services",),
    "escrow": ("Source Code Escrow",),
    "exclusivity": ("Exclusivity",),
    "governing_law": ("Governing Law",),
    "insurance": ("Insurance",),
    "warranty": ("Warranty Duration",),
}
# The category columns of CUAD's master_clauses_dev.csv that a position may name.
CUAD_COLUMNS = {
    "Document Name", "Parties", "Agreement Date", "Effective Date", "Expiration Date", "Renewal Term",
    "Notice Period to Terminate Renewal", "Governing Law", "Most Favored Nation", "Competitive Restriction Exception",
    "Non-Compete", "Exclusivity", "No-Solicit of Customers", "No-Solicit of Employees", "Non-Disparagement",
    "Termination for Convenience", "Rofr/Rofo/Rofn", "Change of Control", "Anti-Assignment",
    "Revenue/Profit Sharing", "Price Restrictions", "Minimum Commitment", "Volume Restriction",
    "IP Ownership Assignment", "Joint IP Ownership", "License Grant", "Non-Transferable License",
    "Affiliate License-Licensor", "Affiliate License-Licensee", "Unlimited/All-You-Can-Eat-License",
    "Irrevocable or Perpetual License", "Source Code Escrow", "Post-Termination Services", "Audit Rights",
    "Uncapped Liability", "Cap on Liability", "Liquidated Damages", "Warranty Duration", "Insurance",
    "Covenant Not to Sue", "Third Party Beneficiary",
}  # fmt: skip
GROUPS = {"Scope", "Data", "IP", "Liability", "Performance", "Termination", "Privacy", "General"}
KINDS = set(typing.get_args(ValueKind))


def test_the_shipped_playbook_loads_with_every_required_position():
    assert PLAYBOOK.name == "AI contracts"
    assert set(REQUIRED_KEYS) <= set(PLAYBOOK.keys())
    assert len(PLAYBOOK.keys()) == len(set(PLAYBOOK.keys()))


def test_the_three_named_positions_come_first():
    assert PLAYBOOK.keys()[:3] == ("liability_cap", "ip_indemnity", "audit_rights")
    assert [p.key for p in PLAYBOOK.positions if p.first] == ["liability_cap", "ip_indemnity", "audit_rights"]


@pytest.mark.parametrize("key", REQUIRED_KEYS)
def test_cuad_categories(key):
    assert PLAYBOOK.get(key).cuad == CUAD.get(key, ())


def test_cuad_names_are_real_columns():
    for position in PLAYBOOK.positions:
        assert set(position.cuad) <= CUAD_COLUMNS, position.key


@pytest.mark.parametrize("position", PLAYBOOK.positions, ids=lambda p: p.key)
def test_every_position_is_complete(position: PositionSpec):
    assert position.title and position.group in GROUPS
    sentences = [s for s in position.explanation.replace("e.g.", "eg").split(". ") if s.strip()]
    assert 2 <= len(sentences) <= 3, position.explanation
    assert position.values, "a position with nothing to extract cannot be tracked round by round"
    for stance in (position.customer, position.vendor):
        assert stance.ask and stance.fallback and stance.walk_away
    names = [v.name for v in position.values]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("position", PLAYBOOK.positions, ids=lambda p: p.key)
def test_every_value_has_a_valid_kind_and_side(position: PositionSpec):
    for value in position.values:
        assert value.kind in KINDS, value.name
        assert value.label, value.name
        assert value.favours in ("customer", "vendor", "neither"), value.name
        if value.kind == "choice":
            assert len(value.choices) >= 2 and len(set(value.choices)) == len(value.choices), value.name
            assert value.favours == "neither", "a choice's order says who it favours"
        else:
            assert not value.choices, value.name
        if value.kind == "number":
            assert value.unit, value.name


def test_the_values_the_issue_names():
    def names(key: str) -> set[str]:
        return {v.name for v in PLAYBOOK.get(key).values}

    assert {"cap_months_of_fees", "cap_fee_multiple", "cap_amount", "super_cap", "uncapped_carve_outs"} <= names("liability_cap")
    assert {"covers", "excludes_customer_prompts", "excludes_customer_data", "own_cap"} <= names("ip_indemnity")
    assert {"frequency_per_year", "third_party_auditor", "notice_days", "cost_bearer"} <= names("audit_rights")
    assert {"notice_hours", "without_undue_delay"} <= names("breach_notification")
    assert {"deletion_days", "certificate"} <= names("data_deletion")
    assert {"notice_days"} <= names("deprecation") & names("termination_for_convenience") & names("model_versioning")
    assert {"version_pinning"} <= names("model_versioning")
    assert {"jurisdiction"} <= names("governing_law")
    assert {"warranty_days"} <= names("warranty")
    training = next(v for v in PLAYBOOK.get("training_use").values if v.name == "training")
    assert training.choices == ("prohibited", "opt-in", "de-identified or aggregated only", "opt-out", "permitted")
    covers = next(v for v in PLAYBOOK.get("ip_indemnity").values if v.name == "covers")
    assert covers.choices[0] == "training data and outputs" and covers.choices[-1] == "none"
    cost = next(v for v in PLAYBOOK.get("audit_rights").values if v.name == "cost_bearer")
    assert cost.choices == ("vendor", "shared", "customer")


def test_a_larger_cap_favours_the_customer_and_a_longer_window_the_vendor():
    def favours(key: str, name: str) -> str:
        return next(v.favours for v in PLAYBOOK.get(key).values if v.name == name)

    assert favours("liability_cap", "cap_months_of_fees") == "customer"
    assert favours("breach_notification", "notice_hours") == "vendor"
    assert favours("data_deletion", "deletion_days") == "vendor"
    assert favours("data_deletion", "certificate") == "customer"
    assert favours("deprecation", "notice_days") == "customer"


def test_stance_follows_our_side():
    cap = PLAYBOOK.get("liability_cap")
    assert cap.stance("customer") == cap.customer
    assert cap.stance("vendor") == cap.vendor
    assert cap.stance("data_provider") == cap.vendor


def test_the_file_round_trips_through_the_user_form():
    raw = tomllib.loads(default_playbook_path().read_text(encoding="utf-8"))
    for entry in raw["positions"]:
        shipped = PLAYBOOK.get(entry["key"])
        assert position_from_dict(entry, cues=None).values == shipped.values
