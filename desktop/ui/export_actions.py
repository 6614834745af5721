"""File ▸ Export summary…, Export issues list… and Export redline…: the dialogs on the selected deal.

Each opener reads what it needs from the store here, on the GUI thread, and opens a dialog
(export_summary_dialog, export_redline_dialog) whose export runs on a worker through the
window's TaskRunner, with a progress bar and Cancel. The dialogs save and open files through
the window's `export_hooks` (exporting.ExportHooks), which tests replace with fakes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core.model import UserFacingError
from desktop.ui.exporting import stored_drafts
from desktop.ui.tasks import report_failure

if TYPE_CHECKING:
    from desktop.qt import QDialog
    from desktop.store import DealRow
    from desktop.ui.window_context import WindowContext


def _current_deal(window: WindowContext) -> DealRow | None:
    deal = window.current_deal
    if deal is None:
        window.show_status("Select a deal to export.")
    return deal


def open_summary_export(window: WindowContext, *, issues_list: bool = False) -> QDialog | None:
    """Open the export dialog for the selected deal's summary (or issues list); return it."""
    # The export code is loaded when first used, not when the window starts.
    from desktop.export.summary.data import build_summary
    from desktop.ui.export_summary_dialog import SummaryExportDialog
    from desktop.ui.settings import client_name, redline_author

    deal = _current_deal(window)
    if deal is None or window.tasks.busy:
        return None
    try:
        # The summary names our client, and its author is the one our redlines carry (else the OS user).
        data = build_summary(window.store, deal.id, window.playbook(), client=client_name(window.settings),
                             author=redline_author(window.settings))
        drafts = stored_drafts(window.store)
    except UserFacingError as error:
        report_failure(error, window.prompts, window.show_status, title="Export", doing="reading the deal")
        return None
    dialog = SummaryExportDialog(data, window.tasks, window.export_hooks, window.prompts,
                                 issues_list=issues_list, parent=window.widget,
                                 database=window.store.path, originals=drafts)
    dialog.exported.connect(lambda path: window.show_status(f"Saved {path}"))
    dialog.open()
    return dialog


def open_issues_list_export(window: WindowContext) -> QDialog | None:
    """Open the export dialog on the issues list (.xlsx, .csv) of the selected deal; return it."""
    return open_summary_export(window, issues_list=True)


def open_redline_export(window: WindowContext) -> QDialog | None:
    """Open the Word redline dialog for two rounds of the selected deal; return it."""
    from desktop.ui.export_redline_dialog import RedlineExportDialog

    deal = _current_deal(window)
    if deal is None or window.tasks.busy:
        return None
    rounds = window.store.rounds(deal.id)
    if len(rounds) < 2:
        window.prompts.warn("Export redline", "A redline compares two rounds: import another draft of "
                                              "this deal first.")
        return None
    selected = window.deal_view.current_round
    dialog = RedlineExportDialog(window.store, deal, rounds, selected.id if selected else None,
                                 window.tasks, window.export_hooks, window.prompts, parent=window.widget)
    dialog.exported.connect(lambda path: window.show_status(f"Saved {path}"))
    dialog.open()
    return dialog
