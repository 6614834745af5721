"""`counterdraft --self-check` from source, and the resource paths a frozen bundle relies on."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from desktop import resources
from desktop.selfcheck import CHECKS, Check, CheckFailed, Context, run_checks
from desktop.store import schema as store_schema

ROOT = Path(__file__).resolve().parents[2]


def _run_from_source(home: Path) -> subprocess.CompletedProcess:
    """Run `python -m desktop --self-check` with HOME, TMPDIR and the XDG folders in `home`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}
    env.update(HOME=str(home), TMPDIR=str(home / "tmp"))
    env.pop("QT_QPA_PLATFORM", None)  # the self-check must choose offscreen by itself
    (home / "tmp").mkdir(parents=True)
    return subprocess.run([sys.executable, "-m", "desktop", "--self-check"], cwd=home, env=env,
                          capture_output=True, text=True, timeout=120)


def test_self_check_passes_every_check_and_leaves_no_trace(tmp_path):
    done = _run_from_source(tmp_path)

    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Counterdraft ") and "(from source," in lines[0]
    # "ok    sample deal  4 rounds, …": the status, the check's name, what it saw.
    rows = [re.match(r"(ok|FAIL) +(\S+(?: \S+)*?)  ", line) for line in lines[1:-1]]
    assert [(row[1], row[2]) for row in rows] == [("ok", c.name) for c in CHECKS]
    assert lines[-1] == f"self-check passed: {len(CHECKS)} checks"
    # No database, settings, log or backup outside the deleted scratch folder.
    assert [p for p in tmp_path.rglob("*") if p != tmp_path / "tmp"] == []


def _ok(ctx: Context) -> str:
    return "fine"


def test_the_first_failing_check_is_named_and_the_rest_do_not_run(tmp_path):
    ran = []

    def broken(ctx: Context) -> str:
        raise CheckFailed("the sample deal has 3 rounds, not 4")

    def later(ctx: Context) -> str:
        ran.append("later")
        return "fine"

    out = _Stream()
    code = run_checks([Check("first", _ok), Check("sample deal", broken), Check("later", later)],
                      Context(tmp_path), out)

    assert code == 1
    assert ran == []
    assert "FAIL  sample deal  CheckFailed: the sample deal has 3 rounds, not 4" in out.text
    assert "Traceback" not in out.text  # a failed expectation needs no stack
    assert out.text.rstrip().endswith("self-check failed: sample deal")


def test_an_unexpected_error_is_reported_with_its_traceback(tmp_path):
    def missing_module(ctx: Context) -> str:
        import desktop.no_such_module  # noqa: F401 - what a bundle missing a module looks like
        return "unreachable"

    out = _Stream()
    code = run_checks([Check("window", missing_module)], Context(tmp_path), out)

    assert code == 1
    assert "FAIL  window  ModuleNotFoundError" in out.text
    assert "Traceback (most recent call last)" in out.text and "no_such_module" in out.text


def test_from_source_the_helper_finds_the_checkouts_folders():
    assert resources.is_frozen() is False
    assert resources.resource_path("style.qss") == ROOT / "resources" / "style.qss"
    assert resources.migrations_path() == ROOT / "db" / "migrations"
    # The store finds the same migrations as the helper, so a bundle laid out for one serves both.
    assert Path(str(store_schema.find_migrations_dir())) == resources.migrations_path()


def test_in_a_bundle_the_helper_looks_under_meipass(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    assert resources.is_frozen() is True
    assert resources.resource_path("playbooks", "x.toml") == tmp_path / "resources" / "playbooks" / "x.toml"
    assert resources.migrations_path() == tmp_path / "db" / "migrations"


class _Stream:
    """A text stream that keeps what was written."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)
