"""The window's Search and Settings: their actions in the Edit menu, and going to what a search found.

`install(window, menu)` makes "Search all deals…" (Ctrl+K, Ctrl+Shift+F) and "Settings…"
(Preferences, else Ctrl+,) and adds them to the window's Edit menu. `show_clause` and
`show_position` select a deal, a round and a clause (or a position's cell) in the main window:
a search result opens through them.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.qt import QAction, QApplication, QMenu, QMessageBox, QWidget
from desktop.ui import settings as ui_settings
from desktop.ui.search_dialog import SearchDialog
from desktop.ui.settings_dialog import SettingsDialog
from desktop.ui.settings_folder import COPY, FolderQuestion, copy_database, question

if TYPE_CHECKING:
    from desktop.ui.window_context import WindowContext


def install(window: WindowContext, menu: QMenu) -> tuple[QAction, QAction]:
    """Return the window's Search and Settings actions, added to `menu` (the Edit menu)."""
    search_action = window.add_action(
        "&Search all deals…", lambda: open_search(window), "search",
        "Every clause of every deal, or one position across all deals")
    settings_action = window.add_action(
        "Se&ttings…", lambda: open_settings(window), "preferences",
        "Our usual side, the redline author, the data folder, backups, theme and font size")
    settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    menu.addSeparator()
    menu.addAction(search_action)
    menu.addSeparator()
    menu.addAction(settings_action)
    return search_action, settings_action


# --- search -------------------------------------------------------------------------------------
def open_search(window: WindowContext) -> SearchDialog:
    """Show the window's Search dialog (made once, kept with its last words) and return it."""
    dialog = window.widget.findChild(SearchDialog)  # kept as the window's child
    if dialog is None:
        dialog = SearchDialog(window.store, window.playbook, window.report_record_error, window.widget)
        dialog.clause_chosen.connect(lambda deal, draft, clause: show_clause(window, deal, draft, clause))
        dialog.position_chosen.connect(lambda deal, key, draft: show_position(window, deal, key, draft))
    dialog.start()
    return dialog


def show_clause(window: WindowContext, deal_id: int, draft_id: int, clause_id: str) -> bool:
    """Select the deal, its round `draft_id` and the clause in the Clauses tab; False when it is gone.

    A clause the "Changed since" filter hides is shown by clearing the filter.
    """
    window.refresh_deals(select_deal=deal_id, select_draft=draft_id)
    view = window.deal_view
    deal, shown = view.deal, view.current_round
    if deal is None or deal.id != deal_id or shown is None or shown.id != draft_id:
        window.show_status("That round is no longer in the record.")
        return False
    view.tabs.setCurrentIndex(0)
    view.left_tabs.setCurrentIndex(0)
    view.right_tabs.setCurrentIndex(0)
    if not view.select_clause(clause_id) and view.changed_only.isChecked():
        view.changed_only.setChecked(False)
    if not view.select_clause(clause_id):
        window.show_status("That clause is no longer in the round.")
        return False
    view.clause_tree.setFocus()
    return True


def show_position(window: WindowContext, deal_id: int, key: str, draft_id: int) -> bool:
    """Select the deal and, in its Positions tab, position `key` in round `draft_id`."""
    window.refresh_deals(select_deal=deal_id, select_draft=draft_id)
    view = window.deal_view
    if view.deal is None or view.deal.id != deal_id:
        window.show_status("That deal is no longer in the record.")
        return False
    view.tabs.setCurrentIndex(1)
    positions = window.positions_view
    if not positions.isVisible():
        positions.reload()  # a hidden tab reads the store only when shown
    if not positions.select_cell(key, draft_id):
        window.show_status("That position is not in this deal's grid.")
        return False
    positions.grid.setFocus()
    return True


# --- settings -----------------------------------------------------------------------------------
def open_settings(window: WindowContext) -> SettingsDialog:
    """Open the Settings dialog over `window`; OK stores and applies the choices, Cancel nothing."""
    current = ui_settings.read_preferences(window.settings)
    dialog = SettingsDialog(current, ui_settings.default_data_folder(), window.store.path, window.widget)
    dialog.accepted.connect(lambda: apply_preferences(window, dialog.preferences()))
    dialog.open()
    return dialog


def ask_folder(parent: QWidget, asked: FolderQuestion) -> str | None:
    """Return the answer the user picks among `asked.choices`, or None for Cancel."""
    box = QMessageBox(QMessageBox.Icon.Question, asked.title, asked.text, parent=parent)
    buttons = {box.addButton(words, QMessageBox.ButtonRole.AcceptRole): value for value, words in asked.choices}
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return buttons.get(box.clickedButton())


def apply_preferences(window: WindowContext, chosen: ui_settings.Preferences) -> None:
    """Store `chosen` and apply what changes at once; a new data folder is asked about first."""
    before = ui_settings.read_preferences(window.settings)
    folder = chosen.data_folder
    copy_to: Path | None = None
    if _folder(folder) != _folder(before.data_folder):
        answer = ask_folder(window.widget, question(window.store.path, _folder(folder)))
        if answer == COPY:
            copy_to = _folder(folder)
        if answer is None or answer == COPY:
            folder = before.data_folder  # stored once the copy is complete
    ui_settings.write_preferences(window.settings, dataclasses.replace(chosen, data_folder=folder))
    if (chosen.theme, chosen.font_points) != (before.theme, before.font_points):
        app = QApplication.instance()
        if isinstance(app, QApplication):
            ui_settings.apply_saved_look(app, window.settings)
    window.deal_view.show_cosmetic.setChecked(chosen.show_cosmetic)
    if copy_to is not None and window.store.path is not None:
        _copy_to(window, window.store.path, copy_to, chosen.data_folder)
    else:
        window.show_status("Settings saved." + (" The new data folder is used from the next start."
                                                if folder != before.data_folder else ""))


def _folder(text: str) -> Path:
    return Path(text).expanduser() if text else ui_settings.default_data_folder()


def _copy_to(window: WindowContext, source: Path, folder: Path, stored: str) -> None:
    target = folder / ui_settings.DATABASE_NAME

    def done(copied: Path) -> None:
        window.settings.setValue(ui_settings.DATA_FOLDER_KEY, stored)
        window.settings.sync()
        window.prompts.warn("Database copied", f"Your deals were copied to {copied}. Counterdraft opens that "
                            f"copy from the next start.\n\nThe original stays at {source} until you delete it.")

    window.tasks.run("Copying the database…", lambda progress, cancel: copy_database(source, target, cancel),
                     on_success=done)


__all__ = ["apply_preferences", "ask_folder", "install", "open_search", "open_settings", "show_clause",
           "show_position"]
