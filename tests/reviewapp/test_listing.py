"""Tests for the generic table engine on a small table of its own."""

import io
from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Column as SqlColumn
from sqlalchemy import Integer, MetaData, String, Table, create_engine, insert, select
from sqlalchemy.orm import Session

from reviewapp.safe_cells import unguard_text
from reviewapp.services import listing
from reviewapp.services.listing import (
    Choice,
    ChoiceFilter,
    Column,
    ListQuery,
    MoneyRangeFilter,
    TableSpec,
)

metadata = MetaData()
things = Table(
    "things", metadata,
    SqlColumn("id", Integer, primary_key=True),
    SqlColumn("code", String(10)),
    SqlColumn("name", String(50)),
    SqlColumn("kind", String(10)),
    SqlColumn("amount_yuan", Integer),
)

ROWS = [
    {"id": n, "code": f"A{n:03d}", "name": f"项目{n}{'_x' if n == 7 else ''}",
     "kind": "red" if n % 3 == 0 else "blue", "amount_yuan": n * 50_000}
    for n in range(1, 46)
]

SPEC = TableSpec(
    columns=(
        Column("code", "Code", things.c.code),
        Column("name", "Name", things.c.name),
        Column("kind", "Kind", things.c.kind),
        Column("amount_yuan", "Amount", things.c.amount_yuan, kind="money"),
    ),
    filters=(
        ChoiceFilter("kind", "Kind", tuple(
            Choice(k, k.title(), things.c.kind == k) for k in ("red", "blue"))),
        MoneyRangeFilter("amount", "Amount", things.c.amount_yuan),
    ),
    search=(things.c.code, things.c.name),
    default_sort="code",
)


@pytest.fixture(scope="module")
def session():
    """An in-memory database holding ROWS."""
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with Session(engine) as db_session:
        db_session.execute(insert(things), ROWS)
        yield db_session


def page_for(session, args):
    """Parse args and fetch the page they ask for."""
    query = listing.parse_query(args, SPEC)
    return listing.fetch_page(session, listing.base_select(SPEC), SPEC, query)


def test_parse_query_drops_unknown_and_invalid_values():
    """Only known filter values, sortable keys and sane pages survive parsing."""
    query = listing.parse_query(
        {"kind": "green", "amount_min": "abc", "amount_max": "１０万", "sort": "nope",
         "dir": "desc", "page": "-3", "per": "7", "q": "  x  ", "other": "1"}, SPEC)
    assert query == ListQuery(search="x", filters={"amount_max": "１０万"}, sort="",
                              descending=True, page=1, per_page=20)


@pytest.mark.parametrize(("text", "yuan"), [
    ("50", 500_000), ("50.5", 505_000), ("５０万元", 500_000), ("0", 0), ("", None),
    ("-1", None), ("NaN", None), ("1e400", None), ("x", None), ("12．3", 123_000),
])
def test_parse_wan(text, yuan):
    """User-typed 万元 amounts become integer yuan, nonsense becomes None."""
    assert listing.parse_wan(text) == yuan


def test_default_page_sorted_by_code(session):
    """The first page has per_page rows in default order, and the total counts all."""
    page = page_for(session, {})
    assert page.total == 45 and page.pages == 3
    assert [r["code"] for r in page.rows] == [f"A{n:03d}" for n in range(1, 21)]


def test_filters_search_and_range_combine(session):
    """Choice, range and search narrow the rows together."""
    page = page_for(session, {"kind": "red", "amount_min": "30", "amount_max": "150"})
    assert [r["code"] for r in page.rows] == ["A006", "A009", "A012", "A015", "A018",
                                              "A021", "A024", "A027", "A030"]
    assert page_for(session, {"q": "a04"}).total == 6  # A040 … A045, case-insensitive
    assert [r["code"] for r in page_for(session, {"q": "_x"}).rows] == ["A007"]


def test_search_treats_wildcards_literally(session):
    """A % typed by the user matches a percent sign, not everything."""
    assert page_for(session, {"q": "%"}).total == 0


def test_sort_descending_and_last_page_clamped(session):
    """Sorting by any column works both ways; pages beyond the end show the last one."""
    page = page_for(session, {"sort": "amount_yuan", "dir": "desc", "page": "99"})
    assert page.page == 3
    assert [r["code"] for r in page.rows] == [f"A{n:03d}" for n in range(5, 0, -1)]


@settings(max_examples=25, deadline=None)
@given(kind=st.sampled_from(["", "red", "blue"]), per=st.sampled_from([20, 50]),
       sort=st.sampled_from(["code", "name", "kind", "amount_yuan"]),
       desc=st.booleans())
def test_pages_partition_the_export(session, kind, per, sort, desc):
    """Walking every page yields exactly the exported rows, in the same order."""
    args = {"kind": kind, "per": str(per), "sort": sort, "dir": "desc" if desc else "asc"}
    query = listing.parse_query(args, SPEC)
    exported = listing.export_rows(session, listing.base_select(SPEC), SPEC, query)
    first = page_for(session, args)
    walked = []
    for number in range(1, first.pages + 1):
        walked.extend(page_for(session, {**args, "page": str(number)}).rows)
    assert walked == exported
    assert len(exported) == first.total


def test_query_args_round_trip():
    """args() reproduces a query that parses back to itself, and sort_args flips."""
    query = ListQuery(search="q1", filters={"kind": "red"}, sort="name", page=2, per_page=50)
    assert listing.parse_query(query.args(), SPEC) == query
    assert query.sort_args("name")["dir"] == "desc"
    assert query.sort_args("code")["dir"] == "asc"
    assert "page" not in query.sort_args("code")


def test_xlsx_export_writes_rows_and_never_formulas(session):
    """Exported cells hold the shown values, money in 万元, text never as a formula and
    guarded reversibly (a leading ', which `unguard_text` removes)."""
    rows = [{"code": "=1+1", "name": "@SUM(A1)", "kind": "-cmd", "amount_yuan": 505_050},
            {"code": "B2", "name": None, "kind": "+x", "amount_yuan": None}]
    data = listing.write_xlsx(SPEC.columns, rows, [c.label for c in SPEC.columns])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values == [["Code", "Name", "Kind", "Amount"],
                      ["'=1+1", "'@SUM(A1)", "'-cmd", 50.51],
                      ["B2", None, "'+x", None]]
    assert [unguard_text(v) for v in values[1][:3]] == ["=1+1", "@SUM(A1)", "-cmd"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_cell_values_by_kind():
    """Booleans, dates, lists, labelled codes and numbers keep their meaning in the export."""
    def as_kind(kind, **extra):
        return Column("x", "X", things.c.code, kind=kind, **extra)

    assert listing.cell_value(True, as_kind("bool")) is True
    assert listing.cell_value(date(2025, 1, 2), as_kind("date")) == "2025-01-02"
    assert listing.cell_value(datetime(2025, 1, 1, 20, 0), as_kind("datetime")) == \
        "2025-01-02 04:00"
    assert listing.cell_value(7, as_kind("int")) == 7
    assert listing.cell_value(["数字经济", "=智慧农业"], as_kind("list")) == "数字经济；=智慧农业"
    assert listing.cell_value("fail", as_kind("text", labels={"fail": "不合格"})) == "不合格"


def test_json_list_has_and_distinct_values():
    """JSON list membership matches whole items; distinct values are sorted and non-empty."""
    from sqlalchemy import JSON, select

    meta = MetaData()
    people = Table("people", meta, SqlColumn("id", Integer, primary_key=True),
                   SqlColumn("tags", JSON), SqlColumn("place", String(10)))
    engine = create_engine("sqlite://")
    meta.create_all(engine)
    with Session(engine) as db_session:
        db_session.execute(insert(people), [
            {"id": 1, "tags": ["数字经济", "a_b"], "place": "新疆"},
            {"id": 2, "tags": ["数字经济扩展"], "place": ""},
            {"id": 3, "tags": [], "place": "北京"},
        ])
        def ids(item):
            stmt = select(people.c.id).where(listing.json_list_has(people.c.tags, item))
            return list(db_session.scalars(stmt))
        assert ids("数字经济") == [1]
        assert ids("a_b") == [1]
        assert ids("a%") == []
        assert listing.distinct_values(db_session, people.c.place) == ["北京", "新疆"]


def test_page_of_counts_clamps_and_loads_only_its_page(session):
    """A report's page: the total in SQL, the page asked for clamped into range, and `load`
    handed the limited select (so only that page's rows are read)."""
    stmt = select(things.c.code).order_by(things.c.code)

    def load(limited):
        return list(session.scalars(limited))

    page = listing.page_of(session, stmt, 99, 20, load)
    assert (page.total, page.page, page.pages) == (45, 3, 3)
    assert page.rows == [f"A{n:03d}" for n in range(41, 46)]
    assert listing.page_of(session, stmt, 0, 20, load).rows[0] == "A001"
    empty = listing.page_of(session, stmt.where(things.c.code == "none"), 5, 20, load)
    assert (empty.rows, empty.total, empty.page, empty.pages) == ([], 0, 1, 1)


def test_contains_any_folds_case_and_takes_wildcards_literally(session):
    """Blank text looks for nothing; `_` matches only an underscore; case does not matter."""
    assert listing.contains_any("  ", things.c.name) is None

    def codes(text):
        clause = listing.contains_any(text, things.c.code, things.c.name)
        return list(session.scalars(select(things.c.code).where(clause).order_by(things.c.id)))

    assert codes(" _X ") == ["A007"]
    assert codes("a04") == ["A040", "A041", "A042", "A043", "A044", "A045"]
