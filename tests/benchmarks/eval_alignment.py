"""Score clause alignment on generated 100-page pairs with recorded truth (tests/pairgen).

Run: `python -m tests.benchmarks.eval_alignment [--seeds 1,2,3] [--words 50000] [--formats md,docx]`.
For each seed, each contract of the tuning set and of the held-out set (never used to tune)
leads a ~100-page draft grown from its set, gets seeded edits, is written as .md and .docx and
read back through the real readers, and the comparison is scored against the truth. Prints one
row per run and a total per set; exits 1 when a held-out total misses a target:
≥ 99.5% of clauses matched correctly, every move labelled `moved`, every split and merge
named, no unchanged or renumbered clause shown deleted, cosmetic-only edits non-substantive.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tests.benchmarks.eval_compare import print_table
from tests.pairgen import CORPUS, HELD_OUT, TUNING, Score, corpus_path, generate, load_contract, score_files, write


def row(name: str, s: Score) -> list[str]:
    """Return one table row for a score."""
    return [name, str(s.clauses), f"{s.accuracy:.2%}", f"{s.strict / max(1, s.clauses):.2%}",
            f"{s.kind_right / max(1, s.clauses):.2%}", f"{s.moves_named}/{s.moves}", f"{s.splits_named}/{s.splits}",
            f"{s.merges_named}/{s.merges}", str(s.kept_deleted), f"{s.cosmetic_flagged}/{s.cosmetic}",
            f"{s.substantive_missed}/{s.substantive}", f"{s.inserted_right}/{s.inserted}", str(s.unmapped)]


HEADER = ["run", "clauses", "matched", "strict", "kind", "moves", "splits", "merges", "kept→del",
          "cosm→subst", "subst missed", "inserted", "unmapped"]


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and return 1 when a held-out total misses a target."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--formats", default="md,docx")
    parser.add_argument("--sets", default="tuning,held-out")
    parser.add_argument("--examples", action="store_true", help="print what went wrong in each run")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"{CORPUS} is missing: nothing to generate pairs from")
        return 0
    failures: list[str] = []
    for set_name, group, other in (("tuning", TUNING, HELD_OUT), ("held-out", HELD_OUT, TUNING)):
        if set_name not in args.sets.split(","):
            continue
        contracts = [load_contract(corpus_path(p)) for p in group]
        inserts = load_contract(corpus_path(other[0]))
        rows, total, confusion = [], Score(), Score()
        with tempfile.TemporaryDirectory() as folder:
            for seed in (int(s) for s in args.seeds.split(",")):
                for lead in range(len(contracts)):
                    pair = generate(contracts[lead:] + contracts[:lead], inserts, seed, args.words)
                    for fmt in args.formats.split(","):
                        result = score_files(pair, *write(pair, Path(folder), fmt))
                        name = f"{set_name} s{seed} {contracts[lead].name[:18]} {fmt}"
                        rows.append(row(name, result))
                        if args.examples and result.examples:
                            print(name, *result.examples, sep="\n    ")
                        total.add(result)
                        confusion.add(result)
        rows.append(row(f"{set_name} TOTAL", total))
        print_table(HEADER, rows)
        wrong = sorted((k, v) for k, v in confusion.confusion.items() if k[0] != k[1])
        print("kind confusion (truth → shown: count): " + ", ".join(f"{t}→{s}: {n}" for (t, s), n in wrong))
        print()
        if set_name == "held-out":
            failures += total.failures()
    if failures:
        print("held-out targets missed: " + "; ".join(failures))
        return 1
    print("held-out targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
