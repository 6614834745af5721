"""Accessibility: every control has a name a screen reader can say, and the tab order is sensible."""

from __future__ import annotations

import pytest

from desktop.qt import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)
from desktop.samples import create_sample_deal
from desktop.ui import help_dialogs

INTERACTIVE = (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit,
               QTabBar)


def spoken_name(widget: QWidget, buddies: dict[int, str]) -> str:
    """Return what a screen reader says for `widget`: its accessible name, its text or its label's text."""
    if widget.accessibleName():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
        return widget.text()
    if isinstance(widget, QTabBar):
        return widget.tabText(0) if widget.count() else ""
    return buddies.get(id(widget), "")


def inside_box(widget: QWidget) -> bool:
    """Return True for the parts Qt builds inside a combo box or spin box (its popup, its line edit)."""
    parent = widget.parent()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox)):
            return True
        parent = parent.parent()
    return False


def unnamed(root: QWidget) -> list[str]:
    """Return a description of each interactive widget under `root` that has no name to speak."""
    widgets = [root, *root.findChildren(QWidget)]
    buddies = {id(label.buddy()): label.text() for label in root.findChildren(QLabel) if label.buddy() is not None}
    missing = []
    for widget in widgets:
        if not isinstance(widget, INTERACTIVE) or widget.focusPolicy() == widget.focusPolicy().NoFocus:
            continue
        if inside_box(widget):
            continue  # a combo box's popup list or a date edit's line edit: the box carries the name
        if not spoken_name(widget, buddies).strip():
            parent = widget.parent()
            missing.append(f"{type(widget).__name__} '{widget.objectName()}' in {type(parent).__name__}"
                           f" '{parent.objectName() if parent else ''}'")
    return missing


@pytest.fixture
def sample(window, ui_store):
    deal_id = create_sample_deal(ui_store)
    window.refresh_deals(select_deal=deal_id)
    window.deal_view.select_round_row(2)
    return window


def test_every_control_of_the_main_window_has_a_name(sample):
    view = sample.deal_view
    pages = [(0, 0, 0), (0, 1, 1), (1, 0, 0)]
    for deal_tab, left, right in pages:
        view.tabs.setCurrentIndex(deal_tab)
        view.left_tabs.setCurrentIndex(left)
        view.right_tabs.setCurrentIndex(right)
        assert unnamed(sample) == []


def test_the_empty_window_and_its_dialogs_have_names(window):
    assert unnamed(window) == []
    for dialog in (help_dialogs.show_shortcuts(window), help_dialogs.show_about(window)):
        assert unnamed(dialog) == []
        dialog.close()


def test_the_compare_window_has_names(window, qtbot):
    from desktop.ui.compare_window import CompareWindow

    compare = CompareWindow(window.store, window.prompts, window.playbook)
    qtbot.addWidget(compare)
    assert unnamed(compare) == []


def test_a_nameless_control_is_found(window):
    """The walk itself: a bare line edit with no label is reported."""
    bare = QLineEdit(window.deal_view)
    assert any("QLineEdit" in line for line in unnamed(window))
    bare.setAccessibleName("Test field")
    assert unnamed(window) == []


def test_tab_moves_from_the_deal_list_through_the_deal_page_in_reading_order(sample, qtbot):
    sample.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is sample)
    view = sample.deal_view
    sample.deals_list.setFocus()
    order = [QApplication.focusWidget()]
    for _ in range(12):
        sample.focusNextChild()
        order.append(QApplication.focusWidget())
    reached = [widget for widget in order if widget is not None]
    positions = {name: next((i for i, w in enumerate(reached) if w is widget), None) for name, widget in {
        "deals": sample.deals_list, "rounds": view.rounds_table, "tree": view.clause_tree, "redline": view.redline,
    }.items()}
    assert None not in positions.values(), positions
    assert positions["deals"] < positions["rounds"] < positions["tree"] < positions["redline"]


def test_the_dialogs_have_names(window, qtbot):
    import datetime

    from desktop.store import RoundRow
    from desktop.ui.compare_picker import ComparePicker
    from desktop.ui.dialogs import DealDialog, DealForm, RenameDialog, RoundDialog
    from desktop.ui.matrix_view import PickDraftsDialog
    from desktop.ui.playbook_dialog import PlaybookDialog
    from desktop.ui.round_details import RoundDetailsDialog

    dialogs = [
        DealDialog(set(), window),
        RenameDialog("Acme", set(), window),
        RoundDialog("draft.docx", 2, "them", datetime.date(2025, 1, 2), window, date_source="From the file name"),
        DealDialog({"Acme"}, window, editing=DealForm("Acme", "Acme, Inc.", "vendor", "", "EU")),
        RoundDetailsDialog(RoundRow(1, 1, 1, "them", "2025-01-02", "draft.docx", "docx", "", "", 3, None, None,
                                    None, 0, 0, "", "Their paper"), "Acme", window),
        PlaybookDialog(window.store, window.shipped_playbook(), window),
        ComparePicker(window.store, lambda: None, window),
        PickDraftsDialog([("Acme — round 1", 1), ("Acme — round 2", 2)], parent=window),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        assert unnamed(dialog) == [], dialog.windowTitle()


def test_the_export_search_and_backup_dialogs_have_names(sample, tmp_path):
    from desktop.ui import export_actions, search_actions
    from desktop.ui.backup_ui import BackupPicker
    from desktop.ui.settings import read_preferences
    from desktop.ui.settings_dialog import SettingsDialog

    dialogs = [export_actions.open_summary_export(sample), export_actions.open_redline_export(sample),
               search_actions.open_search(sample),
               BackupPicker([], tmp_path, sample),
               SettingsDialog(read_preferences(sample.settings), tmp_path, None, sample)]
    for dialog in dialogs:
        assert dialog is not None
        assert unnamed(dialog) == [], dialog.windowTitle()
        dialog.close()
