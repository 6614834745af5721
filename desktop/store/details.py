"""Correcting what was entered: a round's sender, date and label, a deal's details, the rounds' order.

`DetailsRecord` holds the Store methods for it (Store inherits them). Each correction is one
transaction, and may carry the rounds assessed again (desktop.core.reassess), since a round's
suggested statuses depend on who sent it, on the round before it and on our side: their
findings and suggestions replace the stored ones, and the statuses the user set stay.

`rounds_record` keeps what a correction changes (the deal's details, its rounds' order and
details, and for some rounds their comparison, positions record and thread links), and
`restore_rounds_record` puts it back in one transaction: the window's Undo and Redo.
"""

from __future__ import annotations

import dataclasses
import datetime
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from desktop.core.model import Clause, Comparison, Finding, Pair
from desktop.core.reassess import AssessPlan, ReassessedRound, RoundToAssess, new_predecessors
from desktop.core.record import Standing
from desktop.store import positions as store_positions
from desktop.store import rows as store_rows
from desktop.store import threads_links as store_threads_links
from desktop.store.cache import RoundCache
from desktop.store.names import name_clash, name_key
from desktop.store.schema import StoreError, user_errors

if TYPE_CHECKING:
    from desktop.store.positions import DealPosition

_GONE = "The deal's rounds have changed since, so this can no longer be put back."


@dataclass(frozen=True)
class RoundsRecord:
    """A deal's details and rounds as they were, to put back (rows as the tables hold them)."""

    deal_id: int
    deal: tuple  # (name, name_key, counterparty, our_side, deal_type, jurisdictions)
    # (id, round_no, sender, date, label, changed_count, substantive_count, cosmetic_count)
    rounds: tuple[tuple, ...]
    draft_ids: tuple[int, ...]  # the rounds whose comparison, record and links are kept below
    pairs: tuple[tuple, ...] = ()
    runs: tuple[tuple, ...] = ()
    findings: tuple[tuple, ...] = ()
    statuses: tuple[tuple, ...] = ()
    links: tuple[tuple, ...] = ()  # (clause_id, pred_id, by_user)


def _has(conn: sqlite3.Connection, table: str, column: str | None = None) -> bool:
    """Return whether the database has this table (and column): tests open it with older migrations."""
    if column is None:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                            (table,)).fetchone() is not None
    return any(row[1] == column for row in conn.execute(f"PRAGMA table_info({table})"))


def has_labels(conn: sqlite3.Connection) -> bool:
    """Return whether rounds have a label (migration 0007 or later)."""
    return _has(conn, "drafts", "label")


def _in(ids: Sequence[int]) -> str:
    return "(" + ", ".join(str(int(i)) for i in ids) + ")"


class DetailsRecord:
    """The Store's methods for correcting deals and rounds (Store supplies _conn, _db, path, _cache)."""

    path: Path | None
    _conn: sqlite3.Connection
    _db: Database
    _cache: RoundCache
    _threads: bool

    # Rounds ------------------------------------------------------------------------------------

    @user_errors
    def set_round_details(self, draft_id: int, *, sender: str, date: str, label: str,
                          reassessed: Sequence[ReassessedRound] = ()) -> None:
        """Set who sent a round, its date and its label, with the rounds `reassessed` for it."""
        if sender not in ("us", "them"):
            raise ValueError(f"sender must be 'us' or 'them', not {sender!r}")
        self._check_date(date)
        with self._db.atomic():
            deal_id = self._deal_of(draft_id)
            self._conn.execute("UPDATE drafts SET sender = ?, date = ? WHERE id = ?", (sender, date, draft_id))
            if has_labels(self._conn):
                self._conn.execute("UPDATE drafts SET label = ? WHERE id = ?", (label.strip(), draft_id))
            self._store_reassessed(deal_id, reassessed)
            self._touch(deal_id)

    @user_errors
    def reorder_rounds(self, deal_id: int, order: Sequence[int],
                       comparisons: Mapping[int, Comparison | None],
                       reassessed: Sequence[ReassessedRound] = ()) -> None:
        """Renumber a deal's rounds in `order` (draft ids), each moved round compared anew.

        `comparisons` holds, for every round whose predecessor changes, its comparison with
        the round now before it (None for a new first round); its thread links are rebuilt
        from it, the ones the user set included (they joined the old neighbours).
        """
        with self._db.atomic():
            self._require("deals", deal_id)
            current = self._order(deal_id)
            if sorted(order) != sorted(current):
                raise StoreError(_GONE)
            before = {draft: (current[i - 1] if i else None) for i, draft in enumerate(current)}
            moved = [draft for i, draft in enumerate(order) if (order[i - 1] if i else None) != before[draft]]
            missing = [draft for draft in moved if draft not in comparisons]
            if missing:
                raise ValueError(f"rounds {missing} have a new predecessor but no comparison with it")
            self._renumber(list(order))
            if moved and self._threads:
                self._conn.execute("UPDATE thread_links SET pred_id = NULL, by_user = 0 WHERE clause_id IN "
                                   f"(SELECT id FROM clauses WHERE draft_id IN {_in(moved)})")
            for draft in moved:  # in the new order, so each links to a round already relinked
                store_rows.forget_pairs(self._conn, draft)
                comparison = comparisons[draft]
                if comparison is not None:
                    store_rows.insert_pairs(self._conn, draft, store_rows.read_clauses(self._conn, draft),
                                            comparison)
                if self._threads:
                    pairs = [] if comparison is None else [(p.a, p.b) for p in comparison.pairs]
                    store_threads_links.link_round(self._conn, draft, pairs)
            self._store_reassessed(deal_id, reassessed)
            self._touch(deal_id)
        self._cache.forget()

    def _order(self, deal_id: int) -> list[int]:
        return [row for (row,) in self._conn.execute(
            "SELECT id FROM drafts WHERE deal_id = ? ORDER BY round_no", (deal_id,))]

    def _renumber(self, order: list[int]) -> None:
        """Give the rounds in `order` the numbers 1, 2, …, keeping (deal_id, round_no) unique throughout."""
        # Out of the way first (above every number in use), then into place, one row at a time.
        count = len(order)
        for number, draft in enumerate(order, start=1):
            self._conn.execute("UPDATE drafts SET round_no = ? WHERE id = ?", (number + count, draft))
        for number, draft in enumerate(order, start=1):
            self._conn.execute("UPDATE drafts SET round_no = ? WHERE id = ?", (number, draft))

    # Deals -------------------------------------------------------------------------------------

    @user_errors
    def set_deal_details(self, deal_id: int, *, name: str, counterparty: str, our_side: str,
                         deal_type: str, jurisdictions: str,
                         reassessed: Sequence[ReassessedRound] = ()) -> None:
        """Set a deal's name and details; StoreError when the name is empty or another deal's."""

        name = self._check_name(name)
        with self._db.atomic(), name_clash(name):
            self._require("deals", deal_id)
            self._conn.execute(
                "UPDATE deals SET name = ?, name_key = ?, counterparty = ?, our_side = ?, deal_type = ?, "
                "jurisdictions = ? WHERE id = ?",
                (name, name_key(name), counterparty.strip(), our_side, deal_type, jurisdictions.strip(),
                 deal_id))
            self._store_reassessed(deal_id, reassessed)
            self._touch(deal_id)

    # Where the deal stood ------------------------------------------------------------------------

    @user_errors
    def standing_before(self, deal_id: int, round_no: int, *, our_side: str | None = None) -> Standing:
        """Return where the deal stood before its round `round_no` (Store.standing, as of then).

        `our_side` stands in for the deal's own (when that is being corrected).
        """
        deal = self._conn.execute("SELECT our_side FROM deals WHERE id = ?", (deal_id,)).fetchone()
        if deal is None:
            raise StoreError("That deal no longer exists.")
        positions = self.deal_positions(deal_id)
        standing = Standing(our_side=our_side or deal[0], asks={p.key: p.ask for p in positions},
                            fallbacks={p.key: p.fallback for p in positions})
        latest: dict[str, tuple[int, int]] = {}  # sender -> (draft id, round no) of its latest draft
        for draft_id, number, sender in self._conn.execute(
                "SELECT id, round_no, sender FROM drafts WHERE deal_id = ? AND round_no < ? ORDER BY round_no",
                (deal_id, round_no)):
            latest[sender] = (draft_id, number)
        if not latest:
            return standing
        sender = max(latest, key=lambda side: latest[side][1])
        draft_id, number = latest[sender]
        statuses = dict(self._conn.execute("SELECT key, status FROM position_statuses WHERE draft_id = ?",
                                           (draft_id,)))
        return dataclasses.replace(
            standing, round_no=number, sender=sender, findings=self._recorded(draft_id), statuses=statuses,
            last_by_sender={side: self._recorded(row[0]) for side, row in latest.items()})

    @user_errors
    def rounds_to_assess(self, deal_id: int, order: Sequence[int] | None = None, *,
                         senders: Mapping[int, str] | None = None, first: int | None = None) -> AssessPlan:
        """Return the deal's rounds to assess again, as they will be, from the first one touched.

        `order` is the rounds' new order (draft ids; default: as they are): a round with a new
        predecessor is to be compared with it. `senders` are new senders by draft id, and
        `first` a round to start from at the latest (the deal's first round when our side changes).
        """
        current = self._order(deal_id)
        order = list(current if order is None else order)
        if sorted(order) != sorted(current):
            raise StoreError(_GONE)
        moved = new_predecessors(current, order)
        senders = dict(senders or {})
        touched = [order.index(d) for d in (*moved, *senders, *([first] if first is not None else []))]
        start = min(touched, default=len(order))
        rows = {draft: (name, sender) for draft, name, sender in self._conn.execute(
            "SELECT id, file_name, sender FROM drafts WHERE deal_id = ?", (deal_id,))}

        def plain(draft: int) -> RoundToAssess:
            name, sender = rows[draft]
            return RoundToAssess(draft, name, senders.get(draft, sender), self.clauses(draft))

        before = plain(order[start - 1]) if start > 0 else None
        rounds: list[RoundToAssess] = []
        previous = before
        for draft in order[start:]:
            item = plain(draft)
            comparison = None
            if previous is not None and draft not in moved:
                comparison = Comparison(previous.file_name, item.file_name, previous.clauses, item.clauses,
                                        self.pairs(draft))
            item = dataclasses.replace(item, comparison=comparison, recompare=draft in moved,
                                       confirmed=self.confirmed_statuses(draft))
            rounds.append(item)
            previous = item
        return AssessPlan(start + 1, before, tuple(rounds))

    @user_errors
    def confirmed_statuses(self, draft_id: int) -> dict[str, str]:
        """Return the statuses the user set (not suggested) in a round, by position key."""
        return dict(self._conn.execute(
            "SELECT key, status FROM position_statuses WHERE draft_id = ? AND suggested = 0", (draft_id,)))

    def _store_reassessed(self, deal_id: int, reassessed: Sequence[ReassessedRound]) -> None:
        """Replace the findings and suggested statuses of rounds assessed again; the user's statuses stay."""
        for item in reassessed:
            if self._deal_of(item.draft_id) != deal_id:
                raise StoreError("That round no longer exists.")
            self._conn.execute("DELETE FROM findings WHERE draft_id = ?", (item.draft_id,))
            store_positions.insert_findings(self._conn, item.draft_id, item.findings)
            self._conn.execute("DELETE FROM position_statuses WHERE draft_id = ? AND suggested = 1",
                               (item.draft_id,))
            now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
            self._conn.executemany(
                "INSERT INTO position_statuses (deal_id, key, draft_id, status, reason, suggested, updated_at) "
                "VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (deal_id, key, draft_id) DO NOTHING",
                [(deal_id, s.key, item.draft_id, s.status, s.reason, now) for s in item.suggestions])

    # Undo ----------------------------------------------------------------------------------------

    @user_errors
    def rounds_record(self, deal_id: int, draft_ids: Sequence[int] = ()) -> RoundsRecord:
        """Return the deal's details and rounds as they are, with `draft_ids`' comparisons, record and links."""
        conn = self._conn
        deal = conn.execute("SELECT name, name_key, counterparty, our_side, deal_type, jurisdictions "
                            "FROM deals WHERE id = ?", (deal_id,)).fetchone()
        if deal is None:
            raise StoreError("That deal no longer exists.")
        label = "label" if has_labels(conn) else "''"
        rounds = tuple(conn.execute(
            f"SELECT id, round_no, sender, date, {label}, changed_count, substantive_count, cosmetic_count "
            "FROM drafts WHERE deal_id = ? ORDER BY round_no", (deal_id,)))
        ids = tuple(dict.fromkeys(draft_ids))
        if not ids:
            return RoundsRecord(deal_id, tuple(deal), rounds, ())
        where = _in(ids)
        runs = tuple(conn.execute(f"SELECT draft_id, runs FROM pair_runs WHERE draft_id IN {where}")) \
            if _has(conn, "pair_runs") else ()
        links = tuple(conn.execute(
            "SELECT clause_id, pred_id, by_user FROM thread_links WHERE clause_id IN "
            f"(SELECT id FROM clauses WHERE draft_id IN {where})")) if self._threads else ()
        return RoundsRecord(
            deal_id, tuple(deal), rounds, ids,
            pairs=tuple(conn.execute(
                "SELECT draft_id, ordinal, kind, a_keys, b_keys, substantive, similarity, diff FROM pairs "
                f"WHERE draft_id IN {where}")),
            runs=runs,
            findings=tuple(conn.execute(
                "SELECT draft_id, ordinal, key, title, clauses, evidence, extracted FROM findings "
                f"WHERE draft_id IN {where}")),
            statuses=tuple(conn.execute(
                "SELECT deal_id, key, draft_id, status, reason, suggested, updated_at FROM position_statuses "
                f"WHERE draft_id IN {where}")),
            links=links)

    @user_errors
    def restore_rounds_record(self, record: RoundsRecord) -> None:
        """Put a deal's details and rounds back as `record` holds them (Undo, Redo)."""

        conn = self._conn
        with self._db.atomic(), name_clash(record.deal[0]):
            self._require("deals", record.deal_id)
            if sorted(self._order(record.deal_id)) != sorted(row[0] for row in record.rounds):
                raise StoreError(_GONE)
            conn.execute("UPDATE deals SET name = ?, name_key = ?, counterparty = ?, our_side = ?, "
                         "deal_type = ?, jurisdictions = ? WHERE id = ?", (*record.deal, record.deal_id))
            self._renumber([row[0] for row in sorted(record.rounds, key=lambda row: row[1])])
            conn.executemany("UPDATE drafts SET sender = ?, date = ?, changed_count = ?, substantive_count = ?, "
                             "cosmetic_count = ? WHERE id = ?",
                             [(*row[2:4], *row[5:8], row[0]) for row in record.rounds])
            if has_labels(conn):
                conn.executemany("UPDATE drafts SET label = ? WHERE id = ?",
                                 [(row[4], row[0]) for row in record.rounds])
            if record.draft_ids:
                where = _in(record.draft_ids)
                for table in ("pairs", "findings", "position_statuses"):
                    conn.execute(f"DELETE FROM {table} WHERE draft_id IN {where}")
                conn.executemany("INSERT INTO pairs (draft_id, ordinal, kind, a_keys, b_keys, substantive, "
                                 "similarity, diff) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", record.pairs)
                if _has(conn, "pair_runs"):
                    conn.execute(f"DELETE FROM pair_runs WHERE draft_id IN {where}")
                    conn.executemany("INSERT INTO pair_runs (draft_id, runs) VALUES (?, ?)", record.runs)
                conn.executemany("INSERT INTO findings (draft_id, ordinal, key, title, clauses, evidence, "
                                 "extracted) VALUES (?, ?, ?, ?, ?, ?, ?)", record.findings)
                conn.executemany("INSERT INTO position_statuses (deal_id, key, draft_id, status, reason, "
                                 "suggested, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", record.statuses)
                if self._threads:
                    # Cleared first: no predecessor may be held by two clauses, even for a moment.
                    conn.execute("UPDATE thread_links SET pred_id = NULL WHERE clause_id IN "
                                 f"(SELECT id FROM clauses WHERE draft_id IN {where})")
                    conn.executemany("UPDATE thread_links SET pred_id = ?, by_user = ? WHERE clause_id = ?",
                                     [(pred, by_user, clause) for clause, pred, by_user in record.links])
            self._touch(record.deal_id)
        self._cache.forget()

    def _deal_of(self, draft_id: int) -> int:
        """Return the deal a round belongs to; StoreError when it no longer exists."""
        row = self._conn.execute("SELECT deal_id FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise StoreError("That round no longer exists.")
        return int(row[0])

    if TYPE_CHECKING:  # supplied by Store and PositionRecord
        def clauses(self, draft_id: int) -> tuple[Clause, ...]: ...

        def pairs(self, draft_id: int) -> tuple[Pair, ...]: ...

        def deal_positions(self, deal_id: int) -> list[DealPosition]: ...

        def _recorded(self, draft_id: int) -> tuple[Finding, ...] | None: ...

        def _require(self, table: str, row_id: int) -> None: ...

        def _touch(self, deal_id: int) -> None: ...

        @staticmethod
        def _check_date(date: str) -> None: ...

        @staticmethod
        def _check_name(name: str) -> str: ...
