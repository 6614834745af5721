"""Every row of a store, to check that an Undo puts the record back exactly as it was."""

from __future__ import annotations

from desktop.store import Store


def dump(store: Store) -> dict[str, list[tuple]]:
    """Return every row of every table (the full-text index's own tables aside), sorted."""
    conn = store._conn
    tables = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'clause_search%'")]
    return {table: sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr) for table in tables}


def without_times(store: Store, rows: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """Return a dump with the deals' updated_at left out (each deletion stamps it anew)."""
    columns = [row[1] for row in store._conn.execute("PRAGMA table_info(deals)")]
    at = columns.index("updated_at")
    return {**rows, "deals": [row[:at] + row[at + 1:] for row in rows["deals"]]}
