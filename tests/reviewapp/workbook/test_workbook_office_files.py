"""Files offices really send: LibreOffice's .xls and .xlsx of the demo call, WPS .et, limits.

`files/demo.xlsx` is the demo call (30 applications) as `export-call` writes it;
`files/office.xlsx` is the same call typed as an office types it (office_books.py): a
merged title row, a two-level header with a merged group, full-width digits, dates as
text, everyday spellings; `office-libreoffice.xls` / `.xlsx` are that file converted by
`soffice --headless --convert-to`.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from reviewapp.workbook.files import OLE_MAGIC, SheetLimits
from reviewapp.workbook.parse import parse_call_book

FILES = Path(__file__).parent / "files"
OFFICE = ("office.xlsx", "office-libreoffice.xlsx", "office-libreoffice.xls")


def test_the_fixtures_are_what_they_claim() -> None:
    assert (FILES / "office-libreoffice.xls").read_bytes().startswith(OLE_MAGIC)
    with zipfile.ZipFile(FILES / "office-libreoffice.xlsx") as archive:
        assert b"LibreOffice" in archive.read("docProps/app.xml")


@pytest.mark.parametrize("name", OFFICE)
def test_office_files_hold_the_same_call(name: str) -> None:
    """Every record equals the original's, and nothing is reported."""
    original = parse_call_book(FILES / "demo.xlsx")
    office = parse_call_book(FILES / name)
    assert original.issues == [] and office.issues == []
    assert office.book == original.book
    assert office.book is not None and len(office.book.applications) == 30


def test_an_xls_names_rows_as_excel_does() -> None:
    """A cell error in the .xls is located at the row LibreOffice shows (title + 2 header rows)."""
    result = parse_call_book(FILES / "office-libreoffice.xls", limits=SheetLimits(max_rows=5))
    assert result.book is None
    capped = [(i.sheet, i.row) for i in result.issues if "上限" in i.reason_zh]
    assert ("申报项目", 6) in capped


def test_wps_et_gets_told_how_to_save_as_xlsx() -> None:
    data = (FILES / "office-libreoffice.xls").read_bytes()
    result = parse_call_book(data, filename="申报汇总.et")
    assert result.book is None and len(result.issues) == 1
    assert "WPS" in result.issues[0].reason_zh and "另存为" in result.issues[0].reason_zh
    assert ".xlsx" in result.issues[0].reason_en


def test_a_damaged_xls_says_what_to_do() -> None:
    result = parse_call_book(OLE_MAGIC + bytes(600))
    assert result.book is None and len(result.issues) == 1
    assert "另存为" in result.issues[0].reason_zh


def test_row_and_cell_limits_name_the_sheet_and_row() -> None:
    rows = parse_call_book(FILES / "demo.xlsx", limits=SheetLimits(max_rows=50))
    assert rows.book is None
    assert [(i.sheet, i.row) for i in rows.issues if "上限" in i.reason_zh] == [("单位", 51)]
    filled = parse_call_book(FILES / "demo.xlsx", limits=SheetLimits(max_cells=100))
    assert filled.book is None
    assert all("100" in i.reason_zh for i in filled.issues if "上限" in i.reason_zh)
    assert {i.sheet for i in filled.issues if "上限" in i.reason_zh} >= {"单位", "申报项目"}
