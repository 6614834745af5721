"""The date field of the import and Round details dialogs, used from the keyboard and its calendar."""

from __future__ import annotations

import datetime

import pytest

from desktop.qt import QDate, QLocale, Qt
from desktop.ui.date_field import DateField, locale_day_first
from desktop.ui.dialogs import RoundDetails, RoundDialog

TODAY = datetime.date(2024, 2, 14)
D = datetime.date


@pytest.fixture
def field(qtbot):
    widget = DateField(D(2024, 2, 2), today=lambda: TODAY, day_first=True)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def retype(qtbot, field, text):
    qtbot.keyClick(field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field.edit, text)


def test_it_starts_on_its_date_written_out(field):
    assert field.edit.text() == "2 Feb 2024" and field.date() == D(2024, 2, 2)
    assert field.understood.text() == "Fri 2 Feb 2024 (12 days ago)"


@pytest.mark.parametrize("typed, meant", [("2024-03-01", D(2024, 3, 1)), ("3/4/2024", D(2024, 4, 3)),
                                          ("5 Jan 2024", D(2024, 1, 5)), ("yesterday", D(2024, 2, 13)),
                                          ("-1", D(2024, 2, 13)), ("+1", D(2024, 2, 15))])
def test_what_is_typed_is_read_and_shown(qtbot, field, typed, meant):
    seen = []
    field.date_changed.connect(seen.append)
    retype(qtbot, field, typed)
    assert seen[-1] == meant and field.date() == meant and field.iso() == meant.isoformat()
    assert field.edit.text() == typed  # left as typed while the user types


def test_nonsense_is_no_date_and_says_what_would_be(qtbot, field):
    retype(qtbot, field, "31/31")
    assert field.date() is None and field.iso() is None
    assert field.understood.text().startswith("Not a date: try 2 Feb 2024")
    assert field.understood.objectName() == "problem"


def test_up_and_down_step_a_day_and_page_keys_a_week(qtbot, field):
    qtbot.keyClick(field.edit, Qt.Key.Key_Up)
    assert field.date() == D(2024, 2, 3) and field.edit.text() == "3 Feb 2024"
    qtbot.keyClick(field.edit, Qt.Key.Key_Down)
    qtbot.keyClick(field.edit, Qt.Key.Key_Down)
    assert field.date() == D(2024, 2, 1)
    qtbot.keyClick(field.edit, Qt.Key.Key_PageDown)
    assert field.date() == D(2024, 1, 25)
    qtbot.keyClick(field.edit, Qt.Key.Key_PageUp)
    assert field.date() == D(2024, 2, 1)
    retype(qtbot, field, "soon")
    qtbot.keyClick(field.edit, Qt.Key.Key_Up)  # from today, when nothing sensible is typed
    assert field.date() == D(2024, 2, 15)


# The offscreen platform cannot raise a popup or give it the keyboard; it says so.
POPUP = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing|propagateSizeHints)")


@POPUP
def test_alt_down_opens_a_calendar_on_the_date_and_enter_chooses_a_day(qtbot, field):
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = field.calendar
    assert calendar is not None and calendar.isVisible()
    assert calendar.selectedDate() == QDate(2024, 2, 2)
    assert field.date() == D(2024, 2, 2)  # Alt+Down opened the calendar, it did not step
    calendar.setSelectedDate(QDate(2024, 2, 9))
    calendar.activated.emit(calendar.selectedDate())  # Enter on a day, as QCalendarWidget signals it
    assert not calendar.isVisible()
    assert field.date() == D(2024, 2, 9) and field.edit.text() == "9 Feb 2024"


@POPUP
def test_the_calendar_button_opens_it_too(qtbot, field):
    qtbot.mouseClick(field.calendar_button, Qt.MouseButton.LeftButton)
    assert field.calendar.isVisible()
    field.calendar.clicked.emit(QDate(2024, 1, 31))
    assert field.date() == D(2024, 1, 31)


def test_the_locale_says_which_comes_first():
    assert locale_day_first(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    assert not locale_day_first(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    assert locale_day_first(QLocale(QLocale.Language.German, QLocale.Country.Germany))


def test_the_import_dialog_says_where_its_date_came_from_and_needs_a_date(qtbot):
    dialog = RoundDialog("v2.0-2024-02-02.docx", 2, "us", D(2024, 2, 2), date_source="From the file name")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.date_source.isVisible() and dialog.date_source.text() == "From the file name"
    assert dialog.date.edit.hasFocus() or dialog.focusWidget() is dialog.date.edit
    qtbot.keyClick(dialog.date.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.date.edit, "nonsense")
    assert not dialog.ok.isEnabled()
    assert not dialog.date_source.isVisible()  # the user's own date now
    qtbot.keyClick(dialog.date.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.date.edit, "2024-02-05")
    assert dialog.ok.isEnabled()
    assert dialog.details() == RoundDetails("us", "2024-02-05")
