"""The positions grid widget: a table of positions by round that turns keys into edits.

Enter confirms the suggestion in the current cell; W, C, P, O and N set won, conceded,
compromise, open and not addressed. The grid only asks for the edit (a signal); the positions
view makes it, so every edit lands on the undo stack.

Cells are drawn by Qt's own delegate from the model's roles (two lines of text, fill, ink,
italic for a suggestion): no Python runs per painted cell, which keeps scrolling smooth.
"""

from __future__ import annotations

from desktop.display.positions import STATUS_KEYS
from desktop.qt import (
    QAbstractItemView,
    QFontMetrics,
    QHeaderView,
    QKeyEvent,
    QModelIndex,
    Qt,
    QTableView,
    QWidget,
    Signal,
)
from desktop.ui.positions_model import ASK_COLUMN, OUTCOME_COLUMN

# Narrow enough that four rounds, our ask and the outcome fit beside the side pane at 1400 px.
HEADER_WIDTH = 172
COLUMN_WIDTHS = {ASK_COLUMN: 104, OUTCOME_COLUMN: 96}
ROUND_WIDTH = 96


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
        rows.setDefaultSectionSize(QFontMetrics(self.font()).lineSpacing() * 2 + 14)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # The model wraps titles onto two short lines; Qt would elide the two lines as one.
        rows.setTextElideMode(Qt.TextElideMode.ElideNone)
        # The position's title is the row header, so it stays in view while the rounds scroll.
        rows.setFixedWidth(HEADER_WIDTH)
        columns = self.horizontalHeader()
        columns.setHighlightSections(False)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setMinimumSectionSize(60)

    def apply_widths(self) -> None:
        """Give each column its width (called after the model's columns change)."""
        for column in range(self.model().columnCount() if self.model() else 0):
            self.setColumnWidth(column, COLUMN_WIDTHS.get(column, ROUND_WIDTH))

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
