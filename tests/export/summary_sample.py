"""Shared inputs for the summary and issues-list tests: the sample deal, and a deal with hostile text."""

from __future__ import annotations

from desktop.export.summary.data import (
    Excerpt,
    HistoryEntry,
    PositionOutcome,
    RoundInfo,
    SummaryData,
    build_summary,
)

# Markup of every kind a clause might carry: none of it may act in any export.
HOSTILE = "<script>alert('x')</script> | *bold* _u_ &amp; [link](http://x) # =cmd|' /C calc'!A0"


def sample_summary(store) -> SummaryData:
    """Return the summary of the sample deal (four rounds of the Common Paper CSA) in `store`."""
    from desktop.core.playbook import default_playbook_path, load_playbook
    from desktop.samples import create_sample_deal

    deal_id = create_sample_deal(store)
    return build_summary(store, deal_id, store.playbook(load_playbook(default_playbook_path())))


def hostile_summary() -> SummaryData:
    """Return a summary whose every text field holds markup, pipes and formula starts."""
    entry = HistoryEntry(round_no=1, status="open", reason=HOSTILE, suggested=False, value=HOSTILE,
                         clauses=("1.1",), excerpts=(Excerpt("1.1", HOSTILE),), same_as=None)
    position = PositionOutcome(
        number=1, key="liability_cap", title="Cap " + HOSTILE, first=True, ask="=HYPERLINK(\"x\")",
        fallback="-1 month", status="open", suggested=False, reason="@SUM(A1) " + HOSTILE,
        final_value=HOSTILE, their_value="+44 " + HOSTILE, settled_round=None, clause_refs=("1.1",),
        clause_round=1, last_touched=1, history=(entry,))
    rounds = (RoundInfo(1, "them", "Evil | Corp <b>", "2024-01-02", "a*b*.docx", 3, None, None, None, ()),)
    return SummaryData(deal_name="Deal " + HOSTILE, counterparty="Evil | Corp <b>", our_side="customer",
                       deal_type="API access", jurisdictions="*", generated="2026-01-31",
                       rounds=rounds, positions=(position,))
