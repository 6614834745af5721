-- 0004_original_parts: each round's file stored as shared parts, so a deal's rounds keep
-- what their files have in common once (issue 8: the database's size).
-- Each file runs in one transaction (desktop/store_schema.py), so no BEGIN/COMMIT here.
--
-- A .docx is a zip whose members are already deflated, so compressing the file again gains
-- nothing; but from round to round most members (styles, theme, settings, fonts, images)
-- are byte-for-byte the same. desktop/store_originals.py cuts a zip at its members' data,
-- stores each distinct part once, and lists a round's parts in order: their concatenation
-- is the file exactly as imported. Such a round's originals.bytes is empty. Rounds stored
-- before this migration, and files that are not zips, keep their bytes whole.
CREATE TABLE original_parts (
    id INTEGER PRIMARY KEY,
    hash BLOB NOT NULL UNIQUE, -- sha256 of bytes
    bytes BLOB NOT NULL
);

CREATE TABLE original_pieces (
    draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    part_id INTEGER NOT NULL REFERENCES original_parts (id),
    PRIMARY KEY (draft_id, ordinal)
) WITHOUT ROWID;

-- Serves the clean-up below and the foreign key's check when a part is deleted.
CREATE INDEX original_pieces_part_id ON original_pieces (part_id);

-- A part goes when the last round using it does.
CREATE TRIGGER original_pieces_delete AFTER DELETE ON original_pieces BEGIN
    DELETE FROM original_parts
    WHERE id = old.part_id
        AND NOT EXISTS (SELECT 1 FROM original_pieces WHERE part_id = old.part_id);
END;
