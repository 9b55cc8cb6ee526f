"""Export → parse gives the same CallBook; the template parses; no cell is a formula."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewapp.call_settings_model import (
    DEGREES,
    RECOMMENDATIONS,
    RELATION_KINDS,
    STAGES,
    TITLES,
    UNIT_TYPES,
    template_2025,
)
from reviewapp.workbook.export import export_call_book, export_reviews
from reviewapp.workbook.issues import format_issues
from reviewapp.workbook.parse import parse_call_book, parse_reviews
from reviewapp.workbook.records import (
    ApplicationRecord,
    AvoidanceRecord,
    CallBook,
    ExpertRecord,
    RelationRecord,
    ReviewRecord,
    UnitRecord,
)
from reviewapp.workbook.template import call_template, reviews_template

ALPHABET = "ABCxyz019 -=+@'#%()（）；,，中文新疆单位项目_"
ids = st.text(alphabet="ABCDEFGHJK0123456789-", min_size=1, max_size=6).map(lambda s: "X" + s)
words = st.text(alphabet=ALPHABET, max_size=12).map(str.strip)
names = words.filter(bool)
items = st.lists(
    st.text(alphabet="ABC中文新疆01 =-", min_size=1, max_size=6).map(str.strip).filter(bool),
    max_size=3,
).map(tuple)
days = st.one_of(st.none(), st.dates(min_value=date(1850, 1, 1), max_value=date(2100, 12, 31)))
yuan = st.integers(min_value=0, max_value=10**11)


@st.composite
def call_books(draw: st.DrawFn) -> CallBook:
    """A random, internally consistent call book."""
    unit_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    units = tuple(
        UnitRecord(
            unit_id, draw(names), draw(st.sampled_from(UNIT_TYPES)),
            draw(st.sampled_from(["新疆", "北京", "江苏", "某地"])), draw(st.booleans()),
            draw(days), tuple(draw(st.lists(st.integers(1990, 2030), max_size=2))),
            draw(st.one_of(st.none(), names)),
            draw(st.one_of(st.none(), st.sampled_from(unit_ids))),
        )
        for unit_id in unit_ids
    )
    unit_lists = st.lists(st.sampled_from(unit_ids), max_size=2).map(tuple)
    apps = tuple(
        ApplicationRecord(
            app_id, draw(names), draw(st.sampled_from(["T1", "T2"])), draw(names),
            draw(st.sampled_from(unit_ids)), draw(unit_lists), draw(unit_lists),
            draw(st.booleans()), draw(st.integers(0, 5)), draw(items), draw(st.booleans()),
            draw(names), draw(names), draw(st.sampled_from(["", "男", "女"])), draw(days),
            draw(st.sampled_from(TITLES)), draw(st.sampled_from(DEGREES)), draw(st.booleans()),
            draw(st.sampled_from([0.0, 6.0, 6.5, 12.0])), draw(st.booleans()), draw(days),
            draw(st.booleans()), draw(days), draw(yuan), draw(yuan), draw(yuan),
            draw(st.integers(1, 60)), draw(st.sampled_from(("", *STAGES))), draw(items),
            draw(words), draw(words), draw(words), draw(items), draw(items), draw(words),
        )
        for app_id in draw(st.lists(ids, max_size=3, unique=True))
    )
    expert_ids = draw(st.lists(ids, max_size=3, unique=True))
    experts = tuple(
        ExpertRecord(
            expert_id, draw(names), draw(st.one_of(st.none(), st.sampled_from(unit_ids))),
            draw(words), draw(st.sampled_from(["", "新疆", "上海"])),
            draw(st.sampled_from(("", *TITLES))), draw(items), draw(items), draw(words),
            draw(st.one_of(st.none(), st.integers(0, 30))), draw(st.booleans()), draw(words),
        )
        for expert_id in expert_ids
    )
    people = expert_ids + [app.pi_id for app in apps]
    relations: tuple[RelationRecord, ...] = ()
    if people:
        pairs = draw(st.lists(
            st.tuples(st.sampled_from(people), st.sampled_from(RELATION_KINDS)), max_size=3,
        ))
        relations = tuple(
            RelationRecord(person, kind, draw(st.sampled_from(
                unit_ids if kind == "曾任职" else people)), draw(days))
            for person, kind in pairs
        )
    avoidance = ()
    if apps and expert_ids:
        avoidance = (
            AvoidanceRecord(apps[0].app_id, expert_id=expert_ids[0], reason=draw(words)),
            AvoidanceRecord(apps[-1].app_id, unit_id=unit_ids[0]),
        )
    return CallBook(units, apps, experts, relations, avoidance)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(call_books())
def test_round_trip_of_random_books(book: CallBook) -> None:
    """Any consistent book survives export and import unchanged."""
    result = parse_call_book(export_call_book(book))
    assert result.book == book, format_issues(result.issues)


def hand_built_book() -> CallBook:
    """A small book with every awkward value: formulas, old dates, 万元 fractions, None."""
    return CallBook(
        units=(
            UnitRecord("U1", "=新疆甲公司", "企业", "新疆", True, date(2024, 1, 31), (2023, 2024),
                       "91650000", None),
            UnitRecord("U2", "+乙大学", "高校", "江苏", False, None, (), None, "U1"),
        ),
        applications=(
            ApplicationRecord(
                "A1", "@示范", "T2", "智慧农业", "U1", ("U2",), (), True, 2, ("专利", "技术发明奖"),
                True, "P1", "-张三", "女", date(1899, 1, 1), "正高级", "博士", True, 6.5, True,
                date(2027, 12, 31), True, None, 500_100, 1_000_001, 1, 18, "中试", ("新产品",),
                "哈密", "100 亩", "增产 10%", ("U2",), ("a", "b"), "摘要\n第二行",
            ),
        ),
        experts=(ExpertRecord("E1", "王五", "U2", "乙大学", "江苏", "副高级", ("智慧农业",),
                              ("灌溉",), "简介", 0, False, "w@example.cn"),),
        relations=(RelationRecord("E1", "曾任职", "U1", date(2023, 5, 1)),
                   RelationRecord("E1", "师生", "P1")),
        avoidance=(AvoidanceRecord("A1", unit_id="U2", reason="竞争"),),
    )


def test_round_trip_of_a_hand_built_book() -> None:
    """The hand-built book comes back equal."""
    book = hand_built_book()
    result = parse_call_book(export_call_book(book))
    assert result.book == book and result.issues == []


def test_export_has_no_formula_cells() -> None:
    """Text that looks like a formula is stored as guarded text, never as a formula."""
    data = export_call_book(hand_built_book())
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    values = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in values)
    texts = [cell.value for cell in values if isinstance(cell.value, str)]
    assert "'=新疆甲公司" in texts and "'+乙大学" in texts
    assert not any(text.startswith(("=", "+", "-", "@")) for text in texts)


def test_template_example_rows_are_refused_by_name() -> None:
    """The template reads cleanly, but its example rows never become a call: each sheet's
    example rows are named; 说明 lists every column of every sheet."""
    data = call_template()
    result = parse_call_book(data)
    assert result.book is None
    refused = {(i.sheet, i.row) for i in result.issues if "示例行" in i.reason_zh}
    assert refused == {("单位", 2), ("申报项目", 2), ("专家", 2), ("关系", 2), ("回避申请", 2)}
    assert all("示例行" in i.reason_zh for i in result.issues), format_issues(result.issues)
    units = next(i for i in result.issues if i.sheet == "单位")
    assert "第 2、3 行" in units.reason_zh and "2, 3" in units.reason_en
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["单位", "申报项目", "专家", "关系", "回避申请", "说明"]
    notes = list(workbook["说明"].iter_rows(values_only=True))
    keys = {(row[0], row[1]) for row in notes[1:] if row[1]}
    assert ("申报项目 applications", "requested_wan") in keys
    assert ("单位 units", "credit_code") in keys and len(keys) == 9 + 39 + 12 + 4 + 4


def test_reviews_round_trip_and_template() -> None:
    """Paper reviews export and parse back; scores off the half-point grid are refused."""
    reviews = (
        ReviewRecord("A1", "E1", {k.key: k.points / 2 for k in template_2025().rubric},
                     RECOMMENDATIONS[0], "=好"),
        ReviewRecord("A1", "E2", {k.key: 0.5 for k in template_2025().rubric}),
    )
    parsed, issues = parse_reviews(export_reviews(reviews))
    assert parsed == reviews and issues == []
    parsed, issues = parse_reviews(reviews_template())
    assert parsed is not None and len(parsed) == 1
    bad = (ReviewRecord("A1", "E1", {k.key: 0.3 for k in template_2025().rubric}),) * 2
    parsed, issues = parse_reviews(export_reviews(bad))
    assert parsed is None
    assert sum("0.5" in i.reason_zh for i in issues) == 12
    assert any("重复" in i.reason_zh for i in issues)


def test_reviews_headers_by_indicator_name() -> None:
    """Indicator columns may be headed by the indicator's Chinese name."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "评审意见"
    rubric = template_2025().rubric
    sheet.append(["项目编号", "专家编号", *[i.name for i in rubric], "推荐意见"])
    sheet.append(["A1", "E1", *[i.points for i in rubric], "优先支持"])
    sheet.append(["A2", "E1", *[i.points + 1 for i in rubric], "随便"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed, issues = parse_reviews(buffer.getvalue())
    assert parsed is None and len(issues) == 7 and {i.row for i in issues} == {3}
