"""What a helper of the main window may ask of it, in one place.

The helpers that act for the window (export_actions, backup_ui, search_actions, matrix_view,
tour, round_deletion, deal_deletion) take a `WindowContext`, not the MainWindow: they see the
record and its undo history, the user's settings, the prompts, the task runner and the two
deal panes, and nothing else. They never set an
attribute on the window: what they make (an action, a dialog) they return or parent to
`widget`. MainWindow is the one implementation; a test may pass anything with these members.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from desktop.core.model import UserFacingError
    from desktop.core.playbook import Playbook
    from desktop.qt import QAction, QMainWindow, QSettings, Signal
    from desktop.store import DealRow, Store
    from desktop.ui.deal_view import DealView
    from desktop.ui.dialogs import Prompts
    from desktop.ui.exporting import ExportHooks
    from desktop.ui.positions_view import PositionsView
    from desktop.ui.tasks import TaskRunner
    from desktop.ui.undo_history import UndoHistory


class WindowContext(Protocol):
    """The window as its helpers see it: the record, the user, the worker and the deal panes."""

    store: Store  # read and written on the GUI thread only
    settings: QSettings
    prompts: Prompts  # every modal question and message
    tasks: TaskRunner  # work off the GUI thread, its outcome back on it
    export_hooks: ExportHooks  # where an export is saved and how it is opened (a test's fakes)
    deal_view: DealView
    positions_view: PositionsView
    history: UndoHistory  # each deal's undo stack, and the deleted deals'
    record_changed: Signal  # emit a RecordChange after every write, its undo and its redo

    @property
    def widget(self) -> QMainWindow:
        """Return the window as a widget: the parent of every dialog or card a helper opens."""
        ...

    @property
    def current_deal(self) -> DealRow | None:
        """Return the selected deal, or None."""
        ...

    def playbook(self) -> Playbook:
        """Return the playbook the deals use (a damaged file raises UserFacingError)."""
        ...

    def show_status(self, text: str) -> None:
        """Show a short message in the status bar."""
        ...

    def report_record_error(self, error: UserFacingError) -> None:
        """Tell the user the store refused a read or a write."""
        ...

    def add_action(self, text: str, slot: Callable[[], object], shortcut_id: str | None = None,
                   tip: str = "") -> QAction:
        """Return a new window action running `slot`, with the keys of `shortcut_id` (shortcuts.py)."""
        ...

    def refresh_deals(self, select_deal: int | None = None, select_draft: int | None = None) -> None:
        """Reload the deal list and show the deal `select_deal` at round `select_draft`."""
        ...

    def reopen(self, store: Store) -> WindowContext:
        """Return a new window like this one over `store`, shown in its place; this one closes."""
        ...
