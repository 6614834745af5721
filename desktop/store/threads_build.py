"""Building threads from rows: one query per table, then the chains are followed in Python.

`ThreadRows` reads the rounds, clauses, links and pair kinds of a deal (or of one thread's
clauses); `build_threads` turns them into each thread's entries, round by round, with the
markers the clause history shows.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from desktop.core.model import Clause
from desktop.store import pair_runs as store_pair_runs

# The kinds of pair that name what happened to a clause, shown as its marker in that round.
_NAMED_KINDS = ("moved", "renumbered")
_PARTS_KINDS = ("split", "merged")

_CLAUSE_SQL = (
    "SELECT c.id, c.draft_id, c.ordinal, c.key, c.label, c.number, c.heading, c.level, "
    "c.parent_key, t.text, c.paragraphs, c.kind, l.pred_id, coalesce(l.by_user, 0) "
    "FROM clauses AS c JOIN clause_texts AS t ON t.id = c.text_id "
    "LEFT JOIN thread_links AS l ON l.clause_id = c.id ")


class ClauseRow(NamedTuple):
    """A clause as stored, with its place in the deal and its link (a tuple: deals have 10k)."""

    id: int
    draft_id: int
    ordinal: int
    clause: Clause
    pred_id: int | None
    by_user: bool


@dataclass(frozen=True)
class ThreadRows:
    """What threads are built from: the deal's rounds, some clauses with their links, pair kinds."""

    rounds: tuple[tuple[int, int, str, str], ...]  # (draft id, round no, sender, date)
    clauses: dict[int, ClauseRow]  # by clause row id
    kinds: dict[tuple[int, str], tuple[str, bool]]  # (draft id, key) -> (kind, substantive)

    @classmethod
    def of_deal(cls, conn: sqlite3.Connection, deal_id: int) -> ThreadRows:
        """Return the rows of every clause of a deal."""
        clauses = conn.execute(
            _CLAUSE_SQL + "JOIN drafts AS d ON d.id = c.draft_id WHERE d.deal_id = ?", (deal_id,))
        pairs = conn.execute(
            "SELECT p.draft_id, p.kind, p.b_keys, p.substantive FROM pairs AS p "
            "JOIN drafts AS d ON d.id = p.draft_id WHERE d.deal_id = ? AND p.b_keys <> '[]'",
            (deal_id,))
        implied: Iterable[tuple[int, str, str]] = ()
        if store_pair_runs.has_runs(conn):
            runs = conn.execute(
                "SELECT r.draft_id, r.runs FROM pair_runs AS r "
                "JOIN drafts AS d ON d.id = r.draft_id WHERE d.deal_id = ?", (deal_id,))
            implied = ((draft_id, pair.b, pair.kind) for draft_id, text in runs
                       for pair in store_pair_runs.decode(text))
        return cls._make(conn, deal_id, clauses, pairs, implied)

    @classmethod
    def of_clauses(cls, conn: sqlite3.Connection, deal_id: int, ids: list[int]) -> ThreadRows:
        """Return the rows of some clauses of a deal (one thread's)."""
        chosen = json.dumps(ids)
        clauses = conn.execute(
            _CLAUSE_SQL + "WHERE c.id IN (SELECT value FROM json_each(?))", (chosen,))
        # Only the pairs holding these clauses: the key, JSON-quoted, inside the pair's b_keys.
        pairs = conn.execute(
            "SELECT p.draft_id, p.kind, p.b_keys, p.substantive FROM clauses AS c "
            "JOIN pairs AS p ON p.draft_id = c.draft_id AND instr(p.b_keys, json_quote(c.key)) "
            "WHERE c.id IN (SELECT value FROM json_each(?))", (chosen,))
        # The same for the pairs kept in runs: each clause looked up in its round's runs.
        implied: list[tuple[int, str, str]] = []
        if store_pair_runs.has_runs(conn):
            runs = conn.execute(
                "SELECT c.draft_id, c.key, r.runs FROM clauses AS c "
                "JOIN pair_runs AS r ON r.draft_id = c.draft_id "
                "WHERE c.id IN (SELECT value FROM json_each(?))", (chosen,))
            for draft_id, key, text in runs:
                kind = store_pair_runs.kind_of(text, key)
                if kind is not None:
                    implied.append((draft_id, key, kind))
        return cls._make(conn, deal_id, clauses, pairs, implied)

    @classmethod
    def _make(cls, conn: sqlite3.Connection, deal_id: int, clause_rows: Iterable[tuple],
              pair_rows: Iterable[tuple], implied: Iterable[tuple[int, str, str]]) -> ThreadRows:
        """Return the rows read by the queries given.

        `implied` is (draft id, B clause key, kind) of each pair kept in runs (see
        store_pair_runs): such a pair is never substantive.
        """
        clauses = {}
        for (row_id, draft_id, ordinal, key, label, number, heading, level, parent, text, paras,
             kind, pred_id, by_user) in clause_rows:
            clause = Clause(key, label, number, heading, level, parent, text,
                            tuple(json.loads(paras)), kind)
            clauses[row_id] = ClauseRow(row_id, draft_id, ordinal, clause, pred_id, bool(by_user))
        kinds = {}
        for draft_id, kind, b_keys, substantive in pair_rows:
            for key in json.loads(b_keys):
                kinds[(draft_id, key)] = (kind, bool(substantive))
        for draft_id, key, kind in implied:
            kinds[(draft_id, key)] = (kind, False)
        rounds = tuple(conn.execute(
            "SELECT id, round_no, sender, date FROM drafts WHERE deal_id = ? ORDER BY round_no",
            (deal_id,)))
        return cls(rounds, clauses, kinds)


def _chains(clauses: dict[int, ClauseRow]) -> list[list[int]]:
    """Return each thread as its clause row ids, first round first."""
    following = {row.pred_id: row.id for row in clauses.values()
                 if row.pred_id is not None and row.pred_id in clauses}
    chains = []
    for row in clauses.values():
        if row.pred_id is None or row.pred_id not in clauses:
            chain = [row.id]
            while chain[-1] in following:
                chain.append(following[chain[-1]])
            chains.append(chain)
    return chains


def _marker(row: ClauseRow, kind: str | None, first_round: bool) -> str:
    """Return the marker of a thread's clause in its round (see ThreadEntry.marker)."""
    if row.by_user:
        return "relinked"
    if kind in _PARTS_KINDS:
        return kind
    if row.pred_id is None:
        return "" if first_round else "new"
    return kind if kind in _NAMED_KINDS else ""


def _entries(chain: list[int], rows: ThreadRows) -> list[tuple]:
    """Return the ThreadEntry fields of a thread, one tuple per round of the deal."""
    here = {rows.clauses[cid].draft_id: rows.clauses[cid] for cid in chain}
    entries: list[tuple] = []
    had_clause = False
    for index, (draft_id, round_no, sender, date) in enumerate(rows.rounds):
        row = here.get(draft_id)
        if row is None:
            entries.append((draft_id, round_no, sender, date, None, None, None,
                            "dropped" if had_clause else ""))
            had_clause = False
            continue
        kind, substantive = (None, None)
        if index > 0:
            kind, substantive = rows.kinds.get((draft_id, row.clause.id), (None, None))
        entries.append((draft_id, round_no, sender, date, row.clause, kind, substantive,
                        _marker(row, kind, index == 0)))
        had_clause = True
    return entries


def _order(chains: list[list[int]], rows: ThreadRows) -> list[list[int]]:
    """Return the chains ordered by their latest clause's place in the deal.

    Going from the latest round back, a thread that ends in a round sorts right after the
    nearest clause before it (in that round) whose thread goes on to a later round.
    """
    position = {draft_id: index for index, (draft_id, *_) in enumerate(rows.rounds)}
    last = len(rows.rounds) - 1
    thread_of = {cid: t for t, chain in enumerate(chains) for cid in chain}
    ends = [position[rows.clauses[chain[-1]].draft_id] for chain in chains]
    by_round: dict[int, list[ClauseRow]] = {}
    for row in rows.clauses.values():
        by_round.setdefault(position[row.draft_id], []).append(row)
    keys: dict[int, tuple] = {}
    for index in range(last, -1, -1):
        anchor: tuple = (-1,)
        for row in sorted(by_round.get(index, ()), key=lambda r: r.ordinal):
            thread = thread_of[row.id]
            if ends[thread] == index:
                keys[thread] = anchor + (last - index, row.ordinal)
            else:
                anchor = keys[thread]
    return [chains[t] for t in sorted(range(len(chains)), key=keys.__getitem__)]


def build_threads(rows: ThreadRows) -> list[list[tuple]]:
    """Return the entries (ThreadEntry fields) of every thread in `rows`, in the deal's order."""
    return [_entries(chain, rows) for chain in _order(_chains(rows.clauses), rows)]
