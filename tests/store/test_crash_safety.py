"""Killing `counterdraft import` at any moment leaves a sound database with no half-imported round.

Issue 7, item 3. A deal already holds one round; a subprocess imports a second one and is
killed with SIGKILL at a seeded-random moment between its start and the time a normal import
takes. After each kill SQLite must pass `PRAGMA integrity_check`, and the deal must hold
either its one round, untouched, or two complete rounds — never a draft row without its
clauses, original or pairs. A kill may land before Python has even started; that still counts.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.cli import main as cli_main
from desktop.core.pipeline import load_draft
from desktop.store import Store

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
FIRST = DATA / "docx" / "commonpaper-csa-v1.0-final-2022-02-03.docx"
SECOND = DATA / "docx" / "commonpaper-csa-v2.0-2024-02-02.docx"
DEAL = "Acme crash test"
TRIALS = 40  # spread over the whole import
NEAR_END = 10  # packed into its last 15 %, where the round is written and committed
SEED = 20240202


def _import_command(db: Path) -> list[str]:
    return [sys.executable, "-m", "desktop", "import", "--db", str(db), "--deal", DEAL,
            "--from", "them", "--date", "2024-02-02", str(SECOND)]


def _copy_database(source: Path, target: Path) -> None:
    """Copy a closed database with any write-ahead log beside it."""
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")


def _table_counts(db: Path) -> dict[str, int]:
    """Return the number of rows in every table of the database, FTS shadow tables included."""
    conn = sqlite3.connect(db)
    try:
        names = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}
    finally:
        conn.close()


def _integrity(db: Path) -> list[str]:
    """Return what `PRAGMA integrity_check` says (["ok"] for a sound file)."""
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def crash_setup(tmp_path_factory):
    """Return the one-round database, the finished two-round one, and a normal import's duration."""
    folder = tmp_path_factory.mktemp("crash")
    base = folder / "base.db"
    assert cli_main(["import", "--db", str(base), "--deal", DEAL, "--from", "us",
                     "--date", "2022-02-03", str(FIRST)]) == 0
    finished = folder / "finished.db"
    _copy_database(base, finished)
    started = time.monotonic()
    done = subprocess.run(_import_command(finished), cwd=REPO, capture_output=True, timeout=120)
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr.decode()
    with Store(finished) as store:
        (deal,) = store.deals()
        first, second = store.rounds(deal.id)
        expected_pairs = store.pairs(second.id)
    assert expected_pairs, "a normal import of round 2 stores its comparison with round 1"
    return {
        "base": base, "duration": duration, "expected_pairs": len(expected_pairs),
        "base_counts": _table_counts(base), "finished_counts": _table_counts(finished),
        "clauses_1": load_draft(FIRST).clauses, "clauses_2": load_draft(SECOND).clauses,
    }


def _delays() -> list[float]:
    """Return the kill moments as fractions of a normal import, one in each of TRIALS equal slices.

    Stratified so the whole window is covered however the seed falls, from before Python
    starts to the commit and the exit; a few more fall where the write transaction runs.
    """
    rng = random.Random(SEED)
    spread = [(i + rng.random()) / TRIALS for i in range(TRIALS)]
    return spread + [0.85 + 0.15 * (i + rng.random()) / NEAR_END for i in range(NEAR_END)]


@pytest.mark.parametrize("fraction", _delays(), ids=[f"kill{i:02d}" for i in range(TRIALS + NEAR_END)])
def test_a_killed_import_leaves_one_round_or_two_complete_rounds(crash_setup, tmp_path, fraction):
    db = tmp_path / "deals.db"
    _copy_database(crash_setup["base"], db)
    proc = subprocess.Popen(_import_command(db), cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        # Waiting on the process with a timeout is the timer: no sleep, and it returns early
        # when the import finishes before the kill.
        proc.wait(timeout=fraction * crash_setup["duration"])
        killed = False
    except subprocess.TimeoutExpired:
        proc.kill()  # SIGKILL on POSIX
        proc.wait()
        killed = True
    assert proc.returncode in (0, -9), f"the import failed on its own (exit {proc.returncode})"

    assert _integrity(db) == ["ok"]
    counts = _table_counts(db)
    assert counts in (crash_setup["base_counts"], crash_setup["finished_counts"]), (
        "the database holds part of an import: "
        f"{ {k: v for k, v in counts.items() if v != crash_setup['base_counts'].get(k)} }")

    with Store(db) as store:
        (deal,) = store.deals()
        rounds = store.rounds(deal.id)
        assert len(rounds) in (1, 2)
        first = rounds[0]
        assert (first.round_no, first.sender, first.file_name) == (1, "us", FIRST.name)
        assert store.clauses(first.id) == crash_setup["clauses_1"]
        assert store.original(first.id) == FIRST.read_bytes()
        assert store.pairs(first.id) == ()
        if len(rounds) == 2:
            second = rounds[1]
            assert (second.round_no, second.sender, second.file_name) == (2, "them", SECOND.name)
            assert store.clauses(second.id) == crash_setup["clauses_2"]
            assert second.clause_count == len(crash_setup["clauses_2"])
            assert store.original(second.id) == SECOND.read_bytes()
            assert len(store.pairs(second.id)) == crash_setup["expected_pairs"]
            assert second.changed_count is not None
    # Shown with `pytest -s`: how the kills fell around the commit.
    print(f"\n{fraction:.3f} of {crash_setup['duration']:.2f}s: killed={killed} rounds={len(rounds)}")
