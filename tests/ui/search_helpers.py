"""Two deals for the search tests, stored straight from the model (no draft files to read).

Acme AI has three rounds, beta labs two; both have an audit clause the audit_rights findings
cite, and a clause that mentions audit without being a finding's. Acme's audit notice moves
from 30 to 10 days in round 2 and it settles as a compromise; beta labs wins it in round 2.
"""

from __future__ import annotations

from desktop.core.model import Evidence, Finding, Suggestion
from tests.store.conftest import build_draft

AUDIT = "The Customer may audit the Supplier's records once a year on {notice} days' notice."
CAP = "Each party's liability is capped at the fees paid in the {months} months before the claim."
OTHER = "Either party may terminate this Agreement on 90 days' notice; the audit clause survives."
HOSTILE = "<b>Bold</b> audit <img src=x onerror=alert(1)> &amp; ⟦not a mark⟧ done."


def _audit(notice: int) -> Finding:
    return Finding("audit_rights", "Audit rights", ("c1",), (Evidence("c1", 0, 20),),
                   {"customer_audit": True, "notice_days": notice})


def add_two_deals(store) -> dict[str, int]:
    """Store the two deals (and an empty third) and return their ids by short name."""
    acme = store.create_deal("Acme AI", counterparty="Acme AI, Inc.")
    beta = store.create_deal("beta labs", counterparty="Beta Labs Ltd")
    for round_no, (notice, status) in enumerate([(30, "open"), (10, "compromise"), (10, "compromise")], 1):
        texts = [AUDIT.format(notice=notice), CAP.format(months=12), OTHER, HOSTILE]
        store.add_round(acme, build_draft(texts, name=f"acme-r{round_no}.docx"),
                        sender="them" if round_no % 2 else "us", date=f"2024-01-0{round_no}",
                        findings=(_audit(notice),),
                        suggestions=(Suggestion("audit_rights", status, f"Acme round {round_no}"),))
    for round_no, status in enumerate(["open", "won"], 1):
        texts = [AUDIT.format(notice=60), CAP.format(months=24), OTHER]
        store.add_round(beta, build_draft(texts, name=f"beta-r{round_no}.docx"), sender="them",
                        date=f"2024-02-0{round_no}", findings=(_audit(60),),
                        suggestions=(Suggestion("audit_rights", status, f"Beta round {round_no}"),))
    return {"acme": acme, "beta": beta}
