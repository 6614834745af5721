"""Evaluate PDF import: does a text-based PDF of a contract split into the clauses its .docx does?

Run: `python -m tests.benchmarks.eval_pdf [--show N]`. Every .docx under corpus/docx-rendered
is converted to PDF by LibreOffice (`soffice --headless --convert-to pdf`) in a temporary
folder; both files are read and split, and the table shows each file's clause counts, the
difference, whether it is within the 5 % of issue 9's acceptance, and how many of the .docx's
citation numbers ("8.1(a)") the PDF also has ("—" when it has none). With --show N it prints
the first N differing clauses of each file outside 5 %. It exits 1 when fewer than TARGET of the files are within
5 %, and says so and exits 0 when the corpus or soffice is missing.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from desktop.core.model import Clause, ReadError
from desktop.core.pipeline import load_draft

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "docx-rendered"
TOLERANCE = 0.05
TARGET = 0.9  # share of files whose clause counts must agree within TOLERANCE


def convert(files: list[Path], out: Path) -> dict[Path, Path]:
    """Return the PDF LibreOffice wrote for each .docx (files with one name go in separate folders)."""
    profile = (out / "profile").as_uri()
    pdfs: dict[Path, Path] = {}
    for number, file in enumerate(files):
        target = out / str(number)
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(target), str(file)],
            check=False, capture_output=True, timeout=300,
        )
        pdf = target / f"{file.stem}.pdf"
        if pdf.exists():
            pdfs[file] = pdf
    return pdfs


def shape(clauses: tuple[Clause, ...]) -> list[str]:
    """Return one comparable line per clause: level, citation, heading and the start of its text."""
    return [f"{c.level} {c.number:8} {c.heading[:30]!r:34} {c.text[:50]!r}" for c in clauses]


def main(argv: list[str] | None = None) -> int:
    """Print the table; return 1 when fewer than TARGET of the files agree within 5 %."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print N differing clauses of each file outside 5 %%")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}: nothing to evaluate")
        return 0
    if shutil.which("soffice") is None:
        print("LibreOffice (soffice) is not installed: it makes the PDFs this evaluation reads. Skipped.")
        return 0
    files = sorted(CORPUS.rglob("*.docx"))
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        pdfs = convert(files, Path(tmp))
        print(f"converted {len(pdfs)}/{len(files)} files with LibreOffice in {time.perf_counter() - started:.0f} s\n")
        print(f"{'file':64} {'docx':>5} {'pdf':>5} {'diff':>7} {'≤5%':>4} {'cites':>6} {'read s':>7}")
        within = 0
        read_seconds = []
        for file in files:
            name = str(file.relative_to(CORPUS))[:64]
            if file not in pdfs:
                print(f"{name:64} LibreOffice wrote no PDF")
                continue
            try:
                docx = load_draft(file).clauses
                started = time.perf_counter()
                pdf = load_draft(pdfs[file]).clauses
                read_seconds.append(time.perf_counter() - started)
            except ReadError as error:
                print(f"{name:64} error: {error}")
                continue
            change = (len(pdf) - len(docx)) / max(1, len(docx))
            ok = abs(change) <= TOLERANCE
            within += ok
            numbers = {c.number for c in docx if c.number}
            cited = f"{len(numbers & {c.number for c in pdf}) / len(numbers):.0%}" if numbers else "—"
            print(f"{name:64} {len(docx):5} {len(pdf):5} {change:+7.1%} {'yes' if ok else 'NO':>4} "
                  f"{cited:>6} {read_seconds[-1]:7.2f}")
            if not ok and args.show:
                lines = [line for line in difflib.unified_diff(shape(docx), shape(pdf), lineterm="", n=0)
                         if line[:1] in "+-" and line[:3] not in ("+++", "---")]
                print("\n".join(f"    {line}" for line in lines[: args.show]))
    total = len(files)
    print(f"\n{within}/{total} files within {TOLERANCE:.0%} of their .docx clause count "
          f"(target {TARGET:.0%}); PDF read + split {sum(read_seconds):.1f} s in all")
    return 0 if total and within >= TARGET * total else 1


if __name__ == "__main__":
    sys.exit(main())
