"""A call's settings (设置): store checked settings with an audit row, name the stale stages."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select

from reviewapp.call_settings_model import CallSettings
from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, Call, CallTrack, Review
from reviewapp.services.audit import record_audit
from reviewapp.services.call_settings_checks import (
    TOP_KEYS,
    Issues,
    SettingsError,
    SettingsIssue,
    check_settings,
    is_number,
    plain,
)
from reviewapp.services.reviews_import import call_rubric
from scoring.rubric import review_total

# The stage each top-level key feeds: changing the key makes that stage's output stale.
STALE_BY_KEY: dict[str, str | None] = {
    "tracks": "eligibility", "directions": "eligibility", "enabled_rules": "eligibility",
    "rule_params": "eligibility", "conflict_policy": "conflicts",
    "reviewers_per_app": "assignment", "rubric": "ranking", "funding": "ranking",
    "review": None,
}
STAGE_ORDER = ("eligibility", "conflicts", "assignment", "ranking")
COUNTED_REVIEWS = ("submitted", "locked")


@dataclass(frozen=True)
class SettingsChange:
    """What one save changed: top-level keys, stages to re-run, and the values before/after."""

    call_id: int
    changed: tuple[str, ...]
    stale: tuple[str, ...]
    before: dict[str, Any]
    after: dict[str, Any]


def counted_review_count(call_id: int) -> int:
    """How many of the call's reviews are submitted (they lock the rubric's keys)."""
    query = (select(func.count()).select_from(Review).join(Assignment)
             .where(Assignment.call_id == call_id, Review.status.in_(COUNTED_REVIEWS)))
    return int(db.session.scalar(query) or 0)


def _scoring(settings: CallSettings) -> dict[str, tuple[float, int]]:
    """Indicator key → (points, priority): what a rubric change means to stored scores."""
    return {ind.key: (float(ind.points), ind.priority) for ind in settings.rubric}


def _rubric_issues(call_id: int, old: CallSettings, new: CallSettings,
                   confirm: bool) -> tuple[list[SettingsIssue], list[Review]]:
    """Refuse rubric changes stored reviews cannot follow; return the reviews to re-total."""
    reviews = list(db.session.scalars(select(Review).join(Assignment).where(
        Assignment.call_id == call_id)))
    counted = [r for r in reviews if r.status in COUNTED_REVIEWS]
    before, after = _scoring(old), _scoring(new)
    issues = Issues()
    if counted and set(before) != set(after):
        issues.add("rubric", f"已有 {len(counted)} 份评审意见提交，不能增加、删除或改名指标",
                   f"{len(counted)} reviews are submitted: indicators cannot be added, "
                   "removed or renamed")
    elif counted and before != after and not confirm:
        issues.add("rubric", f"已有 {len(counted)} 份评审意见提交：修改分值或优先级须勾选确认",
                   f"{len(counted)} reviews are submitted: confirm the change of points "
                   "or priorities")
    over = sorted({key for r in reviews for key, value in (r.scores or {}).items()
                   if key in after and is_number(value) and value > after[key][0]})
    if over:
        issues.add("rubric", f"已有评分高于新分值：{'、'.join(over)}",
                   f"stored scores exceed the new points of {', '.join(over)}")
    return issues.found, counted


def _sync_tracks(call: Call, settings: CallSettings) -> None:
    """Keep the call's track rows (budgets) in step with the settings' tracks."""
    rows = {row.track_id: row for row in call.tracks}
    for track in settings.tracks:
        if track.track_id in rows:
            rows[track.track_id].name = track.name
        else:
            call.tracks.append(CallTrack(track_id=track.track_id, name=track.name,
                                         budget_yuan=track.budget_yuan))
    kept = {t.track_id for t in settings.tracks}
    for row in [r for r in call.tracks if r.track_id not in kept]:
        call.tracks.remove(row)


def _bands_follow_points(old: CallSettings, new: CallSettings) -> CallSettings:
    """Scale the unchanged scoring bands of indicators whose points changed."""
    before = {ind.key: ind for ind in old.rubric}
    rubric = tuple(
        ind.rescaled(before[ind.key].points)
        if ind.key in before and ind.points != before[ind.key].points
        and ind.anchors == before[ind.key].anchors else ind
        for ind in new.rubric
    )
    return replace(new, rubric=rubric)


def update_call_settings(
    call_id: int, new_settings: CallSettings, reason: str, user: Any,
    confirm_rubric: bool = False,
) -> SettingsChange:
    """Check and store a call's settings with a reason; one audit row, one commit."""
    call = db.session.get(Call, call_id)
    if call is None:
        raise SettingsError([SettingsIssue("call", f"没有编号为 {call_id} 的批次",
                                           f"no call {call_id}")])
    old = call.call_settings()
    new_settings = _bands_follow_points(old, new_settings)
    issues = check_settings(new_settings)
    text = (reason or "").strip()
    if not text:
        issues.append(SettingsIssue("reason", "请填写修改理由", "a reason is required"))
    before, after = plain(old.to_json()), plain(new_settings.to_json())
    changed = tuple(key for key in TOP_KEYS if before[key] != after[key])
    removed = {t.track_id for t in old.tracks} - {t.track_id for t in new_settings.tracks}
    used = sorted(set(db.session.scalars(select(Application.track).where(
        Application.call_id == call_id))) & removed)
    if used:
        issues.append(SettingsIssue("tracks", f"仍有申报项目属于项目类别：{'、'.join(used)}",
                                    f"applications still use tracks {', '.join(used)}"))
    counted: list[Review] = []
    if "rubric" in changed:
        rubric_issues, counted = _rubric_issues(call_id, old, new_settings, confirm_rubric)
        issues.extend(rubric_issues)
    if issues:
        raise SettingsError(issues)
    if not changed:
        return SettingsChange(call_id, (), (), {}, {})
    call.settings = after
    _sync_tracks(call, new_settings)
    rubric = call_rubric(new_settings)
    for review in counted:  # points changed: stored totals follow the new weights
        review.total = review_total(rubric, review.scores)
    old_values = {key: before[key] for key in changed}
    new_values = {key: after[key] for key in changed}
    record_audit(user, "call.settings", "call", call_id, before=old_values, after=new_values,
                 reason=text, call_id=call_id)
    db.session.commit()
    stale = {STALE_BY_KEY.get(key) for key in changed}
    return SettingsChange(call_id, changed, tuple(s for s in STAGE_ORDER if s in stale),
                          old_values, new_values)
