"""The issues list: the spreadsheet lawyers keep by hand, one row per position, as .xlsx or .csv.

The .xlsx (openpyxl) has a bold, frozen header row with an autofilter, wrapped text in
columns sized for it, a status column with a drop-down of the five statuses, and prints on
landscape pages with the header repeated.

The .csv starts with a UTF-8 byte-order mark: Excel opens a CSV without one in the
machine's legacy code page and garbles the curly quotes, section signs and dashes that legal
text is full of; LibreOffice, Numbers and Python's "utf-8-sig" read the mark and drop it.

Both are safe against formula injection: a cell read from a draft that begins with = + - @
(or a tab or carriage return) is prefixed with an apostrophe, so a spreadsheet shows it as
text and never runs it (OWASP, "CSV Injection"). The .xlsx also stores every cell as a
string, never as a formula.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from desktop.display.positions import STATUS_WORDS
from desktop.export.summary.data import CONFIDENTIAL, SummaryData

COLUMNS = ("No.", "Issue", "Our position", "Their position", "Status", "Reason",
           "Clause reference", "Round last touched", "Confirmed")
_WIDTHS = (6, 26, 36, 28, 13, 50, 16, 10, 10)  # characters
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_STATUS_FILLS = {"won": "E2EFDA", "conceded": "FADBD8", "compromise": "FFF2CC", "open": "DDEBF7",
                 "not addressed": "EDEDED"}


@dataclass(frozen=True)
class IssueRow:
    """One position as a row of the issues list."""

    number: int
    issue: str
    our_position: str
    their_position: str
    status: str  # "won", "conceded", "compromise", "open", "not addressed"
    reason: str
    clause_reference: str
    round_last_touched: str  # "3", or "" when nothing ever changed
    confirmed: str  # "yes", or "no" while the status is Counterdraft's suggestion

    def cells(self) -> tuple[str | int, ...]:
        """Return the row's values in COLUMNS order."""
        return (self.number, self.issue, self.our_position, self.their_position, self.status,
                self.reason, self.clause_reference, self.round_last_touched, self.confirmed)


def issue_rows(data: SummaryData) -> tuple[IssueRow, ...]:
    """Return one row per position of the deal, in summary order."""
    return tuple(
        IssueRow(
            number=p.number, issue=p.title, our_position=p.ask or "—",
            their_position=p.their_value, status=p.status_words, reason=p.reason,
            clause_reference=p.clause_reference,
            round_last_touched=str(p.last_touched) if p.last_touched else "",
            confirmed="no" if p.suggested else ("yes" if p.status else ""))
        for p in data.positions)


def defuse(value: str | int) -> str | int:
    """Return a cell value a spreadsheet cannot read as a formula (text starting = + - @ gets a ')."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(data: SummaryData, out: Path) -> None:
    """Write the issues list as CSV (UTF-8 with a byte-order mark, CRLF rows, as Excel writes it)."""
    with open(out, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, dialect="excel")
        writer.writerow(COLUMNS)
        for row in issue_rows(data):
            writer.writerow([defuse(value) for value in row.cells()])


def _row_height(values: tuple[str | int, ...]) -> float:
    """Return a row's height in points, tall enough for its longest wrapped cell.

    Neither Excel nor LibreOffice reliably grows a row for wrapped text when it opens a file,
    so the height is estimated here from the text length and the column width (in characters).
    """
    lines = 1
    for value, width in zip(values, _WIDTHS):
        text = str(value)
        per_line = max(width - 2, 1)
        lines = max(lines, sum(math.ceil(max(len(part), 1) / per_line) for part in text.split("\n")))
    return 15.0 * lines


def write_xlsx(data: SummaryData, out: Path) -> None:
    """Write the issues list as an Excel workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "Issues list"
    book.properties.title = f"Issues list: {data.deal_name}"
    book.properties.creator = "Counterdraft"
    thin = Side(style="thin", color="8EAADB")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="D9E2F3")
    wrap = Alignment(wrap_text=True, vertical="top")
    for column, title in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font, cell.fill, cell.border, cell.alignment = header_font, header_fill, border, wrap
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS[column - 1]
    rows = issue_rows(data)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row.cells(), start=1):
            cell = sheet.cell(row=number, column=column)
            cell.value = defuse(value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would store "=…" as a formula
            cell.border, cell.alignment = border, wrap
        sheet.row_dimensions[number].height = _row_height(row.cells())
        status = sheet.cell(row=number, column=COLUMNS.index("Status") + 1)
        if row.status in _STATUS_FILLS:
            status.fill = PatternFill("solid", fgColor=_STATUS_FILLS[row.status])
    last = max(len(rows) + 1, 2)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    status_letter = get_column_letter(COLUMNS.index("Status") + 1)
    choices = DataValidation(type="list", formula1='"' + ",".join(STATUS_WORDS.values()) + '"',
                             allow_blank=True, showDropDown=False)
    choices.add(f"{status_letter}2:{status_letter}{max(last, 200)}")
    sheet.add_data_validation(choices)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.oddFooter.center.text = "Page &P of &N"
    # "&" starts a code in Excel's header text ("&P" is the page number): "&&" is an ampersand.
    sheet.oddHeader.right.text = CONFIDENTIAL.replace("&", "&&")
    book.save(str(out))
