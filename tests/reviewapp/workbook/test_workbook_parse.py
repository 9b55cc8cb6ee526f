"""Parsing call workbooks: a valid book, and one test for every kind of error."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from reviewapp.workbook.issues import ImportIssue, format_issues
from reviewapp.workbook.parse import parse_call_book
from tests.helpers.workbook import Sheets, write_book


def errors_of(sheets: Sheets) -> list[ImportIssue]:
    """The errors (not warnings) parsing these sheets gives; the book must then be None."""
    result = parse_call_book(write_book(sheets))
    errors = [issue for issue in result.issues if issue.is_error]
    assert (result.book is None) == bool(errors)
    return errors


def set_cell(sheets: Sheets, sheet: str, row: int, header: str, value: object) -> None:
    """Set the cell of `header` in Excel row `row`, adding the column when it is absent."""
    rows = sheets[sheet]
    if header not in rows[0]:
        for line in rows:
            line.append(None)
        rows[0][-1] = header
    line = rows[row - 1]
    line[rows[0].index(header)] = value


def one_error(sheets: Sheets) -> ImportIssue:
    """The single error the sheets produce."""
    errors = errors_of(sheets)
    assert len(errors) == 1, format_issues(errors)
    return errors[0]


def test_valid_book_parses(sheets: Sheets) -> None:
    """Headers in either language, full-width digits, names of tracks, lists, defaults."""
    result = parse_call_book(write_book(sheets))
    assert result.ok, format_issues(result.issues)
    book = result.book
    units = {unit.unit_id: unit for unit in book.units}
    assert units["U1"].province == "新疆" and units["U1"].audit_years == (2023, 2024)
    assert units["U2"].legal_person is False and units["U3"].parent_unit_id == "U2"
    first, second = book.applications
    assert first.partner_unit_ids == ("U2", "U3") and first.requested_yuan == 500_000
    assert first.pi_birth_date == date(1970, 5, 1) and first.agreements_signed is True
    assert second.track == "T2" and second.direction == "不在名单的方向"
    assert second.requested_yuan == 455_000 and second.self_funding_yuan == 1_000_001
    assert second.duration_months == 24 and second.pi_birth_date is None
    assert second.agreements_signed is False and second.pi_title == "无"
    assert book.experts[1].province == "北京" and book.experts[1].max_load is None
    assert book.relations == () and book.avoidance == ()


def test_sheet_and_header_spellings(sheets: Sheets) -> None:
    """Sheet names in Chinese, headers with spaces, case and full-width brackets."""
    sheets["单位"] = sheets.pop("units")
    sheets["单位"][0] = [" Unit_ID ", "单位名称 ", "UNIT_TYPE", "所在省份", "独立法人",
                        "审计报告年度", "上级单位编号(parent_unit_id)"]
    sheets["申报项目"][0][8] = "申请财政经费"
    result = parse_call_book(write_book(sheets))
    assert result.ok, format_issues(result.issues)
    assert result.book.units[2].parent_unit_id == "U2"


def test_title_row_above_the_header_is_skipped(sheets: Sheets) -> None:
    """A title line above the header does not hide the header."""
    sheets["experts"].insert(0, ["2025 年专家库", None, None])
    sheets["experts"][3][4] = "十"
    error = one_error(sheets)
    assert (error.row, error.column) == (4, "max_load")


def test_empty_rows_are_skipped_and_rows_counted_as_excel_does(sheets: Sheets) -> None:
    """A blank row is skipped, and the next row keeps its Excel row number in reports."""
    sheets["experts"].insert(2, [None, "  ", None, None, None, None])
    sheets["experts"][3][4] = "十"
    error = one_error(sheets)
    assert (error.sheet, error.row, error.column, error.value) == ("experts", 4, "max_load", "十")


@pytest.mark.parametrize("data", [
    b"app_id,title\nA1,x\n", b"\x89PNG\r\n\x1a\n" + bytes(200), b"",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
])
def test_not_a_workbook(data: bytes) -> None:
    """Text, an image, nothing at all, or an old .xls: one file-level error, no traceback."""
    result = parse_call_book(data)
    assert result.book is None
    assert len(result.issues) == 1 and result.issues[0].row is None


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.99])
def test_truncated_workbook(sheets: Sheets, keep: float) -> None:
    """A workbook cut short is reported as damaged."""
    data = write_book(sheets)
    result = parse_call_book(data[: int(len(data) * keep)])
    assert result.book is None and len(result.issues) == 1
    assert "损坏" in result.issues[0].reason_zh or "不是" in result.issues[0].reason_zh


def test_damaged_member_inside_a_valid_zip(sheets: Sheets) -> None:
    """A zip whose sheet XML is garbage is reported, not raised."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(write_book(sheets)))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            out.writestr(name, b"<worksheet><sheetData><row" if "worksheets/" in name else data)
    result = parse_call_book(target.getvalue())
    assert result.book is None and "损坏" in result.issues[0].reason_zh


def test_path_that_does_not_exist(tmp_path) -> None:
    """A missing file is an issue too."""
    result = parse_call_book(tmp_path / "nope.xlsx")
    assert result.book is None and result.issues[0].reason_en.startswith("cannot read")


def test_reads_from_a_path(sheets: Sheets, tmp_path) -> None:
    """A path works like bytes."""
    path = tmp_path / "call.xlsx"
    path.write_bytes(write_book(sheets))
    assert parse_call_book(str(path)).ok


@pytest.mark.parametrize("sheet", ["units", "申报项目", "experts"])
def test_missing_required_sheet(sheets: Sheets, sheet: str) -> None:
    """Units, applications and experts must be there."""
    del sheets[sheet]
    errors = errors_of(sheets)
    assert any("缺少工作表" in error.reason_zh for error in errors)


@pytest.mark.parametrize(("sheet", "header"), [
    ("units", "unit_type"), ("申报项目", "负责人姓名"), ("申报项目", "申请财政经费（万元）"),
    ("experts", "name"),
])
def test_missing_required_column(sheets: Sheets, sheet: str, header: str) -> None:
    """A required column that is absent is one error naming it."""
    index = sheets[sheet][0].index(header)
    for row in sheets[sheet]:
        del row[index]
    error = one_error(sheets)
    assert "缺少必填列" in error.reason_zh and error.row == 1


def test_missing_id_column_does_not_cascade(sheets: Sheets) -> None:
    """Without a unit_id column, references to units are not also reported."""
    for row in sheets["units"]:
        del row[0]
    error = one_error(sheets)
    assert error.column == "单位编号"


def test_unknown_header_warns_only(sheets: Sheets) -> None:
    """An extra column is ignored with a warning; unknown sheets too; 说明 is silent."""
    set_cell(sheets, "experts", 2, "备注", "随便")
    sheets["其他"] = [["a"], [1]]
    sheets["说明"] = [["x"]]
    result = parse_call_book(write_book(sheets))
    assert result.ok
    assert sorted((i.sheet, i.column) for i in result.issues) == [
        ("experts", "备注"), ("其他", ""), ("申报项目", "支持方向")]
    assert all(not issue.is_error for issue in result.issues)


def test_duplicate_header(sheets: Sheets) -> None:
    """Two headers naming one column are an error."""
    sheets["experts"][0][4] = "name"
    assert "重复" in one_error(sheets).reason_zh


def test_empty_required_cell(sheets: Sheets) -> None:
    """A required cell left empty names its row and column."""
    set_cell(sheets, "申报项目", 3, "负责人姓名", "  ")
    error = one_error(sheets)
    assert (error.row, error.column, error.reason_zh) == (3, "负责人姓名", "必填，不能为空")


@pytest.mark.parametrize(("sheet", "header", "value"), [
    ("units", "unit_id", "U1"), ("申报项目", "项目编号", "A1"), ("experts", "expert_id", "E1"),
])
def test_duplicate_ids(sheets: Sheets, sheet: str, header: str, value: str) -> None:
    """A repeated id is reported at its second row, naming the first."""
    set_cell(sheets, sheet, 3, header, value)
    errors = errors_of(sheets)
    duplicate = [e for e in errors if "重复" in e.reason_zh]
    assert len(duplicate) == 1 and duplicate[0].row == 3 and "第 2 行" in duplicate[0].reason_zh


@pytest.mark.parametrize(("sheet", "header", "value"), [
    ("申报项目", "申报单位编号", "U9"), ("申报项目", "区外合作单位编号", "U2;U9"),
    ("申报项目", "participant_unit_ids", "U9"), ("experts", "unit_id", "U9"),
    ("units", "parent_unit_id", "U9"),
])
def test_unknown_unit_ids(sheets: Sheets, sheet: str, header: str, value: str) -> None:
    """Every unit reference must name a unit of the units sheet."""
    set_cell(sheets, sheet, 2, header, value)
    error = one_error(sheets)
    assert (error.value, error.column) == ("U9", header) and "单位表中没有此编号" in error.reason_zh


def test_avoidance_references(sheets: Sheets) -> None:
    """Avoidance rows name a known application and exactly one known expert or unit."""
    sheets["回避申请"] = [
        ["app_id", "expert_id", "unit_id", "reason"],
        ["A1", "E1", None, "竞争"], ["A1", None, "U2", None], ["A9", "E1", None, None],
        ["A1", "E9", None, None], ["A1", None, "U9", None], ["A1", "E1", "U2", None],
        ["A2", None, None, "无对象"],
    ]
    errors = errors_of(sheets)
    assert sorted((e.row, e.value) for e in errors) == [
        (4, "A9"), (5, "E9"), (6, "U9"), (7, ""), (8, ""),
    ]


def test_avoidance_parses(sheets: Sheets) -> None:
    """Valid avoidance rows become records."""
    sheets["avoidance"] = [
        ["项目编号", "专家编号", "单位编号"], ["A1", "E1", None], ["A2", None, "U2"],
    ]
    book = parse_call_book(write_book(sheets)).book
    assert [(a.app_id, a.expert_id, a.unit_id) for a in book.avoidance] == [
        ("A1", "E1", None), ("A2", None, "U2"),
    ]


def test_relations(sheets: Sheets) -> None:
    """曾任职 needs a known unit; an unknown person only warns; relation kinds are checked."""
    sheets["关系"] = [
        ["人员编号", "关系类型", "对方编号", "截止日期"],
        ["E1", "曾任职", "U1", datetime(2023, 6, 30)], ["E1", "合作", "P1", 45000],
        ["E2", "曾任职", "U9", None], ["X9", "亲属", "P2", None], ["E2", "朋友", "P1", None],
    ]
    result = parse_call_book(write_book(sheets))
    errors = [issue for issue in result.issues if issue.is_error]
    warnings = [issue for issue in result.issues if not issue.is_error]
    assert sorted((e.row, e.column) for e in errors) == [(4, "对方编号"), (6, "关系类型")]
    assert [(w.row, w.value) for w in warnings] == [(3, "不在名单的方向"), (5, "X9")]
    sheets["关系"] = sheets["关系"][:3]
    book = parse_call_book(write_book(sheets)).book
    assert book.relations[0].until == date(2023, 6, 30)
    assert book.relations[1].until == date(2023, 3, 15)


def test_money_errors_say_what_to_do(sheets: Sheets) -> None:
    """Non-numeric and negative money, in the house style of UX.md."""
    set_cell(sheets, "申报项目", 2, "申请财政经费（万元）", "五十万")
    set_cell(sheets, "申报项目", 3, "自筹经费(万元)", -1)
    first, second = errors_of(sheets)
    expected = "申报项目 第 2 行 申请财政经费（万元） 为“五十万”：请填写数字，例如 50"
    assert first.message_zh == expected
    assert second.row == 3 and second.reason_zh == "金额不能为负数"


@pytest.mark.parametrize("value", ["2025-02-30", "去年", "1970/13/01"])
def test_bad_dates(sheets: Sheets, value: str) -> None:
    """Impossible dates and text that is no date."""
    set_cell(sheets, "申报项目", 2, "负责人出生日期", value)
    assert one_error(sheets).column == "负责人出生日期"


@pytest.mark.parametrize(("sheet", "header", "value"), [
    ("申报项目", "项目类别", "T3"), ("申报项目", "执行期(月)", 24.5),
    ("申报项目", "引进成果数量", "两项"), ("experts", "max_load", -1),
    ("申报项目", "pi_months_per_year", 13), ("申报项目", "合作协议已签订", "签了"),
    ("units", "legal_person", "maybe"), ("units", "audit_years", "近两年"),
])
def test_bad_values(sheets: Sheets, sheet: str, header: str, value: object) -> None:
    """An unknown track, non-integer counts and months, bad yes/no."""
    set_cell(sheets, sheet, 2, header, value)
    error = one_error(sheets)
    assert (error.sheet, error.row, error.column) == (sheet, 2, header)


@pytest.mark.parametrize(("sheet", "header", "value", "stored"), [
    ("units", "unit_type", "公司", "企业"), ("申报项目", "pi_title", "教授", "正高级"),
    ("申报项目", "pi_degree", "博士后", "博士"), ("申报项目", "stage", "小试", "实验研究"),
    ("申报项目", "pi_sex", "女性", "女"), ("experts", "title", "高级工程师", "副高级"),
])
def test_known_spellings_are_read(
    sheets: Sheets, sheet: str, header: str, value: str, stored: str
) -> None:
    """Spellings the vocabularies know are stored as the value the rules read."""
    set_cell(sheets, sheet, 2, header, value)
    result = parse_call_book(write_book(sheets))
    assert result.ok
    assert not [i for i in result.issues if i.value == value]
    book = result.book
    assert book is not None
    records = {"units": book.units, "申报项目": book.applications, "experts": book.experts}[sheet]
    assert stored in vars(records[0]).values()


@pytest.mark.parametrize(("sheet", "header", "value"), [
    ("units", "unit_type", "事业单位"), ("申报项目", "pi_title", "特级"),
    ("申报项目", "pi_degree", "博士在读"), ("申报项目", "stage", "量产"),
    ("申报项目", "pi_sex", "未知"), ("experts", "title", "院士"),
    ("申报项目", "支持方向", "区块链"), ("experts", "province", "火星"),
])
def test_unknown_spellings_warn_where_they_are(
    sheets: Sheets, sheet: str, header: str, value: str
) -> None:
    """A spelling no vocabulary knows is imported as written, with a located warning."""
    set_cell(sheets, sheet, 2, header, value)
    result = parse_call_book(write_book(sheets))
    assert result.ok
    warned = [i for i in result.issues if i.value == value]
    assert [(i.sheet, i.row, i.column, i.is_error) for i in warned] == [
        (sheet, 2, header, False)]
    assert "请人工核对" in warned[0].reason_zh


def test_all_errors_are_collected_and_the_report_is_capped(sheets: Sheets) -> None:
    """Hundreds of bad rows give hundreds of errors; the text report stops at 200."""
    header = sheets["experts"][0]
    sheets["experts"] += [[f"X{i}", f"专家{i}", None, None, "很多", "不"] for i in range(150)]
    errors = errors_of(sheets)
    assert len(errors) == 300
    report = format_issues(errors)
    assert "另有 100 条未列出" in report and len(report.splitlines()) == 202
    assert header[4] == "max_load"
