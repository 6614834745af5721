"""Evaluate the Word redline with LibreOffice's own Accept All and Reject All (issue 20).

Run: `python -m tests.benchmarks.eval_redline_office [--only SUBSTR] [--keep DIR]`. For every
consecutive pair of corpus/docx-rendered/versions/, every case of corpus/peer-wmlcomparer/
cases.csv, and every pair under tests/data/docx/stories/ (NAME-a.docx / NAME-b.docx, or the
rows of its pairs.csv), it runs `counterdraft redline A B -o OUT` (the CLI, in process), then
reads with tests/export/office.py, as LibreOffice lays them out: OUT accepted against B
accepted, and OUT rejected against A accepted (A and B accepted so their own changes don't
count). Stories are compared one by one: the body with list labels, headers, footers,
footnotes, endnotes and text boxes. All files are read by one soffice per mode, the two modes
side by side. Exits 1 when any pair fails; 0, saying so, when the corpus or LibreOffice is
missing.
"""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from desktop.cli import main as cli_main
from tests.export.office import STORY_NAMES, Stories, first_difference, office_python, office_read

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
PEER = CORPUS / "peer-wmlcomparer"
VERSIONS = CORPUS / "docx-rendered" / "versions"
FIXTURES = ROOT / "tests" / "data" / "docx" / "stories"
SUITES = ("corpus versions", "peer", "fixtures")
READ_SECONDS = 1200.0  # for the whole batch of one mode; ~0.3 s a file on the 2-core machine


@dataclass(frozen=True)
class Pair:
    """One redline to check: A (before) and B (after), named, in a suite."""

    suite: str
    name: str
    a: Path
    b: Path


def version_pairs() -> list[Pair]:
    """Return the consecutive versions of each agreement in corpus/docx-rendered/versions."""
    out = []
    for folder in sorted(p for p in VERSIONS.iterdir() if p.is_dir()):
        files = sorted(folder.glob("*.docx"))
        out += [Pair(SUITES[0], f"{folder.name}: {x.stem} → {y.stem}", x, y) for x, y in zip(files, files[1:])]
    return out


def peer_pairs() -> list[Pair]:
    """Return the 106 WmlComparer cases."""
    with open(PEER / "cases.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [Pair(SUITES[1], row["case"], PEER / row["before"], PEER / row["after"]) for row in rows]


def fixture_pairs() -> list[Pair]:
    """Return the pairs under tests/data/docx/stories (pairs.csv's name, a, b; else NAME-a/NAME-b files)."""
    if not FIXTURES.is_dir():
        return []
    listed = FIXTURES / "pairs.csv"
    if listed.exists():
        with open(listed, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        pairs = [Pair(SUITES[2], row.get("name") or Path(row["a"]).stem, FIXTURES / row["a"], FIXTURES / row["b"])
                 for row in rows]
        return [p for p in pairs if p.a.exists() and p.b.exists()]
    return [Pair(SUITES[2], a.name[: -len("-a.docx")], a, a.with_name(a.name[: -len("-a.docx")] + "-b.docx"))
            for a in sorted(FIXTURES.glob("*-a.docx")) if a.with_name(a.name[: -len("-a.docx")] + "-b.docx").exists()]


def redline(pair: Pair, out: Path) -> str | None:
    """Write the pair's redline to `out` through the CLI; return why it failed, or None."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            status = cli_main(["redline", str(pair.a), str(pair.b), "-o", str(out), "--author", "Eval"])
        except Exception as exc:  # noqa: BLE001 - a crash is a failure to report, not to stop on
            return f"redline raised {type(exc).__name__}: {exc}"
    return None if status == 0 else f"redline exit {status}: {stderr.getvalue().strip()[:120]}"


def verdict(got: Stories, want: Stories, side: str) -> tuple[list[str], list[str]]:
    """Return (stories that differ, short details) for the redline's `side` against the wanted file."""
    if got.error or want.error:
        return ["error"], [f"{side}: LibreOffice: {got.error or want.error}"]
    stories = got.differing(want)
    details = [f"{side}: {first_difference(s, getattr(got, s), getattr(want, s))}" for s in stories]
    if got.redlines_left:
        details.append(f"{side}: {got.redlines_left} tracked changes left after {side} all")
    return stories, details


def read_all(accept: list[Path], reject: list[Path]) -> tuple[dict[Path, Stories], dict[Path, Stories]]:
    """Read `accept` accepted and `reject` rejected, one soffice per mode, both at once."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        accepted = pool.submit(office_read, accept, "accept", READ_SECONDS)
        rejected = pool.submit(office_read, reject, "reject", READ_SECONDS)
        return accepted.result(), rejected.result()


def report(pairs: list[Pair], outs: dict[Pair, Path | str],
           accepted: dict[Path, Stories], rejected: dict[Path, Stories]) -> int:
    """Print the table and the totals per suite; return how many pairs failed."""
    totals = {suite: [0, 0, 0] for suite in SUITES}
    print(f"{'pair':<72} {'accept':>6} {'reject':>6}  differs")
    failed = 0
    for pair in pairs:
        out = outs[pair]
        if isinstance(out, str):
            ok_a = ok_r = False
            stories, details = ["redline"], [out]
        else:
            s_a, d_a = verdict(accepted[out], accepted[pair.b], "accept")
            s_r, d_r = verdict(rejected[out], accepted[pair.a], "reject")
            ok_a, ok_r = not s_a, not s_r
            stories = sorted(set(s_a) | set(s_r), key=lambda s: (STORY_NAMES + ("error",)).index(s))
            details = d_a + d_r
        row = totals[pair.suite]
        row[0] += 1
        row[1] += ok_a
        row[2] += ok_r
        failed += not (ok_a and ok_r)
        print(f"{pair.name[:72]:<72} {'ok' if ok_a else 'FAIL':>6} {'ok' if ok_r else 'FAIL':>6}  {', '.join(stories)}")
        for line in details:
            print(f"    {line}")
    print()
    for suite, (count, ok_a, ok_r) in totals.items():
        if count:
            print(f"{suite}: Accept All gives B: {ok_a}/{count}; Reject All gives A: {ok_r}/{count}")
    return failed


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not PEER.exists() or not VERSIONS.exists():
        print(f"corpus missing ({PEER} / {VERSIONS}): nothing evaluated")
        return 0
    if office_python() is None:
        print("LibreOffice (soffice) or a Python that can import uno is missing: nothing evaluated")
        return 0
    only = argv[argv.index("--only") + 1] if "--only" in argv else ""
    keep = Path(argv[argv.index("--keep") + 1]) if "--keep" in argv else None
    folder = keep or Path(tempfile.mkdtemp(prefix="eval-redline-office-"))
    folder.mkdir(parents=True, exist_ok=True)
    pairs = [p for p in version_pairs() + peer_pairs() + fixture_pairs() if only in p.name]
    started = time.perf_counter()
    outs: dict[Pair, Path | str] = {}
    for k, pair in enumerate(pairs):
        out = folder / f"{k:03d}-{pair.a.stem[:30]}--{pair.b.stem[:30]}.docx"
        outs[pair] = redline(pair, out) or out
    redlined = time.perf_counter()
    written = [o for o in outs.values() if isinstance(o, Path)]
    inputs = {p for pair in pairs for p in (pair.a, pair.b)}
    accepted, rejected = read_all(sorted(inputs) + written, written)
    read = time.perf_counter()
    failed = report(pairs, outs, accepted, rejected)
    print(f"{len(pairs)} pairs: redline {redlined - started:.1f} s (CLI in process), "
          f"LibreOffice {read - redlined:.1f} s ({len(inputs) + len(written)} files accepted, {len(written)} rejected)")
    if keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
