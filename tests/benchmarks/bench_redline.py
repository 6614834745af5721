"""Time the Word redline of two ~100-page drafts, and Docxodus on the same pair when it can run.

Run: `python -m tests.benchmarks.bench_redline`. The pair is the synthetic 100-page pair of
eval_compare (~50k words of real contract text, ~900 clauses; B has a section inserted,
edits, deletions, insertions and moves), laid out as .docx with python-docx: headings in
Heading 1, clauses as automatically numbered List Number paragraphs. It times
`write_redline` (median of 5, drafts already read), the CLI end to end (`counterdraft
redline A B -o OUT`, reading included) and, when /tmp/bench-venv holds python-redlines,
its Docxodus engine, and prints the ratio. Bar: write_redline ≤ 1.5 s. Exits 1 when missed.
"""

from __future__ import annotations

import contextlib
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docx

from desktop.cli import main as cli_main
from desktop.core.pipeline import load_draft
from desktop.export.redline import write_redline
from tests.benchmarks.eval_compare import Node, print_table, synthetic_drafts
from tests.export.ooxml_walker import texts

BAR_SECONDS = 1.5
BENCH_VENV = Path("/tmp/bench-venv/bin/python")
# Run in the separate venv: python-redlines is not a dependency of Counterdraft.
DOCXODUS = """
import sys, time
from python_redlines.engines import DocxodusEngine
engine = DocxodusEngine()
a, b = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
runs = []
for _ in range(3):
    started = time.perf_counter()
    engine.run_redline("Docxodus", a, b)
    runs.append(time.perf_counter() - started)
print(min(runs), sorted(runs)[1])
"""


def write_docx(nodes: list[Node], path: Path) -> None:
    """Lay out a synthetic draft as a .docx: headings, and numbered clause paragraphs."""
    document = docx.Document()
    for _origin, level, heading, text in nodes:
        if level == 1:
            document.add_paragraph(heading or text[:40], style="Heading 1")
            document.add_paragraph(text)
        else:
            document.add_paragraph(text, style="List Number" if level == 2 else "List Number 2")
    document.save(path)


def docxodus_seconds(a: Path, b: Path) -> tuple[float, float] | str:
    """Return Docxodus's (best, median) seconds on the pair, or why it could not run."""
    if not BENCH_VENV.exists():
        return "no /tmp/bench-venv (python -m venv /tmp/bench-venv; /tmp/bench-venv/bin/pip install python-redlines)"
    result = subprocess.run([str(BENCH_VENV), "-c", DOCXODUS, str(a), str(b)], capture_output=True, text=True,
                            timeout=600)
    if result.returncode != 0:
        return "Docxodus failed: " + (result.stderr.strip().splitlines() or ["no output"])[-1][:200]
    best, median = (float(x) for x in result.stdout.split())
    return best, median


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="bench-redline-"))
    nodes_a, nodes_b = synthetic_drafts()
    path_a, path_b, out = folder / "A.docx", folder / "B.docx", folder / "redline.docx"
    write_docx(nodes_a, path_a)
    write_docx(nodes_b, path_b)
    draft_a, draft_b = load_draft(path_a), load_draft(path_b)
    words = sum(len(p.text.split()) for p in draft_a.document.paragraphs)
    runs = []
    for _ in range(5):
        result = write_redline(draft_a, draft_b, out, date="2026-11-30T00:00:00Z")
        runs.append(result.seconds)
    ok = texts(out, "accept") == texts(path_b) and texts(out, "reject") == texts(path_a)
    cli = []
    for _ in range(3):
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            cli_main(["redline", str(path_a), str(path_b), "-o", str(out)])
        cli.append(time.perf_counter() - started)
    median = statistics.median(runs)
    rows = [
        ["write_redline", f"{len(draft_a.clauses)}/{len(draft_b.clauses)} clauses, {words} words",
         f"{1000 * median:.0f} ms", f"{1000 * min(runs):.0f} ms",
         f"{result.insertions} ins, {result.deletions} del, {result.moves} moves, round trip {'ok' if ok else 'FAILED'}"],
        ["CLI end to end", "read both + redline", f"{1000 * statistics.median(cli):.0f} ms", f"{1000 * min(cli):.0f} ms", ""],
    ]
    peer = docxodus_seconds(path_a, path_b)
    if isinstance(peer, tuple):
        rows.append(["Docxodus (python-redlines)", "same pair", f"{1000 * peer[1]:.0f} ms", f"{1000 * peer[0]:.0f} ms",
                     f"{peer[1] / median:.0f}x write_redline's median, {peer[1] / statistics.median(cli):.0f}x the CLI's"])
    print_table(["what", "pair", "median", "best", "notes"], rows)
    if isinstance(peer, str):
        print(f"  Docxodus not timed: {peer}")
    failed = median > BAR_SECONDS or not ok
    if median > BAR_SECONDS:
        print(f"  FAIL write_redline took {median:.2f} s > {BAR_SECONDS} s")
    if not ok:
        print("  FAIL the redline's accept/reject texts differ from B/A")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
