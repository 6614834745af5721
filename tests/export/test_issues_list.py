"""The issues list: one row per position, read back from the .xlsx (openpyxl) and the .csv."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from desktop.export.issues_list import COLUMNS, defuse, issue_rows, write_csv, write_xlsx
from desktop.store import Store
from tests.export.summary_sample import HOSTILE, hostile_summary, sample_summary


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """Return (store, summary data) for the sample deal."""
    store = Store(tmp_path_factory.mktemp("db") / "deal.db")
    yield store, sample_summary(store)
    store.close()


def test_the_workbook_has_one_row_per_position_with_status_and_reason(sample, tmp_path):
    store, data = sample
    write_xlsx(data, tmp_path / "issues.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "issues.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    deal = store.deal_by_name(data.deal_name)
    final_round = store.rounds(deal.id)[-1].id
    statuses = store.position_statuses(deal.id)
    by_title = {row[1]: row for row in rows[1:]}
    assert len(by_title) == len(store.deal_positions(deal.id)) == len(rows) - 1
    for position in store.deal_positions(deal.id):
        row = by_title[position.title]
        recorded = statuses[(position.key, final_round)]
        assert row[4] == recorded.status.replace("_", " ")
        assert row[5] == recorded.reason
        assert row[2] == position.ask
    assert [row[0] for row in rows[1:]] == list(range(1, len(rows)))
    assert [row[1] for row in rows[1:4]] == ["Limitation of liability cap", "IP indemnity scope", "Audit rights"]


def test_the_workbook_reads_like_a_lawyers_issues_list(sample, tmp_path):
    _, data = sample
    write_xlsx(data, tmp_path / "issues.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "issues.xlsx").active
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.auto_filter.ref == f"A1:I{len(data.positions) + 1}"
    assert sheet["F2"].alignment.wrap_text
    assert sheet.column_dimensions["F"].width > sheet.column_dimensions["A"].width
    (validation,) = sheet.data_validations.dataValidation
    assert "compromise" in validation.formula1 and str(validation.sqref).startswith("E2:")
    assert sheet.print_title_rows == "$1:$1"
    # Wrapped reasons get rows tall enough to read (office suites do not grow them on opening).
    assert sheet.row_dimensions[2].height >= 15 * 3
    cap = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[1] == "Limitation of liability cap")
    assert cap[6].startswith("8.1(a)")  # where the final draft has the cap
    assert cap[3] == data.positions[0].their_value


def test_a_cell_beginning_like_a_formula_stays_text(tmp_path):
    data = hostile_summary()
    write_xlsx(data, tmp_path / "issues.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "issues.xlsx").active
    row = [cell for cell in sheet[2]]
    assert all(cell.data_type != "f" for cell in row)
    assert row[2].value == "'=HYPERLINK(\"x\")"
    assert row[3].value.startswith("'+44")
    assert row[5].value.startswith("'@SUM")
    assert row[1].value == "Cap " + HOSTILE


def test_csv_is_utf8_with_a_bom_and_defused(tmp_path):
    write_csv(hostile_summary(), tmp_path / "issues.csv")
    raw = (tmp_path / "issues.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    with open(tmp_path / "issues.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == COLUMNS
    assert rows[1][1] == "Cap " + HOSTILE  # pipes, quotes and markup survive the round trip
    assert rows[1][2] == "'=HYPERLINK(\"x\")"
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in rows[1])


def test_csv_of_the_sample_deal_matches_the_workbook(sample, tmp_path):
    _, data = sample
    write_csv(data, tmp_path / "issues.csv")
    with open(tmp_path / "issues.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    expected = [[str(defuse(value)) for value in row.cells()] for row in issue_rows(data)]
    assert rows[1:] == expected
    assert any("…" in cell for row in rows for cell in row)  # non-ASCII kept (reasons cut with …)


def test_defuse_only_touches_formula_starts():
    assert defuse("=1+1") == "'=1+1"
    assert defuse("-5 days") == "'-5 days"
    assert defuse("\tx") == "'\tx"
    assert defuse("12 months") == "12 months"
    assert defuse("a=b") == "a=b"
    assert defuse(7) == 7
