"""Position values read with the draft around them, for the position matrix.

desktop.core.values reads a position's values from its evidence sentences alone. Comparing
vendors' papers side by side shows three places where the rest of the draft settles what the
sentences leave open, and this module applies them to a draft's findings:
  - a cap set by a defined term ("will not exceed the General Cap") takes its figures from
    the term's definition ("“General Cap” means amounts paid … in the 12 months …");
  - a cap stated only under a Previews / Trials and Betas heading is the preview cap, not the
    general one;
  - an IP indemnity is uncapped when the liability cap lists indemnity among its uncapped
    carve-outs.
It also orders a finding's clauses so the ones its values come from are cited first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from desktop.core.model import Clause, Finding
from desktop.core.playbook import Playbook
from desktop.core.topics.words import topics
from desktop.core.values import extract_values

_CAP_FIGURES = ("cap_months_of_fees", "cap_fee_multiple", "cap_amount")


def _definitions(clauses: Sequence[Clause]) -> dict[str, Clause]:
    """Return defined term (case-folded) -> its definition clause."""
    return {c.heading.casefold(): c for c in clauses if c.kind == "definition" and c.heading}


def _under_previews(clause_ids: Sequence[str], by_id: dict[str, Clause]) -> bool:
    """Return whether every clause sits under (or is) a heading about previews, trials or betas."""
    if not clause_ids:
        return False
    for clause_id in clause_ids:
        clause, found = by_id.get(clause_id), False
        while clause is not None and not found:
            found = "beta" in topics(clause.heading)
            clause = by_id.get(clause.parent) if clause.parent else None
        if not found:
            return False
    return True


def _cap_in_context(finding: Finding, playbook: Playbook, by_id: dict[str, Clause],
                    definitions: dict[str, Clause]) -> Finding:
    """Return the liability-cap finding with its defined-term figures and preview cap placed."""
    spec = playbook.get(finding.key)
    values = dict(finding.values)
    reference = values.get("cap_reference")
    if spec is not None and isinstance(reference, str) and not any(k in values for k in _CAP_FIGURES):
        definition = definitions.get(reference.casefold())
        if definition is not None:
            defined = extract_values(spec, definition.text)
            values.update({k: v for k, v in defined.items() if k in _CAP_FIGURES and k not in values})
    figures = [k for k in _CAP_FIGURES if k in values]
    if (figures == ["cap_amount"] and "preview_cap_amount" not in values
            and _under_previews(finding.clauses, by_id)):
        values["preview_cap_amount"] = values.pop("cap_amount")
    return replace(finding, values=values)


def _evidence_order(finding: Finding, playbook: Playbook, by_id: dict[str, Clause]) -> Finding:
    """Return the finding with the clauses its values come from first, then the rest in order."""
    spec = playbook.get(finding.key)
    if spec is None or len(finding.clauses) < 2:
        return finding
    weight: dict[str, int] = {}
    for clause_id in finding.clauses:
        clause = by_id.get(clause_id)
        text = " ".join(clause.text[e.start:e.end] for e in finding.evidence
                        if e.clause == clause_id) if clause else ""
        weight[clause_id] = len(extract_values(spec, text)) if text else 0
    ordered = sorted(finding.clauses, key=lambda c: -weight[c])  # stable: document order kept
    return replace(finding, clauses=tuple(ordered))


def findings_in_context(findings: Sequence[Finding], clauses: Sequence[Clause],
                        playbook: Playbook) -> dict[str, Finding]:
    """Return position key -> finding, with values settled by the draft around the evidence."""
    by_id = {c.id: c for c in clauses}
    definitions = _definitions(clauses)
    out: dict[str, Finding] = {}
    for finding in findings:
        if finding.key == "liability_cap":
            finding = _cap_in_context(finding, playbook, by_id, definitions)
        out[finding.key] = _evidence_order(finding, playbook, by_id)
    cap, indemnity = out.get("liability_cap"), out.get("ip_indemnity")
    if (cap is not None and indemnity is not None and "uncapped" not in indemnity.values
            and "indemnity" in cap.values.get("uncapped_carve_outs", ())):
        out["ip_indemnity"] = replace(indemnity, values={**indemnity.values, "uncapped": True})
    return out
