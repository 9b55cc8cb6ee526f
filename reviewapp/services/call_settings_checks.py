"""Checks of a call's settings (设置), each problem named by its JSON path.

Settings are checked as the JSON `CallSettings.to_json` writes, so the command line can
say `tracks[0].cap_yuan`, and the page shows the Chinese or English message.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from reviewapp.call_settings_model import (
    CONFLICT_RULE_IDS,
    ELIGIBILITY_RULE_IDS,
    STAGES,
    UNIT_TYPES,
    CallSettings,
    Indicator,
    Track,
)
from reviewapp.models.application import REVIEWERS_MAX, REVIEWERS_MIN
from reviewapp.services.ranking import RankingError, call_priorities, funding_rules
from reviewapp.vocabulary.achievements import KINDS, LEVELS
from reviewapp.vocabulary.provinces import PROVINCES

# Cities with separate planning lie in a province the engine knows them by.
KNOWN_PROVINCES = (*PROVINCES, "深圳", "大连", "青岛", "宁波", "厦门")
TOP_KEYS = tuple(f.name for f in dataclasses.fields(CallSettings))
TRACK_KEYS = tuple(f.name for f in dataclasses.fields(Track))
INDICATOR_KEYS = tuple(f.name for f in dataclasses.fields(Indicator))
# Older settings JSON has no description or scoring bands; both stay optional.
INDICATOR_REQUIRED = ("key", "name", "name_en", "points", "priority")
CONFLICT_KEYS = ("rules", "past_employment_years", "collaboration_years", "one_per_unit",
                 "require_external", "home_province")
REVIEW_KEYS = ("deadline", "min_comment_chars", "priority_min_total", "reject_max_total",
               "extreme_share")
FUNDING_KEYS = ("max_cut_percent", "lottery", "lottery_seed", "quotas", "priorities",
                "show_expert_identities")
TRACK_ID = re.compile(r"^[A-Za-z0-9_-]{1,20}$")
INDICATOR_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")

Problem = tuple[str, str] | None  # (Chinese, English) or None when the value is fine


@dataclass(frozen=True)
class SettingsIssue:
    """One refused setting: its JSON path and what to do, in Chinese and English."""

    path: str
    message_zh: str
    message_en: str


class SettingsError(ValueError):
    """Settings the service refuses; `issues` names each problem."""

    def __init__(self, issues: Iterable[SettingsIssue]) -> None:
        """Keep the issues and say them all in the exception's text."""
        self.issues = tuple(issues)
        super().__init__("; ".join(f"{i.path}: {i.message_en}" for i in self.issues))


def plain(value: Any) -> Any:
    """Tuples as lists, all the way down: the JSON the settings are stored as."""
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def is_number(value: Any) -> bool:
    """A finite int or float, not a bool."""
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


def whole(low: int, high: int | None = None) -> Callable[[Any], Problem]:
    """A check for a whole number in [low, high]."""
    def check(value: Any) -> Problem:
        if isinstance(value, int) and not isinstance(value, bool) and low <= value and (
                high is None or value <= high):
            return None
        if high is None:
            return f"须为不小于 {low} 的整数", f"must be a whole number ≥ {low}"
        return f"须为 {low} 到 {high} 的整数", f"must be a whole number from {low} to {high}"
    return check


def positive(value: Any) -> Problem:
    """A number above 0."""
    return None if is_number(value) and value > 0 else ("须为大于 0 的数", "must be a number > 0")


def share(value: Any) -> Problem:
    """A share from 0 to 1."""
    ok = is_number(value) and 0 <= value <= 1
    return None if ok else ("须为 0 到 1 之间的数", "must be a number from 0 to 1")


def months(value: Any) -> Problem:
    """Months a year: above 0, at most 12."""
    ok = is_number(value) and 0 < value <= 12
    return None if ok else ("须为大于 0、不超过 12 的月数", "must be months > 0 and ≤ 12")


def boolean(value: Any) -> Problem:
    """True or false."""
    return None if isinstance(value, bool) else ("须为是或否", "must be true or false")


def province(value: Any) -> Problem:
    """A known province short name."""
    if isinstance(value, str) and value in KNOWN_PROVINCES:
        return None
    return f"“{value}”不是省份简称（如 北京、广东）", f"{value!r} is not a province short name"


def texts(nonempty: bool, options: tuple[str, ...] = ()) -> Callable[[Any], Problem]:
    """A check for a list of distinct non-empty texts, optionally drawn from `options`."""
    def check(value: Any) -> Problem:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            return "须为非空文本的列表", "must be a list of non-empty texts"
        if nonempty and not value:
            return "至少填写一项", "must name at least one item"
        if len(set(value)) != len(value):
            return "有重复项", "has duplicates"
        unknown = [v for v in value if options and v not in options]
        if unknown:
            return (f"含未知取值：{'、'.join(unknown)}（可选：{'、'.join(options)}）",
                    f"unknown values: {', '.join(unknown)}")
        return None
    return check


def provinces(value: Any) -> Problem:
    """A non-empty list of known province short names."""
    problem = texts(True)(value)
    if problem:
        return problem
    bad = [v for v in value if province(v)]
    return (f"不是省份简称：{'、'.join(bad)}", f"not province short names: {', '.join(bad)}"
            ) if bad else None


def years(value: Any) -> Problem:
    """A list of distinct calendar years."""
    ok = isinstance(value, list) and all(whole(1900, 2100)(v) is None for v in value)
    if ok and len(set(value)) == len(value):
        return None
    return ("须为不重复的年份列表，如 2023；2024",
            "must be a list of distinct years, e.g. 2023, 2024")


def half_points(value: Any) -> Problem:
    """Points above 0 in whole or half points."""
    if is_number(value) and value > 0 and float(value * 2).is_integer():
        return None
    return "须为大于 0 的整分或半分", "must be > 0 in whole or half points"


PARAMS: dict[str, tuple[str, str, Callable[[Any], Problem]]] = {
    "cap_yuan": ("默认单项上限（元）", "default cap (yuan)", whole(0)),
    "self_funding_ratio": ("自筹配套比例", "self-funding ratio", positive),
    "audit_years": ("审计报告年度", "audit years", years),
    "max_units": ("联合申报单位数上限", "most joint units", whole(1)),
    "min_achievements": ("引进成果数下限", "fewest achievements", whole(0)),
    "max_achievements": ("引进成果数上限", "most achievements", whole(0)),
    "achievement_kinds": ("接受的成果类别", "accepted achievement kinds", texts(True, KINDS)),
    "achievement_levels": ("奖励须达到的级别", "award levels that pass", texts(True, LEVELS)),
    "outsourced_max_share": ("外拨比例上限", "outsourced share", share),
    "excluded_stages": ("不支持的研究阶段", "excluded stages", texts(False, STAGES)),
    "paper_only_outputs": ("仅论文类成果形式", "paper-only outputs", texts(False)),
    "min_pi_months": ("负责人每年最少投入月数", "PI months a year", months),
    "blacklist_years": ("黑名单回溯年数", "blacklist years", whole(0)),
    "duration_months": ("执行期（月）", "duration (months)", whole(1)),
    "home_province": ("本区省份", "home province", province),
    "lead_unit_types": ("申报单位性质", "lead unit types", texts(True, UNIT_TYPES)),
    "partner_unit_types": ("合作单位性质", "partner unit types", texts(True, UNIT_TYPES)),
}
CONFLICT_PARAMS: dict[str, tuple[str, str, Callable[[Any], Problem]]] = {
    "past_employment_years": ("曾任职回避年数", "past-employment window", whole(0)),
    "collaboration_years": ("合作回避年数", "collaboration window", whole(0)),
    "one_per_unit": ("同一单位至多一名专家", "one expert per unit", boolean),
    "require_external": ("至少一名区外专家", "at least one external expert", boolean),
    "home_province": ("本区省份", "home province", province),
}


class Issues:
    """The issues found so far, added by path with a label and a problem."""

    def __init__(self) -> None:
        self.found: list[SettingsIssue] = []

    def add(self, path: str, zh: str, en: str) -> None:
        """Record an issue."""
        self.found.append(SettingsIssue(path, zh, en))

    def check(self, path: str, label: tuple[str, str], value: Any,
              rule: Callable[[Any], Problem]) -> bool:
        """Run one check; record `label: problem` when it fails. True when the value is fine."""
        problem = rule(value)
        if problem:
            self.add(path, f"{label[0]}：{problem[0]}", f"{label[1]}: {problem[1]}")
        return problem is None

    def keys(self, path: str, value: Any, allowed: Iterable[str] | None = None) -> bool:
        """Record a non-mapping, or keys outside `allowed`, at `path`. True when usable."""
        if not isinstance(value, dict):
            self.add(path, f"{path} 须为对象（键值对）", f"{path} must be an object")
            return False
        unknown = sorted(set(value) - set(value if allowed is None else allowed))
        if unknown:
            self.add(path, f"{path} 含未知的键：{'、'.join(unknown)}",
                     f"{path} has unknown keys: {', '.join(unknown)}")
        return not unknown


def _check_tracks(issues: Issues, tracks: list[dict[str, Any]]) -> None:
    """Tracks: unique ids, names, partner provinces, caps in whole yuan."""
    if not tracks:
        issues.add("tracks", "至少需要一个项目类别", "a call needs at least one track")
    seen: set[str] = set()
    for n, track in enumerate(tracks):
        path, tid = f"tracks[{n}]", track["track_id"]
        label = f"项目类别 {tid}", f"track {tid}"
        if not isinstance(tid, str) or not TRACK_ID.match(tid) or tid in seen:
            issues.add(f"{path}.track_id", f"项目类别编号“{tid}”须为不重复的字母数字（至多 20 位）",
                       f"track id {tid!r} must be unique letters/digits (≤ 20)")
        seen.add(str(tid))
        if not isinstance(track["name"], str) or not track["name"].strip():
            issues.add(f"{path}.name", f"{label[0]} 的名称不能为空", f"{label[1]}: name is empty")
        if not isinstance(track["name_en"], str):
            issues.add(f"{path}.name_en", f"{label[0]} 的英文名称须为文本",
                       f"{label[1]}: name_en must be text")
        issues.check(f"{path}.partner_provinces", (f"{label[0]} 合作省份", f"{label[1]} provinces"),
                     track["partner_provinces"], provinces)
        issues.check(f"{path}.partner_universities",
                     (f"{label[0]} 合作高校", f"{label[1]} universities"),
                     track["partner_universities"], texts(False))
        issues.check(f"{path}.cap_yuan", (f"{label[0]} 单项上限（元）", f"{label[1]} cap (yuan)"),
                     track["cap_yuan"], whole(0))
        if track["budget_yuan"] is not None:
            issues.check(f"{path}.budget_yuan", (f"{label[0]} 预算（元）", f"{label[1]} budget"),
                         track["budget_yuan"], whole(0))


def _check_rubric(issues: Issues, rubric: list[dict[str, Any]]) -> None:
    """Rubric: unique keys, names, points > 0 in half points, unique priorities ≥ 1."""
    if not rubric:
        issues.add("rubric", "评分细则至少需要一个指标", "the rubric needs at least one indicator")
    keys: set[str] = set()
    priorities: set[int] = set()
    for n, ind in enumerate(rubric):
        path, key = f"rubric[{n}]", ind["key"]
        if not isinstance(key, str) or not INDICATOR_KEY.match(key) or key in keys:
            issues.add(f"{path}.key", f"指标键“{key}”须为不重复的英文标识（字母开头）",
                       f"indicator key {key!r} must be a unique identifier")
        keys.add(str(key))
        if not isinstance(ind["name"], str) or not ind["name"].strip():
            issues.add(f"{path}.name", f"指标 {key} 的名称不能为空",
                       f"indicator {key}: name is empty")
        issues.check(f"{path}.points", (f"指标 {key} 分值", f"indicator {key} points"),
                     ind["points"], half_points)
        if issues.check(f"{path}.priority", (f"指标 {key} 优先级", f"indicator {key} priority"),
                        ind["priority"], whole(1)):
            if ind["priority"] in priorities:
                issues.add(f"{path}.priority",
                           f"指标 {key} 的优先级 {ind['priority']} 与其他指标重复",
                           f"indicator {key}: priority {ind['priority']} is taken")
            priorities.add(ind["priority"])
        _check_anchors(issues, path, key, ind)


def _check_anchors(issues: Issues, path: str, key: str, ind: dict[str, Any]) -> None:
    """An indicator's description is text; each band lies within 0..points, low ≤ high."""
    if not isinstance(ind.get("description", ""), str):
        issues.add(f"{path}.description", f"指标 {key} 的说明须为文本",
                   f"indicator {key}: the description must be text")
    anchors = ind.get("anchors", [])
    if not isinstance(anchors, list):
        issues.add(f"{path}.anchors", f"指标 {key} 的评分档次须为列表",
                   f"indicator {key}: anchors must be a list")
        return
    points = ind["points"] if is_number(ind["points"]) else 0
    for m, band in enumerate(anchors):
        ok = (isinstance(band, dict) and is_number(band.get("low"))
              and is_number(band.get("high")) and isinstance(band.get("text", ""), str)
              and 0 <= band["low"] <= band["high"] <= points)
        if not ok:
            issues.add(f"{path}.anchors[{m}]",
                       f"指标 {key} 第 {m + 1} 档须为 0～{points:g} 分之间的区间（下限不大于上限）",
                       f"indicator {key} band {m + 1}: a range within 0..{points:g}, low ≤ high")


def _check_review(issues: Issues, review: Any) -> None:
    """Review rules: a YYYY-MM-DD deadline or none, and the thresholds in range."""
    if not issues.keys("review", review, REVIEW_KEYS):
        return
    deadline = review.get("deadline")
    if deadline is not None and not (isinstance(deadline, str)
                                     and re.fullmatch(r"\d{4}-\d{2}-\d{2}", deadline)):
        issues.add("review.deadline", "评审截止日期须写作 YYYY-MM-DD",
                   "the review deadline must be YYYY-MM-DD")
    issues.check("review.min_comment_chars", ("评审意见最少字数", "minimum comment length"),
                 review.get("min_comment_chars", 0), whole(0, 2000))
    for name in ("priority_min_total", "reject_max_total"):
        value = review.get(name, 0)
        if not (is_number(value) and 0 <= value <= 100):
            issues.add(f"review.{name}", "总分阈值须在 0～100 之间",
                       "total thresholds lie within 0..100")
    share = review.get("extreme_share", 0)
    if not (is_number(share) and 0 <= share < 1):
        issues.add("review.extreme_share", "极端分比例须在 0～1 之间",
                   "the extreme share lies within 0..1")


def _check_rule_params(issues: Issues, params: Any, track_ids: set[str]) -> None:
    """Eligibility parameters: known keys, each typed and in range."""
    issues.keys("rule_params", params, (*PARAMS, "track_lead_unit_types"))
    if not isinstance(params, dict):
        return
    for key, (zh, en, rule) in PARAMS.items():
        if key in params:
            issues.check(f"rule_params.{key}", (zh, en), params[key], rule)
    low, high = params.get("min_achievements"), params.get("max_achievements")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        issues.add("rule_params.min_achievements", "引进成果数下限不能大于上限",
                   "min_achievements exceeds max_achievements")
    per_track = params.get("track_lead_unit_types", {})
    if issues.keys("rule_params.track_lead_unit_types", per_track, track_ids):
        for tid, types in per_track.items():
            issues.check(f"rule_params.track_lead_unit_types.{tid}",
                         (f"{tid} 申报单位性质", f"{tid} lead unit types"), types,
                         texts(True, UNIT_TYPES))


def _check_conflicts(issues: Issues, policy: Any) -> None:
    """Conflict policy: known rules switched on or off, windows ≥ 0, panel rules."""
    if not issues.keys("conflict_policy", policy, CONFLICT_KEYS):
        return
    rules = policy.get("rules", {})
    if issues.keys("conflict_policy.rules", rules, CONFLICT_RULE_IDS):
        for rule_id, on in rules.items():
            issues.check(f"conflict_policy.rules.{rule_id}", (rule_id, rule_id), on, boolean)
    for key, (zh, en, rule) in CONFLICT_PARAMS.items():
        if key in policy:
            issues.check(f"conflict_policy.{key}", (zh, en), policy[key], rule)


def _check_funding(issues: Issues, settings: CallSettings) -> None:
    """Funding rules: the ranking service's own checks, each quota named by its place."""
    funding = settings.funding
    if not issues.keys("funding", funding, FUNDING_KEYS):
        return
    issues.check("funding.lottery", ("摇号", "lottery"), funding.get("lottery", False), boolean)
    issues.check("funding.show_expert_identities", ("委员会可见专家身份", "experts shown"),
                 funding.get("show_expert_identities", False), boolean)
    try:
        call_priorities(settings)
    except RankingError as error:
        issues.add("funding.priorities", f"同等条件优先顺序有误：{error}", str(error))
    quotas = funding.get("quotas") or []
    if not isinstance(quotas, list):
        issues.add("funding.quotas", "配额须为列表", "quotas must be a list")
        return
    plain = {"max_cut_percent": funding.get("max_cut_percent"),
             "lottery_seed": funding.get("lottery_seed")}
    checks = [("funding", plain)] + [
        (f"funding.quotas[{n}]", {"quotas": [q]}) for n, q in enumerate(quotas)]
    for path, part in checks:
        try:
            funding_rules(dataclasses.replace(settings, funding=part))
        except RankingError as error:
            issues.add(path, f"资助规则有误：{error}", str(error))


def check_settings(settings: CallSettings) -> list[SettingsIssue]:
    """Every problem of a call's settings, named by JSON path; empty when they are usable."""
    issues = Issues()
    data = plain(settings.to_json())
    _check_tracks(issues, data["tracks"])
    issues.check("directions", ("支持方向", "directions"), data["directions"], texts(True))
    _check_rubric(issues, data["rubric"])
    issues.check("enabled_rules", ("形式审查规则", "enabled rules"), data["enabled_rules"],
                 texts(False, ELIGIBILITY_RULE_IDS))
    _check_rule_params(issues, data["rule_params"], {t.track_id for t in settings.tracks})
    _check_conflicts(issues, data["conflict_policy"])
    issues.check("reviewers_per_app", ("每个项目评审专家人数", "experts per application"),
                 data["reviewers_per_app"], whole(REVIEWERS_MIN, REVIEWERS_MAX))
    _check_funding(issues, settings)
    _check_review(issues, data["review"])
    return issues.found


def _check_shape(data: Any) -> list[SettingsIssue]:
    """Problems that would stop `CallSettings.from_json` from reading the JSON at all."""
    issues = Issues()
    if not issues.keys("$", data, TOP_KEYS):
        return issues.found
    for key in ("directions", "enabled_rules"):
        if key in data and not isinstance(data[key], list):
            issues.add(key, f"{key} 须为列表", f"{key} must be a list")
    for key in ("rule_params", "conflict_policy", "funding", "review"):
        if key in data:
            issues.keys(key, data[key])
    if "reviewers_per_app" in data:
        issues.check("reviewers_per_app", ("每个项目评审专家人数", "experts per application"),
                     data["reviewers_per_app"], whole(REVIEWERS_MIN, REVIEWERS_MAX))
    for key, allowed, required in (("tracks", TRACK_KEYS, ("track_id", "name", "name_en")),
                                   ("rubric", INDICATOR_KEYS, INDICATOR_REQUIRED)):
        if key not in data:
            continue
        items = data[key]
        if not isinstance(items, list) or not items:
            issues.add(key, f"{key} 须为非空列表", f"{key} must be a non-empty list")
            continue
        for n, item in enumerate(items):
            if not issues.keys(f"{key}[{n}]", item, allowed):
                continue
            missing = [k for k in required if k not in item]
            if missing:
                issues.add(f"{key}[{n}]", f"{key}[{n}] 缺少：{'、'.join(missing)}",
                           f"{key}[{n}] lacks {', '.join(missing)}")
            lists = [k for k in ("partner_provinces", "partner_universities")
                     if k in item and not isinstance(item[k], list)]
            for name in lists:
                issues.add(f"{key}[{n}].{name}", f"{name} 须为列表", f"{name} must be a list")
    return issues.found


def settings_from_json(data: Any) -> CallSettings:
    """Read settings written by `--out` (missing keys take the 2025 defaults); SettingsError."""
    issues = _check_shape(data)
    if issues:
        raise SettingsError(issues)
    settings = CallSettings.from_json(data)
    issues = check_settings(settings)
    if issues:
        raise SettingsError(issues)
    return settings


