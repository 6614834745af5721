"""No input shape is slow (issue 22): doubling an awkward input at most ~doubles each step's time.

The shapes are issue 22's, scaled down so the whole file runs in seconds: one long paragraph
(a web page run together), thousands of one-word paragraphs, thousands of identical
paragraphs, and thousands of numbered clauses. The steps are the pipeline's own: split,
align and diff, positions, and the topic alignment. Before the fixes in desktop.core.long_diff,
the alignment's ratios and the topic index, the long paragraph's compare grew 3.2× per
doubling (14 s at 50,000 words) and the topic alignment of numbered clauses 3×.
"""

from __future__ import annotations

import pytest

from desktop.core.alignment import align
from desktop.core.clauses import split_clauses
from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.core.positions import find_positions
from desktop.core.topics import align_by_topic
from tests.growth import GROWTH_LIMIT, SHAPES, document, growth, shape

PLAYBOOK = load_playbook(default_playbook_path())
# Words at the smaller size of each shape: large enough that the time is measurable.
SIZES = {"long paragraph": 10_000, "rewritten paragraph": 20_000, "one-word paragraphs": 8_000, "identical paragraphs": 24_000,
         "numbered clauses": 6_000}


def _clauses(kind: str, n: int):
    texts_a, texts_b = shape(kind, n)
    return split_clauses(document(texts_a, "a.txt")), split_clauses(document(texts_b, "b.txt"))


STEPS = {
    "split": lambda kind, n: (lambda t=shape(kind, n)[1]: split_clauses(document(t))),
    "compare": lambda kind, n: (lambda c=_clauses(kind, n): align(*c)),
    "positions": lambda kind, n: (lambda c=_clauses(kind, n): find_positions(c[1], PLAYBOOK)),
    "topic": lambda kind, n: (lambda c=_clauses(kind, n): align_by_topic(*c, playbook=PLAYBOOK)),
}


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("kind", SHAPES)
def test_doubling_the_input_at_most_about_doubles_the_time(kind, step):
    first, second, ratio = growth(lambda n: STEPS[step](kind, n), SIZES[kind])
    assert ratio < GROWTH_LIMIT, f"{step} on {kind}: {first:.3f} s → {second:.3f} s (×{ratio:.1f})"
