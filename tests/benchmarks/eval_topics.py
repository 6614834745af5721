"""Score topic alignment of two vendors' drafts against a lawyer's topic gold.

Run: `python -m tests.benchmarks.eval_topics` (add `--missed` to list the topics not paired).

The gold is tests/data/topic_gold/gold.json (how it was made: its README). Each document pair
lists topic correspondences: a topic and the clauses each side deals with it in, by a stable
locator ("8.1 Exclusion of Damages", "Personal Data", "2.4 Data Subject Requests") that this
script resolves to clause ids. A correspondence counts as paired when some pair of
`align_by_topic` holds at least one of its A clauses and one of its B clauses AND has at most
10 clauses on each side (issue 21: a pair larger than that gets no credit). The pairs are split
by vendor into a TUNE set and a HELD-OUT set (every pair with Perplexity is held out); both
figures are printed, with each output's contract problems (tests.benchmarks.eval_compare).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from desktop.core.model import Clause, Pair
from desktop.core.pipeline import load_draft
from desktop.core.topics import align_by_topic

GOLD = Path(__file__).resolve().parents[1] / "data" / "topic_gold"
MOST_PER_SIDE = 10  # a pair with more clauses than this on a side gets no credit
_TOKEN = re.compile(r"[0-9a-z]+")


def tokens(text: str) -> list[str]:
    """Return the lower-case alphanumeric runs of `text` ("1.1. Services" -> 1, 1, services)."""
    return _TOKEN.findall(text.casefold())


def _labels(clause: Clause) -> list[list[str]]:
    """Return the token lists a locator may start: number+heading+text, heading+text, text."""
    head = clause.text[:300]
    return [tokens(f"{clause.number} {clause.heading} {head}"),
            tokens(f"{clause.heading} {head}"), tokens(head)]


def resolve(clauses: tuple[Clause, ...], locator: str) -> list[str]:
    """Return the ids of the clauses `locator` names; an exact number+heading or heading first.

    Otherwise every clause whose number+heading+text, heading+text or text starts with the
    locator's tokens. Drafts captured twice on one page (Mistral's) resolve to both copies.
    """
    want = tokens(locator)
    exact = [c.id for c in clauses
             if want and want in (tokens(f"{c.number} {c.heading}"), tokens(c.heading))]
    if exact:
        return exact
    return [c.id for c in clauses
            if want and any(label[:len(want)] == want for label in _labels(c))]


@dataclass
class Score:
    """How one document pair (or a set of them) did."""

    name: str
    topics: int = 0
    paired: int = 0
    oversized: int = 0  # topics whose clauses met only in a pair too large to count
    largest: int = 0  # clauses on the larger side of the largest pair
    problems: int = 0

    @property
    def share(self) -> float:
        return self.paired / self.topics if self.topics else 0.0

    def add(self, other: Score) -> None:
        self.topics += other.topics
        self.paired += other.paired
        self.oversized += other.oversized
        self.largest = max(self.largest, other.largest)
        self.problems += other.problems


@cache
def _clauses(relative: str) -> tuple[Clause, ...]:
    return tuple(load_draft(GOLD / relative).clauses)


def gold_pairs() -> list[dict]:
    """Return the gold document pairs, as stored."""
    return json.loads((GOLD / "gold.json").read_text(encoding="utf-8"))["pairs"]


def resolved(entry: dict) -> list[tuple[str, set[str], set[str]]]:
    """Return (topic, A ids, B ids) of a gold pair; raises when a locator names no clause."""
    a, b = _clauses(entry["a"]), _clauses(entry["b"])
    out = []
    for topic in entry["topics"]:
        ids = []
        for side, clauses in (("a", a), ("b", b)):
            found: set[str] = set()
            for locator in topic[side]:
                hits = resolve(clauses, locator)
                if not hits:
                    raise LookupError(f"{entry['name']}: {side} locator {locator!r} names no clause")
                found.update(hits)
            ids.append(found)
        out.append((topic["topic"], ids[0], ids[1]))
    return out


def score_pair(entry: dict, pairs: tuple[Pair, ...] | None = None) -> tuple[Score, list[str]]:
    """Return the score of align_by_topic (or `pairs`) on one gold pair, and the topics missed."""
    from tests.benchmarks.eval_compare import problems

    a, b = _clauses(entry["a"]), _clauses(entry["b"])
    if pairs is None:
        pairs = align_by_topic(a, b)
    score = Score(entry["name"], problems=len(problems(a, b, pairs)))
    score.largest = max((max(len(p.a), len(p.b)) for p in pairs), default=0)
    missed = []
    for topic, ids_a, ids_b in resolved(entry):
        score.topics += 1
        meeting = [p for p in pairs if ids_a & set(p.a) and ids_b & set(p.b)]
        if any(len(p.a) <= MOST_PER_SIDE and len(p.b) <= MOST_PER_SIDE for p in meeting):
            score.paired += 1
        else:
            score.oversized += bool(meeting)
            missed.append(topic + (" (only in an oversized pair)" if meeting else ""))
    return score, missed


def evaluate(show_missed: bool = False) -> dict[str, Score]:
    """Print the table; return the totals by set ("tune", "held_out", "all")."""
    totals = {name: Score(name) for name in ("tune", "held_out", "all")}
    print(f"{'document pair':44} {'set':8} {'paired':>9} {'share':>6} {'oversz':>6} {'largest':>7} {'bad':>4}")
    for entry in gold_pairs():
        score, missed = score_pair(entry)
        totals[entry["set"]].add(score)
        totals["all"].add(score)
        print(f"{score.name:44} {entry['set']:8} {score.paired:>4}/{score.topics:<4} "
              f"{score.share:>6.0%} {score.oversized:>6} {score.largest:>7} {score.problems:>4}")
        if show_missed:
            for topic in missed:
                print(f"    missed: {topic}")
    for name, total in totals.items():
        print(f"{'TOTAL ' + name:53} {total.paired:>4}/{total.topics:<4} {total.share:>6.0%} "
              f"{total.oversized:>6} {total.largest:>7} {total.problems:>4}")
    return totals


if __name__ == "__main__":
    result = evaluate("--missed" in sys.argv)
    sys.exit(1 if result["all"].problems else 0)
