-- 0007_round_labels: a round's label, the lawyer's own name for it (issue 19).
-- Each file runs in one transaction (desktop/store_schema.py), so no BEGIN/COMMIT here.
--
-- "Vendor's first draft", "Our markup after the call": free text the user types in Round
-- details…, shown with the round. `title` is not it: that is the document's own title, read
-- from the file on import, and it is kept as read. Rounds stored before this migration have
-- no label ('').
ALTER TABLE drafts ADD COLUMN label TEXT NOT NULL DEFAULT '';
