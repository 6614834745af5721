"""The Export summary dialog: a preview of the summary or issues list, a format, then Save on a worker."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from desktop.export.summary import FORMATS, ISSUES_SUFFIXES, SUMMARY_SUFFIXES, export_summary
from desktop.export.summary.data import SummaryData
from desktop.export.summary.html import render_html, render_issues_html
from desktop.qt import QComboBox, QFormLayout, Qt, QTextBrowser, QVBoxLayout, QWidget
from desktop.ui.exporting import ExportHooks, ExportPanel, safe_file_name
from desktop.ui.tasks import Messages, TaskRunner, Work


class SummaryExportDialog(ExportPanel):
    """Shows the summary as the PDF will print it, and writes it in the format chosen."""

    def __init__(self, data: SummaryData, runner: TaskRunner, hooks: ExportHooks, messages: Messages, *,
                 issues_list: bool = False, folder: Path | None = None, parent: QWidget | None = None,
                 database: Path | None = None, originals: Mapping[str, str] | None = None) -> None:
        super().__init__(runner, hooks, messages, parent, database=database, originals=originals)
        self.data = data
        self._folder = folder or Path.home()
        self.setWindowTitle("Export issues list" if issues_list else "Export summary")
        self.resize(980, 760)
        self.format_box = QComboBox()
        for suffix in (*ISSUES_SUFFIXES, *SUMMARY_SUFFIXES) if issues_list else (*SUMMARY_SUFFIXES, *ISSUES_SUFFIXES):
            self.format_box.addItem(f"{FORMATS[suffix]} — {suffix}", suffix)
        self.format_box.currentIndexChanged.connect(self._show_preview)
        self.preview = QTextBrowser()
        self.preview.setObjectName("exportPreview")
        self.preview.setAccessibleName("Preview")
        self.preview.setOpenLinks(False)
        # A white page whatever the window's theme: the preview shows the document as printed.
        self.preview.setStyleSheet("QTextBrowser#exportPreview { background: white; color: #111111; }")
        self.preview.document().setDocumentMargin(28)
        self.preview.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form = QFormLayout()
        form.addRow("Format", self.format_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addLayout(self.button_row())
        self._preview_kind = ""
        self._show_preview()

    def suffix(self) -> str:
        """Return the chosen format's suffix."""
        return self.format_box.currentData()

    def set_format(self, suffix: str) -> None:
        """Choose the export format by its suffix (".pdf")."""
        self.format_box.setCurrentIndex(self.format_box.findData(suffix))

    def suffixes(self) -> tuple[str, ...]:
        """Return the suffixes of every format offered, the chosen one first."""
        offered = tuple(self.format_box.itemData(n) for n in range(self.format_box.count()))
        return (self.suffix(), *(suffix for suffix in offered if suffix != self.suffix()))

    def follow_suffix(self, suffix: str) -> None:
        """Switch the format (and the preview) to the one the user typed."""
        self.set_format(suffix)

    def suggested_path(self) -> Path:
        """Return "<deal> — summary.docx" (or "— issues list.xlsx") in the last folder used."""
        what = "issues list" if self.suffix() in ISSUES_SUFFIXES else "summary"
        return self._folder / f"{safe_file_name(self.data.deal_name)} — {what}{self.suffix()}"

    def file_filter(self) -> str:
        """Return the Save dialog's filters: the chosen format's first, then the others offered."""
        return ";;".join(f"{FORMATS[suffix]} (*{suffix})" for suffix in self.suffixes())

    def make_work(self, out: Path) -> Work:
        """Return the worker writing the frozen summary data to `out`."""
        data = self.data
        self._folder = out.parent
        return lambda progress, cancel: export_summary(data, out, progress=progress, cancel=cancel)

    def _show_preview(self, *args) -> None:
        kind = "issues" if self.suffix() in ISSUES_SUFFIXES else "summary"
        if kind == self._preview_kind:
            return
        self._preview_kind = kind
        self.preview.setHtml(render_issues_html(self.data) if kind == "issues" else render_html(self.data))
