"""The main window's menu bar, and the actions that only the menus and the keyboard reach.

`WindowMenus` is mixed into MainWindow. It lays out File, Deal, Edit, View, Position, Tools
and Help; walks the deal's rounds (Next/Previous round); sets a status on the Positions
tab's selected cell (W C P O N, see shortcuts.py); and opens the help: the F1 cheat sheet,
the About dialog and the first-run tour. Every key comes from desktop/ui/shortcuts.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop.display.positions import STATUS_WORDS
from desktop.qt import QAction, QMenu, Qt
from desktop.ui import help_dialogs, tour
from desktop.ui.backup_ui import add_backup_actions
from desktop.ui.matrix_view import open_position_matrix
from desktop.ui.shortcuts import bind

if TYPE_CHECKING:
    from desktop.store import DealRow
    from desktop.ui.deal_view import DealView
    from desktop.ui.positions_view import PositionsView

STATUS_ORDER = ("won", "conceded", "compromise", "open", "not_addressed")


class WindowMenus:
    """MainWindow's menu bar, round navigation, status keys and help."""

    # Supplied by MainWindow.
    deal_view: DealView
    positions_view: PositionsView
    current_deal: DealRow | None
    show_status: Callable[[str], None]
    add_action: Callable[..., QAction]
    menuBar: Callable

    def _make_menu_actions(self) -> None:
        """Make the actions of the View, Position and Help menus (the window's own are made earlier)."""
        self.next_round_action = bind(self.add_action(
            "Ne&xt round", lambda: self.step_round(forward=True), tip="Show the deal's next round"), "next_round")
        self.previous_round_action = bind(self.add_action(
            "Pre&vious round", lambda: self.step_round(forward=False), tip="Show the deal's previous round"),
            "previous_round")
        self.matrix_action = self.add_action(
            "Position &matrix…", lambda: open_position_matrix(self),
            tip="Which draft gives what: 2 to 5 drafts side by side, position by position")
        self.status_actions: dict[str, QAction] = {}
        for status in STATUS_ORDER:
            action = QAction(f"Mark {STATUS_WORDS[status]}", self)  # type: ignore[arg-type]
            action.setStatusTip(f"Set the selected cell of the Positions tab to {STATUS_WORDS[status]}")
            bind(action, f"status_{status}")
            # Only while focus is in the Positions tab: elsewhere W, C, P, O and N are letters.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda checked=False, s=status: self.set_position_status(s))
            self.positions_view.addAction(action)
            self.status_actions[status] = action
        self.deal_view.tabs.currentChanged.connect(lambda index: self._update_status_actions())
        self.shortcuts_help_action = bind(self.add_action(
            "&Keyboard shortcuts", lambda: help_dialogs.show_shortcuts(self), tip="Every shortcut on one page"),
            "shortcuts_help")
        self.tour_action = self.add_action("Show the &tour", lambda: tour.start_tour(self, force=True),
                                        tip="A short walk through the four main views")
        self.about_action = self.add_action("&About Counterdraft", lambda: help_dialogs.show_about(self))
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _make_menus(self) -> None:
        """Lay out the menu bar: every action the window has is in one of its menus."""
        bar = self.menuBar()
        self.file_menu = file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new_deal_action, self.import_action, self.sample_action])
        file_menu.addSeparator()
        file_menu.addAction(self.compare_action)
        file_menu.addSeparator()
        file_menu.addActions([self.export_summary_action, self.export_issues_action, self.export_redline_action])
        file_menu.addSeparator()
        self.backup_action, self.restore_action = add_backup_actions(self, file_menu)  # backup_ui
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.deal_menu = deal_menu = bar.addMenu("&Deal")
        deal_menu.addActions([self.import_action, self.rename_action, self.delete_action])
        deal_menu.addAction(self.delete_round_action)  # round_deletion.py
        deal_menu.addSeparator()
        deal_menu.addActions(self.corrections.all())  # record_corrections.py
        self.edit_menu = edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        # "Undo: delete deal “Acme”", shown while another deal is on screen (undo_history.py).
        edit_menu.addActions([self.history.undo_deletion_action, self.history.redo_deletion_action])
        self.view_menu = view_menu = bar.addMenu("&View")
        view_menu.addActions([self.clauses_tab_action, self.positions_tab_action])
        view_menu.addSeparator()
        view_menu.addActions([self.next_round_action, self.previous_round_action])
        view_menu.addActions(self.deal_view.view_actions())
        self.position_menu = position_menu = bar.addMenu("&Position")
        position_menu.addActions(list(self.status_actions.values()))
        self.tools_menu = tools_menu = bar.addMenu("&Tools")
        tools_menu.addActions([self.compare_action, self.matrix_action, self.playbook_action])
        self.help_menu = help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.shortcuts_help_action, self.tour_action])
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)
        self._update_status_actions()

    def menus(self) -> list[QMenu]:
        """Return the menu bar's menus, left to right."""
        return [action.menu() for action in self.menuBar().actions() if action.menu() is not None]

    # --- rounds -------------------------------------------------------------------------------
    def step_round(self, *, forward: bool) -> bool:
        """Show the deal's next (or previous) round; on the Positions tab, move its round instead."""
        view = self.deal_view
        on_positions = view.tabs.currentWidget() is self.positions_view
        if on_positions:
            box = self.positions_view.focus_round
            current, count = box.currentIndex(), box.count()
        else:
            rows = view.rounds_table.selectionModel().selectedRows()
            current, count = (rows[0].row() if rows else -1), view.rounds_model.rowCount()
        target = current + (1 if forward else -1)
        if count == 0:
            self.show_status("This deal has no rounds yet.")
            return False
        if not 0 <= target < count:
            self.show_status(f"This is the {'last' if forward else 'first'} round of the deal.")
            return False
        if on_positions:
            self.positions_view.focus_round.setCurrentIndex(target)
        else:
            view.select_round_row(target)
        return True

    # --- statuses -----------------------------------------------------------------------------
    def set_position_status(self, status: str) -> None:
        """Set `status` on the Positions tab's selected cell (the Position and Ask columns are left alone)."""
        if self.deal_view.tabs.currentWidget() is not self.positions_view:
            return
        grid = self.positions_view.grid
        if not grid.currentIndex().isValid():
            self.show_status("Select a cell of the positions grid first.")
            return
        self.positions_view.set_status(grid.currentIndex(), status)

    def _update_status_actions(self) -> None:
        on_positions = self.deal_view.tabs.currentWidget() is self.positions_view
        for action in getattr(self, "status_actions", {}).values():
            action.setEnabled(on_positions and self.current_deal is not None)

