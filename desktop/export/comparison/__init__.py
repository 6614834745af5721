"""Exporting what the Compare window shows: .pdf and .docx, written atomically on a worker.

`export_comparison(report, out)` picks the writer from the file's suffix and writes through
desktop.export.files.write_atomically, so a crash, a Cancel or a full disk never leaves half a
file under the user's name. Print… paints the same pages as the PDF on a printer
(desktop.export.comparison.pdf.paint_report). The report itself is built by `comparison_report`
(data.py) from the comparison the window holds.
"""

from __future__ import annotations

import threading
from pathlib import Path

from desktop.core.work import Progress
from desktop.export.comparison.data import ComparisonReport, comparison_report
from desktop.export.files import ExportError, write_atomically

# Suffix → what the Save dialog calls it.
FORMATS = {".pdf": "PDF", ".docx": "Word document"}


def file_filter() -> str:
    """Return the Save dialog's filter: "PDF (*.pdf);;Word document (*.docx)"."""
    return ";;".join(f"{words} (*{suffix})" for suffix, words in FORMATS.items())


def export_comparison(report: ComparisonReport, out: Path, *, progress: Progress | None = None,
                      cancel: threading.Event | None = None) -> Path:
    """Return `out` once the comparison is written there as PDF or Word (by its suffix).

    Runs on a worker thread: it takes only frozen data and touches no widget or store.
    """
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"Counterdraft cannot write {out.name!r}: name the file .pdf or .docx to choose "
                          "the format.")
    if progress is not None:
        progress(0, 1)

    def write(path: Path) -> None:
        if suffix == ".pdf":
            from desktop.export.comparison.pdf import write_pdf

            write_pdf(report, path, progress=progress, cancel=cancel)
        else:
            from desktop.export.comparison.docx import write_docx

            write_docx(report, path)

    written = write_atomically(out, write, cancel=cancel)
    if progress is not None:
        progress(1, 1)
    return written


__all__ = ["FORMATS", "ComparisonReport", "comparison_report", "export_comparison", "file_filter"]
