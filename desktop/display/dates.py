"""Dates as a lawyer types them, and the date a draft most likely bears.

`parse_date` reads what someone types in a date field: "2024-02-02", "2/2/2024", "2 Feb 2024",
"Feb 2, 2024", "today", "yesterday", "+1" or "-3" (days from today), "+2w" (weeks). A date
written with slashes or dots in which both of the first two numbers could be the month
("2/3/2024") is read day first or month first as the caller says (the user's locale).

`date_in_file_name` finds the date a draft's file name carries ("v2.0-2024-02-02.docx"), and
`import_date` chooses the date an import dialog starts from, saying why.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

__all__ = ["DateGuess", "date_in_file_name", "describe", "import_date", "parse_date"]

_MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for name in names}
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WORDS = {"today": 0, "now": 0, "yesterday": -1, "tomorrow": 1}
_RELATIVE = re.compile(r"^([+-])\s*(\d{1,4})\s*(d|day|days|w|wk|week|weeks)?$")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2}|\d{4}))?$")
_ORDINAL = re.compile(r"(\d)(st|nd|rd|th)\b")
# A date in a file name: 2024-02-02, 2024_02_02, 2024.02.02 or 20240202, not inside a longer number.
_IN_NAME = re.compile(r"(?<!\d)(\d{4})([-_.]?)(\d{2})\2(\d{2})(?!\d)")


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _year(text: str | None, today: datetime.date) -> int:
    """Return the year a typed year means: none is this year, "24" is 2024."""
    if not text:
        return today.year
    year = int(text)
    return year + 2000 if len(text) <= 2 else year


def parse_date(text: str, today: datetime.date, *, day_first: bool = True) -> datetime.date | None:
    """Return the date `text` means (relative words counted from `today`), or None when it means none."""
    words = " ".join(_ORDINAL.sub(r"\1", text.strip().lower()).replace(",", " ").split())
    if not words:
        return None
    if words in _WORDS:
        return today + datetime.timedelta(days=_WORDS[words])
    relative = _RELATIVE.match(words)
    if relative:
        sign, count, unit = relative.groups()
        days = int(count) * (7 if unit and unit.startswith("w") else 1)
        try:
            return today + datetime.timedelta(days=days if sign == "+" else -days)
        except OverflowError:
            return None
    for pattern in (_ISO, _COMPACT):
        found = pattern.match(words)
        if found:
            year, month, day = (int(part) for part in found.groups())
            return _date(year, month, day)
    numeric = _NUMERIC.match(words)
    if numeric:
        first, second = int(numeric.group(1)), int(numeric.group(2))
        year = _year(numeric.group(3), today)
        # A number above 12 cannot be the month; otherwise the user's order decides.
        if first > 12 or (day_first and second <= 12):
            return _date(year, second, first)
        return _date(year, first, second)
    return _with_month_name(words, today)


def _with_month_name(words: str, today: datetime.date) -> datetime.date | None:
    """Return the date of "2 Feb 2024", "Feb 2 2024", "2 February" or "February 2, 24", else None."""
    parts = words.replace("-", " ").replace("/", " ").replace(".", " ").split()
    months = [i for i, part in enumerate(parts) if part in _MONTHS]
    numbers = [part for part in parts if part.isdigit()]
    if len(months) != 1 or len(numbers) + 1 != len(parts) or not 1 <= len(numbers) <= 2:
        return None
    month = _MONTHS[parts[months[0]]]
    # A four-digit number is the year; otherwise the first number is the day.
    day_text = next((n for n in numbers if len(n) <= 2), None)
    if day_text is None:
        return None
    rest = list(numbers)
    rest.remove(day_text)
    return _date(_year(rest[0] if rest else None, today), month, int(day_text))


def describe(date: datetime.date, today: datetime.date) -> str:
    """Return a date as the field shows it beside what was typed: "Fri 2 Feb 2024 (yesterday)"."""
    # Not strftime's %a and %b: they follow the C library's locale, not the window's words.
    shown = f"{_DAY_NAMES[date.weekday()]} {date.day} {_MONTH_NAMES[date.month - 1]} {date.year}"
    offset = (date - today).days
    near = {0: "today", -1: "yesterday", 1: "tomorrow"}.get(offset)
    if near is None and abs(offset) < 14:
        near = f"{abs(offset)} days {'ago' if offset < 0 else 'from now'}"
    return f"{shown} ({near})" if near else shown


def date_in_file_name(name: str) -> datetime.date | None:
    """Return the date a file name carries ("csa-v2.0-2024-02-02.docx", "draft_20240202.md"), or None.

    The last plausible date counts: a name like "2023-11-01 NDA rev 2024-01-15" is the later
    revision. Dates before 1990 or after 2100 are taken for other numbers.
    """
    found = None
    for match in _IN_NAME.finditer(name):
        year, _, month, day = match.groups()
        date = _date(int(year), int(month), int(day))
        if date is not None and 1990 <= date.year <= 2100:
            found = date
    return found


@dataclass(frozen=True)
class DateGuess:
    """The date an import dialog starts from, and why (shown beside the field)."""

    date: datetime.date
    source: str  # "From the file name", "From the document's properties (last saved)", …


def import_date(file_name: str, modified: datetime.date | None, previous: datetime.date | None,
                today: datetime.date, *, previous_round: int | None = None) -> DateGuess:
    """Return the date a draft most likely bears: its file name's, its last-saved date, the round before's, or today."""
    named = date_in_file_name(file_name)
    if named is not None:
        return DateGuess(named, "From the file name")
    if modified is not None:
        return DateGuess(modified, "From the document (last saved)")
    if previous is not None:
        where = f"round {previous_round}" if previous_round else "the round before"
        return DateGuess(previous, f"Same as {where}: no date in the file")
    return DateGuess(today, "Today: no date in the file")
