"""LibreOffice's own Accept All of our redline gives B, and its Reject All gives A (issue 20).

Read as LibreOffice lays the files out (tests/export/office.py): list labels, headers,
footers, footnotes, endnotes and text boxes, story by story. A and B are read with their own
changes accepted. Skipped without LibreOffice and a Python that can import uno. All files are
read once for the module, by three soffice (inputs accepted; redlines rejected, then accepted),
two at a time. ~35 s on the 2-core machine.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.export.office import Stories, first_difference, office_python, office_read
from tests.export.redline_helpers import DOCX, PEER, redline

pytestmark = pytest.mark.skipif(office_python() is None,
                                reason="LibreOffice (soffice) or a Python that can import uno is missing")

STORIES = DOCX / "stories"
RA001 = DOCX / "RA001-Tracked-Revisions-01.docx"
# The NVCA charter's pairs take ~5 s a file to lay out: the eval reads them, not this test.
LEFT_TO_THE_EVAL = {"first-page-header-edit", "footnote-edit"}


def fixture_pairs() -> list[tuple[str, Path, Path]]:
    """Return the NAME-a.docx / NAME-b.docx pairs under tests/data/docx/stories, if any."""
    if not STORIES.is_dir():
        return []
    return [(a.name[:-7], a, a.with_name(a.name[:-7] + "-b.docx")) for a in sorted(STORIES.glob("*-a.docx"))
            if a.with_name(a.name[:-7] + "-b.docx").exists() and a.name[:-7] not in LEFT_TO_THE_EVAL]


PAIRS = [
    ("bonterms-add-missing-c", DOCX / "bonterms-cloud-terms-v1.0-2022-02-04.docx",
     DOCX / "bonterms-cloud-terms-v1.0-2024-01-12-add-missing-c.docx"),
    ("commonpaper-csa-v1-v2", DOCX / "commonpaper-csa-v1.0-final-2022-02-03.docx",
     DOCX / "commonpaper-csa-v2.0-2024-02-02.docx"),
    ("peer-table-delete-row", PEER / "WC006-Table.docx", PEER / "WC006-Table-Delete-Row.docx"),
    ("peer-text-box", PEER / "WC044-Text-Box.docx", PEER / "WC044-Text-Box-Mod.docx"),
    ("peer-footnote-removed", PEER / "WC020-FootNote-Before.docx", PEER / "WC020-FootNote-After-2.docx"),
    *fixture_pairs(),
]
# Measured failures: (pair, side) -> reason. Flip them as the redline is fixed (strict xfail).
FAILING: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def read(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Stories, Stories]]:
    """Redline every pair and read all files; return {(pair or RA001, side): (got, wanted)}.

    RA001 (Word's own tracked changes) checks the reader itself: its Accept All against the text
    LibreOffice wrote for it, and Reject All against Accept All.
    """
    folder = tmp_path_factory.mktemp("office")
    outs = {name: folder / f"{name}.docx" for name, _a, _b in PAIRS}
    for name, a, b in PAIRS:
        redline(a, b, outs[name])
    inputs = sorted({p for _name, a, b in PAIRS for p in (a, b)})
    with ThreadPoolExecutor(max_workers=2) as pool:  # two soffice side by side, about as busy: one per core
        inputs_accepted = pool.submit(office_read, [RA001, *inputs], "accept", 120)
        rejected = office_read([RA001, *outs.values()], "reject", 120)
        accepted = {**office_read(list(outs.values()), "accept", 120), **inputs_accepted.result()}
    out = {("RA001", "accept"): (accepted[RA001], rejected[RA001])}
    for name, a, b in PAIRS:
        out[name, "accept"] = (accepted[outs[name]], accepted[b])
        out[name, "reject"] = (rejected[outs[name]], accepted[a])
    return out


def test_reader_sees_libreoffice_accept_and_reject_all(read) -> None:
    accepted, rejected = read["RA001", "accept"]
    assert accepted.error is None and rejected.error is None
    assert accepted.redlines_left == rejected.redlines_left == 0
    assert accepted.body != rejected.body
    # LibreOffice's own text export writes a list label and its text with a space between.
    lines = RA001.with_name(RA001.stem + ".accepted-by-libreoffice.txt").read_text(encoding="utf-8-sig").splitlines()
    assert [line.replace("\t", " ") for line in accepted.body] == [" ".join(x.split()) for x in lines if x.strip()]


def cases() -> list:
    """Return one pytest param per pair and side, the measured failures marked xfail."""
    out = []
    for name, _a, _b in PAIRS:
        for side in ("accept", "reject"):
            reason = FAILING.get((name, side))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(name, side, marks=marks, id=f"{name}-{side}"))
    return out


@pytest.mark.parametrize(("name", "side"), cases())
def test_libreoffice_accept_gives_b_and_reject_gives_a(read, name: str, side: str) -> None:
    got, want = read[name, side]
    assert got.error is None and want.error is None, got.error or want.error
    assert got.redlines_left == 0
    differences = [first_difference(s, getattr(got, s), getattr(want, s)) for s in got.differing(want)]
    assert not differences, differences
