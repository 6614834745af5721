"""The Positions tab can be read at 1280×720 and at 200% type: nothing cut without its tooltip, nothing drawn over.

The window is made as the app makes it (the Counterdraft look applied first), on the sample
deal, at a laptop's 1280×720; then again with the type twice its default size (Settings ▸
Font size, which is how a user asks for large text).
"""

from __future__ import annotations

import pytest

from desktop.qt import (
    QComboBox,
    QFont,
    QFontMetrics,
    QLabel,
    QRect,
    QStyle,
    QStyleOptionComboBox,
    Qt,
    QWidget,
)
from desktop.samples import create_sample_deal
from desktop.ui import look
from desktop.ui.main_window import MainWindow
from desktop.ui.positions_grid import share_width
from desktop.ui.positions_model import ASK_COLUMN
from desktop.ui.theme import apply_theme


def text_margin(widget: QWidget) -> int:
    """Return the px Qt's item delegate keeps clear on each side of a cell's text (QCommonStyle's rule)."""
    return widget.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1


@pytest.fixture(params=[None, 2 * look.DEFAULT_POINTS], ids=["default type", "200% type"])
def positions(request, qtbot, qapp, ui_store, prompts, ui_settings):
    """Return the window at 1280×720 on the sample deal's Positions tab, in the look at the given type size."""
    style, palette, font, sheet = qapp.style().name(), qapp.palette(), qapp.font(), qapp.styleSheet()
    theme = look.current_theme()
    apply_theme(qapp, "light", request.param)
    window = MainWindow(ui_store, prompts=prompts, settings=ui_settings)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    window.refresh_deals(select_deal=create_sample_deal(ui_store))
    window.positions_tab_action.trigger()
    view = window.positions_view
    view.select_cell("liability_cap", ui_store.rounds(window.current_deal.id)[2].id)
    qtbot.waitExposed(window)
    qtbot.wait(20)  # let the posted layout requests run
    yield window
    window.close()
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)
    qapp.setStyle(style)
    qapp.setProperty("counterdraftThemeMode", None)
    look.set_current_theme(theme)


def test_the_window_keeps_its_size(positions):
    assert (positions.width(), positions.height()) == (1280, 720)


def _fits(metrics: QFontMetrics, line: str, width: int, margin: int) -> bool:
    return metrics.horizontalAdvance(line) + 2 * margin <= width


def test_every_cell_shows_its_value_whole_or_on_hover(positions):
    grid = positions.positions_view.grid
    model = grid.model()
    cut, margin = 0, text_margin(grid)
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            tooltip = str(index.data(Qt.ItemDataRole.ToolTipRole) or "")
            # The delegate draws a cell's font (italic for a suggestion) over the grid's own.
            font = QFont(index.data(Qt.ItemDataRole.FontRole) or QFont()).resolve(grid.font())
            metrics = QFontMetrics(font)
            width = grid.columnWidth(column)
            if column == ASK_COLUMN:  # wrapped over the row's lines
                bound = metrics.boundingRect(QRect(0, 0, width - 2 * margin, 10_000),
                                             int(Qt.TextFlag.TextWordWrap), text)
                whole = bound.height() <= grid.rowHeight(row) - 4
                assert whole or text in tooltip, (row, text)
                cut += not whole
                continue
            lines = text.split("\n")
            assert _fits(metrics, lines[-1], width, margin), (row, column, lines[-1])  # the status: whole
            if not _fits(metrics, lines[0], width, margin):
                cut += 1
                assert lines[0] in tooltip, (row, column, lines[0], tooltip)
    if cut:  # values are cut short: then no space may sit empty beside the columns
        used = sum(grid.columnWidth(c) for c in range(model.columnCount()))
        assert used >= grid.viewport().width() - 1


def test_headers_show_whole(positions):
    grid = positions.positions_view.grid
    model = grid.model()
    header, margin = QFontMetrics(grid.horizontalHeader().font()), text_margin(grid)
    for column in range(model.columnCount()):
        for line in str(model.headerData(column, Qt.Orientation.Horizontal)).split("\n"):
            assert header.horizontalAdvance(line) + 2 * margin <= grid.columnWidth(column), line
    rows = grid.verticalHeader()
    titles = QFontMetrics(rows.font())
    for row in range(model.rowCount()):
        title = str(model.headerData(row, Qt.Orientation.Vertical))
        tooltip = str(model.headerData(row, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole))
        for line in title.split("\n"):
            assert titles.horizontalAdvance(line) + 2 * margin <= rows.width() or line in tooltip, line


def test_the_round_picker_shows_every_round_whole(positions):
    picker: QComboBox = positions.positions_view.focus_round
    option = QStyleOptionComboBox()
    picker.initStyleOption(option)
    field = picker.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                          QStyle.SubControl.SC_ComboBoxEditField, picker)
    metrics = picker.fontMetrics()
    assert picker.count() == 4
    for n in range(picker.count()):
        assert metrics.horizontalAdvance(picker.itemText(n)) <= field.width(), picker.itemText(n)
    assert metrics.horizontalAdvance(picker.currentText()) <= picker.width()


def _laid_out(container: QWidget) -> list[QWidget]:
    """Return the visible widgets a layout places directly in `container`."""
    layout = container.layout()
    found: list[QWidget] = []

    def walk(item_layout) -> None:
        for n in range(item_layout.count()):
            item = item_layout.itemAt(n)
            if item.widget() is not None and item.widget().isVisible():
                found.append(item.widget())
            elif item.layout() is not None:
                walk(item.layout())

    walk(layout)
    return found


def test_the_side_pane_draws_nothing_over_anything(positions):
    pane = positions.positions_view.pane
    assert pane.shown is not None
    for container in (pane.details, pane.redline.parentWidget()):
        widgets = _laid_out(container)
        assert len(widgets) >= 2
        rects = [(w, w.geometry()) for w in widgets]
        for n, (first, a) in enumerate(rects):
            assert a.height() >= min(first.minimumSizeHint().height(), first.sizeHint().height()), first
            if isinstance(first, QLabel) and first.wordWrap() and first.text():
                assert a.height() >= first.heightForWidth(a.width()), first.text()  # no line cut off
            for second, b in rects[n + 1:]:
                assert not a.intersects(b), (first, a, second, b)
    # What does not fit the pane's height scrolls; nothing is squeezed.
    details = pane.details
    assert details.height() >= details.minimumSizeHint().height()
    assert pane.scroll.viewport().width() >= 1


def test_the_grid_and_the_pane_sit_side_by_side(positions):
    view = positions.positions_view
    grid_box, pane = view.splitter.widget(0), view.splitter.widget(1)
    assert grid_box.geometry().right() < pane.geometry().left()
    for widget in _laid_out(grid_box):
        assert widget.geometry().right() <= grid_box.width(), widget


def test_widths_are_shared_out_whole():
    assert share_width([100, 200], [50, 50], 400) == [150, 250]  # room to spare: shared out
    assert share_width([100, 300], [50, 100], 250) == [70, 180]  # too little: the longer gives more
    assert sum(share_width([100, 300, 77], [50, 100, 40], 333)) == 333
    assert share_width([100, 300], [150, 200], 250) == [150, 200]  # not even the least fits: scroll
