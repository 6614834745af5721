"""A model-found sentence brings its neighbours in the clause along when they pass the lower neighbour threshold.

CUAD's lawyers often mark two or three sentences as one snippet, and only one says outright
what the position is. The model here is written by hand so that each sentence's score is
known: "audit" makes a seed (p 0.73), "records" a sentence that may only join one (p 0.18),
anything else stays out (p 0.05).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.pipeline import load_draft
from desktop.core.playbook import Cues, Playbook, PositionSpec
from desktop.core.positions import Detector, shipped_model
from desktop.core.positions.scoring import model_from_dict

SEED = "Customer may audit the books of Vendor once in each year."
JOINS = "Vendor shall keep complete records for that purpose at its offices."
OUTSIDE = "Vendor shall pay every invoice within thirty days of its date."
ALONE = "Vendor shall keep complete records of all its work for five years."


def _model(neighbour_threshold: float | None):
    position = {"key": "audit_rights", "bias": -3.0, "threshold": 0.5, "cue_threshold": 0.5}
    if neighbour_threshold is not None:
        position["neighbour_threshold"] = neighbour_threshold
    return model_from_dict({"positions": [position],
                            "weights": {"w:audit": [[0, 4.0]], "w:records": [[0, 1.5]]}})


def _playbook() -> Playbook:
    spec = PositionSpec(key="audit_rights", title="Audit rights", group="General", explanation="",
                        cues=Cues(headings=(r"\baudit",), terms=(r"\baudit\b",), exclude=(r"\bbackup\b",)))
    return Playbook("test", (spec,))


def _evidence(text: str, neighbour_threshold: float | None) -> list[str]:
    """Return the evidence sentences of audit_rights in a draft written in Markdown."""
    clauses = load_draft(Path("d.md"), text.encode()).clauses
    findings = Detector(_playbook(), _model(neighbour_threshold)).find(clauses)
    by_id = {c.id: c for c in clauses}
    return [by_id[e.clause].text[e.start:e.end] for f in findings for e in f.evidence]


def test_neighbour_in_the_clause_joins_a_seed():
    draft = f"# Agreement\n\n## Books\n\n{OUTSIDE} {SEED} {JOINS}\n"
    assert _evidence(draft, 0.1) == [SEED, JOINS]


def test_without_a_neighbour_threshold_only_seeds_are_evidence():
    draft = f"# Agreement\n\n## Books\n\n{SEED} {JOINS}\n"
    assert _evidence(draft, None) == [SEED]


def test_a_sentence_below_the_threshold_joins_only_next_to_a_seed():
    # The heading names the position, so ALONE is weighed; it scores like JOINS but has no seed beside it.
    draft = f"# Agreement\n\n## Books\n\n{SEED}\n\n## Audit records\n\n{ALONE}\n"
    assert _evidence(draft, 0.1) == [SEED]


@pytest.mark.parametrize("threshold", [0.1, 0.2])
def test_neighbour_threshold_decides_who_joins(threshold):
    draft = f"# Agreement\n\n## Books\n\n{SEED} {JOINS}\n"
    assert _evidence(draft, threshold) == ([SEED, JOINS] if threshold < 0.18 else [SEED])


def test_an_exclude_pattern_keeps_a_neighbour_out():
    vetoed = "Vendor shall keep complete records and a backup of them."
    draft = f"# Agreement\n\n## Books\n\n{SEED} {vetoed}\n"
    assert _evidence(draft, 0.1) == [SEED]


def test_shipped_model_lets_neighbours_join_below_its_threshold():
    """A neighbour without a cue of its own joins from less than a sentence alone needs."""
    model = shipped_model()
    assert model is not None
    assert all(0 < n < t for n, t in zip(model.neighbour_threshold, model.threshold))
