"""Dates as a lawyer types them, and the date an import starts from."""

from __future__ import annotations

import datetime

import pytest

from desktop.display.dates import DateGuess, date_in_file_name, describe, import_date, parse_date

TODAY = datetime.date(2024, 2, 14)  # a Wednesday
D = datetime.date


@pytest.mark.parametrize("typed, meant", [
    ("2024-02-02", D(2024, 2, 2)),
    (" 2024/2/2 ", D(2024, 2, 2)),
    ("20240202", D(2024, 2, 2)),
    ("2 Feb 2024", D(2024, 2, 2)),
    ("2 february 2024", D(2024, 2, 2)),
    ("Feb 2, 2024", D(2024, 2, 2)),
    ("2nd Feb 2024", D(2024, 2, 2)),
    ("February 2nd, 24", D(2024, 2, 2)),
    ("2-Feb-2024", D(2024, 2, 2)),
    ("2 Sept", D(2024, 9, 2)),
    ("30/1/2024", D(2024, 1, 30)),  # 30 cannot be a month, whichever comes first
    ("1/30/2024", D(2024, 1, 30)),
    ("2.3.24", D(2024, 3, 2)),
    ("2/3", D(2024, 3, 2)),
    ("today", TODAY),
    ("Yesterday", D(2024, 2, 13)),
    ("tomorrow", D(2024, 2, 15)),
    ("+1", D(2024, 2, 15)),
    ("-1", D(2024, 2, 13)),
    ("- 10", D(2024, 2, 4)),
    ("+2w", D(2024, 2, 28)),
    ("-3 days", D(2024, 2, 11)),
])
def test_what_a_lawyer_types_is_read_as_the_date_meant(typed, meant):
    assert parse_date(typed, TODAY) == meant


@pytest.mark.parametrize("typed", ["", "  ", "soon", "2024-02-30", "31/31/2024", "13/13", "Feb", "2 Feb 3 Mar",
                                   "2024-02", "+", "1 2 3", "-99999", "32 Jan 2024", "Febr 2 2024"])
def test_what_is_not_a_date_is_none(typed):
    assert parse_date(typed, TODAY) is None


def test_an_ambiguous_slash_date_follows_the_users_order():
    assert parse_date("2/3/2024", TODAY, day_first=True) == D(2024, 3, 2)
    assert parse_date("2/3/2024", TODAY, day_first=False) == D(2024, 2, 3)
    assert parse_date("2024-03-02", TODAY, day_first=False) == D(2024, 3, 2)  # ISO is never ambiguous


def test_the_parsed_date_is_described_beside_the_field():
    assert describe(D(2024, 2, 2), TODAY) == "Fri 2 Feb 2024 (12 days ago)"
    assert describe(TODAY, TODAY) == "Wed 14 Feb 2024 (today)"
    assert describe(D(2024, 2, 13), TODAY) == "Tue 13 Feb 2024 (yesterday)"
    assert describe(D(2023, 2, 2), TODAY) == "Thu 2 Feb 2023"


@pytest.mark.parametrize("name, meant", [
    ("commonpaper-csa-v2.0-2024-02-02.md", D(2024, 2, 2)),
    ("v2.0-2024-02-02.docx", D(2024, 2, 2)),
    ("Acme MSA 20231101 clean.docx", D(2023, 11, 1)),
    ("msa_2023_11_01.docx", D(2023, 11, 1)),
    ("2023-11-01 NDA rev 2024-01-15.docx", D(2024, 1, 15)),
    ("draft v3.docx", None),
    ("order 1234567890.docx", None),
    ("2024-13-01.docx", None),
    ("1066-10-14.docx", None),
])
def test_a_file_name_gives_its_date(name, meant):
    assert date_in_file_name(name) == meant


def test_the_import_date_comes_from_the_name_then_the_document_then_the_round_before_then_today():
    modified, previous = D(2024, 1, 5), D(2024, 1, 2)
    assert import_date("v2-2024-02-02.docx", modified, previous, TODAY) == DateGuess(
        D(2024, 2, 2), "From the file name")
    assert import_date("v2.docx", modified, previous, TODAY) == DateGuess(modified, "From the document (last saved)")
    assert import_date("v2.docx", None, previous, TODAY, previous_round=3) == DateGuess(
        previous, "Same as round 3: no date in the file")
    assert import_date("v2.docx", None, None, TODAY) == DateGuess(TODAY, "Today: no date in the file")
