"""A deal of three real rounds for the window's thread tests: the first three drafts of the sample deal.

Round 1 (them) and round 2 (us) are Common Paper CSA v1.0, where Limitation of Liability is
§9 and "9.1 Liability Caps" one clause; in round 3 (them, CSA v2.0) it is §8 and the caps are
split into 8.1(a) and 8.1(b). Read and compared as an import would, then stored directly.
"""

from __future__ import annotations

from desktop.core.pipeline import compare_drafts, load_draft
from desktop.samples import sample_rounds
from desktop.store import Store


def add_three_rounds(store: Store, name: str = "Three rounds of the CSA") -> int:
    """Return the id of a new deal holding the sample deal's first three rounds."""
    deal_id = store.create_deal(name, counterparty="Sample Vendor, Inc.")
    previous = None
    for path, sender, date in sample_rounds()[:3]:
        draft = load_draft(path)
        comparison = compare_drafts(previous, draft) if previous is not None else None
        store.add_round(deal_id, draft, sender=sender, date=date, comparison=comparison)
        previous = draft
    return deal_id
