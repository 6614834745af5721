"""The redline story fixtures (tests/data/docx/stories) are all there, open, and differ."""

from __future__ import annotations

import csv
import zipfile

import docx
import pytest

from tests.conftest import DATA

STORIES = DATA / "docx" / "stories"
with open(STORIES / "pairs.csv", newline="", encoding="utf-8") as _handle:
    PAIRS = list(csv.DictReader(_handle))


def changed_parts(a: zipfile.ZipFile, b: zipfile.ZipFile) -> list[str]:
    """Give back the names of the package parts whose contents differ between a and b."""
    return [name for name in a.namelist() if a.read(name) != b.read(name)]


def test_pairs_cover_the_stories_asked_for() -> None:
    names = {row["name"] for row in PAIRS}
    assert {"header-edit", "footer-edit", "footnote-edit", "textbox-edit", "table-cell-edit",
            "renumbered-list", "style-change", "moved-clause-with-edit",
            "numbered-paragraph-deleted"} <= names


@pytest.mark.parametrize("row", PAIRS, ids=[row["name"] for row in PAIRS])
def test_pair_opens_and_differs_in_one_part(row: dict[str, str]) -> None:
    a, b = STORIES / row["a"], STORIES / row["b"]
    docx.Document(str(a))
    docx.Document(str(b))
    with zipfile.ZipFile(a) as package_a, zipfile.ZipFile(b) as package_b:
        assert package_a.namelist() == package_b.namelist()
        # A is B with one part edited: every other entry is copied as is.
        assert len(changed_parts(package_a, package_b)) == 1
