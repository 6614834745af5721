-- 0002_positions: the key-positions record (issue 4).
-- What each round says on each playbook position, the deal's stance on each position, and the
-- status of each position in each round (suggested by Counterdraft or set by the user).
-- Each file runs in one transaction (desktop/store_schema.py), so no BEGIN/COMMIT here.

-- The playbook positions a round's draft addresses, as detected on import.
CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    key TEXT NOT NULL, -- the playbook position's key, "liability_cap"
    title TEXT NOT NULL,
    clauses TEXT NOT NULL, -- JSON array of clause keys ("c7") in document order
    evidence TEXT NOT NULL, -- JSON [[clause key, start, end], ...]: offsets into clause text
    extracted TEXT NOT NULL, -- JSON object of the values read from the evidence
    UNIQUE (draft_id, ordinal),
    UNIQUE (draft_id, key)
);

-- The deal's positions: our ask, fallback and walk-away on each, seeded from the playbook
-- for our side of the deal and then edited by the user. The title is copied so the record
-- stays readable when a user position is later deleted from the playbook.
CREATE TABLE deal_positions (
    id INTEGER PRIMARY KEY,
    deal_id INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    ask TEXT NOT NULL DEFAULT '',
    fallback TEXT NOT NULL DEFAULT '',
    walk_away TEXT NOT NULL DEFAULT '',
    ordinal INTEGER NOT NULL,
    UNIQUE (deal_id, key)
);

-- The status of a position in a round. `suggested` = 1 while it is Counterdraft's
-- suggestion that the user has not confirmed; confirming or overriding sets it to 0.
CREATE TABLE position_statuses (
    id INTEGER PRIMARY KEY,
    deal_id INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    status TEXT NOT NULL
        CHECK (status IN ('open', 'won', 'conceded', 'compromise', 'not_addressed')),
    reason TEXT NOT NULL DEFAULT '',
    suggested INTEGER NOT NULL CHECK (suggested IN (0, 1)),
    updated_at TEXT NOT NULL,
    UNIQUE (deal_id, key, draft_id)
);

CREATE INDEX position_statuses_draft_id ON position_statuses (draft_id);

-- The user's own playbook positions and edits of shipped ones, laid over the shipped
-- playbook file (which is never written). `position` is the position_from_dict JSON form.
CREATE TABLE user_positions (
    key TEXT PRIMARY KEY CHECK (key <> ''),
    position TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
