"""Typed values read out of clause text: caps, notice periods, deletion windows, audit terms.

`extract_values` reads the values a playbook position declares from the evidence text of a
finding; `describe_values` turns them into the few words a grid cell shows ("12 mo fees",
"72 h", "opt-out"); `compare_values` says, value by value, which side a change between two
rounds favours, using each value's `favours` and `choices` from the playbook.

Values are plain JSON-able data: int/float for numbers, str for choices and text, bool for
flags, tuple[str, ...] for lists and {"amount": float, "currency": "USD"} for money.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from desktop.core.playbook import PositionSpec, ValueSpec
from desktop.core.values import caps as cap_values
from desktop.core.values import data as data_values
from desktop.core.values import ip as ip_values
from desktop.core.values import terms as term_values
from desktop.core.values.amounts import (
    describe_money,
    format_number,
    money,
    percents,
    periods,
    plain_wording,
    sentences,
    whole,
)
from desktop.core.values.draft_terms import ON_COVER_PAGE, DraftTerms, settle

# The shipped positions' rules: each takes the evidence sentences and returns name -> value.
RULES: dict[str, Callable[[list[str]], dict]] = {
    "liability_cap": cap_values.liability_cap,
    "ip_indemnity": cap_values.ip_indemnity,
    "audit_rights": data_values.audit_rights,
    "breach_notification": data_values.breach_notification,
    "data_deletion": data_values.data_deletion,
    "training_use": data_values.training_use,
    "prompt_confidentiality": data_values.prompt_confidentiality,
    "data_security": data_values.data_security,
    "data_residency": data_values.data_residency,
    "gdpr_processor": data_values.gdpr_processor,
    "ccpa_service_provider": data_values.ccpa_service_provider,
    "abuse_monitoring": data_values.abuse_monitoring,
    "input_ownership": ip_values.input_ownership,
    "output_ownership": ip_values.output_ownership,
    "ip_ownership": ip_values.ip_ownership,
    "fine_tuning": ip_values.fine_tuning,
    "license_scope": ip_values.license_scope,
    "exclusivity": ip_values.exclusivity,
    "harmful_outputs": term_values.harmful_outputs,
    "regulatory_compliance": term_values.regulatory_compliance,
    "insurance": term_values.insurance,
    "warranty": term_values.warranty,
    "performance_sla": term_values.performance_sla,
    "model_versioning": term_values.model_versioning,
    "deprecation": term_values.deprecation,
    "acceptable_use": term_values.acceptable_use,
    "termination_for_convenience": term_values.termination_for_convenience,
    "post_termination": term_values.post_termination,
    "escrow": term_values.escrow,
    "governing_law": term_values.governing_law,
}

_OTHER_SIDE = {"customer": "vendor", "vendor": "customer"}


def extract_values(spec: PositionSpec, text: str, draft: DraftTerms | None = None) -> dict:
    """Return the values of `spec` found in `text` (names from spec.values; absent ones omitted).

    With `draft`, the terms of the draft the text comes from settle what the text leaves to a
    defined term or a Cover Page ("will not exceed the Enhanced Cap").
    """
    wanted = {value.name: value for value in spec.values}
    if not wanted or not text.strip():
        return {}
    parts = sentences(plain_wording(text))
    rule = RULES.get(spec.key)
    found = rule(parts) if rule is not None else {}
    if rule is not None and draft is not None:
        found = settle(spec.key, parts, found, draft, rule)
    if rule is None:  # a position the user added: read plain figures by each value's unit
        for value in spec.values:
            guess = _by_unit(value, parts)
            if guess is not None:
                found[value.name] = guess
    return {name: found[name] for name in wanted if name in found}


def _by_unit(value: ValueSpec, parts: list[str]) -> object | None:
    """Return the first figure in `parts` that fits a user-defined value's kind and unit."""
    text = " ".join(parts)
    unit = value.unit.lower()
    if value.kind == "money":
        sums = money(text)
        return sums[0] if sums else None
    if value.kind != "number":
        return None
    if unit in ("%", "percent"):
        found = percents(text)
        return whole(found[0]) if found else None
    convert = {"hours": "hours", "hour": "hours", "h": "hours", "days": "days", "day": "days", "months": "months", "month": "months"}
    for period in periods(text):
        if unit in convert:
            return whole(getattr(period, convert[unit])())
        if unit in ("years", "year"):
            return whole(period.months() / 12)
    return None


# ------------------------------------------------------------------------------ describing


def _figure(value: ValueSpec, raw: object) -> str:
    """Return one value as cell text: "30 days", "72 h", "99.9%", "USD 500", "3×"."""
    if value.kind == "money" and isinstance(raw, dict):
        return describe_money(raw)
    if value.kind == "list":
        return ", ".join(raw) if isinstance(raw, list | tuple) else str(raw)
    if value.kind != "number" or not isinstance(raw, int | float):
        return str(raw)
    figure = format_number(raw)
    unit = value.unit
    short = {"hours": " h", "months": " mo", "days": " days", "%": "%", "per year": "/yr", "×": "×", "× fees": "× fees"}
    if unit == "days" and raw == 1:
        return "1 day"
    return figure + short.get(unit, f" {unit}" if unit else "")


def _describe_cap(values: dict) -> str:
    """Return the liability cap as a grid cell reads it: "12 mo fees; uncapped: data breach"."""
    parts = []
    months, multiple = values.get("cap_months_of_fees"), values.get("cap_fee_multiple")
    fees = None
    if months is not None or multiple is not None:
        fees = (f"{format_number(multiple)}× " if multiple is not None else "") + (
            f"{format_number(months)} mo fees" if months is not None else "fees"
        )
    amount = describe_money(values["cap_amount"]) if "cap_amount" in values else None
    if fees and amount:
        formula = values.get("cap_formula")
        parts.append(f"{formula} {amount} / {fees}" if formula else f"{fees} / {amount}")
    elif fees:
        parts.append(fees)
    elif amount:
        parts.append(amount)
    elif values.get("on_cover_page"):
        parts.append("per Cover Page")
    elif "cap_reference" in values:
        parts.append(values["cap_reference"])
    super_figures = [
        f"{format_number(values['super_cap_multiple'])}×" if "super_cap_multiple" in values else "",
        f"{format_number(values['super_cap_months_of_fees'])} mo fees" if "super_cap_months_of_fees" in values else "",
        describe_money(values["super_cap_amount"]) if "super_cap_amount" in values else "",
    ]
    if values.get("super_cap") or any(super_figures):
        figure = " ".join(f for f in super_figures if f)
        claims = ", ".join(values.get("super_cap_claims", ()))
        parts.append("super-cap" + (f" {figure}" if figure else "") + (f" for {claims}" if claims else ""))
    if values.get("uncapped_carve_outs"):
        parts.append("uncapped: " + ", ".join(values["uncapped_carve_outs"]))
    elif "uncapped_reference" in values:
        parts.append(f"uncapped: {values['uncapped_reference']}")
    if "preview_cap_amount" in values:
        parts.append(f"previews {describe_money(values['preview_cap_amount'])}")
    return "; ".join(parts)


# How the shipped values read in a grid cell; "{}" is the figure ("30 days", "72 h").
_CELL = {
    "notice_days": "{} notice",
    "subprocessor_notice_days": "{} notice",
    "objection_days": "{} to object",
    "export_days": "{} to export",
    "claim_window_days": "{} to report",
    "fix_days": "{} to fix",
    "warranty_days": "{} warranty",
    "retention_days": "kept {}",
    "transition_days": "{} transition",
    "tail_months": "{} after the term",
    "own_cap_amount": "capped at {}",
    "cost_bearer": "{} pays",
    "covers": "covers {}",
    "tuned_model_owner": "tuned model: {}",
    "ai_act_role": "AI Act {}",
}
_MARK = {
    "customer_audit": "audit right",
    "audit_reports": "reports",
    "reports_first": "reports first",
    "third_party_auditor": "independent auditor",
    "auditor_confidentiality": "NDA",
    "certificate": "certificate",
    "return_of_data": "return of data",
    "excludes_customer_prompts": "excludes prompts",
    "excludes_customer_data": "excludes customer data",
    "own_cap": "own cap",
    "improvement_use": "used to improve",
    "liable_for_subprocessors": "liable for subprocessors",
    "on_cover_page": "per Cover Page",
}


# Flags that read as adjectives say so when they don't hold: "non-exclusive", not "no exclusive".
_NOT_MARK = {
    "exclusive": "non-exclusive",
    "transferable": "non-transferable",
    "sublicensable": "not sublicensable",
    "perpetual": "not perpetual",
    "irrevocable": "revocable",
    "fine_tuning_allowed": "no fine-tuning",
}


def _lower_first(label: str) -> str:
    """Return `label` with its first letter lowered, unless it starts an acronym ("EU AI Act")."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def describe_values(spec: PositionSpec, values: dict) -> str:
    """Return a short cell text for `values` ("12 mo fees", "72 h", "30 days + certificate").

    Figures and choices come first, each in its cell wording ("30 days to object") or, for a
    value the user added, after its label; flags that hold are added with "+", and flags
    that don't with "no …".
    """
    if not values:
        return ""
    if spec.key == "liability_cap":
        return _describe_cap(values)
    figures, marks = [], []
    for value in spec.values:
        if value.name not in values:
            continue
        raw = values[value.name]
        label = _lower_first(value.label)
        if value.kind == "flag":
            mark = _MARK.get(value.name, label)
            marks.append(mark if raw else _NOT_MARK.get(value.name) or (f"not {mark}" if mark.startswith("may ") else f"no {mark}"))
            continue
        figure = _figure(value, raw)
        if value.name in _CELL:
            figures.append(_CELL[value.name].format(figure))
        else:
            figures.append(figure if not figures or value is spec.values[0] else f"{label} {figure}")
    text = ", ".join(figures)
    for mark in marks:
        text = f"{text} + {mark}" if text else mark
    return text


# ------------------------------------------------------------------------------ comparing


def _members(value: object) -> set[object]:
    """Return the items of a list value as a set; a value not found (None) has none."""
    return set(value) if isinstance(value, Iterable) else set()


def _direction(value: ValueSpec, before: object, after: object) -> str:
    """Return which side moving from `before` to `after` favours, for one value."""
    if before == after:
        return "same"
    favours = value.favours
    if value.kind == "flag":
        if favours not in _OTHER_SIDE:
            return "unknown"
        return favours if bool(after) else _OTHER_SIDE[favours]
    if value.kind == "list":
        had, has = _members(before), _members(after)
        if had == has:
            return "same"
        if favours not in _OTHER_SIDE or not (had <= has or has <= had):
            return "unknown"
        return favours if has > had else _OTHER_SIDE[favours]
    if value.kind == "choice":
        if before not in value.choices or after not in value.choices:
            return "unknown"
        return "customer" if value.choices.index(after) < value.choices.index(before) else "vendor"
    if value.kind in ("number", "money"):
        old, new = _magnitude(before), _magnitude(after)
        if old is None or new is None or old[1] != new[1] or favours not in _OTHER_SIDE:
            return "unknown"
        if old[0] == new[0]:
            return "same"
        return favours if new[0] > old[0] else _OTHER_SIDE[favours]
    return "unknown"


def _magnitude(raw: object) -> tuple[float, str] | None:
    """Return (amount, currency) of a number or sum of money, or None when there is none."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int | float):
        return float(raw), ""
    if isinstance(raw, dict) and isinstance(raw.get("amount"), int | float):
        return float(raw["amount"]), str(raw.get("currency", ""))
    return None


def compare_values(spec: PositionSpec, before: dict, after: dict) -> dict:
    """Return, per value name, which side the change favours: customer, vendor, same or unknown.

    Only values present in either round are reported. A flag missing from a round counts as
    False and a missing list as empty, since the wording that would set them is absent; a
    missing number, sum or choice makes the change "unknown" (the basis itself changed). When
    one side leaves the position to its Cover Page and the other does not, nothing can be
    weighed: every change is "unknown".
    """
    result = {}
    deferred = bool(before.get(ON_COVER_PAGE)) != bool(after.get(ON_COVER_PAGE))
    for value in spec.values:
        if value.name not in before and value.name not in after:
            continue
        if deferred:
            result[value.name] = "unknown"
            continue
        old, new = before.get(value.name), after.get(value.name)
        if value.kind == "flag":
            old, new = bool(old), bool(new)
        elif value.kind == "list":
            old, new = tuple(old or ()), tuple(new or ())
        elif old is None or new is None:
            result[value.name] = "unknown"
            continue
        result[value.name] = _direction(value, old, new)
    return result
