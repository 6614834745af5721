"""A date field a keyboard user fills quickly: type the date as you would write it, or step it.

It takes what desktop.display.dates.parse_date reads ("2024-02-02", "2/2/2024", "2 Feb 2024",
"today", "yesterday", "+1", "-3") and shows the date it understood beside it. Up and Down
step a day, Page Up and Page Down a week, and Alt+Down or F4 (or the button) open a calendar.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from desktop.display.dates import describe, parse_date
from desktop.display.words import long_date
from desktop.qt import (
    QCalendarWidget,
    QDate,
    QEvent,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QLocale,
    QObject,
    Qt,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)

_STEPS = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1, Qt.Key.Key_PageUp: 7, Qt.Key.Key_PageDown: -7}
HINT = "try 2 Feb 2024, 2024-02-02, yesterday or -3 (days ago)"


def locale_day_first(locale: QLocale | None = None) -> bool:
    """Return whether the user's locale writes the day before the month ("2/3" is 2 March)."""
    written = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat).lower()
    return written.find("d") < written.find("m") or written.startswith("y")


class DateField(QWidget):
    """A line to type a date in, a calendar button, and the date understood shown beside them."""

    date_changed = Signal(object)  # the datetime.date understood, or None

    def __init__(self, date: datetime.date, parent: QWidget | None = None, *,
                 today: Callable[[], datetime.date] = datetime.date.today, day_first: bool | None = None,
                 name: str = "Date") -> None:
        super().__init__(parent)
        self._today = today
        self._day_first = locale_day_first() if day_first is None else day_first
        self._date: datetime.date | None = date
        self.edit = QLineEdit(long_date(date.isoformat()))
        self.edit.setAccessibleName(name)
        self.edit.setToolTip(f"Type a date: {HINT}. Up and Down change it by a day, Page Up and "
                             "Page Down by a week; Alt+Down opens a calendar.")
        self.edit.setPlaceholderText("2 Feb 2024")
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("30 September 2024  "))
        self.edit.installEventFilter(self)
        self.edit.textEdited.connect(self._read)
        self.calendar_button = QToolButton()
        self.calendar_button.setText("Calendar…")
        self.calendar_button.setAccessibleName("Choose the date from a calendar")
        self.calendar_button.setToolTip("Choose the date from a calendar (Alt+Down)")
        self.calendar_button.clicked.connect(self.open_calendar)
        self.understood = QLabel()
        self.understood.setAccessibleName(f"{name} understood")
        self.understood.setTextFormat(Qt.TextFormat.PlainText)
        self.understood.setWordWrap(True)
        self.calendar: QCalendarWidget | None = None
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.calendar_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.understood)
        self.setFocusProxy(self.edit)
        self._show()

    def date(self) -> datetime.date | None:
        """Return the date typed, or None while what is typed is not a date."""
        return self._date

    def iso(self) -> str | None:
        """Return the date typed as YYYY-MM-DD, or None."""
        return self._date.isoformat() if self._date is not None else None

    def set_date(self, date: datetime.date) -> None:
        """Show `date` in the field, written out ("2 Feb 2024")."""
        self.edit.setText(long_date(date.isoformat()))
        self._read(self.edit.text())

    # --- typing -----------------------------------------------------------------------------------
    def _read(self, text: str) -> None:
        date = parse_date(text, self._today(), day_first=self._day_first)
        changed = date != self._date
        self._date = date
        self._show()
        if changed:
            self.date_changed.emit(date)

    def _show(self) -> None:
        if self._date is not None:
            self.understood.setText(describe(self._date, self._today()))
        elif self.edit.text().strip():
            self.understood.setText(f"Not a date: {HINT}")
        else:
            self.understood.setText(f"Type a date: {HINT}")
        # "#problem" is coloured by the theme (resources/style.qss); a new name needs a new polish.
        name = "dateUnderstood" if self._date is not None else "problem"
        if self.understood.objectName() != name:
            self.understood.setObjectName(name)
            self.understood.style().unpolish(self.understood)
            self.understood.style().polish(self.understood)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = Qt.Key(event.key())
            alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
            if key == Qt.Key.Key_F4 or (alt and key == Qt.Key.Key_Down):
                self.open_calendar()
                return True
            if key in _STEPS and not alt:
                self.step(_STEPS[key])
                return True
        return super().eventFilter(watched, event)

    def step(self, days: int) -> None:
        """Move the date by `days` (from today while nothing sensible is typed)."""
        start = self._date or self._today()
        try:
            self.set_date(start + datetime.timedelta(days=days))
        except OverflowError:
            return

    # --- the calendar -------------------------------------------------------------------------------
    def open_calendar(self) -> None:
        """Open a calendar below the field on the date typed; choosing a day puts it in the field."""
        if self.calendar is None:
            self.calendar = QCalendarWidget(self)
            self.calendar.setWindowFlags(Qt.WindowType.Popup)
            self.calendar.setAccessibleName("Calendar")
            self.calendar.setGridVisible(False)
            self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
            self.calendar.activated.connect(self._chosen)
            self.calendar.clicked.connect(self._chosen)
        date = self._date or self._today()
        self.calendar.setSelectedDate(QDate(date.year, date.month, date.day))
        self.calendar.move(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        self.calendar.show()
        self.calendar.setFocus()

    def _chosen(self, chosen: QDate) -> None:
        self.set_date(datetime.date(chosen.year(), chosen.month(), chosen.day()))
        if self.calendar is not None:
            self.calendar.hide()
        self.edit.setFocus()
