"""Rewrite the demo call's workbook the way an office types it (fixture maker).

Run from the repository root to rebuild the committed fixtures:

    REVIEWAPP_INSTANCE_PATH=/tmp/fx reviewapp demo --applications 30 --experts 40 --no-reviews
    cd tests/reviewapp/workbook/files
    REVIEWAPP_INSTANCE_PATH=/tmp/fx reviewapp export-call 1 --out demo.xlsx
    python ../office_books.py demo.xlsx office.xlsx
    soffice --headless --convert-to xls office.xlsx \
        && mkdir -p lo && soffice --headless --convert-to xlsx --outdir lo office.xlsx \
        && mv lo/office.xlsx office-libreoffice.xlsx && mv office.xls office-libreoffice.xls

The office version holds the same call: a merged title row and a two-level header with a
merged 经费（万元） group over the money columns, full-width digits, dates typed as text,
and the spellings offices use (教授, 有限责任公司, 新疆维吾尔自治区, √ …).
"""

from __future__ import annotations

import sys
from datetime import date, datetime

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")
SPELLINGS = {
    "单位性质": {"企业": ("有限责任公司", "企业", "股份有限公司"), "高校": ("普通高等学校", "大学"),
             "科研院所": ("研究院", "科研机构"), "医疗卫生机构": ("医院", "医疗机构")},
    "所在省份": {"新疆": ("新疆维吾尔自治区", "新疆", "新疆生产建设兵团"), "北京": ("北京市",),
             "江苏": ("江苏省",), "广东": ("广东省",), "上海": ("上海市",)},
    "负责人职称": {"正高级": ("教授", "研究员", "教授级高工"), "副高级": ("高级工程师", "副教授"),
              "中级": ("工程师", "讲师"), "初级": ("助理工程师",)},
    "职称": {"正高级": ("教授", "研究员"), "副高级": ("副研究员", "高级农艺师")},
    "负责人学位": {"博士": ("工学博士", "博士研究生"), "硕士": ("硕士研究生",), "学士": ("本科",)},
    "研究阶段": {"产业化示范": ("产业化应用示范", "产业化示范"), "推广应用": ("推广",),
             "中试": ("中间试验",), "实验研究": ("小试",)},
    "支持方向": {"生物医药与大健康": ("生物医药和大健康",), "文化和旅游": ("文化旅游",),
             "现代物流产业": ("现代物流",)},
    "负责人性别": {"男": ("男", "男性"), "女": ("女性",)},
    "合作协议已签订": {"是": ("√", "已签订", "是"), "否": ("×",)},
    "知识产权清晰": {"是": ("清晰", "是")},
    "独立法人": {"是": ("是", "√")},
}
GROUP = ("申请财政经费(万元)", "自筹经费(万元)", "外拨经费(万元)")
TITLE = "2025年自治区区域协同创新专项—科技援疆计划申报项目汇总表"


def respell(sheet: Worksheet) -> None:
    """Each typed cell in one of the spellings offices write, cycling through them."""
    header = [cell.value for cell in sheet[1]]
    for col, name in enumerate(header, start=1):
        table = SPELLINGS.get(str(name))
        if table is None:
            continue
        for row in range(2, sheet.max_row + 1):
            cell = sheet.cell(row, col)
            choices = table.get(str(cell.value))
            if choices:
                cell.value = choices[row % len(choices)]


def office_numbers(sheet: Worksheet) -> None:
    """Money and months in full-width digits on every other row; some dates typed as text."""
    header = [cell.value for cell in sheet[1]]
    for row in range(2, sheet.max_row + 1):
        for col, name in enumerate(header, start=1):
            cell = sheet.cell(row, col)
            if row % 2 and name in GROUP and cell.value is not None:
                cell.value = f"{cell.value:g}".translate(FULL_WIDTH) + "万元"
            elif row % 2 and name == "执行期(月)" and cell.value is not None:
                cell.value = str(cell.value).translate(FULL_WIDTH)
            elif row % 3 == 0 and name == "负责人出生日期" and cell.value is not None:
                day = cell.value.date() if isinstance(cell.value, datetime) else cell.value
                assert isinstance(day, date)
                cell.value = f"{day.year}年{day.month}月{day.day}日"
                cell.number_format = "@"


def two_level_header(sheet: Worksheet) -> None:
    """A merged title row, then a header whose money columns sit under a merged group."""
    header = [cell.value for cell in sheet[1]]
    width = len(header)
    sheet.insert_rows(1, 2)
    sheet.cell(1, 1, TITLE)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    grouped = [header.index(name) + 1 for name in GROUP]
    for col, name in enumerate(header, start=1):
        if col in grouped:
            sheet.cell(3, col, name)
        else:
            sheet.cell(2, col, name)
            sheet.cell(3, col, None)
            sheet.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    sheet.cell(2, grouped[0], "经费（万元）")
    sheet.merge_cells(start_row=2, start_column=grouped[0], end_row=2, end_column=grouped[-1])


def make_office_book(source: str, target: str) -> None:
    """Write the office version of the workbook at `source` to `target`."""
    book = openpyxl.load_workbook(source)
    for sheet in book.worksheets:
        respell(sheet)
    applications = book["申报项目"]
    office_numbers(applications)
    two_level_header(applications)
    book.save(target)


if __name__ == "__main__":
    make_office_book(sys.argv[1], sys.argv[2])
