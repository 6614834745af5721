"""Evaluate the Word redline on the peer suite and on real version histories.

Run: `python -m tests.benchmarks.eval_redline [--keep DIR]`. For every case of
corpus/peer-wmlcomparer/cases.csv (106 WmlComparer pairs) and every consecutive pair of
corpus/docx-rendered/versions/, it runs `counterdraft redline BEFORE AFTER -o OUT.docx` (the
CLI, in process) and checks with tests/export/ooxml_walker.py, a reader independent of the
writer, that "Accept All" of OUT gives AFTER's text and "Reject All" gives BEFORE's text
(non-empty paragraphs, exactly; the inputs read with their own changes accepted). It also
checks that every revision mark has a unique w:id, an author and a date.

When `soffice` is on PATH it converts a few redlines to PDF and reports errors, and renders
page 1 of the Common Paper CSA v1.0 → v2.0 redline to docs/screenshot-redline-page.png
(`pdftoppm -png -r 80 -f 1 -l 1`). Exits 1 when any case fails.
"""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from desktop.cli import main as cli_main
from tests.export.ooxml_walker import W, main_part, texts

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
PEER = CORPUS / "peer-wmlcomparer"
VERSIONS = CORPUS / "docx-rendered" / "versions"
SCREENSHOT = ROOT / "docs" / "screenshot-redline-page.png"
SHOWN_PAIR = (VERSIONS / "commonpaper-csa" / "v1.0-final-2022-02-03.docx", VERSIONS / "commonpaper-csa" / "v2.0-2024-02-02.docx")
MARKS = ("ins", "del", "moveFrom", "moveTo")


def cases() -> list[tuple[str, Path, Path]]:
    """Return (name, before, after) for the peer suite and the consecutive real versions."""
    out = []
    with open(PEER / "cases.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            out.append((row["case"], PEER / row["before"], PEER / row["after"]))
    for folder in sorted(p for p in VERSIONS.iterdir() if p.is_dir()):
        files = sorted(folder.glob("*.docx"))
        out += [(f"{folder.name}: {x.stem} → {y.stem}", x, y) for x, y in zip(files, files[1:])]
    return out


def mark_problems(path: Path) -> list[str]:
    """Return what is wrong with the revision marks' ids, authors and dates."""
    with zipfile.ZipFile(path) as archive:
        root = ET.fromstring(archive.read(main_part(archive)))
    ids: list[str] = []
    problems = []
    for name in MARKS:
        for el in root.iter(W + name):
            ids.append(el.get(W + "id", ""))
            if not el.get(W + "author") or not el.get(W + "date"):
                problems.append(f"a w:{name} without author or date")
    if len(ids) != len(set(ids)):
        problems.append(f"{len(ids) - len(set(ids))} duplicate revision ids")
    return problems[:3]


def first_difference(got: list[str], want: list[str]) -> str:
    """Return a short description of where two paragraph lists first differ."""
    for k, (x, y) in enumerate(zip(got, want)):
        if x != y:
            return f"paragraph {k}: {x[:60]!r} ≠ {y[:60]!r}"
    return f"{len(got)} paragraphs ≠ {len(want)}"


def check(name: str, before: Path, after: Path, out: Path) -> tuple[str | None, int, float]:
    """Redline one pair through the CLI; return (failure or None, marks written, seconds)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            status = cli_main(["redline", str(before), str(after), "-o", str(out), "--author", "Eval"])
        except Exception as exc:  # noqa: BLE001 - a crash is a failure to report, not to stop on
            return f"raised {type(exc).__name__}: {exc}", 0, 0.0
    seconds = time.perf_counter() - started
    if status != 0:
        return f"exit {status}: {stderr.getvalue().strip()[:120]}", 0, seconds
    failures = []
    if texts(out, "accept") != texts(after, "accept"):
        failures.append("accept ≠ after: " + first_difference(texts(out, "accept"), texts(after, "accept")))
    if texts(out, "reject") != texts(before, "accept"):
        failures.append("reject ≠ before: " + first_difference(texts(out, "reject"), texts(before, "accept")))
    failures += mark_problems(out)
    with zipfile.ZipFile(out) as archive:
        marks = sum(archive.read(main_part(archive)).count(f"<w:{m} ".encode()) for m in MARKS)
    return ("; ".join(failures) or None), marks, seconds


def moves_check(before: Path, after: Path) -> tuple[int, int, int]:
    """Return (clauses the compare calls moved, those the redline writes as a Word move, those
    it keeps in place).

    A clause is written as a move when each of its paragraphs is a move step; it is kept in
    place when a paragraph of it is paired in reading order (same or edited): its parent or its
    siblings changed, not its place in the text, so a Word move would be wrong.
    """
    from desktop.core.pipeline import compare_drafts, load_draft
    from desktop.core.reading.docx import open_package
    from desktop.export.redline.align import align_paragraphs
    from desktop.export.redline.moves import _paragraph_pairs, _redline_index
    from desktop.export.redline.package import word_body
    from desktop.export.redline.xml import MathCodes, body_paragraphs

    a, b = load_draft(before), load_draft(after)
    pairs = compare_drafts(a, b).pairs
    math = MathCodes()
    paras_a = body_paragraphs(word_body(open_package(a.original))[1], math)
    paras_b = body_paragraphs(word_body(open_package(b.original))[1], math)
    where_a, where_b = _redline_index(a.document.paragraphs, paras_a), _redline_index(b.document.paragraphs, paras_b)
    by_id_a, by_id_b = {c.id: c for c in a.clauses}, {c.id: c for c in b.clauses}
    clause_moves = []
    for pair in pairs:
        if pair.kind == "moved" and len(pair.a) == 1 and len(pair.b) == 1:
            own_a = [where_a[k] for k in by_id_a[pair.a[0]].paragraphs if k in where_a]
            own_b = [where_b[k] for k in by_id_b[pair.b[0]].paragraphs if k in where_b]
            clause_moves.append(_paragraph_pairs(own_a, own_b, paras_a, paras_b))
    kinds = {}
    for step in align_paragraphs([p.text for p in paras_a], [p.text for p in paras_b], clause_moves):
        if step.a is not None and step.b is not None:
            kinds.setdefault((step.a, step.b), step.kind)
    written = in_place = 0
    for pairs_ in clause_moves:
        found = [kinds.get(p) for p in pairs_]
        if found and all(k in ("move_from", "move_to") for k in found):
            written += 1
        elif any(k in ("same", "edit") for k in found):
            in_place += 1
    return len(clause_moves), written, in_place


def office_check(outputs: list[Path], folder: Path) -> list[str]:
    """Convert redlines to PDF with LibreOffice; return the failures (or why it was skipped)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return ["soffice is not on PATH: the LibreOffice check was skipped"]
    failures = []
    pdf_dir = folder / "pdf"
    for path in outputs:
        result = subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation=file://{folder}/lo-profile",
             "--convert-to", "pdf", "--outdir", str(pdf_dir), str(path)],
            capture_output=True, text=True, timeout=180,
        )
        pdf = pdf_dir / (path.stem + ".pdf")
        if result.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
            failures.append(f"{path.name}: soffice failed ({result.returncode}): {result.stderr.strip()[:160]}")
        else:
            print(f"  soffice: {path.name} → {pdf.name} ({pdf.stat().st_size // 1024} KB)")
    return failures


def render_page(pdf: Path) -> str | None:
    """Render page 1 of `pdf` to docs/screenshot-redline-page.png; return a failure or None."""
    if shutil.which("pdftoppm") is None:
        return "pdftoppm is not on PATH: the screenshot was not made"
    stem = SCREENSHOT.with_suffix("")
    result = subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
                            capture_output=True, text=True)
    return None if result.returncode == 0 else f"pdftoppm failed: {result.stderr.strip()[:160]}"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not PEER.exists() or not VERSIONS.exists():
        print(f"corpus missing ({PEER} / {VERSIONS}): nothing evaluated")
        return 0
    keep = Path(argv[argv.index("--keep") + 1]) if "--keep" in argv else None
    folder = keep or Path(tempfile.mkdtemp(prefix="eval-redline-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[int]] = {}
    moves = [0, 0, 0]  # clauses the compare calls moved, written as Word moves, kept in place
    failures: list[str] = []
    outputs: dict[str, Path] = {}
    total_seconds = 0.0
    for k, (name, before, after) in enumerate(cases()):
        out = folder / f"{k:03d}-{before.stem[:30]}--{after.stem[:30]}.docx"
        failure, marks, seconds = check(name, before, after, out)
        total_seconds += seconds
        suite = "peer-wmlcomparer" if before.is_relative_to(PEER) else f"docx-rendered/{before.parent.name}"
        row = rows.setdefault(suite, [0, 0, 0])
        row[0] += 1
        row[1] += failure is None
        row[2] += marks
        if failure:
            failures.append(f"{name}: {failure}")
        elif not before.is_relative_to(PEER):
            moved, written, in_place = moves_check(before, after)
            moves = [moves[0] + moved, moves[1] + written, moves[2] + in_place]
            if written + in_place < moved:
                failures.append(f"{name}: {moved - written - in_place} of {moved} moved clauses are not Word moves")
        outputs[name] = out
    print(f"{'suite':<50} {'cases':>6} {'passed':>7} {'marks':>7}")
    for suite, (count, passed, marks) in rows.items():
        print(f"{suite:<50} {count:>6} {passed:>7} {marks:>7}")
    count, passed = sum(r[0] for r in rows.values()), sum(r[1] for r in rows.values())
    print(f"{'total':<50} {count:>6} {passed:>7}   ({total_seconds:.1f} s, CLI in process)")
    print(f"moves (docx-rendered): the compare names {moves[0]} moved clauses; the redline writes {moves[1]} "
          f"as Word moves and keeps {moves[2]} in place (the same place in the text: only their parent "
          f"or siblings changed); {moves[0] - moves[1] - moves[2]} are neither")
    for failure in failures:
        print("  FAIL", failure)
    shown = folder / "commonpaper-csa-v1.0-final--v2.0.docx"
    failure, _marks, _seconds = check("CSA v1.0-final → v2.0", *SHOWN_PAIR, shown)
    if failure:
        failures.append(f"CSA v1.0-final → v2.0: {failure}")
    sample = [p for n, p in outputs.items() if n in ("WC-1000", "WC-1130", "WC-1560", "WC-1680")]
    office = office_check([shown, *sample], folder)
    for line in office:
        print("  OFFICE", line)
    if shutil.which("soffice"):
        problem = render_page(folder / "pdf" / (shown.stem + ".pdf"))
        print(f"  page 1 of {shown.name} → {SCREENSHOT.relative_to(ROOT)}" if problem is None else f"  {problem}")
    if keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    office_failed = [f for f in office if not f.startswith("soffice is not on PATH")]
    return 1 if failures or office_failed else 0


if __name__ == "__main__":
    sys.exit(main())
