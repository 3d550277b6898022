"""A HUD report table as data: header, labelled rows of cells, and the CSV Sage's upload reads."""
import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass

from domain.spreadsheet import SafeWriter

Cell = int | str | None  # a count, a formatted value (percentage, average, date, text), or blank


@dataclass(frozen=True)
class Table:
    name: str  # "Q7a": also the CSV's file name
    title: str
    header: tuple[str, ...]  # the label column's heading first
    rows: tuple[tuple[str, tuple[Cell, ...]], ...]
    note: str = ""  # shown under the table on the page, never in the CSV: how the app fills it

    def cell(self, row_label: str, column: str, nth: int = 0) -> Cell:
        """The value in the row with this label (the nth such row: Q15 has several "Subtotal") and column."""
        matches = [cells for label, cells in self.rows if label == row_label]
        return matches[nth][self.header.index(column) - 1]

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = SafeWriter(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(self.header)
        for label, cells in self.rows:
            writer.writerow([label, *("" if value is None else value for value in cells)])
        return out.getvalue()


def percentage(part: int, whole: int) -> str:
    """HUD's 4-decimal share; 0.0000 when there is nothing to divide by (Green River does the same)."""
    return f"{part / whole:.4f}" if whole else "0.0000"


def average(values_with_counts: Mapping[int, int]) -> str:
    """Mean of a histogram {value: count}, 2 decimals."""
    total = sum(values_with_counts.values())
    if not total:
        return "0.00"
    return f"{sum(v * n for v, n in values_with_counts.items()) / total:.2f}"


def median(values_with_counts: Mapping[int, int]) -> str:
    """Median of a histogram {value: count}, 2 decimals (mean of the two middle values when even)."""
    total = sum(values_with_counts.values())
    if not total:
        return "0.00"
    wanted, middle, seen = {(total - 1) // 2, total // 2}, [], 0
    for value in sorted(values_with_counts):
        count = values_with_counts[value]
        middle += [value for position in sorted(wanted) if seen <= position < seen + count]
        seen += count
    return f"{sum(middle) / len(middle):.2f}"
