"""A comparison as PDF, or on paper: a QTextDocument built with QTextCursor, painted page by page.

As for the negotiation summary (summary/pdf.py), Qt lays the document out in pages and we
paint each page ourselves, with the confidentiality line at the top and "Page N of M" at the
bottom. The document is built with QTextCursor and character formats, never from HTML, so a
clause's "<b>" is printed as written. The same painting serves QPdfWriter (Export…) and
QPrinter (Print…): the layout is made at 96 dots per inch on a reference image and scaled to
the device, whatever its resolution and paper size.

Two vendors' papers print as a table, topic | A's clause | B's clause, in landscape; two rounds
of one lineage as a continuous redline in portrait. Both run on a worker thread once a
QGuiApplication exists (fonts); they touch no widget.
"""

from __future__ import annotations

import threading
from pathlib import Path

from desktop.core.model import DiffOp
from desktop.core.work import Progress
from desktop.display.compare_rows import Block
from desktop.display.document_redline import (
    DELETED_GROUND,
    DELETED_INK,
    GAP,
    INSERTED_GROUND,
    INSERTED_INK,
    DocumentRedline,
)
from desktop.export.comparison.data import CONFIDENTIAL, ONE_SIDE, ComparisonReport, Side, TopicRow
from desktop.export.files import ExportError
from desktop.export.summary.pdf import ensure_application, paint_pages
from desktop.qt import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QMarginsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPointF,
    QPrinter,
    QRectF,
    QSizeF,
    Qt,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextLength,
    QTextTableCellFormat,
    QTextTableFormat,
)

_DPI = 96  # layout units: CSS pixels, as on screen
_MARGIN_X, _MARGIN_TOP, _MARGIN_BOTTOM = 0.7 * _DPI, 0.85 * _DPI, 0.85 * _DPI
SERIF = ["Times New Roman", "Liberation Serif", "DejaVu Serif", "serif"]
HEADING_INK = "#1f3864"
GREY_INK = "#4b5563"
RULE = "#8eaadb"
HEADER_FILL = "#d9e2f3"
GAP_FILL = "#f1f2f5"
WORD_INKS = {"Same topic": "#1e7b34", "Partial": "#8a5a00"}  # one side only: grey
_HEADING = QTextFormat.Property.UserProperty + 1  # marks a clause's heading line (kept with its text)
_INDENT = 18  # per level below the top


def _font(size: float, *, bold: bool = False, italic: bool = False, ink: str = "#111111") -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFontFamilies(SERIF)
    fmt.setFontPointSize(size)
    fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    fmt.setFontItalic(italic)
    fmt.setForeground(QColor(ink))
    return fmt


def marked(fmt: QTextCharFormat, op: str) -> QTextCharFormat:
    """Return `fmt` as a deletion (red, struck), an insertion (blue, underlined) or unchanged."""
    out = QTextCharFormat(fmt)
    if op == "-":
        out.setForeground(QColor(DELETED_INK))
        out.setBackground(QColor(DELETED_GROUND))
        out.setFontStrikeOut(True)
    elif op == "+":
        out.setForeground(QColor(INSERTED_INK))
        out.setBackground(QColor(INSERTED_GROUND))
        out.setFontUnderline(True)
    return out


def _pieces(cursor: QTextCursor, pieces: tuple[DiffOp, ...], fmt: QTextCharFormat) -> None:
    for op, text in pieces:
        cursor.insertText(text, fmt if op in ("=", GAP) else marked(fmt, op))


def landscape(report: ComparisonReport) -> bool:
    """Return True when the report prints across the page (two columns of clause text)."""
    return report.by_topic


def layout_device() -> QImage:
    """Return a 96-dpi image to lay documents out on: the same layout whatever the printer's resolution."""
    reference = QImage(1, 1, QImage.Format.Format_RGB32)
    reference.setDotsPerMeterX(round(_DPI / 0.0254))
    reference.setDotsPerMeterY(round(_DPI / 0.0254))
    return reference


def build_document(report: ComparisonReport, body_width: float, device: QImage) -> QTextDocument:
    """Return the report as a QTextDocument `body_width` layout units wide, laid out on `device` (keep it alive)."""
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setUndoRedoEnabled(False)
    font = QFont()
    font.setFamilies(SERIF)
    font.setPointSize(10)
    document.setDefaultFont(font)
    cursor = QTextCursor(document)
    cursor.insertText(report.title, _font(15, bold=True, ink=HEADING_INK))
    line = QTextBlockFormat()
    line.setTopMargin(4)
    cursor.insertBlock(line, QTextCharFormat())
    cursor.insertText(report.subtitle, _font(9, ink=GREY_INK))
    note = QTextBlockFormat()
    note.setTopMargin(6)
    note.setBottomMargin(10)
    cursor.insertBlock(note, QTextCharFormat())
    cursor.insertText(report.note, _font(9, italic=True, ink=GREY_INK))
    if report.redline is not None:
        _redline(cursor, report.redline)
    else:
        _topics(cursor, report, body_width)
    # Laid out once, when it is all there: a table laid out as it fills is laid out again at every cell.
    document.documentLayout().setPaintDevice(device)
    document.setTextWidth(body_width)
    return document


def _topics(cursor: QTextCursor, report: ComparisonReport, body_width: float) -> None:
    table_format = QTextTableFormat()
    table_format.setHeaderRowCount(1)
    table_format.setCellPadding(5)
    table_format.setCellSpacing(0)
    table_format.setBorder(1)
    table_format.setBorderBrush(QBrush(QColor(RULE)))
    table_format.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
    table_format.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    table_format.setColumnWidthConstraints([QTextLength(QTextLength.Type.PercentageLength, share)
                                            for share in (18, 41, 41)])
    table = cursor.insertTable(len(report.topics) + 1, 3, table_format)
    header = (("Topic", ""), ("A", report.name_a), ("B", report.name_b))
    head_cell = QTextTableCellFormat()
    head_cell.setBackground(QColor(HEADER_FILL))
    for column, (letter, name) in enumerate(header):
        cell = table.cellAt(0, column)
        cell.setFormat(head_cell)
        at = cell.firstCursorPosition()
        at.insertText(letter, _font(9.5, bold=True))
        if name:
            at.insertText(f"  ·  {name}", _font(9, ink=GREY_INK))
    for number, row in enumerate(report.topics, start=1):
        _topic_cell(table.cellAt(number, 0).firstCursorPosition(), row)
        for column, (letter, side) in enumerate((("a", row.a), ("b", row.b)), start=1):
            cell = table.cellAt(number, column)
            if side is None:
                empty = QTextTableCellFormat()
                empty.setBackground(QColor(GAP_FILL))
                cell.setFormat(empty)
                cell.firstCursorPosition().insertText(ONE_SIDE[letter], _font(9, italic=True, ink=GREY_INK))
            else:
                _side_cell(cell.firstCursorPosition(), side)
    cursor.movePosition(QTextCursor.MoveOperation.End)


def _topic_cell(cursor: QTextCursor, row: TopicRow) -> None:
    cursor.insertText(row.topic, _font(9.5, bold=True))
    block = QTextBlockFormat()
    block.setTopMargin(3)
    if row.numbers:
        cursor.insertBlock(block, QTextCharFormat())
        cursor.insertText(row.numbers, _font(8.5, ink=GREY_INK))
    cursor.insertBlock(block, QTextCharFormat())
    cursor.insertText(row.words, _font(9, bold=True, ink=WORD_INKS.get(row.words, GREY_INK)))
    if row.why:
        cursor.insertBlock(block, QTextCharFormat())
        cursor.insertText(row.why, _font(8, italic=True, ink=GREY_INK))
    for line in row.values:  # each key position's values on both sides, ★ on the better for us
        cursor.insertBlock(block, QTextCharFormat())
        cursor.insertText(line, _font(8.5, ink=GREY_INK))
    if row.positions and not row.values:  # named here; its values are under its first topic
        cursor.insertBlock(block, QTextCharFormat())
        cursor.insertText("Playbook: " + "; ".join(row.positions), _font(8.5, italic=True, ink=GREY_INK))


def _blocks(cursor: QTextCursor, blocks: tuple[Block, ...]) -> None:
    """Write a plain side's clauses: headings bold, bullets as hanging list items, numbers first."""
    for number, block in enumerate(blocks):
        fmt = QTextBlockFormat()
        fmt.setTopMargin(0 if not number else 5 if block.style == "heading" else 3)
        fmt.setLineHeight(115, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        fmt.setLeftMargin(_INDENT * (block.depth + (block.style == "item")))
        if block.style == "item":
            fmt.setTextIndent(-_INDENT * 0.8)
        if number:
            cursor.insertBlock(fmt, QTextCharFormat())
        else:
            cursor.setBlockFormat(fmt)
        if block.style == "heading":
            cursor.insertText(" ".join(p for p in (block.lead, block.heading) if p), _font(9, bold=True))
            continue
        if block.lead:
            cursor.insertText(block.lead + ("\u2002" if block.style == "item" else "  "),
                              _font(9.5, bold=block.style != "item"))
        if block.heading:
            ending = "" if block.heading.endswith((".", ":")) else "."
            cursor.insertText(f"{block.heading}{ending} ", _font(9.5, bold=True))
        cursor.insertText(block.text, _font(9.5))


def _side_cell(cursor: QTextCursor, side: Side) -> None:
    if side.blocks:
        _blocks(cursor, side.blocks)
        return
    cursor.insertText(side.title, _font(9, bold=True))
    if not any(text for _, text in side.text):
        return
    block = QTextBlockFormat()
    block.setTopMargin(3)
    block.setLineHeight(115, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    cursor.insertBlock(block, QTextCharFormat())
    _pieces(cursor, side.text, _font(9.5))


def _redline(cursor: QTextCursor, redline: DocumentRedline) -> None:
    for clause in redline.clauses:
        block = QTextBlockFormat()
        block.setLeftMargin(_INDENT * (clause.level - 1))
        block.setTopMargin(12 if clause.level == 1 and clause.heading_line else 6)
        block.setLineHeight(120, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        strong = _font(12 if clause.level == 1 and clause.heading_line else 10.5, bold=True)
        if clause.clause.kind == "title":
            block.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            strong = _font(14, bold=True)
        if clause.heading_line and clause.text:
            block.setProperty(_HEADING, True)
        cursor.insertBlock(block, QTextCharFormat())
        op, number = clause.number
        if number:
            _pieces(cursor, ((op, number),), strong)
            cursor.insertText("  ", strong)
        if clause.heading_line:
            _pieces(cursor, clause.heading, strong)
            _note(cursor, clause.note)
            if not clause.text:
                continue
            body = QTextBlockFormat(block)
            body.clearProperty(_HEADING)
            body.setTopMargin(2)
            body.setAlignment(Qt.AlignmentFlag.AlignLeft)
            cursor.insertBlock(body, QTextCharFormat())
        elif clause.note:
            _note(cursor, clause.note)
            cursor.insertText("  ", _font(10.5))
        _pieces(cursor, clause.text, _font(10.5))


def _note(cursor: QTextCursor, note: str) -> None:
    if note:
        cursor.insertText("   ", _font(9))
        cursor.insertText(f"[{note}]", _font(9, italic=True, ink=GREY_INK))


def keep_headings(document: QTextDocument, page_height: float) -> None:
    """Move a clause's heading to the next page when the page would end between it and its text."""
    layout = document.documentLayout()
    page_height = round(page_height * 64) / 64  # Qt's layout measures in 1/64 pixel (QFixed)
    layout.documentSize()  # lays the whole document out: a lazy layout moves what follows a change later
    block = document.begin()
    while block.isValid():
        following = block.next()
        if block.blockFormat().property(_HEADING) and following.isValid():
            # Asking for the rects lays the blocks out (the layout is lazy): only then are there lines.
            here, there = layout.blockBoundingRect(block), layout.blockBoundingRect(following)
            line, first = block.layout().lineAt(0), following.layout().lineAt(0)
            heading_top = here.top() + (line.y() if line.isValid() else 0)
            text_top = there.top() + (first.y() if first.isValid() else 0)
            if int(text_top // page_height) > int(heading_top // page_height):
                moved = block.blockFormat()
                moved.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                QTextCursor(block).setBlockFormat(moved)
        block = following


def page_size(report: ComparisonReport, device: QPagedPaintDevice | None = None) -> QSizeF:
    """Return the paper size in layout units: the device's, or US Letter the right way round."""
    if device is not None:
        points = device.pageLayout().fullRectPoints()
        return QSizeF(points.width() * _DPI / 72, points.height() * _DPI / 72)
    if landscape(report):
        return QSizeF(11 * _DPI, 8.5 * _DPI)
    return QSizeF(8.5 * _DPI, 11 * _DPI)


def paint_report(report: ComparisonReport, device: QPagedPaintDevice, *, progress: Progress | None = None,
                 cancel: threading.Event | None = None) -> int:
    """Lay the report out on `device`'s paper and paint every page; return the page count."""
    ensure_application()
    paper = page_size(report, device)
    body = QSizeF(paper.width() - 2 * _MARGIN_X, paper.height() - _MARGIN_TOP - _MARGIN_BOTTOM)
    reference = layout_device()  # held until the painting is done: the layout points at it
    document = build_document(report, body.width(), reference)
    document.setPageSize(body)
    if report.redline is not None:
        keep_headings(document, body.height())
    document.documentLayout().documentSize()  # the layout is lazy: finish it before counting pages
    pages = document.pageCount()
    scale = device.logicalDpiX() / _DPI
    painter = QPainter(device)
    if not painter.isActive():
        raise ExportError("Counterdraft could not start printing: the printer or file refused it.")
    try:
        painter.scale(scale, device.logicalDpiY() / _DPI)
        paint_pages(painter, device, document, body, QPointF(_MARGIN_X, _MARGIN_TOP),
                    lambda page: _furniture(painter, paper, report, page, pages), progress=progress, cancel=cancel)
    except BaseException:
        if isinstance(device, QPrinter):
            device.abort()  # nothing half-printed goes to the printer
        raise
    finally:
        painter.end()
        # A Cancel's traceback holds this frame and travels to the GUI thread: the document (a
        # QObject of this thread, with a layout timer) must go here, not there.
        del document
    if progress is not None:
        progress(pages, pages)
    return pages


def _furniture(painter: QPainter, paper: QSizeF, report: ComparisonReport, page: int, pages: int) -> None:
    """Paint the page header (what this is, and that it is confidential) and the footer (page number)."""
    painter.save()
    font = QFont()
    font.setFamilies(SERIF)
    font.setPixelSize(11)  # 8 points in layout units: a point size would follow the device's resolution
    painter.setFont(font)
    painter.setPen(QColor("#444444"))
    width = paper.width() - 2 * _MARGIN_X
    header = QRectF(_MARGIN_X, 0.4 * _DPI, width, 0.25 * _DPI)
    what = "Comparison by topic" if report.by_topic else "Redline"
    painter.drawText(header, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), what)
    painter.drawText(header, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), CONFIDENTIAL)
    footer = QRectF(_MARGIN_X, paper.height() - 0.55 * _DPI, width, 0.25 * _DPI)
    painter.drawText(footer, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter),
                     f"Page {page} of {pages}")
    painter.restore()


def write_pdf(report: ComparisonReport, out: Path, *, progress: Progress | None = None,
              cancel: threading.Event | None = None) -> int:
    """Write the report as PDF to `out` and return its page count (the caller makes it atomic)."""
    ensure_application()
    writer = QPdfWriter(str(out))
    writer.setResolution(_DPI)
    orientation = QPageLayout.Orientation.Landscape if landscape(report) else QPageLayout.Orientation.Portrait
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.Letter), orientation, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(report.title)
    writer.setCreator("Counterdraft")
    try:
        return paint_report(report, writer, progress=progress, cancel=cancel)
    finally:
        del writer  # a QObject of this thread: deleted here, whatever a traceback holds (see paint_report)


def prepare_printer(report: ComparisonReport, printer: QPrinter) -> None:
    """Set `printer` up for the report before the Print dialog opens: whole page, the right way round."""
    printer.setFullPage(True)  # our own margins, measured from the paper's edge
    printer.setDocName(report.title)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape(report)
                               else QPageLayout.Orientation.Portrait)


__all__ = ["build_document", "layout_device", "keep_headings", "paint_report", "prepare_printer", "write_pdf"]
