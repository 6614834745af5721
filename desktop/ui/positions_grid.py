"""The positions grid widget: a table of positions by round that turns keys into edits.

Enter confirms the suggestion in the current cell; W, C, P, O and N set won, conceded,
compromise, open and not addressed. The grid only asks for the edit (a signal); the positions
view makes it, so every edit lands on the undo stack.

Cells are drawn by Qt's own delegate from the model's roles (two lines of text, fill, ink,
italic for a suggestion): no Python runs per painted cell, which keeps scrolling smooth. Only
the Our ask column has a delegate of its own, which wraps the ask over the cell's two lines.

The columns share the width there is (`fit_columns`): each gets what its longest value
needs, up to a limit; when that is more than the view holds, each keeps at least its
header and status line and the rest is shared by how much more each wants; room left over
is shared out too, so no space sits empty while a value is cut short. A value still too
long ends in "…" and the cell's tooltip gives it whole.
"""

from __future__ import annotations

from desktop.display.positions import STATUS_KEYS
from desktop.qt import (
    QAbstractItemView,
    QEvent,
    QFont,
    QFontMetrics,
    QHeaderView,
    QKeyEvent,
    QModelIndex,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTableView,
    QWidget,
    Signal,
)
from desktop.ui.positions_model import ASK_COLUMN

CELL_PADDING = 14  # px around a cell's text: Qt's item margins and the focus frame
HEADER_PADDING = 18  # px around a header's text: margins and the section's edge
MOST_CHARACTERS = 28  # a column never asks for more than this many average characters
TITLE_CHARACTERS = 24  # the row header (the position's title) wraps at about this many


class AskDelegate(QStyledItemDelegate):
    """Draws our ask wrapped over the cell's lines, the last one ending in "…" when it is cut (the tooltip has it all)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText


def share_width(wanted: list[int], least: list[int], available: int) -> list[int]:
    """Return column widths filling `available` px: what each wants if all fit, else at least `least` each."""
    if not wanted:
        return []
    if sum(wanted) <= available:
        extra, count = available - sum(wanted), len(wanted)
        return [w + extra // count + (1 if n < extra % count else 0) for n, w in enumerate(wanted)]
    if sum(least) >= available:
        return list(least)
    room = available - sum(least)
    slack = [max(w - m, 0) for w, m in zip(wanted, least)]
    total = sum(slack) or 1
    widths = [m + room * s // total for m, s in zip(least, slack)]
    for n in range(available - sum(widths)):  # the pixels rounding left over
        widths[n % len(widths)] += 1
    return widths


class PositionGrid(QTableView):
    """The table of positions by round; Enter and W C P O N ask for an edit of the current cell."""

    confirm_requested = Signal(QModelIndex)
    status_requested = Signal(QModelIndex, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("positionsGrid")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setCornerButtonEnabled(False)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # The model wraps titles onto two short lines; Qt would elide the two lines as one.
        rows.setTextElideMode(Qt.TextElideMode.ElideNone)
        columns = self.horizontalHeader()
        columns.setHighlightSections(False)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setMinimumSectionSize(40)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.ask_delegate = AskDelegate(self)
        self.setItemDelegateForColumn(ASK_COLUMN, self.ask_delegate)
        self._wanted: list[int] = []  # per column: the width its longest value needs (capped)
        self._least: list[int] = []  # per column: the width its header and status lines need
        self._fit_rows()

    def setModel(self, model) -> None:
        super().setModel(model)
        if model is not None:
            for signal in (model.modelReset, model.dataChanged, model.layoutChanged, model.headerDataChanged):
                signal.connect(self.apply_widths)

    def apply_widths(self, *args) -> None:
        """Measure the columns' texts again and share the width out (after the model's rows or texts change)."""
        self._fit_rows()
        self._measure()
        self.fit_columns()

    def _fit_rows(self) -> None:
        """Size the rows for two lines and the row header for the positions' titles, in the current font."""
        rows = self.verticalHeader()
        cell, title = QFontMetrics(self.font()), QFontMetrics(rows.font())
        rows.setDefaultSectionSize(max(cell.lineSpacing(), title.lineSpacing()) * 2 + 14)
        model = self.model()
        lines = [line for row in range(model.rowCount() if model is not None else 0)
                 for line in str(model.headerData(row, Qt.Orientation.Vertical) or "").split("\n")]
        needed = max((title.horizontalAdvance(line) for line in lines), default=0) + HEADER_PADDING
        most = title.averageCharWidth() * (TITLE_CHARACTERS + 2) + HEADER_PADDING
        # The position's title is the row header, so it stays in view while the rounds scroll.
        rows.setFixedWidth(min(max(needed, title.averageCharWidth() * 12), most))

    def _measure(self) -> None:
        """Work out what each column wants (its longest line) and needs at least (its header and status)."""
        model = self.model()
        columns = model.columnCount() if model is not None else 0
        italic = QFont(self.font())
        italic.setItalic(True)  # a suggestion's text is italic, and a little wider
        cell, header = QFontMetrics(italic), QFontMetrics(self.horizontalHeader().font())
        most = cell.averageCharWidth() * MOST_CHARACTERS + CELL_PADDING
        self._wanted, self._least = [], []
        for column in range(columns):
            head = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            least = max(header.horizontalAdvance(line) for line in head.split("\n")) + HEADER_PADDING
            want = least
            for row in range(model.rowCount()):
                lines = str(model.index(row, column).data() or "").split("\n")
                if column == ASK_COLUMN:  # wrapped over two lines: half its length, roughly
                    want = max(want, cell.horizontalAdvance(" ".join(lines)) // 2 + CELL_PADDING * 2)
                    continue
                want = max(want, cell.horizontalAdvance(lines[0]) + CELL_PADDING)
                for line in lines[1:]:  # the status line must always show whole
                    least = max(least, cell.horizontalAdvance(line) + CELL_PADDING)
            self._least.append(least)
            self._wanted.append(max(least, min(want, most)))

    def fit_columns(self) -> None:
        """Share the view's width out among the columns (again when the view is resized)."""
        if len(self._wanted) != (self.model().columnCount() if self.model() is not None else 0):
            self._measure()
        widths = share_width(self._wanted, self._least, self.viewport().width())
        header = self.horizontalHeader()
        for column, width in enumerate(widths):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit_columns()  # the view was resized, or its vertical scroll bar came or went
        return super().viewportEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.apply_widths()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if index.isValid() and plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm_requested.emit(index)
            event.accept()
            return
        shifted = event.modifiers() == Qt.KeyboardModifier.ShiftModifier
        status = STATUS_KEYS.get(event.text().upper()) if plain or shifted else None
        if index.isValid() and status is not None:
            self.status_requested.emit(index, status)
            event.accept()
            return
        super().keyPressEvent(event)
