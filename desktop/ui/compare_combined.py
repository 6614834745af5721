"""The Compare window's combined view of a row: one redline for two rounds, both texts apart for two vendors.

Two rounds of one lineage read as one word redline, deletions struck in red and insertions
underlined in blue, a space kept between a deletion and an insertion that would touch. Two
vendors' papers share no history: where a topic's two wordings are close (compare_rows'
TOPIC_REDLINE_SIMILARITY), they read as one word redline too, labelled as such; otherwise
A's clause and B's clause stand in two columns of a table, never run together. Every run
written carries SIDE ("a", "b", or none for words both share), which the tests read to prove
that A's text and B's text are always apart.
"""

from __future__ import annotations

from desktop.core.model import DiffOp
from desktop.display.compare_rows import CompareRow, title_of
from desktop.display.document_redline import GAP, with_gaps
from desktop.qt import (
    QBrush,
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextFrameFormat,
    QTextLength,
    QTextTableCellFormat,
    QTextTableFormat,
)
from desktop.ui.look import UI_FONTS
from desktop.ui.redline import deleted_format, inserted_format

SIDE = QTextFormat.Property.UserProperty + 3  # "a" or "b" on a run of one side's words
SIDE_OF_OP = {"-": "a", "+": "b"}
GAP_GROUND = QColor("#f1f2f5")
RULE = QColor("#d3d7de")


def _sided(fmt: QTextCharFormat, side: str) -> QTextCharFormat:
    out = QTextCharFormat(fmt)
    if side:
        out.setProperty(SIDE, side)
    return out


def write_pieces(cursor: QTextCursor, pieces: tuple[DiffOp, ...], side: str = "") -> None:
    """Write word-diff pieces with the redline's formats; `side` tags plain text as one side's."""
    formats = {"=": QTextCharFormat(), GAP: QTextCharFormat(), "-": deleted_format(), "+": inserted_format()}
    for op, text in with_gaps(pieces):
        cursor.insertText(text, _sided(formats.get(op, formats["="]), SIDE_OF_OP.get(op, side)))


def _small(italic: bool = False, bold: bool = False, ink: str = "#4b5563") -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFontFamilies(UI_FONTS)
    fmt.setFontPointSize(9.5)
    fmt.setFontItalic(italic)
    fmt.setFontWeight(QFont.Weight.DemiBold if bold else QFont.Weight.Normal)
    fmt.setForeground(QColor(ink))
    return fmt


def topic_redline(row: CompareRow) -> bool:
    """Return True when a topic row's two wordings are close enough to read as one word redline."""
    return bool(row.left and row.right) and any(op in "-+" for op, _ in row.combined)


def write_combined(cursor: QTextCursor, row: CompareRow, body: QTextBlockFormat) -> None:
    """Write the body of `row` in the combined view after its title line."""
    if not row.by_topic:
        if any(text for _, text in row.combined):
            cursor.insertBlock(body, QTextCharFormat())
            write_pieces(cursor, row.combined)
        return
    if topic_redline(row):
        names = QTextBlockFormat(body)
        cursor.insertBlock(names, QTextCharFormat())
        for number, (side, clauses) in enumerate((("a", row.left), ("b", row.right))):
            cursor.insertText(("      " if number else "") + f"{side.upper()}  ", _small(bold=True, ink="#6b7280"))
            cursor.insertText(title_of(clauses), _sided(_small(bold=True, ink="#1f2937"), side))
        legend = QTextBlockFormat(body)
        legend.setTopMargin(2)
        cursor.insertBlock(legend, QTextCharFormat())
        cursor.insertText("Close wording, read as one redline: ", _small(italic=True))
        cursor.insertText("struck in red", _sided(_legend(deleted_format()), "a"))
        cursor.insertText(" only in A, ", _small(italic=True))
        cursor.insertText("underlined in blue", _sided(_legend(inserted_format()), "b"))
        cursor.insertText(" only in B.", _small(italic=True))
        cursor.insertBlock(body, QTextCharFormat())
        write_pieces(cursor, row.combined)
        return
    _two_columns(cursor, row, body)


def _legend(fmt: QTextCharFormat) -> QTextCharFormat:
    out = QTextCharFormat(fmt)
    out.merge(_small(italic=True))
    out.setForeground(fmt.foreground())
    return out


def _two_columns(cursor: QTextCursor, row: CompareRow, body: QTextBlockFormat) -> None:
    """Write A's clause and B's clause side by side in a two-column table (a gap where one has none)."""
    table_format = QTextTableFormat()
    table_format.setCellPadding(6)
    table_format.setCellSpacing(0)
    table_format.setTopMargin(6)
    table_format.setBorder(1)
    table_format.setBorderBrush(QBrush(RULE))
    table_format.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
    table_format.setBorderCollapse(True)
    table_format.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    table_format.setColumnWidthConstraints([QTextLength(QTextLength.Type.PercentageLength, 50)] * 2)
    table = cursor.insertTable(1, 2, table_format)
    sides = (("a", row.left, row.left_text), ("b", row.right, row.right_text))
    for column, (side, clauses, pieces) in enumerate(sides):
        cell = table.cellAt(0, column)
        at = cell.firstCursorPosition()
        letter = side.upper()
        if not clauses:
            empty = QTextTableCellFormat()
            empty.setBackground(GAP_GROUND)
            cell.setFormat(empty)
            at.insertText(f"Nothing in {letter} on this topic", _small(italic=True))
            continue
        at.insertText(f"{letter}  ", _small(bold=True, ink="#6b7280"))
        title = _small(bold=True, ink="#1f2937")
        at.insertText(title_of(clauses), _sided(title, side))
        if any(text for _, text in pieces):
            text_block = QTextBlockFormat(body)
            text_block.setTopMargin(3)
            at.insertBlock(text_block, QTextCharFormat())
            write_pieces(at, pieces, side)
    cursor.movePosition(QTextCursor.MoveOperation.End)
