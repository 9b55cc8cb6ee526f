"""The demo call book: deterministic, complete, consistent, with every planted problem."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewapp.call_settings_model import AID_PROVINCES, DIRECTIONS, WESTERN_PROVINCES
from reviewapp.demo import DEMO_DEADLINE, build_demo, demo_accounts, generate_demo_book
from reviewapp.demo.units import CODE_CHARS, CODE_WEIGHTS
from reviewapp.workbook.records import ApplicationRecord, CallBook, UnitRecord

THREE_YEARS_AGO = date(DEMO_DEADLINE.year - 3, DEMO_DEADLINE.month, DEMO_DEADLINE.day)
RESEARCH = ("高校", "科研院所")


@pytest.fixture(scope="module")
def demo():
    """The default demo call, built once for the module."""
    return build_demo()


@pytest.fixture(scope="module")
def book(demo) -> CallBook:
    """The default demo book."""
    return demo.book


def _units(book: CallBook) -> dict[str, UnitRecord]:
    """Units by id."""
    return {u.unit_id: u for u in book.units}


def _in_xj(unit: UnitRecord) -> bool:
    """Whether the unit is registered in Xinjiang."""
    return unit.province == "新疆"


def _xj_enterprise_joins(app: ApplicationRecord, units: dict[str, UnitRecord]) -> bool:
    """Whether a Xinjiang enterprise takes part besides the lead."""
    return any(units[u].unit_type == "企业" and _in_xj(units[u]) for u in app.participant_unit_ids)


def _partner_fits(app: ApplicationRecord, units: dict[str, UnitRecord]) -> bool:
    """Whether every partner is out of Xinjiang and matches the track."""
    if not app.partner_unit_ids:
        return False
    for uid in app.partner_unit_ids:
        unit = units[uid]
        if app.track == "T1" and unit.province not in AID_PROVINCES:
            return False
        if app.track == "T2" and not (unit.province in WESTERN_PROVINCES
                                      or unit.name == "清华大学"):
            return False
    return True


# Each planted problem, recognised from the data alone (not from the generator's labels).
PATTERNS = {
    "over_cap": lambda a, u: a.requested_yuan > 500_000,
    "college_lead": lambda a, u: not u[a.lead_unit_id].legal_person,
    "lead_outside": lambda a, u: not _in_xj(u[a.lead_unit_id]),
    "no_partner": lambda a, u: not a.partner_unit_ids,
    "agreement_unsigned": lambda a, u: not a.agreements_signed,
    "no_achievement": lambda a, u: a.achievement_count == 0,
    "four_units": lambda a, u: 1 + len(a.partner_unit_ids) + len(a.participant_unit_ids) > 3,
    "self_funding_1_5x": lambda a, u: u[a.lead_unit_id].unit_type == "企业"
    and a.self_funding_yuan < 2 * a.requested_yuan,
    "audit_missing": lambda a, u: u[a.lead_unit_id].unit_type == "企业"
    and 2023 not in u[a.lead_unit_id].audit_years,
    "medical_no_adoption": lambda a, u: u[a.lead_unit_id].unit_type == "医疗卫生机构"
    and not a.adoption_units,
    "outsourced_40": lambda a, u: a.outsourced_yuan * 10 >= a.requested_yuan * 4,
    "basic_research": lambda a, u: a.stage == "基础研究",
    "papers_only": lambda a, u: set(a.output_types) <= {"论文", "论著", "软科学研究报告"},
    "no_demo": lambda a, u: not a.demo_site or not a.quantified_outputs,
    "pi_not_employed": lambda a, u: not a.pi_employed_by_lead,
    "mid_title_university": lambda a, u: u[a.lead_unit_id].unit_type == "高校"
    and a.pi_title == "中级" and a.pi_degree != "博士",
    "pi_retirement": lambda a, u: a.pi_sex == "男" and a.pi_birth_date is not None
    and a.pi_birth_date.year < 1963,
    "pi_months": lambda a, u: a.pi_months_per_year < 6,
    "aid_staff_leaves": lambda a, u: a.pi_aid_staff and a.pi_service_end is not None
    and a.pi_service_end < date(2027, 4, 30),
    "blacklisted_lead": lambda a, u: u[a.lead_unit_id].blacklisted_until is not None
    and u[a.lead_unit_id].blacklisted_until >= THREE_YEARS_AGO,
    "old_blacklist_lead": lambda a, u: u[a.lead_unit_id].blacklisted_until is not None
    and u[a.lead_unit_id].blacklisted_until < THREE_YEARS_AGO,
    "blacklisted_pi": lambda a, u: a.pi_blacklisted_until is not None,
    "duration_36": lambda a, u: a.duration_months == 36,
    "t2_beijing_partner": lambda a, u: a.track == "T2"
    and any(u[p].province == "北京" and u[p].name != "清华大学" for p in a.partner_unit_ids),
    "t1_western_partner": lambda a, u: a.track == "T1"
    and any(u[p].province in WESTERN_PROVINCES for p in a.partner_unit_ids),
    "university_without_enterprise": lambda a, u: u[a.lead_unit_id].unit_type in RESEARCH
    and not _xj_enterprise_joins(a, u),
}


def _hard_ok(app: ApplicationRecord, units: dict[str, UnitRecord]) -> bool:
    """An independent check of the main hard rules an ordinary application must pass."""
    lead = units[app.lead_unit_id]
    enterprise_title = lead.unit_type == "企业" and app.pi_title == "中级"
    return (
        app.requested_yuan <= 500_000 and _in_xj(lead) and lead.legal_person
        and (lead.blacklisted_until is None or lead.blacklisted_until < THREE_YEARS_AGO)
        and _partner_fits(app, units) and app.agreements_signed
        and 1 <= app.achievement_count <= 2 and app.achievement_ip_clear
        and 1 + len(app.partner_unit_ids) + len(app.participant_unit_ids) <= 3
        and (lead.unit_type == "医疗卫生机构" or app.self_funding_yuan >= 2 * app.requested_yuan)
        and (lead.unit_type != "医疗卫生机构" or bool(app.adoption_units))
        and (lead.unit_type not in RESEARCH or _xj_enterprise_joins(app, units))
        and app.stage not in ("基础研究", "实验研究")
        and bool(app.demo_site and app.demo_scale and app.quantified_outputs)
        and app.pi_employed_by_lead and app.pi_months_per_year >= 6
        and (app.pi_title in ("正高级", "副高级") or app.pi_degree == "博士" or enterprise_title)
        and app.pi_blacklisted_until is None and app.direction in DIRECTIONS
        and not set(app.output_types) <= {"论文", "论著", "软科学研究报告"}
        and (lead.unit_type != "企业" or {2023, 2024} <= set(lead.audit_years))
        and (not app.pi_aid_staff or (app.pi_letters and app.pi_service_end is not None
                                      and app.pi_service_end >= date(2027, 4, 30)))
        and app.outsourced_yuan * 10 <= app.requested_yuan * 3 and app.duration_months == 24
    )


def test_same_seed_same_book_other_seed_other_book():
    """The book depends on the seed alone."""
    first = generate_demo_book(seed=7, n_applications=40, n_experts=60)
    assert first == generate_demo_book(seed=7, n_applications=40, n_experts=60)
    assert first != generate_demo_book(seed=8, n_applications=40, n_experts=60)


def test_default_sizes(book):
    """180 applications and 320 experts by default, with the demo deadline exported."""
    assert len(book.applications) == 180
    assert len(book.experts) == 320
    assert DEMO_DEADLINE == date(2025, 4, 30)


def test_every_direction_and_both_tracks(book):
    """All 15 directions and both tracks are present."""
    assert {a.direction for a in book.applications} == set(DIRECTIONS)
    assert {a.track for a in book.applications} == {"T1", "T2"}


def test_ids_unique_and_references_resolve(book):
    """Ids are unique and every unit, expert or person id points at something."""
    units = _units(book)
    assert len(units) == len(book.units)
    assert len({a.app_id for a in book.applications}) == len(book.applications)
    experts = {e.expert_id for e in book.experts}
    assert len(experts) == len(book.experts)
    for app in book.applications:
        for uid in (app.lead_unit_id, *app.partner_unit_ids, *app.participant_unit_ids):
            assert uid in units
    for unit in book.units:
        assert unit.parent_unit_id is None or unit.parent_unit_id in units
    assert all(e.unit_id in units and units[e.unit_id].name == e.unit_name for e in book.experts)
    people = experts | {a.pi_id for a in book.applications}
    for rel in book.relations:
        assert rel.person_id in people
        assert (rel.other_id in units) if rel.relation == "曾任职" else (rel.other_id in people)
    apps = {a.app_id for a in book.applications}
    for req in book.avoidance:
        assert req.app_id in apps
        assert (req.expert_id is None) != (req.unit_id is None)
        assert req.expert_id in experts or req.unit_id in units


def test_money_in_integer_yuan_and_mostly_20_to_50_wan(book):
    """Money is integer yuan; most requests lie between 20 and 50 万元."""
    amounts = [a.requested_yuan for a in book.applications]
    assert all(isinstance(v, int) for a in book.applications
               for v in (a.requested_yuan, a.self_funding_yuan, a.outsourced_yuan))
    assert sum(200_000 <= v <= 500_000 for v in amounts) >= 0.9 * len(amounts)


@pytest.mark.parametrize("pattern", sorted(PATTERNS))
def test_each_rule_breaking_pattern_present(book, pattern):
    """Each planted problem appears at least once."""
    units = _units(book)
    assert any(PATTERNS[pattern](app, units) for app in book.applications)


def test_ordinary_applications_pass_the_hard_rules(demo):
    """Applications without a planted case pass the rules; 10–15 % are ineligible."""
    units = _units(demo.book)
    plain = [a for a in demo.book.applications if a.app_id not in demo.cases]
    assert plain and all(_hard_ok(app, units) for app in plain)
    hard = [a for a in demo.book.applications
            if a.app_id in demo.cases and demo.cases[a.app_id].verdict == "hard"]
    assert all(not _hard_ok(app, units) for app in hard)
    assert 0.10 <= len(hard) / len(demo.book.applications) <= 0.15


def test_texts_are_chinese_and_from_the_direction(book):
    """Titles are unique Chinese; abstracts have 2–4 sentences using the keywords."""
    assert len({a.title for a in book.applications}) == len(book.applications)
    for app in book.applications:
        assert re.fullmatch(r"[\u4e00-\u9fff（）0-9A-Za-z]+", app.title)
        assert 2 <= app.abstract.count("。") <= 4
        assert 3 <= len(app.keywords) <= 5 and app.keywords[1] in app.abstract


def test_expert_pool_shape(book):
    """At least 40 % outside Xinjiang, loads 5–10, a few unavailable, unique e-mails."""
    experts = book.experts
    assert sum(e.province != "新疆" for e in experts) >= 0.4 * len(experts)
    assert all(5 <= (e.max_load or 0) <= 10 and 1 <= len(e.directions) <= 3 for e in experts)
    assert 0 < sum(not e.available for e in experts) < 0.1 * len(experts)
    assert len({e.email for e in experts}) == len(experts)
    assert all(e.email.endswith(".example") for e in experts)
    covered = Counter(d for e in experts for d in e.directions)
    assert all(covered[d] >= 5 for d in DIRECTIONS)


def test_expertise_vocabulary_overlaps_applications(book):
    """Experts share keywords with applications of their own direction."""
    keywords = {d: set() for d in DIRECTIONS}
    for app in book.applications:
        keywords[app.direction].update(app.keywords)
    hits = sum(bool(set(e.keywords) & keywords[e.directions[0]]) for e in book.experts)
    assert hits >= 0.8 * len(book.experts)


def test_conflicts_reach_several_dozen_applications(book):
    """Relations, experts at applicant units and avoidance requests touch many applications."""
    by_unit = Counter(e.unit_id for e in book.experts)
    at_lead = {a.app_id for a in book.applications
               if any(by_unit[u] for u in (a.lead_unit_id, *a.partner_unit_ids))}
    pis = {a.pi_id: a.app_id for a in book.applications}
    related = {pis[r.other_id] for r in book.relations if r.other_id in pis}
    related |= {pis[r.person_id] for r in book.relations if r.person_id in pis}
    assert len(related) >= 36 and len(at_lead) >= 36
    kinds = Counter(r.relation for r in book.relations)
    assert set(kinds) == {"曾任职", "合作", "亲属", "师生"}
    dated = [r for r in book.relations if r.relation in ("曾任职", "合作")]
    assert any(r.until >= THREE_YEARS_AGO for r in dated)
    assert any(r.until < THREE_YEARS_AGO for r in dated)
    experts = {e.expert_id for e in book.experts}
    assert any(a.pi_id in experts for a in book.applications)
    assert any(r.expert_id for r in book.avoidance) and any(r.unit_id for r in book.avoidance)


def test_duplicate_unit_names_and_credit_codes(book):
    """Name variants exist for the duplicate report; credit codes carry a valid check."""
    codes = Counter(u.credit_code for u in book.units if u.credit_code)
    assert any(n > 1 for n in codes.values())
    plain = Counter(u.name.replace("(", "（").replace(")", "）") for u in book.units)
    assert any(n > 1 for n in plain.values())
    for code in codes:
        total = sum(CODE_CHARS.index(c) * w for c, w in zip(code, CODE_WEIGHTS, strict=False))
        assert code[-1] == CODE_CHARS[(31 - total % 31) % 31]
    assert any(u.parent_unit_id for u in book.units)


def test_demo_accounts(book):
    """Staff, committee, admin and five expert accounts linked to available experts."""
    accounts = demo_accounts(book)
    assert accounts[:3] == [
        ("staff", "staff123", "staff", "演示工作人员", None),
        ("committee", "committee123", "committee", "演示评审委员会", None),
        ("admin", "admin123", "admin", "演示管理员", None),
    ]
    experts = {e.expert_id: e for e in book.experts}
    expert_rows = accounts[3:]
    assert [row[0] for row in expert_rows] == [f"expert{i}" for i in range(1, 6)]
    assert all(row[2] == "expert" and experts[row[4]].available for row in expert_rows)
    assert len({row[4] for row in expert_rows}) == 5


@settings(max_examples=5, deadline=None)
@given(seed=st.integers(0, 10_000), n_apps=st.integers(20, 60), n_experts=st.integers(30, 80))
def test_small_books_are_consistent(seed, n_apps, n_experts):
    """Any seed and size gives exact sizes and resolvable unit references."""
    book = generate_demo_book(seed, n_apps, n_experts)
    units = _units(book)
    assert len(book.applications) == n_apps and len(book.experts) == n_experts
    assert all(a.lead_unit_id in units and all(p in units for p in a.partner_unit_ids)
               for a in book.applications)
