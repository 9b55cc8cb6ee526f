"""Workbook files as offices send them: .xlsx, old .xls (pandas + xlrd), and WPS's .et.

Each reader returns every sheet's rows as tuples of plain cell values (str, int, float,
bool, datetime, None), cut at the call's row and cell limits with a located message.
Nothing here lets a traceback reach the user.
"""

from __future__ import annotations

import io
import math
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

import openpyxl
import pandas as pd

from reviewapp.workbook.cells import EXCEL_EPOCH, is_blank
from reviewapp.workbook.issues import ImportIssue

OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the compound-document container of .xls (and WPS .et)
SAVE_AS_XLSX_ZH = ("请在 Excel 或 WPS 中选择「文件 → 另存为」，保存类型选"
                   "「Excel 工作簿（*.xlsx）」后再导入")
SAVE_AS_XLSX_EN = ("open it in Excel or WPS, choose File → Save As, type “Excel Workbook "
                   "(*.xlsx)”, and import that file")


@dataclass(frozen=True)
class SheetLimits:
    """How much one sheet may hold: rows (header included) and non-blank cells."""

    max_rows: int = 20_000
    max_cells: int = 1_000_000


@dataclass(frozen=True)
class SheetData:
    """One sheet's title and its rows as read (index 0 is Excel row 1)."""

    title: str
    rows: tuple[tuple[object, ...], ...]


def file_issue(reason_zh: str, reason_en: str) -> ImportIssue:
    """An issue about the whole file."""
    return ImportIssue("", None, "", "", reason_zh, reason_en)


def wps_issue() -> ImportIssue:
    """WPS's own .et format: say how to save it as .xlsx."""
    return file_issue(f"这是 WPS 表格的 .et 文件，无法直接导入：{SAVE_AS_XLSX_ZH}",
                      f"this is a WPS Spreadsheets .et file, which cannot be imported: "
                      f"{SAVE_AS_XLSX_EN}")


def capped_rows(
    title: str, rows: Iterable[tuple[object, ...]], limits: SheetLimits, issues: list[ImportIssue]
) -> tuple[tuple[object, ...], ...]:
    """The sheet's rows up to the limits; past either one, an error naming the row."""
    kept: list[tuple[object, ...]] = []
    cells = 0
    for number, row in enumerate(rows, start=1):
        cells += sum(not is_blank(value) for value in row)
        if number > limits.max_rows:
            issues.append(ImportIssue(
                title, number, "", "",
                f"工作表超过 {limits.max_rows} 行的上限，请拆分或删除多余的行后再导入",
                f"the sheet has more than the limit of {limits.max_rows} rows; split it or "
                "delete unused rows"))
            break
        if cells > limits.max_cells:
            issues.append(ImportIssue(
                title, number, "", "",
                f"工作表超过 {limits.max_cells} 个非空单元格的上限，请拆分后再导入",
                f"the sheet has more than the limit of {limits.max_cells} filled cells; split it"))
            break
        kept.append(tuple(row))
    return tuple(kept)


def read_xlsx(
    data: bytes, limits: SheetLimits, issues: list[ImportIssue]
) -> tuple[list[SheetData], date]:
    """Every sheet of an .xlsx; raises on a damaged archive (the caller explains)."""
    with warnings.catch_warnings():
        # openpyxl warns about styles and extensions it drops; values are unaffected.
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = []
            for worksheet in book.worksheets:
                # A stale <dimension> tag would cut columns off; let openpyxl scan instead.
                worksheet.reset_dimensions()
                rows = capped_rows(worksheet.title, worksheet.iter_rows(values_only=True),
                                   limits, issues)
                sheets.append(SheetData(worksheet.title, rows))
            return sheets, book.epoch.date()
        finally:
            book.close()


def _plain(value: object) -> object:
    """A pandas cell as the value openpyxl would give: NaN → None, Timestamp → datetime."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def _frame_rows(frame: pd.DataFrame) -> Iterator[tuple[object, ...]]:
    """A sheet read without a header as tuples of plain values."""
    for row in frame.itertuples(index=False, name=None):
        yield tuple(_plain(value) for value in row)


def read_xls(
    data: bytes, limits: SheetLimits, issues: list[ImportIssue]
) -> tuple[list[SheetData], date]:
    """Every sheet of an old binary .xls through pandas and xlrd (dates come as datetimes)."""
    frames = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=object,
                           engine="xlrd", keep_default_na=False, na_values=[])
    sheets = [SheetData(str(title), capped_rows(str(title), _frame_rows(frame), limits, issues))
              for title, frame in frames.items()]
    return sheets, EXCEL_EPOCH


def read_workbook(
    data: bytes, filename: str, limits: SheetLimits
) -> tuple[tuple[list[SheetData], date] | None, list[ImportIssue]]:
    """The sheets of an .xlsx or .xls file, or the issue saying why it cannot be read."""
    issues: list[ImportIssue] = []
    if filename.lower().endswith(".et"):
        return None, [wps_issue()]
    if data.startswith(OLE_MAGIC):
        try:
            return read_xls(data, limits, issues), issues
        # xlrd raises its own errors, struct and index errors on a damaged or foreign
        # compound document; the user's answer is the same in every case.
        except Exception as exc:  # noqa: BLE001
            if "workbook" in str(exc).lower() and "ole2" in str(exc).lower():
                return None, [wps_issue()]
            return None, [file_issue(
                f"旧版 .xls 文件已损坏或无法读取：{SAVE_AS_XLSX_ZH}",
                f"the old .xls file is damaged or cannot be read: {SAVE_AS_XLSX_EN}")]
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return None, [file_issue(
            "文件不是 Excel 工作簿（.xlsx 或 .xls），或文件已损坏、不完整",
            "the file is not an Excel workbook (.xlsx or .xls), or it is damaged or incomplete",
        )]
    try:
        return read_xlsx(data, limits, issues), issues
    # A damaged archive can fail in zipfile, zlib, the XML parser or openpyxl itself;
    # whichever it is, the user's answer is the same: the file cannot be read.
    except Exception:  # noqa: BLE001
        return None, [file_issue(
            "文件已损坏或不完整，无法读取，请重新保存后再导入",
            "the workbook is damaged or incomplete and cannot be read; save it again and retry",
        )]
