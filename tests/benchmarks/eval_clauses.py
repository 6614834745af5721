"""Evaluation: split every corpus draft into clauses and print how much structure was found.

Run `python -m tests.benchmarks.eval_clauses`. For each file in corpus/versions (and the
pandoc-made .docx of the same drafts in corpus/docx-rendered, when Word reading is available)
it prints the clause count, how many clauses have a label, a citation number and a heading,
how many are definitions, the deepest level and the time taken. For .md/.docx twins it also
prints how many citation numbers the two agree on, since they are the same text.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from desktop.core.clauses import split_clauses
from desktop.core.model import Clause, UserFacingError
from desktop.core.reading import read_draft

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def _row(name: str, clauses: tuple[Clause, ...], seconds: float) -> tuple:
    return (
        name,
        len(clauses),
        sum(1 for c in clauses if c.label),
        sum(1 for c in clauses if c.number),
        sum(1 for c in clauses if c.heading),
        sum(1 for c in clauses if c.kind == "definition"),
        max((c.level for c in clauses), default=0),
        seconds * 1000,
    )


def _split(path: Path) -> tuple[tuple[Clause, ...], float] | str:
    try:
        document = read_draft(path)
    except (UserFacingError, ImportError) as error:
        return f"not read: {error}"
    started = time.perf_counter()
    clauses = split_clauses(document)
    return clauses, time.perf_counter() - started


def main() -> int:
    """Print the table; return 0 (this is for eyeballing, not a pass/fail gate)."""
    versions = CORPUS / "versions"
    if not versions.is_dir():
        print(f"corpus not found at {CORPUS}; nothing to evaluate")
        return 0
    rendered = CORPUS / "docx-rendered" / "versions"
    header = ("file", "clauses", "labels", "numbers", "headings", "defs", "depth", "ms")
    print(f"{header[0]:<58} " + " ".join(f"{h:>8}" for h in header[1:]))
    totals = [0] * 5
    depth = 0
    seconds = 0.0
    files = 0
    agree = compared = 0
    for path in sorted(versions.rglob("*.md")):
        if path.name in ("README.md", "SOURCES.md"):
            continue
        twins = [path]
        docx = rendered / path.relative_to(versions).with_suffix(".docx")
        if docx.exists():
            twins.append(docx)
        numbers: list[list[str]] = []
        for each in twins:
            result = _split(each)
            name = str(each.relative_to(versions if each.suffix == ".md" else rendered))
            if isinstance(result, str):
                print(f"{name:<58} {result}")
                continue
            clauses, taken = result
            row = _row(name, clauses, taken)
            print(f"{row[0]:<58} " + " ".join(f"{v:>8}" for v in row[1:7]) + f" {row[7]:>8.1f}")
            totals = [t + v for t, v in zip(totals, row[1:6])]
            depth = max(depth, row[6])
            seconds += taken
            files += 1
            numbers.append([c.number for c in clauses if c.number])
        if len(numbers) == 2:
            compared += max(len(numbers[0]), len(numbers[1]))
            agree += sum(1 for a, b in zip(numbers[0], numbers[1]) if a == b)
    print(
        f"{'TOTAL (' + str(files) + ' files)':<58} "
        + " ".join(f"{v:>8}" for v in [*totals, depth])
        + f" {seconds * 1000:>8.1f}"
    )
    if compared:
        print(f"md/docx twins: {agree} of {compared} citation numbers agree ({100 * agree / compared:.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
