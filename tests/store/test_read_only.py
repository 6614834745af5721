"""Store(path, read_only=True): what an export opens. It reads, and writes nothing, in the file or beside it."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.export.summary.data import build_summary
from desktop.samples import SAMPLE_DEAL, create_sample_deal
from desktop.store import OutdatedDatabase, Store, StoreError

REPO = Path(__file__).resolve().parents[2]


def snapshot(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Return every file under `folder` as name → (size, mtime in ns, sha256): any write shows.

    Left out: an empty -wal and the -shm beside a database, which SQLite makes for any reader
    of a database in WAL mode, where the folder lets it, and leaves behind (reading changes
    nothing in them; a read-only folder gets neither, tests/cli/test_never_overwrite.py).
    """
    files = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name.endswith("-shm"):
            continue
        if path.name.endswith("-wal") and path.stat().st_size == 0:
            continue
        files[str(path.relative_to(folder))] = (path.stat().st_size, path.stat().st_mtime_ns,
                                                hashlib.sha256(path.read_bytes()).hexdigest())
    return files


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory) -> Path:
    """Return a closed database file holding the sample deal, in a folder of its own."""
    path = tmp_path_factory.mktemp("sample") / "deals.db"
    with Store(path) as store:
        create_sample_deal(store)
    return path


@pytest.fixture
def database(sample_file, tmp_path) -> Path:
    """Return a copy of the sample database, alone in its folder (no backups folder, no -wal)."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy2(sample_file, folder / "deals.db")
    return folder / "deals.db"


def test_reading_a_deal_for_its_summary_writes_nothing_there_or_beside_it(database):
    before = snapshot(database.parent)
    shipped = load_playbook(default_playbook_path())
    with Store(database, read_only=True) as store:
        deal = store.deal_by_name(SAMPLE_DEAL["name"])
        data = build_summary(store, deal.id, store.playbook(shipped))
        assert store.read_only
    assert data.positions and data.rounds
    assert snapshot(database.parent) == before  # no -wal, -shm, journal or backups folder


def test_a_read_only_store_refuses_writes_in_plain_words(database):
    before = snapshot(database.parent)
    with Store(database, read_only=True) as store:
        with pytest.raises(StoreError, match="cannot open or write"):
            store.create_deal("Acme")
        assert [d.name for d in store.deals()] == [SAMPLE_DEAL["name"]]
    assert snapshot(database.parent) == before


def test_positions_the_playbook_gained_are_shown_but_not_stored(database):
    shipped = load_playbook(default_playbook_path())
    extra = dataclasses.replace(shipped.positions[0], key="new_position", title="A position added later")
    grown = dataclasses.replace(shipped, positions=(*shipped.positions, extra))
    before = snapshot(database.parent)
    with Store(database, read_only=True) as store:
        deal = store.deal_by_name(SAMPLE_DEAL["name"])
        stored = store.deal_positions(deal.id)
        shown = store.ensure_deal_positions(deal.id, grown, deal.our_side)
        assert shown[:-1] == stored and shown[-1].key == "new_position"
        assert store.deal_positions(deal.id) == shown  # as the positions grid reads them again
        assert store.ensure_deal_positions(deal.id, grown, deal.our_side) == shown  # and again
        assert "A position added later" in [p.title for p in build_summary(store, deal.id, grown).positions]
    assert snapshot(database.parent) == before
    with Store(database, check=False) as store:
        assert "new_position" not in [p.key for p in store.deal_positions(deal.id)]


def test_a_database_that_needs_migrating_is_outdated_and_left_alone(tmp_path):
    older = tmp_path / "migrations"
    shutil.copytree(REPO / "db" / "migrations", older)
    max(older.glob("*.sql")).unlink()  # the app before its latest migration
    path = tmp_path / "data" / "old.db"
    path.parent.mkdir()
    Store(path, migrations_dir=older, check=False).close()
    before = snapshot(path.parent)
    with pytest.raises(OutdatedDatabase, match="older version of Counterdraft"):
        Store(path, read_only=True)
    assert snapshot(path.parent) == before


def test_a_file_that_is_not_ours_is_still_refused_as_such(tmp_path):
    path = tmp_path / "notes.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a Counterdraft database"):
        Store(path, read_only=True)


def test_an_in_memory_store_cannot_be_read_only():
    with pytest.raises(ValueError):
        Store(None, read_only=True)
