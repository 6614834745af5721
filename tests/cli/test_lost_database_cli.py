"""At the command line, a database that has gone is one `error:` line naming its backup, and `restore` brings it back.

Issue 23, part 4. Before, `import` and `demo` over a 0-byte or vanished database exited 0 with a
new database in its place, the old deals gone though a sound backup sat beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main as cli_main
from desktop.store import Store
from desktop.store.backup import backup_file, list_backups
from tests.store.conftest import build_draft

DRAFT = Path(__file__).resolve().parents[2] / "resources" / "samples" / "commonpaper-csa-v1.0-2022-02-01.docx"


@pytest.fixture
def kept(tmp_path) -> tuple[Path, Path]:
    """Return a closed database holding the deal "Acme" and the path of its one backup."""
    path = tmp_path / "deals.db"
    with Store(path) as store:
        store.add_round(store.create_deal("Acme"), build_draft(["Fees are due monthly."]), sender="them",
                        date="2024-02-01")
    return path, backup_file(path, "manual").path


def _one_error(capsys) -> str:
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and out == "", err
    return lines[0]


COMMANDS = {
    "import": ["import", "--deal", "Acme", "--from", "them", str(DRAFT)],
    "demo": ["demo"],
    "history": ["history", "--deal", "Acme", "--clause", "1"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("state", ["empty", "missing", "cut short"])
def test_a_database_that_has_gone_is_refused_naming_its_backup(kept, capsys, command, state):
    path, backup = kept
    whole = path.read_bytes()
    if state == "empty":
        path.write_bytes(b"")
    elif state == "missing":
        path.unlink()
    else:
        path.write_bytes(whole[: len(whole) // 3])
    before = path.read_bytes() if path.exists() else None
    assert cli_main([COMMANDS[command][0], "--db", str(path), *COMMANDS[command][1:]]) == 2
    line = _one_error(capsys)
    assert str(backup) in line and f"counterdraft restore --db {path}" in line
    assert (path.read_bytes() if path.exists() else None) == before  # nothing made, nothing written
    assert [b.path for b in list_backups(path)] == [backup]


def test_restore_puts_the_latest_sound_backup_back_and_keeps_what_it_replaced(kept, capsys):
    path, backup = kept
    path.write_bytes(b"")
    assert cli_main(["restore", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Restored {backup} to {path}.") and "kept as" in out
    with Store(path) as store:
        assert [d.name for d in store.deals()] == ["Acme"]
    assert cli_main(["demo", "--db", str(path)]) == 0  # the database works again


def test_restore_takes_a_named_backup_and_refuses_what_it_cannot_restore(kept, capsys, tmp_path):
    path, backup = kept
    with Store(path) as store:
        store.create_deal("Made after the backup")
    assert cli_main(["restore", "--db", str(path), str(backup)]) == 0
    capsys.readouterr()
    with Store(path) as store:
        assert [d.name for d in store.deals()] == ["Acme"]
    assert cli_main(["restore", "--db", str(path), str(tmp_path / "no such backup.db")]) == 2
    assert "There is no backup file at" in _one_error(capsys)
    alone = tmp_path / "alone" / "deals.db"
    alone.parent.mkdir()
    alone.write_bytes(b"")
    assert cli_main(["restore", "--db", str(alone)]) == 2
    assert "no sound backup" in _one_error(capsys) and alone.read_bytes() == b""


def test_restore_is_refused_while_another_program_has_the_database_open(kept, capsys):
    path, backup = kept
    with Store(path) as store:
        store.create_deal("Written in the window")
        before = path.read_bytes()
        assert cli_main(["restore", "--db", str(path)]) == 2
        assert "open in another program" in _one_error(capsys)
        assert path.read_bytes() == before
        assert [d.name for d in store.deals()] == ["Acme", "Written in the window"]


def test_a_first_import_still_makes_the_database(tmp_path, capsys):
    path = tmp_path / "new" / "deals.db"
    path.parent.mkdir()
    assert cli_main(["import", "--db", str(path), "--deal", "Acme", "--from", "them", str(DRAFT)]) == 0
    assert "round 1 from them" in capsys.readouterr().out
    assert sorted(p.name for p in path.parent.iterdir()) == ["deals.db"]
