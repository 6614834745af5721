"""Linking a round's clauses to the round before: the thread links Counterdraft sets itself.

Plain functions over an open sqlite3 connection; `desktop.store.Store` decides the
transactions. Every clause row gets one `thread_links` row. The automatic links of a round come
from its pairs with the round before (1→1 pairs link; a split or merge links its most similar
clauses, by rapidfuzz); links the user set (`by_user` = 1) are never touched here, and a clause
the user made the predecessor of another is never given a second successor.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from rapidfuzz import fuzz
from sqlite_utils import Database

from desktop.store import pair_runs as store_pair_runs
from desktop.store.rows import keys_from_json
from desktop.store.schema import OutdatedDatabase, plain_errors

PairKeys = tuple[tuple[str, ...], tuple[str, ...]]  # (A clause keys, B clause keys) of one pair


def prepare(db: Database, path: Path | None, *, read_only: bool = False) -> bool:
    """Return whether the database keeps threads, after backfilling the links it lacks.

    False when the thread_links table is missing: the database was opened with migrations
    from before 0003. `read_only`: OutdatedDatabase when links are missing, as backfilling writes.
    """
    row = db.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'thread_links'").fetchone()
    if row is None:
        return False
    with plain_errors(path):
        if read_only:
            if _unlinked_rounds(db.conn):
                raise OutdatedDatabase(f"The Counterdraft database ({path}) was made by an older version of "
                                       "Counterdraft: open it in Counterdraft once to bring it up to date.")
        else:
            backfill(db)
    return True


def stored_pair_keys(conn: sqlite3.Connection, draft_id: int) -> list[PairKeys]:
    """Return the clause keys of each stored pair of a round (rows and runs), in pair order."""
    rows = conn.execute(
        "SELECT ordinal, a_keys, b_keys FROM pairs WHERE draft_id = ? ORDER BY ordinal",
        (draft_id,))
    stored = [(ordinal, (keys_from_json(a), keys_from_json(b))) for ordinal, a, b in rows]
    implied = [(p.ordinal, ((p.a,), (p.b,)))
               for p in store_pair_runs.implied_pairs(conn, draft_id)]
    return store_pair_runs.merged(stored, implied)


def _previous_round(conn: sqlite3.Connection, draft_id: int) -> int | None:
    """Return the draft id of the round before this one in its deal, None for a first round."""
    row = conn.execute(
        "SELECT before.id FROM drafts AS this JOIN drafts AS before "
        "ON before.deal_id = this.deal_id AND before.round_no = this.round_no - 1 "
        "WHERE this.id = ?", (draft_id,)).fetchone()
    return None if row is None else row[0]


def _clause_ids(conn: sqlite3.Connection, draft_id: int) -> dict[str, int]:
    """Return key → clause row id for a round's clauses."""
    return dict(conn.execute("SELECT key, id FROM clauses WHERE draft_id = ?", (draft_id,)))


def _texts(conn: sqlite3.Connection, rows: Iterable[int]) -> dict[int, str]:
    """Return clause row id → text for some clauses."""
    return dict(conn.execute(
        "SELECT c.id, t.text FROM clauses AS c JOIN clause_texts AS t ON t.id = c.text_id "
        "WHERE c.id IN (SELECT value FROM json_each(?))", (json.dumps(sorted(set(rows))),)))


def automatic_links(pairs: Iterable[PairKeys], a: dict[str, int], b: dict[str, int],
                    texts: Callable[[Iterable[int]], dict[int, str]]) -> list[tuple[int, int]]:
    """Return (B clause row, A clause row) for each pair that carries a thread on, in pair order.

    A 1→1 pair links its two clauses whatever its kind. A split links A to its most similar B
    part and a merge links B to its most similar A part (rapidfuzz ratio of the texts, which
    `texts` returns for the rows asked; the first in document order on a tie); the other parts
    start or end threads. Inserted and deleted pairs link nothing. Keys missing from either
    round are ignored.
    """
    links: list[tuple[int, int] | list[tuple[int, int]]] = []
    for a_keys, b_keys in pairs:
        candidates = [(b[y], a[x]) for x in a_keys if x in a for y in b_keys if y in b]
        if candidates:
            links.append(candidates[0] if len(candidates) == 1 else candidates)
    # Only splits and merges need texts: one query for all of them.
    several = [c for c in links if isinstance(c, list)]
    text = texts({row for c in several for pair in c for row in pair}) if several else {}
    return [c if isinstance(c, tuple) else max(c, key=lambda ba: fuzz.ratio(text[ba[1]], text[ba[0]]))
            for c in links]


def link_round(conn: sqlite3.Connection, draft_id: int, pairs: Sequence[PairKeys]) -> None:
    """(Re)build a round's automatic links from its pairs with the round before it.

    Gives each of the round's clauses a link row if it has none, clears the automatic links
    and sets them again from `pairs`. A clause whose link the user set keeps it, and a clause
    of the round before that already has a successor (through a user link) gets no other.
    A round just stored has no link rows yet: they are written once, links included.
    """
    fresh = conn.execute(
        "SELECT NOT EXISTS (SELECT 1 FROM thread_links WHERE clause_id IN "
        "(SELECT id FROM clauses WHERE draft_id = ?))", (draft_id,)).fetchone()[0]
    if not fresh:
        conn.execute("INSERT INTO thread_links (clause_id) SELECT id FROM clauses WHERE draft_id = ? "
                     "ON CONFLICT (clause_id) DO NOTHING", (draft_id,))
        conn.execute("UPDATE thread_links SET pred_id = NULL WHERE by_user = 0 AND clause_id IN "
                     "(SELECT id FROM clauses WHERE draft_id = ?)", (draft_id,))
    previous = _previous_round(conn, draft_id)
    ids = _clause_ids(conn, draft_id)
    links: dict[int, int] = {}
    if previous is not None and pairs:
        fixed = set() if fresh else {row for (row,) in conn.execute(
            "SELECT l.clause_id FROM thread_links AS l JOIN clauses AS c ON c.id = l.clause_id "
            "WHERE c.draft_id = ? AND l.by_user = 1", (draft_id,))}
        taken = {row for (row,) in conn.execute(
            "SELECT l.pred_id FROM thread_links AS l JOIN clauses AS c ON c.id = l.pred_id "
            "WHERE c.draft_id = ?", (previous,))}
        previous_ids = _clause_ids(conn, previous)
        for b_row, a_row in automatic_links(pairs, previous_ids, ids, lambda rows: _texts(conn, rows)):
            if b_row in fixed or a_row in taken:
                continue
            taken.add(a_row)
            links[b_row] = a_row
    if fresh:
        conn.executemany("INSERT INTO thread_links (clause_id, pred_id) VALUES (?, ?)",
                         [(row, links.get(row)) for row in ids.values()])
    else:
        conn.executemany("UPDATE thread_links SET pred_id = ? WHERE clause_id = ?",
                         [(a_row, b_row) for b_row, a_row in links.items()])


def release_round(conn: sqlite3.Connection, draft_id: int) -> list[int]:
    """Return the other rounds linked into a round about to be deleted, their links made automatic.

    A link the user set into the deleted round loses its predecessor (ON DELETE SET NULL);
    marking it automatic lets the next relinking of its round give it one again.
    """
    rows = conn.execute(
        "SELECT DISTINCT later.draft_id FROM thread_links AS l "
        "JOIN clauses AS gone ON gone.id = l.pred_id "
        "JOIN clauses AS later ON later.id = l.clause_id WHERE gone.draft_id = ?",
        (draft_id,)).fetchall()
    conn.execute("UPDATE thread_links SET by_user = 0 WHERE pred_id IN "
                 "(SELECT id FROM clauses WHERE draft_id = ?)", (draft_id,))
    return [row for (row,) in rows]


def relink_rounds(conn: sqlite3.Connection, draft_ids: Iterable[int]) -> None:
    """Rebuild the automatic links of some rounds from their stored pairs."""
    for draft_id in draft_ids:
        link_round(conn, draft_id, stored_pair_keys(conn, draft_id))


def backfill(db: Database) -> int:
    """Link the rounds stored before threads existed, from their stored pairs; return how many.

    Idempotent: only rounds with a clause lacking a link row are linked, in one transaction.
    """
    conn = db.conn
    missing = _unlinked_rounds(conn)
    if not missing:
        return 0
    with db.atomic():
        relink_rounds(conn, missing)
    return len(missing)


def _unlinked_rounds(conn: sqlite3.Connection) -> list[int]:
    """Return the draft ids of the rounds with a clause lacking its link row."""
    # Every clause gets its link row as its round is stored, and a link row goes with its
    # clause, so equal counts (two b-tree counts, no join) mean nothing is missing.
    (clauses, links) = conn.execute(
        "SELECT (SELECT count(*) FROM clauses), (SELECT count(*) FROM thread_links)").fetchone()
    if clauses == links:
        return []
    return [row for (row,) in conn.execute(
        "SELECT DISTINCT c.draft_id FROM clauses AS c "
        "LEFT JOIN thread_links AS l ON l.clause_id = c.id WHERE l.clause_id IS NULL")]
