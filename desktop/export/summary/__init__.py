"""Writing the summary or the issues list to a file: the format from the suffix, the write atomic.

`export_summary(data, out)` is what the command line and the window's worker call: it picks
the writer from the file's suffix and writes through desktop.export.files.write_atomically, so
a crash, a Cancel or a full disk never leaves half a file under the user's name (and never
spoils the file that was there).
"""

from __future__ import annotations

import threading
from pathlib import Path

from desktop.core.work import Progress
from desktop.export.files import ExportError, write_atomically
from desktop.export.summary.data import SummaryData

# Suffix → what the file holds, as the window's format choice names it.
FORMATS = {
    ".docx": "Negotiation summary (Word)",
    ".pdf": "Negotiation summary (PDF)",
    ".md": "Negotiation summary (Markdown)",
    ".xlsx": "Issues list (Excel)",
    ".csv": "Issues list (CSV)",
}
SUMMARY_SUFFIXES = (".docx", ".pdf", ".md")
ISSUES_SUFFIXES = (".xlsx", ".csv")


def check_suffix(out: Path) -> str:
    """Return the export format's suffix of `out` (lower case); ExportError when it has none we write."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        raise ExportError(f"Counterdraft cannot write {out.name!r}: name the file with one of "
                          f"{known} to choose the format.")
    return suffix


def _write(data: SummaryData, suffix: str, path: Path, progress: Progress | None,
           cancel: threading.Event | None) -> None:
    if suffix == ".pdf":
        from desktop.export.summary.pdf import write_pdf

        write_pdf(data, path, progress=progress, cancel=cancel)
    elif suffix == ".docx":
        from desktop.export.summary.docx import write_docx

        write_docx(data, path)
    elif suffix == ".md":
        from desktop.export.summary.md import render_markdown

        path.write_text(render_markdown(data), encoding="utf-8", newline="\n")
    elif suffix == ".xlsx":
        from desktop.export.issues_list import write_xlsx

        write_xlsx(data, path)
    else:
        from desktop.export.issues_list import write_csv

        write_csv(data, path)


def export_summary(data: SummaryData, out: Path, *, progress: Progress | None = None,
                   cancel: threading.Event | None = None) -> Path:
    """Return `out` once the summary (.docx, .pdf, .md) or issues list (.xlsx, .csv) is written there.

    Runs on a worker thread: it takes only frozen data and touches no widget or store.
    """
    out = Path(out)
    suffix = check_suffix(out)
    if progress is not None:
        progress(0, 1)
    written = write_atomically(out, lambda path: _write(data, suffix, path, progress, cancel),
                               cancel=cancel)
    if progress is not None:
        progress(1, 1)
    return written
