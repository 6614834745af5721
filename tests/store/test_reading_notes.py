"""The reader's notes about a round's file are stored with the round, and go with it."""

from __future__ import annotations

import dataclasses


def test_notes_are_stored_with_the_round_in_order_and_absent_ones_read_as_none(store, make_draft):
    deal = store.create_deal("Acme API")
    plain = make_draft(["Liability is capped."])
    noted = make_draft(["Liability is capped at twelve months."])
    notes = ("1 image was skipped.", "94 footnotes or endnotes were not read.")
    noted = dataclasses.replace(noted, document=dataclasses.replace(noted.document, warnings=notes))
    first = store.add_round(deal, plain, sender="them", date="2024-02-01")
    second = store.add_round(deal, noted, sender="us", date="2024-02-08")
    assert store.reading_notes(first) == ()
    assert store.reading_notes(second) == notes
    store.delete_deal(deal)
    assert store._conn.execute("SELECT count(*) FROM reading_notes").fetchone() == (0,)
