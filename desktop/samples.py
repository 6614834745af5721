"""The sample deal a new user sees on first start: four public versions of a real agreement."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.pipeline import compare_drafts, load_draft
from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.core.record import assess_round
from desktop.resources import resource_path

if TYPE_CHECKING:
    from desktop.store import Store

SAMPLE_DEAL = {
    "name": "Sample: Cloud Service Agreement (Common Paper)",
    "counterparty": "Sample Vendor, Inc.",
    "our_side": "customer",
    "deal_type": "SaaS with an AI feature",
    "jurisdictions": "California, USA",
}

# (file, who sent it, date): the vendor's paper, our redline, their counter, our reply.
_ROUNDS = (
    ("commonpaper-csa-v1.0-2022-02-01.docx", "them", "2022-02-01"),
    ("commonpaper-csa-v1.0-final-2022-02-03.docx", "us", "2022-02-03"),
    ("commonpaper-csa-v2.0-2024-02-02.docx", "them", "2024-02-02"),
    ("commonpaper-csa-v2.0-2024-04-10.docx", "us", "2024-04-10"),
)


def sample_rounds() -> list[tuple[Path, str, str]]:
    """Return the sample deal's rounds as (file path, sender, date), in round order."""
    folder = resource_path("samples")
    return [(folder / name, sender, date) for name, sender, date in _ROUNDS]


def create_sample_deal(store: Store) -> int:
    """Return the id of the sample deal, creating it (with all its rounds) if it is missing.

    Each round is stored with the playbook positions found in it and the statuses they
    suggest, as an import from the window would store it.
    """
    existing = store.deal_by_name(SAMPLE_DEAL["name"])
    if existing is not None:
        return existing.id
    drafts = [(load_draft(path), sender, date) for path, sender, date in sample_rounds()]
    playbook = store.playbook(load_playbook(default_playbook_path()))
    deal_id = store.create_deal(**SAMPLE_DEAL)
    store.ensure_deal_positions(deal_id, playbook, SAMPLE_DEAL["our_side"])
    standing = store.standing(deal_id)
    previous = None
    for draft, sender, date in drafts:
        comparison = None
        if previous is not None:
            comparison = compare_drafts(previous, draft)
        findings, suggestions = assess_round(playbook, draft.clauses, standing, sender=sender,
                                             comparison=comparison)
        store.add_round(deal_id, draft, sender=sender, date=date, comparison=comparison,
                        findings=findings, suggestions=suggestions)
        standing = standing.after(sender, findings, suggestions)
        previous = draft
    return deal_id
