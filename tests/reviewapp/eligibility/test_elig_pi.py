"""Edges of the PI rules E13–E18."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.helpers.eligibility_factory import (
    DEADLINE,
    PROJECT_END,
    UNITS,
    XJ_FIRM,
    good_app,
    run,
    unit,
    verdict,
)


def test_e13_employment() -> None:
    assert verdict("E13", good_app()) == "pass"
    assert verdict("E13", good_app(pi_employed_by_lead=False)) == "fail"


@pytest.mark.parametrize(("lead", "title", "degree", "expected"), [
    ("U1", "中级", "硕士", "pass"),   # enterprise lead: 中级 suffices
    ("U1", "初级", "硕士", "fail"),
    ("U1", "初级", "博士", "pass"),
    ("U3", "中级", "硕士", "fail"),   # university lead: 中级 without doctorate fails
    ("U3", "中级", "博士", "pass"),
    ("U3", "副高级", "无", "pass"),
    ("U3", "正高", "学士", "pass"),
    ("U6", "中级", "无", "fail"),
])
def test_e14_title_and_degree(lead: str, title: str, degree: str, expected: str) -> None:
    app = good_app(lead_unit_id=lead, pi_title=title, pi_degree=degree)
    assert verdict("E14", app) == expected


def test_e15_retirement_on_project_end_passes_a_day_earlier_flags() -> None:
    # Born 1966-09: men's schedule gives 60 y 6 m, so retirement falls on 2027-03-30.
    deadline = date(2025, 3, 30)
    assert verdict("E15", good_app(pi_birth_date=date(1966, 9, 30)), deadline=deadline) == "pass"
    assert verdict("E15", good_app(pi_birth_date=date(1966, 9, 29)), deadline=deadline) == "flag"


def test_e15_old_rules_would_have_flagged() -> None:
    # Born 1967-01-31: 60 y 7 m under the reform → 2027-08-31 (60 would end 2027-01-31).
    assert verdict("E15", good_app(pi_birth_date=date(1967, 1, 31))) == "pass"


def test_e15_women_schedules_by_profession() -> None:
    senior = good_app(pi_sex="女", pi_birth_date=date(1972, 1, 15))
    assert verdict("E15", senior) == "pass"  # 55 y 7 m → 2027-08-15
    worker = good_app(pi_sex="女", pi_birth_date=date(1972, 1, 15), pi_title="中级",
                      pi_degree="硕士")
    outcome = run("E15", worker)
    assert outcome.verdict == "flag"  # 50 y → 2022-01-15
    assert "50岁" in outcome.evidence_zh


def test_e15_missing_data_flags_never_fails() -> None:
    assert verdict("E15", good_app(pi_birth_date=None)) == "flag"
    assert verdict("E15", good_app(pi_sex="")) == "flag"


def test_e15_project_end_follows_duration() -> None:
    # Retires 2027-04-30: fine for 24 months, flagged for 36.
    app = good_app(pi_birth_date=date(1966, 10, 31))
    assert verdict("E15", app) == "pass"
    assert verdict("E15", good_app(pi_birth_date=date(1966, 10, 31), duration_months=36)) == "flag"


@pytest.mark.parametrize(("months", "expected"), [
    (6, "pass"), (12, "pass"), (5.9, "fail"), (0, "fail"),
])
def test_e16_months(months: float, expected: str) -> None:
    assert verdict("E16", good_app(pi_months_per_year=months)) == expected


def test_e17_service_covers_project() -> None:
    aid = {"pi_aid_staff": True, "pi_letters": True}
    assert verdict("E17", good_app(pi_service_end=PROJECT_END, **aid)) == "pass"
    short = good_app(pi_service_end=PROJECT_END - timedelta(days=1), **aid)
    outcome = run("E17", short)
    assert outcome.verdict == "fail"
    assert "2027-03-30" in outcome.evidence_zh
    assert verdict("E17", good_app(pi_service_end=None, **aid)) == "fail"


def test_e17_letters_required() -> None:
    app = good_app(pi_aid_staff=True, pi_letters=False, pi_service_end=date(2030, 1, 1))
    assert verdict("E17", app) == "fail"


def test_e17_not_aid_staff_is_na() -> None:
    assert verdict("E17", good_app(pi_service_end=date(2020, 1, 1))) == "na"


def test_e17_project_end_clamps_month_end() -> None:
    aid = {"pi_aid_staff": True, "pi_letters": True}
    deadline = date(2024, 2, 29)
    assert verdict("E17", good_app(pi_service_end=date(2026, 2, 28), **aid),
                   deadline=deadline) == "pass"
    assert verdict("E17", good_app(pi_service_end=date(2026, 2, 27), **aid),
                   deadline=deadline) == "fail"


@pytest.mark.parametrize(("until", "expected"), [
    (date(2022, 3, 30), "pass"),   # 3 years and a day before the deadline
    (date(2022, 3, 31), "fail"),   # exactly 3 years before: the window's first day
    (date(2022, 4, 1), "fail"),
    (date(2026, 1, 1), "fail"),
])
def test_e18_pi_blacklist_window(until: date, expected: str) -> None:
    assert DEADLINE == date(2025, 3, 31)
    assert verdict("E18", good_app(pi_blacklisted_until=until)) == expected


def test_e18_lead_blacklist() -> None:
    units = (*UNITS, unit(XJ_FIRM, blacklisted_until=date(2023, 6, 1)))
    outcome = run("E18", good_app(), units=units)
    assert outcome.verdict == "fail"
    assert "申报单位" in outcome.evidence_zh
    old = (*UNITS, unit(XJ_FIRM, blacklisted_until=date(2021, 6, 1)))
    assert verdict("E18", good_app(), units=old) == "pass"


def test_e18_leap_day_deadline() -> None:
    deadline = date(2024, 2, 29)
    assert verdict("E18", good_app(pi_blacklisted_until=date(2021, 2, 27)),
                   deadline=deadline) == "pass"
    assert verdict("E18", good_app(pi_blacklisted_until=date(2021, 2, 28)),
                   deadline=deadline) == "fail"
