"""Reading one workbook cell into a Python value, and writing it back.

Every reader takes a non-blank cell value as openpyxl returns it (str, int, float,
bool, datetime) and returns the record's value or raises `CellError` with a reason a
staff member can act on.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from reviewapp.money import YUAN_PER_WAN
from reviewapp.safe_cells import unguard_text
from reviewapp.vocabulary import Vocabulary, yes_no
from reviewapp.workbook.issues import CellError, UnknownValue

EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_MAX_SERIAL = 2_958_465  # 9999-12-31
LIST_SEPARATORS = re.compile(r"[;；]")
YEAR_SEPARATORS = re.compile(r"[;；,，、\s]+")
MONEY_TEXT = re.compile(r"^(\d+(?:\.\d*)?|\.\d+)\s*(?:万元|万)?$")
GROUPED_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?")
DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)


def is_blank(value: object) -> bool:
    """True for an empty cell or one holding only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


def narrow(text: str) -> str:
    """Full-width digits, letters and punctuation turned into their ASCII forms, stripped."""
    return unicodedata.normalize("NFKC", text).strip()


def read_text(value: object) -> str:
    """Any cell as text: whole numbers without `.0`, dates as YYYY-MM-DD."""
    if isinstance(value, str):
        text = value.strip()
        # Undo the export's guard against formula injection ('=… written for =…).
        return unguard_text(text)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def read_list(value: object) -> tuple[str, ...]:
    """Items of a `;`/`；` separated cell, stripped, empty items dropped."""
    return tuple(item.strip() for item in LIST_SEPARATORS.split(read_text(value)) if item.strip())


def read_money_yuan(value: object) -> int:
    """An amount in 万元 (50, 50.5, 50万, 50万元, ５０) as exact integer yuan."""
    if isinstance(value, bool) or isinstance(value, (datetime, date)):
        raise CellError("请填写数字（万元），例如 50", "enter a number of 万元, e.g. 50")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellError("请填写数字（万元），例如 50", "enter a number of 万元, e.g. 50")
        wan = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if wan < 0:
            raise CellError("金额不能为负数", "an amount cannot be negative")
        yuan = wan * YUAN_PER_WAN
        # A float cell may carry binary noise (0.30000000000000004); a yuan is the grain.
        if isinstance(value, float) and abs(yuan - yuan.to_integral_value()) < Decimal("1e-6"):
            return int(yuan.to_integral_value())
        return _whole_yuan(yuan)
    text = narrow(str(value)).replace(" ", "")
    if text.startswith("-"):
        raise CellError("金额不能为负数", "an amount cannot be negative")
    if GROUPED_NUMBER.match(text):
        text = text.replace(",", "")
    match = MONEY_TEXT.match(text)
    if not match:
        raise CellError("请填写数字，例如 50", "enter a number of 万元, e.g. 50")
    try:
        wan = Decimal(match.group(1))
    except InvalidOperation as exc:
        raise CellError("请填写数字，例如 50", "enter a number of 万元, e.g. 50") from exc
    return _whole_yuan(wan * YUAN_PER_WAN)


def _whole_yuan(yuan: Decimal) -> int:
    """Yuan as an int, refusing fractions of a yuan (more than 4 decimals of 万元)."""
    if yuan != yuan.to_integral_value():
        raise CellError(
            "金额以万元为单位，最多保留 4 位小数", "at most 4 decimals of 万元 (whole yuan)"
        )
    return int(yuan)


def read_date(value: object, epoch: date = EXCEL_EPOCH) -> date:
    """An Excel date, an Excel serial number, or YYYY-MM-DD / YYYY/MM/DD text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # NaN and infinities fail this comparison too.
        if not 1 <= value <= EXCEL_MAX_SERIAL:
            raise CellError("不是有效日期，请写成 2025-03-01", "not a date; write e.g. 2025-03-01")
        return epoch + timedelta(days=int(value))
    match = DATE_TEXT.match(narrow(str(value)))
    if not match:
        raise CellError("不是有效日期，请写成 2025-03-01", "not a date; write e.g. 2025-03-01")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise CellError(
            "日期不存在，请检查年月日", "no such date; check year, month and day"
        ) from exc


def read_bool(value: object) -> bool:
    """是/否 in any spelling the yes/no vocabulary knows (有/无, 已签订, √/×, y/n, 1/0 …).

    A yes/no cell cannot hold other text, so an unknown spelling is an error here.
    """
    if isinstance(value, bool):
        return value
    answer = yes_no(read_text(value))
    if answer is None:
        raise CellError("请填写“是”或“否”", "write 是 or 否 (yes or no)")
    return answer


def vocabulary_reader(vocabulary: Vocabulary) -> Callable[[object], str]:
    """A reader giving the canonical value of a known spelling; unknown text is kept.

    An unknown spelling raises `UnknownValue`: the import keeps the text as written and
    reports where it is; a data fix refuses it (it is a `CellError`).
    """
    def read_word(value: object) -> str:
        """The canonical value of the cell's spelling."""
        text = read_text(value)
        found = vocabulary.lookup(text)
        if found is None:
            raise UnknownValue(text, *unknown_reason(vocabulary))
        return found

    return read_word


def vocabulary_list_reader(vocabulary: Vocabulary) -> Callable[[object], tuple[str, ...]]:
    """A list reader whose known items become canonical; unknown items are kept and reported."""
    def read_words(value: object) -> tuple[str, ...]:
        """The items of the cell, each canonical when known."""
        items = read_list(value)
        read = tuple(vocabulary.lookup(item) or item for item in items)
        unknown = [item for item in items if vocabulary.lookup(item) is None]
        if unknown:
            zh, en = unknown_reason(vocabulary)
            raise UnknownValue(read, f"“{'、'.join(unknown)}”：{zh}",
                               f"'{', '.join(unknown)}': {en}")
        return read

    return read_words


def unknown_reason(vocabulary: Vocabulary) -> tuple[str, str]:
    """Why a spelling is refused, naming the values the field takes."""
    shown = vocabulary.canonical[:16]
    more = "…" if len(vocabulary.canonical) > len(shown) else ""
    return (f"无法识别的{vocabulary.label_zh}，应为以下之一：{'、'.join(shown)}{more}",
            f"unknown {vocabulary.label_en}; must be one of: {', '.join(shown)}{more}")


def read_int(value: object, minimum: int = 0) -> int:
    """A whole number not below `minimum` (counts, months, loads)."""
    if isinstance(value, bool):
        raise CellError("请填写整数，例如 24", "enter a whole number, e.g. 24")
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(narrow(str(value)))
    except InvalidOperation as exc:
        raise CellError("请填写整数，例如 24", "enter a whole number, e.g. 24") from exc
    if not number.is_finite() or number != number.to_integral_value():
        raise CellError("请填写整数，例如 24", "enter a whole number, e.g. 24")
    if number < minimum:
        raise CellError(f"不能小于 {minimum}", f"must be at least {minimum}")
    return int(number)


def read_number(value: object, minimum: float, maximum: float) -> float:
    """A number between `minimum` and `maximum` (months a year may be 6.5)."""
    if isinstance(value, bool):
        raise CellError("请填写数字，例如 6", "enter a number, e.g. 6")
    try:
        if isinstance(value, (int, float)):
            number = float(value)
        else:
            number = float(Decimal(narrow(str(value))))
    except (InvalidOperation, ValueError) as exc:
        raise CellError("请填写数字，例如 6", "enter a number, e.g. 6") from exc
    if not math.isfinite(number) or not minimum <= number <= maximum:
        raise CellError(
            f"应在 {minimum:g} 到 {maximum:g} 之间", f"must be between {minimum:g} and {maximum:g}"
        )
    return number


def read_years(value: object) -> tuple[int, ...]:
    """Years such as `2023;2024` (also separated by 、 or commas) as integers."""
    if isinstance(value, (int, float)):
        parts: list[object] = [value]
    else:
        parts = list(YEAR_SEPARATORS.split(narrow(str(value))))
    years = []
    for part in parts:
        if is_blank(part):
            continue
        try:
            year = read_int(part, minimum=1900)
        except CellError as exc:
            raise CellError("请填写年份，如 2023;2024", "enter years such as 2023;2024") from exc
        if year > 2100:
            raise CellError("请填写年份，如 2023;2024", "enter years such as 2023;2024")
        years.append(year)
    return tuple(years)


def choice_reader(choices: tuple[str, ...]) -> Callable[[object], str]:
    """A reader accepting exactly one of `choices`."""
    allowed = "、".join(choices)

    def read_choice(value: object) -> str:
        """The cell's text when it is one of the allowed values."""
        text = read_text(value)
        if text not in choices:
            raise CellError(f"应为以下之一：{allowed}", f"must be one of: {allowed}")
        return text

    return read_choice


def money_wan(yuan: int) -> float | str:
    """Yuan as 万元 for a cell: a number when a float holds it exactly, else text."""
    wan = Decimal(yuan) / YUAN_PER_WAN
    as_float = float(wan)
    return as_float if Decimal(repr(as_float)) == wan else f"{wan}"
