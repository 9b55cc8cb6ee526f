"""The downloadable call workbook template: headers, an example row per sheet, and 说明."""

from __future__ import annotations

import io

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reviewapp.call_settings_model import CallSettings, template_2025
from reviewapp.workbook.columns import KIND_NAMES, Column, SheetSpec, call_sheets, review_sheet
from reviewapp.workbook.export import Formats, new_workbook, write_header, write_rows

NOTES_TITLE = "说明"
NOTES_HEADER = (
    "工作表 sheet", "英文列名 key", "中文列名 label", "必填 required", "类型 type",
    "允许值 allowed values", "示例 example",
)
# A second example unit, so the example application's partner is a real unit row.
EXTRA_ROWS = {
    "units": ({"unit_id": "U002", "name": "江苏某某农业大学", "unit_type": "高校",
               "province": "江苏", "legal_person": "是"},),
}
GENERAL_NOTES = (
    "表头可用中文列名或英文列名；工作表可用中文名或英文名。 Headers: Chinese label or English key.",
    "列表用分号分隔（; 或 ；）。 Lists are separated by ; or ；.",
    "金额以万元为单位，如 50、50.5、50万元，最多 4 位小数。 Money in 万元, up to 4 decimals.",
    "日期写成 2025-03-01 或使用 Excel 日期。 Dates as YYYY-MM-DD or Excel dates.",
    "是/否 也可写 yes/no、y/n、1/0、true/false。 Yes/no also as yes/no, y/n, 1/0, true/false.",
    "导入为全部成功或全部不导入：有任何错误时不保存任何数据，并列出所有错误。"
    " Import is all or nothing: on any error nothing is stored and every error is listed.",
    "请删除或替换示例行：仍含示例行的工作簿不会被导入。"
    " Delete or replace the example rows: a workbook still holding them is refused.",
    "职称、学位、单位性质、省份等可按常用写法填写"
    "（如 教授、工学博士、有限责任公司、新疆维吾尔自治区）。"
    " Titles, degrees, unit types and provinces may be written as offices usually write them.",
)
VALIDATION_ROWS = 5000


def example_rows(spec: SheetSpec) -> list[list[object]]:
    """The example row from the column specs, plus any extra rows this sheet needs."""
    rows = [[column.example if column.example != "" else None for column in spec.columns]]
    for extra in EXTRA_ROWS.get(spec.key, ()):
        rows.append([extra.get(column.key) for column in spec.columns])
    return rows


def add_validation(sheet: Worksheet, col: int, column: Column) -> None:
    """A drop-down of allowed values for a choice or yes/no column (a hint, not enforced)."""
    if column.kind in ("text", "list", "directions") or not column.choices:
        return
    sheet.data_validation(1, col, VALIDATION_ROWS, col, {
        "validate": "list", "source": list(column.choices), "error_type": "warning",
    })


def add_sheet(book: Workbook, spec: SheetSpec, formats: Formats) -> None:
    """One data sheet: header with the English key as a comment, example rows, drop-downs."""
    sheet = book.add_worksheet(spec.name)
    write_header(sheet, spec, formats)
    for col, column in enumerate(spec.columns):
        need = "必填" if column.required else "选填"
        sheet.write_comment(0, col, f"{column.key}（{need}）\n{KIND_NAMES[column.kind]}")
        add_validation(sheet, col, column)
    write_rows(sheet, spec, example_rows(spec), formats)


def note_rows(specs: tuple[SheetSpec, ...]) -> list[list[object]]:
    """One row per column of every sheet for the 说明 sheet."""
    rows: list[list[object]] = []
    for spec in specs:
        for column in spec.columns:
            rows.append([
                f"{spec.name} {spec.key}", column.key, column.label,
                "是" if column.required else "否", KIND_NAMES[column.kind],
                "；".join(column.choices), "" if column.example is None else str(column.example),
            ])
    return rows


def add_notes(book: Workbook, specs: tuple[SheetSpec, ...], formats: Formats) -> None:
    """The 说明 sheet: every column of every sheet, then the general rules."""
    sheet = book.add_worksheet(NOTES_TITLE)
    for col, title in enumerate(NOTES_HEADER):
        sheet.write_string(0, col, title, formats.header)
    sheet.set_column(0, 2, 22)
    sheet.set_column(3, 4, 16)
    sheet.set_column(5, 6, 40)
    rows = note_rows(specs)
    for row_index, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            sheet.write_string(row_index, col, str(value))
    for offset, note in enumerate(GENERAL_NOTES, start=len(rows) + 2):
        sheet.write_string(offset, 0, note)
    sheet.freeze_panes(1, 0)


def build_template(specs: tuple[SheetSpec, ...]) -> bytes:
    """A template workbook for the given sheets, followed by its 说明 sheet."""
    target = io.BytesIO()
    book, formats = new_workbook(target)
    for spec in specs:
        add_sheet(book, spec, formats)
    add_notes(book, specs, formats)
    book.close()
    return target.getvalue()


def call_template(settings: CallSettings | None = None) -> bytes:
    """The call workbook template (.xlsx bytes) for a call's settings."""
    return build_template(call_sheets(settings or template_2025()))


def reviews_template(settings: CallSettings | None = None) -> bytes:
    """The paper-reviews (评审意见) template, one score column per rubric indicator."""
    return build_template((review_sheet(settings or template_2025()),))
