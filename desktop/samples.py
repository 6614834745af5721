"""The sample deal a new user sees on first start: four public versions of a real agreement."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.pipeline import load_draft
from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.core.rounds import RoundFile, prepare_rounds
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


def sample_round_files() -> list[RoundFile]:
    """Return the sample deal's rounds as files to prepare (desktop.core.rounds), in round order."""
    return [RoundFile(path, sender, date) for path, sender, date in sample_rounds()]


def create_sample_deal(store: Store) -> int:
    """Return the id of the sample deal, creating it (with all its rounds) if it is missing.

    Each round is stored with the playbook positions found in it and the statuses they
    suggest, as an import from the window would store it.
    """
    existing = store.deal_by_name(SAMPLE_DEAL["name"])
    if existing is not None:
        return existing.id
    files = sample_round_files()
    drafts = [load_draft(file.path) for file in files]  # read before the deal is created
    playbook = store.playbook(load_playbook(default_playbook_path()))
    deal_id = store.create_deal(**SAMPLE_DEAL)
    store.ensure_deal_positions(deal_id, playbook, SAMPLE_DEAL["our_side"])
    prepared = prepare_rounds(files, None, playbook=playbook, standing=store.standing(deal_id), drafts=drafts)
    for item in prepared:
        store.add_round(deal_id, item.draft, sender=item.sender, date=item.date, comparison=item.comparison,
                        findings=item.findings, suggestions=item.suggestions)
    return deal_id
