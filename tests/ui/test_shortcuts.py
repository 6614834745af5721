"""The keyboard: every documented shortcut is bound from shortcuts.py, sits in a menu, and does its job."""

from __future__ import annotations

import pytest

from desktop.qt import QAction, QApplication, QKeySequence, Qt
from desktop.samples import create_sample_deal
from desktop.ui import export_actions, help_dialogs, main_window, search_actions
from desktop.ui.shortcuts import ID_PROPERTY, SHORTCUTS, key_text, sequences

COMPARE_WINDOW = {"compare_combined", "compare_close", "compare_export", "compare_print"}


def bound_actions(window) -> dict[str, QAction]:
    """Return the window's actions (its own, the deal page's and the Positions tab's) by shortcut id."""
    found: dict[str, QAction] = {}
    for action in window.findChildren(QAction):
        shortcut_id = action.property(ID_PROPERTY)
        if shortcut_id:
            found[shortcut_id] = action
    return found


def menu_actions(window) -> set[QAction]:
    out: set[QAction] = set()
    for menu in window.menus():
        out.update(action for action in menu.actions() if not action.isSeparator())
    return out


@pytest.fixture
def sample(window, ui_store, qtbot):
    """Return the active window showing the sample deal's round 3 on the Clauses tab."""
    deal_id = create_sample_deal(ui_store)
    window.refresh_deals(select_deal=deal_id)
    window.deal_view.select_round_row(2)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def status_of(window, key: str, draft_id: int):
    """Return the store's PositionStatus of `key` in the draft `draft_id` of the selected deal."""
    return window.store.position_statuses(window.current_deal.id).get((key, draft_id))


def press(qtbot, window, sequence: str) -> None:
    """Type the key sequence `sequence` ("Ctrl+PgDown") into the window's focus widget."""
    combo = QKeySequence(sequence)[0]
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, combo.key(), combo.keyboardModifiers())


def test_every_documented_shortcut_is_an_action_with_the_tables_keys_in_a_menu(window):
    actions = bound_actions(window)
    in_menus = menu_actions(window)
    for row in SHORTCUTS:
        if not row.action or row.id in COMPARE_WINDOW:
            continue
        assert row.id in actions, f"no action has the keys of {row.id}"
        assert actions[row.id].shortcuts() == sequences(row.id), row.id
        assert actions[row.id] in in_menus, f"{row.id} is not in the menu bar"


def test_every_window_action_is_in_the_menu_bar_and_no_key_is_bound_twice(window):
    in_menus = menu_actions(window)
    seen: dict[str, str] = {}
    for action in window.actions():
        assert action in in_menus, f"{action.text()} is not in any menu"
    for action in window.findChildren(QAction):
        if action.shortcuts():
            assert action.property(ID_PROPERTY), f"{action.text()} has keys that shortcuts.py does not document"
        for sequence in action.shortcuts():
            text = sequence.toString()
            assert text not in seen or seen[text] == action.text(), f"{text}: {seen.get(text)} and {action.text()}"
            seen[text] = action.text()


def test_the_compare_window_uses_the_documented_keys(window, qtbot):
    from desktop.ui.compare_window import CompareWindow

    compare = CompareWindow(window.store, window.prompts, window.playbook)
    qtbot.addWidget(compare)
    keys = {action.text(): action.shortcuts() for action in compare.findChildren(QAction)}
    assert keys["&Combined redline"] == sequences("compare_combined")
    assert keys["&Close"] == sequences("compare_close")
    assert keys["&Compare two drafts…"] == sequences("compare")
    assert keys["&Next change"] == sequences("next_change")
    compare.show()
    compare.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is compare)
    press(qtbot, compare, "Ctrl+R")
    assert compare.view.combined_action.isChecked()
    press(qtbot, compare, "Ctrl+W")
    assert not compare.isVisible()


def test_the_cheat_sheet_lists_every_shortcut_in_the_table(window):
    dialog = help_dialogs.show_shortcuts(window)
    text = dialog.browser.toPlainText()
    for row in SHORTCUTS:
        assert row.words in text
        assert key_text(row.id).split(" or ")[0] in text
    assert "Open" not in key_text("import_round")  # the dedicated "Open" key is bound, not listed
    dialog.close()


def shown_help(window) -> help_dialogs.HelpDialog:
    """Return the one help dialog open over `window`."""
    (dialog,) = [d for d in window.findChildren(help_dialogs.HelpDialog) if d.isVisible()]
    return dialog


def test_f1_opens_the_cheat_sheet_and_the_help_menu_opens_about(sample, qtbot):
    press(qtbot, sample, "F1")
    dialog = shown_help(sample)
    assert dialog.isVisible() and "Keyboard shortcuts" in dialog.windowTitle()
    sample.about_action.trigger()
    about = shown_help(sample)
    assert not dialog.isVisible()
    text = about.browser.toPlainText()
    for words in ("python-docx", "MIT", "LGPL", "sqlite-utils", "Apache-2.0", "CC BY 4.0", "Common Paper", "CUAD"):
        assert words in text
    about.close()


def test_tab_change_and_round_shortcuts(sample, qtbot):
    view = sample.deal_view
    view.clause_tree.setFocus()
    press(qtbot, sample, "Ctrl+2")
    assert view.tabs.currentWidget() is sample.positions_view
    press(qtbot, sample, "Ctrl+1")
    assert view.tabs.currentIndex() == 0
    view.clause_tree.setFocus()
    press(qtbot, sample, "F8")
    first = view.current_entry()
    assert first is not None and first.pair.kind != "unchanged"
    press(qtbot, sample, "F8")
    second = view.current_entry()
    assert second.clause.id != first.clause.id
    press(qtbot, sample, "Shift+F8")
    assert view.current_entry().clause.id == first.clause.id
    press(qtbot, sample, "Ctrl+H")
    assert view.right_tabs.currentWidget() is view.history
    press(qtbot, sample, "Ctrl+PgDown")
    assert view.current_round.round_no == 4
    press(qtbot, sample, "Ctrl+PgDown")
    assert view.current_round.round_no == 4
    assert "last round" in sample.statusBar().currentMessage()
    press(qtbot, sample, "Ctrl+PgUp")
    press(qtbot, sample, "Ctrl+PgUp")
    assert view.current_round.round_no == 2


@pytest.mark.parametrize(("key", "status"), [("W", "won"), ("C", "conceded"), ("P", "compromise"),
                                              ("O", "open"), ("N", "not_addressed")])
def test_status_keys_work_on_the_positions_tab_and_undo_redo_by_keyboard(sample, qtbot, key, status):
    view = sample.positions_view
    press(qtbot, sample, "Ctrl+2")
    draft = sample.store.rounds(sample.current_deal.id)[2].id
    assert view.select_cell("liability_cap", draft)
    view.grid.setFocus()
    before = status_of(sample, "liability_cap", draft)
    press(qtbot, sample, key)
    after = status_of(sample, "liability_cap", draft)
    assert (after.status, after.suggested) == (status, False)
    press(qtbot, sample, "Ctrl+Z")
    assert status_of(sample, "liability_cap", draft) == before
    press(qtbot, sample, "Ctrl+Shift+Z")
    assert status_of(sample, "liability_cap", draft).status == status


def test_status_keys_are_letters_outside_the_positions_tab(sample, qtbot):
    view = sample.positions_view
    assert not sample.status_actions["won"].isEnabled()
    press(qtbot, sample, "Ctrl+2")
    assert sample.status_actions["won"].isEnabled()
    draft = sample.store.rounds(sample.current_deal.id)[2].id
    view.select_cell("liability_cap", draft)
    before = status_of(sample, "liability_cap", draft)
    view.pane.ask.setFocus()
    view.pane.ask.clear()
    qtbot.keyClicks(view.pane.ask, "WOC")
    assert view.pane.ask.text() == "WOC"
    assert status_of(sample, "liability_cap", draft) == before


def test_deal_and_file_shortcuts_reach_their_commands(sample, qtbot, monkeypatch, prompts):
    sample.deals_list.setFocus()
    press(qtbot, sample, "Ctrl+N")
    press(qtbot, sample, "F2")
    prompts.confirmations.append(False)
    press(qtbot, sample, "Del")
    assert prompts.questions and prompts.questions[-1][0] == "Delete deal"
    asked = []
    prompts.files.extend([[], []])
    monkeypatch.setattr(prompts, "open_drafts", lambda: asked.append(True) or [])
    press(qtbot, sample, "Ctrl+I")
    press(qtbot, sample, "Ctrl+O")
    assert len(asked) == 2
    exports, compares = [], []
    monkeypatch.setattr(export_actions, "open_summary_export", lambda window, **kw: exports.append("summary"))
    monkeypatch.setattr(export_actions, "open_redline_export", lambda window: exports.append("redline"))
    monkeypatch.setattr(main_window, "open_compare", lambda *args: compares.append(args))
    press(qtbot, sample, "Ctrl+E")
    press(qtbot, sample, "Ctrl+Shift+E")
    press(qtbot, sample, "Ctrl+Shift+C")
    assert exports == ["summary", "redline"] and len(compares) == 1
    opened = []
    monkeypatch.setattr(search_actions, "open_search", lambda window: opened.append("search"))
    monkeypatch.setattr(search_actions, "open_settings", lambda window: opened.append("settings"))
    for keys in ("Ctrl+K", "Ctrl+Shift+F", "Ctrl+F", "Ctrl+,"):
        press(qtbot, sample, keys)
    assert opened == ["search", "search", "search", "settings"]
    press(qtbot, sample, "Ctrl+Q")
    assert not sample.isVisible()


def test_menus_name_their_keys(window):
    texts = {action.text(): action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
             for menu in window.menus() for action in menu.actions()}
    assert texts["&Import round…"] == "Ctrl+I"
    assert texts["Ne&xt round"] == "Ctrl+PgDown"
    assert texts["Mark won"] == "W"
    assert texts["&Keyboard shortcuts"] == "F1"
    assert [menu.title() for menu in window.menus()][:3] == ["&File", "&Deal", "&Edit"]
    assert window.menus()[-1].title() == "&Help"
    assert Qt.Key.Key_F1 == QKeySequence(key_text("shortcuts_help"))[0].key()


def test_round_keys_move_the_positions_tabs_round_when_it_is_shown(sample, qtbot):
    press(qtbot, sample, "Ctrl+2")
    box = sample.positions_view.focus_round
    assert box.currentIndex() == box.count() - 1  # the final round
    press(qtbot, sample, "Ctrl+PgUp")
    assert box.currentIndex() == box.count() - 2
    press(qtbot, sample, "Ctrl+PgDown")
    press(qtbot, sample, "Ctrl+PgDown")
    assert box.currentIndex() == box.count() - 1
    assert "last round" in sample.statusBar().currentMessage()
