"""One generated pair: drafts A and B of about `words` words, written as real files, with truth."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from tests.pairgen.edits import Fate, Rates, apply_edits, truth
from tests.pairgen.emit import to_docx, to_markdown
from tests.pairgen.source import Contract, Uids, grow, instantiate
from tests.pairgen.tree import Node, walk

FORMATS = ("md", "docx", "docx-auto")  # typed numbers in .md and .docx; Word automatic numbering


@dataclass
class GeneratedPair:
    """Drafts A and B as trees, and the truth: each A clause's fate and B's new clauses."""

    title: str
    a: list[Node]
    b: list[Node]
    fates: dict[int, Fate]
    inserted: set[int]
    files: dict[str, tuple[Path, Path]] = field(default_factory=dict)

    def clause_count(self) -> tuple[int, int]:
        """Return how many clauses A and B have."""
        return sum(1 for _ in walk(self.a)), sum(1 for _ in walk(self.b))


def generate(contracts: list[Contract], inserts: Contract, seed: int, words: int = 50_000,
             rates: Rates | None = None) -> GeneratedPair:
    """Return a pair grown from `contracts` (the first leads), edited with `seed`.

    New text (the early section and inserted clauses) comes from `inserts`, a contract that
    is not part of the document.
    """
    rnd = random.Random(seed)
    uids = Uids()
    a = grow(contracts, words, uids)
    pool = instantiate(inserts, uids)
    b, edits = apply_edits(a, pool, rnd, rates or Rates(), uids)
    fates, inserted = truth(a, b, edits)
    return GeneratedPair(contracts[0].title, a, b, fates, inserted)


def write(pair: GeneratedPair, folder: Path, fmt: str) -> tuple[Path, Path]:
    """Write A and B in format `fmt` (one of FORMATS) into `folder`; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    suffix = "md" if fmt == "md" else "docx"
    paths = folder / f"a-{fmt}.{suffix}", folder / f"b-{fmt}.{suffix}"
    for path, sections in zip(paths, (pair.a, pair.b)):
        if fmt == "md":
            path.write_text(to_markdown(pair.title, sections), encoding="utf-8")
        else:
            path.write_bytes(to_docx(pair.title, sections, automatic=fmt == "docx-auto"))
    pair.files[fmt] = paths
    return paths
