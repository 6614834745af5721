"""Only an ordinary file is read, through a hard byte limit (issue 23: a pipe or /dev/zero named .docx).

A pipe would make the old reader wait for ever and /dev/zero would fill memory, so those two
cases run in a child process with a timeout and a memory limit: on the old code the child
hangs or dies, and the test fails rather than taking the suite down with it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.core import reading
from desktop.core.model import ReadError
from desktop.core.pipeline import load_draft
from desktop.core.reading import read_file_bytes, saved_date
from tests.core import hostile

ROOT = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and /dev/zero are POSIX")


def run_child(code: str, *, timeout: float = 20.0) -> subprocess.CompletedProcess[str]:
    """Run Python `code` in a child limited to 1 GB of memory; fail the test if it outlives `timeout`."""
    prelude = "import resource\nresource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
    try:
        return subprocess.run(
            [sys.executable, "-c", prelude + textwrap.dedent(code)],
            capture_output=True, text=True, timeout=timeout, cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the reader was still waiting after {timeout:.0f} s")


@posix_only
@pytest.mark.parametrize("how", ["fifo", "link to fifo"])
def test_a_named_pipe_is_refused_at_once(tmp_path, how):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    path = tmp_path / "x.docx"
    if how == "fifo":
        fifo.rename(path)
    else:
        path.symlink_to(fifo)
    child = run_child(f"""
        from desktop.core.model import ReadError
        from desktop.core.pipeline import load_draft
        try:
            load_draft({str(path)!r})
        except ReadError as error:
            print(error)
    """)
    assert child.stdout.strip() == (
        "x.docx is a named pipe, not a saved document, so Counterdraft did not read it. "
        "Choose the draft file itself."
    ), child.stderr


@posix_only
def test_a_pipe_that_appears_after_the_check_is_opened_without_waiting_and_refused(tmp_path):
    # The name passes the first look (a regular file is reported) but is a pipe when opened:
    # the open must not wait for a writer, and the open handle's own check must refuse it.
    path = tmp_path / "x.docx"
    os.mkfifo(path)
    child = run_child(f"""
        import os
        real_stat = os.stat
        regular = real_stat({str(ROOT / "pyproject.toml")!r})
        os.stat = lambda path, *args, **kwargs: regular
        from desktop.core.model import ReadError
        from desktop.core.reading import read_file_bytes
        try:
            read_file_bytes({str(path)!r})
        except ReadError as error:
            print(error)
    """)
    assert "x.docx is a named pipe" in child.stdout, child.stderr


@posix_only
def test_a_link_to_dev_zero_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "d.docx"
    path.symlink_to("/dev/zero")
    child = run_child(f"""
        from desktop.core.model import ReadError
        from desktop.core.pipeline import load_draft
        try:
            load_draft({str(path)!r})
        except ReadError as error:
            print(error)
    """)
    assert child.stdout.strip() == (
        "d.docx is a device, not a saved document, so Counterdraft did not read it. "
        "Choose the draft file itself."
    ), child.stderr[-500:]


@posix_only
def test_the_import_dialogs_date_guess_never_waits_on_a_pipe(tmp_path):
    path = tmp_path / "x.docx"
    os.mkfifo(path)
    child = run_child(f"""
        from desktop.core.reading import saved_date
        print(saved_date({str(path)!r}))
    """)
    assert child.stdout.strip() == "None", child.stderr


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="Unix sockets")
def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.docx"
    if len(str(path)) > 100:
        pytest.skip("socket path too long for this temporary folder")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(ReadError, match="s.docx is a socket, not a saved document"):
            read_file_bytes(path)


def test_a_link_to_an_ordinary_file_is_read(tmp_path):
    target = hostile.write(tmp_path, "real.docx", hostile.docx_bytes(hostile.paragraph("1. Fees. Customer pays.")))
    link = tmp_path / "link.docx"
    link.symlink_to(target)
    assert read_file_bytes(link) == target.read_bytes()
    draft = load_draft(link)
    assert draft.original == target.read_bytes()  # the bytes stored are the bytes read
    assert draft.clauses[0].text.endswith("Customer pays.")


def test_folders_and_missing_files_keep_their_messages(tmp_path):
    (tmp_path / "folder.docx").mkdir()
    with pytest.raises(ReadError, match="folder.docx is a folder, not a file"):
        read_file_bytes(tmp_path / "folder.docx")
    with pytest.raises(ReadError, match="Cannot find gone.docx"):
        read_file_bytes(tmp_path / "gone.docx")
    (tmp_path / "loop.docx").symlink_to(tmp_path / "loop.docx")
    with pytest.raises(ReadError, match="Cannot read loop.docx"):
        read_file_bytes(tmp_path / "loop.docx")


def fake_size(monkeypatch, size: int) -> None:
    """Make os.stat and os.fstat report `size` bytes for every ordinary file."""
    real_stat, real_fstat = os.stat, os.fstat

    def shrink(found: os.stat_result) -> os.stat_result:
        values = list(found)
        values[6] = size  # st_size
        return os.stat_result(values)

    monkeypatch.setattr(os, "stat", lambda *args, **kwargs: shrink(real_stat(*args, **kwargs)))
    monkeypatch.setattr(os, "fstat", lambda handle: shrink(real_fstat(handle)))


def test_a_file_larger_than_its_size_said_is_cut_off_at_the_limit(tmp_path, monkeypatch):
    # A file that grows while it is read (or a special file reporting size 0) is read through a
    # hard limit, not to its end.
    path = hostile.write(tmp_path, "grows.txt", b"1. Fees.\n\n" * 100)
    monkeypatch.setattr(reading, "MAX_TEXT_BYTES", 500)
    monkeypatch.setattr(reading, "_CHUNK", 64)
    fake_size(monkeypatch, 10)
    with pytest.raises(ReadError, match="grows.txt is larger than 0 MB"):
        read_file_bytes(path)


def test_files_within_the_limit_are_read_whole_whatever_size_they_report(tmp_path, monkeypatch):
    data = b"1. Fees.\n\n" * 1_000
    path = hostile.write(tmp_path, "fine.txt", data)
    monkeypatch.setattr(reading, "_CHUNK", 64)
    for reported in (0, 10, len(data) - 1, len(data), len(data) + 5):
        fake_size(monkeypatch, reported)
        assert read_file_bytes(path) == data


def test_the_size_limit_still_refuses_before_reading(tmp_path, monkeypatch):
    path = hostile.write(tmp_path, "big.pdf", b"%PDF-1.4\n" + b"0" * 2_000)
    monkeypatch.setattr(reading, "MAX_PDF_FILE_BYTES", 1_000)
    monkeypatch.setattr(reading, "_read_at_most", lambda *args: pytest.fail("read although too big"))
    with pytest.raises(ReadError, match="big.pdf is larger than 0 MB, which is too big for a PDF draft"):
        read_file_bytes(path)


def test_saved_date_reads_through_the_same_guard(tmp_path):
    assert saved_date(tmp_path / "missing.docx") is None
    (tmp_path / "folder.docx").mkdir()
    assert saved_date(tmp_path / "folder.docx") is None
