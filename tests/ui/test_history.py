"""The History tab on three real rounds: a clause's thread, the redline between any two rounds, and corrections with undo."""

from __future__ import annotations

import pytest

from desktop.qt import QModelIndex
from desktop.store.threads import ClauseRef
from desktop.ui.redline import DELETED_COLOUR, INSERTED_COLOUR
from tests.ui.three_rounds import add_three_rounds


def tree_entries(model, parent=QModelIndex()):
    """Return (index, entry) for every clause row of the tree, depth first."""
    out = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if model.entry(index) is not None:
            out.append((index, model.entry(index)))
        out.extend(tree_entries(model, index))
    return out


def select(view, number: str):
    """Select the clause numbered `number` of the round shown and return its entry."""
    view.changed_only.setChecked(False)
    for index, entry in tree_entries(view.clause_model):
        if entry.clause.number == number and not entry.dropped:
            view.clause_tree.setCurrentIndex(index)
            return entry
    raise AssertionError(f"no clause {number} in the tree")


def runs(text_view):
    """Return (text, format) of every fragment of a QTextBrowser's document."""
    out = []
    block = text_view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            out.append((it.fragment().text(), it.fragment().charFormat()))
            it += 1
        block = block.next()
    return out


@pytest.fixture
def deal(window, ui_store):
    """Return the window showing round 3 of the three-round deal, the History tab open on 8.1(b)."""
    deal_id = add_three_rounds(ui_store)
    window.refresh_deals(select_deal=deal_id)
    view = window.deal_view
    assert view.current_round.round_no == 3
    select(view, "8.1(b)")
    view.history_action.trigger()
    assert view.right_tabs.currentWidget() is view.history
    return window


def ref_of(window, number: str) -> ClauseRef:
    view = window.deal_view
    clause = next(c for c in window.store.clauses(view.current_round.id) if c.number == number)
    return ClauseRef(view.current_round.id, clause.id)


def test_the_history_shows_the_clause_in_every_round_with_who_sent_it_and_its_markers(deal):
    history = deal.deal_view.history
    assert history.title.text().startswith("History of 8.1(b)")
    assert "in 8.1 Liability Caps" in history.title.text()
    assert "In every round (1–3)" in history.summary.text() and "split in round 3" in history.summary.text()
    text = history.text.toPlainText()
    for header in ("Round 1 · Them · 1 Feb 2022", "Round 2 · Us · 3 Feb 2022", "Round 3 · Them · 2 Feb 2024"):
        assert header in text
    assert text.index("Round 1 · Them") < text.index("Round 2 · Us") < text.index("Round 3 · Them")
    assert "9.1 Liability Caps" in text  # how it was cited before the renumbering
    assert "same words as round 1" in text and "was 9.1" in text
    round_3 = text[text.index("Round 3 · Them · 2 Feb 2024"):]
    assert round_3.split("\n")[1].split()[:3] == ["Split", "Substantive", "was"]
    struck = [(t, f) for t, f in runs(history.text) if f.fontStrikeOut()]
    assert struck and all(f.foreground().color() == DELETED_COLOUR for _, f in struck)
    assert any("General Cap Amount" in t for t, _ in struck)  # round 3 dropped the general cap sentence
    assert [history.from_round.itemText(i) for i in range(history.from_round.count())] == [
        "R1 · Them", "R2 · Us", "R3 · Them"
    ]


def test_a_redline_between_any_two_rounds_is_one_click(deal):
    history = deal.deal_view.history
    rounds = deal.store.rounds(deal.current_deal.id)
    history.from_round.setCurrentIndex(0)
    history.to_round.setCurrentIndex(2)
    history.compare_button.click()
    text = history.text.toPlainText()
    assert text.startswith("Round 1 → round 3")
    assert "Round 1 · Them · 1 Feb 2022 — 9.1 Liability Caps" in text and "Round 3 · Them · 2 Feb 2024 — 8.1(b)" in text
    assert "Substantive" in text
    inserted = [t for t, f in runs(history.text) if f.fontUnderline() and f.foreground().color() == INSERTED_COLOUR]
    assert "".join(inserted).strip() == "all"
    history.every_round_button.click()
    assert "Round 2 · Us · 3 Feb 2022" in history.text.toPlainText()
    history.compare_rounds(rounds[1].id, rounds[0].id)  # picked newest first: shown oldest first
    assert history.text.toPlainText().startswith("Round 1 → round 2")
    assert "Same words" in history.text.toPlainText()


def test_a_clause_of_a_single_round_deal_has_an_empty_state(window, ui_store, csa_md, qtbot):
    from desktop.core.pipeline import load_draft

    deal_id = ui_store.create_deal("One round only")
    ui_store.add_round(deal_id, load_draft(csa_md[0]), sender="them", date="2022-02-03")
    window.refresh_deals(select_deal=deal_id)
    view = window.deal_view
    view.history_action.trigger()
    assert view.current_entry() is not None
    assert "one round so far" in view.history.summary.text()
    assert not view.history.compare_button.isEnabled()
    assert not view.corrections.link_action.isEnabled() and not view.corrections.split_action.isEnabled()


def test_starting_a_new_thread_is_undone_and_redone_through_the_edit_menu(deal):
    view = deal.deal_view
    store = deal.store
    ref = ref_of(deal, "8.1(b)")
    before = store.predecessor(ref)
    assert before[0] is not None and not before[1]
    assert view.corrections.split_action.isEnabled()
    view.corrections.split_action.trigger()
    assert store.predecessor(ref) == (None, True)
    assert "Round 1 · Them" in view.history.text.toPlainText()  # the round is listed, without the clause
    assert "Only in round 3" in view.history.summary.text()
    assert "linked by you in round 3" in view.history.summary.text()
    assert deal.undo_action.isEnabled() and "new thread" in deal.undo_action.text()
    deal.undo_action.trigger()
    assert store.predecessor(ref) == before
    assert "In every round (1–3)" in view.history.summary.text()
    deal.redo_action.trigger()
    assert store.predecessor(ref) == (None, True)
    assert "Only in round 3" in view.history.summary.text()


def test_linking_to_another_thread_displaces_its_follower_and_undo_restores_both(deal):
    view = deal.deal_view
    store = deal.store
    cap_b, cap_a = ref_of(deal, "8.1(b)"), ref_of(deal, "8.1(a)")
    old_b, old_a = store.predecessor(cap_b), store.predecessor(cap_a)
    select(view, "8.1(a)")
    asked = []

    def choose(title, text, choices):
        asked.append((title, [choice.label for choice in choices]))
        return next(choice.ref for choice in choices if "9.1 Liability Caps" in choice.label)

    view.corrections.choose = choose
    view.corrections.link_action.trigger()
    (title, labels), = asked
    assert title == "Link to another clause" and any("round 2: 9.1 Liability Caps" in label for label in labels)
    assert store.predecessor(cap_a) == (old_b[0], True)
    assert store.predecessor(cap_b) == (None, False)  # it lost its predecessor to 8.1(a)
    assert "Linked by you" in view.history.text.toPlainText()
    deal.undo_action.trigger()
    assert (store.predecessor(cap_a), store.predecessor(cap_b)) == (old_a, old_b)
    deal.redo_action.trigger()
    assert store.predecessor(cap_a) == (old_b[0], True)


def test_merging_an_earlier_thread_joins_the_two(deal):
    view = deal.deal_view
    store = deal.store
    cap_b = ref_of(deal, "8.1(b)")
    view.corrections.split_action.trigger()  # 8.1(b) now starts in round 3; 9.1 ends in round 2
    view.corrections.choose = lambda title, text, choices: next(
        c.ref for c in choices if "9.1 Liability Caps" in c.label
    )
    view.corrections.merge_action.trigger()
    pred, by_user = store.predecessor(cap_b)
    assert by_user and pred.draft_id == store.rounds(deal.current_deal.id)[1].id
    assert "In every round (1–3)" in view.history.summary.text()
    deal.undo_action.trigger()
    assert store.predecessor(cap_b) == (None, True)


def test_the_thread_chooser_filters_as_the_user_types(qtbot):
    from desktop.ui.thread_corrections import ThreadChoice, ThreadChooser

    choices = [
        ThreadChoice("8 Limitation of Liability  —  round 2: 9 Limitation of Liability", ClauseRef(2, "c40")),
        ThreadChoice("8.1(b)  —  round 2: 9.1 Liability Caps", ClauseRef(2, "c41")),
        ThreadChoice("9.1 Protection by Provider  —  round 2: 10.1 Protection by Provider", ClauseRef(2, "c50")),
    ]
    dialog = ThreadChooser("Link to another clause", "Choose.", choices)
    qtbot.addWidget(dialog)
    assert dialog.chosen() == ClauseRef(2, "c40")
    qtbot.keyClicks(dialog.search, "caps 9.1")
    assert dialog.chosen() == ClauseRef(2, "c41")
    dialog.search.setText("no such words")
    assert dialog.chosen() is None
    empty = ThreadChooser("Merge with an earlier thread", "Choose.", [])
    qtbot.addWidget(empty)
    assert empty.chosen() is None and not empty.search.isEnabled()


@pytest.mark.parametrize("number", ["8.1", "8.1(a)"])
def test_a_clause_split_out_of_another_names_its_origin_in_history_as_the_redline_does(window, ui_store, number):
    from desktop.samples import create_sample_deal

    deal_id = create_sample_deal(ui_store)
    window.refresh_deals(select_deal=deal_id)
    view = window.deal_view
    view.select_round_row(2)  # round 3, where the vendor split 9.1 Liability Caps
    entry = select(view, number)
    assert "split from 9.1" in view.redline.toPlainText()
    view.history_action.trigger()
    text = view.history.text.toPlainText()
    assert "Split from 9.1 Liability Caps of round 2" in text
    assert "First version" not in text
    assert "Round 1 · Them · 1 Feb 2022 — not yet a clause of its own: split from 9.1" in text
    thread = ui_store.thread(ClauseRef(view.current_round.id, entry.clause.id))
    (split,) = [e for e in thread.entries if e.origin]
    assert [c.number for c in split.origin] == ["9.1"] and split.round_no == 3
