"""Helpers that build small call workbooks cell by cell with openpyxl (shared by tests)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl

Sheets = dict[str, list[list[Any]]]


def write_book(sheets: Sheets) -> bytes:
    """An .xlsx whose sheets hold the given rows (row 1 is the header)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def valid_sheets() -> Sheets:
    """A small valid call workbook: three units, two applications, two experts."""
    return {
        "units": [
            ["unit_id", "name", "unit_type", "province", "legal_person", "audit_years",
             "parent_unit_id"],
            ["U1", "新疆甲公司", "企业", "新疆维吾尔自治区", "是", "2023;2024", None],
            ["U2", "江苏乙大学", "高校", "江苏", "否", None, None],
            ["U3", "乙大学分院", "科研院所", "江苏省", "yes", 2024, "U2"],
        ],
        "申报项目": [
            ["项目编号", "项目名称", "项目类别", "支持方向", "申报单位编号", "区外合作单位编号",
             "负责人编号", "负责人姓名", "申请财政经费（万元）", "自筹经费(万元)",
             "负责人出生日期", "执行期(月)", "合作协议已签订"],
            ["A1", "滴灌示范", "T1", "智慧农业", "U1", "U2；U3", "P1", "张三", "50万元", 100,
             "1970-05-01", 24, "Y"],
            ["A2", "新材料", "省区（区校）创新合作项目", "不在名单的方向", "U1", "U2", "P2", "李四",
             "４５.５", "100.0001", None, None, "false"],
        ],
        "experts": [
            ["expert_id", "name", "unit_id", "province", "max_load", "available"],
            ["E1", "王五", "U2", "江苏", 10, "是"],
            ["E2", "赵六", None, "北京市", None, None],
        ],
    }
