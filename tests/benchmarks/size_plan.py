"""Where the 200-deal database's bytes go, and what storing rounds as differences would take (issue 22, part 3).

Run: `python -m tests.benchmarks.size_plan [DB]` (default: gen_deals' database). It copies DB
with SQLite's backup API into a temporary folder (DB is never changed), VACUUMs the copy and
prints its dbstat, then rebuilds the copy step by step as the planned layout would store it,
printing the file size and dbstat after each step:

- A. clause versions: a clause whose text, heading, level, kind and paragraph shape are those
  of the clause it is paired 1→1 with in the round before keeps that clause's version (no row
  of its own). Each round keeps a layout: runs of [first version id, length, paragraph
  shift], plus its label/number where they differ from the version's (renumbering). The parent
  is not stored: it is the nearest clause before with a lower level (the splitter's own rule;
  it held for every clause of the database when measured), so a reworded section heading does
  not make new versions of its children. Thread links become one row per version (its
  predecessor version), in place of one per clause per round.
- B. clause text hashes as 8-byte integers (the first 8 bytes of the sha256; a clash is
  resolved by comparing the texts) in place of 64 hex characters, and a plain index.
- C. the diffs of changed pairs as [op, length] over the two clause texts, which are stored,
  in place of the texts again.

It also counts the suggested statuses that repeat the round before's status and reason (none
could go if those did not repeat). Only sizes are measured here: the code that would read
and write this layout is the plan in the README, not written yet.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from desktop.store.threads_links import stored_pair_keys


def dbstat(conn: sqlite3.Connection, title: str) -> int:
    """Print the file's size and its largest tables and indexes; return the size in bytes."""
    conn.commit()
    conn.execute("VACUUM")
    rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    size = conn.execute("PRAGMA page_count").fetchone()[0] * conn.execute("PRAGMA page_size").fetchone()[0]
    print(f"\n== {title}: {size / 1e6:.1f} MB")
    for name, pages in rows:
        if pages > 300_000:
            print(f"  {name:36s} {pages / 1e6:7.2f} MB")
    return size


def clause_versions(conn: sqlite3.Connection) -> None:
    """Replace clauses and thread_links by clause versions, round layouts and version links (step A)."""
    started = time.perf_counter()
    conn.executescript("""
        CREATE TABLE clause_versions (id INTEGER PRIMARY KEY, label TEXT NOT NULL, number TEXT NOT NULL,
            heading TEXT NOT NULL, level INTEGER NOT NULL, kind TEXT NOT NULL, paragraphs TEXT NOT NULL,
            text_id INTEGER NOT NULL);
        CREATE TABLE round_layouts (draft_id INTEGER PRIMARY KEY, layout TEXT NOT NULL);
        CREATE TABLE version_links (version_id INTEGER PRIMARY KEY, pred_id INTEGER,
            by_user INTEGER NOT NULL DEFAULT 0);
    """)
    drafts = conn.execute("SELECT id, deal_id FROM drafts ORDER BY deal_id, round_no").fetchall()
    links = dict(conn.execute("SELECT clause_id, pred_id FROM thread_links"))
    version_of: dict[int, tuple[int, int]] = {}  # clause row id -> (version id, its first paragraph)
    shape: dict[int, tuple] = {}  # version id -> what a kept clause must share with it
    named: dict[int, tuple[str, str]] = {}  # version id -> (label, number)
    versions, version_links = [], []
    runs_total = overrides_total = parent_breaks = 0
    previous_deal, previous_ids = None, {}
    for draft_id, deal_id in drafts:
        rows = conn.execute(
            "SELECT id, ordinal, key, label, number, heading, level, parent_key, kind, paragraphs, text_id "
            "FROM clauses WHERE draft_id = ? ORDER BY ordinal", (draft_id,)).fetchall()
        paired = {}
        if deal_id == previous_deal:
            paired = {b[0]: previous_ids[a[0]] for a, b in stored_pair_keys(conn, draft_id)
                      if len(a) == 1 == len(b) and a[0] in previous_ids}
        ids, sequence, overrides, stack = {}, [], {}, []
        for row_id, ordinal, key, label, number, heading, level, parent, kind, paragraphs, text_id in rows:
            while stack and stack[-1][1] >= level:
                stack.pop()
            parent_breaks += (stack[-1][0] if stack else None) != parent
            stack.append((key, level))
            numbers = json.loads(paragraphs)
            first = numbers[0] if numbers else 0
            own = (heading, level, kind, json.dumps([n - first for n in numbers]), text_id)
            kept = version_of.get(paired.get(key, -1))
            if kept is not None and shape[kept[0]] == own:
                version, version_first = kept
                if named[version] != (label, number):
                    overrides[ordinal] = [label, number]
            else:
                version, version_first = len(versions) + 1, first
                shape[version], named[version] = own, (label, number)
                versions.append((version, label, number, heading, level, kind, own[3], text_id))
                pred = links.get(row_id)
                version_links.append((version, version_of[pred][0] if pred in version_of else None))
            version_of[row_id] = (version, version_first)
            ids[key] = row_id
            sequence.append((version, first - version_first))
        runs: list[list[int]] = []
        for version, shift in sequence:
            if runs and runs[-1][0] + runs[-1][1] == version and runs[-1][2] == shift:
                runs[-1][1] += 1
            else:
                runs.append([version, 1, shift])
        runs_total += len(runs)
        overrides_total += len(overrides)
        conn.execute("INSERT INTO round_layouts VALUES (?, ?)",
                     (draft_id, json.dumps([runs, overrides] if overrides else [runs], separators=(",", ":"))))
        previous_deal, previous_ids = deal_id, ids
    conn.executemany("INSERT INTO clause_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", versions)
    conn.executemany("INSERT INTO version_links (version_id, pred_id) VALUES (?, ?)", version_links)
    conn.executescript("""
        CREATE INDEX clause_versions_text_id ON clause_versions (text_id);
        CREATE UNIQUE INDEX version_links_pred_id ON version_links (pred_id) WHERE pred_id IS NOT NULL;
        DROP TABLE thread_links;
        DROP TABLE clauses;
    """)
    print(f"\nA: {len(versions):,} clause versions in place of the clause rows; {runs_total / len(drafts):.1f} layout "
          f"runs and {overrides_total / len(drafts):.1f} label/number overrides a round; "
          f"parents not the nearest lower level: {parent_breaks}; {time.perf_counter() - started:.0f} s")


def short_hashes(conn: sqlite3.Connection) -> None:
    """Key clause texts by 8 bytes of their sha256, as an integer with a plain index (step B)."""
    conn.execute("CREATE TABLE texts_short (id INTEGER PRIMARY KEY, hash INTEGER NOT NULL, text TEXT NOT NULL)")
    conn.executemany("INSERT INTO texts_short VALUES (?, ?, ?)",
                     [(row_id, int.from_bytes(bytes.fromhex(digest)[:8], "big", signed=True), text)
                      for row_id, digest, text in conn.execute("SELECT id, hash, text FROM clause_texts")])
    conn.executescript("""
        CREATE INDEX texts_short_hash ON texts_short (hash);
        DROP TRIGGER IF EXISTS clause_texts_delete;
        DROP TRIGGER IF EXISTS clause_texts_insert;
        DROP TRIGGER IF EXISTS clause_texts_update;
        DROP TABLE clause_texts;
    """)


def diff_lengths(conn: sqlite3.Connection) -> None:
    """Keep each stored diff as [op, length] over the pair's two texts (step C)."""
    rows = conn.execute("SELECT id, diff FROM pairs WHERE diff IS NOT NULL").fetchall()
    conn.executemany("UPDATE pairs SET diff = ? WHERE id = ?",
                     [(json.dumps([[op, len(text)] for op, text in json.loads(diff)], separators=(",", ":")), row)
                      for row, diff in rows])


def repeated_statuses(conn: sqlite3.Connection) -> tuple[int, int]:
    """Return (suggested statuses equal to the round before's in status and reason, all statuses)."""
    rows = conn.execute(
        "SELECT p.deal_id, p.key, p.status, p.reason, p.suggested FROM position_statuses AS p "
        "JOIN drafts AS d ON d.id = p.draft_id ORDER BY p.deal_id, p.key, d.round_no").fetchall()
    last: dict[tuple, tuple] = {}
    repeated = 0
    for deal_id, key, status, reason, suggested in rows:
        repeated += bool(suggested) and last.get((deal_id, key)) == (status, reason)
        last[(deal_id, key)] = (status, reason)
    return repeated, len(rows)


def main(argv: list[str]) -> int:
    """Measure the database named in argv (default: gen_deals' database) and the planned layout."""
    if argv:
        source = Path(argv[0])
    else:
        from tests.benchmarks.gen_deals import deals_database

        source = deals_database()
    copy = Path(tempfile.mkdtemp(prefix="counterdraft-size-plan-")) / "plan.db"
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as original, sqlite3.connect(copy) as target:
        original.backup(target)
    conn = sqlite3.connect(copy)
    print(f"{source}: {source.stat().st_size / 1e6:.1f} MB on disk")
    sizes = {"today": dbstat(conn, "today, vacuumed")}
    counts = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
              for table in ("drafts", "clauses", "clause_texts", "thread_links", "pairs", "position_statuses",
                            "original_parts")}
    print("rows:", ", ".join(f"{table} {count:,}" for table, count in counts.items()))
    shared = conn.execute("SELECT count(*), coalesce(sum(length(bytes)), 0) FROM original_parts AS p WHERE "
                          "(SELECT count(*) FROM original_pieces AS o WHERE o.part_id = p.id) > 1").fetchone()
    print(f"original parts used by more than one round: {shared[0]:,} ({shared[1] / 1e6:.1f} MB)")
    repeated, statuses = repeated_statuses(conn)
    print(f"suggested statuses repeating the round before's status and reason: {repeated:,} of {statuses:,}")
    clause_versions(conn)
    sizes["A"] = dbstat(conn, "A. clause versions, round layouts, version links")
    short_hashes(conn)
    sizes["A+B"] = dbstat(conn, "A + B. text hashes as 8-byte integers")
    diff_lengths(conn)
    sizes["A+B+C"] = dbstat(conn, "A + B + C. diffs as op lengths")
    print("\n" + "; ".join(f"{step} {size / 1e6:.1f} MB" for step, size in sizes.items()))
    conn.close()
    copy.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
