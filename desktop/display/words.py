"""The words a lawyer reads for stored values: change kinds, dates and our side in a deal."""

from __future__ import annotations

import datetime

# What each kind of clause pair is called in the clause tree, the exports and the compare rows.
CHANGE_WORDS = {
    "unchanged": "",
    "modified": "Modified",
    "moved": "Moved",
    "renumbered": "Renumbered",
    "inserted": "New",
    "deleted": "Dropped",
    "split": "Split",
    "merged": "Merged",
}

# (stored value, what the lawyer reads) — the store keeps the value, the window shows the words.
OUR_SIDES = (
    ("customer", "Customer / licensee"),
    ("vendor", "Vendor / licensor"),
    ("data_provider", "Data provider"),
)


def long_date(iso: str) -> str:
    """Return "2 Feb 2024" for "2024-02-02" (the text unchanged when it is not a date)."""
    try:
        day = datetime.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%b %Y}"


def side_words(value: str) -> str:
    """Return the words shown for a stored `our_side` value ("customer" → "Customer / licensee")."""
    for key, words in OUR_SIDES:
        if key == value:
            return words
    return value.replace("_", " ").capitalize()
