"""How a round's clauses, Word marks and comparison become table rows, and back.

Plain functions over an open sqlite3 connection; `desktop.store.Store` decides the
transactions. Reading back gives objects equal (==) to the ones written.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace

from desktop.core.model import Clause, Comment, Comparison, Pair, TrackedChange
from desktop.store import pair_runs as store_pair_runs


def text_hash(text: str) -> str:
    """Return the key a clause text is stored under (sha256 hex of its UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def keys_json(keys: Sequence[str]) -> str:
    """Return clause keys as the JSON array json.dumps writes, without its cost for plain keys.

    A round has a thousand clauses and as many pairs: json.dumps on each is a good part of
    storing a round on the GUI thread. Keys such as "c12" need no escaping, so the text is
    built directly; any other key goes through json.dumps.
    """
    if not keys:
        return "[]"
    if all(type(k) is str for k in keys):
        # One check over the joined keys: only the separators' quotes may be there.
        inner = '", "'.join(keys)
        if (inner.isascii() and inner.isprintable() and "\\" not in inner
                and inner.count('"') == 2 * (len(keys) - 1)):
            return '["' + inner + '"]'
    return json.dumps(list(keys))


def keys_from_json(text: str) -> tuple[str, ...]:
    """Return the clause keys of a JSON array written by keys_json (json.loads when escaped)."""
    if text == "[]":
        return ()
    if "\\" not in text and text.startswith('["') and text.endswith('"]'):
        keys = tuple(text[2:-2].split('", "'))
        if '"' not in "".join(keys):
            return keys
    return tuple(json.loads(text))


def _ints_json(numbers: Sequence[int]) -> str:
    """Return paragraph indices as the JSON array json.dumps writes."""
    if all(type(n) is int for n in numbers):
        return "[" + ", ".join(map(str, numbers)) + "]"
    return json.dumps(list(numbers))


def _ints_from_json(text: str) -> tuple[int, ...]:
    """Return the paragraph indices of a JSON array of integers."""
    try:
        return tuple(int(n) for n in text[1:-1].split(",")) if text != "[]" else ()
    except ValueError:
        return tuple(json.loads(text))


def unchanged_diff(text: str) -> tuple[tuple[str, str], ...]:
    """Return the diff of an unchanged clause: its whole text kept."""
    return (("=", text),) if text else ()


@dataclass(frozen=True)
class ClauseRows:
    """A round's clauses as rows, worked out without the database (a worker may do it).

    `texts` is each distinct (hash, text) once; `rows` the clause rows in document order, less
    the draft id in front and with the text's hash where its row id goes.
    """

    texts: tuple[tuple[str, str], ...]
    rows: tuple[tuple, ...]


def clause_rows(clauses: Sequence[Clause]) -> ClauseRows:
    """Return what insert_clauses writes for `clauses`."""
    hashes = {c.text: text_hash(c.text) for c in clauses}
    return ClauseRows(
        tuple((digest, text) for text, digest in hashes.items()),
        tuple((ordinal, c.id, c.label, c.number, c.heading, c.level, c.parent, c.kind,
               _ints_json(c.paragraphs), hashes[c.text]) for ordinal, c in enumerate(clauses)))


def insert_clauses(conn: sqlite3.Connection, draft_id: int, clauses: Sequence[Clause],
                   prepared: ClauseRows | None = None) -> None:
    """Store a round's clauses, each distinct text once across the whole database.

    `prepared` is clause_rows(clauses) when the caller worked it out already.
    """
    rows = clause_rows(clauses) if prepared is None else prepared
    conn.executemany(
        "INSERT INTO clause_texts (hash, text) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING", rows.texts)
    ids = dict(conn.execute(
        "SELECT hash, id FROM clause_texts WHERE hash IN (SELECT value FROM json_each(?))",
        (json.dumps([digest for digest, _ in rows.texts]),)))
    conn.executemany(
        "INSERT INTO clauses (draft_id, ordinal, key, label, number, heading, level, "
        "parent_key, kind, paragraphs, text_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(draft_id, *row[:-1], ids[row[-1]]) for row in rows.rows])


def insert_marks(conn: sqlite3.Connection, draft_id: int, changes: tuple[TrackedChange, ...],
                 comments: tuple[Comment, ...]) -> None:
    """Store the tracked changes and comments a round's file came with."""
    conn.executemany(
        "INSERT INTO tracked_changes (draft_id, ordinal, kind, author, date, text, paragraph) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(draft_id, i, t.kind, t.author, t.date, t.text, t.paragraph)
         for i, t in enumerate(changes)])
    conn.executemany(
        "INSERT INTO comments (draft_id, ordinal, author, date, text, anchor, paragraph) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(draft_id, i, c.author, c.date, c.text, c.anchor, c.paragraph)
         for i, c in enumerate(comments)])


@dataclass(frozen=True)
class PairRows:
    """A round's comparison as rows, worked out without the database (a worker may do it).

    `rows` are the pairs kept as rows of `pairs` (less the draft id in front); `implied` the
    pairs that say no more than their place, kind and keys (see `store_pair_runs`), with
    `implied_rows` the same pairs as rows, for a database from before the runs; `runs` the
    implied pairs' runs JSON (None for none); `counts` the draft row's changed, substantive
    and cosmetic counts.
    """

    rows: tuple[tuple, ...]
    implied: tuple[store_pair_runs.ImpliedPair, ...]
    implied_rows: tuple[tuple, ...]
    runs: str | None
    counts: tuple[int, int, int]


def pair_rows(clauses: Sequence[Clause], comparison: Comparison) -> PairRows:
    """Return what insert_pairs writes; ValueError when the comparison's B side is not `clauses`."""
    texts = {c.id: c.text for c in clauses}
    stray = sorted({key for p in comparison.pairs for key in p.b if key not in texts})
    if stray:
        raise ValueError(f"the comparison's B side is not this draft (clauses {stray})")
    rows, implied, implied_rows = [], [], []
    for ordinal, p in enumerate(comparison.pairs):
        # A 1→1 pair whose text did not change (unchanged, renumbered, moved as it was) has
        # its clause text as its diff: storing it again would double the size of every round,
        # since most clauses do not change. Any other diff is kept verbatim.
        same_text = len(p.b) == 1 and tuple(p.diff) == unchanged_diff(texts[p.b[0]])
        diff = None if same_text else json.dumps([list(op) for op in p.diff], ensure_ascii=False)
        row = (ordinal, p.kind, keys_json(p.a), keys_json(p.b), int(p.substantive), p.similarity, diff)
        if (same_text and len(p.a) == 1 and p.kind in store_pair_runs.KINDS
                and not p.substantive and p.similarity == 1.0):
            implied.append(store_pair_runs.ImpliedPair(ordinal, p.kind, p.a[0], p.b[0]))
            implied_rows.append(row)
        else:
            rows.append(row)
    counts = comparison.counts()
    changed = sum(1 for p in comparison.pairs if p.kind != "unchanged")
    return PairRows(tuple(rows), tuple(implied), tuple(implied_rows),
                    store_pair_runs.encode(implied) if implied else None, (changed, counts["substantive"], counts["cosmetic"]))


def insert_pairs(conn: sqlite3.Connection, draft_id: int, clauses: Sequence[Clause],
                 comparison: Comparison, prepared: PairRows | None = None) -> None:
    """Store a round's alignment with the previous round, and its counts on the draft row.

    A pair that says no more than its place, kind and keys (see `store_pair_runs`) goes into
    the round's runs; any other is a row of `pairs`, keeping its ordinal. `prepared` is
    pair_rows(clauses, comparison) when the caller worked it out already.
    """
    made = pair_rows(clauses, comparison) if prepared is None else prepared
    runs = store_pair_runs.has_runs(conn)
    rows = made.rows if runs else sorted(made.rows + made.implied_rows)
    conn.executemany(
        "INSERT INTO pairs (draft_id, ordinal, kind, a_keys, b_keys, substantive, similarity, "
        "diff) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [(draft_id, *row) for row in rows])
    if runs and made.runs is not None:
        store_pair_runs.insert_runs(conn, draft_id, made.runs)
    conn.execute(
        "UPDATE drafts SET changed_count = ?, substantive_count = ?, cosmetic_count = ? "
        "WHERE id = ?", (*made.counts, draft_id))


def as_stored(pairs: Sequence[Pair]) -> tuple[Pair, ...]:
    """Return `pairs` equal to what reading them back gives: the pairs table keeps no topic.

    Every other field reads back equal (==) to what was written.
    """
    return tuple(replace(p, topic="") if p.topic else p for p in pairs)


def forget_pairs(conn: sqlite3.Connection, draft_id: int) -> None:
    """Remove a round's alignment with the previous round (rows and runs), and its counts."""
    conn.execute("DELETE FROM pairs WHERE draft_id = ?", (draft_id,))
    store_pair_runs.forget(conn, draft_id)
    conn.execute("UPDATE drafts SET changed_count = NULL, substantive_count = NULL, "
                 "cosmetic_count = NULL WHERE id = ?", (draft_id,))


def read_clauses(conn: sqlite3.Connection, draft_id: int) -> tuple[Clause, ...]:
    """Return a round's clauses in document order."""
    rows = conn.execute(
        "SELECT key, label, number, heading, level, parent_key, t.text, paragraphs, kind "
        "FROM clauses JOIN clause_texts t ON t.id = clauses.text_id "
        "WHERE draft_id = ? ORDER BY ordinal", (draft_id,))
    return tuple(
        Clause(key, label, number, heading, level, parent, text, _ints_from_json(paras), kind)
        for key, label, number, heading, level, parent, text, paras, kind in rows)


def read_pairs(conn: sqlite3.Connection, draft_id: int) -> tuple[Pair, ...]:
    """Return a round's alignment with the previous round, diffs included (rows and runs merged)."""
    rows = conn.execute(
        "SELECT ordinal, kind, a_keys, b_keys, substantive, similarity, diff FROM pairs "
        "WHERE draft_id = ? ORDER BY ordinal", (draft_id,)).fetchall()
    implied = list(store_pair_runs.implied_pairs(conn, draft_id))
    texts: dict[str, str] = {}
    if implied or any(diff is None for *_, diff in rows):
        texts = dict(conn.execute(
            "SELECT key, t.text FROM clauses JOIN clause_texts t ON t.id = clauses.text_id "
            "WHERE draft_id = ?", (draft_id,)))
    stored = []
    for ordinal, kind, a_keys, b_keys, substantive, similarity, diff in rows:
        b = keys_from_json(b_keys)
        if diff is None:
            ops = unchanged_diff(texts[b[0]])
        else:
            ops = tuple((op, text) for op, text in json.loads(diff))
        stored.append((ordinal, Pair(kind, keys_from_json(a_keys), b, bool(substantive), ops,
                                     similarity)))
    kept = [(p.ordinal, Pair(p.kind, (p.a,), (p.b,), False, unchanged_diff(texts[p.b]), 1.0))
            for p in implied]
    return tuple(store_pair_runs.merged(stored, kept))


def read_tracked_changes(conn: sqlite3.Connection, draft_id: int) -> tuple[TrackedChange, ...]:
    """Return the Word revision marks a round's file came with, in document order."""
    rows = conn.execute(
        "SELECT kind, author, date, text, paragraph FROM tracked_changes "
        "WHERE draft_id = ? ORDER BY ordinal", (draft_id,))
    return tuple(TrackedChange(*row) for row in rows)


def read_comments(conn: sqlite3.Connection, draft_id: int) -> tuple[Comment, ...]:
    """Return the Word comments a round's file came with, in document order."""
    rows = conn.execute(
        "SELECT author, date, text, anchor, paragraph FROM comments "
        "WHERE draft_id = ? ORDER BY ordinal", (draft_id,))
    return tuple(Comment(*row) for row in rows)
