"""Do office suites open our exports? The sample deal's summary and issues list through LibreOffice.

    python -m tests.benchmarks.eval_exports [--screenshots]

Writes the sample deal's summary (.docx, .pdf, .md) and issues list (.xlsx, .csv), converts
the .docx, .xlsx and .csv with `soffice --headless --convert-to pdf` and prints a table: the
time each export and conversion took, and the page count of each PDF. Says so, and skips the
conversions, when soffice (or its Calc component, for the spreadsheets) is missing.

With --screenshots it also renders, with `pdftoppm -png -r 60`, three pages of the summary as a
client sees them: the first, the first page of each position's history, and the page of the
open items; from Counterdraft's own PDF (docs/summary-pdf-page-N.png) and from LibreOffice's
PDF of the .docx (docs/summary-docx-page-N.png). It saves the window's export preview to
docs/screenshot-export-preview.png too. The summary names the client a user would set in
Settings (SAMPLE_CLIENT).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SUFFIXES = (".docx", ".pdf", ".md", ".xlsx", ".csv")
CONVERT = (".docx", ".xlsx", ".csv")
SAMPLE_CLIENT = "Northwind Health, Inc."  # as if named in Settings ▸ Your client / organisation
# The pages the README shows: the first, where the histories begin, and the open items.
PAGES_SHOWN = (None, "1. Limitation of liability cap", "Open items")


def _pages(pdf: Path) -> str:
    if shutil.which("pdfinfo") is None:
        return "?"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def _convert(soffice: str, source: Path, folder: Path) -> tuple[str, float, Path | None]:
    """Return (outcome, seconds, pdf) of converting `source` to PDF in its own folder."""
    folder.mkdir()
    started = time.perf_counter()
    # A private profile: a running LibreOffice, or another conversion, cannot lock ours.
    profile = (folder / "profile").as_uri()
    result = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(folder), str(source)], capture_output=True, text=True, timeout=180)
    seconds = time.perf_counter() - started
    pdf = folder / (source.stem + ".pdf")
    if result.returncode != 0 or not pdf.exists():
        problem = (result.stderr.strip().splitlines() or ["no PDF written"])[-1]
        if "could not be loaded" in problem and source.suffix != ".docx":
            problem += " (is LibreOffice Calc installed? apt-get install libreoffice-calc-nogui)"
        return f"FAILED: {problem}", seconds, None
    return "ok", seconds, pdf


def _page_pictures(pdf: Path, kind: str) -> None:
    """Render the PAGES_SHOWN of `pdf` to docs/summary-KIND-page-N.png (and remove older ones)."""
    texts = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    for old in DOCS.glob(f"summary-{kind}-page-*.png"):
        old.unlink()
    for words in PAGES_SHOWN:
        page = 1 if words is None else next(n for n, text in enumerate(texts, start=1) if words in text)
        target = DOCS / f"summary-{kind}-page-{page}"
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
                        str(pdf), str(target)], check=True)
        print(f"wrote {target}.png")


def _preview_screenshot(store_path: Path, out: Path) -> None:
    """Save the window's export dialog, showing the sample deal's summary, as a PNG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.qt import QApplication, QSettings
    from desktop.store import Store
    from desktop.ui import export_actions, exporting

    app = QApplication.instance()
    from desktop.ui.main_window import MainWindow

    with Store(store_path) as store, tempfile.TemporaryDirectory() as folder:
        window = MainWindow(store, settings=QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        window.export_hooks = exporting.ExportHooks(lambda *args: None, lambda path: False)
        window.resize(1400, 900)
        window.show()
        dialog = export_actions.open_summary_export(window)
        dialog.resize(1040, 780)
        app.processEvents()  # a one-off script, not the app: let the dialog lay itself out once
        dialog.grab().save(str(out))
        dialog.close()
        window.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshots", action="store_true", help="also write the PNGs in docs/")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.core.playbook import default_playbook_path, load_playbook
    from desktop.export.summary import export_summary
    from desktop.export.summary.data import build_summary
    from desktop.export.summary.pdf import ensure_application
    from desktop.samples import create_sample_deal
    from desktop.store import Store

    if args.screenshots:  # the dialog needs widgets: a QApplication, not just a QGuiApplication
        from desktop.qt import QApplication

        application = QApplication.instance() or QApplication(["counterdraft"])
    else:
        ensure_application()
    work = Path(tempfile.mkdtemp(prefix="eval-exports-"))
    store_path = work / "sample.db"
    with Store(store_path) as store:
        deal_id = create_sample_deal(store)
        data = build_summary(store, deal_id, store.playbook(load_playbook(default_playbook_path())),
                             client=SAMPLE_CLIENT, author="Counterdraft")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    print(f"Sample deal: {len(data.rounds)} rounds, {len(data.positions)} positions; files in {work}")
    if soffice is None:
        print("soffice is missing: the LibreOffice conversions are skipped (apt-get install libreoffice-writer-nogui "
              "libreoffice-calc-nogui).")
    print(f"{'file':<14} {'export s':>9} {'LibreOffice → PDF':<22} {'s':>6} {'pages':>6}")
    failures = 0
    converted: dict[str, Path] = {}
    for suffix in SUFFIXES:
        out = work / f"summary{suffix}"
        started = time.perf_counter()
        export_summary(data, out)
        export_seconds = time.perf_counter() - started
        outcome, seconds, pages = "not converted", 0.0, ""
        if suffix == ".pdf":
            outcome, pages = "(Qt's own PDF)", _pages(out)
        elif suffix in CONVERT and soffice is not None:
            outcome, seconds, pdf = _convert(soffice, out, work / f"lo{suffix.replace('.', '-')}")
            failures += pdf is None
            if pdf is not None:
                converted[suffix] = pdf
                pages = _pages(pdf)
        print(f"{out.name:<14} {export_seconds:>9.2f} {outcome:<22} {seconds:>6.2f} {pages:>6}")
    if args.screenshots:
        DOCS.mkdir(exist_ok=True)
        if shutil.which("pdftoppm") and shutil.which("pdftotext"):
            _page_pictures(work / "summary.pdf", "pdf")
            if ".docx" in converted:
                _page_pictures(converted[".docx"], "docx")
            else:
                print("no page of the .docx rendered: needs soffice")
        else:
            print("no summary page rendered: needs pdftoppm and pdftotext (poppler-utils)")
        _preview_screenshot(store_path, DOCS / "screenshot-export-preview.png")
        print(f"wrote {DOCS / 'screenshot-export-preview.png'}")
        del application
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
