"""Parsing a call workbook into a `CallBook`, checking ids across sheets; all or nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from reviewapp.call_settings_model import CallSettings, template_2025
from reviewapp.workbook.columns import SheetSpec, call_sheets, review_sheet
from reviewapp.workbook.files import SheetLimits
from reviewapp.workbook.issues import WARNING, ImportIssue, has_errors
from reviewapp.workbook.reader import (
    NOTES_SHEETS,
    ParsedRow,
    RawBook,
    Source,
    cell_readers,
    find_sheet,
    norm,
    open_book,
    read_sheet,
)
from reviewapp.workbook.records import (
    ApplicationRecord,
    AvoidanceRecord,
    CallBook,
    ExpertRecord,
    RelationRecord,
    ReviewRecord,
    UnitRecord,
)
from reviewapp.workbook.template import call_template

RECORDS = {
    "units": UnitRecord,
    "applications": ApplicationRecord,
    "experts": ExpertRecord,
    "relations": RelationRecord,
    "avoidance": AvoidanceRecord,
}
PAST_EMPLOYMENT = "曾任职"


@dataclass(frozen=True)
class ParseResult:
    """A parsed workbook: the book when nothing blocks it, and every issue found."""

    book: CallBook | None
    issues: list[ImportIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the book was parsed without errors (warnings allowed)."""
        return self.book is not None


@dataclass
class SheetRows:
    """A sheet's parsed rows and the headers as the workbook wrote them."""

    title: str
    rows: list[ParsedRow]
    headers: dict[str, str]

    def has(self, attr: str) -> bool:
        """True when the sheet has the column of this record attribute."""
        return attr in self.headers

    def header(self, attr: str) -> str:
        """The header as written for a record attribute."""
        return self.headers.get(attr, attr)


def read_sheets(
    raw: RawBook, specs: Iterable[SheetSpec], settings: CallSettings, issues: list[ImportIssue]
) -> dict[str, SheetRows]:
    """Each spec's sheet read into rows; a missing required sheet is an error."""
    readers = cell_readers(settings, raw.epoch)
    found: dict[str, SheetRows] = {}
    for spec in specs:
        sheet = find_sheet(raw, spec)
        if sheet is None:
            if spec.required:
                issues.append(ImportIssue(
                    spec.name, None, "", "", f"缺少工作表“{spec.name}”（{spec.key}）",
                    f"required sheet {spec.key} ({spec.name}) is missing",
                ))
            continue
        rows, headers = read_sheet(sheet, spec, readers, issues)
        found[spec.key] = SheetRows(sheet.title, rows, headers)
    return found


def warn_unknown_sheets(
    raw: RawBook, known: Iterable[SheetSpec], issues: list[ImportIssue]
) -> None:
    """A warning for each sheet that is none of the known ones (and not the 说明 sheet)."""
    names = set(NOTES_SHEETS)
    for spec in known:
        names.update((norm(spec.key), norm(spec.name)))
    for key, sheet in raw.sheets.items():
        if key not in names:
            issues.append(ImportIssue(sheet.title, None, "", "", "未识别的工作表，已忽略",
                                      "unknown sheet, ignored", WARNING))


def collect_ids(
    sheet: SheetRows | None, attr: str, issues: list[ImportIssue]
) -> set[str] | None:
    """The ids a sheet defines (None when the sheet or its id column is missing).

    A repeated id is an error at its later row.
    """
    if sheet is None or not sheet.has(attr):
        return None
    first: dict[str, int] = {}
    for row in sheet.rows:
        value = row.values.get(attr)
        if value is None:
            continue
        if value in first:
            earlier = first[value]
            issues.append(ImportIssue(
                sheet.title, row.row, sheet.header(attr), value,
                f"编号重复，与第 {earlier} 行相同", f"duplicate id, same as row {earlier}",
            ))
        else:
            first[value] = row.row
    return set(first)


def check_refs(
    sheet: SheetRows | None, attr: str, known: set[str] | None, what: tuple[str, str],
    issues: list[ImportIssue],
) -> None:
    """An error for each id (or id in a list) of `attr` that `known` lacks.

    Nothing is checked when `known` is None: its sheet is already reported missing.
    """
    if sheet is None or known is None:
        return
    for row in sheet.rows:
        value = row.values.get(attr)
        for ref in (value,) if isinstance(value, str) else value or ():
            if ref not in known:
                issues.append(ImportIssue(
                    sheet.title, row.row, sheet.header(attr), ref,
                    f"{what[0]}中没有此编号", f"no such id in {what[1]}",
                ))


def check_relations(
    sheet: SheetRows | None, unit_ids: set[str] | None, person_ids: set[str] | None,
    issues: list[ImportIssue],
) -> None:
    """曾任职 must name a known unit; other relations should name known people (a warning)."""
    if sheet is None:
        return
    for row in sheet.rows:
        person, kind, other = (row.values.get(k) for k in ("person_id", "relation", "other_id"))
        unknown_people = [
            ("person_id", person), *([] if kind == PAST_EMPLOYMENT else [("other_id", other)])
        ]
        for attr, value in unknown_people:
            if value is not None and person_ids is not None and value not in person_ids:
                issues.append(ImportIssue(
                    sheet.title, row.row, sheet.header(attr), value,
                    "不是专家编号或负责人编号，此关系不会生效",
                    "neither an expert id nor a PI id; the relation has no effect", WARNING,
                ))
        if kind == PAST_EMPLOYMENT and other is not None and unit_ids is not None:
            if other not in unit_ids:
                issues.append(ImportIssue(
                    sheet.title, row.row, sheet.header("other_id"), other,
                    "曾任职的对方编号须是单位表中的单位编号",
                    "for 曾任职 the other id must be a unit id of the units sheet",
                ))


def check_avoidance(sheet: SheetRows | None, issues: list[ImportIssue]) -> None:
    """Each avoidance row names exactly one of an expert or a unit."""
    if sheet is None:
        return
    for row in sheet.rows:
        named = [k for k in ("expert_id", "unit_id") if row.values.get(k) is not None]
        if len(named) != 1 and "app_id" in row.values:
            issues.append(ImportIssue(
                sheet.title, row.row, sheet.header("expert_id"), "",
                "专家编号和单位编号须填且只填一项", "fill exactly one of expert_id and unit_id",
            ))


def check_cross_refs(sheets: dict[str, SheetRows], issues: list[ImportIssue]) -> None:
    """Duplicate ids, and references to units, applications and experts that do not exist."""
    units, apps, experts = (sheets.get(k) for k in ("units", "applications", "experts"))
    relations, avoidance = sheets.get("relations"), sheets.get("avoidance")
    unit_ids = collect_ids(units, "unit_id", issues)
    app_ids = collect_ids(apps, "app_id", issues)
    expert_ids = collect_ids(experts, "expert_id", issues)
    in_units, in_apps, in_experts = ("单位表", "units"), ("申报项目表", "applications"), (
        "专家表", "experts")
    check_refs(units, "parent_unit_id", unit_ids, in_units, issues)
    for attr in ("lead_unit_id", "partner_unit_ids", "participant_unit_ids"):
        check_refs(apps, attr, unit_ids, in_units, issues)
    check_refs(experts, "unit_id", unit_ids, in_units, issues)
    check_refs(avoidance, "app_id", app_ids, in_apps, issues)
    check_refs(avoidance, "expert_id", expert_ids, in_experts, issues)
    check_refs(avoidance, "unit_id", unit_ids, in_units, issues)
    check_avoidance(avoidance, issues)
    person_ids = None
    if apps is not None and expert_ids is not None and apps.has("pi_id"):
        pi_ids = {row.values["pi_id"] for row in apps.rows if "pi_id" in row.values}
        person_ids = expert_ids | pi_ids
    check_relations(relations, unit_ids, person_ids, issues)


def template_examples(settings: CallSettings) -> dict[str, list[dict[str, Any]]]:
    """The values of the downloadable template's example rows, read as an import reads them."""
    raw, _ = open_book(call_template(settings))
    assert raw is not None, "the template is always readable"
    sheets = read_sheets(raw, call_sheets(settings), settings, [])
    return {key: [row.values for row in sheet.rows] for key, sheet in sheets.items()}


def refuse_examples(
    sheets: dict[str, SheetRows], settings: CallSettings, issues: list[ImportIssue]
) -> None:
    """An error naming every row that still holds one of the template's example rows.

    A row is an example row when it holds every value of one (extra cells do not hide it).
    """
    examples = template_examples(settings)
    for key, sheet in sheets.items():
        rows = [row.row for row in sheet.rows
                if any(example.items() <= row.values.items() for example in examples.get(key, ()))]
        if rows:
            listed = "、".join(str(number) for number in rows)
            issues.append(ImportIssue(
                sheet.title, rows[0], "", "",
                f"第 {listed} 行是下载模板中的示例行，不能作为批次数据：请删除或替换为实际数据",
                f"row(s) {', '.join(map(str, rows))} are the template's example rows and cannot "
                "become a call's data: delete them or replace them with real data"))


def records(sheet: SheetRows | None, record_type: type) -> tuple:
    """The records of a sheet's valid rows."""
    return tuple(record_type(**row.values) for row in sheet.rows if row.ok) if sheet else ()


def parse_call_book(
    source: Source, settings: CallSettings | None = None, filename: str = "",
    limits: SheetLimits | None = None,
) -> ParseResult:
    """Parse a call workbook (.xlsx or .xls); the book is None when any error was found."""
    settings = settings or template_2025()
    raw, issues = open_book(source, filename, limits)
    if raw is None:
        return ParseResult(None, issues)
    specs = call_sheets(settings)
    warn_unknown_sheets(raw, (*specs, review_sheet(settings)), issues)
    sheets = read_sheets(raw, specs, settings, issues)
    refuse_examples(sheets, settings, issues)
    check_cross_refs(sheets, issues)
    if has_errors(issues):
        return ParseResult(None, issues)
    book = CallBook(**{key: records(sheets.get(key), RECORDS[key]) for key in RECORDS})
    return ParseResult(book, issues)


def parse_reviews(
    source: Source, settings: CallSettings | None = None
) -> tuple[tuple[ReviewRecord, ...] | None, list[ImportIssue]]:
    """Parse a reviews (评审意见) workbook; None instead of reviews when any error was found."""
    settings = settings or template_2025()
    raw, issues = open_book(source)
    if raw is None:
        return None, issues
    spec = review_sheet(settings)
    sheets = read_sheets(raw, (spec,), settings, issues)
    sheet = sheets.get(spec.key)
    if sheet is None:
        return (None, issues) if has_errors(issues) else ((), issues)
    seen: dict[tuple[Any, Any], int] = {}
    reviews = []
    indicator_keys = [indicator.key for indicator in settings.rubric]
    for row in sheet.rows:
        pair = (row.values.get("app_id"), row.values.get("expert_id"))
        if pair in seen:
            issues.append(ImportIssue(
                sheet.title, row.row, sheet.header("expert_id"), pair[1],
                f"同一专家对同一项目的评审意见重复，与第 {seen[pair]} 行相同",
                f"a second review of the same pair, as row {seen[pair]}",
            ))
        seen.setdefault(pair, row.row)
        if row.ok:
            values = dict(row.values)
            scores = {key: values.pop(key) for key in indicator_keys}
            reviews.append(ReviewRecord(scores=scores, **values))
    if has_errors(issues):
        return None, issues
    return tuple(reviews), issues
