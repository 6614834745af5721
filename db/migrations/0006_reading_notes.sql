-- 0006_reading_notes: what the reader had to say about a round's file, kept with the round.
-- Each file runs in one transaction (desktop/store_schema.py), so no BEGIN/COMMIT here.
--
-- A draft's reader notes what it read around or could not work out: footnotes not read,
-- images skipped, numbering missing from the file, pages with no text layer, invisible
-- characters that change how text displays (Document.warnings). The window shows them with
-- the round. Only rounds with notes have a row; rounds stored before this migration have none.
CREATE TABLE reading_notes (
    draft_id INTEGER PRIMARY KEY REFERENCES drafts (id) ON DELETE CASCADE,
    notes TEXT NOT NULL -- JSON ["1 image was skipped.", ...]
);
