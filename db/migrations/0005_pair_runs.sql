-- 0005_pair_runs: a round's unchanged pairs stored as runs instead of rows (issue 8: the
-- database's size).
-- Each file runs in one transaction (desktop/store_schema.py), so no BEGIN/COMMIT here.
--
-- Most pairs of a round are 1→1 clauses that kept their text (unchanged, renumbered, or moved
-- as they were), whose diff is already implied by the clause text. A row each, plus its
-- index entry, was a fifth of the database. desktop/store_pair_runs.py writes such pairs as
-- runs: JSON [[ordinal, kind code, A key, B key, length], ...], a run being consecutive pair
-- ordinals whose A and B clause keys ("c<N>") each go up by one, with the same kind. The
-- pairs left in `pairs` keep their ordinals, so merging both by ordinal gives the round's
-- pairs in their order. Rounds stored before this migration keep all their pairs as rows:
-- the readers merge both forms, so no data is converted.
CREATE TABLE pair_runs (
    draft_id INTEGER PRIMARY KEY REFERENCES drafts (id) ON DELETE CASCADE,
    runs TEXT NOT NULL -- JSON [[ordinal, kind code, A key, B key, length], ...]
);
