"""No input shape makes the Word redline slow (issue 22): doubling an input at most ~doubles its time.

Before the fixes, 50,000 one-word paragraphs took 42 s (the paragraph LCS, the heaviest chain
of edited pairs and python-docx's add_paragraph were each quadratic), growing 4.5× per doubling.
"""

from __future__ import annotations

import pytest

from desktop.core.clauses import split_clauses
from desktop.core.model import Draft
from desktop.export.redline import write_redline
from tests.growth import GROWTH_LIMIT, SHAPES, document, growth, shape

SIZES = {"long paragraph": 10_000, "rewritten paragraph": 20_000, "one-word paragraphs": 4_000, "identical paragraphs": 24_000,
         "numbered clauses": 3_000}


@pytest.mark.parametrize("kind", SHAPES)
def test_doubling_the_drafts_at_most_about_doubles_the_redline_time(kind, tmp_path):
    def make(n: int):
        texts_a, texts_b = shape(kind, n)
        a, b = document(texts_a, "a.txt"), document(texts_b, "b.txt")
        drafts = Draft(a, split_clauses(a), b"a"), Draft(b, split_clauses(b), b"b")
        return lambda: write_redline(*drafts, tmp_path / f"{n}.docx")

    first, second, ratio = growth(make, SIZES[kind])
    assert ratio < GROWTH_LIMIT, f"redline of {kind}: {first:.3f} s → {second:.3f} s (×{ratio:.1f})"
