"""The sample deal a new user sees on first start: four public versions of a real agreement."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.pipeline import load_draft
from desktop.core.playbook import Playbook, default_playbook_path, load_playbook
from desktop.core.record import Standing
from desktop.core.rounds import PreparedRound, RoundFile, prepare_rounds
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


def find_sample_deal(store: Store) -> int | None:
    """Return the id of the whole sample deal, or None when it is missing or was left part-built.

    Part-built: a deal of the sample's name whose rounds are the first few sample files and
    no more (an older Counterdraft stopped while building it). `store_sample_deal` replaces it.
    """
    deal = store.deal_by_name(SAMPLE_DEAL["name"])
    if deal is None:
        return None
    return None if _part_built(store, deal.id) else deal.id


def _part_built(store: Store, deal_id: int) -> bool:
    stored = [r.sha256 for r in store.rounds(deal_id)]
    return len(stored) < len(_ROUNDS) and stored == _sample_digests()[: len(stored)]


def _sample_digests() -> list[str]:
    return [hashlib.sha256(path.read_bytes()).hexdigest() for path, _, _ in sample_rounds()]


def store_sample_deal(store: Store, playbook: Playbook, prepared: Sequence[PreparedRound]) -> int:
    """Return the id of the sample deal, stored whole from its prepared rounds in one transaction.

    A process killed while storing it leaves no trace of it, and a part-built sample deal
    left by an older Counterdraft is replaced in the same transaction. `playbook` is the one
    the rounds were assessed with (Store.playbook of the shipped one).
    """
    with store.writing():
        existing = store.deal_by_name(SAMPLE_DEAL["name"])
        if existing is not None:
            if not _part_built(store, existing.id):
                return existing.id  # another window or process stored it meanwhile
            store.delete_deal(existing.id)
        deal_id = store.create_deal(**SAMPLE_DEAL)
        store.ensure_deal_positions(deal_id, playbook, SAMPLE_DEAL["our_side"])
        after = None
        for item in prepared:
            after = store.add_round(deal_id, item.draft, sender=item.sender, date=item.date,
                                    comparison=item.comparison, findings=item.findings,
                                    suggestions=item.suggestions, after=after)
    return deal_id


def create_sample_deal(store: Store) -> int:
    """Return the id of the sample deal, creating it (with all its rounds) if it is missing or part-built.

    Each round is stored with the playbook positions found in it and the statuses they
    suggest, as an import from the window would store it; the whole deal in one transaction.
    """
    found = find_sample_deal(store)
    if found is not None:
        return found
    files = sample_round_files()
    drafts = [load_draft(file.path) for file in files]  # read before the deal is created
    playbook = store.playbook(load_playbook(default_playbook_path()))
    standing = Standing.fresh(playbook, SAMPLE_DEAL["our_side"])
    prepared = prepare_rounds(files, None, playbook=playbook, standing=standing, drafts=drafts)
    return store_sample_deal(store, playbook, prepared)
