"""Open original: the round's file as imported, opened read-only from a private folder."""

from __future__ import annotations

import dataclasses
import stat

import pytest

from desktop.samples import create_sample_deal, sample_round_files
from desktop.ui.open_original import original_copy, remove_folder
from tests.ui.test_record_corrections import deal_menu_action


@pytest.fixture
def sample(window, ui_store):
    """Return the window showing the sample deal at round 2."""
    window.refresh_deals(select_deal=create_sample_deal(ui_store))
    window.deal_view.select_round_row(1)
    return window


def test_open_original_opens_the_imported_bytes_read_only_under_their_name(sample, prompts):
    window = sample
    row = window.deal_view.current_round
    deal_menu_action(window, "Open original").trigger()
    ((path, data),) = prompts.opened
    source = sample_round_files()[1].path
    assert path.name == source.name == row.file_name
    assert data == source.read_bytes()
    assert not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert not path.parent.parent.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO)  # private to the user
    window.deal_view.select_round_row(1)
    window.corrections.open_original.trigger()  # again: the same copy
    assert prompts.opened[1] == prompts.opened[0]


def test_when_no_program_opens_the_original_the_user_is_told_where_it_is(sample, prompts):
    sample.export_hooks = dataclasses.replace(sample.export_hooks, open_file=lambda path: False)
    sample.corrections.open_original.trigger()
    ((title, text),) = prompts.warnings
    assert title == "The original could not be opened" and "read-only copy is at" in text



def test_a_copy_is_written_once_read_only_and_the_folder_goes_whole(tmp_path):
    folder = tmp_path / "originals"
    folder.mkdir()
    first = original_copy(folder, 7, 2, "acme v2.docx", b"PK one")
    assert first == folder / "round-2-7" / "acme v2.docx" and first.read_bytes() == b"PK one"
    assert original_copy(folder, 7, 2, "acme v2.docx", b"PK one") == first
    assert original_copy(folder, 7, 2, "acme v2.docx", b"PK two").read_bytes() == b"PK two"  # not one left over
    odd = original_copy(folder, 8, 3, 'a<b>:"c".docx', b"x")
    assert odd.parent.name == "round-3-8" and odd.name == "a-b---c-.docx"
    remove_folder(folder)
    assert not folder.exists()
