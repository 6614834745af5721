-- 0001_initial: the first Counterdraft schema.
-- Never edit a migration that has shipped: change the schema by adding 0002_<what>.sql.
-- Each file runs in one transaction (desktop/store_schema.py), so no BEGIN/COMMIT here.

CREATE TABLE deals (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> ''),
    -- The name case-folded (Python str.casefold after NFKC): "Société X" and "SOCIÉTÉ X" are
    -- the same deal to the lawyer, and SQLite's NOCASE only folds ASCII.
    name_key TEXT NOT NULL UNIQUE,
    counterparty TEXT NOT NULL DEFAULT '',
    our_side TEXT NOT NULL DEFAULT 'customer',
    deal_type TEXT NOT NULL DEFAULT '',
    jurisdictions TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- One row per round of a deal: the draft as imported.
CREATE TABLE drafts (
    id INTEGER PRIMARY KEY,
    deal_id INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    round_no INTEGER NOT NULL CHECK (round_no >= 1),
    sender TEXT NOT NULL CHECK (sender IN ('us', 'them')),
    date TEXT NOT NULL,
    file_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL,
    clause_count INTEGER NOT NULL,
    -- Counts of the comparison with the previous round; NULL when there is none (round 1).
    changed_count INTEGER,
    substantive_count INTEGER,
    cosmetic_count INTEGER,
    UNIQUE (deal_id, round_no)
);

-- The original file bytes live apart from `drafts` so that listing rounds never walks the
-- overflow pages of a multi-megabyte BLOB.
CREATE TABLE originals (
    draft_id INTEGER PRIMARY KEY REFERENCES drafts (id) ON DELETE CASCADE,
    bytes BLOB NOT NULL
);

-- Each distinct clause text once: most clauses do not change between rounds.
-- `id` is an explicit INTEGER PRIMARY KEY because the FTS index refers to it, and VACUUM
-- may renumber an implicit rowid.
CREATE TABLE clause_texts (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE, -- sha256 hex of text
    text TEXT NOT NULL
);

CREATE VIRTUAL TABLE clause_search USING fts5 (
    text,
    content = 'clause_texts',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER clause_texts_insert AFTER INSERT ON clause_texts BEGIN
    INSERT INTO clause_search (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER clause_texts_delete AFTER DELETE ON clause_texts BEGIN
    INSERT INTO clause_search (clause_search, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER clause_texts_update AFTER UPDATE ON clause_texts BEGIN
    INSERT INTO clause_search (clause_search, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO clause_search (rowid, text) VALUES (new.id, new.text);
END;

CREATE TABLE clauses (
    id INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    key TEXT NOT NULL, -- Clause.id, "c7"
    label TEXT NOT NULL,
    number TEXT NOT NULL,
    heading TEXT NOT NULL,
    level INTEGER NOT NULL,
    parent_key TEXT,
    kind TEXT NOT NULL,
    paragraphs TEXT NOT NULL, -- JSON array of paragraph indices
    text_id INTEGER NOT NULL REFERENCES clause_texts (id),
    UNIQUE (draft_id, ordinal),
    UNIQUE (draft_id, key)
);

CREATE INDEX clauses_text_id ON clauses (text_id);

-- A text no clause uses any more goes, so the search index never returns a deleted deal's
-- words (the trigger also fires for rows removed by ON DELETE CASCADE).
CREATE TRIGGER clauses_delete AFTER DELETE ON clauses BEGIN
    DELETE FROM clause_texts
    WHERE id = old.text_id
        AND NOT EXISTS (SELECT 1 FROM clauses WHERE text_id = old.text_id);
END;

CREATE TABLE tracked_changes (
    id INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    kind TEXT NOT NULL,
    author TEXT NOT NULL,
    date TEXT NOT NULL,
    text TEXT NOT NULL,
    paragraph INTEGER NOT NULL,
    UNIQUE (draft_id, ordinal)
);

CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    author TEXT NOT NULL,
    date TEXT NOT NULL,
    text TEXT NOT NULL,
    anchor TEXT NOT NULL,
    paragraph INTEGER NOT NULL,
    UNIQUE (draft_id, ordinal)
);

-- The alignment of a round with the round before it; `draft_id` is the later round.
CREATE TABLE pairs (
    id INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    kind TEXT NOT NULL,
    a_keys TEXT NOT NULL, -- JSON array of clause keys of the previous round
    b_keys TEXT NOT NULL, -- JSON array of clause keys of this round
    substantive INTEGER NOT NULL CHECK (substantive IN (0, 1)),
    similarity REAL NOT NULL,
    -- JSON [[op, text], ...]; NULL for an unchanged pair whose diff is just its clause text.
    diff TEXT,
    UNIQUE (draft_id, ordinal)
);
