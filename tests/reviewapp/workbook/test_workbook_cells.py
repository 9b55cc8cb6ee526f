"""Cell readers: money, dates, yes/no, integers, lists, provinces, formula guard."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewapp.safe_cells import guard_text
from reviewapp.vocabulary import PROVINCE_WORDS, SEX_WORDS
from reviewapp.workbook import cells
from reviewapp.workbook.issues import CellError, UnknownValue


@pytest.mark.parametrize(("value", "yuan"), [
    (50, 500_000), (50.5, 505_000), ("50", 500_000), ("50万", 500_000), ("50万元", 500_000),
    ("５０", 500_000), (" 50.01 万元 ", 500_100), ("0.0001", 1), ("1,000", 10_000_000),
    (0, 0), (0.30000000000000004, 3000), ("５０．５万", 505_000),
])
def test_money_accepts_the_written_forms(value: object, yuan: int) -> None:
    """Every money spelling of DESIGN.md becomes exact integer yuan."""
    assert cells.read_money_yuan(value) == yuan


@pytest.mark.parametrize(("value", "reason"), [
    ("五十万", "请填写数字，例如 50"), ("-5", "金额不能为负数"), (-5, "金额不能为负数"),
    ("50.00001", "最多保留 4 位小数"), (50.00001, "最多保留 4 位小数"), ("50元", "请填写数字"),
    (True, "请填写数字"), ("abc", "请填写数字"), (datetime(2025, 1, 1), "请填写数字"),
])
def test_money_rejects_bad_values(value: object, reason: str) -> None:
    """Words, negatives and fractions of a yuan are errors with an actionable reason."""
    with pytest.raises(CellError) as caught:
        cells.read_money_yuan(value)
    assert reason in caught.value.reason_zh


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_money_text_round_trips_exactly(yuan: int) -> None:
    """Yuan written as 万元 (number or text) read back to the same yuan."""
    wan = cells.money_wan(yuan)
    assert cells.read_money_yuan(wan) == yuan
    assert cells.read_money_yuan(f"{yuan // 10000}.{yuan % 10000:04d}万元") == yuan


@pytest.mark.parametrize(("value", "day"), [
    (datetime(2025, 3, 1, 12), date(2025, 3, 1)), (date(2025, 3, 1), date(2025, 3, 1)),
    ("2025-03-01", date(2025, 3, 1)), ("2025/3/1", date(2025, 3, 1)),
    ("２０２５-０３-０１", date(2025, 3, 1)), (45717, date(2025, 3, 1)),
    (45717.5, date(2025, 3, 1)), ("2025年3月1日", date(2025, 3, 1)),
    ("2025-03-01 00:00:00", date(2025, 3, 1)),
])
def test_dates_accept_excel_serials_and_text(value: object, day: date) -> None:
    """Excel dates, serial numbers and YYYY-MM-DD / YYYY/MM/DD text are dates."""
    assert cells.read_date(value) == day


@pytest.mark.parametrize(("value", "reason"), [
    ("2025-02-30", "日期不存在"), ("明年三月", "不是有效日期"), ("2025-13-01", "日期不存在"),
    (-3, "不是有效日期"), (True, "不是有效日期"), ("01/03/2025", "不是有效日期"),
])
def test_dates_reject_impossible_days(value: object, reason: str) -> None:
    """February 30th and free text are not dates."""
    with pytest.raises(CellError) as caught:
        cells.read_date(value)
    assert reason in caught.value.reason_zh


@pytest.mark.parametrize("value", ["是", "YES", "y", "1", "True", 1, True, 1.0])
def test_yes_values(value: object) -> None:
    """All spellings of yes are True."""
    assert cells.read_bool(value) is True


@pytest.mark.parametrize("value", ["否", "No", "N", "0", "FALSE", 0, False])
def test_no_values(value: object) -> None:
    """All spellings of no are False."""
    assert cells.read_bool(value) is False


@pytest.mark.parametrize("value", ["也许", "2", 2, "ok"])
def test_bad_yes_no(value: object) -> None:
    """Anything else is an error."""
    with pytest.raises(CellError):
        cells.read_bool(value)


def test_integers() -> None:
    """Whole numbers in any cell type; fractions, words and negatives refused."""
    assert cells.read_int(24) == 24
    assert cells.read_int(24.0) == 24
    assert cells.read_int("２４") == 24
    for bad in ("24.5", 24.5, "二十四", True, -1, "nan", "inf"):
        with pytest.raises(CellError):
            cells.read_int(bad)


def test_numbers_respect_their_range() -> None:
    """Months a year may be fractional but lie in 0..12."""
    assert cells.read_number("6.5", 0, 12) == 6.5
    for bad in (13, "-1", "六", True, float("nan")):
        with pytest.raises(CellError):
            cells.read_number(bad, 0, 12)


def test_lists_split_on_both_semicolons() -> None:
    """`;` and `；` separate items; blanks between them are dropped."""
    assert cells.read_list(" a ;b；；c ") == ("a", "b", "c")
    assert cells.read_list(1001) == ("1001",)


def test_years() -> None:
    """Audit years as one number or a separated list."""
    assert cells.read_years(2023) == (2023,)
    assert cells.read_years("2023;2024") == (2023, 2024)
    assert cells.read_years("2023、2024") == (2023, 2024)
    with pytest.raises(CellError):
        cells.read_years("去年")


def test_text_of_numbers_and_guarded_formulas() -> None:
    """Ids typed as numbers lose `.0`; the export's apostrophe guard is removed again."""
    assert cells.read_text(1001.0) == "1001"
    assert cells.read_text("'=SUM(A1)") == "=SUM(A1)"
    assert guard_text("=SUM(A1)") == "'=SUM(A1)"
    assert guard_text("@cmd") == "'@cmd"
    assert guard_text("普通文本") == "普通文本"
    assert cells.read_text(guard_text("-A01")) == "-A01"


def test_provinces_and_sex() -> None:
    """Full province names shorten; unknown text is kept and reported; sex has two values."""
    read_province = cells.vocabulary_reader(PROVINCE_WORDS)
    assert read_province("新疆维吾尔自治区") == "新疆"
    assert read_province("北京市") == "北京"
    assert read_province("广西壮族自治区") == "广西"
    with pytest.raises(UnknownValue) as unknown:
        read_province("火星")
    assert unknown.value.kept == "火星"
    read_sex = cells.vocabulary_reader(SEX_WORDS)
    assert read_sex("F") == "女"
    with pytest.raises(UnknownValue):
        read_sex("未知")


def test_choice_reader_lists_allowed_values() -> None:
    """An enum value outside the list names the allowed ones."""
    read = cells.choice_reader(("企业", "高校"))
    assert read("高校") == "高校"
    with pytest.raises(CellError) as caught:
        read("公司")
    assert "企业、高校" in caught.value.reason_zh
