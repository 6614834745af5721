"""Putting mistakes right: Round details…, Deal details…, Put rounds in date order, and Open original.

- **Round details…** (Deal menu, the Rounds table's menu, or a double-click on a round)
  corrects who sent a round, its date, and gives it a label of the lawyer's own.
- **Deal details…** corrects a deal's name, counterparty, our side, deal type and jurisdictions.
- **Put rounds in date order** renumbers the rounds by date when a corrected date put them out
  of order (offered straight after such a correction), comparing each moved round with the
  round now before it.
- **Open original** opens the round's file, byte for byte as imported, in the program the
  desktop uses for it (through the window's export hooks, which tests fake), from a read-only
  copy in a private temporary folder (open_original.py).

A round's suggested statuses depend on who sent it, on the round before it and on our side
(desktop.core.record). So when one of those changes, the rounds from the first one touched
on are assessed again on a worker (core.reassess), and the GUI thread then writes the
correction and the new suggestions in one transaction; the statuses the user set stay. The
other corrections are written at once. Each goes on the deal's undo stack as a
RecordCorrection, which keeps the deal's rounds as they were and as they became
(Store.rounds_record) and writes one or the other back; each write is announced as
Changed.ROUNDS_CHANGED or Changed.DEAL_DETAILS.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core.model import UserFacingError
from desktop.core.reassess import AssessPlan, ReassessedRound, reassess_rounds
from desktop.core.work import Progress
from desktop.display.words import long_date
from desktop.qt import QAction, Qt, QUndoCommand
from desktop.ui.dialogs import DealForm
from desktop.ui.open_original import open_original
from desktop.ui.record_change import Changed, RecordChange

if TYPE_CHECKING:
    from desktop.store import DealRow, RoundRow, RoundsRecord
    from desktop.ui.round_details import RoundEdit
    from desktop.ui.window_context import WindowContext


class RecordCorrection(QUndoCommand):
    """A correction of a deal or its rounds: Undo writes the rounds back as they were, Redo as corrected."""

    def __init__(self, window: WindowContext, text: str, before: RoundsRecord, after: RoundsRecord,
                 kind: Changed, draft_id: int | None) -> None:
        super().__init__(text)
        self.window = window
        self.before, self.after = before, after
        self.kind, self.draft_id = kind, draft_id
        self._applied = True  # pushed once written, so the stack's first redo() does nothing

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._write(self.after)

    def undo(self) -> None:
        self._write(self.before)

    def _write(self, record: RoundsRecord) -> None:
        # Called by QUndoStack from C++: an exception would be printed, not shown. The record
        # is as it was (one transaction), and an obsolete command leaves the history.
        try:
            self.window.store.restore_rounds_record(record)
        except UserFacingError as error:
            self.setObsolete(True)
            self.window.report_record_error(error)
            return
        self.window.record_changed.emit(RecordChange(self.kind, record.deal_id, draft_id=self.draft_id))


@dataclass
class CorrectionActions:
    """The actions install() adds: the Deal menu lists them, the Rounds table's menu the round ones."""

    round_details: QAction
    deal_details: QAction
    date_order: QAction
    open_original: QAction

    def all(self) -> list[QAction]:
        """Return the actions in the order the Deal menu shows them."""
        return [self.round_details, self.open_original, self.date_order, self.deal_details]


def install(window: WindowContext) -> CorrectionActions:
    """Return the correction actions, also on the Rounds table's menu and its double-click."""
    parent = window.widget
    actions = CorrectionActions(
        round_details=QAction("Round de&tails…", parent),
        deal_details=QAction("Dea&l details…", parent),
        date_order=QAction("&Put rounds in date order", parent),
        open_original=QAction("Open ori&ginal", parent),
    )
    for action, slot, tip in (
            (actions.round_details, edit_round_details, "Correct who sent the selected round and its date, or label it"),
            (actions.deal_details, edit_deal_details, "Correct the deal's name, counterparty, our side, type or jurisdictions"),
            (actions.date_order, put_rounds_in_date_order, "Number the rounds by their dates, comparing each moved round again"),
            (actions.open_original, open_original, "Open the selected round's file, exactly as imported")):
        action.setStatusTip(tip)
        action.triggered.connect(functools.partial(lambda slot, checked=False: slot(window), slot))
    table = window.deal_view.rounds_table
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)  # its menu, shared with Delete round…
    table.addActions([actions.round_details, actions.open_original])
    table.doubleClicked.connect(lambda index: actions.round_details.trigger())

    def update(*args: object) -> None:
        idle, deal = not window.tasks.busy, window.current_deal
        has_round = window.deal_view.current_round is not None
        for action in (actions.round_details, actions.open_original):
            action.setEnabled(idle and has_round)
        actions.deal_details.setEnabled(idle and deal is not None)
        actions.date_order.setEnabled(idle and deal is not None and out_of_date_order(_shown_rounds(window)))

    window.tasks.started.connect(update)
    window.tasks.idle.connect(update)
    window.deal_view.round_changed.connect(update)
    window.record_changed.connect(update)
    update()
    return actions


# --- order -------------------------------------------------------------------------------------

def _shown_rounds(window: WindowContext) -> list[RoundRow]:
    """Return the rounds the Rounds table shows (the selected deal's, as last read)."""
    model = window.deal_view.rounds_model
    return [model.round(row) for row in range(model.rowCount())]


def date_order(rounds: Sequence[RoundRow]) -> list[int]:
    """Return the rounds' draft ids by date; rounds of the same date keep their order."""
    return [row.id for row in sorted(rounds, key=lambda row: (row.date, row.round_no))]


def out_of_date_order(rounds: Sequence[RoundRow]) -> bool:
    """Return whether a round is dated before the round before it."""
    return any(a.date > b.date for a, b in zip(rounds, rounds[1:]))


# --- round details ----------------------------------------------------------------------------

def round_words(row: RoundRow) -> str:
    """Return "round 2 (acme-v2.docx)": how the undo history names a round."""
    return f"round {row.round_no} ({row.file_name})"


def edit_round_details(window: WindowContext) -> None:
    """Ask for the selected round's sender, date and label, and correct them (see the module's note)."""
    deal, row = window.current_deal, window.deal_view.current_round
    if deal is None or window.tasks.busy:
        return
    if row is None:
        window.show_status("Select a round in the Rounds table first.")
        return
    edit: RoundEdit | None = window.prompts.edit_round(row, deal.name)
    if edit is None or (edit.sender, edit.date, edit.label) == (row.sender, row.date, row.label):
        return
    text = f"change the details of {round_words(row)} of “{deal.name}”"
    write = functools.partial(_write_round_details, window, deal, row, edit, text)
    if edit.sender == row.sender:
        _guarded(window, lambda: write(()))
        return
    playbook = window.playbook()
    window.store.ensure_deal_positions(deal.id, playbook, deal.our_side)
    plan = window.store.rounds_to_assess(deal.id, senders={row.id: edit.sender})
    standing = window.store.standing_before(deal.id, plan.round_no)
    window.tasks.run(f"Assessing round {row.round_no} again…", _reassessing(plan, playbook, standing),
                     on_success=write, failure_title="The round's details were not changed")


def _write_round_details(window: WindowContext, deal: DealRow, row: RoundRow, edit: RoundEdit, text: str,
                         reassessed: Sequence[ReassessedRound]) -> None:
    ids = [item.draft_id for item in reassessed]
    before = window.store.rounds_record(deal.id, ids)
    window.store.set_round_details(row.id, sender=edit.sender, date=edit.date, label=edit.label,
                                   reassessed=reassessed)
    after = window.store.rounds_record(deal.id, ids)
    window.history.push(deal.id, RecordCorrection(window, text, before, after, Changed.ROUNDS_CHANGED, row.id))
    window.record_changed.emit(RecordChange(Changed.ROUNDS_CHANGED, deal.id, draft_id=row.id))
    done = f"Saved the details of round {row.round_no}"
    if reassessed:
        done += (f" and assessed {'it' if len(reassessed) == 1 else f'it and the {len(reassessed) - 1} after it'} "
                 "again as sent by " + ("us" if edit.sender == "us" else "them"))
    window.show_status(done + ". Edit ▸ Undo puts it back.")
    rounds = window.store.rounds(deal.id)
    if edit.date != row.date and out_of_date_order(rounds):
        moved = next(r for r in rounds if r.id == row.id)
        if window.prompts.confirm(
                "Rounds out of date order",
                f"Round {moved.round_no} is now dated {long_date(edit.date)}, out of order with the rounds "
                "around it.\n\nPut the rounds in date order? Each moved round is numbered by its date and "
                "compared again with the round before it; Edit ▸ Undo puts them back.",
                "Put in date order"):
            put_rounds_in_date_order(window)
        else:
            window.show_status("The rounds are out of date order: Deal ▸ Put rounds in date order renumbers them.")


def _reassessing(plan: AssessPlan, playbook, standing) -> Callable[[Progress, threading.Event], tuple[ReassessedRound, ...]]:
    """Return the worker's work: the plan's rounds compared where needed and assessed again."""
    def work(progress: Progress, cancel: threading.Event) -> tuple[ReassessedRound, ...]:
        return reassess_rounds(plan.rounds, plan.before, playbook=playbook, standing=standing,
                               progress=progress, cancel=cancel)
    return work


def _guarded(window: WindowContext, write: Callable[[], None]) -> None:
    """Run a write on the GUI thread; the store's refusal (a locked database) is shown, not raised."""
    try:
        write()
    except UserFacingError as error:
        window.report_record_error(error)


# --- date order -----------------------------------------------------------------------------------

def put_rounds_in_date_order(window: WindowContext) -> None:
    """Renumber the deal's rounds by date, comparing each moved round with its new predecessor on a worker."""
    deal = window.current_deal
    if deal is None or window.tasks.busy:
        return
    rounds = window.store.rounds(deal.id)
    order = date_order(rounds)
    if order == [row.id for row in rounds]:
        window.show_status("The rounds are already in date order.")
        return
    playbook = window.playbook()
    window.store.ensure_deal_positions(deal.id, playbook, deal.our_side)
    plan = window.store.rounds_to_assess(deal.id, order)
    standing = window.store.standing_before(deal.id, plan.round_no)
    shown = window.deal_view.current_round
    window.tasks.run("Putting the rounds in date order…", _reassessing(plan, playbook, standing),
                     on_success=functools.partial(_write_order, window, deal, order, shown.id if shown else None),
                     failure_title="The rounds were not put in date order")


def _write_order(window: WindowContext, deal: DealRow, order: list[int], shown: int | None,
                 reassessed: Sequence[ReassessedRound]) -> None:
    ids = [item.draft_id for item in reassessed]
    before = window.store.rounds_record(deal.id, ids)
    comparisons = {item.draft_id: item.comparison for item in reassessed if item.recompared}
    window.store.reorder_rounds(deal.id, order, comparisons, reassessed)
    after = window.store.rounds_record(deal.id, ids)
    text = f"put the rounds of “{deal.name}” in date order"
    window.history.push(deal.id, RecordCorrection(window, text, before, after, Changed.ROUNDS_CHANGED, shown))
    window.record_changed.emit(RecordChange(Changed.ROUNDS_CHANGED, deal.id, draft_id=shown))
    window.show_status(f"Put the rounds in date order: {len(comparisons)} compared again with the round now "
                       "before them. Edit ▸ Undo puts them back.")


# --- deal details ---------------------------------------------------------------------------------

def edit_deal_details(window: WindowContext) -> None:
    """Ask for the selected deal's corrected details and save them (a new side reassesses every round)."""
    deal = window.current_deal
    if deal is None or window.tasks.busy:
        return
    now = DealForm(deal.name, deal.counterparty, deal.our_side, deal.deal_type, deal.jurisdictions)
    form: DealForm | None = window.prompts.edit_deal(now, {d.name for d in window.store.deals()})
    if form is None or form == now:
        return
    write = functools.partial(_write_deal_details, window, deal, form)
    rounds = window.store.rounds(deal.id)
    if form.our_side == deal.our_side or not rounds:
        _guarded(window, lambda: write(()))
        return
    playbook = window.playbook()
    window.store.ensure_deal_positions(deal.id, playbook, deal.our_side)
    plan = window.store.rounds_to_assess(deal.id, first=rounds[0].id)
    standing = window.store.standing_before(deal.id, plan.round_no, our_side=form.our_side)
    window.tasks.run("Assessing the rounds again for our new side…", _reassessing(plan, playbook, standing),
                     on_success=write, failure_title="The deal's details were not changed")


def _write_deal_details(window: WindowContext, deal: DealRow, form: DealForm,
                        reassessed: Sequence[ReassessedRound]) -> None:
    ids = [item.draft_id for item in reassessed]
    before = window.store.rounds_record(deal.id, ids)
    window.store.set_deal_details(deal.id, name=form.name, counterparty=form.counterparty, our_side=form.our_side,
                                  deal_type=form.deal_type, jurisdictions=form.jurisdictions, reassessed=reassessed)
    after = window.store.rounds_record(deal.id, ids)
    shown = window.deal_view.current_round
    window.history.push(deal.id, RecordCorrection(window, f"change the details of “{deal.name}”", before, after,
                                                  Changed.DEAL_DETAILS, shown.id if shown else None))
    window.record_changed.emit(RecordChange(Changed.DEAL_DETAILS, deal.id, draft_id=shown.id if shown else None))
    again = f" and assessed its {len(reassessed)} rounds again for our new side" if reassessed else ""
    window.show_status(f"Saved the details of “{form.name}”{again}. Edit ▸ Undo puts them back.")
