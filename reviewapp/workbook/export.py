"""Writing a `CallBook` (and paper reviews) back to the call workbook format.

The export is the import's inverse: parsing an exported book gives an equal `CallBook`.
Text cells are always written as strings (never formulas); text that starts like a
formula gets a leading apostrophe, which the importer removes again.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reviewapp.call_settings_model import CallSettings, template_2025
from reviewapp.safe_cells import XLSX_OPTIONS, guard_text
from reviewapp.workbook import cells
from reviewapp.workbook.columns import Column, SheetSpec, call_sheets, review_sheet
from reviewapp.workbook.records import CallBook, ReviewRecord

EARLIEST_EXCEL_DATE = date(1900, 3, 1)  # Excel's calendar is wrong before this day
MAX_COLUMN_WIDTH = 40


@dataclass(frozen=True)
class Formats:
    """The few cell formats every ReviewApp workbook uses."""

    header: Any
    date: Any
    decimal: Any


def new_workbook(target: io.BytesIO) -> tuple[Workbook, Formats]:
    """A workbook that never turns text into formulas, numbers or links, with our formats."""
    book = xlsxwriter.Workbook(target, XLSX_OPTIONS)
    formats = Formats(
        header=book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1}),
        date=book.add_format({"num_format": "yyyy-mm-dd"}),
        decimal=book.add_format({"num_format": "0.00##"}),
    )
    return book, formats


def to_cell(column: Column, value: object) -> object:
    """A record value as the cell the importer reads back to the same value."""
    if value is None or value == "" or value == ():
        return None
    kind = column.kind
    if kind == "money" and isinstance(value, int):
        return cells.money_wan(value)
    if kind == "bool":
        return "是" if value else "否"
    if kind in ("ids", "list", "directions", "years") and isinstance(value, tuple | list):
        return ";".join(str(item) for item in value)
    if kind == "date" and isinstance(value, date):
        return value if value >= EARLIEST_EXCEL_DATE else value.isoformat()
    if kind in ("int", "number", "score"):
        return value
    return str(value)


def write_value(sheet: Worksheet, row: int, col: int, value: object, formats: Formats) -> None:
    """Write one value with the method for its type: text always as a string."""
    if value is None:
        return
    if isinstance(value, str):
        sheet.write_string(row, col, guard_text(value))
    elif isinstance(value, date):
        sheet.write_datetime(row, col, value, formats.date)
    elif isinstance(value, float):
        sheet.write_number(row, col, value, formats.decimal)
    else:
        sheet.write_number(row, col, value)


def write_header(sheet: Worksheet, spec: SheetSpec, formats: Formats) -> None:
    """Row 1: the Chinese labels (the importer also accepts the English keys)."""
    for col, column in enumerate(spec.columns):
        sheet.write_string(0, col, column.label, formats.header)
        width = max(len(column.label) * 2, len(column.key)) + 2
        sheet.set_column(col, col, min(width, MAX_COLUMN_WIDTH))
    sheet.freeze_panes(1, 0)


def write_rows(
    sheet: Worksheet, spec: SheetSpec, rows: Iterable[Sequence[object]], formats: Formats
) -> None:
    """Data rows from row 2 on, one value per column of the spec."""
    for row_index, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            write_value(sheet, row_index, col, value, formats)


def record_cells(spec: SheetSpec, record: object) -> list[object]:
    """A record's cells in the spec's column order."""
    return [to_cell(column, getattr(record, column.attr)) for column in spec.columns]


def review_cells(spec: SheetSpec, review: ReviewRecord) -> list[object]:
    """A review's cells: ids, one score per indicator, recommendation, comment."""
    values: list[object] = []
    for column in spec.columns:
        if column.kind == "score":
            values.append(review.scores.get(column.key))
        else:
            values.append(to_cell(column, getattr(review, column.attr)))
    return values


def export_call_book(book: CallBook, settings: CallSettings | None = None) -> bytes:
    """The call workbook (.xlsx bytes) holding every record of `book`."""
    settings = settings or template_2025()
    target = io.BytesIO()
    workbook, formats = new_workbook(target)
    for spec in call_sheets(settings):
        sheet = workbook.add_worksheet(spec.name)
        write_header(sheet, spec, formats)
        write_rows(sheet, spec, (record_cells(spec, r) for r in getattr(book, spec.key)), formats)
    workbook.close()
    return target.getvalue()


def export_reviews(reviews: Iterable[ReviewRecord], settings: CallSettings | None = None) -> bytes:
    """A reviews (评审意见) workbook with one row per review."""
    spec = review_sheet(settings or template_2025())
    target = io.BytesIO()
    workbook, formats = new_workbook(target)
    # DESIGN.md's web contract names this sheet `reviews` (the importer reads either name).
    sheet = workbook.add_worksheet(spec.key)
    write_header(sheet, spec, formats)
    write_rows(sheet, spec, (review_cells(spec, review) for review in reviews), formats)
    workbook.close()
    return target.getvalue()
