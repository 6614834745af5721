"""Threads of rounds stored before migration 0003, and of the sample deal built by add_round."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.samples import create_sample_deal
from desktop.store import Store
from desktop.store import threads_links as store_threads_links
from tests.store.threads_helpers import AUDIT, CAP, FEES, TERM, Deal, pair, same

REPO = Path(__file__).resolve().parents[2]
INTEREST = "Interest applies."
LONG = FEES + " " + INTEREST


def build(deal: Deal) -> None:
    """Add four rounds with a move, a split, a deletion and an insertion."""
    deal.add([CAP, AUDIT, LONG])
    deal.add([AUDIT, CAP, LONG], (pair("moved", "c1", "c2"), pair("moved", "c2", "c1"),
                                  pair("unchanged", "c3", "c3")))
    deal.add([AUDIT, CAP, FEES, INTEREST], same(2) + (pair("split", "c3", ("c3", "c4")),))
    deal.add([AUDIT, FEES, INTEREST, TERM], (pair("unchanged", "c1", "c1"),
                                             pair("deleted", "c2", ()),
                                             pair("renumbered", "c3", "c2"),
                                             pair("renumbered", "c4", "c3"),
                                             pair("inserted", (), "c4")))


@pytest.fixture
def old_database(tmp_path, make_draft) -> Path:
    """Return the path of a database made at migration 0002, holding the four rounds of build()."""
    folder = tmp_path / "migrations-0002"
    folder.mkdir()
    for name in ("0001_initial.sql", "0002_positions.sql"):
        shutil.copy(REPO / "db" / "migrations" / name, folder)
    path = tmp_path / "counterdraft.db"
    with Store(path, migrations_dir=folder) as old:
        assert old._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'thread_links'").fetchone() is None
        build(Deal(old, make_draft))
    return path


def link_rows(store: Store) -> list[tuple]:
    return store._conn.execute("SELECT * FROM thread_links ORDER BY clause_id").fetchall()


def test_opening_an_old_database_links_its_rounds_as_an_import_would(old_database, store,
                                                                     make_draft):
    build(Deal(store, make_draft))  # the same rounds, imported with threads
    with Store(old_database) as opened:
        assert opened.threads(1) == store.threads(1)
        assert link_rows(opened) == link_rows(store)
        texts = [[e.clause.text if e.clause else None for e in t.entries]
                 for t in opened.threads(1)]
    assert texts == [[AUDIT] * 4, [CAP, CAP, CAP, None], [LONG, LONG, FEES, FEES],
                     [None, None, INTEREST, INTEREST], [None, None, None, TERM]]


def test_the_backfill_is_done_once(old_database):
    with Store(old_database) as first:
        rows = link_rows(first)
        assert store_threads_links.backfill(first._db) == 0
    with Store(old_database) as again:
        assert link_rows(again) == rows


def test_a_backfill_that_fails_leaves_no_links_and_is_done_at_the_next_open(old_database,
                                                                          monkeypatch):
    calls = []
    real = store_threads_links.link_round

    def fail_on_the_third(conn, draft_id, pairs):
        calls.append(draft_id)
        if len(calls) == 3:
            raise RuntimeError("power cut")
        real(conn, draft_id, pairs)

    monkeypatch.setattr(store_threads_links, "link_round", fail_on_the_third)
    with pytest.raises(RuntimeError, match="power cut"):
        Store(old_database)
    monkeypatch.undo()
    with Store(old_database) as opened:
        (clauses,) = opened._conn.execute("SELECT count(*) FROM clauses").fetchone()
        assert len(link_rows(opened)) == clauses
        assert [e.clause.text if e.clause else None
                for e in opened.threads(1)[0].entries] == [AUDIT, AUDIT, AUDIT, AUDIT]


def test_the_sample_deal_follows_each_clause_through_its_four_rounds(store):
    deal_id = create_sample_deal(store)
    threads = store.threads(deal_id)
    by_title = {t.title: t for t in threads}

    def numbers(title):
        return [e.clause.number if e.clause else None for e in by_title[title].entries]

    assert numbers("8 Limitation of Liability") == ["9", "9", "8", "8"]
    assert numbers("9 Indemnification") == ["10", "10", "9", "9"]
    assert [e.marker for e in by_title["9 Indemnification"].entries] == [
        "", "", "renumbered", ""]
    # Every clause of every round is in exactly one thread.
    seen = [(e.draft_id, e.clause.id) for t in threads for e in t.entries if e.clause]
    assert len(seen) == len(set(seen)) == sum(r.clause_count for r in store.rounds(deal_id))
