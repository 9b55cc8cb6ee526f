"""What a review must hold (checked whatever the form sent) and the consistency questions."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from reviewapp.call_settings_model import RECOMMENDATIONS, CallSettings
from reviewapp.money import format_wan

PRIORITY, REJECT = RECOMMENDATIONS[0], RECOMMENDATIONS[2]


@dataclass(frozen=True)
class ReviewInput:
    """A review as typed: scores by indicator key (None: not scored yet), texts, amount."""

    scores: dict[str, float | None]
    comments: dict[str, str] = field(default_factory=dict)
    recommendation: str = ""
    comment: str = ""
    recommended_yuan: int | None = None
    cut_reason: str = ""


def check_review(settings: CallSettings, requested_yuan: int, data: ReviewInput,
                 submit: bool) -> dict[str, tuple[str, str]]:
    """Field name → (Chinese, English) problem; empty when the review may be stored.

    A draft may leave anything blank; a submission needs every score, the recommendation
    and an overall comment of the call's minimum length, and a reason for a cut.
    """
    errors: dict[str, tuple[str, str]] = {}
    known = {ind.key for ind in settings.rubric}
    for key in set(data.scores) - known:
        errors[key] = ("不是本批次的评审指标", "not an indicator of this call")
    for ind in settings.rubric:
        value = data.scores.get(ind.key)
        if value is None:
            if submit:
                errors[ind.key] = ("提交前请为该指标打分", "score this indicator before submitting")
            continue
        if not math.isfinite(value) or not 0 <= value <= ind.points:
            errors[ind.key] = (f"分数应在 0～{ind.points:g} 分之间",
                               f"a score from 0 to {ind.points:g}")
        elif value * 2 != int(value * 2):
            errors[ind.key] = ("分数以 0.5 分为一档", "scores go in steps of 0.5")
    if data.recommendation and data.recommendation not in RECOMMENDATIONS:
        errors["recommendation"] = ("请选择推荐意见", "choose a recommendation")
    elif submit and not data.recommendation:
        errors["recommendation"] = ("提交前请选择推荐意见", "choose a recommendation to submit")
    minimum = int(settings.review.get("min_comment_chars", 0))
    if submit and len(data.comment.strip()) < minimum:
        errors["comment"] = (f"评审意见至少 {minimum} 字（现 {len(data.comment.strip())} 字）",
                             f"write at least {minimum} characters "
                             f"(now {len(data.comment.strip())})")
    if data.recommended_yuan is not None:
        if data.recommended_yuan > requested_yuan:
            errors["recommended_wan"] = (
                f"建议资助额不能超过申请额 {format_wan(requested_yuan)} 万元",
                f"the recommended amount cannot exceed the {format_wan(requested_yuan)} "
                "万元 requested")
        elif submit and not data.cut_reason.strip():
            errors["cut_reason"] = ("请说明核减理由", "give the reason for the cut")
    return errors


def consistency_questions(settings: CallSettings, data: ReviewInput) -> list[tuple[str, str]]:
    """Questions a submission must answer: a recommendation against the total, extremes."""
    questions: list[tuple[str, str]] = []
    rules = settings.review
    scores = {k: v for k, v in data.scores.items() if v is not None}
    total_points = sum(ind.points for ind in settings.rubric)
    weights = {ind.key: ind.points for ind in settings.rubric}
    total = 100 * sum(scores.get(k, 0) for k in weights) / total_points if total_points else 0
    if data.recommendation == PRIORITY and total < float(rules["priority_min_total"]):
        questions.append((f"总分 {total:.1f} 分，却建议“优先支持”。确认提交吗？",
                          f"The total is {total:.1f}, yet you recommend 优先支持. Submit?"))
    if data.recommendation == REJECT and total >= float(rules["reject_max_total"]):
        questions.append((f"总分 {total:.1f} 分，却建议“不予支持”。确认提交吗？",
                          f"The total is {total:.1f}, yet you recommend 不予支持. Submit?"))
    share = float(rules["extreme_share"])
    for ind in settings.rubric:
        value = scores.get(ind.key)
        if value is None or (data.comments.get(ind.key) or "").strip():
            continue
        if value <= share * ind.points or value == ind.points:
            questions.append((f"“{ind.name}”给了 {value:g} 分（满分 {ind.points:g}），未写说明。"
                              "确认提交吗？",
                              f"{ind.name_en or ind.key}: {value:g} of {ind.points:g} "
                              "without a remark. Submit?"))
    return questions
