"""The call settings service: checks by JSON path, audit, stale stages, rubric lock, effects."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from sqlalchemy import select

from reviewapp.call_settings_model import CallSettings, Indicator, template_2025
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    AuditLog,
    Call,
    CallTrack,
    EligibilityResult,
)
from reviewapp.services.call_settings import update_call_settings
from reviewapp.services.call_settings_checks import (
    SettingsError,
    check_settings,
    plain,
    settings_from_json,
)
from reviewapp.services.eligibility import run_eligibility
from tests.helpers.call_settings import add_review, store_call

FULL_SCORES = {"necessity": 15, "maturity": 20, "technical": 20, "outputs": 15,
               "benefit": 20, "team": 10}








def paths_of(data: Any) -> set[str]:
    """The JSON paths settings_from_json refuses in `data`."""
    with pytest.raises(SettingsError) as caught:
        settings_from_json(data)
    return {issue.path for issue in caught.value.issues}


def mutated(change: Any) -> dict[str, Any]:
    """The 2025 settings as JSON with `change` applied."""
    data = plain(template_2025().to_json())
    change(data)
    return data


def test_template_is_valid_and_json_round_trips():
    """The 2025 template passes every check and reads back equal from its JSON."""
    assert check_settings(template_2025()) == []
    assert settings_from_json(plain(template_2025().to_json())) == template_2025()


@pytest.mark.parametrize(("change", "path"), [
    (lambda d: d.update(colour=1), "$"),
    (lambda d: d.update(enabled_rules=["E01", "E99"]), "enabled_rules"),
    (lambda d: d["rule_params"].update(cap_yuan=-1), "rule_params.cap_yuan"),
    (lambda d: d["rule_params"].update(cap_yuan=500_000.5), "rule_params.cap_yuan"),
    (lambda d: d["rule_params"].update(self_funding_ratio=0), "rule_params.self_funding_ratio"),
    (lambda d: d["rule_params"].update(outsourced_max_share=1.2),
     "rule_params.outsourced_max_share"),
    (lambda d: d["rule_params"].update(blacklist_years=-1), "rule_params.blacklist_years"),
    (lambda d: d["rule_params"].update(min_pi_months=0), "rule_params.min_pi_months"),
    (lambda d: d["rule_params"].update(min_achievements=3), "rule_params.min_achievements"),
    (lambda d: d["rule_params"].update(excluded_stages=["冥想"]), "rule_params.excluded_stages"),
    (lambda d: d["rule_params"].update(speed=1), "rule_params"),
    (lambda d: d["tracks"][1].update(track_id="T1"), "tracks[1].track_id"),
    (lambda d: d["tracks"][0].update(partner_provinces=[]), "tracks[0].partner_provinces"),
    (lambda d: d["tracks"][0].update(partner_provinces=["火星"]), "tracks[0].partner_provinces"),
    (lambda d: d["tracks"][0].update(cap_yuan=-5), "tracks[0].cap_yuan"),
    (lambda d: d.update(tracks=[]), "tracks"),
    (lambda d: d["rubric"][1].update(key="necessity"), "rubric[1].key"),
    (lambda d: d["rubric"][0].update(points=0), "rubric[0].points"),
    (lambda d: d["rubric"][0].update(points=7.3), "rubric[0].points"),
    (lambda d: d["rubric"][0].update(priority=2), "rubric[1].priority"),
    (lambda d: d["conflict_policy"]["rules"].update(C9=True), "conflict_policy.rules"),
    (lambda d: d["conflict_policy"].update(collaboration_years=-1),
     "conflict_policy.collaboration_years"),
    (lambda d: d["conflict_policy"].update(one_per_unit="yes"), "conflict_policy.one_per_unit"),
    (lambda d: d["conflict_policy"].update(home_province="Xinjiang"),
     "conflict_policy.home_province"),
    (lambda d: d.update(reviewers_per_app=0), "reviewers_per_app"),
    (lambda d: d.update(reviewers_per_app=21), "reviewers_per_app"),
    (lambda d: d["funding"].update(max_cut_percent=100), "funding"),
    (lambda d: d["funding"].update(quotas=[{"track": "T9", "group": "direction",
                                            "value": "数字经济", "max_count": 1}]),
     "funding.quotas[0]"),
    (lambda d: d["funding"].update(quotas=[{"track": None, "group": "direction",
                                            "value": "数字经济", "min_count": 3,
                                            "max_count": 1}]),
     "funding.quotas[0]"),
])
def test_each_kind_of_error_is_named_by_its_path(change, path):
    """A wrong type, range, duplicate or unknown name is refused at its JSON path."""
    assert path in paths_of(mutated(change))


def test_shape_errors_stop_before_reading():
    """Lists that are not lists and tracks without ids are refused, not misread."""
    assert paths_of({"directions": "数字经济", "tracks": [{"name": "x"}]}) == {
        "directions", "tracks[0]"}
    assert paths_of([]) == {"$"}


def test_update_stores_audits_and_names_stale_stages(db_session):
    """One audit row with before/after of the changed keys; stale stages in pipeline order."""
    call_id = store_call()
    old = template_2025()
    new = dataclasses.replace(
        old, tracks=(dataclasses.replace(old.tracks[0], cap_yuan=450_000), old.tracks[1]),
        conflict_policy={**old.conflict_policy, "collaboration_years": 5})
    change = update_call_settings(call_id, new, "省厅通知下调上限", None)
    assert change.changed == ("tracks", "conflict_policy")
    assert change.stale == ("eligibility", "conflicts")
    assert db.session.get(Call, call_id).call_settings() == new
    audit = db.session.scalars(select(AuditLog).where(AuditLog.action == "call.settings")).one()
    assert audit.reason == "省厅通知下调上限"
    assert set(audit.before) == set(audit.after) == {"tracks", "conflict_policy"}
    assert audit.before["tracks"][0]["cap_yuan"] == 500_000
    assert audit.after["tracks"][0]["cap_yuan"] == 450_000
    assert audit.after["conflict_policy"]["collaboration_years"] == 5
    again = update_call_settings(call_id, new, "再存一次", None)
    assert (again.changed, again.stale) == ((), ())
    assert db.session.scalars(select(AuditLog).where(AuditLog.action == "call.settings")
                              ).all() == [audit]


@pytest.mark.parametrize(("field", "value", "stale"), [
    ("rubric", tuple(dataclasses.replace(i, name=i.name + "！")
                               for i in template_2025().rubric), ("ranking",)),
    ("funding", {"max_cut_percent": 10, "lottery": False, "lottery_seed": None, "quotas": []},
     ("ranking",)),
    ("reviewers_per_app", 3, ("assignment",)),
    ("directions", ("数字经济", "智慧农业"), ("eligibility",)),
])
def test_stale_stage_per_key(db_session, field, value, stale):
    """Rubric and funding make the ranking stale; the panel size the assignment."""
    call_id = store_call()
    change = update_call_settings(
        call_id, dataclasses.replace(template_2025(), **{field: value}), "调整", None)
    assert change.stale == stale


def test_refusals_store_nothing(db_session):
    """Bad values, a missing reason or a used track removed: nothing is stored or audited."""
    call_id = store_call()
    bad = dataclasses.replace(template_2025(), reviewers_per_app=0)
    with pytest.raises(SettingsError) as caught:
        update_call_settings(call_id, bad, " ", None)
    assert {i.path for i in caught.value.issues} == {"reviewers_per_app", "reason"}
    only_t2 = dataclasses.replace(template_2025(), tracks=template_2025().tracks[1:])
    with pytest.raises(SettingsError, match="applications still use tracks T1"):
        update_call_settings(call_id, only_t2, "合并类别", None)
    db.session.rollback()
    assert db.session.get(Call, call_id).call_settings() == template_2025()
    assert db.session.scalars(select(AuditLog).where(AuditLog.action == "call.settings")
                              ).all() == []


def test_new_track_gets_its_row(db_session):
    """Adding a track adds its budget row; renaming one renames its row."""
    call_id = store_call()
    old = template_2025()
    t3 = dataclasses.replace(old.tracks[1], track_id="T3", name="新类别")
    renamed = dataclasses.replace(old.tracks[0], name="援疆合作")
    update_call_settings(call_id, dataclasses.replace(old, tracks=(renamed, old.tracks[1], t3)),
                         "增加类别", None)
    rows = db.session.scalars(select(CallTrack).where(CallTrack.call_id == call_id)
                              .order_by(CallTrack.track_id)).all()
    assert [(r.track_id, r.name) for r in rows] == [
        ("T1", "援疆合作"), ("T2", old.tracks[1].name), ("T3", "新类别")]


def with_points(settings: CallSettings, key: str, points: float) -> CallSettings:
    """The settings with one indicator's points changed."""
    return dataclasses.replace(settings, rubric=tuple(
        dataclasses.replace(i, points=points) if i.key == key else i for i in settings.rubric))


def test_rubric_locks_after_a_submitted_review(db_session):
    """Keys are frozen, points need confirming and never fall below a stored score."""
    call_id = store_call()
    review = add_review(call_id, {**FULL_SCORES, "team": 6})
    old = template_2025()
    extra = dataclasses.replace(old, rubric=(*old.rubric, Indicator("risk", "风险", "Risk", 5, 7)))
    for settings in (extra, dataclasses.replace(old, rubric=old.rubric[:-1])):
        with pytest.raises(SettingsError, match="cannot be added, removed or renamed"):
            update_call_settings(call_id, settings, "改指标", None, confirm_rubric=True)
    with pytest.raises(SettingsError, match="confirm the change"):
        update_call_settings(call_id, with_points(old, "team", 8), "改分值", None)
    with pytest.raises(SettingsError, match="exceed the new points of team"):
        update_call_settings(call_id, with_points(old, "team", 5), "改分值", None,
                             confirm_rubric=True)
    change = update_call_settings(call_id, with_points(old, "team", 8), "改分值", None,
                                  confirm_rubric=True)
    assert change.stale == ("ranking",)
    db.session.refresh(review)
    # 96 of 98 points: the weights follow the new points.
    assert review.total == pytest.approx(100 * 96 / 98)


def test_draft_reviews_leave_the_rubric_open(db_session):
    """Before any review is submitted, indicators may be added; drafts still bound points."""
    call_id = store_call()
    add_review(call_id, {"necessity": 12}, status="draft")
    old = template_2025()
    extra = dataclasses.replace(old, rubric=(*old.rubric, Indicator("risk", "风险", "Risk", 5, 7)))
    assert update_call_settings(call_id, extra, "加指标", None).changed == ("rubric",)
    with pytest.raises(SettingsError, match="necessity"):
        update_call_settings(call_id, with_points(extra, "necessity", 10), "改分值", None)


def rule_verdicts(call_id: int, rule_id: str) -> list[str]:
    """The stored verdicts of one rule on the call's applications."""
    return list(db.session.scalars(
        select(EligibilityResult.verdict).join(Application)
        .where(Application.call_id == call_id, EligibilityResult.rule_id == rule_id)))


def test_switched_off_rule_leaves_the_results_after_a_rerun(db_session):
    """E19 flags a 36-month project; switched off, a re-run stores no E19 result."""
    call_id = store_call()
    run_eligibility(call_id)
    assert rule_verdicts(call_id, "E19") == ["flag"]
    old = template_2025()
    rules = tuple(r for r in old.enabled_rules if r != "E19")
    change = update_call_settings(call_id, dataclasses.replace(old, enabled_rules=rules),
                                  "执行期不作要求", None)
    assert change.stale == ("eligibility",)
    run_eligibility(call_id)
    assert rule_verdicts(call_id, "E19") == []
    assert rule_verdicts(call_id, "E01") == ["pass"]


def test_lower_cap_fails_a_48_wan_application(db_session):
    """T1 capped at 45万: the 48万 application fails E01 on the re-run."""
    call_id = store_call()
    old = template_2025()
    capped = dataclasses.replace(old.tracks[0], cap_yuan=450_000)
    update_call_settings(call_id, dataclasses.replace(old, tracks=(capped, old.tracks[1])),
                         "上限调整为45万", None)
    run_eligibility(call_id)
    assert rule_verdicts(call_id, "E01") == ["fail"]
