"""The words of the record's reasons: values, changes and clauses as a lawyer would write them."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from desktop.core import values as typed_values
from desktop.core.model import Clause, Finding
from desktop.core.playbook import PositionSpec, ValueSpec

_STATUS_WORDS = {"not_addressed": "not addressed"}
_MOST_CLAUSES = 3


def status_words(status: str) -> str:
    """Return a status as a reason says it ("not addressed")."""
    return _STATUS_WORDS.get(status, status)


def _one_value(spec: ValueSpec | None, value: object) -> str:
    """Return one extracted value in plain words, with its unit."""
    unit = spec.unit if spec is not None else ""
    if isinstance(value, bool):
        label = spec.label if spec is not None else "yes"
        return label if value else f"no {label[:1].lower()}{label[1:]}"
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value) or "none"
    if isinstance(value, dict) and "amount" in value:
        amount = value["amount"]
        number = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
        return f"{value.get('currency', '')} {number}".strip()
    if isinstance(value, (int, float)):
        return f"{value:g} {unit}".strip()
    return str(value)


def plain_values(spec: PositionSpec, values: Mapping[str, object],
                 names: Collection[str] | None = None) -> str:
    """Return values as "Label value; Label value", in the playbook's order."""
    parts = []
    for value_spec in spec.values:
        if value_spec.name in values and (names is None or value_spec.name in names):
            parts.append(f"{value_spec.label} {_one_value(value_spec, values[value_spec.name])}")
    known = {v.name for v in spec.values}
    for name, value in values.items():  # values the playbook does not describe, if any
        if name not in known and (names is None or name in names):
            parts.append(f"{name} {_one_value(None, value)}")
    return "; ".join(parts)


def summary(spec: PositionSpec, values: Mapping[str, object]) -> str:
    """Return the short text of a position's values, as the grid cell shows it ("12 mo fees")."""
    if not values:
        return ""
    return typed_values.describe_values(spec, dict(values)) or plain_values(spec, values)


def change_text(spec: PositionSpec, before: Mapping[str, object], after: Mapping[str, object],
                moved: Collection[str]) -> str:
    """Return what changed: "Liability cap went from 12 mo fees to 18 mo fees"."""
    old, new = summary(spec, before), summary(spec, after)
    if old and new and old != new:
        return f"{spec.title} went from {old} to {new}"
    if new and not old:
        return f"{spec.title} now states {new} (nothing before)"
    if old and not new:
        return f"{spec.title} no longer states {old}"
    # The cell text hides the change: name each moved value.
    by_name = {v.name: v for v in spec.values}
    parts = []
    for name in moved:
        label = by_name[name].label if name in by_name else name
        was = _one_value(by_name.get(name), before[name]) if name in before else "not stated"
        now = _one_value(by_name.get(name), after[name]) if name in after else "not stated"
        parts.append(f"{label} went from {was} to {now}")
    return f"{spec.title}: " + "; ".join(parts)


def clause_names(ids: Collection[str], clauses: Mapping[str, Clause],
                 changed: Collection[str] | None = None) -> str:
    """Return "clause 9.3 (Exceptions)" or "clauses 8.1(a), 8.4" for the clauses cited.

    With `changed`, only those of `ids` that changed are named (all of them if none did).
    """
    chosen = [i for i in ids if changed is None or i in changed] or list(ids)
    names = []
    for clause_id in chosen:
        clause = clauses.get(clause_id)
        if clause is None:
            continue
        number = clause.number or clause.label.rstrip(".")
        if number and clause.heading:
            names.append(f"{number} ({clause.heading})")
        elif number or clause.heading:
            names.append(number or clause.heading)
    if not names:
        return ""
    more = len(names) - _MOST_CLAUSES
    shown = ", ".join(names[:_MOST_CLAUSES]) + (f" and {more} more" if more > 0 else "")
    return ("clause " if len(names) == 1 else "clauses ") + shown


def evidence_text(finding: Finding, clauses: Mapping[str, Clause]) -> str:
    """Return the words of a finding's evidence, spacing and case ignored ("" if unknown)."""
    pieces = []
    for span in finding.evidence:
        clause = clauses.get(span.clause)
        if clause is None:
            return ""
        pieces.append(clause.text[span.start:span.end])
    return " ".join(" ".join(pieces).split()).casefold()
