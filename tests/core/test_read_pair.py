"""Reading the two drafts of a comparison at once gives what reading them in turn gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.cli import read_pair
from desktop.core.model import ReadError
from desktop.core.pipeline import load_draft

DOCX = Path(__file__).resolve().parents[1] / "data" / "docx"
A = DOCX / "commonpaper-csa-v1.0-final-2022-02-03.docx"
B = DOCX / "commonpaper-csa-v2.0-2024-02-02.docx"


def _no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.fixture(params=["forked", "in turn"])
def mode(request, monkeypatch):
    if request.param == "forked" and not read_pair.can_fork():
        pytest.skip("forking is used on Linux only")
    if request.param == "in turn":
        monkeypatch.setattr(read_pair, "can_fork", lambda: False)
    return request.param


def test_the_pair_equals_two_reads(mode):
    seconds: dict[str, float] = {}
    draft_a, draft_b = read_pair.load_pair(A, B, seconds=seconds)
    assert draft_a == load_draft(A) and draft_b == load_draft(B)
    assert draft_b.original == B.read_bytes()
    assert set(seconds) == {"read", "split"} and all(value > 0 for value in seconds.values())
    assert _no_child_left()


def test_a_bad_b_gives_b_s_own_error(mode, tmp_path):
    bad = tmp_path / "round 2.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ReadError) as expected:
        load_draft(bad)
    with pytest.raises(ReadError) as raised:
        read_pair.load_pair(A, bad)
    assert str(raised.value) == str(expected.value)
    assert _no_child_left()


def test_a_bad_a_is_reported_first_and_the_reader_of_b_is_stopped(mode, tmp_path):
    bad = tmp_path / "round 1.docx"
    bad.write_bytes(b"")
    with pytest.raises(ReadError) as expected:
        load_draft(bad)
    with pytest.raises(ReadError) as raised:
        read_pair.load_pair(bad, B)
    assert str(raised.value) == str(expected.value)
    assert _no_child_left()
