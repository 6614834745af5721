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
from desktop.display.compare_rows import Block, CompareRow, blocks_of, title_of
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


INDENT = 18.0  # pixels a list item or a sub-clause sits in, per level


def write_blocks(cursor: QTextCursor, blocks: tuple[Block, ...], body: QTextBlockFormat, side: str = "", *,
                 first_in_place: bool = False, heading: QTextCharFormat | None = None) -> None:
    """Write one side's clauses as a reader sees them: headings bold, bullets as list items, numbers first.

    Each block starts a paragraph (`first_in_place`: the first one goes in the cursor's current,
    empty paragraph); plain text carries SIDE `side`.
    """
    title = heading or _small(bold=True, ink="#1f2937")
    plain = _sided(QTextCharFormat(), side)
    for number, block in enumerate(blocks):
        fmt = QTextBlockFormat(body)
        fmt.setLeftMargin(INDENT * (block.depth + (block.style == "item")))
        if block.style == "item":
            fmt.setTextIndent(-INDENT * 0.8)
        if block.style == "heading" and number:
            fmt.setTopMargin(body.topMargin() + 4)
        if number or not first_in_place:
            cursor.insertBlock(fmt, QTextCharFormat())
        else:
            cursor.setBlockFormat(fmt)
        if block.style == "heading":
            cursor.insertText(" ".join(p for p in (block.lead, block.heading) if p), _sided(title, side))
            continue
        if block.lead:
            lead = QTextCharFormat(plain)
            if block.style != "item":
                lead.setFontWeight(QFont.Weight.Bold)
            cursor.insertText(block.lead + ("\u2002" if block.style == "item" else "  "), lead)
        if block.heading:
            run_in = QTextCharFormat(plain)
            run_in.setFontWeight(QFont.Weight.Bold)
            cursor.insertText(block.heading + ("" if block.heading.endswith((".", ":")) else ".") + " ", run_in)
        cursor.insertText(block.text, plain)


def plain_topic(row: CompareRow) -> bool:
    """Return True when a topic row's sides read plain (no redline): shown as their clauses' blocks."""
    return row.by_topic and all(op == "=" for op, _ in row.combined)


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
        if plain_topic(row):
            text_block = QTextBlockFormat(body)
            text_block.setTopMargin(3)
            write_blocks(at, blocks_of(clauses), text_block, side, first_in_place=True)
            continue
        at.insertText(title_of(clauses), _sided(title, side))
        if any(text for _, text in pieces):
            text_block = QTextBlockFormat(body)
            text_block.setTopMargin(3)
            at.insertBlock(text_block, QTextCharFormat())
            write_pieces(at, pieces, side)
    cursor.movePosition(QTextCursor.MoveOperation.End)
