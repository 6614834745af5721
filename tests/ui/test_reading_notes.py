"""The reader's notes about a round's file show above its clauses, as plain text, and in the import's status."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.qt import Qt
from desktop.ui.dialogs import DealForm

WAIT = 30_000
RLO = "\u202e"


@pytest.fixture
def deal_window(window, prompts):
    prompts.deals.append(DealForm("Acme", "Acme AI, Inc.", "customer", "API access", "California"))
    window.new_deal_action.trigger()
    return window


def test_a_rounds_notes_show_in_the_banner_and_only_for_that_round(qtbot, deal_window, tmp_path):
    odd = tmp_path / "their draft.txt"
    odd.write_text(f"1. Fees\n\nCustomer shall pay {RLO}001$ <b>per</b> month.\n", encoding="utf-8")
    plain = tmp_path / "our draft.txt"
    plain.write_text("1. Fees\n\nCustomer shall pay 100$ per month.\n", encoding="utf-8")
    with qtbot.waitSignal(deal_window.tasks.idle, timeout=WAIT):
        deal_window.import_files([odd])
    banner = deal_window.deal_view.marks_banner
    assert "Reading notes on round 1: they are shown above the clauses." in deal_window.statusBar().currentMessage()
    assert banner.isVisible() and banner.textFormat() == Qt.TextFormat.PlainText
    assert banner.text().startswith("While reading this file: 1 paragraph holds characters that change the order")
    assert "“Customer shall pay 001$ <b>per</b> month”" in banner.text()  # the file's words, shown literally

    with qtbot.waitSignal(deal_window.tasks.idle, timeout=WAIT):
        deal_window.import_files([plain])
    assert not banner.isVisible()
    assert "Reading notes" not in deal_window.statusBar().currentMessage()

    first = deal_window.store.rounds(deal_window.current_deal.id)[0]
    deal_window.refresh_deals(select_draft=first.id)
    assert banner.isVisible() and "right-to-left override" in banner.text()


def test_the_compare_window_shows_the_notes_of_a_file_it_read(qtbot, ui_store, prompts, tmp_path):
    from desktop.core.pipeline import load_draft
    from desktop.core.playbook import default_playbook_path, load_playbook
    from desktop.ui.compare_picker import DraftSource
    from desktop.ui.compare_window import CompareWindow

    playbook = load_playbook(default_playbook_path())
    plain, odd = PLAIN, odd_draft(tmp_path)
    window = CompareWindow(ui_store, prompts, lambda: playbook, ask_file=lambda title: None)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.shown, timeout=WAIT):
        window.compare(DraftSource(plain.name, path=plain), DraftSource(odd.name, path=odd))
    note = window.view.note
    assert note.isVisible() and note.textFormat() == Qt.TextFormat.PlainText
    lines = note.text().splitlines()
    assert lines[0] == "While reading the files:"
    assert lines[1].startswith("• B (theirs.md): 1 paragraph holds characters that change the order")
    assert len(lines) == 2  # nothing about A, which has no such characters

    # A stored round brings the notes kept with it.
    deal = ui_store.create_deal("Acme")
    stored = ui_store.add_round(deal, load_draft(odd), sender="them", date="2024-02-01")
    with qtbot.waitSignal(window.shown, timeout=WAIT):
        window.compare(DraftSource("Acme — round 1", draft_id=stored), DraftSource(plain.name, path=plain))
    lines = note.text().splitlines()
    assert len(lines) == 2 and lines[1].startswith("• A (Acme — round 1): 1 paragraph holds characters")
    window.close()


DATA = Path(__file__).resolve().parents[1] / "data" / "md"
PLAIN = DATA / "commonpaper-csa-v1.0-final-2022-02-03.md"


def odd_draft(tmp_path: Path) -> Path:
    """Return the CSA v2 with its first "Customer" written backwards inside a right-to-left override."""
    text = (DATA / "commonpaper-csa-v2.0-2024-02-02.md").read_text(encoding="utf-8")
    path = tmp_path / "theirs.md"
    path.write_text(text.replace("Customer", f"{RLO}remotsuC\u202c", 1), encoding="utf-8")
    return path
