"""Deal names: the form two names share when they differ only in case, and the clash of two names."""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from desktop.store.schema import StoreError


@contextmanager
def name_clash(name: str) -> Iterator[None]:
    """Turn the UNIQUE failure on deals.name into a StoreError naming the deal."""
    try:
        yield
    except sqlite3.IntegrityError as error:
        if "deals.name" not in str(error):
            raise
        raise StoreError(f"There is already a deal named {name!r}.") from error


def name_key(name: str) -> str:
    """Return the form of a deal name that two names share when they differ only in case."""
    return unicodedata.normalize("NFKC", name).casefold()
