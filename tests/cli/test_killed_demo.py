"""A killed `counterdraft demo` leaves nothing or the whole sample deal, and running it again repairs it.

Issue 23, part 5. Before, a kill while the rounds were being stored left a deal with one or
two rounds for good, and `demo` again printed "0 rounds" (or 2) and repaired nothing. Now the
database appears whole (a first start builds it under a hidden name) and the sample deal is
stored in one transaction; a part-built one from an older version is built again.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.cli import main as cli_main
from desktop.core.pipeline import load_draft
from desktop.samples import SAMPLE_DEAL, sample_round_files
from desktop.store import Store, StoreError

REPO = Path(__file__).resolve().parents[2]
SPREAD = 6  # kill moments spread over a whole `demo`, one in each equal slice
NEAR_END = 4  # and packed into its last quarter, where the deal is stored and committed
SEED = 20231123


def _demo(db: Path) -> list[str]:
    return [sys.executable, "-m", "desktop", "demo", "--db", str(db)]


def _table_counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        names = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def whole(tmp_path_factory) -> dict:
    """Return a normal demo's duration and the table counts of a database holding the whole sample deal."""
    db = tmp_path_factory.mktemp("whole") / "deals.db"
    started = time.monotonic()
    done = subprocess.run(_demo(db), cwd=REPO, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    duration = time.monotonic() - started
    empty = db.with_name("empty.db")
    Store(empty).close()  # a first start with nothing stored yet
    return {"duration": duration, "counts": _table_counts(db), "empty": _table_counts(empty)}


def _moments() -> list[float]:
    rng = random.Random(SEED)
    return ([(i + rng.random()) / SPREAD for i in range(SPREAD)]
            + [0.75 + 0.25 * (i + rng.random()) / NEAR_END for i in range(NEAR_END)])


@pytest.mark.parametrize("fraction", _moments(), ids=[f"kill{i}" for i in range(SPREAD + NEAR_END)])
def test_a_killed_demo_leaves_nothing_or_the_whole_sample_deal_and_again_repairs(whole, tmp_path, fraction, capsys):
    db = tmp_path / "deals.db"
    proc = subprocess.Popen(_demo(db), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=fraction * whole["duration"])
    except subprocess.TimeoutExpired:
        proc.kill()  # SIGKILL on POSIX
        proc.wait()
    assert proc.returncode in (0, -9), f"demo failed on its own (exit {proc.returncode})"
    left = "no file"  # killed before the new database was linked into place
    if db.exists():
        counts = _table_counts(db)
        left = "the whole deal" if counts == whole["counts"] else "no deal"
        assert counts in (whole["counts"], whole["empty"]), (
            "a part of the sample deal was stored: "
            f"{ {k: v for k, v in counts.items() if v != whole['counts'][k]} }")
    assert cli_main(["demo", "--db", str(db)]) == 0
    assert capsys.readouterr().out == f"{SAMPLE_DEAL['name']}: 4 rounds\n"
    assert _table_counts(db) == whole["counts"]
    # Shown with `pytest -s`: where the kills fell.
    print(f"\n{fraction:.3f} of {whole['duration']:.2f}s: exit {proc.returncode}, left {left}")


def test_a_failure_midway_stores_no_part_of_the_sample_deal(tmp_path, monkeypatch, capsys):
    db = tmp_path / "deals.db"
    real = Store.add_round
    calls = []

    def third_fails(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise StoreError("The disk is full, so nothing was saved.")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "add_round", third_fails)
    assert cli_main(["demo", "--db", str(db)]) == 2
    with Store(db) as store:
        assert store.deals() == []


def test_a_part_built_sample_deal_is_built_again(tmp_path, capsys):
    db = tmp_path / "deals.db"
    with Store(db) as store:  # as an older Counterdraft, killed after two rounds, left it
        deal = store.create_deal(**SAMPLE_DEAL)
        for file in sample_round_files()[:2]:
            store.add_round(deal, load_draft(file.path), sender=file.sender, date=file.date)
        store.create_deal("Acme")
    assert cli_main(["demo", "--db", str(db)]) == 0
    assert capsys.readouterr().out == f"{SAMPLE_DEAL['name']}: 4 rounds\n"
    with Store(db) as store:
        assert sorted(d.name for d in store.deals()) == ["Acme", SAMPLE_DEAL["name"]]
        sample = store.deal_by_name(SAMPLE_DEAL["name"])
        rounds = store.rounds(sample.id)
        assert [r.round_no for r in rounds] == [1, 2, 3, 4]
        assert rounds[0].changed_count is None and all(r.changed_count is not None for r in rounds[1:])
