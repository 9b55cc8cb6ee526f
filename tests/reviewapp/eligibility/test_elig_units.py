"""Edges of the unit rules E02–E06, E21, E22."""

from __future__ import annotations

import dataclasses

import pytest

from reviewapp.call_settings_model import template_2025
from tests.helpers.eligibility_factory import BJ_UNI, UNITS, XJ_FIRM, good_app, run, unit, verdict


def test_e02_good_lead_and_full_province_name() -> None:
    assert verdict("E02", good_app()) == "pass"
    units = (*UNITS, unit(XJ_FIRM, province="新疆维吾尔自治区"))
    assert verdict("E02", good_app(), units=units) == "pass"


@pytest.mark.parametrize("changes", [
    {"province": "甘肃"}, {"legal_person": False}, {"unit_type": "社会团体"},
])
def test_e02_bad_lead_fails(changes: dict[str, object]) -> None:
    assert verdict("E02", good_app(), units=(*UNITS, unit(XJ_FIRM, **changes))) == "fail"


def test_e02_missing_lead_fails() -> None:
    outcome = run("E02", good_app(lead_unit_id="U404"))
    assert outcome.verdict == "fail"
    assert "U404" in outcome.evidence_zh


def test_e02_medical_lead_in_both_tracks_unless_a_call_narrows_t2() -> None:
    app = good_app(lead_unit_id="U5")
    assert verdict("E02", app) == "pass"
    assert verdict("E02", dataclasses.replace(app, track="T2")) == "pass"
    settings = template_2025()
    strict = dataclasses.replace(settings, rule_params={
        **settings.rule_params, "track_lead_unit_types": {"T2": ["高校", "科研院所", "企业"]}})
    assert verdict("E02", dataclasses.replace(app, track="T2"), settings=strict) == "fail"
    assert verdict("E02", app, settings=strict) == "pass"


def test_e03_partner_edges() -> None:
    assert verdict("E03", good_app()) == "pass"
    assert verdict("E03", good_app(partner_unit_ids=())) == "fail"
    assert verdict("E03", good_app(partner_unit_ids=("U3",))) == "fail"
    no_legal = (*UNITS, unit(BJ_UNI, legal_person=False))
    assert verdict("E03", good_app(), units=no_legal) == "fail"


def test_e03_names_unknown_partner() -> None:
    outcome = run("E03", good_app(partner_unit_ids=("U404",)))
    assert outcome.verdict == "fail"
    assert "U404" in outcome.evidence_zh


def test_e04_agreements() -> None:
    assert verdict("E04", good_app()) == "pass"
    assert verdict("E04", good_app(agreements_signed=False)) == "fail"


@pytest.mark.parametrize(("count", "expected"), [
    (0, "fail"), (1, "pass"), (2, "pass"), (3, "fail"),
])
def test_e05_count_edges(count: int, expected: str) -> None:
    assert verdict("E05", good_app(achievement_count=count)) == expected


@pytest.mark.parametrize(("types", "expected"), [
    (("发明专利",), "pass"), (("国家技术发明奖",), "pass"),
    (("省部级以上科技进步奖", "专利"), "pass"),
    (("论文",), "fail"), ((), "fail"), (("专利", "软件著作权"), "flag"),
    (("省部级科技进步奖",), "pass"), (("乌鲁木齐市科技进步奖",), "fail"),
    (("技术发明奖",), "flag"), (("专利等",), "flag"), (("科技成果",), "flag"),
])
def test_e05_types(types: tuple[str, ...], expected: str) -> None:
    assert verdict("E05", good_app(achievement_count=1, achievement_types=types)) == expected


def test_e05_ip_must_be_clear() -> None:
    assert verdict("E05", good_app(achievement_ip_clear=False)) == "fail"


def test_e06_three_units_pass_four_fail() -> None:
    assert verdict("E06", good_app(partner_unit_ids=("U2", "U6"))) == "pass"
    assert verdict("E06", good_app(partner_unit_ids=("U2", "U6"), participant_unit_ids=("U4",))) \
        == "fail"


def test_e06_counts_a_repeated_unit_once() -> None:
    assert verdict("E06", good_app(partner_unit_ids=("U2", "U6"), participant_unit_ids=("U2",))) \
        == "pass"


@pytest.mark.parametrize(("track", "partner", "expected"), [
    ("T1", "U2", "pass"), ("T1", "U6", "fail"), ("T2", "U6", "pass"), ("T2", "U7", "pass"),
    ("T2", "U2", "fail"), ("T3", "U2", "fail"), ("T1", "U3", "na"),
])
def test_e21_partner_fits_track(track: str, partner: str, expected: str) -> None:
    assert verdict("E21", good_app(track=track, partner_unit_ids=(partner,))) == expected


def test_e21_shenzhen_lies_in_guangdong() -> None:
    units = (*UNITS, unit(BJ_UNI, province="深圳市"))
    assert verdict("E21", good_app(), units=units) == "pass"


def test_e21_a_call_may_add_provinces() -> None:
    units = (*UNITS, unit(BJ_UNI, province="重庆"))
    assert verdict("E21", good_app(), units=units) == "fail"
    settings = template_2025()
    t1 = settings.track("T1")
    wider = dataclasses.replace(t1, partner_provinces=(*t1.partner_provinces, "重庆"))
    settings = dataclasses.replace(settings, tracks=(wider, settings.track("T2")))
    assert verdict("E21", good_app(), units=units, settings=settings) == "pass"


def test_e22_university_lead_needs_xinjiang_enterprise() -> None:
    assert verdict("E22", good_app(lead_unit_id="U3", participant_unit_ids=("U4",))) == "pass"
    assert verdict("E22", good_app(lead_unit_id="U3")) == "fail"
    assert verdict("E22", good_app(lead_unit_id="U3", participant_unit_ids=("U5",))) == "fail"
    assert verdict("E22", good_app()) == "na"
    assert verdict("E22", good_app(lead_unit_id="U5")) == "na"
