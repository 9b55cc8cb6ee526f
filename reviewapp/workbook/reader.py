"""Opening an uploaded workbook and turning a sheet's rows into record keyword arguments.

Reading the file itself (.xlsx, .xls, limits) is `files.py`; every problem becomes an
`ImportIssue`, and nothing here lets a traceback reach the user.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from os import PathLike
from typing import IO, Any

from reviewapp.call_settings_model import CallSettings
from reviewapp.vocabulary import (
    DEGREE_WORDS,
    PROVINCE_WORDS,
    SEX_WORDS,
    STAGE_WORDS,
    TITLE_WORDS,
    UNIT_TYPE_WORDS,
    direction_vocabulary,
    track_vocabulary,
)
from reviewapp.workbook import cells
from reviewapp.workbook.columns import Column, SheetSpec
from reviewapp.workbook.files import SheetLimits, file_issue, read_workbook
from reviewapp.workbook.issues import (
    ERROR,
    WARNING,
    CellError,
    ImportIssue,
    UnknownValue,
    show_value,
)

Source = bytes | str | PathLike[str] | IO[bytes]
Reader = Callable[[object], Any]
NOTES_SHEETS = frozenset({"说明", "notes", "readme"})
HEADER_SEARCH_ROWS = 6


@dataclass(frozen=True)
class RawSheet:
    """A sheet's title as written and its rows as tuples (index 0 is Excel row 1)."""

    title: str
    rows: tuple[tuple[object, ...], ...]


@dataclass(frozen=True)
class ParsedRow:
    """One data row: its Excel row number, the values read, and whether every cell was valid."""

    row: int
    values: dict[str, Any]
    ok: bool


@dataclass(frozen=True)
class RawBook:
    """Every sheet of a workbook, keyed by normalised title, plus its date epoch."""

    sheets: dict[str, RawSheet]
    epoch: date


def norm(text: str) -> str:
    """A header or sheet title reduced for matching: ASCII forms, lower case, no spaces or *."""
    return re.sub(r"[\s*]", "", cells.narrow(text)).lower()


def read_source(source: Source) -> bytes:
    """The workbook's bytes from bytes, a path or a binary file object."""
    if isinstance(source, bytes):
        return source
    if hasattr(source, "read"):
        return source.read()
    with open(source, "rb") as handle:
        return handle.read()


def open_book(
    source: Source, filename: str = "", limits: SheetLimits | None = None
) -> tuple[RawBook | None, list[ImportIssue]]:
    """Read every sheet's values (.xlsx or .xls), or explain why the file is unusable.

    `filename` is the name the file was uploaded or saved under (it tells WPS's .et apart).
    """
    try:
        data = read_source(source)
    except OSError as exc:
        return None, [file_issue(f"无法读取文件：{exc.strerror}", f"cannot read the file: {exc}")]
    if not filename and isinstance(source, (str, PathLike)):
        filename = str(source)
    read, issues = read_workbook(data, filename, limits or SheetLimits())
    if read is None:
        return None, issues
    sheets, epoch = read
    return RawBook({norm(sheet.title): RawSheet(sheet.title, sheet.rows) for sheet in sheets},
                   epoch), issues


def find_sheet(book: RawBook, spec: SheetSpec) -> RawSheet | None:
    """The sheet named by the spec's English key or Chinese name, if the book has it."""
    return book.sheets.get(norm(spec.key)) or book.sheets.get(norm(spec.name))


def header_lookup(spec: SheetSpec) -> dict[str, Column]:
    """Every accepted spelling of each header: key, label, and label without its (unit)."""
    lookup: dict[str, Column] = {}
    for column in spec.columns:
        bare = re.sub(r"\(.*?\)", "", norm(column.label))
        for spelling in (bare, norm(column.label), norm(column.key)):
            lookup[spelling] = column
    return lookup


def match_header(text: str, lookup: dict[str, Column], keys: dict[str, Column]) -> Column | None:
    """The column a header names; also finds a key inside a header like 单位编号(unit_id)."""
    found = lookup.get(norm(text))
    if found is not None:
        return found
    for token in re.findall(r"[a-z_]+", norm(text)):
        if token in keys:
            return keys[token]
    return None


def find_header_row(
    rows: tuple[tuple[object, ...], ...], lookup: dict[str, Column], keys: dict[str, Column]
) -> int | None:
    """The header row: of the first few non-blank rows, the one naming most columns.

    A title row above the header ("2025年申报项目汇总表") is thus skipped.
    """
    candidates = [i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if not is_blank_row(row)]
    if not candidates:
        return None

    def named(index: int) -> int:
        """How many cells of the row name a column."""
        return sum(
            isinstance(cell, str) and match_header(cell, lookup, keys) is not None
            for cell in rows[index]
        )

    best = max(candidates, key=lambda index: (named(index), -index))
    return best if named(best) else candidates[0]


def two_level_header(
    rows: tuple[tuple[object, ...], ...], header_at: int, lookup: dict[str, Column],
    keys: dict[str, Column],
) -> tuple[tuple[object, ...], int]:
    """The header cells and the index of the first data row.

    Offices group columns under a merged cell (经费（万元） over 申请财政经费, 自筹经费 …):
    the row below then names the grouped columns, and the header is both rows, the lower
    one winning where it is filled. A row below counts as such a sub-header when every
    filled cell of it names a column and one of them sits where the upper row names none.
    """
    upper = rows[header_at]
    if header_at + 1 >= len(rows):
        return upper, header_at + 1
    lower = rows[header_at + 1]

    def names(cell: object) -> bool:
        """Whether a cell is a header naming a column."""
        return isinstance(cell, str) and match_header(cell, lookup, keys) is not None

    filled = [index for index, cell in enumerate(lower) if not cells.is_blank(cell)]
    if sum(names(cell) for cell in upper) < 2:  # a title row above the header names nothing
        return upper, header_at + 1
    if not filled or not all(names(lower[index]) for index in filled):
        return upper, header_at + 1
    if all(index < len(upper) and names(upper[index]) for index in filled):
        return upper, header_at + 1
    width = max(len(upper), len(lower))
    merged = tuple(
        lower[index] if index < len(lower) and not cells.is_blank(lower[index])
        else (upper[index] if index < len(upper) else None)
        for index in range(width)
    )
    return merged, header_at + 2


def is_blank_row(row: tuple[object, ...]) -> bool:
    """True when no cell of the row holds anything."""
    return all(cells.is_blank(value) for value in row)


def cell_readers(settings: CallSettings, epoch: date) -> dict[str, Callable[[Column], Reader]]:
    """For each column kind, a factory of the reader that parses its cells."""
    track_words = track_vocabulary(
        tuple((t.track_id, t.name, t.name_en) for t in settings.tracks))
    direction_words = direction_vocabulary(tuple(settings.directions))
    allowed_tracks = "、".join(t.track_id for t in settings.tracks)

    def read_track(value: object) -> str:
        """A track id from its id or name; an unknown track is an error (it carries budgets)."""
        found = track_words.lookup(cells.read_text(value))
        if found is None:
            raise CellError(f"项目类别应为 {allowed_tracks} 或其名称",
                            f"track must be {allowed_tracks} or its name")
        return found

    def read_score(column: Column) -> Reader:
        """A reader of an indicator score: 0..points in half points."""
        def read(value: object) -> float:
            """The score, refusing values off the half-point grid."""
            score = cells.read_number(value, 0, column.maximum)
            if score * 2 != int(score * 2):
                raise CellError("分数以 0.5 分为一档", "scores go in steps of 0.5")
            return score
        return read

    return {
        "id": lambda column: cells.read_text,
        "text": lambda column: cells.read_text,
        "ids": lambda column: cells.read_list,
        "list": lambda column: cells.read_list,
        "money": lambda column: cells.read_money_yuan,
        "date": lambda column: lambda value: cells.read_date(value, epoch),
        "bool": lambda column: cells.read_bool,
        "int": lambda column: lambda value: cells.read_int(value, int(column.minimum)),
        "number": lambda column: lambda value: cells.read_number(
            value, column.minimum, column.maximum
        ),
        "choice": lambda column: cells.choice_reader(column.choices),
        "track": lambda column: read_track,
        "years": lambda column: cells.read_years,
        "province": lambda column: cells.vocabulary_reader(PROVINCE_WORDS),
        "sex": lambda column: cells.vocabulary_reader(SEX_WORDS),
        "unit_type": lambda column: cells.vocabulary_reader(UNIT_TYPE_WORDS),
        "title": lambda column: cells.vocabulary_reader(TITLE_WORDS),
        "degree": lambda column: cells.vocabulary_reader(DEGREE_WORDS),
        "stage": lambda column: cells.vocabulary_reader(STAGE_WORDS),
        "direction": lambda column: cells.vocabulary_reader(direction_words),
        "directions": lambda column: cells.vocabulary_list_reader(direction_words),
        "score": read_score,
    }


def read_sheet(
    raw: RawSheet,
    spec: SheetSpec,
    readers: dict[str, Callable[[Column], Reader]],
    issues: list[ImportIssue],
) -> tuple[list[ParsedRow], dict[str, str]]:
    """Non-blank rows of a sheet, and the header as written for each record attribute."""
    sheet = raw.title
    lookup = header_lookup(spec)
    keys = {column.key: column for column in spec.columns}
    header_at = find_header_row(raw.rows, lookup, keys)
    if header_at is None:
        if spec.required:
            issues.append(ImportIssue(sheet, None, "", "", "工作表为空，缺少表头",
                                      "the sheet is empty: no header row"))
        return [], {}
    mapping: list[tuple[int, Column, Reader, str]] = []
    seen: dict[str, str] = {}
    headers_row, data_at = two_level_header(raw.rows, header_at, lookup, keys)
    if data_at == header_at + 1 and header_at > 0:
        # The named sub-header may have won the search: try the row above as the upper one.
        above, below_end = two_level_header(raw.rows, header_at - 1, lookup, keys)
        if below_end == header_at + 1:
            headers_row, header_at = above, header_at - 1
    for index, header in enumerate(headers_row):
        if cells.is_blank(header):
            continue
        written = str(header).strip()
        column = match_header(written, lookup, keys)
        if column is None:
            issues.append(ImportIssue(sheet, header_at + 1, written, "", "未识别的列，已忽略",
                                      "unknown column, ignored", WARNING))
        elif column.key in seen:
            issues.append(ImportIssue(sheet, header_at + 1, written, "",
                                      f"与“{seen[column.key]}”重复，是同一列",
                                      f"repeats column {seen[column.key]}"))
        else:
            seen[column.key] = written
            mapping.append((index, column, readers[column.kind](column), written))
    missing = [column for column in spec.required_columns if column.key not in seen]
    for column in missing:
        issues.append(ImportIssue(sheet, header_at + 1, column.label, "",
                                  f"缺少必填列“{column.label}”（{column.key}）",
                                  f"required column {column.key} ({column.label}) is missing"))
    headers = {column.attr: written for _, column, _, written in mapping}
    parsed = []
    for offset, row in enumerate(raw.rows[data_at:], start=data_at + 1):
        if is_blank_row(row):
            continue
        kwargs: dict[str, Any] = {}
        # Rows of a sheet missing a required column are still read, so its ids are known.
        ok = not missing
        for index, column, read, written in mapping:
            value = row[index] if index < len(row) else None
            if cells.is_blank(value):
                if column.required:
                    ok = False
                    issues.append(ImportIssue(sheet, offset, written, "", "必填，不能为空",
                                              "required, cannot be empty"))
                continue
            try:
                try:
                    kwargs[column.attr] = read(value)
                except UnknownValue as unknown:
                    kwargs[column.attr] = unknown.kept
                    issues.append(ImportIssue(
                        sheet, offset, written, show_value(value),
                        f"{unknown.reason_zh}；已按原文导入，请人工核对",
                        f"{unknown.reason_en}; imported as written for staff to check", WARNING))
                if column.limit and len(kwargs[column.attr]) > column.limit:
                    raise CellError(f"过长：最多 {column.limit} 个字符",
                                    f"too long: at most {column.limit} characters")
            except CellError as exc:
                ok = False
                issues.append(ImportIssue(sheet, offset, written, show_value(value),
                                          exc.reason_zh, exc.reason_en, ERROR))
        parsed.append(ParsedRow(offset, kwargs, ok))
    return parsed, headers
