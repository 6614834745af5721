"""Backup and restore in the window: File › Back up now…, File › Restore from backup…, and recovery at start-up.

Restoring replaces the database file, so the window's Store is closed first and a new window
opens on the restored file; the replaced database is itself backed up first (see
desktop.store.backup.restore_backup), so a restore can be undone by restoring that backup.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.model import UserFacingError
from desktop.qt import (
    QAction,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    Qt,
    QVBoxLayout,
    QWidget,
)
from desktop.store import Store, lost
from desktop.store.backup import Backup, backup_file, backup_folder, latest_backup, list_backups, restore_backup
from desktop.store.schema import DamagedDatabase

if TYPE_CHECKING:
    from desktop.ui.window_context import WindowContext


class BackupPicker(QDialog):
    """A list of the database's backups, newest first, with their dates, reasons and sizes."""

    def __init__(self, backups: list[Backup], folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.resize(560, 360)
        intro = QLabel(
            "Choose the backup to go back to. Everything saved after it is replaced; your "
            f"current database is backed up first. Backups are kept in {folder}."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Backups")
        for item_backup in backups:
            item = QListWidgetItem(item_backup.describe())
            item.setData(Qt.ItemDataRole.UserRole, str(item_backup.path))
            item.setToolTip(item_backup.path.name)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("Restore…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def chosen(self) -> Path | None:
        """Return the selected backup's path, or None."""
        item = self.list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None


def pick_backup(parent: QWidget, backups: list[Backup], folder: Path) -> Path | None:
    """Return the backup the user picked in the modal BackupPicker, or None when they cancel."""
    dialog = BackupPicker(backups, folder, parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


# Replaced by tests with a function answering without a modal dialog.
choose_backup: Callable[[QWidget, list[Backup], Path], Path | None] = pick_backup


def add_backup_actions(window: WindowContext, menu: QMenu) -> tuple[QAction, QAction]:
    """Return "Back up now" and "Restore from backup…", added to `menu`; both wait while a task runs."""
    backup_action = QAction("&Back up now", window.widget)
    backup_action.setStatusTip("Save a copy of all your deals in the backups folder")
    backup_action.triggered.connect(lambda checked=False: back_up_now(window))
    restore_action = QAction("&Restore from backup…", window.widget)
    restore_action.setStatusTip("Go back to an earlier copy of all your deals")
    restore_action.triggered.connect(lambda checked=False: restore_from_backup(window))
    actions = (backup_action, restore_action)

    def enable(enabled: bool) -> None:
        for action in actions:
            action.setEnabled(enabled)

    enable(window.store.path is not None)  # a database in memory has no file to back up
    menu.addActions(list(actions))
    window.tasks.started.connect(lambda *args: enable(False))
    window.tasks.idle.connect(lambda: enable(window.store.path is not None))
    return actions


def back_up_now(window: WindowContext) -> None:
    """Back the window's database up as a "manual" backup on a worker, then say where it went.

    The copy reads the file through a connection of its own, so a large database never
    freezes the window; the GUI thread keeps the only connection that writes.
    """
    path = window.store.path
    if path is None or window.tasks.busy:
        return

    def done(made: Backup) -> None:
        window.show_status(f"Backed up all your deals to {made.path}.")

    window.tasks.run("Backing up your deals…", lambda progress, cancel: backup_file(path, "manual"),
                     on_success=done, failure_title="The backup was not made")


def restore_from_backup(window: WindowContext) -> WindowContext | None:
    """Let the user pick a backup, confirm, restore it and return the new window on it."""
    path = window.store.path
    if path is None or window.tasks.busy:
        return None
    backups = list_backups(path)
    if not backups:
        window.prompts.warn("No backups yet", f"There are no backups in {backup_folder(path)} yet. "
                            "Use File › Back up now to make one.")
        return None
    chosen = choose_backup(window.widget, backups, backup_folder(path))
    if chosen is None:
        return None
    picked = next(b for b in backups if b.path == chosen)
    text = (f"Go back to the backup of {picked.describe()}?\n\nDeals, rounds and statuses saved "
            "after it are replaced. Your current database is backed up first, so you can undo this.")
    if not window.prompts.confirm("Restore from backup", text, "Restore"):
        return None
    window.store.close()
    status = f"Restored the backup of {picked.describe()}."
    try:
        restore_backup(chosen, path)
    except UserFacingError as error:
        window.prompts.warn("The backup was not restored", str(error))
        status = "The backup was not restored; your deals are as they were."
    # Reopen on whatever is now on disk: the restored backup, or the untouched database.
    try:
        store = Store(path)
    except UserFacingError as error:
        window.prompts.warn("Counterdraft cannot open its database", str(error))
        window.widget.close()
        return None
    replacement = window.reopen(store)
    replacement.show_status(status)
    return replacement


def open_or_recover(db_path: Path, ask: Callable[[str, str], bool] | None = None,
                    opener: Callable[[Path], Store] = Store) -> Store:
    """Return the Store at `db_path` (opened by `opener`); when damaged, offer to restore its latest backup.

    A database that has gone (missing with its backups beside it, 0 bytes, cut short, another
    program's file in its place: LostDatabase) is offered its latest backup in the same way;
    no new database is ever made in its place. `ask(title, text)` returns whether the user
    agrees (a modal question by default). Raises the UserFacingError to show when the
    database cannot be opened or recovered.
    """
    try:
        return opener(db_path)
    except DamagedDatabase as error:
        if not offer_latest_backup(db_path, ask, reason=getattr(error, "reason", DAMAGED)):
            raise
        return opener(db_path)


DAMAGED = "damaged"  # offer_latest_backup's reason for a file SQLite's checks fail
# What became of the database, for each reason (desktop.store.lost): the title, then the first line.
_WHAT = {
    DAMAGED: ("Counterdraft's database is damaged", "Counterdraft's database ({path}) is damaged, so it cannot be opened."),
    lost.MISSING: ("Counterdraft's database is missing",
                   "Counterdraft's database ({path}) is missing, though its backups are still there."),
    lost.EMPTY: ("Counterdraft's database is empty",
                 "Counterdraft's database ({path}) is empty, so the deals it held are not in it."),
    lost.TRUNCATED: ("Counterdraft's database is damaged",
                     "Counterdraft's database ({path}) is cut short, so it cannot be opened."),
    lost.FOREIGN: ("Counterdraft's database is missing",
                   "The file at {path}, where Counterdraft's database was, is not a Counterdraft database."),
}


def offer_latest_backup(db_path: Path, ask: Callable[[str, str], bool] | None = None,
                        before_restore: Callable[[], None] = lambda: None, *, reason: str = DAMAGED) -> bool:
    """Return whether the damaged or lost database at `db_path` was replaced by its latest sound backup.

    False when there is no sound backup or the user declines. `before_restore` runs once the
    user agrees, before the file is replaced (the window closes its Store there). `reason` is
    DAMAGED or the LostDatabase's reason, which words the question.
    """
    latest = latest_backup(db_path)
    if latest is None:
        return False
    when = latest.created.astimezone().strftime("%Y-%m-%d %H:%M")
    title, what = _WHAT.get(reason, _WHAT[DAMAGED])
    kept = ("" if reason == lost.MISSING else
            f" A copy of the file there now is kept in {backup_folder(db_path)}.")
    text = (f"{what.format(path=db_path)}\n\nRestore the latest backup, from {when}? Deals saved after it "
            f"are lost.{kept}")
    if not (ask or _ask)(title, text):
        return False
    before_restore()
    restore_backup(latest.path, db_path)
    return True


def recover_damaged(window: WindowContext, ask: Callable[[str, str], bool] | None = None) -> WindowContext | None:
    """Return a new window on the latest backup of the window's database, which the start-up check found damaged.

    None when there is no sound backup or the user chose to quit: the caller then says so
    and ends the session, as the app did when the check ran before the window opened.
    """
    path = window.store.path
    if path is None:
        return None

    def close_store() -> None:
        window.tasks.shut_down()
        window.store.close()

    if not offer_latest_backup(path, ask, before_restore=close_store):
        return None
    return window.reopen(Store(path))


def _ask(title: str, text: str) -> bool:
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    yes = box.addButton("Restore the backup", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)
    box.exec()
    return box.clickedButton() is yes
