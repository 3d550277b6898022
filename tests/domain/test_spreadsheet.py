"""Spreadsheet CSV cells: text that would run as a formula is neutralised; numbers stay numbers."""
import csv
import io

import pytest

from domain.hud_reports.layout import Table
from domain.spreadsheet import safe_cell, starts_like_formula


@pytest.mark.parametrize("text", ["=1+2", "+1+2", "-1+2", "@SUM(A1:A9)", "\t=1", "\r=1", "-", "=", "-x",
                                  "=HYPERLINK(\"http://x\")", "-1e5"])
def test_formula_text_gets_an_apostrophe(text):
    assert starts_like_formula(text) and safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [0, -3, 12.5, None, "", "12", "-12", "-1.50", "+4", "-$1,250.50", "-4.5%",
                                   "Rent", "a=1", " =1", "0.0000"])
def test_numbers_and_plain_text_are_kept(value):
    assert not starts_like_formula(value) and safe_cell(value) == value


def test_the_hud_report_csv_neutralises_its_text_cells():
    table = Table("Q1", "T", ("", "Count"), (("=1+2", (-3,)), ("Average", ("-1.50",)), ("@x", ("+1+1",))))
    rows = list(csv.reader(io.StringIO(table.to_csv())))
    assert rows[1:] == [["'=1+2", "-3"], ["Average", "-1.50"], ["'@x", "'+1+1"]]
