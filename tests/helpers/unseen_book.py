"""Write the hand-made call of `unseen_cases` as .xlsx files, good and broken.

Two good variants: `zh` (Chinese sheet names and labels, DESIGN.md's column order) and
`en` (English keys and sheet names, shuffled columns, unknown extra columns and sheets).
Cells rotate through the spellings DESIGN.md allows: 是/yes/Y/1, money as numbers, `50万`,
`50万元` and full-width digits, Excel dates and `YYYY-MM-DD` text, lists with `;` and `；`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from tests.helpers.unseen_cases import Book, Raw

# Sheet key → (Chinese sheet name, ((column key, Chinese label), ...)), from DESIGN.md.
SHEETS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "units": ("单位", (
        ("unit_id", "单位编号"), ("name", "单位名称"), ("unit_type", "单位性质"),
        ("province", "所在省份"), ("legal_person", "独立法人"),
        ("blacklisted_until", "失信黑名单截止日期"), ("audit_years", "审计报告年度"),
        ("credit_code", "统一社会信用代码"), ("parent_unit_id", "上级单位编号"),
    )),
    "applications": ("申报项目", (
        ("app_id", "项目编号"), ("title", "项目名称"), ("track", "项目类别"),
        ("direction", "支持方向"), ("lead_unit_id", "申报单位编号"),
        ("partner_unit_ids", "区外合作单位编号"), ("participant_unit_ids", "参与单位编号"),
        ("agreements_signed", "合作协议已签订"), ("achievement_count", "引进成果数量"),
        ("achievement_types", "引进成果类型"), ("achievement_ip_clear", "知识产权清晰"),
        ("pi_id", "负责人编号"), ("pi_name", "负责人姓名"), ("pi_sex", "负责人性别"),
        ("pi_birth_date", "负责人出生日期"), ("pi_title", "负责人职称"),
        ("pi_degree", "负责人学位"), ("pi_employed_by_lead", "负责人与申报单位签约"),
        ("pi_months_per_year", "负责人每年投入月数"), ("pi_aid_staff", "援疆科技人员"),
        ("pi_service_end", "在疆服务截止日期"), ("pi_letters", "承诺函及推荐函"),
        ("pi_blacklisted_until", "负责人失信黑名单截止日期"),
        ("requested_wan", "申请财政经费(万元)"), ("self_funding_wan", "自筹经费(万元)"),
        ("outsourced_wan", "外拨经费(万元)"), ("duration_months", "执行期(月)"),
        ("stage", "研究阶段"), ("output_types", "成果形式"), ("demo_site", "示范地点"),
        ("demo_scale", "示范规模"), ("quantified_outputs", "量化产出指标"),
        ("adoption_units", "推广应用单位"), ("keywords", "关键词"), ("abstract", "项目摘要"),
    )),
    "experts": ("专家", (
        ("expert_id", "专家编号"), ("name", "姓名"), ("unit_id", "工作单位编号"),
        ("unit_name", "工作单位"), ("province", "所在省份"), ("title", "职称"),
        ("directions", "熟悉领域"), ("keywords", "研究方向关键词"), ("profile", "专家简介"),
        ("max_load", "最多评审数"), ("available", "是否可用"), ("email", "邮箱"),
    )),
    "relations": ("关系", (
        ("person_id", "人员编号"), ("relation", "关系类型"), ("other_id", "对方编号"),
        ("until", "截止日期"),
    )),
    "avoidance": ("回避申请", (
        ("app_id", "项目编号"), ("expert_id", "专家编号"), ("unit_id", "单位编号"),
        ("reason", "理由"),
    )),
}

YES = ("是", "yes", "Y", "1", 1, "是")
NO = ("否", "no", "n", "0", 0, "否")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _money(text: str, i: int) -> Any:
    """万元 `text` in one of six spellings, chosen by row index."""
    amount = Decimal(text)
    forms = (
        int(amount) if amount == amount.to_integral() else float(amount),
        text, f"{text}万", f"{text}万元", text.translate(FULL_WIDTH),
        f"{text}万元".translate(FULL_WIDTH),
    )
    return forms[i % len(forms)]


def render(key: str, value: Any, i: int) -> Any:
    """The cell a clerk would type for a semantic value on row `i`."""
    if isinstance(value, Raw):
        return value.value
    if value is None:
        return None
    if isinstance(value, bool):
        return (YES if value else NO)[i % len(YES)]
    if key.endswith("_wan"):
        return _money(value, i)
    if isinstance(value, date):
        return value if i % 2 == 0 else value.isoformat()
    if isinstance(value, tuple):
        return ("；" if i % 2 else ";").join(map(str, value))
    return value


@dataclass(frozen=True)
class Layout:
    """How one workbook spells its sheets and headers."""

    english: bool = False
    shuffle_seed: int | None = None
    extra_columns: tuple[str, ...] = ()
    drop_sheets: tuple[str, ...] = ()
    drop_columns: tuple[tuple[str, str], ...] = ()  # (sheet key, column key)
    full_width_brackets: bool = False
    blank_rows: bool = False


ZH = Layout()
EN = Layout(english=True, shuffle_seed=7, extra_columns=("remark", "内部备注"))
MESSY = Layout(full_width_brackets=True, blank_rows=True)


def write_book(path: Path, book: Book | None = None, layout: Layout = ZH) -> Path:
    """Write `book` (the hand-made call by default) to `path` in `layout`."""
    book = book or Book()
    workbook = Workbook()
    workbook.remove(workbook.active)
    keys = list(SHEETS)
    if layout.english:
        keys.reverse()
        workbook.create_sheet("notes").append(["这张表不是导入表 / not an import sheet"])
    for sheet_key in keys:
        if sheet_key in layout.drop_sheets:
            continue
        zh_name, columns = SHEETS[sheet_key]
        columns = tuple(c for c in columns if (sheet_key, c[0]) not in layout.drop_columns)
        if layout.shuffle_seed is not None:
            columns = tuple(random.Random(layout.shuffle_seed).sample(columns, len(columns)))
        sheet = workbook.create_sheet(sheet_key if layout.english else zh_name)
        header = [key if layout.english else label for key, label in columns]
        if layout.full_width_brackets:
            header = [h.replace("(", "（").replace(")", "）") for h in header]
        sheet.append([*header, *layout.extra_columns])
        for i, row in enumerate(getattr(book, sheet_key)):
            if layout.blank_rows and i % 10 == 5:
                sheet.append([])
            cells = [render(key, row.get(key), i) for key, _label in columns]
            sheet.append([*cells, *(f"备注{i}" for _ in layout.extra_columns)])
    workbook.save(path)
    return path


@dataclass(frozen=True)
class BadBook:
    """A broken workbook and words its error report must contain."""

    path: Path
    must_name: tuple[str, ...]


def _messy_cell(value: Any) -> Any:
    """A cell as a hurried clerk leaves it: Excel booleans, times on dates, stray spaces."""
    if isinstance(value, bool):
        return Raw(value)
    if isinstance(value, date):
        return Raw(datetime(value.year, value.month, value.day, 9, 30))
    if isinstance(value, str) and value:
        return f" {value} "
    if isinstance(value, tuple) and value:
        return Raw(" ; ".join(map(str, value)) + " ;")
    return value


def messy_book() -> Book:
    """The hand-made call with every cell typed carelessly (same meaning)."""
    book = Book()

    def rows(sheet: tuple[dict[str, Any], ...]) -> tuple[dict[str, Any], ...]:
        """Each row of a sheet made messy; money stays in its rotating spellings."""
        return tuple({k: v if k.endswith("_wan") else _messy_cell(v) for k, v in row.items()}
                     for row in sheet)

    return Book(rows(book.units), rows(book.applications), rows(book.experts),
                rows(book.relations), rows(book.avoidance))


def _with_application(book: Book, index: int, **changes: Any) -> Book:
    """`book` with application `index` changed."""
    apps = list(book.applications)
    apps[index] = {**apps[index], **changes}
    return replace(book, applications=tuple(apps))


def bad_books(folder: Path) -> dict[str, BadBook]:
    """Every broken workbook of the suite, written into `folder`, by name."""
    good = write_book(folder / "good.xlsx")
    book = Book()
    # Row 6 of 申报项目 is application index 4 (header on row 1).
    makers: dict[str, tuple[Callable[[Path], Any], tuple[str, ...]]] = {
        "not_a_workbook": (lambda p: p.write_text("项目编号,项目名称\nA01,测试\n",
                                                  encoding="utf-8"), ()),
        "truncated": (lambda p: p.write_bytes(good.read_bytes()[: good.stat().st_size // 2]),
                      ()),
        "missing_sheet": (lambda p: write_book(p, layout=Layout(drop_sheets=("experts",))),
                          ("专家",)),
        "missing_column": (lambda p: write_book(p, layout=Layout(
            drop_columns=(("applications", "lead_unit_id"),))), ("申报项目", "申报单位编号")),
        "duplicate_id": (lambda p: write_book(p, _with_application(book, 4, app_id="A01")),
                         ("申报项目", "6", "A01")),
        "unknown_unit": (lambda p: write_book(p, _with_application(book, 4,
                                                                   lead_unit_id="U99")),
                         ("申报项目", "6", "申报单位编号", "U99")),
        "negative_money": (lambda p: write_book(p, _with_application(
            book, 4, requested_wan=Raw("-5"))), ("申报项目", "6", "申请财政经费", "-5")),
        "impossible_date": (lambda p: write_book(p, _with_application(
            book, 4, pi_birth_date=Raw("2025-02-30"))),
                            ("申报项目", "6", "负责人出生日期", "2025-02-30")),
        "unknown_track": (lambda p: write_book(p, _with_application(book, 4, track="T9")),
                          ("申报项目", "6", "项目类别", "T9")),
        "money_in_words": (lambda p: write_book(p, _with_application(
            book, 4, self_funding_wan=Raw("一百万"))), ("申报项目", "6", "自筹经费", "一百万")),
        "yes_no_unclear": (lambda p: write_book(p, _with_application(
            book, 4, agreements_signed=Raw("也许"))), ("申报项目", "6", "合作协议已签订", "也许")),
        "duplicate_expert": (lambda p: write_book(p, replace(book, experts=(
            *book.experts, {**book.experts[0], "name": "重复专家"}))),
                             ("专家", str(len(book.experts) + 2), "X01")),
    }
    found = {}
    for name, (make, words) in makers.items():
        path = folder / f"{name}.xlsx"
        make(path)
        found[name] = BadBook(path, words)
    return found


REVIEW_KEYS = ("necessity", "maturity", "technical", "outputs", "benefit", "team")
REVIEW_POINTS = (15, 20, 20, 15, 20, 10)


def write_reviews(path: Path, pairs: list[tuple[str, str]]) -> Path:
    """A 评审意见 sheet scoring every (app, expert) pair; apps with a lower id score higher."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "评审意见"
    sheet.append(["app_id", "expert_id", *REVIEW_KEYS, "推荐意见", "评审意见"])
    for app_id, expert_id in pairs:
        # Share of full marks falls with the app number and varies a little by expert.
        share = 0.95 - int(app_id[1:]) / 100 - (int(expert_id[1:]) % 3) / 50
        scores = [round(points * share * 2) / 2 for points in REVIEW_POINTS]
        sheet.append([app_id, expert_id, *scores, "同意支持", "技术路线清晰。"])
    workbook.save(path)
    return path
