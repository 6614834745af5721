"""Column widths measured from the texts a column will show, instead of ResizeToContents.

A header in ResizeToContents mode asks the view for every row's size hint, and so the model
for every row's data, each time the view lays out: on a 100-page round that was a third of
the time the window took to show it. The texts are known when the model is filled, so they
are measured once with the view's font (and its bold form), each distinct text once.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop.qt import QAbstractItemView, QFont, QFontMetrics, Qt, QTreeView

CELL_PADDING = 18  # pixels: the item's margins and a little air


def fit_column(view: QAbstractItemView, column: int, texts: Iterable[tuple[int, str, bool]]) -> None:
    """Set `column` as wide as its widest text: (indent in pixels, text, bold) per row, or its title."""
    plain = QFontMetrics(view.font())
    bold_font = QFont(view.font())
    bold_font.setBold(True)
    bold = QFontMetrics(bold_font)
    widths: dict[tuple[int, str, bool], int] = {}
    for indent, text, strong in texts:
        key = (indent, text, strong)
        if key not in widths:
            widths[key] = indent + (bold if strong else plain).horizontalAdvance(text)
    model = view.model()
    title = str(model.headerData(column, Qt.Orientation.Horizontal) or "") if model else ""
    header = view.header() if isinstance(view, QTreeView) else view.horizontalHeader()
    widest_title = header.fontMetrics().horizontalAdvance(title)
    view.setColumnWidth(column, max([widest_title, *widths.values()]) + CELL_PADDING)
