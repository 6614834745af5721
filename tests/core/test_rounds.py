"""Preparing rounds (desktop.core.rounds): read, compare with the round before, positions, statuses.

Real drafts from tests/data: two versions of the Common Paper CSA in Markdown, and the Bonterms
Cloud Terms in Word and as a PDF.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from desktop.core.model import Cancelled, ReadError
from desktop.core.pipeline import compare_drafts, load_draft
from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.core.positions import find_positions
from desktop.core.record import Standing
from desktop.core.rounds import LatestRound, RoundFile, prepare_rounds

DATA = Path(__file__).resolve().parents[1] / "data"
CSA_V1 = DATA / "md" / "commonpaper-csa-v1.0-final-2022-02-03.md"
CSA_V2 = DATA / "md" / "commonpaper-csa-v2.0-2024-02-02.md"
BONTERMS_DOCX = DATA / "docx" / "bonterms-cloud-terms-v1.0-2022-02-04.docx"
BONTERMS_PDF = DATA / "pdf" / "bonterms-cloud-terms-v1.0-2022-02-04.pdf"


@pytest.fixture(scope="module")
def playbook():
    return load_playbook(default_playbook_path())


@pytest.fixture(scope="module")
def csa():
    """The two CSA versions read once: (v1 draft, v2 draft)."""
    return load_draft(CSA_V1), load_draft(CSA_V2)


def _pairs(comparison):
    return [p.as_json() for p in comparison.pairs]


def test_a_first_round_is_read_and_not_compared(csa):
    (prepared,) = prepare_rounds([RoundFile(CSA_V1, "them", "2022-02-03")], None)
    assert (prepared.sender, prepared.date) == ("them", "2022-02-03")
    assert prepared.draft.document.name == CSA_V1.name
    assert prepared.draft.clauses == csa[0].clauses
    assert prepared.draft.original == CSA_V1.read_bytes()
    assert prepared.comparison is None
    assert (prepared.findings, prepared.suggestions) == ((), ())  # no playbook, no positions


def test_each_later_file_is_compared_with_the_one_before(csa):
    one, two = prepare_rounds([RoundFile(CSA_V1, "them", "2022-02-03"), RoundFile(CSA_V2, "us", "2024-02-02")],
                              None)
    assert one.comparison is None
    comparison = two.comparison
    assert (comparison.a, comparison.b) == (CSA_V1.name, CSA_V2.name)
    assert (comparison.clauses_a, comparison.clauses_b) == (csa[0].clauses, csa[1].clauses)
    assert _pairs(comparison) == _pairs(compare_drafts(*csa))
    assert comparison.counts()["substantive"] > 0


def test_the_first_file_is_compared_with_the_deals_latest_round(csa):
    latest = LatestRound("stored round.md", csa[0].clauses)
    (prepared,) = prepare_rounds([RoundFile(CSA_V2, "them", "2024-02-02")], latest)
    assert (prepared.comparison.a, prepared.comparison.b) == ("stored round.md", CSA_V2.name)
    assert _pairs(prepared.comparison) == _pairs(compare_drafts(*csa))


def test_a_pdf_round_is_compared_with_a_word_round():
    word = load_draft(BONTERMS_DOCX)
    (prepared,) = prepare_rounds([RoundFile(BONTERMS_PDF, "them", "2022-02-04")],
                                 LatestRound(word.document.name, word.clauses))
    assert prepared.draft.document.kind == "pdf"
    counts = prepared.comparison.counts()
    assert counts["unchanged"] > counts["modified"] + counts["inserted"] + counts["deleted"]


def test_positions_are_found_and_statuses_suggested_round_by_round(csa, playbook):
    one, two = prepare_rounds([RoundFile(CSA_V1, "them", "2022-02-03"), RoundFile(CSA_V2, "us", "2024-02-02")],
                              None, playbook=playbook, standing=Standing.fresh(playbook, "customer"))
    assert one.findings == find_positions(csa[0].clauses, playbook)
    assert two.findings == find_positions(csa[1].clauses, playbook)
    training = [{s.key: s for s in item.suggestions}["training_use"] for item in (one, two)]
    assert training[0].status == "not_addressed"
    # Round 2 is measured against round 1's findings: the clause first appears in our draft.
    assert training[1].status == "open"
    assert training[1].reason.startswith("First appears in our draft (round 2)")


def test_without_a_standing_a_playbook_acts_for_the_customer_of_a_new_deal(playbook):
    files = [RoundFile(CSA_V1, "them", "2022-02-03")]
    fresh = prepare_rounds(files, None, playbook=playbook, standing=Standing.fresh(playbook, "customer"))
    assert prepare_rounds(files, None, playbook=playbook) == fresh


def test_drafts_already_read_give_the_same_rounds(csa, playbook):
    files = [RoundFile(CSA_V1, "them", "2022-02-03"), RoundFile(CSA_V2, "us", "2024-02-02")]
    read_here = prepare_rounds(files, None, playbook=playbook)
    read_before = prepare_rounds(files, None, playbook=playbook, drafts=csa)
    assert [item.draft for item in read_before] == list(csa)
    for here, before in zip(read_here, read_before):
        assert (here.draft, here.findings, here.suggestions) == (before.draft, before.findings, before.suggestions)
    assert _pairs(read_here[1].comparison) == _pairs(read_before[1].comparison)
    with pytest.raises(ValueError):
        prepare_rounds(files, None, drafts=csa[:1])


def test_a_file_that_cannot_be_read_fails_the_whole_batch(tmp_path):
    old = tmp_path / "their draft.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
    with pytest.raises(ReadError, match="old-format Word file"):
        prepare_rounds([RoundFile(CSA_V1, "them", "2022-02-03"), RoundFile(old, "us", "2024-02-02")], None)


def test_progress_runs_forward_to_the_whole_batch():
    seen = []
    prepare_rounds([RoundFile(CSA_V1, "them", "2022-02-03"), RoundFile(CSA_V2, "us", "2024-02-02")], None,
                   progress=lambda done, total: seen.append((done, total)))
    assert {total for _, total in seen} == {2000}  # a thousand steps a file
    done = [d for d, _ in seen]
    assert done == sorted(done) and done[-1] == 2000
    assert 1000 in done  # the first file's end
    assert any(1500 < d < 2000 for d in done)  # the second file's comparison reports too


def test_a_set_cancel_stops_before_anything_is_returned():
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        prepare_rounds([RoundFile(CSA_V1, "them", "2022-02-03")], None, cancel=cancel)


def test_cancel_during_the_comparison_stops_it(csa):
    cancel = threading.Event()

    def progress(done, total):
        if done > 500:  # the comparison's share of the file
            cancel.set()

    with pytest.raises(Cancelled):
        prepare_rounds([RoundFile(CSA_V2, "us", "2024-02-02")], LatestRound(CSA_V1.name, csa[0].clauses),
                       progress=progress, cancel=cancel)
