"""A round's rows worked out before the write (store.prepare_round) store exactly what add_round alone stores."""

from __future__ import annotations

import pytest

from desktop.core.model import Evidence, Finding, Suggestion
from desktop.store import Store, prepare_round
from tests.store.test_store import AUDIT, CAP_12, CAP_24, TERM, compare, second_round_pairs

FINDING = Finding("liability_cap", "Liability cap", ("c1",), (Evidence("c1", 0, 20),), {"cap_months": 24})
SUGGESTED = (Suggestion("liability_cap", "open", "Moved to 24 months."),)

# Columns that hold the moment of writing, which two writes a second apart do not share.
_TIMES = {"imported_at", "updated_at", "created_at"}


def _dump(store: Store) -> dict[str, list[tuple]]:
    """Return every table's rows (columns of times left out), in rowid order."""
    tables = [name for (name,) in store._conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'clause_search%' "
        "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%migrations' ORDER BY name")]
    dump = {}
    for table in tables:
        columns = [row[1] for row in store._conn.execute(f"PRAGMA table_info({table})") if row[1] not in _TIMES]
        dump[table] = store._conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1, 2").fetchall()
    return dump


def _two_rounds(store, make_draft, marks, *, prepared: bool):
    deal = store.create_deal("Acme")
    one = make_draft([CAP_12, AUDIT, TERM], name="r1.docx")
    two = make_draft([CAP_24, AUDIT, TERM, "New clause."], name="r2.docx", tracked_changes=marks[0],
                     comments=marks[1])
    first = prepare_round(one) if prepared else None
    store.add_round(deal, one, sender="them", date="2024-02-01", rows=first)
    comparison = compare(one, two, second_round_pairs())
    second = prepare_round(two, comparison, (FINDING,), SUGGESTED) if prepared else None
    store.add_round(deal, two, sender="us", date="2024-02-05", comparison=comparison, findings=(FINDING,),
                    suggestions=SUGGESTED, rows=second)
    return deal


def test_rows_worked_out_beforehand_store_the_same_record(make_draft, marks):
    with Store(None) as plain, Store(None) as prepared:
        _two_rounds(plain, make_draft, marks, prepared=False)
        deal = _two_rounds(prepared, make_draft, marks, prepared=True)
        assert _dump(prepared) == _dump(plain)
        assert prepared._conn.execute("SELECT count(*) FROM pair_runs").fetchone() == (1,)
        (_, second) = prepared.rounds(deal)
        prepared._cache.forget()
        assert prepared.findings(second.id) == (FINDING,)
        assert [(hit.round_no, hit.clause_id) for hit in prepared.search("24 months")] == [(2, "c1")]


def test_rows_made_for_another_draft_are_refused_and_nothing_is_stored(store, make_draft):
    deal = store.create_deal("Acme")
    one, other = make_draft([CAP_12, AUDIT]), make_draft([CAP_24, TERM])
    before = store._conn.serialize()
    with pytest.raises(ValueError, match="prepared rows"):
        store.add_round(deal, one, sender="them", date="2024-02-01", rows=prepare_round(other))
    with pytest.raises(ValueError, match="prepared rows"):  # the same draft, other positions
        store.add_round(deal, one, sender="them", date="2024-02-01", findings=(FINDING,),
                        rows=prepare_round(one))
    assert store._conn.serialize() == before


def test_preparing_checks_what_add_round_checks(make_draft):
    one, two = make_draft([CAP_12, AUDIT, TERM]), make_draft([CAP_24])
    with pytest.raises(ValueError, match="cite clauses"):
        prepare_round(two, findings=(Finding("x", "X", ("c9",), (), {}),))
    with pytest.raises(ValueError, match="B side"):
        prepare_round(two, compare(one, one, second_round_pairs()[1:3]))
