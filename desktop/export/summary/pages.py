"""Page breaks a careful typesetter would make in the PDF: headings kept with what they introduce.

Qt lays the summary's HTML out page by page but knows nothing of "keep with next": a heading
can end a page while its table starts the next one, a table's header row can sit alone at
the foot of a page, and a table whose bottom border just crosses a page boundary gets its
header row repeated at the top of the next page, drawn over whatever follows ("Open items").

`keep_together` reads the laid-out document from the top, finds the first such place, puts
a page break before the heading (or the table) that starts it, and reads the layout again,
until every page is clean. A group taller than a page is left to break where it must: a
long table whose bottom edge alone crosses a page loses its bottom margin, then has its
last row moved to the next page, and only as a last resort stops repeating its header.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.qt import QTextBlock, QTextCursor, QTextDocument, QTextFormat, QTextFrame, QTextTable

_MAX_FIXES = 400  # a safety net: each fix moves content strictly down, so this is never reached
_LEAD_IN = 3  # paragraphs between a heading and its table that travel with both ("Our ask", "Fallback")


@dataclass(frozen=True)
class _Item:
    """One top-level piece of the document in reading order: a paragraph or a table."""

    block: QTextBlock | None
    table: QTextTable | None
    top: float
    bottom: float
    first_line_bottom: float  # a paragraph's first line, or a table's first body row

    @property
    def heading(self) -> bool:
        return self.block is not None and self.block.blockFormat().headingLevel() > 0

    @property
    def empty(self) -> bool:
        return self.block is not None and not self.block.text().strip()


def _row_bottom(document: QTextDocument, table: QTextTable, row: int) -> float:
    layout = document.documentLayout()
    return max(layout.blockBoundingRect(table.cellAt(row, column).lastCursorPosition().block()).bottom()
               for column in range(table.columns()))


def _row_top(document: QTextDocument, table: QTextTable, row: int) -> float:
    layout = document.documentLayout()
    return min(layout.blockBoundingRect(table.cellAt(row, column).firstCursorPosition().block()).top()
               for column in range(table.columns()))


def _items(document: QTextDocument) -> list[_Item]:
    layout = document.documentLayout()
    items = []
    frames = document.rootFrame().begin()
    while not frames.atEnd():
        frame: QTextFrame | None = frames.currentFrame()
        block = frames.currentBlock()
        if isinstance(frame, QTextTable):
            rect = layout.frameBoundingRect(frame)
            first = min(frame.format().headerRowCount(), frame.rows() - 1)
            items.append(_Item(None, frame, rect.top(), rect.bottom(), _row_bottom(document, frame, first)))
        elif frame is None and block.isValid():
            rect = layout.blockBoundingRect(block)
            line = block.layout().lineAt(0) if block.layout().lineCount() else None
            first_line = rect.top() + (line.rect().bottom() if line is not None else rect.height())
            items.append(_Item(block, None, rect.top(), rect.bottom(), first_line))
        frames += 1
    return items


def _page(y: float, height: float) -> int:
    return int(y // height)


def _orphaned_header(document: QTextDocument, table: QTextTable, top: float, bottom: float, height: float) -> bool:
    """Return whether a page the table reaches holds none of its body rows (only its repeated header)."""
    headers = table.format().headerRowCount()
    if headers <= 0 or headers >= table.rows():
        return False
    first_page, last_page = _page(top, height), _page(bottom - 0.5, height)
    if first_page == last_page:
        return False
    body = {_page(_row_top(document, table, row), height) for row in range(headers, table.rows())}
    body |= {_page(_row_bottom(document, table, row) - 0.5, height) for row in range(headers, table.rows())}
    return any(page not in body for page in range(first_page, last_page + 1))


def _group_start(items: list[_Item], index: int) -> int:
    """Return where the group that `items[index]` belongs to starts: its first heading, else itself.

    A group runs back over paragraphs and headings to the last table or blank line, so a
    section heading moves with the sub-heading its introduction leads to.
    """
    start, heading = index, index
    while start > 0:
        before = items[start - 1]
        if before.empty or before.table is not None:
            break
        start -= 1
        if before.heading:
            heading = start
    return heading


def _introduced(items: list[_Item], follower: int) -> int:
    """Return the item a heading introduces: the table its lead-in paragraphs run into, else `follower`."""
    for n in range(follower, min(follower + _LEAD_IN + 1, len(items))):
        if items[n].table is not None:
            return n
        if items[n].empty or items[n].heading:
            break
    return follower


def _break_before(item: _Item) -> None:
    if item.table is not None:
        table_format = item.table.format()
        table_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        item.table.setFormat(table_format)
        return
    assert item.block is not None
    block_format = item.block.blockFormat()
    block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    QTextCursor(item.block).setBlockFormat(block_format)


@dataclass(frozen=True)
class _Problem:
    start: int  # the item to break before: the group's heading, or the table itself
    bottom: float  # how far down what must share a page with `start` reaches
    table: QTextTable | None  # the table in trouble, if any
    spill: bool = False  # the table's bottom edge crosses onto a page none of its rows reach


def first_problem(document: QTextDocument) -> _Problem | None:
    """Return the first place where a heading or a table header is cut off from what follows, or None."""
    document.pageCount()  # lay the whole document out
    return _first_problem(document, _items(document), document.pageSize().height())


def _first_problem(document: QTextDocument, items: list[_Item], height: float) -> _Problem | None:
    for index, item in enumerate(items):
        follower = next((n for n in range(index + 1, len(items)) if not items[n].empty), None)
        if item.heading and follower is not None:
            # A heading shares its page with the first line (or body row) of what it introduces,
            # and with the first body row of a table its lead-in lines ("Our ask", "Fallback") precede.
            target = _introduced(items, follower)
            reach = items[target].first_line_bottom
            if _page(item.top, height) != _page(reach - 0.5, height):
                return _Problem(_group_start(items, index), reach, items[target].table)
        if item.table is not None:
            if _page(item.top, height) != _page(item.first_line_bottom - 0.5, height):
                return _Problem(_group_start(items, index), item.first_line_bottom, item.table)
            if _orphaned_header(document, item.table, item.top, item.bottom, height):
                return _Problem(_group_start(items, index), item.bottom, item.table, spill=True)
    return None


def keep_together(document: QTextDocument) -> int:
    """Add the page breaks that keep headings with their content and table headers with rows; return how many."""
    height = document.pageSize().height()
    fixes = 0
    pushed: set[int] = set()  # tables whose last row was pushed onto the next page
    for _ in range(_MAX_FIXES):
        document.pageCount()  # lay the whole document out
        items = _items(document)
        problem = _first_problem(document, items, height)
        if problem is None:
            break
        first = items[problem.start]
        fits = problem.bottom - first.top <= height * 0.9
        at_page_top = first.top - _page(first.top, height) * height < 2
        table = problem.table
        if fits and not at_page_top:
            _break_before(first)
        elif problem.spill and table is not None and table.format().bottomMargin() > 0:
            # Too tall to move whole: first let the table end where its last row does.
            table_format = table.format()
            table_format.setBottomMargin(0)
            table.setFormat(table_format)
        elif problem.spill and table is not None and table.firstPosition() not in pushed:
            _push_last_row(document, table, height)
            pushed.add(table.firstPosition())
        elif table is not None and table.format().headerRowCount() > 0:
            # Better no repeated header than one drawn over the next text.
            table_format = table.format()
            table_format.setHeaderRowCount(0)
            table.setFormat(table_format)
        else:
            break  # nothing more a page break can do
        fixes += 1
    return fixes


def _push_last_row(document: QTextDocument, table: QTextTable, height: float) -> None:
    """Pad the table's last row just enough that it no longer fits and moves, under a repeated header, to the next page."""
    last = table.rows() - 1
    text_bottom = _row_bottom(document, table, last)
    extra = (_page(text_bottom, height) + 1) * height - text_bottom + 1
    for column in range(table.columns()):
        cell = table.cellAt(last, column)
        cell_format = cell.format().toTableCellFormat()
        cell_format.setBottomPadding(cell_format.bottomPadding() + extra)
        cell.setFormat(cell_format)
