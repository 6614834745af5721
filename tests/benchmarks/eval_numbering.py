"""Evaluate Word list labels against LibreOffice: do we show the numbers LibreOffice shows?

Run: `python -m tests.benchmarks.eval_numbering [--all]`. Every .docx under
corpus/docx-rendered (and corpus/docx with --all) is read with `read_docx` and converted by
LibreOffice to text (`soffice --headless --convert-to txt`), which writes each paragraph's
list label at the start of its line. Each of our paragraphs is aligned to the next text line
ending with its text; the rest of that line is LibreOffice's label. Over the numbered
paragraphs (ours or LibreOffice's) it counts how many labels agree, prints a table per file
and a total, and exits 1 when the docx-rendered total is under 98 %. It says so and exits 0
when the corpus or soffice is missing.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from desktop.core.model import ReadError
from desktop.core.reading.docx import read_docx
from desktop.core.reading.docx.numbering import ListDefinitions
from desktop.core.reading.docx.package import open_package
from desktop.core.reading.docx.styles import StyleSheet, W

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
TARGET = 0.98



def squash(text: str) -> str:
    """Return text with every run of whitespace made one space, ends trimmed."""
    return " ".join(text.split())


def convert(files: list[Path], out: Path) -> dict[Path, list[str]]:
    """Return LibreOffice's text lines for each file (converted one folder at a time)."""
    lines: dict[Path, list[str]] = {}
    by_folder: dict[Path, list[Path]] = defaultdict(list)
    for file in files:
        by_folder[file.parent].append(file)
    profile = (out / "profile").as_uri()
    for number, (folder, group) in enumerate(sorted(by_folder.items())):
        target = out / str(number)
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
             "txt:Text (encoded):UTF8", "--outdir", str(target), *map(str, group)],
            check=False, capture_output=True, timeout=600,
        )
        for file in group:
            txt = target / (file.stem + ".txt")
            if txt.exists():
                lines[file] = txt.read_text(encoding="utf-8-sig").splitlines()
    return lines


def line_keys(lines: list[str], texts: set[str]) -> list[str]:
    """Return, per LibreOffice line, the part that is one of our paragraph texts (else the line).

    A line is a label, a space and the text; the label is at most a few words ("Section 1.").
    """
    keys = []
    for line in lines:
        key = line
        if line not in texts:
            words = line.split(" ")
            for cut in range(1, min(4, len(words))):
                rest = " ".join(words[cut:])
                if rest in texts:
                    key = rest
                    break
        keys.append(key)
    return keys


def bullet_levels(data: bytes) -> set[tuple[str, int]]:
    """Return the (numId, ilvl) pairs whose number format is a bullet in this .docx."""
    package = open_package(data)
    styles_part = package.related(package.main_part, "/styles")
    numbering_part = package.related(package.main_part, "/numbering")
    styles = StyleSheet(package.xml(styles_part) if styles_part else None)
    lists = ListDefinitions(package.xml(numbering_part) if numbering_part else None, styles)
    out = set()
    for num in (package.xml(numbering_part).iter(W + "num") if numbering_part else ()):
        num_id = num.get(W + "numId", "")
        resolved = lists.resolve(num_id)
        if resolved is not None:
            out.update((num_id, n) for n, lvl in resolved[1].items() if lvl.fmt == "bullet")
    return out


def compare_labels(file: Path, lo_lines: list[str]) -> dict[str, object]:
    """Return label agreement counts for one file, and a few disagreements to show."""
    data = file.read_bytes()
    doc = read_docx(file.name, data)
    bullets = bullet_levels(data)
    ours = [squash(p.text) for p in doc.paragraphs]
    lines = [squash(line) for line in lo_lines]
    keys = line_keys(lines, set(ours))
    matched: dict[int, int] = {}
    for block in difflib.SequenceMatcher(None, ours, keys, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            matched[block.a + k] = block.b + k
    out = {"numbered": 0, "agree": 0, "bullets": 0, "bullets_agree": 0, "lost": 0, "misses": []}
    for para in doc.paragraphs:
        if not (para.label or para.num_id):
            theirs_line = matched.get(para.index)
            if theirs_line is None or lines[theirs_line] == keys[theirs_line]:
                continue  # unnumbered on both sides (or not found)
        if para.index not in matched or not ours[para.index]:
            out["lost"] += 1
            continue
        line = lines[matched[para.index]]
        theirs = line[: len(line) - len(ours[para.index])].strip()
        if (para.num_id, para.num_level) in bullets:
            # LibreOffice's text export writes every bullet as •, ◦ or ▪ by depth, whatever
            # the glyph, so for bullets only "both show a bullet" can be checked.
            out["bullets"] += 1
            out["bullets_agree"] += theirs in ("•", "◦", "▪")
            ok = theirs in ("•", "◦", "▪")
        else:
            out["numbered"] += 1
            ok = theirs == para.label
            out["agree"] += ok
        if not ok and len(out["misses"]) < 3:
            out["misses"].append(
                f"#{para.index} ours {para.label!r} LibreOffice {theirs!r}: {ours[para.index][:40]}"
            )
    return out


def row(name: str, counts: dict) -> str:
    """Return one table row: numbered labels agreeing, bullets agreeing, paragraphs lost."""
    share = 100 * counts["agree"] / counts["numbered"] if counts["numbered"] else 100.0
    return (
        f"{name[-66:]:<66} {counts['numbered']:>8} {counts['agree']:>6} {share:>6.1f}"
        f" {counts['bullets']:>7} {counts['bullets_agree']:>6} {counts['lost']:>5}"
    )


def main(argv: list[str] | None = None) -> int:
    """Print the per-file table and totals; return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    rendered = CORPUS / "docx-rendered"
    if not rendered.is_dir():
        print(f"corpus not found at {rendered}: nothing to evaluate")
        return 0
    if shutil.which("soffice") is None:
        print("soffice (LibreOffice) is not installed: nothing to compare against.")
        print("Install it with: apt-get install -y libreoffice-writer-nogui")
        return 0
    groups = {"docx-rendered": sorted(rendered.rglob("*.docx"))}
    if "--all" in argv:
        groups["docx"] = sorted((CORPUS / "docx").rglob("*.docx"))
    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        lo = convert([f for files in groups.values() for f in files], Path(tmp))
        print(f"LibreOffice converted {len(lo)} files in {time.perf_counter() - started:.1f} s")
        for group, files in groups.items():
            sums = {"numbered": 0, "agree": 0, "bullets": 0, "bullets_agree": 0, "lost": 0}
            print(f"\n{group}\n{'file':<66} {'numbered':>8} {'agree':>6} {'%':>6}"
                  f" {'bullets':>7} {'agree':>6} {'lost':>5}")
            for file in files:
                name = str(file.relative_to(CORPUS / group))
                if file not in lo:
                    print(f"{name:<66} LibreOffice could not convert it")
                    continue
                try:
                    counts = compare_labels(file, lo[file])
                except ReadError as exc:
                    print(f"{name:<66} not read: {exc}")
                    continue
                for key in sums:
                    sums[key] += counts[key]
                print(row(name, counts))
                for miss in counts["misses"]:
                    print(f"    {miss}")
            print(row("TOTAL " + group, sums))
            share = sums["agree"] / sums["numbered"] if sums["numbered"] else 1.0
            if group == "docx-rendered" and share < TARGET:
                print(f"below the {100 * TARGET:.0f} % target")
                status = 1
    print(
        "\n'numbered' counts paragraphs with a number or letter label on either side; 'lost'"
        " those\nwhose line could not be found in LibreOffice's text (which, unlike ours, keeps"
        " deleted\ntext and footnote marks)."
    )
    return status


if __name__ == "__main__":
    sys.exit(main())
