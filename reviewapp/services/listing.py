"""A reusable table engine: filter, search, sort and paginate a select, and export it.

A page describes its table once as a `TableSpec` (columns with their SQL expressions,
filters whose choices carry their own WHERE clause, the expressions searched by the
search box). `parse_query` turns request arguments into a `ListQuery`, ignoring
anything unknown; `fetch_page` runs it; `export_rows` + `write_xlsx` produce the same
rows, same order, every page, as an .xlsx workbook.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

import xlsxwriter
from sqlalchemy import ColumnElement, Select, Text, and_, cast, func, or_, select
from sqlalchemy.orm import Session, scoped_session

from reviewapp.local_time import format_datetime
from reviewapp.money import parse_wan, yuan_to_wan
from reviewapp.safe_cells import XLSX_OPTIONS, guard_text

# The app passes Flask-SQLAlchemy's scoped `db.session`; scripts may pass a plain Session.
AnySession = Session | scoped_session[Any]
RESERVED_ARGS = ("q", "sort", "dir", "page", "per")
PER_PAGE_CHOICES = (20, 50, 100)
LIST_SEPARATOR = "；"
T = TypeVar("T")


@dataclass(frozen=True)
class Column:
    """A shown column: key in the row, header text, SQL expression and how to format it.

    `kind` is one of text, int, money (integer yuan, shown in 万元), date, datetime, bool,
    list (a JSON list, shown joined), score (a number shown with one decimal). `labels`
    maps stored codes to the words shown.
    `link` names an endpoint whose `link_arg` takes this column's value (detail pages).
    """

    key: str
    label: str
    expr: Any
    kind: str = "text"
    sortable: bool = True
    link: str | None = None
    link_arg: str | None = None
    labels: Mapping[str, str] | None = None

    def shown(self, value: Any) -> Any:
        """The value as the page shows it: codes through `labels`, lists joined."""
        if value is None:
            return None
        if self.labels is not None:
            return str(self.labels.get(value, value))
        if self.kind == "list":
            return LIST_SEPARATOR.join(str(item) for item in value)
        return value


@dataclass(frozen=True)
class Choice:
    """One value of a choice filter, its label and the WHERE clause it selects."""

    value: str
    label: str
    clause: Any


@dataclass(frozen=True)
class ChoiceFilter:
    """A drop-down filter: the request argument `key` picks one of `choices`."""

    key: str
    label: str
    choices: tuple[Choice, ...]

    def clause(self, value: str) -> ColumnElement[bool] | None:
        """The WHERE clause for `value`, or None when it is not one of the choices."""
        for choice in self.choices:
            if choice.value == value:
                return choice.clause
        return None

    def params(self) -> tuple[str, ...]:
        """The request arguments this filter reads."""
        return (self.key,)

    def valid(self, params: Mapping[str, str]) -> dict[str, str]:
        """The subset of `params` this filter accepts."""
        value = params.get(self.key, "")
        return {self.key: value} if self.clause(value) is not None else {}

    def where(self, params: Mapping[str, str]) -> list[ColumnElement[bool]]:
        """WHERE clauses for already validated `params`."""
        clause = self.clause(params[self.key]) if self.key in params else None
        return [] if clause is None else [clause]


@dataclass(frozen=True)
class MoneyRangeFilter:
    """An amount range in 万元 (`<key>_min`, `<key>_max`) over an integer-yuan column."""

    key: str
    label: str
    expr: Any

    def params(self) -> tuple[str, ...]:
        """The request arguments this filter reads."""
        return (f"{self.key}_min", f"{self.key}_max")

    def valid(self, params: Mapping[str, str]) -> dict[str, str]:
        """The bounds that parse as non-negative 万元 amounts."""
        return {name: params[name] for name in self.params()
                if parse_wan(params.get(name, "")) is not None}

    def where(self, params: Mapping[str, str]) -> list[ColumnElement[bool]]:
        """Inclusive bounds in yuan for already validated `params`."""
        low_name, high_name = self.params()
        clauses = []
        if low_name in params:
            clauses.append(self.expr >= parse_wan(params[low_name]))
        if high_name in params:
            clauses.append(self.expr <= parse_wan(params[high_name]))
        return clauses


Filter = ChoiceFilter | MoneyRangeFilter


@dataclass(frozen=True)
class TableSpec:
    """Everything the engine needs to know about one table."""

    columns: tuple[Column, ...]
    filters: tuple[Filter, ...] = ()
    search: tuple[Any, ...] = ()
    default_sort: str = ""
    default_descending: bool = False
    per_page: int = 20

    def column(self, key: str) -> Column | None:
        """The column with this key, if any."""
        return next((c for c in self.columns if c.key == key), None)


@dataclass(frozen=True)
class ListQuery:
    """What the user asked for: search text, filter values, sort, page."""

    search: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = ""
    descending: bool = False
    page: int = 1
    per_page: int = 20

    def args(self, **changes: Any) -> dict[str, Any]:
        """Request arguments that reproduce this query, with `changes` applied (None drops)."""
        base: dict[str, Any] = dict(self.filters)
        if self.search:
            base["q"] = self.search
        if self.sort:
            base["sort"] = self.sort
            base["dir"] = "desc" if self.descending else "asc"
        if self.page > 1:
            base["page"] = self.page
        if self.per_page != PER_PAGE_CHOICES[0]:
            base["per"] = self.per_page
        base.update(changes)
        return {k: v for k, v in base.items() if v is not None and v != ""}

    @property
    def per_page_choices(self) -> tuple[int, ...]:
        """The page sizes a user may pick."""
        return PER_PAGE_CHOICES

    def sort_args(self, key: str) -> dict[str, Any]:
        """Arguments for a header click: sort by `key`, flipping direction on a repeat click."""
        flip = self.sort == key and not self.descending
        return self.args(sort=key, dir="desc" if flip else "asc", page=None)


@dataclass(frozen=True)
class Page:
    """One page of rows plus what pagination needs."""

    rows: list[dict[str, Any]]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """Number of pages, at least one."""
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class RowsPage(Generic[T]):
    """One page of a report's own rows (the eligibility and conflicts pages) and its place."""

    rows: list[T]
    total: int
    page: int
    pages: int


def page_of(session: AnySession, stmt: Select[Any], page: int, per_page: int,
            load: Callable[[Select[Any]], list[T]]) -> RowsPage[T]:
    """Count what `stmt` selects and load page `page` of it (clamped to the pages there
    are) through `load`, which turns the limited select into the report's rows."""
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    pages = max(1, -(-(total or 0) // per_page))
    page = min(max(page, 1), pages)
    return RowsPage(load(stmt.limit(per_page).offset((page - 1) * per_page)), total or 0,
                    page, pages)


def contains_any(text: str, *columns: Any) -> ColumnElement[bool] | None:
    """Rows where any of `columns` holds `text` (trimmed, either case, wildcards taken
    literally); None when there is no text to look for."""
    needle = text.strip().lower()
    if not needle:
        return None
    pattern = contains_pattern(needle)
    return or_(*(func.lower(column).like(pattern, escape="\\") for column in columns))


def _positive_int(text: str | None, default: int) -> int:
    """A positive integer from a request argument, or `default`."""
    try:
        value = int(text or "")
    except ValueError:
        return default
    return value if value > 0 else default


def parse_query(args: Mapping[str, str], spec: TableSpec) -> ListQuery:
    """Read request arguments into a ListQuery, dropping unknown or invalid values."""
    filters: dict[str, str] = {}
    for table_filter in spec.filters:
        filters.update(table_filter.valid(args))
    sort = args.get("sort", "")
    column = spec.column(sort)
    if column is None or not column.sortable:
        sort = ""
    per_page = _positive_int(args.get("per"), spec.per_page)
    if per_page not in PER_PAGE_CHOICES:
        per_page = spec.per_page
    return ListQuery(
        search=args.get("q", "").strip()[:100],
        filters=filters,
        sort=sort,
        descending=args.get("dir") == "desc",
        page=_positive_int(args.get("page"), 1),
        per_page=per_page,
    )


def contains_pattern(text: str) -> str:
    """A LIKE pattern (escape character \\) matching any text that contains `text` literally."""
    return f"%{escape_like(text)}%"


def escape_like(text: str, escape: str = "\\") -> str:
    """Escape LIKE wildcards (and the escape character) so `text` matches literally."""
    for special in (escape, "%", "_"):
        text = text.replace(special, escape + special)
    return text


def filtered(stmt: Select, spec: TableSpec, query: ListQuery) -> Select:
    """The select narrowed by the query's filters and search, then sorted."""
    clauses = []
    for table_filter in spec.filters:
        clauses.extend(table_filter.where(query.filters))
    if clauses:
        stmt = stmt.where(and_(*clauses))
    if query.search and spec.search:
        pattern = contains_pattern(query.search)
        stmt = stmt.where(or_(*(expr.ilike(pattern, escape="\\") for expr in spec.search)))
    sort_key = query.sort or spec.default_sort
    descending = query.descending if query.sort else spec.default_descending
    order = []
    column = spec.column(sort_key)
    if column is not None:
        order.append(column.expr.desc() if descending else column.expr.asc())
    # The first column (the id) breaks ties so pages never overlap or skip rows.
    order.append(spec.columns[0].expr.asc())
    return stmt.order_by(*order)


def json_list_has(expr: Any, item: str) -> ColumnElement[bool]:
    """Whether a JSON list column holds `item`, by its serialized text (any database)."""
    text = cast(expr, Text)
    patterns = {json.dumps(item), json.dumps(item, ensure_ascii=False)}
    return or_(*(text.like(f"%{escape_like(p, '!')}%", escape="!") for p in sorted(patterns)))


def distinct_values(session: AnySession, expr: Any, *where: Any) -> list[str]:
    """The sorted non-empty values of a column, for the choices of a filter."""
    stmt = select(expr).where(*where, expr.is_not(None), expr != "").distinct().order_by(expr)
    return [str(value) for value in session.scalars(stmt)]


def base_select(spec: TableSpec) -> Select:
    """A select of every column of the spec, labelled by its key."""
    return select(*(column.expr.label(column.key) for column in spec.columns))


def fetch_page(session: AnySession, stmt: Select, spec: TableSpec, query: ListQuery) -> Page:
    """Count and load the page the query asks for (the last page when it asks beyond)."""
    stmt = filtered(stmt, spec, query)
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    per_page = query.per_page
    page = min(query.page, max(1, -(-(total or 0) // per_page)))
    rows = session.execute(stmt.limit(per_page).offset((page - 1) * per_page)).mappings()
    return Page(rows=[dict(row) for row in rows], total=total or 0, page=page,
                per_page=per_page)


def export_rows(session: AnySession, stmt: Select, spec: TableSpec,
                query: ListQuery) -> list[dict[str, Any]]:
    """Every row the query selects, in the order shown, without pagination."""
    stmt = filtered(stmt, spec, replace(query, page=1))
    return [dict(row) for row in session.execute(stmt).mappings()]


def cell_value(value: Any, column: Column) -> Any:
    """The value written to a cell for this column."""
    value = column.shown(value)
    kind = column.kind
    if value is None:
        return None
    if kind == "money":
        return yuan_to_wan(value)
    if kind == "datetime" and isinstance(value, datetime):
        return format_datetime(value)
    if kind == "date" and isinstance(value, date | datetime):
        return f"{value:%Y-%m-%d}"
    if kind == "bool":
        return bool(value)
    if kind == "score":
        return round(float(value), 1)
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return value
    return guard_text(str(value))


def write_xlsx(columns: Sequence[Column], rows: Sequence[Mapping[str, Any]],
               headers: Sequence[str], *, sheet: str = "export",
               yes: str = "是", no: str = "否") -> bytes:
    """An .xlsx workbook of `rows` under `headers`, one column per `Column`, as bytes."""
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, XLSX_OPTIONS) as book:
        worksheet = book.add_worksheet(sheet[:31] or "export")
        bold = book.add_format({"bold": True})
        money = book.add_format({"num_format": "#,##0.00"})
        for col, header in enumerate(headers):
            worksheet.write_string(0, col, guard_text(str(header)), bold)
        for line, row in enumerate(rows, start=1):
            for col, column in enumerate(columns):
                value = cell_value(row.get(column.key), column)
                if value is None:
                    continue
                if isinstance(value, bool):
                    worksheet.write_string(line, col, yes if value else no)
                elif isinstance(value, Decimal):
                    worksheet.write_number(line, col, value, money)
                elif isinstance(value, int | float):
                    worksheet.write_number(line, col, value)
                else:
                    worksheet.write_string(line, col, value)
        worksheet.freeze_panes(1, 0)
    return buffer.getvalue()
