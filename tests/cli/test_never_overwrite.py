"""Issue 19: an export never lands on what the user gave us (a draft, the database, a link to either).

Every command that writes a file (-o) is run with its output on each of its inputs, plainly,
through a symbolic link and through a hard link: exit 2, one `error:` line, and the input
byte for byte as it was. Then `redline A A`, two identical copies, and a database in a folder
the user may only read.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.cli import build_parser, main
from desktop.samples import SAMPLE_DEAL

DOCX = Path(__file__).resolve().parents[1] / "data" / "docx"
A = DOCX / "commonpaper-csa-v1.0-final-2022-02-03.docx"
B = DOCX / "commonpaper-csa-v2.0-2024-02-02.docx"
DEAL = SAMPLE_DEAL["name"]
SUMMARY_SUFFIXES = (".docx", ".md", ".pdf", ".xlsx", ".csv")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, str]:
    """Return every entry of `folder` as name → sha256 of its content (or where its link points)."""
    entries = {}
    for path in sorted(folder.iterdir()):
        if path.is_symlink():
            entries[path.name] = "→ " + os.readlink(path)
        elif path.is_file():
            entries[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            entries[path.name] = "folder"
    return entries


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    """Return a database holding the sample deal (made with `counterdraft demo`), closed."""
    path = tmp_path_factory.mktemp("db") / "deals.db"
    assert main(["demo", "--db", str(path)]) == 0
    shutil.rmtree(path.parent / "backups", ignore_errors=True)
    return path


# How the output names the protected file: plainly, through a symbolic link, through a hard link.
def _plain(folder: Path, target: Path, suffix: str) -> Path:
    return target


def _symlink(folder: Path, target: Path, suffix: str) -> Path:
    link = folder / f"link to {target.stem}{suffix}"
    link.symlink_to(target.name)
    return link


def _hardlink(folder: Path, target: Path, suffix: str) -> Path:
    link = folder / f"hard link to {target.stem}{suffix}"
    os.link(target, link)
    return link


NAMINGS: dict[str, Callable[[Path, Path, str], Path]] = {"itself": _plain, "symlink": _symlink, "hardlink": _hardlink}


def _redline_case(which: str) -> Callable[[Path, Path], tuple[list[str], Path]]:
    def build(folder: Path, sample_db: Path) -> tuple[list[str], Path]:
        a, b = folder / "A.docx", folder / "B.docx"
        shutil.copy(A, a)
        shutil.copy(B, b)
        if which == "database":  # the global --db, named like a redline
            database = folder / "deals.docx"
            shutil.copy(sample_db, database)
            return ["--db", str(database), "redline", str(a), str(b)], database
        return ["redline", str(a), str(b)], a if which == "A" else b

    return build


def _summary_case(suffix: str) -> Callable[[Path, Path], tuple[list[str], Path]]:
    def build(folder: Path, sample_db: Path) -> tuple[list[str], Path]:
        database = folder / f"deals{suffix}"  # `summary --db X.md -o X.md`
        shutil.copy(sample_db, database)
        return ["summary", "--db", str(database), "--deal", DEAL], database

    return build


# Every command that writes a file, with each input its output must not land on:
# command → [(case id, build(folder, sample_db) → (argv without -o, the protected file))].
CASES: dict[str, list[tuple[str, Callable[[Path, Path], tuple[list[str], Path]]]]] = {
    "redline": [(f"redline-onto-{which}", _redline_case(which)) for which in ("A", "B", "database")],
    "summary": [(f"summary{suffix}-onto-database", _summary_case(suffix)) for suffix in SUMMARY_SUFFIXES],
}


def test_every_command_that_writes_a_file_is_covered_here():
    parser = build_parser()
    commands = next(action for action in parser._actions if action.dest == "command").choices
    writing = {name for name, sub in commands.items() if any(a.dest == "output" for a in sub._actions)}
    assert writing == set(CASES), "a command with -o needs refuse_overwriting and its cases here"


@pytest.mark.parametrize("naming", NAMINGS)
@pytest.mark.parametrize("build", [build for cases in CASES.values() for _, build in cases],
                         ids=[case for cases in CASES.values() for case, _ in cases])
def test_an_output_onto_an_input_is_refused_and_the_input_kept(build, naming, sample_db, tmp_path, capsys):
    argv, protected = build(tmp_path, sample_db)
    out = NAMINGS[naming](tmp_path, protected, protected.suffix)
    before = snapshot(tmp_path)
    code, stdout, stderr = run(capsys, *argv, "-o", str(out))
    assert (code, stdout) == (2, "")
    assert stderr.startswith(f"error: Counterdraft will not write the export over {out}: ") and stderr.count("\n") == 1
    assert "Choose another name for the export." in stderr
    assert snapshot(tmp_path) == before  # the input byte for byte, and nothing beside it


@pytest.mark.parametrize("ending", ["-wal", "-shm", "-journal"])
def test_an_output_onto_the_files_sqlite_keeps_beside_the_database_is_refused(ending, sample_db, tmp_path, capsys):
    database = tmp_path / "deals.md"
    shutil.copy(sample_db, database)
    before = snapshot(tmp_path)
    out = tmp_path / f"deals.md{ending}"
    code, _, stderr = run(capsys, "summary", "--db", str(database), "--deal", DEAL, "-o", str(out))
    assert code == 2 and "SQLite keeps that file beside the Counterdraft database" in stderr
    assert snapshot(tmp_path) == before


def test_an_output_in_the_database_backups_folder_is_refused(sample_db, tmp_path, capsys):
    database = tmp_path / "deals.db"
    shutil.copy(sample_db, database)
    (tmp_path / "backups").mkdir()
    code, _, stderr = run(capsys, "summary", "--db", str(database), "--deal", DEAL,
                          "-o", str(tmp_path / "backups" / "summary.md"))
    assert code == 2 and "that folder holds the database's backups" in stderr
    assert list((tmp_path / "backups").iterdir()) == []


@pytest.mark.parametrize("command", sorted(CASES))
def test_an_output_that_is_a_folder_is_refused(command, sample_db, tmp_path, capsys):
    argv, _ = CASES[command][0][1](tmp_path, sample_db)
    folder = tmp_path / "out.docx"
    folder.mkdir()
    before = snapshot(tmp_path)
    code, _, stderr = run(capsys, *argv, "-o", str(folder))
    assert code == 2 and stderr == f"error: {folder} is a folder. Give the export a file name in it instead.\n"
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("second", ["same path", "another spelling", "symlink", "hardlink"])
def test_redline_of_one_file_with_itself_is_refused(second, tmp_path, capsys):
    a = tmp_path / "A.docx"
    shutil.copy(A, a)
    b = {"same path": lambda: a, "another spelling": lambda: tmp_path / "." / "A.docx",
         "symlink": lambda: _symlink(tmp_path, a, ".docx"), "hardlink": lambda: _hardlink(tmp_path, a, ".docx")}[second]()
    before = snapshot(tmp_path)
    code, stdout, stderr = run(capsys, "redline", str(a), str(b), "-o", str(tmp_path / "r.docx"))
    assert (code, stdout) == (2, "")
    assert stderr.startswith("error: A and B are the same file (") and stderr.count("\n") == 1
    assert "Give the earlier draft as A and the later one as B." in stderr
    assert snapshot(tmp_path) == before


def test_redline_of_two_identical_copies_says_no_changes(tmp_path, capsys):
    a, b, out = tmp_path / "sent.docx", tmp_path / "returned.docx", tmp_path / "r.docx"
    shutil.copy(A, a)
    shutil.copy(A, b)
    code, stdout, stderr = run(capsys, "redline", str(a), str(b), "-o", str(out))
    assert (code, stderr) == (0, "")
    assert "no changes: the two drafts read the same" in stdout and stdout.count("\n") == 1
    assert a.read_bytes() == b.read_bytes() == A.read_bytes() and out.is_file()


def test_an_output_link_to_another_file_is_not_refused(tmp_path, capsys):
    """Only links to what the export is made from are refused."""
    elsewhere = tmp_path / "old redline.docx"
    elsewhere.write_text("old", encoding="utf-8")
    a = tmp_path / "A.docx"
    shutil.copy(A, a)
    link = _symlink(tmp_path, elsewhere, ".docx")
    code, _, stderr = run(capsys, "redline", str(a), str(B), "-o", str(link))
    assert (code, stderr) == (0, "")


# --- a database in a folder the user may only read ---------------------------------------------

def _as_a_user_who_may_only_read(folder: Path) -> list[str]:
    """Return the command prefix that runs a program unable to write into `folder` (chmod 0555).

    Root writes anywhere; without CAP_DAC_OVERRIDE it obeys the folder's mode like anyone.
    Skips the test where neither is possible.
    """
    if os.name != "posix":
        pytest.skip("folder modes are POSIX")
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: a read-only folder cannot be made")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"]
    probe = subprocess.run([*prefix, sys.executable, "-c", f"open({str(folder / 'probe')!r}, 'w')"],
                           capture_output=True, text=True, timeout=60)
    if probe.returncode == 0 or "PermissionError" not in probe.stderr:
        (folder / "probe").unlink(missing_ok=True)
        pytest.skip(f"cannot run as a user who may only read {folder}: {probe.stderr.strip()[-200:]}")
    return prefix


@pytest.mark.parametrize("suffix", SUMMARY_SUFFIXES)
def test_a_database_in_a_read_only_folder_exports_elsewhere(suffix, sample_db, tmp_path):
    folder = tmp_path / "read only"
    folder.mkdir()
    database = folder / "deals.db"
    shutil.copy(sample_db, database)
    out = tmp_path / f"summary{suffix}"
    folder.chmod(0o555)
    try:
        prefix = _as_a_user_who_may_only_read(folder)
        before = snapshot(folder)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        result = subprocess.run([*prefix, sys.executable, "-m", "desktop", "summary", "--db", str(database),
                                 "--deal", DEAL, "-o", str(out)], capture_output=True, text=True, env=env,
                                timeout=120)
        assert result.returncode == 0, result.stderr
        assert out.is_file() and out.stat().st_size > 0
        assert snapshot(folder) == before  # no -wal, -shm, journal or backup beside it
    finally:
        folder.chmod(0o755)
