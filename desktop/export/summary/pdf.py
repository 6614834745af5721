"""The negotiation summary as PDF: the preview's HTML laid out by QTextDocument, painted on QPdfWriter.

Qt lays the document out page by page (repeating each table's header row), pages.py adds the
page breaks that keep headings and table headers with what follows, and we paint each
page ourselves so every page carries the confidentiality line at the top and "Page N of M"
at the bottom. QPdfWriter and QTextDocument need a QGuiApplication (fonts); they may run on a
worker thread once one exists, and touch no widget.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from desktop.core.work import Progress, check_cancel
from desktop.export.summary.data import CONFIDENTIAL, SummaryData
from desktop.export.summary.html import render_html
from desktop.export.summary.pages import keep_together
from desktop.qt import (
    QColor,
    QFont,
    QGuiApplication,
    QMarginsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPointF,
    QRectF,
    QSizeF,
    Qt,
    QTextDocument,
)

# Layout units are 1/96 inch: the writer runs at 96 dpi so CSS pixels mean what they mean on
# screen, and the PDF stays vector text whatever the resolution.
_DPI = 96
_PAGE_W, _PAGE_H = 8.5 * _DPI, 11 * _DPI  # US Letter
_MARGIN_X, _MARGIN_TOP, _MARGIN_BOTTOM = 0.8 * _DPI, 0.9 * _DPI, 0.9 * _DPI
_FURNITURE_FONT = ("Times New Roman", 8)


def ensure_application() -> None:
    """Create the QGuiApplication PDF output needs when none exists (the command line).

    Without a display, Qt draws offscreen: QT_QPA_PLATFORM defaults to "offscreen" here.
    """
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # Kept on the module: the application must outlive every QTextDocument made here.
        global _APPLICATION
        _APPLICATION = QGuiApplication(["counterdraft"])


_APPLICATION: QGuiApplication | None = None


def _furniture(painter: QPainter, page: int, pages: int) -> None:
    """Paint the page header (confidentiality) and footer (page number) of one page."""
    painter.save()
    painter.setFont(QFont(*_FURNITURE_FONT))
    painter.setPen(QColor("#444444"))
    width = _PAGE_W - 2 * _MARGIN_X
    header = QRectF(_MARGIN_X, 0.45 * _DPI, width, 0.25 * _DPI)
    painter.drawText(header, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), CONFIDENTIAL)
    footer = QRectF(_MARGIN_X, _PAGE_H - 0.6 * _DPI, width, 0.25 * _DPI)
    painter.drawText(footer, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter),
                     f"Page {page} of {pages}")
    painter.restore()


def write_pdf(data: SummaryData, out: Path, *, progress: Progress | None = None,
              cancel: threading.Event | None = None) -> int:
    """Write the summary as PDF to `out` and return its page count (the caller makes it atomic)."""
    writer = QPdfWriter(str(out))
    writer.setResolution(_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.Letter), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))
    writer.setTitle(data.title)
    writer.setAuthor(data.author)
    writer.setCreator("Counterdraft")
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setDocumentMargin(0)
    document.setHtml(render_html(data))
    body = QSizeF(_PAGE_W - 2 * _MARGIN_X, _PAGE_H - _MARGIN_TOP - _MARGIN_BOTTOM)
    document.setPageSize(body)
    keep_together(document)
    pages = document.pageCount()
    painter = QPainter(writer)
    try:
        paint_pages(painter, writer, document, body, QPointF(_MARGIN_X, _MARGIN_TOP),
                    lambda page: _furniture(painter, page, pages), progress=progress, cancel=cancel)
    finally:
        painter.end()
    return pages


def paint_pages(painter: QPainter, device: QPagedPaintDevice, document: QTextDocument, body: QSizeF,
                origin: QPointF, furniture: Callable[[int], None], *, progress: Progress | None = None,
                cancel: threading.Event | None = None) -> None:
    """Paint each page of the laid-out `document` at `origin` on `device`, then its header and footer.

    `body` is the page's text area, as the document was laid out; `furniture(page)` paints the
    rest of page `page` (1-based). The comparison's PDF and printing use this too.
    """
    pages = document.pageCount()
    for index in range(pages):
        check_cancel(cancel)
        if progress is not None:
            progress(index, pages)
        if index:
            device.newPage()
        painter.save()
        painter.translate(origin.x(), origin.y() - index * body.height())
        document.drawContents(painter, QRectF(0, index * body.height(), body.width(), body.height()))
        painter.restore()
        furniture(index + 1)
