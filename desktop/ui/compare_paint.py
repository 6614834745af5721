"""Drawing the compare view's rows: one small QTextDocument per clause and side, built when first seen.

Each pane is a list view whose delegate draws one side of a row (A, B, or the combined
redline). The documents use the redline pane's formats (redline.py), so a deletion looks
the same here as on the deal page. `RowSizes` caches the documents and their heights: a
row is as tall as the taller of its two sides, so the same row has the same height in both
panes and the panes scroll together by pixels.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Literal

from desktop.display.compare_rows import CompareRow, PositionClauses, blocks_of, title_of
from desktop.qt import (
    QAbstractItemView,
    QAbstractTextDocumentLayout,
    QBrush,
    QColor,
    QFont,
    QListView,
    QModelIndex,
    QObject,
    QPainter,
    QPalette,
    QPoint,
    QRect,
    QRectF,
    QSize,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QWidget,
    Signal,
)
from desktop.ui.compare_combined import plain_topic, write_blocks, write_combined
from desktop.ui.look import UI_FONTS
from desktop.ui.look import colour as theme_colour
from desktop.ui.models import ROW_ROLE
from desktop.ui.redline import SERIF, badge, deleted_format, inserted_format

Side = Literal["a", "b", "combined"]
CURRENT_ROLE = Qt.ItemDataRole.UserRole + 2  # True on the row of the current change

PAD_X = 14  # room for the change strip on the left and a margin on the right
PAD_Y = 6
MIN_HEIGHT = 30
CURRENT_GROUND = QColor("#eef3fc")
CURRENT_BAR = QColor("#2f5fb3")
GAP_GROUND = QColor("#f1f2f5")
GAP_HATCH = QColor("#d3d7de")
RULE = QColor("#eceef2")
STRIP = {"substantive": QColor("#b3261e"), "cosmetic": QColor("#c5cbd5"), "inserted": QColor("#1a4fbf"),
         "Same topic": QColor("#1e7b34"), "Partial": QColor("#d99a16")}
ONE_SIDE_STRIP = QColor("#9ca3af")
# (background, foreground) of the label that says how a row's two sides relate.
TOPIC_BADGES = {"Same topic": ("#e6f4ea", "#1e7b34"), "Partial": ("#fff4e0", "#8a5a00")}
REASON = QTextFormat.Property.UserProperty + 7  # on the words saying why a topic pair was matched
_CACHED_DOCUMENTS = 400  # enough for a few screens of both panes
_BATCH = 10  # rows laid out per event-loop turn (~0.3 ms a row), so the window never stalls


def _body_font() -> QFont:
    font = QFont()
    font.setFamilies(SERIF)
    font.setPointSize(11)
    return font


def _badges(cursor: QTextCursor, row: CompareRow, first: bool = False) -> None:
    """Write the row's kind (or topic) and substantive/cosmetic labels after its title (`first`: as the title)."""
    if not row.changed:
        return
    background, foreground = TOPIC_BADGES.get(row.words, ("#eef0f3", "#1f2937"))
    if not first:
        cursor.insertText("   ", QTextCharFormat())
    cursor.insertText(f" {row.words} ", badge(background, foreground))
    if row.by_topic:
        if row.left and row.right and row.pair.reason:  # why the two were matched, and how closely
            why = QTextCharFormat()
            why.setForeground(QColor("#6b7280"))
            why.setFontItalic(True)
            why.setFontPointSize(9)
            why.setProperty(REASON, True)
            cursor.insertText(f"  {row.pair.reason}", why)
        return  # two vendors' wording always differs: "substantive" would say nothing
    cursor.insertText("  ", QTextCharFormat())
    if row.substantive:
        cursor.insertText(" Substantive ", badge("#fdecea", "#a3231b"))
    else:
        cursor.insertText(" Cosmetic ", badge("#eef0f3", "#6b7280"))


def _values(cursor: QTextCursor, row: CompareRow, positions: Sequence[PositionClauses], us: str) -> None:
    """Write one line per key position the topic row holds: each side's values, ★ on the better for `us`."""
    if not row.by_topic:
        return
    for position in positions:
        if position.touches(row):
            line = QTextBlockFormat()
            line.setTopMargin(2)
            cursor.insertBlock(line, QTextCharFormat())
            fmt = QTextCharFormat()
            fmt.setFontFamilies(UI_FONTS)
            fmt.setFontPointSize(9.5)
            fmt.setForeground(QColor("#374151"))
            cursor.insertText(position.values_text(us), fmt)


def row_document(row: CompareRow, side: Side, positions: Sequence[PositionClauses] = (),
                 us: str = "customer") -> QTextDocument | None:
    """Return the document of one side of `row` (title, labels, marked text), or None for a gap.

    A topic row that holds key positions says, under its labels, each side's values and which
    is better for `us` ("customer" or "vendor").
    """
    clauses = {"a": row.left, "b": row.right, "combined": row.right or row.left}[side]
    if not clauses:
        return None
    pieces = {"a": row.left_text, "b": row.right_text, "combined": row.combined}[side]
    document = QTextDocument()
    document.setDefaultFont(_body_font())
    document.setDocumentMargin(0)
    document.setUndoRedoEnabled(False)
    cursor = QTextCursor(document)
    title = QTextCharFormat()
    title.setFontWeight(QFont.Weight.Bold)
    title.setFontFamilies(UI_FONTS)
    title.setFontPointSize(10.5)
    if side == "a" and row.right:
        title.setForeground(QColor("#4b5563"))
    body = QTextBlockFormat()
    body.setTopMargin(4)
    body.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    if side != "combined" and plain_topic(row):
        # Two vendors' clauses as each reads: headings as headings, bullets as list items, each
        # clause with its own number, under the row's label (only B's side, or the one side).
        labelled = row.changed and (side == "b" or not row.right)
        if labelled:
            _badges(cursor, row, first=True)
            _values(cursor, row, positions, us)
        write_blocks(cursor, blocks_of(clauses), body, first_in_place=not labelled, heading=title)
        return document
    if side == "combined" and row.by_topic:
        # The table under it names each side's clauses: the title line names the topic.
        cursor.insertText(next((c.heading for c in (*row.right, *row.left) if c.heading and c.kind != "definition"),
                               row.heading), title)
    else:
        cursor.insertText(title_of(clauses), title)
    if side == "combined" and not row.by_topic and row.left and row.right and title_of(row.left) != title_of(row.right):
        was = QTextCharFormat()
        was.setForeground(QColor("#4b5563"))
        was.setFontItalic(True)
        was.setFontFamilies(UI_FONTS)
        was.setFontPointSize(10)
        cursor.insertText(f"   was {title_of(row.left)}", was)
    # Labels go on B's side (or on A's for a clause only A has) and on the combined redline.
    if side == "combined" or (side == "b") or (side == "a" and not row.right):
        _badges(cursor, row)
        _values(cursor, row, positions, us)
    if side == "combined":
        write_combined(cursor, row, body)  # A's and B's words never run together (compare_combined.py)
        return document
    if not any(text for _, text in pieces):
        return document  # a heading with no text of its own: no empty line under it
    formats = {"=": QTextCharFormat(), "-": deleted_format(), "+": inserted_format()}
    cursor.insertBlock(body, QTextCharFormat())
    for op, text in pieces:
        cursor.insertText(text, formats.get(op, formats["="]))
    return document


class RowSizes(QObject):
    """The documents and heights of the rows at each side's width; the two panes share one."""

    widths_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.widths: dict[Side, int] = {"a": 400, "b": 400, "combined": 800}
        # Row number → the key positions whose values it shows (compare_rows.values_at).
        self.positions: dict[int, tuple[PositionClauses, ...]] = {}
        self.us = "customer"  # whose side a ★ marks the better values for
        self._documents: OrderedDict[tuple[int, Side], QTextDocument | None] = OrderedDict()
        self._heights: dict[tuple[int, Side], int] = {}

    def clear(self) -> None:
        """Forget every document and height (new rows)."""
        self._documents.clear()
        self._heights.clear()

    def set_width(self, side: Side, width: int) -> None:
        """Lay out `side` at `width` pixels from now on; its cached documents are dropped."""
        if width <= 0 or self.widths[side] == width:
            return
        self.widths[side] = width
        for key in [k for k in self._heights if k[1] == side]:
            del self._heights[key]
        for key in [k for k in self._documents if k[1] == side]:
            del self._documents[key]
        self.widths_changed.emit()

    def document(self, number: int, row: CompareRow, side: Side) -> QTextDocument | None:
        """Return row `number`'s document for `side`, laid out at the side's width (None for a gap)."""
        key = (number, side)
        if key in self._documents:
            self._documents.move_to_end(key)
            return self._documents[key]
        document = row_document(row, side, self.positions.get(number, ()), self.us)
        if document is not None:
            document.setTextWidth(max(60, self.widths[side] - 2 * PAD_X))
        self._documents[key] = document
        if len(self._documents) > _CACHED_DOCUMENTS:
            self._documents.popitem(last=False)
        return document

    def height(self, number: int, row: CompareRow, sides: tuple[Side, ...]) -> int:
        """Return the row's height: the tallest of `sides`, padded."""
        tallest = 0
        for side in sides:
            key = (number, side)
            if key not in self._heights:
                document = self.document(number, row, side)
                self._heights[key] = 0 if document is None else int(document.size().height() + 0.999)
            tallest = max(tallest, self._heights[key])
        return max(MIN_HEIGHT, tallest + 2 * PAD_Y + 2)


class SideDelegate(QStyledItemDelegate):
    """Draws one side of each row: its document, or a hatched gap where that side has no clause."""

    def __init__(self, sizes: RowSizes, side: Side, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sizes = sizes
        self.side = side
        # Rows are as tall in both panes: the height counts both sides of side-by-side rows.
        self._sides: tuple[Side, ...] = ("combined",) if side == "combined" else ("a", "b")

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        row = index.data(ROW_ROLE)
        if row is None:
            return QSize(0, MIN_HEIGHT)
        return QSize(self.sizes.widths[self.side], self.sizes.height(index.row(), row, self._sides))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        row: CompareRow | None = index.data(ROW_ROLE)
        if row is None:
            return
        rect: QRect = option.rect
        current = bool(index.data(CURRENT_ROLE))
        painter.save()
        painter.fillRect(rect, CURRENT_GROUND if current else QColor("#ffffff"))
        document = self.sizes.document(index.row(), row, self.side)
        if document is None:
            gap = rect.adjusted(PAD_X, 4, -PAD_X // 2, -4)
            painter.fillRect(gap, GAP_GROUND)
            painter.fillRect(gap, QBrush(GAP_HATCH, Qt.BrushStyle.BDiagPattern))
        else:
            painter.translate(rect.left() + PAD_X, rect.top() + PAD_Y)
            # The row is paper in both themes: draw its text in the paper's ink, not the palette's.
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = QRectF(0, 0, rect.width(), rect.height())
            context.palette.setColor(QPalette.ColorRole.Text, theme_colour("paper_text"))
            painter.setClipRect(context.clip)
            document.documentLayout().draw(painter, context)
            painter.setClipping(False)
            painter.translate(-(rect.left() + PAD_X), -(rect.top() + PAD_Y))
        if row.changed:
            if row.by_topic:
                colour = STRIP.get(row.words, ONE_SIDE_STRIP)
            else:
                colour = STRIP["inserted" if not row.left else "substantive" if row.substantive else "cosmetic"]
            painter.fillRect(QRect(rect.left() + 2, rect.top() + 3, 3, rect.height() - 6), colour)
        if current:
            painter.fillRect(QRect(rect.left(), rect.top(), 6, rect.height()), CURRENT_BAR)
        painter.fillRect(QRect(rect.left(), rect.bottom(), rect.width(), 1), RULE)
        painter.restore()


class ComparePane(QListView):
    """One pane of the compare view: a column of clause rows drawn by a SideDelegate."""

    def __init__(self, sizes: RowSizes, side: Side, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side = side
        self._sizes = sizes
        self.setObjectName("comparePane")
        self.setItemDelegate(SideDelegate(sizes, side, self))
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Always there, so a scroll bar appearing never changes the width rows are laid out at.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(_BATCH)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalScrollBar().setSingleStep(24)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._sizes.set_width(self.side, self.viewport().width())

    def top_row(self) -> int:
        """Return the row at the top of the pane, -1 when it shows none."""
        return self.indexAt(QPoint(PAD_X, 1)).row()
