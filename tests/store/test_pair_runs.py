"""A round's implied pairs kept as runs (migration 0005): nothing lost, old files read the same.

Real comparisons: the sample deal's four public versions of Common Paper's Cloud Service
Agreement (desktop/samples.py), compared by the real pipeline. The rows-only form is what a
store opened with migrations 0001–0004 writes (the app's own code, before pair_runs exists).
Pairs are read with store_rows.read_pairs, straight from the tables: a Store that kept the
pairs it was just given in memory would prove nothing here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.model import Comparison, Pair
from desktop.core.pipeline import compare_drafts, load_draft
from desktop.samples import sample_rounds
from desktop.store import ClauseRef, Store
from desktop.store import pair_runs as store_pair_runs
from desktop.store import rows as store_rows
from desktop.store.pair_runs import ImpliedPair, decode, encode, kind_of
from desktop.store.schema import load_migrations
from desktop.store.threads_links import stored_pair_keys

MIGRATIONS = Path(__file__).resolve().parents[2] / "db" / "migrations"


@pytest.fixture(scope="module")
def sample():
    """Return the sample deal's drafts and each round's comparison with the round before."""
    drafts = [load_draft(path) for path, _, _ in sample_rounds()]
    return drafts, [compare_drafts(a, b) for a, b in zip(drafts, drafts[1:])]


def fill(store: Store, drafts, comparisons) -> tuple[int, list[int]]:
    """Return the deal id and round ids of the sample rounds added to `store`."""
    deal = store.create_deal("Sample")
    ids = [store.add_round(deal, drafts[0], sender="them", date="2022-02-01")]
    for day, (draft, comparison) in enumerate(zip(drafts[1:], comparisons), start=2):
        ids.append(store.add_round(deal, draft, sender="us" if day % 2 else "them",
                                   date=f"2022-02-{day:02d}", comparison=comparison))
    return deal, ids


def readings(store: Store, deal: int, ids: list[int]) -> dict:
    """Return every reading of pairs: the pairs, their keys, the threads and each clause's thread."""
    latest = ids[-1]
    return {
        "pairs": [read_pairs(store, i) for i in ids],
        "keys": [stored_pair_keys(store._conn, i) for i in ids],
        "threads": [t.entries for t in store.threads(deal)],
        "thread": [store.thread(ClauseRef(latest, c.id)).entries for c in store.clauses(latest)],
    }


def read_pairs(store: Store, draft_id: int) -> tuple[Pair, ...]:
    """Return a round's pairs as read from the database (Store.pairs may answer from memory)."""
    return store_rows.read_pairs(store._conn, draft_id)


def count(store: Store, table: str) -> int:
    return store._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def v4_migrations(tmp_path: Path) -> Path:
    """Return a folder holding the migrations up to 0004, the last before pair_runs."""
    folder = tmp_path / "migrations-0004"
    folder.mkdir()
    for name in [name for name, _ in load_migrations(MIGRATIONS)][:4]:
        shutil.copy(MIGRATIONS / f"{name}.sql", folder)
    return folder


implied_lists = st.lists(
    st.tuples(st.integers(1, 3), st.sampled_from(store_pair_runs.KINDS),
              st.one_of(st.integers(1, 40).map(lambda n: f"c{n}"),
                        st.sampled_from(["c0", "c01", "x", "", "c1\"", "ç7"])),
              st.one_of(st.integers(1, 40).map(lambda n: f"c{n}"), st.sampled_from(["c007", "k"]))),
    max_size=40)


@given(implied_lists)
def test_runs_decode_to_exactly_the_pairs_encoded(steps):
    pairs, ordinal = [], -1
    for gap, kind, a, b in steps:
        ordinal += gap
        pairs.append(ImpliedPair(ordinal, kind, a, b))
    assert list(decode(encode(pairs))) == pairs


def test_consecutive_pairs_share_a_run_and_other_keys_are_written_literally():
    pairs = [ImpliedPair(0, "unchanged", "c1", "c1"), ImpliedPair(1, "unchanged", "c2", "c2"),
             ImpliedPair(2, "unchanged", "c3", "c3"),
             # after an inserted clause (ordinal 3): B numbers run one ahead
             ImpliedPair(4, "renumbered", "c4", "c5"), ImpliedPair(5, "renumbered", "c5", "c6"),
             ImpliedPair(6, "unchanged", "c6", "c7"),  # another kind: a new run
             ImpliedPair(7, "moved", "c9", "c8"), ImpliedPair(8, "unchanged", "c7", "c9"),
             ImpliedPair(9, "unchanged", "c08", "c10"), ImpliedPair(10, "unchanged", "c9", "c11")]
    assert encode(pairs) == ('[[0,0,1,1,3],[4,1,4,5,2],[6,0,6,7,1],[7,2,9,8,1],[8,0,7,9,1],'
                             '[9,0,"c08",10,1],[10,0,9,11,1]]')
    assert list(decode(encode(pairs))) == pairs
    assert [kind_of(encode(pairs), p.b) for p in pairs] == [p.kind for p in pairs]
    assert kind_of(encode(pairs), "c4") is None and kind_of(encode(pairs), "c08") is None
    assert encode([]) == "[]" and list(decode("[]")) == []


def test_every_pair_of_real_comparisons_comes_back_with_every_field(store, sample):
    drafts, comparisons = sample
    deal, ids = fill(store, drafts, comparisons)
    assert read_pairs(store, ids[0]) == ()
    for draft_id, comparison in zip(ids[1:], comparisons):
        assert read_pairs(store, draft_id) == comparison.pairs
        assert stored_pair_keys(store._conn, draft_id) == [(p.a, p.b) for p in comparison.pairs]
    # Most pairs went into runs: far fewer rows than pairs, and one runs row per later round.
    total = sum(len(c.pairs) for c in comparisons)
    assert count(store, "pairs") < total / 2
    assert count(store, "pair_runs") == 3
    ordinals = [o for (o,) in store._conn.execute(
        "SELECT ordinal FROM pairs WHERE draft_id = ? ORDER BY ordinal", (ids[1],))]
    assert ordinals != list(range(len(ordinals)))  # the rows keep their place, with gaps


def test_only_pairs_that_say_nothing_more_than_their_keys_go_into_runs(store, make_draft):
    texts = ["Liability is capped.", "Audit once a year.", "Notice in writing.", "Fees monthly."]
    deal = store.create_deal("Acme")
    one, two = make_draft(texts), make_draft(texts)
    store.add_round(deal, one, sender="us", date="2024-01-01")
    kept = [("=", t) for t in texts]
    pairs = (Pair("unchanged", ("c1",), ("c1",), False, (kept[0],), 1.0),
             Pair("renumbered", ("c2",), ("c2",), True, (kept[1],), 1.0),  # substantive
             Pair("moved", ("c3",), ("c3",), False, (kept[2],), 0.99),  # not quite the same
             Pair("unchanged", ("c4",), ("c4",), False, (kept[3],), 1.0, "same"))
    two_id = store.add_round(deal, two, sender="them", date="2024-01-02",
                             comparison=Comparison("a", "b", one.clauses, two.clauses, pairs))
    rows = store._conn.execute("SELECT ordinal FROM pairs WHERE draft_id = ?", (two_id,))
    assert [o for (o,) in rows] == [1, 2]
    # A pair's topic was never stored (topic alignments are not saved), in rows or runs.
    assert read_pairs(store, two_id) == pairs[:3] + (Pair("unchanged", ("c4",), ("c4",), False,
                                                    (kept[3],), 1.0),)


def test_an_old_database_of_rows_only_reads_the_same_and_upgrades(tmp_path, sample):
    drafts, comparisons = sample
    path = tmp_path / "counterdraft.db"
    with Store(path, migrations_dir=v4_migrations(tmp_path)) as old:
        deal, ids = fill(old, drafts, comparisons)
        assert not store_pair_runs.has_runs(old._conn)
        assert count(old, "pairs") == sum(len(c.pairs) for c in comparisons)
        before = readings(old, deal, ids)
    with Store(None) as new:
        fill(new, drafts, comparisons)
        assert count(new, "pair_runs") == 3
        assert readings(new, deal, ids) == before
        new.add_round(deal, drafts[-1], sender="them", date="2022-03-01",
                      comparison=compare_drafts(drafts[-1], drafts[-1]))
        mixed_expected = readings(new, deal, ids + [ids[-1] + 1])
    with Store(path) as upgraded:
        names = [n for (n,) in upgraded._conn.execute("SELECT name FROM _sqlite_migrations")]
        assert "0005_pair_runs" in names  # upgraded through it (and any later migration)
        assert count(upgraded, "pair_runs") == 0  # nothing converted
        assert readings(upgraded, deal, ids) == before
        # A round added after the upgrade is stored as runs, next to the old rounds' rows.
        upgraded.add_round(deal, drafts[-1], sender="them", date="2022-03-01",
                           comparison=compare_drafts(drafts[-1], drafts[-1]))
        assert count(upgraded, "pair_runs") == 1
        assert readings(upgraded, deal, ids + [ids[-1] + 1]) == mixed_expected


def test_removing_a_comparison_round_or_deal_removes_its_runs(store, sample):
    drafts, comparisons = sample
    deal, ids = fill(store, drafts, comparisons)
    store.replace_comparison(ids[3], None)
    assert read_pairs(store, ids[3]) == ()
    assert store._conn.execute("SELECT draft_id FROM pair_runs ORDER BY draft_id").fetchall() == \
        [(ids[1],), (ids[2],)]
    store.replace_comparison(ids[3], comparisons[2])
    assert read_pairs(store, ids[3]) == comparisons[2].pairs
    store.delete_round(ids[1])  # round 3 was compared with it: that comparison goes too
    assert read_pairs(store, ids[2]) == ()
    assert store._conn.execute("SELECT draft_id FROM pair_runs").fetchall() == [(ids[3],)]
    store.delete_deal(deal)
    assert count(store, "pair_runs") == count(store, "pairs") == 0
    assert store._conn.execute("PRAGMA foreign_key_check").fetchall() == []
