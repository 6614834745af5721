"""Value extraction on synthetic wording, cell text, and which side a change favours.

The real clauses of the corpus are in test_values_corpus.py and test_values_github.py; here
each case isolates one way contracts write a figure: words or digits, multiples, money,
periods, carve-outs, and the choices of the AI positions.
"""

from __future__ import annotations

import pytest

from desktop.core.playbook import PositionSpec, ValueSpec, default_playbook_path, load_playbook
from desktop.core.values import RULES, compare_values, describe_values, extract_values
from desktop.core.values.amounts import money, periods, plain_wording, sentences

PLAYBOOK = load_playbook(default_playbook_path())


def values(key: str, text: str) -> dict:
    return extract_values(PLAYBOOK.get(key), text)


def usd(amount: float) -> dict:
    return {"amount": float(amount), "currency": "USD"}


# ------------------------------------------------------------------------------ plain wording


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("twelve (12) months", "12 months"),
        ("twenty-four (24) hours", "24 hours"),
        ("one hundred and eighty days", "180 days"),
        ("one and a half times the fees", "1.5 times the fees"),
        ("two times (2x) the fees", "2 times the fees"),
        ("three times (3x) the General Cap", "3 times the General Cap"),
        ("twice the fees", "2 times the fees"),
        ("one million dollars", "1000000 dollars"),
        ("$1 million", "$1 million"),
        ("“Cap” means **USD 5,000**", '"Cap" means USD 5,000'),
    ],
)
def test_plain_wording_writes_numbers_in_digits(text, plain):
    assert plain_wording(text) == plain


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$1,000,000", usd(1_000_000)),
        ("USD 500,000", usd(500_000)),
        ("€250k", {"amount": 250_000.0, "currency": "EUR"}),
        ("£3m", {"amount": 3_000_000.0, "currency": "GBP"}),
        ("US$1,000", usd(1_000)),
        ("$5,000.00 USD", usd(5_000)),
        ("one million dollars", usd(1_000_000)),
        ("fifty thousand euros", {"amount": 50_000.0, "currency": "EUR"}),
        ("$2.5 million", usd(2_500_000)),
    ],
)
def test_money_with_its_currency(text, expected):
    assert money(plain_wording(text)) == [expected]


def test_money_needs_a_currency():
    assert money(plain_wording("within 30 days, at 1.5% per month, Section 12.3")) == []


def test_periods_in_every_unit():
    found = periods(plain_wording("72 hours, two (2) business days, 3 weeks, a 12-month period, one year"))
    assert [(p.number, p.unit, p.business) for p in found] == [
        (72, "hour", False),
        (2, "day", True),
        (3, "week", False),
        (12, "month", False),
        (1, "year", False),
    ]
    assert [p.days() for p in found] == [3, 2, 21, 365, 365]


def test_sentences_ignore_abbreviations():
    text = plain_wording("Fees are in U.S. Dollars, e.g. monthly. The cap is $5,000.00 USD. Next.")
    assert sentences(text) == ["Fees are in U.S. Dollars, e.g. monthly.", "The cap is $5,000.00 USD.", "Next."]


# ------------------------------------------------------------------------------ liability cap


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("liability shall not exceed the fees paid or payable in the twelve (12) months preceding the claim.",
         {"cap_months_of_fees": 12}),
        ("liability will not exceed the fees paid in the 6 months before the event giving rise to the claim.",
         {"cap_months_of_fees": 6}),
        ("Liability is capped at 24 months of fees.", {"cap_months_of_fees": 24}),
        ("Liability is capped at twelve months' fees.", {"cap_months_of_fees": 12}),
        ("liability will not exceed the annual fees.", {"cap_months_of_fees": 12}),
        ("liability shall not exceed the amounts paid during the prior year.", {"cap_months_of_fees": 12}),
        ("liability shall not exceed 2x the fees paid.", {"cap_fee_multiple": 2}),
        ("liability shall not exceed two times the fees paid.", {"cap_fee_multiple": 2}),
        ("liability shall not exceed twice the fees payable hereunder.", {"cap_fee_multiple": 2}),
        ("liability shall not exceed one and a half times the fees.", {"cap_fee_multiple": 1.5}),
        ("liability shall not exceed 50% of the fees paid.", {"cap_fee_multiple": 0.5}),
        ("liability shall not exceed $1,000,000.", {"cap_amount": usd(1_000_000)}),
        ("liability shall not exceed one million dollars ($1,000,000).", {"cap_amount": usd(1_000_000)}),
        ("liability will not exceed EUR 250,000.", {"cap_amount": {"amount": 250_000.0, "currency": "EUR"}}),
        (
            "liability will not exceed the greater of $500,000 and three times the fees paid in the 12 months preceding the claim.",
            {"cap_amount": usd(500_000), "cap_fee_multiple": 3, "cap_months_of_fees": 12, "cap_formula": "greater of"},
        ),
        (
            "liability will not exceed the lesser of $50,000 or the fees paid in the 6 months before the claim.",
            {"cap_amount": usd(50_000), "cap_months_of_fees": 6, "cap_formula": "lesser of"},
        ),
    ],
)
def test_cap_figures(text, expected):
    assert values("liability_cap", text) == expected


def test_super_cap_in_the_same_sentence_as_the_general_cap():
    text = (
        "Liability will not exceed 12 months of fees, except that for Data Breach Claims liability will not "
        "exceed three times (3x) the fees paid in the 12 months preceding the claim."
    )
    assert values("liability_cap", text) == {
        "cap_months_of_fees": 12,
        "super_cap": True,
        "super_cap_multiple": 3,
        "super_cap_months_of_fees": 12,
        "super_cap_claims": ("data breach",),
    }


def test_super_cap_amount():
    text = "For Security Breach claims, the Enhanced Cap is USD 5,000,000."
    assert values("liability_cap", text) == {
        "super_cap": True,
        "super_cap_amount": usd(5_000_000),
        "super_cap_claims": ("data breach",),
    }


@pytest.mark.parametrize(
    ("text", "carve_outs"),
    [
        ("The limitations in this Section do not apply to breach of confidentiality, indemnification obligations or gross negligence.",
         ("confidentiality", "indemnity", "gross negligence")),
        ("The cap will not limit liability for fraud, wilful misconduct, or death or personal injury.",
         ("wilful misconduct", "fraud", "death or personal injury")),
        ("Excluding a party's payment obligations and data breaches, total liability will not exceed $100,000.",
         ("data breach", "payment obligations")),
        ("Liability for infringement of the other party's intellectual property rights is unlimited.", ("IP infringement",)),
        ("Nothing in this Agreement limits either party's liability for death or personal injury caused by negligence.",
         ("death or personal injury",)),
    ],
)
def test_uncapped_carve_outs(text, carve_outs):
    assert values("liability_cap", text)["uncapped_carve_outs"] == carve_outs


def test_carve_outs_from_a_damages_waiver_are_not_cap_carve_outs():
    text = (
        "Except for breach of confidentiality, in no event will either party be liable for indirect, "
        "consequential or punitive damages."
    )
    assert values("liability_cap", text) == {}


def test_free_tier_cap_is_not_the_deal_cap():
    assert values("liability_cap", "For services provided free of charge, liability is limited to $100.") == {}


# ------------------------------------------------------------------------------ other positions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Provider will defend Customer against claims that the Outputs or the training data used to train the model infringe any copyright.",
         {"covers": "training data and outputs"}),
        ("Vendor shall indemnify Customer against third-party claims that any Output infringes a patent.", {"covers": "outputs"}),
        ("Vendor will defend Customer against claims that the Service infringes a third party's intellectual property rights.",
         {"covers": "service only"}),
        ("Vendor has no obligation to defend or indemnify Customer for claims arising from Outputs.", {"covers": "none"}),
        ("Vendor's obligations under this Section will not apply to claims arising from Customer's prompts or Customer Data.",
         {"excludes_customer_prompts": True, "excludes_customer_data": True}),
        ("Vendor's total liability for its indemnification obligations will not exceed $2,000,000.",
         {"own_cap": True, "own_cap_amount": usd(2_000_000)}),
    ],
)
def test_ip_indemnity(text, expected):
    assert values("ip_indemnity", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Customer may audit Provider no more than twice a year on thirty (30) days' prior written notice, at Customer's expense.",
         {"customer_audit": True, "frequency_per_year": 2, "notice_days": 30, "cost_bearer": "customer"}),
        ("Audits will be performed quarterly by an independent auditor; Provider will bear the costs of the audit.",
         {"frequency_per_year": 4, "third_party_auditor": True, "cost_bearer": "vendor"}),
        ("The cost of the audit shall be borne by Customer, unless it reveals an underpayment of more than 5%, in which case Provider shall reimburse it.",
         {"cost_bearer": "shared"}),
    ],
)
def test_audit_rights(text, expected):
    assert values("audit_rights", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Provider will notify Customer of a Security Incident within twenty-four (24) hours.", {"notice_hours": 24}),
        ("Vendor shall notify Customer of any breach within 2 business days.", {"notice_hours": 48}),
        ("Supplier will inform Customer without undue delay.", {"without_undue_delay": True}),
    ],
)
def test_breach_notification(text, expected):
    assert values("breach_notification", text) == expected


def test_deletion_with_certificate():
    text = "Within thirty (30) days after termination, Vendor will delete all Customer Data and certify the deletion in writing."
    assert values("data_deletion", text) == {"deletion_days": 30, "certificate": True}


@pytest.mark.parametrize(
    ("text", "choice"),
    [
        ("Provider will not use Customer Data to train or improve its models.", "prohibited"),
        ("Provider may use Inputs to train its models only with Customer's prior written consent.", "opt-in"),
        ("Provider may use Customer Data to train models unless Customer opts out in the settings.", "opt-out"),
        ("Provider may use de-identified and aggregated data to train its models.", "de-identified or aggregated only"),
        ("Provider may use Inputs and Outputs to train and improve its models.", "permitted"),
    ],
)
def test_training_use(text, choice):
    assert values("training_use", text)["training"] == choice


def test_notice_periods_of_other_positions():
    assert values("deprecation", "Vendor will give at least six (6) months' notice before it deprecates a model.") == {"notice_days": 182}
    assert values("model_versioning", "Vendor will give 30 days' notice of any material model update.") == {"notice_days": 30}
    assert values("termination_for_convenience", "Customer may terminate for convenience on ninety (90) days' notice.") == {
        "who": "customer",
        "notice_days": 90,
    }
    assert values("warranty", "Vendor warrants that the Service will perform as documented for a period of ninety (90) days.") == {
        "warranty_days": 90
    }
    assert values("governing_law", "This Agreement is governed by the laws of England and Wales.") == {
        "jurisdiction": "England and Wales"
    }


def test_only_the_positions_values_are_returned():
    spec = PLAYBOOK.get("liability_cap")
    narrow = PositionSpec(key=spec.key, title=spec.title, group=spec.group, explanation="", values=spec.values[:1])
    assert extract_values(narrow, "Liability is capped at $5,000 or 12 months of fees.") == {"cap_months_of_fees": 12}
    assert extract_values(spec, "") == {}


def test_a_users_own_position_reads_figures_by_unit():
    spec = PositionSpec(
        key="support_response",
        title="Support response time",
        group="Performance",
        explanation="",
        values=(
            ValueSpec("response_hours", "number", "Response", unit="hours", favours="vendor"),
            ValueSpec("credit", "money", "Credit", favours="customer"),
        ),
    )
    text = "Vendor will respond to Severity 1 tickets within two (2) days and credit USD 1,000 for each miss."
    assert extract_values(spec, text) == {"response_hours": 48, "credit": usd(1_000)}


def test_every_shipped_position_has_a_rule():
    assert set(PLAYBOOK.keys()) <= set(RULES)


# ------------------------------------------------------------------------------ cell text


@pytest.mark.parametrize(
    ("key", "found", "cell"),
    [
        ("liability_cap", {"cap_months_of_fees": 12}, "12 mo fees"),
        ("liability_cap", {"cap_fee_multiple": 2}, "2× fees"),
        ("liability_cap", {"cap_amount": usd(1_000_000)}, "USD 1,000,000"),
        ("liability_cap", {"cap_months_of_fees": 12, "uncapped_carve_outs": ("data breach", "confidentiality")},
         "12 mo fees; uncapped: data breach, confidentiality"),
        ("liability_cap", {"cap_reference": "General Cap Amount", "super_cap": True}, "General Cap Amount; super-cap"),
        ("breach_notification", {"notice_hours": 72}, "72 h"),
        ("data_deletion", {"deletion_days": 30, "certificate": True}, "30 days + certificate"),
        ("training_use", {"training": "opt-out"}, "opt-out"),
        ("audit_rights", {"frequency_per_year": 1, "cost_bearer": "customer", "third_party_auditor": True},
         "1/yr, customer pays + independent auditor"),
        ("ip_indemnity", {"covers": "outputs", "excludes_customer_prompts": True}, "covers outputs + excludes prompts"),
        ("gdpr_processor", {"subprocessor_notice_days": 10, "objection_days": 30}, "10 days notice, 30 days to object"),
        ("acceptable_use", {"suspend_without_notice": False}, "not may suspend without notice"),
        ("audit_rights", {}, ""),
    ],
)
def test_describe_values(key, found, cell):
    assert describe_values(PLAYBOOK.get(key), found) == cell


# ------------------------------------------------------------------------------ which side a change favours


@pytest.mark.parametrize(
    ("key", "before", "after", "expected"),
    [
        ("liability_cap", {"cap_months_of_fees": 12}, {"cap_months_of_fees": 18}, {"cap_months_of_fees": "customer"}),
        ("liability_cap", {"cap_months_of_fees": 24}, {"cap_months_of_fees": 12}, {"cap_months_of_fees": "vendor"}),
        ("liability_cap", {"cap_months_of_fees": 12}, {"cap_months_of_fees": 12}, {"cap_months_of_fees": "same"}),
        ("liability_cap", {"cap_amount": usd(1)}, {"cap_amount": {"amount": 2.0, "currency": "EUR"}}, {"cap_amount": "unknown"}),
        ("liability_cap", {"cap_months_of_fees": 12}, {"cap_fee_multiple": 2},
         {"cap_months_of_fees": "unknown", "cap_fee_multiple": "unknown"}),
        ("liability_cap", {"uncapped_carve_outs": ("confidentiality",)},
         {"uncapped_carve_outs": ("confidentiality", "data breach")}, {"uncapped_carve_outs": "customer"}),
        ("liability_cap", {"uncapped_carve_outs": ("confidentiality",)}, {}, {"uncapped_carve_outs": "vendor"}),
        ("liability_cap", {"uncapped_carve_outs": ("fraud",)}, {"uncapped_carve_outs": ("confidentiality",)},
         {"uncapped_carve_outs": "unknown"}),
        ("breach_notification", {"notice_hours": 72}, {"notice_hours": 24}, {"notice_hours": "customer"}),
        ("data_deletion", {"deletion_days": 30}, {"deletion_days": 30, "certificate": True},
         {"deletion_days": "same", "certificate": "customer"}),
        ("training_use", {"training": "opt-out"}, {"training": "opt-in"}, {"training": "customer"}),
        ("training_use", {"training": "prohibited"}, {"training": "de-identified or aggregated only"}, {"training": "vendor"}),
        ("audit_rights", {"cost_bearer": "vendor"}, {"cost_bearer": "customer"}, {"cost_bearer": "vendor"}),
        ("ip_indemnity", {"excludes_customer_prompts": True}, {}, {"excludes_customer_prompts": "customer"}),
        ("ip_indemnity", {"own_cap": True}, {"own_cap": False}, {"own_cap": "unknown"}),
        ("governing_law", {"jurisdiction": "California"}, {"jurisdiction": "Ireland"}, {"jurisdiction": "unknown"}),
        ("governing_law", {}, {}, {}),
    ],
)
def test_compare_values(key, before, after, expected):
    assert compare_values(PLAYBOOK.get(key), before, after) == expected
