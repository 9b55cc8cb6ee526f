"""Edges of the funding rules E01, E07, E08, E09, E10."""

from __future__ import annotations

import dataclasses

import pytest

from reviewapp.call_settings_model import Track, template_2025
from tests.helpers.eligibility_factory import UNITS, XJ_FIRM, good_app, run, unit, verdict


@pytest.mark.parametrize(("requested", "expected"), [
    (500_000, "pass"), (499_999, "pass"), (500_100, "fail"), (500_001, "fail"),
])
def test_e01_cap_edge(requested: int, expected: str) -> None:
    app = good_app(requested_yuan=requested, self_funding_yuan=2_000_000)
    assert verdict("E01", app) == expected


def test_e01_evidence_shows_exact_wan() -> None:
    outcome = run("E01", good_app(requested_yuan=500_100))
    assert outcome.evidence_zh == "申请 50.01万元 > 上限 50万元"


def test_e01_uses_the_tracks_cap() -> None:
    settings = template_2025()
    tracks = tuple(dataclasses.replace(t, cap_yuan=300_000) for t in settings.tracks)
    lowered = dataclasses.replace(settings, tracks=tracks)
    assert verdict("E01", good_app(requested_yuan=300_000), settings=lowered) == "pass"
    assert verdict("E01", good_app(requested_yuan=300_100), settings=lowered) == "fail"


def test_e01_unknown_track_falls_back_to_call_cap() -> None:
    settings = dataclasses.replace(template_2025(), tracks=(Track("T9", "x", "x", ("北京",)),))
    params = {**settings.rule_params, "cap_yuan": 100_000}
    settings = dataclasses.replace(settings, rule_params=params)
    assert verdict("E01", good_app(requested_yuan=100_000), settings=settings) == "pass"
    assert verdict("E01", good_app(requested_yuan=100_001), settings=settings) == "fail"


def test_e07_exactly_twice_passes_one_yuan_less_fails() -> None:
    assert verdict("E07", good_app(requested_yuan=400_000, self_funding_yuan=800_000)) == "pass"
    assert verdict("E07", good_app(requested_yuan=400_000, self_funding_yuan=799_999)) == "fail"


def test_e07_evidence_text() -> None:
    outcome = run("E07", good_app(requested_yuan=400_000, self_funding_yuan=600_000))
    assert outcome.verdict == "fail"
    assert outcome.evidence_zh.startswith("自筹 60万元 < 2 × 申请 40万元")


def test_e07_ratio_parameter_is_exact() -> None:
    settings = template_2025()
    settings = dataclasses.replace(
        settings, rule_params={**settings.rule_params, "self_funding_ratio": 1.5})
    assert verdict("E07", good_app(requested_yuan=300_000, self_funding_yuan=450_000),
                   settings=settings) == "pass"
    assert verdict("E07", good_app(requested_yuan=300_000, self_funding_yuan=449_999),
                   settings=settings) == "fail"


def test_e07_university_lead_funded_by_joining_xinjiang_enterprise() -> None:
    app = good_app(lead_unit_id="U3", participant_unit_ids=("U4",))
    outcome = run("E07", app)
    assert outcome.verdict == "pass"
    assert "新疆棉纺有限公司" in outcome.evidence_zh


def test_e07_without_enterprise_judges_amounts_only() -> None:
    outcome = run("E07", good_app(lead_unit_id="U3"))
    assert outcome.verdict == "pass"
    assert "无新疆企业参与" in outcome.evidence_zh
    assert verdict("E07", good_app(lead_unit_id="U3", self_funding_yuan=999_999)) == "fail"


def test_e07_e08_out_of_region_enterprise_is_no_funder() -> None:
    units = (*UNITS, unit(XJ_FIRM, unit_id="U9", province="上海"))
    app = good_app(lead_unit_id="U3", participant_unit_ids=("U9",))
    assert "无新疆企业参与" in run("E07", app, units=units).evidence_zh
    assert verdict("E08", app, units=units) == "na"


def test_e07_e08_not_applicable_to_medical_lead() -> None:
    app = good_app(lead_unit_id="U5", adoption_units=("喀什地区第一人民医院",))
    assert verdict("E07", app) == "na"
    assert verdict("E08", app) == "na"


def test_e08_enterprise_lead_needs_both_years() -> None:
    assert verdict("E08", good_app()) == "pass"
    units = (*UNITS, unit(XJ_FIRM, audit_years=(2023,)))
    outcome = run("E08", good_app(), units=units)
    assert outcome.verdict == "fail"
    assert "2024" in outcome.evidence_zh


def test_e08_joining_enterprise_audits() -> None:
    app = good_app(lead_unit_id="U3", participant_unit_ids=("U4",))
    assert verdict("E08", app) == "pass"
    units = (*UNITS, unit(XJ_FIRM, unit_id="U4", audit_years=(2024,)))
    assert verdict("E08", app, units=units) == "fail"


def test_e09_medical_lead_names_adopters() -> None:
    assert verdict("E09", good_app(lead_unit_id="U5", adoption_units=("喀什医院",))) == "pass"
    assert verdict("E09", good_app(lead_unit_id="U5", adoption_units=(" ",))) == "fail"
    assert verdict("E09", good_app()) == "na"


@pytest.mark.parametrize(("outsourced", "expected"), [
    (150_000, "pass"), (0, "pass"), (150_001, "flag"), (500_000, "flag"),
])
def test_e10_outsourced_share_edge(outsourced: int, expected: str) -> None:
    assert verdict("E10", good_app(outsourced_yuan=outsourced)) == expected


def test_e10_nothing_requested_but_outsourced_flags() -> None:
    assert verdict("E10", good_app(requested_yuan=0, outsourced_yuan=1)) == "flag"
    assert verdict("E10", good_app(requested_yuan=0, outsourced_yuan=0)) == "pass"
