"""The engine: enabled rules, a whole book with one failure per rule, and invariants."""

from __future__ import annotations

import dataclasses
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from reviewapp.call_settings_model import ELIGIBILITY_RULE_IDS, template_2025
from reviewapp.eligibility import (
    RULES,
    RULES_BY_ID,
    SOFT,
    check_application,
    check_book,
    summarize,
)
from reviewapp.workbook.records import ApplicationRecord, CallBook
from tests.helpers.eligibility_factory import BROKEN, DEADLINE, UNITS, broken_units, facts, good_app


def test_rule_table_covers_e01_to_e22() -> None:
    assert tuple(rule.rule_id for rule in RULES) == ELIGIBILITY_RULE_IDS
    assert {rule.kind for rule in RULES if rule.kind == SOFT} == {SOFT}
    assert {r.rule_id for r in RULES if r.kind == SOFT} == {"E10", "E15", "E19"}


def test_good_application_is_eligible_without_flags() -> None:
    outcomes = check_application(facts(good_app()))
    assert [o.rule_id for o in outcomes] == list(ELIGIBILITY_RULE_IDS)
    assert summarize(outcomes).eligible
    assert summarize(outcomes).flags == ()


def test_disabled_rules_are_not_run() -> None:
    enabled = tuple(r for r in ELIGIBILITY_RULE_IDS if r not in ("E01", "E07"))
    call = dataclasses.replace(template_2025(), enabled_rules=enabled)
    outcomes = check_application(facts(good_app(requested_yuan=900_000), settings=call))
    assert {o.rule_id for o in outcomes} == set(enabled)
    assert summarize(outcomes).eligible


def test_book_with_one_broken_rule_per_application() -> None:
    units = broken_units()
    apps = tuple(good_app(app_id=f"X{rule_id}", **changes) for rule_id, changes in BROKEN.items())
    results = check_book(CallBook(units=units, applications=apps), template_2025(), DEADLINE)
    for rule_id in BROKEN:
        verdict = summarize(results[f"X{rule_id}"])
        expected = ((), (rule_id,)) if RULES_BY_ID[rule_id].kind == SOFT else ((rule_id,), ())
        assert (verdict.failed, verdict.flags) == expected, rule_id


texts = st.text(max_size=6)
records = st.builds(
    ApplicationRecord,
    app_id=texts, title=texts, track=st.sampled_from(["T1", "T2", "T3", ""]),
    direction=st.sampled_from(["数字经济", "", "x"]),
    lead_unit_id=st.sampled_from([u.unit_id for u in UNITS] + ["U404"]),
    partner_unit_ids=st.lists(st.sampled_from(["U2", "U3", "U6", "U7", "U404"]), max_size=3)
    .map(tuple),
    participant_unit_ids=st.lists(st.sampled_from(["U1", "U4", "U5"]), max_size=2).map(tuple),
    achievement_count=st.integers(-1, 5),
    achievement_types=st.lists(st.sampled_from(["专利", "论文", ""]), max_size=2).map(tuple),
    pi_sex=st.sampled_from(["男", "女", "", "?"]),
    pi_birth_date=st.none() | st.dates(date(1940, 1, 1), date(2005, 12, 31)),
    pi_title=st.sampled_from(["正高级", "副高级", "中级", "初级", "无", ""]),
    pi_degree=st.sampled_from(["博士", "硕士", "无", ""]),
    pi_months_per_year=st.floats(0, 12),
    pi_aid_staff=st.booleans(), pi_service_end=st.none() | st.dates(),
    pi_blacklisted_until=st.none() | st.dates(),
    requested_yuan=st.integers(0, 10**8), self_funding_yuan=st.integers(0, 10**8),
    outsourced_yuan=st.integers(0, 10**8), duration_months=st.integers(0, 120),
    stage=st.sampled_from(["中试", "基础研究", ""]),
    output_types=st.lists(st.sampled_from(["论文", "专利", " "]), max_size=2).map(tuple),
)


@settings(max_examples=150, deadline=None)
@given(app=records, deadline=st.dates(date(1990, 1, 1), date(2090, 12, 31)))
def test_engine_never_raises_and_soft_rules_never_fail(
    app: ApplicationRecord, deadline: date
) -> None:
    outcomes = check_application(facts(app, deadline=deadline))
    assert [o.rule_id for o in outcomes] == list(ELIGIBILITY_RULE_IDS)
    for outcome in outcomes:
        allowed = {"pass", "flag", "na"} if RULES_BY_ID[outcome.rule_id].kind == SOFT else \
            {"pass", "fail", "na"}
        assert outcome.verdict in allowed
        assert outcome.evidence_zh and outcome.evidence_en


@settings(max_examples=60, deadline=None)
@given(low=st.integers(0, 2_000_000), extra=st.integers(0, 2_000_000))
def test_e01_is_monotone_in_the_amount(low: int, extra: int) -> None:
    rule = RULES_BY_ID["E01"]
    verdicts = [
        rule.check(facts(good_app(requested_yuan=amount)), template_2025().rule_params).verdict
        for amount in (low, low + extra)
    ]
    assert verdicts != ["fail", "pass"]
    assert verdicts[0] == ("pass" if low <= 500_000 else "fail")
