-- 0003_threads: clause threads, each clause's identity across the rounds of a deal (issue 3).
-- Each file runs in one transaction (desktop/store_schema.py), so no BEGIN/COMMIT here.
-- Rounds stored before this migration get their links from their stored pairs when the
-- store opens them (desktop/store_threads.py, backfill).

-- One row per clause row: its predecessor, a clause of an earlier round of the same deal
-- (usually the round before), or NULL when the thread starts at this clause. `by_user` = 1
-- when the user set the link: recomputing a round's links from its pairs keeps it.
CREATE TABLE thread_links (
    clause_id INTEGER PRIMARY KEY REFERENCES clauses (id) ON DELETE CASCADE,
    pred_id INTEGER REFERENCES clauses (id) ON DELETE SET NULL,
    by_user INTEGER NOT NULL DEFAULT 0 CHECK (by_user IN (0, 1)),
    CHECK (pred_id IS NULL OR pred_id <> clause_id)
);

-- A clause is the predecessor of at most one clause, so a thread never forks. The index also
-- serves following a thread forwards and the ON DELETE SET NULL lookup.
CREATE UNIQUE INDEX thread_links_pred_id ON thread_links (pred_id) WHERE pred_id IS NOT NULL;
