"""Evaluate compare (read → split → align → diff) over the corpus, and time a 100-page pair.

Run: `python -m tests.benchmarks.eval_compare`. For every consecutive pair of versions in
corpus/versions (Markdown) and corpus/docx-rendered/versions (.docx), and for every case of
corpus/peer-wmlcomparer, it checks the CLI.md contract:
  - every clause of A and of B appears in exactly one pair;
  - each pair's diff rebuilds its A and B texts exactly;
  - a draft compared with itself is all "unchanged", nothing substantive;
  - the comparison reports a change exactly when the clause lists differ;
  - nothing raises.
It prints a table of pair kinds and timings, then times align() on two synthetic 100-page
drafts built from corpus text with seeded edits. Exits 1 when any check fails.
"""

from __future__ import annotations

import csv
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from desktop.core.alignment import align
from desktop.core.diff import normalize_cosmetic, side_a, side_b
from desktop.core.model import PAIR_KINDS, Clause, Pair, ReadError

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
SPEED_BAR_SECONDS = 0.2  # align + diff of two ~50k-word drafts (end to end: bench_compare, 1 s)
SHOWN = ("unchanged", "modified", "moved", "renumbered", "inserted", "deleted", "split", "merged")


def problems(a: tuple[Clause, ...], b: tuple[Clause, ...], pairs: tuple[Pair, ...]) -> list[str]:
    """Return what is wrong with an alignment of `a` with `b` (empty when it keeps the contract)."""
    out = []
    seen_a = Counter(i for p in pairs for i in p.a)
    seen_b = Counter(j for p in pairs for j in p.b)
    if seen_a != Counter(c.id for c in a):
        out.append("A clauses not each in exactly one pair")
    if seen_b != Counter(c.id for c in b):
        out.append("B clauses not each in exactly one pair")
    text_a = {c.id: c.text for c in a}
    text_b = {c.id: c.text for c in b}
    for p in pairs:
        if p.kind not in PAIR_KINDS:
            out.append(f"unknown kind {p.kind}")
        if side_a(p.diff) != "".join(text_a.get(i, "") for i in p.a):
            out.append(f"diff does not rebuild A text of {p.a}")
        if side_b(p.diff) != "".join(text_b.get(j, "") for j in p.b):
            out.append(f"diff does not rebuild B text of {p.b}")
    content = lambda cs: [(c.heading, c.text, c.number) for c in cs]  # noqa: E731
    changed = any(p.kind != "unchanged" for p in pairs)
    if changed != (content(a) != content(b)):
        out.append("change reported" if changed else "clause lists differ but no change reported")
    return out


def self_problems(a: tuple[Clause, ...]) -> list[str]:
    """Return what is wrong when a draft is compared with itself."""
    pairs = align(a, a)
    bad = problems(a, a, pairs)
    if any(p.kind != "unchanged" or p.substantive for p in pairs):
        bad.append("identical drafts gave a change")
    return bad


class Tally:
    """Counts of pair kinds and failures for one row of the table."""

    def __init__(self, name: str):
        self.name, self.kinds, self.failures = name, Counter(), []
        self.skipped: list[str] = []  # inputs the reader rightly refused (no text to compare)
        self.comparisons = self.clauses = 0
        self.read = self.align = self.align_max = 0.0

    def add(self, label: str, a, b, read_seconds: float) -> tuple[Pair, ...] | None:
        """Compare clause lists a and b, record the result, and return the pairs."""
        self.read += read_seconds
        try:
            started = time.perf_counter()
            pairs = align(a, b)
            took = time.perf_counter() - started
            bad = problems(a, b, pairs) + self_problems(a)
        except Exception as exc:  # noqa: BLE001 - an evaluation reports every crash and goes on
            self.failures.append(f"{label}: {type(exc).__name__}: {exc}")
            return None
        self.comparisons += 1
        self.clauses += len(a) + len(b)
        self.align += took
        self.align_max = max(self.align_max, took)
        self.kinds.update(p.kind for p in pairs)
        self.kinds["substantive"] += sum(p.substantive for p in pairs if p.kind != "unchanged")
        self.failures.extend(f"{label}: {m}" for m in dict.fromkeys(bad))
        return pairs

    def row(self) -> list[str]:
        """Return this tally as a table row."""
        return [self.name, str(self.comparisons), str(self.clauses)] + [
            str(self.kinds[k]) for k in (*SHOWN, "substantive")
        ] + [f"{self.read:.2f}", f"{1000 * self.align_max:.1f}", str(len(self.failures))]


def load(path: Path):
    """Return the clauses of the draft at `path` and the seconds reading + splitting took."""
    from desktop.core.clauses import split_clauses
    from desktop.core.reading import read_draft

    started = time.perf_counter()
    clauses = split_clauses(read_draft(path, path.read_bytes()))
    return clauses, time.perf_counter() - started


def version_files(folder: Path, suffix: str) -> list[Path]:
    """Return a contract's versions in order (file names sort by date or version)."""
    return sorted(
        p for p in folder.glob(f"*{suffix}") if p.name != "README.md" and not p.name.startswith("coverpage")
    )


def evaluate_versions(tallies: list[Tally], details: dict[str, Counter]) -> None:
    """Compare consecutive versions of each contract, as Markdown and as .docx."""
    for root, suffix in ((CORPUS / "versions", ".md"), (CORPUS / "docx-rendered" / "versions", ".docx")):
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            tally = Tally(f"{folder.name} ({suffix[1:]})")
            files = version_files(folder, suffix)
            loaded = {}
            for path in files:
                try:
                    loaded[path] = load(path)
                except Exception as exc:  # noqa: BLE001
                    tally.failures.append(f"{path.name}: read/split {type(exc).__name__}: {exc}")
            for before, after in zip(files, files[1:]):
                if before in loaded and after in loaded:
                    (a, ra), (b, rb) = loaded[before], loaded[after]
                    pairs = tally.add(f"{before.name} → {after.name}", a, b, ra + rb)
                    if pairs is not None and folder.name == "commonpaper-csa":
                        details[f"{before.stem} → {after.stem} ({suffix[1:]})"] = Counter(p.kind for p in pairs)
            named = {p.stem: p for p in files}
            if folder.name == "commonpaper-csa" and {"v1.0-final-2022-02-03", "v2.0-2024-02-02"} <= named.keys():
                a = loaded.get(named["v1.0-final-2022-02-03"])
                b = loaded.get(named["v2.0-2024-02-02"])
                if a and b:
                    details[f"v1.0-final → v2.0-2024-02-02 ({suffix[1:]})"] = Counter(p.kind for p in align(a[0], b[0]))
            tallies.append(tally)


def evaluate_peer(tallies: list[Tally]) -> None:
    """Compare each before/after pair of the WmlComparer test suite."""
    folder = CORPUS / "peer-wmlcomparer"
    tally = Tally("peer-wmlcomparer (docx)")
    with open(folder / "cases.csv", newline="", encoding="utf-8") as handle:
        for case in csv.DictReader(handle):
            try:
                (a, ra), (b, rb) = load(folder / case["before"]), load(folder / case["after"])
            except ReadError as exc:
                # Cases whose files hold only pictures: refusing them in plain words is right.
                tally.skipped.append(f"{case['case']}: {exc}")
                continue
            except Exception as exc:  # noqa: BLE001
                tally.failures.append(f"{case['case']}: read/split {type(exc).__name__}: {exc}")
                continue
            tally.add(case["case"], a, b, ra + rb)
    tallies.append(tally)


# --- Synthetic 100-page drafts ------------------------------------------------------------


def corpus_paragraphs(enough: int = 150_000) -> list[str]:
    """Return pieces of real contract text, 8-50 words each (generated text without the corpus).

    Text comes from the latest version of each contract in versions/ and then CUAD's contracts,
    one version each, and pieces whose start matches one already taken are dropped: the
    recorded truth must not hinge on near-duplicates.
    """
    pieces, seen, total = [], set(), 0
    sources = [version_files(folder, ".md")[-1] for folder in sorted((CORPUS / "versions").glob("*/"))]
    sources += sorted((CORPUS / "cuad" / "full_contract_txt").glob("*.txt"))
    for path in sources if CORPUS.exists() else ():
        for paragraph in path.read_text(encoding="utf-8", errors="replace").split("\n\n"):
            words = paragraph.split()
            for k in range(0, len(words), 50):
                piece = " ".join(words[k : k + 50])
                start = normalize_cosmetic(piece)[:40]
                if len(words[k : k + 50]) >= 8 and start not in seen:
                    seen.add(start)
                    pieces.append(piece)
                    total += len(words[k : k + 50])
        if total >= enough:
            break
    if len(pieces) < 200:
        rnd = random.Random(7)
        words = "customer provider fees liability cap months audit data notice term law court".split()
        pieces = [" ".join(rnd.choices(words, k=rnd.randint(10, 60))) for _ in range(3000)]
    return pieces


Node = tuple[int | None, int, str, str]  # (index in draft A or None when new, level, heading, text)


def synthetic_drafts(
    edit: float = 0.05, churn: float = 0.01, rewrite: float = 0.0, words: int = 50_000, seed: int = 1
) -> tuple[list[Node], list[Node]]:
    """Return two ~100-page drafts: B is A with a section inserted early, edits, moves and deletions.

    `edit` of the clauses get words replaced (one, or up to `rewrite` of their words); `churn`
    are deleted, as many new ones (unrelated real text) inserted, and half as many moved.
    """
    rnd = random.Random(seed)
    pool = corpus_paragraphs()
    rnd.shuffle(pool)
    nodes: list[Node] = []
    total = 0
    while total < words:
        k = len(nodes)
        text = pool[k % len(pool)] + ("" if k < len(pool) else f" (copy {k // len(pool)})")
        level = 1 if k % 12 == 0 else rnd.choice((2, 2, 3)) if nodes[-1][1] >= 2 else 2
        nodes.append((k, level, f"Heading {k}" if level == 1 else "", text))
        total += len(text.split())
    unused = pool[len(nodes):] or pool
    edited = list(nodes)
    edited.insert(3, (None, 1, "Machine Learning", "Usage Data may be used to train models, once aggregated."))
    for _ in range(int(len(nodes) * edit)):
        m = rnd.randrange(len(edited))
        origin, level, heading, text = edited[m]
        ws, donor = text.split(" "), rnd.choice(pool).split()
        for _ in range(rnd.randint(1, max(1, int(len(ws) * rewrite)))):
            ws[rnd.randrange(len(ws))] = rnd.choice(donor)
        edited[m] = (origin, level, heading, " ".join(ws))
    for _ in range(int(len(nodes) * churn)):
        del edited[rnd.randrange(4, len(edited))]
        edited.insert(rnd.randrange(4, len(edited)), (None, 3, "", rnd.choice(unused)))
    for _ in range(int(len(nodes) * churn / 2)):
        m = rnd.randrange(4, len(edited))
        if edited[m][1] == 3:
            edited.insert(rnd.randrange(4, len(edited)), edited.pop(m))
    return nodes, edited


def tree(nodes: list[Node]) -> tuple[Clause, ...]:
    """Return clauses numbered "1", "1.2", "1.2(c)" by their place, parents set."""
    clauses, counters, parents = [], [0, 0, 0], [None, None, None, None]
    for k, (_, level, heading, text) in enumerate(nodes, start=1):
        level = min(level, (clauses[-1].level + 1) if clauses else 1)
        counters[level - 1] += 1
        counters[level:] = [0] * (3 - level)
        number = ".".join(str(n) for n in counters[: min(level, 2)])
        if level == 3:
            number += f"({chr(96 + counters[2])})" if counters[2] <= 26 else f"({counters[2]})"
        parents[level] = f"c{k}"
        clauses.append(Clause(f"c{k}", f"{counters[level - 1]}.", number, heading, level, parents[level - 1], text))
    return tuple(clauses)


def matched_correctly(nodes_a: list[Node], nodes_b: list[Node], pairs: tuple[Pair, ...]) -> float:
    """Return the share of A clauses whose pair agrees with the recorded truth."""
    truth = {f"c{nodes_b.index(n) + 1}": n[0] for n in nodes_b if n[0] is not None}
    right = 0
    for p in pairs:
        origins = {truth.get(j) for j in p.b}
        right += sum(1 for i in p.a if (int(i[1:]) - 1 in origins) or (not p.b and int(i[1:]) - 1 not in truth.values()))
    return right / max(1, len(nodes_a))


def unrelated_drafts(words: int = 50_000, seed: int = 2) -> tuple[list[Node], list[Node]]:
    """Return two ~100-page drafts with no text in common (two vendors' papers, at worst)."""
    rnd, pool = random.Random(seed), corpus_paragraphs(3 * words)
    drafts: list[list[Node]] = [[], []]
    for side, draft in enumerate(drafts):
        total = 0
        while total < words and len(pool) > 1:
            text = pool.pop()
            level = 1 if len(draft) % 12 == 0 else rnd.choice((2, 2, 3)) if draft[-1][1] >= 2 else 2
            draft.append((len(draft) if side == 0 else None, level, "", text))
            total += len(text.split())
    return drafts[0], drafts[1]


def time_synthetic(name: str, nodes_a: list[Node], nodes_b: list[Node], bars: bool) -> tuple[list[str], list[str]]:
    """Return a table row of the 100-page timing and accuracy, and any failures (when `bars`)."""
    a, b = tree(nodes_a), tree(nodes_b)
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        pairs = align(a, b)
        runs.append(time.perf_counter() - started)
    words = sum(len(c.text.split()) for c in a)
    median = statistics.median(runs)
    kinds = Counter(p.kind for p in pairs)
    accuracy = matched_correctly(nodes_a, nodes_b, pairs)
    failures = [f"synthetic {name}: {m}" for m in problems(a, b, pairs)]
    if bars and median > SPEED_BAR_SECONDS:
        failures.append(f"synthetic {name}: align took {median:.3f} s > {SPEED_BAR_SECONDS} s")
    if bars and accuracy < 0.995:
        failures.append(f"synthetic {name}: {accuracy:.2%} of clauses matched correctly < 99.5%")
    row = [name, f"{len(a)}/{len(b)} clauses, {words} words", f"{1000 * median:.0f} ms",
           f"{1000 * min(runs):.0f} ms", f"{accuracy:.2%}",
           ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))]
    return row, failures


def print_table(header: list[str], rows: list[list[str]]) -> None:
    """Print rows as an aligned plain-text table."""
    widths = [max(len(r[k]) for r in [header, *rows]) for k in range(len(header))]
    for r in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(cell.ljust(w) if k == 0 else cell.rjust(w) for k, (cell, w) in enumerate(zip(r, widths))))


def main() -> int:
    """Run the evaluation, print the tables, and return 1 when any check failed."""
    failures: list[str] = []
    tallies: list[Tally] = []
    details: dict[str, Counter] = {}
    try:
        import desktop.core.clauses  # noqa: F401
        import desktop.core.reading  # noqa: F401

        have_pipeline = True
    except ImportError as exc:
        have_pipeline = False
        print(f"reading/clauses not available ({exc}); corpus comparisons skipped")
    if not CORPUS.exists():
        print(f"{CORPUS} is missing: corpus comparisons skipped, synthetic text used for timing")
    elif have_pipeline:
        evaluate_versions(tallies, details)
        evaluate_peer(tallies)
        header = ["corpus", "cmp", "clauses", *[k[:5] for k in SHOWN], "subst", "read s", "align max ms", "fail"]
        print_table(header, [t.row() for t in tallies])
        print()
        print_table(["CSA comparison", *SHOWN], [[name, *(str(c[k]) for k in SHOWN)] for name, c in details.items()])
        failures += [f for t in tallies for f in t.failures]
        for skipped in (s for t in tallies for s in t.skipped):
            print(f"skipped (refused in plain words): {skipped[:120]}")
    rows = []
    for name, *rates in (("light edits", 0.05, 0.01, 0.0), ("heavy edits", 0.6, 0.05, 0.3)):
        row, synthetic_failures = time_synthetic(name, *synthetic_drafts(*rates), bars=True)
        rows.append(row)
        failures += synthetic_failures
    if CORPUS.exists():  # no speed bar: shown so a vendor-vs-vendor comparison has a figure
        row, synthetic_failures = time_synthetic("unrelated", *unrelated_drafts(), bars=False)
        rows.append(row)
        failures += synthetic_failures
    print()
    print_table(["synthetic", "100 pages", "align+diff median", "best", "matched right", "kinds"], rows)
    if failures:
        print(f"\n{len(failures)} check(s) failed:")
        for failure in failures[:60]:
            print("  " + failure)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
