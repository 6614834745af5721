"""The Qt binding we run on must not corrupt Python: PySide6 6.12.0 leaked a None reference per call."""

import sys

from desktop.qt import QWidget


def test_void_qt_calls_leave_the_reference_count_of_none_alone(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(500):
        widget.update()
    # On 6.12.0 this drops by 500; a few references either way are the interpreter's own.
    assert abs(sys.getrefcount(None) - before) < 50
