"""File ▸ Export… and Print… of the Compare window: the comparison on screen, as a file or on paper.

Two vendors' papers go out as a table of topics (A's clause beside B's), two rounds of one
lineage as a whole-draft redline (desktop/export/comparison). Export… opens a dialog with a
preview and a choice of PDF or Word, and writes on a worker with a progress bar and Cancel;
Print… asks for a printer (QPrintDialog) and paints the same pages on it, on a worker too,
with the window's progress strip and Cancel. The window's `export_hooks` and `ask_printer`
are where tests put fakes, so no modal dialog blocks them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.model import UserFacingError
from desktop.export.comparison import FORMATS, ComparisonReport, comparison_report, export_comparison
from desktop.export.files import refuse_overwriting
from desktop.qt import (
    QAction,
    QComboBox,
    QDialog,
    QFormLayout,
    QPrintDialog,
    QPrinter,
    QPushButton,
    Qt,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from desktop.ui.exporting import ExportHooks, ExportPanel, safe_file_name, stored_drafts
from desktop.ui.shortcuts import bind
from desktop.ui.tasks import Messages, Task, TaskRunner, Work, report_failure

if TYPE_CHECKING:
    from desktop.ui.compare_window import CompareWindow

AskPrinter = Callable[[QWidget, QPrinter], bool]  # (parent, printer set up) → print on it?


def ask_printer_dialog(parent: QWidget, printer: QPrinter) -> bool:
    """Return True when the user chose a printer (and its options) in the Print dialog."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print comparison")
    return dialog.exec() == QDialog.DialogCode.Accepted


class ComparisonExportDialog(ExportPanel):
    """Shows the comparison as it will print, and writes it as PDF or Word."""

    def __init__(self, report: ComparisonReport, runner: TaskRunner, hooks: ExportHooks, messages: Messages, *,
                 inputs: Sequence[Path] = (), folder: Path | None = None, parent: QWidget | None = None,
                 database: Path | None = None, originals: Mapping[str, str] | None = None) -> None:
        super().__init__(runner, hooks, messages, parent, database=database, originals=originals)
        self.report = report
        self._inputs = tuple(inputs)  # drafts compared straight from disk: never written over
        self._folder = folder or Path.home()
        self.setWindowTitle("Export comparison")
        self.resize(1100, 780)
        self.format_box = QComboBox()
        self.format_box.setAccessibleName("Format")
        for suffix, words in FORMATS.items():
            self.format_box.addItem(f"{words} — {suffix}", suffix)
        self.preview = QTextBrowser()
        self.preview.setObjectName("exportPreview")
        self.preview.setAccessibleName("Preview")
        self.preview.setOpenLinks(False)
        # A white page whatever the window's theme: the preview shows the document as printed.
        self.preview.setStyleSheet("QTextBrowser#exportPreview { background: white; color: #111111; }")
        self.preview.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        from desktop.export.comparison.pdf import build_document, layout_device

        self._device = layout_device()  # the preview's layout points at it: it lives as long
        self._document = build_document(report, 900, self._device)
        self._document.setDocumentMargin(28)
        self.preview.setDocument(self._document)
        form = QFormLayout()
        form.addRow("Format", self.format_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addLayout(self.button_row())

    def suffix(self) -> str:
        """Return the chosen format's suffix (".pdf" or ".docx")."""
        return self.format_box.currentData()

    def set_format(self, suffix: str) -> None:
        """Choose the export format by its suffix."""
        self.format_box.setCurrentIndex(self.format_box.findData(suffix))

    def suffixes(self) -> tuple[str, ...]:
        """Return both suffixes, the chosen one first."""
        return (self.suffix(), *(suffix for suffix in FORMATS if suffix != self.suffix()))

    def follow_suffix(self, suffix: str) -> None:
        """Switch the format to the one the user typed."""
        self.set_format(suffix)

    def suggested_path(self) -> Path:
        """Return "Comparison — A vs B.pdf" (or "Redline — …") in the last folder used."""
        what = "Comparison" if self.report.by_topic else "Redline"
        return self._folder / f"{safe_file_name(f'{what} — {self.report.name_a} vs {self.report.name_b}')}{self.suffix()}"

    def file_filter(self) -> str:
        """Return the Save dialog's filters, the chosen format's first."""
        return ";;".join(f"{FORMATS[suffix]} (*{suffix})" for suffix in self.suffixes())

    def make_work(self, out: Path) -> Work:
        """Return the worker writing the frozen report to `out` (never over a draft it compares)."""
        refuse_overwriting(out, self._inputs)
        report = self.report
        self._folder = out.parent
        return lambda progress, cancel: export_comparison(report, out, progress=progress, cancel=cancel)


def install(window: CompareWindow, menu) -> tuple[QAction, QAction]:
    """Add Export… and Print… to the Compare window's File `menu` and to its bar; return the two actions."""
    export_action = QAction("&Export…", window)
    bind(export_action, "compare_export")
    export_action.setStatusTip("The comparison as PDF or Word: topic by topic for two vendors, else a redline")
    export_action.triggered.connect(lambda checked=False: open_export(window))
    print_action = QAction("&Print…", window)
    bind(print_action, "compare_print")
    print_action.setStatusTip("Print the comparison as it exports")
    print_action.triggered.connect(lambda checked=False: print_comparison(window))
    window.addActions([export_action, print_action])
    menu.addActions([export_action, print_action])
    for action in (export_action, print_action):
        button = QPushButton(action.text().replace("&", ""))
        button.setToolTip(action.statusTip())
        button.clicked.connect(action.trigger)
        action.enabledChanged.connect(button.setEnabled)
        window.view.bar.addWidget(button)

    def update(*args) -> None:
        ready = window.view.prepared is not None and not window.tasks.busy
        export_action.setEnabled(ready)
        print_action.setEnabled(ready)

    window.shown.connect(update)
    window.tasks.started.connect(update)
    window.tasks.idle.connect(update)
    update()
    return export_action, print_action


def current_report(window: CompareWindow) -> ComparisonReport | None:
    """Return the report of the comparison on screen (cosmetic changes, one-sided topics as the filters say), or None."""
    prepared = window.view.prepared
    if prepared is None:
        window.show_status("Compare two drafts first: File ▸ Compare two drafts… (Ctrl+Shift+C).")
        return None
    if window.tasks.busy:
        window.show_status("Wait for the current work to finish, or cancel it.")
        return None
    view = window.view
    return comparison_report(prepared, show_cosmetic=not view.substantive_only.isChecked(),
                             one_side_only=view.one_side_only.isChecked() and prepared.by_topic,
                             order=view.row_order.currentData() if prepared.by_topic else "b",
                             our_side=view.our_side.currentData())


def open_export(window: CompareWindow) -> ComparisonExportDialog | None:
    """Open the export dialog on the comparison shown; return it (None when there is none)."""
    report = current_report(window)
    if report is None:
        return None
    try:
        originals = stored_drafts(window.store)
    except UserFacingError as error:
        report_failure(error, window.prompts, window.show_status, title="Export comparison", doing="reading the drafts")
        return None
    dialog = ComparisonExportDialog(report, window.tasks, window.export_hooks, window.prompts,
                                    inputs=window.compared_files(), parent=window, database=window.store.path,
                                    originals=originals)
    dialog.exported.connect(lambda path: window.show_status(f"Saved {path}"))
    dialog.open()
    return dialog


def print_comparison(window: CompareWindow) -> Task | None:
    """Ask for a printer and print the comparison shown on a worker; None when nothing was sent."""
    from desktop.export.comparison.pdf import paint_report, prepare_printer

    report = current_report(window)
    if report is None:
        return None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    prepare_printer(report, printer)
    if not window.ask_printer(window, printer):
        return None
    window.printer = printer  # held by the window until the worker is done with it
    where = printer.outputFileName() or printer.printerName() or "the printer"

    def printed(pages: int) -> None:
        window.show_status(f"Sent {pages} page{'s' * (pages != 1)} to {where}.")

    return window.tasks.run(f"Printing {report.title}…",
                            lambda progress, cancel: paint_report(report, printer, progress=progress, cancel=cancel),
                            on_success=printed, failure_title="The comparison could not be printed")
