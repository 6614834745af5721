"""Bringing rounds into the window: the sample deal, Import round…, and drafts dropped on the window.

`RoundImporting` is the part of MainWindow that gathers immutable inputs on the GUI thread
(paths, the deal's latest clauses, the playbook and where the deal stands), reads, compares
and assesses the drafts on a worker (core.rounds.prepare_rounds), and writes the result to the
store back on the GUI thread. Each round imported goes on the deal's undo stack (round_import.py);
the sample deal's rounds come with the deal, which Delete deal takes away undoably.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Generator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.reading import saved_date
from desktop.core.record import Standing
from desktop.core.rounds import LatestRound, PreparedRound, RoundFile, prepare_rounds
from desktop.display.dates import import_date
from desktop.qt import QDragEnterEvent, QDropEvent
from desktop.samples import SAMPLE_DEAL, find_sample_deal, sample_round_files, store_sample_deal
from desktop.store import RoundRows, prepare_round
from desktop.ui.record_change import Changed, RecordChange
from desktop.ui.round_import import RoundImport
from desktop.ui.tour import start_tour

if TYPE_CHECKING:
    from desktop.core.model import UserFacingError
    from desktop.core.playbook import Playbook
    from desktop.qt import Signal
    from desktop.store import DealRow, RoundRow, Store
    from desktop.ui.deal_view import DealView
    from desktop.ui.dialogs import Prompts
    from desktop.ui.tasks import TaskRunner
    from desktop.ui.undo_history import UndoHistory


class RoundImporting:
    """MainWindow's imports: the sample deal, Import round… and drag and drop."""

    # Supplied by MainWindow.
    store: Store
    prompts: Prompts
    tasks: TaskRunner
    current_deal: DealRow | None
    deal_view: DealView
    refresh_deals: Callable[..., None]
    show_status: Callable[[str], None]
    playbook: Callable[[], Playbook]
    record_changed: Signal
    history: UndoHistory
    report_record_error: Callable[[UserFacingError], None]

    def open_sample_deal(self) -> None:
        """Select the sample deal, creating it on a worker first when it does not exist (or was left part-built)."""
        existing = find_sample_deal(self.store)
        if existing is not None:
            self.refresh_deals(select_deal=existing)
            return
        if self.tasks.busy:
            return
        files = sample_round_files()

        playbook = self.playbook()
        standing = Standing.fresh(playbook, SAMPLE_DEAL["our_side"])

        def write(prepared: tuple[PreparedRound, ...]) -> None:
            deal_id = store_sample_deal(self.store, playbook, prepared)  # whole, in one transaction
            last = self.store.rounds(deal_id)[-1].id
            self.record_changed.emit(RecordChange(Changed.ROUNDS_IMPORTED, deal_id, draft_id=last))
            self.show_status("Opened the sample deal: four rounds of a real cloud service agreement.")
            start_tour(self)  # the first run's short walk through the four views, until dismissed

        self.tasks.run(
            "Opening the sample deal…",
            lambda progress, cancel: prepare_rounds(
                files, None, playbook=playbook, standing=standing, progress=progress, cancel=cancel
            ),
            on_success=write,
            failure_title="The sample deal could not be opened",
        )

    # --- rounds -------------------------------------------------------------------------------
    def import_round(self) -> None:
        """Ask for draft files and import them as the selected deal's next rounds."""
        if self.current_deal is None or self.tasks.busy:
            return
        paths = self.prompts.open_drafts()
        if paths:
            self.import_files(paths)

    def import_files(self, paths: Sequence[Path]) -> None:
        """Ask who sent each file and when, then read and compare them on a worker and store them."""
        deal = self.current_deal
        if deal is None or not paths:
            return
        if self.tasks.busy:
            self.show_status("Wait for the current import to finish.")
            return
        rounds = self.store.rounds(deal.id)
        sender = "us" if rounds and rounds[-1].sender == "them" else "them"
        if not rounds:
            sender = "them"  # a deal usually starts on the other side's paper
        files: list[RoundFile] = []
        # Each draft's date starts from the one its file bears, else the round before's.
        previous = (datetime.date.fromisoformat(rounds[-1].date), rounds[-1].round_no) if rounds else None
        for number, path in enumerate(paths, start=len(rounds) + 1):
            guess = import_date(path.name, saved_date(path), previous[0] if previous else None,
                                datetime.date.today(), previous_round=previous[1] if previous else None)
            details = self.prompts.round_details(path.name, number, sender, guess.date, date_source=guess.source)
            if details is None:
                self.show_status("Import cancelled; nothing was imported.")
                return
            files.append(RoundFile(Path(path), details.sender, details.date))
            sender = "them" if details.sender == "us" else "us"
            previous = (datetime.date.fromisoformat(details.date), number)
        latest = LatestRound(rounds[-1].file_name, self.store.clauses(rounds[-1].id)) if rounds else None
        playbook = self.playbook()
        self.store.ensure_deal_positions(deal.id, playbook, deal.our_side)
        standing = self.store.standing(deal.id)
        what = files[0].path.name if len(files) == 1 else f"{len(files)} drafts"

        def work(progress, cancel) -> tuple[tuple[PreparedRound, RoundRows], ...]:
            prepared = prepare_rounds(files, latest, playbook=playbook, standing=standing, progress=progress,
                                      cancel=cancel)
            # The rows too, here rather than on the GUI thread, which then only writes them.
            return tuple((item, prepare_round(item.draft, item.comparison, item.findings, item.suggestions))
                         for item in prepared)

        self.tasks.run(
            f"Importing {what}…",
            work,
            on_success=functools.partial(self._after_import, deal.id, rounds),
            failure_title="The draft was not imported",
        )

    def _after_import(self, deal_id: int, rounds: list[RoundRow],
                      prepared_rows: tuple[tuple[PreparedRound, RoundRows], ...]) -> None:
        prepared = [item for item, _ in prepared_rows]
        known = {row.sha256: row.round_no for row in rounds}
        for item in prepared:
            round_no = known.get(item.draft.document.sha256)
            if round_no is not None:
                text = (
                    f"{item.draft.document.name} is the same file as round {round_no} of this deal. "
                    "Import it again as a new round?"
                )
                if not self.prompts.confirm("Same draft again", text, "Import again"):
                    self.show_status("Import cancelled; nothing was imported.")
                    return
        # Compared with the latest round as it was then: refused if another program changed the rounds since.
        written: list[int] = []
        self.tasks.run_steps(
            f"Storing {prepared[0].draft.document.name if len(prepared) == 1 else f'{len(prepared)} drafts'}…",
            self._write_rounds(deal_id, prepared, [r for _, r in prepared_rows], rounds[-1].id if rounds else None,
                               written),
            on_success=lambda result: self._imported(written, prepared),
            on_failure=functools.partial(self._import_failed, deal_id, written),
        )

    def _imported(self, written: list[int], prepared: Sequence[PreparedRound]) -> None:
        last = self.store.round(written[-1])
        if last.changed_count is None:
            summary = f"{last.clause_count} clauses"
        else:
            summary = f"{last.changed_count} changed, {last.substantive_count or 0} substantive"
        noted = [str(self.store.round(draft_id).round_no)
                 for draft_id, item in zip(written, prepared) if item.draft.document.warnings]
        after = (f" Reading notes on round{'s' * (len(noted) > 1)} {', '.join(noted)}: "
                 "they are shown above the clauses.") if noted else ""
        self.show_status(f"Imported round {last.round_no} ({last.file_name}): {summary}.{after}")

    def _import_failed(self, deal_id: int, written: list[int], error: BaseException) -> None:
        # The round being written was rolled back whole; show the ones written before it.
        if written:
            self.record_changed.emit(RecordChange(Changed.ROUNDS_IMPORTED, deal_id, draft_id=written[-1]))
        self.tasks.report(error, title="The draft was not imported", doing="storing the draft")

    def _write_rounds(self, deal_id: int, prepared: Sequence[PreparedRound], rows: Sequence[RoundRows],
                      after: int | None, written: list[int]) -> Generator[None, None, None]:
        """Write `prepared` as the deal's next rounds, one short step per turn of the event loop (GUI thread).

        Each round is written with Store.add_round_steps: one transaction, held across turns
        of a few milliseconds each, so that the window answers meanwhile (the Store refuses
        other writes until it ends, and the window's actions wait, the runner being busy).
        Cancel or closing the window rolls back the round being written. Each round written
        is appended to `written` and goes on the deal's undo stack as a RoundImport
        (round_import.py), one per file. `after` is the round the first was compared with
        (refused when that is no longer the latest). The rounds are announced on
        `record_changed` in a turn of their own once all are written (the deal view's refresh),
        and the task ends in the next.
        """
        for number, item in enumerate(prepared):
            draft_id = yield from self.store.add_round_steps(
                deal_id,
                item.draft,
                sender=item.sender,
                date=item.date,
                comparison=item.comparison,
                findings=item.findings,
                suggestions=item.suggestions,
                after=written[-1] if written else after,
                rows=rows[number],
            )
            written.append(draft_id)
            self.history.push(deal_id, RoundImport(self.store, self.store.round(draft_id),
                                                   self.record_changed.emit, self.report_record_error))
            yield
        self.deal_view.prepare_round(written[-1], written[-2] if len(written) > 1 else after)  # its own turn
        yield
        self.deal_view.finish_tree_in_turns(True)  # the clause tree opened and sized in turns of its own
        try:
            self.record_changed.emit(RecordChange(Changed.ROUNDS_IMPORTED, deal_id, draft_id=written[-1]))
        finally:
            self.deal_view.finish_tree_in_turns(False)
        while self.deal_view.tree_finishing:
            yield
        yield  # the status line and the window's actions (the task's end) in a turn after the refresh's

    # --- drag and drop ------------------------------------------------------------------------
    def _dropped_paths(self, event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.current_deal is not None and not self.tasks.busy and self._dropped_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._dropped_paths(event)
        if not paths or self.current_deal is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_files(paths)
