"""Evaluation: how well positions are found in CUAD's lawyer-labelled contracts, on evidence spans.

Run `python -m tests.benchmarks.eval_cuad [--split all|even|odd|both] [--show KEY]`.
Over corpus/cuad/master_clauses_dev.csv (248 contracts) each contract's .txt is read with
`load_draft` and `find_positions` runs with the shipped playbook. For every position that
lists CUAD categories:
- recall: a labelled snippet counts when at least half of its word 5-grams lie inside the
  position's evidence in that contract;
- precision: an evidence span counts when at least half of its 5-grams lie inside the labelled
  snippets of the position's categories in that contract.
Words are lower-cased with punctuation dropped; a text shorter than five words is one gram
that must appear whole. `--split both` prints the even-indexed and the odd-indexed contracts
separately. The shipped model was trained on all 248 contracts, so its figures here are
in-sample; for figures on unseen contracts train on one half and score the other:
    python -m tests.benchmarks.train_positions --write --train-on even --out /tmp/even.json
    python -m tests.benchmarks.eval_cuad --model /tmp/even.json --split odd
(`--rules` scores the cues alone.) Returns 0 always: this is an evaluation, not a gate.
"""

from __future__ import annotations

import argparse
import ast
import csv
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.pipeline import load_draft
from desktop.core.playbook import Playbook, default_playbook_path, load_playbook
from desktop.core.positions import Detector, detector_for
from desktop.core.positions.scoring import load_model

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
CUAD = CORPUS / "cuad"

# Used only while the playbook does not list CUAD categories yet.
FALLBACK = {
    "liability_cap": ("Cap on Liability", "Uncapped Liability"),
    "audit_rights": ("Audit Rights",),
    "ip_ownership": ("IP Ownership Assignment", "Joint IP Ownership"),
    "license_scope": ("License Grant", "Non-Transferable License", "Affiliate License-Licensor",
                      "Affiliate License-Licensee", "Irrevocable or Perpetual License",
                      "Unlimited/All-You-Can-Eat-License"),
    "termination_for_convenience": ("Termination for Convenience",),
    "post_termination": ("Post-Termination Services",),
    "escrow": ("Source Code Escrow",),
    "exclusivity": ("Exclusivity",),
    "governing_law": ("Governing Law",),
    "insurance": ("Insurance",),
    "warranty": ("Warranty Duration",),
}

_PUNCTUATION = re.compile(r"[^\w\s]")


def words(text: str) -> list[str]:
    """Return the words of `text`, lower-cased, with punctuation dropped."""
    return _PUNCTUATION.sub("", text.lower()).split()


def grams(text: str) -> set[tuple[str, ...]]:
    """Return the word 5-grams of `text` (the whole word sequence when shorter than five)."""
    out: set[tuple[str, ...]] = set()
    for piece in text.split("<omitted>"):  # CUAD joins the parts of a split snippet so
        seq = words(piece)
        if len(seq) < 5:
            if seq:
                out.add(tuple(seq))
        else:
            out.update(tuple(seq[i:i + 5]) for i in range(len(seq) - 4))
    return out


def covered(part: set[tuple[str, ...]], whole: set[tuple[str, ...]], whole_text: str) -> bool:
    """Return whether at least half of `part`'s grams lie inside `whole` (short grams: as a phrase)."""
    if not part:
        return False
    inside = sum(1 for g in part if (g in whole if len(g) == 5 else f" {' '.join(g)} " in whole_text))
    return inside * 2 >= len(part)


@dataclass
class Score:
    """Counts for one position: snippets found of all labelled, and evidence spans right of all."""

    snippets: int = 0
    found: int = 0
    spans: int = 0
    right: int = 0
    misses: list = field(default_factory=list)
    wrong: list = field(default_factory=list)


def mapping(playbook: Playbook) -> dict[str, tuple[str, ...]]:
    """Return position key → CUAD categories, from the playbook (or the fallback when it lists none)."""
    listed = {p.key: p.cuad for p in playbook.positions if p.cuad}
    return listed or dict(FALLBACK)


def rows() -> list[dict]:
    """Return the rows of the CUAD dev split."""
    csv.field_size_limit(1 << 30)
    with open(CUAD / "master_clauses_dev.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def score_contract(row: dict, detector: Detector, cats: dict[str, tuple[str, ...]],
                   scores: dict[str, Score]) -> float:
    """Add one contract's counts to `scores`; return the seconds detection took."""
    draft = load_draft(CUAD / "full_contract_txt" / row["Text File"])
    started = time.perf_counter()
    findings = {f.key: f for f in detector.find(draft.clauses)}
    seconds = time.perf_counter() - started
    texts = {c.id: c.text for c in draft.clauses}
    for key, categories in cats.items():
        snippets = list(dict.fromkeys(s for c in categories for s in ast.literal_eval(row.get(c) or "[]")))
        labelled = set().union(*(grams(s) for s in snippets)) if snippets else set()
        labelled_text = " " + " | ".join(" ".join(words(s)) for s in snippets) + " "
        finding = findings.get(key)
        spans = [texts[e.clause][e.start:e.end] for e in finding.evidence] if finding else []
        evidence = set().union(*(grams(s) for s in spans)) if spans else set()
        evidence_text = " " + " | ".join(" ".join(words(s)) for s in spans) + " "
        score = scores[key]
        for snippet in snippets:
            score.snippets += 1
            if covered(grams(snippet), evidence, evidence_text):
                score.found += 1
            else:
                score.misses.append((row["Text File"], snippet))
        for span in spans:
            score.spans += 1
            if covered(grams(span), labelled, labelled_text):
                score.right += 1
            else:
                score.wrong.append((row["Text File"], span))
    return seconds


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "    –"


def report(title: str, scores: dict[str, Score], cats: dict[str, tuple[str, ...]]) -> tuple[float, float]:
    """Print the table for one set of contracts; return micro recall and precision."""
    print(f"\n{title}")
    print(f"{'position':<28} {'categories':<44} {'snippets':>8} {'recall':>7} {'spans':>6} {'precision':>9}")
    total = Score()
    for key, categories in cats.items():
        s = scores[key]
        names = ", ".join(categories)
        names = names if len(names) <= 44 else names[:41] + "..."
        print(f"{key:<28} {names:<44} {s.snippets:>8} {_pct(s.found, s.snippets):>7} {s.spans:>6} "
              f"{_pct(s.right, s.spans):>9}")
        total.snippets += s.snippets
        total.found += s.found
        total.spans += s.spans
        total.right += s.right
    print(f"{'micro total':<28} {'':<44} {total.snippets:>8} {_pct(total.found, total.snippets):>7} "
          f"{total.spans:>6} {_pct(total.right, total.spans):>9}")
    return total.found / max(total.snippets, 1), total.right / max(total.spans, 1)


def main(argv: list[str] | None = None) -> int:
    """Print the per-position table (and the two halves with --split both); return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("all", "even", "odd", "both"), default="both")
    parser.add_argument("--show", metavar="KEY", help="print misses and wrong spans of one position")
    parser.add_argument("--limit", type=int, default=40, help="how many misses/wrong spans --show prints")
    parser.add_argument("--model", type=Path, help="score with this position model instead of the shipped one")
    parser.add_argument("--rules", action="store_true", help="score the cues alone, without any model")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not (CUAD / "master_clauses_dev.csv").is_file():
        print(f"CUAD not found at {CUAD}; nothing to evaluate")
        return 0
    playbook = load_playbook(default_playbook_path())
    cats = mapping(playbook)
    if args.rules:
        detector = Detector(playbook, None)
    elif args.model:
        detector = Detector(playbook, load_model(args.model))
    else:
        detector = detector_for(playbook)
    halves = {"all": (0, 1), "even": (0,), "odd": (1,), "both": (0, 1)}[args.split]
    data = rows()
    per_half = {h: defaultdict(Score) for h in halves}
    seconds = 0.0
    for index, row in enumerate(data):
        half = index % 2
        if half in per_half:
            seconds += score_contract(row, detector, cats, per_half[half])
    combined: dict[str, Score] = defaultdict(Score)
    for half_scores in per_half.values():
        for key, s in half_scores.items():
            c = combined[key]
            c.snippets += s.snippets
            c.found += s.found
            c.spans += s.spans
            c.right += s.right
            c.misses += s.misses
            c.wrong += s.wrong
    contracts = sum(1 for i in range(len(data)) if i % 2 in per_half)
    if args.split == "both":
        report("even-indexed contracts", per_half[0], cats)
        report("odd-indexed contracts", per_half[1], cats)
    label = {"all": "all", "both": "all", "even": "even-indexed", "odd": "odd-indexed"}[args.split]
    recall, precision = report(f"{label} {contracts} contracts", combined, cats)
    print(f"\nmicro recall {100 * recall:.1f}%, precision {100 * precision:.1f}% "
          f"(target ≥ 75% / ≥ 55%); detection {1000 * seconds / max(contracts, 1):.1f} ms per contract")
    if args.show:
        s = combined[args.show]
        print(f"\n--- {args.show}: missed snippets")
        for name, text in s.misses[:args.limit]:
            print(f"[{name[:40]}] {text[:400]!r}")
        print(f"\n--- {args.show}: wrong evidence spans")
        for name, text in s.wrong[:args.limit]:
            print(f"[{name[:40]}] {text[:400]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
