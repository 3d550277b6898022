"""Cells of CSV files meant for spreadsheets, made safe to open (OWASP "CSV injection").

A spreadsheet runs a cell that starts with =, +, -, @ (or tab/CR, which some strip first) as a formula. Text
cells that start so get a leading apostrophe, which spreadsheets show as text and do not display. Numbers stay
numbers: a count, "-12", "-1.50", "-$1,250.50" or "-4.5%" is left as it is, so sums still work.
"""
import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO, TypeGuard

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A number as the app writes one: sign, optional dollar sign, digits with thousands commas, decimals, percent.
NUMBER = re.compile(r"[+-]?\$?\d[\d,]*(\.\d+)?%?")
FORMULA_MESSAGE = "Start with a letter or a digit: text starting with {} is run as a formula by spreadsheets."


def starts_like_formula(text: object) -> TypeGuard[str]:
    return isinstance(text, str) and text.startswith(FORMULA_START) and not NUMBER.fullmatch(text)


def safe_cell(value: object) -> object:
    """The value for a spreadsheet CSV: text that would run as a formula is prefixed with an apostrophe."""
    return "'" + value if starts_like_formula(value) else value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe_cell(value) for value in values]


class SafeWriter:
    """csv.writer with every row made safe: the one way the app writes a spreadsheet CSV."""

    def __init__(self, out: TextIO, **options: Any) -> None:
        self._writer = csv.writer(out, **{"lineterminator": "\r\n", **options})

    def writerow(self, values: Iterable[object]) -> None:
        self._writer.writerow(safe_row(values))
