"""E05 by meaning: kinds and award levels as call settings, evidence that names the level."""

from __future__ import annotations

import dataclasses

import pytest

from reviewapp.call_settings_model import CallSettings, template_2025
from tests.helpers.eligibility_factory import UNITS, good_app, run, unit, verdict


def with_params(**params: object) -> CallSettings:
    """The 2025 call with some E05 parameters changed."""
    settings = template_2025()
    return dataclasses.replace(settings, rule_params={**settings.rule_params, **params})


def app_with(*types: str) -> object:
    """A good application introducing these achievements."""
    return good_app(achievement_count=len(types), achievement_types=types)


def test_a_provincial_award_is_what_the_guide_asks_for() -> None:
    outcome = run("E05", app_with("省部级科技进步奖"))
    assert outcome.verdict == "pass"
    assert "科技进步奖，省部级" in outcome.evidence_zh


def test_an_award_below_provincial_fails_naming_its_level() -> None:
    outcome = run("E05", app_with("昌吉州科技进步二等奖"))
    assert outcome.verdict == "fail"
    assert "地市级及以下" in outcome.evidence_zh and "二等奖" in outcome.evidence_zh
    assert "prefecture or lower" in outcome.evidence_en


@pytest.mark.parametrize("types", [("技术发明奖",), ("专利等",), ("软件著作权",),
                                   ("中国石油和化学工业联合会科技进步奖",), ("成果",)])
def test_what_the_parser_cannot_judge_is_flagged_for_staff(types: tuple[str, ...]) -> None:
    outcome = run("E05", app_with(*types))
    assert outcome.verdict == "flag"
    assert "人工" in outcome.evidence_zh


def test_a_failing_achievement_outweighs_a_flagged_one() -> None:
    assert verdict("E05", app_with("软件著作权", "乌鲁木齐市科技进步奖")) == "fail"


def test_a_call_may_ask_for_national_awards_only() -> None:
    national = with_params(achievement_kinds=["progress_award", "invention_award"],
                           achievement_levels=["national"])
    assert verdict("E05", app_with("国家科技进步二等奖"), settings=national) == "pass"
    outcome = run("E05", app_with("自治区科技进步一等奖"), settings=national)
    assert outcome.verdict == "fail" and "省部级" in outcome.evidence_zh
    assert verdict("E05", app_with("发明专利"), settings=national) == "fail"


def test_a_call_may_accept_other_achievements() -> None:
    wide = with_params(achievement_kinds=["patent", "progress_award", "invention_award", "other"])
    assert verdict("E05", app_with("植物新品种权"), settings=wide) == "pass"


def test_old_settings_json_keeps_loading() -> None:
    old = template_2025().to_json()
    params = old["rule_params"]
    del params["achievement_kinds"], params["achievement_levels"]
    params["achievement_types"] = ["国家科技进步奖", "专利"]
    settings = CallSettings.from_json(old)
    assert "achievement_types" not in settings.rule_params
    assert settings.rule_params["achievement_kinds"] == ["patent", "progress_award"]
    assert settings.rule_params["achievement_levels"] == ["national"]
    assert CallSettings.from_json(template_2025().to_json()) == template_2025()


def test_unit_spellings_reach_the_rules() -> None:
    units = (*UNITS[1:], unit(UNITS[0], unit_type="有限责任公司", province="新疆生产建设兵团"))
    assert verdict("E02", good_app(), units=units) == "pass"
    unknown = (*UNITS[1:], unit(UNITS[0], unit_type="事业单位"))
    outcome = run("E02", good_app(), units=unknown)
    assert outcome.verdict == "flag" and "事业单位" in outcome.evidence_zh


@pytest.mark.parametrize(("title", "degree", "expected"), [
    ("教授", "无", "pass"), ("高级工程师", "本科", "pass"), ("讲师", "工学博士", "pass"),
    ("助教", "硕士研究生", "fail"), ("特级", "硕士", "flag"), ("助教", "博士在读", "flag"),
])
def test_e14_reads_titles_and_degrees(title: str, degree: str, expected: str) -> None:
    """The lead is an enterprise: 中级 suffices, 初级 does not."""
    assert verdict("E14", good_app(pi_title=title, pi_degree=degree)) == expected
