"""Importing a hostile or broken file through the window: one plain-words dialog, and the record untouched.

One file of each kind from the corpus of the command-line test (tests/core/hostile_corpus.py),
which tries every file; the window shares its reading code. Each file is imported
as the next round of a deal; the window must show exactly one warning, saying what the
command line says, write nothing, and stay usable for the next import.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.ui.dialogs import DealForm
from tests.core import hostile
from tests.core.hostile_corpus import READABLE, REFUSED, Case

WAIT = 30_000
IN_WINDOW = ("renamed text.docx", "truncated.docx", "no document part.docx", "password.docx", "zip bomb.docx",
             "path traversal.docx", "xxe.docx", "nul bytes.txt", "only images.docx", "nested tables 100.docx",
             "zero bytes.docx", "macros.docm", "rtl and emoji.docx", "Contrat révisé — 合同 v2 (final).docx")


def dump(store) -> list[str]:
    """Return every row and schema statement of the store's database."""
    return list(store._conn.iterdump())


@pytest.fixture
def deal_window(window, prompts):
    """Return the window with a selected deal whose positions are already set up."""
    prompts.deals.append(DealForm("Acme", "Acme AI, Inc.", "customer", "API access", "California"))
    window.new_deal_action.trigger()
    deal = window.current_deal
    window.store.ensure_deal_positions(deal.id, window.playbook(), deal.our_side)
    return window


@pytest.mark.parametrize("case", [c for c in REFUSED if c.name in IN_WINDOW], ids=str)
def test_a_refused_file_is_one_dialog_and_nothing_is_written(qtbot, deal_window, prompts, tmp_path, case: Case):
    path = hostile.write(tmp_path, case.name, case.make())
    before = dump(deal_window.store)
    with qtbot.waitSignal(deal_window.tasks.idle, timeout=WAIT):
        deal_window.import_files([path])
    ((title, text),) = prompts.warnings
    assert title == "The draft was not imported"
    for words in case.expect:
        assert words in text
    assert dump(deal_window.store) == before
    assert deal_window.import_action.isEnabled()


@pytest.mark.parametrize("case", [c for c in READABLE if c.name in IN_WINDOW], ids=str)
def test_a_legitimate_odd_file_imports_through_the_window(qtbot, deal_window, prompts, tmp_path, case: Case):
    path = hostile.write(tmp_path, case.name, case.make())
    with qtbot.waitSignal(deal_window.tasks.idle, timeout=WAIT):
        deal_window.import_files([path])
    assert prompts.warnings == []
    (round_,) = deal_window.store.rounds(deal_window.current_deal.id)
    assert round_.file_name == case.name == Path(path).name
