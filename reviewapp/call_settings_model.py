"""The 2025 S&T Aid to Xinjiang call as the default call template (plain data).

A call is data: its tracks, support directions, rubric, eligibility rules with their
parameters, and conflict policy are stored with the call as the JSON of `CallSettings`.
Nothing here imports Flask or SQLAlchemy, so the rule engine, the demo generator and the
services can all read it. Source: ../shared/mission/RULES.md.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from reviewapp.vocabulary.achievements import (
    INVENTION_AWARD,
    LEVELS,
    NATIONAL,
    PATENT,
    PROGRESS_AWARD,
    PROVINCIAL,
    parse_achievement,
)

HOME_PROVINCE = "新疆"

AID_PROVINCES = (
    "北京", "天津", "河北", "山西", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东",
)
WESTERN_PROVINCES = ("陕西", "四川", "甘肃", "青海", "宁夏", "西藏")
PARTNER_UNIVERSITIES = ("清华大学",)

DIRECTIONS = (
    "油气生产加工", "煤炭清洁高效利用", "新型电力系统", "绿色矿业及加工", "先进制造和新材料",
    "粮食和食品加工", "棉花和纺织服装", "绿色畜牧产品和优质果蔬", "文化和旅游", "现代物流产业",
    "数字经济", "生物医药与大健康", "智慧农业", "装备制造", "绿色环保",
)

UNIT_TYPES = ("企业", "高校", "科研院所", "医疗卫生机构")
TITLES = ("正高级", "副高级", "中级", "初级", "无")
DEGREES = ("博士", "硕士", "学士", "无")
STAGES = ("基础研究", "实验研究", "中试", "产业化示范", "推广应用")
RELATION_KINDS = ("曾任职", "合作", "亲属", "师生")
RECOMMENDATIONS = ("优先支持", "同意支持", "不予支持")

ACCEPTED_KINDS = (PATENT, PROGRESS_AWARD, INVENTION_AWARD)
ACCEPTED_LEVELS = (NATIONAL, PROVINCIAL)
# Priorities under equal conditions (同等条件下优先), as Application flags in the guide's order.
PRIORITY_FLAGS = (
    "partner_supported", "strong_team", "chain_leader", "commissioner", "industrial_prospects",
)

ELIGIBILITY_RULE_IDS = tuple(f"E{n:02d}" for n in range(1, 23))
CONFLICT_RULE_IDS = ("C1", "C2", "C3", "C4", "C5", "C6", "C7")


@dataclass(frozen=True)
class Track:
    """A track (项目类别) with its partner requirement and per-project cap."""

    track_id: str
    name: str
    name_en: str
    partner_provinces: tuple[str, ...]
    partner_universities: tuple[str, ...] = ()
    cap_yuan: int = 500_000
    budget_yuan: int | None = None  # set by staff per call; the guide gives none


@dataclass(frozen=True)
class Anchor:
    """A scoring band of one indicator (评分档次): `low`..`high` points and what they mean."""

    low: float
    high: float
    text: str


@dataclass(frozen=True)
class Indicator:
    """A rubric indicator (评审指标): 0..points, half points allowed, with its scoring bands."""

    key: str
    name: str
    name_en: str
    points: float
    priority: int  # tie-break order: 1 is looked at first
    description: str = ""
    anchors: tuple[Anchor, ...] = ()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Indicator:
        """An indicator stored by `CallSettings.to_json` (older JSON has no bands)."""
        anchors = tuple(Anchor(float(a["low"]), float(a["high"]), str(a.get("text", "")))
                        for a in data.get("anchors") or ())
        return cls(**{**data, "anchors": anchors})

    def rescaled(self, old_points: float) -> Indicator:
        """This indicator with bands written for `old_points` scaled to its own points."""
        factor = self.points / old_points if old_points else 1.0
        anchors = tuple(Anchor(round(a.low * factor * 2) / 2, round(a.high * factor * 2) / 2,
                               a.text) for a in self.anchors)
        return replace(self, anchors=anchors)


TRACKS_2025 = (
    Track("T1", "援疆省市科技合作项目", "Aid-province S&T cooperation", AID_PROVINCES),
    Track(
        "T2", "省区（区校）创新合作项目", "Province/university cooperation",
        WESTERN_PROVINCES, PARTNER_UNIVERSITIES,
    ),
)

def _bands(points: float, *texts: str) -> tuple[Anchor, ...]:
    """Three bands of an indicator, top first: ≥ 85 %, 60–85 %, below 60 % of its points."""
    top, middle = round(points * 0.85 * 2) / 2, round(points * 0.6 * 2) / 2
    return (Anchor(top, points, texts[0]), Anchor(middle, top - 0.5, texts[1]),
            Anchor(0, middle - 0.5, texts[2]))


# Descriptions and bands written from the guide's indicators and principles (RULES.md).
RUBRIC_2025 = (
    Indicator(
        "necessity", "必要性与产业契合度", "Necessity and industry fit", 15, 3,
        "问题是否确为新疆自身难以解决（必要原则），是否符合支持方向和产业链需求。",
        _bands(15, "新疆自身难以解决的关键问题，紧扣支持方向和重点产业链，需求迫切",
               "符合支持方向，需求较明确，但与产业链结合或区内不可替代性论证一般",
               "与支持方向或产业需求关联弱，必要性论证不足")),
    Indicator(
        "maturity", "成果成熟度与先进性", "Maturity and advancement", 20, 2,
        "引进成果（省部级以上奖励、专利等）的成熟度、先进性和知识产权清晰程度。",
        _bands(20, "成果经过中试或应用验证，技术先进，知识产权归属清晰",
               "成果基本成熟，先进性一般，或知识产权说明不够完整",
               "成果尚处研究阶段或先进性不足，知识产权不清晰")),
    Indicator(
        "technical", "技术指标与实施可行性", "Technical indicators and feasibility", 20, 1,
        "转移转化形成的新技术、新工艺、新材料、新产品及其性能指标；实施方案是否可行。",
        _bands(20, "技术指标明确可考核，优于现有水平，实施方案和进度安排可行",
               "技术指标基本明确，方案总体可行，部分环节需细化",
               "技术指标模糊或不可考核，实施方案可行性不足")),
    Indicator(
        "outputs", "科技产出", "S&T outputs", 15, 5,
        "发明专利、标准或技术规范、高质量论文、人才培养引进、科技特派员、平台建设和交流合作。",
        _bands(15, "产出指标全面、量化、可考核，人才和平台建设安排具体",
               "产出指标基本量化，但部分指标偏少或不够具体",
               "产出指标缺失或仅为论文等，难以考核")),
    Indicator(
        "benefit", "经济社会生态效益", "Economic, social, ecological benefit", 20, 4,
        "推广应用带来的销售收入、利税、增加值，提质增效程度，以及社会和生态效益，须量化。",
        _bands(20, "示范地点、规模明确，经济社会生态效益量化充分、测算依据可靠",
               "效益有一定量化，示范内容或测算依据不够充分",
               "效益未量化或示范内容不明确")),
    Indicator(
        "team", "团队与经费保障", "Team and funding arrangement", 10, 6,
        "团队研究实力与诚信、合作单位实力、自筹经费落实和经费安排合理性。",
        _bands(10, "团队实力强、分工明确，合作单位优势突出，自筹经费落实、预算合理",
               "团队和合作基础较好，经费安排基本合理",
               "团队实力弱或分工不清，自筹经费不落实或预算不合理")),
)


def default_rule_params() -> dict[str, Any]:
    """Parameters of the eligibility rules E01–E22 for the 2025 call."""
    return {
        "cap_yuan": 500_000,
        "self_funding_ratio": 2,
        "audit_years": [2023, 2024],
        "max_units": 3,
        "min_achievements": 1,
        "max_achievements": 2,
        # E05 by meaning: the kinds accepted and the award levels that pass (vocabulary/
        # achievements.py); other S&T achievements ("等") are flagged for staff.
        "achievement_kinds": list(ACCEPTED_KINDS),
        "achievement_levels": list(ACCEPTED_LEVELS),
        "outsourced_max_share": 0.30,
        "excluded_stages": ["基础研究", "实验研究"],
        "paper_only_outputs": ["论文", "论著", "软科学研究报告"],
        "min_pi_months": 6,
        "blacklist_years": 3,
        "duration_months": 24,
        "home_province": HOME_PROVINCE,
        "lead_unit_types": list(UNIT_TYPES),
        "partner_unit_types": list(UNIT_TYPES),
    }


def upgrade_rule_params(params: dict[str, Any]) -> dict[str, Any]:
    """Rule parameters stored before E05 read achievements by meaning, in today's keys.

    The old `achievement_types` texts (省部级以上科技进步奖, 技术发明奖, 专利) are read
    by the achievement parser into accepted kinds, and the lowest level they name.
    """
    if "achievement_types" not in params:
        return params
    upgraded = {key: value for key, value in params.items() if key != "achievement_types"}
    parsed = [parse_achievement(str(text)) for text in params["achievement_types"] or ()]
    kinds = [kind for kind in (PATENT, PROGRESS_AWARD, INVENTION_AWARD)
             if any(item.kind == kind for item in parsed)]
    lowest = max((LEVELS.index(item.level) for item in parsed if item.level), default=1)
    upgraded.setdefault("achievement_kinds", kinds or list(ACCEPTED_KINDS))
    upgraded.setdefault("achievement_levels", list(LEVELS[:lowest + 1]))
    return upgraded


def default_conflict_policy() -> dict[str, Any]:
    """Conflict rules C1–C7 (3-year windows) and the panel diversity rules."""
    return {
        "rules": {rule_id: True for rule_id in CONFLICT_RULE_IDS},
        "past_employment_years": 3,
        "collaboration_years": 3,
        "one_per_unit": True,
        "require_external": True,
        "home_province": HOME_PROVINCE,
    }


def default_funding() -> dict[str, Any]:
    """Funding rules applied at the line: no cuts, no lottery, no quotas (the guide sets none).

    A quota is {"track": id or None (every track), "group": "direction" or
    "partner_province", "value": the direction or province, "min_count", "max_count",
    "max_wan": each a number or None}. `priorities` orders the tie-breaking flags;
    `show_expert_identities` lets the committee see who wrote each review.
    """
    return {"max_cut_percent": 0, "lottery": False, "lottery_seed": None, "quotas": [],
            "priorities": list(PRIORITY_FLAGS), "show_expert_identities": False}


def default_review() -> dict[str, Any]:
    """How experts review: deadline, minimum comment, and when a submission asks again.

    `deadline` is the review deadline (YYYY-MM-DD, or None when staff have set none);
    优先支持 below `priority_min_total` and 不予支持 at or above `reject_max_total` ask the
    expert to confirm, as does a score at most `extreme_share` of its points, or full
    points, without a comment on that indicator.
    """
    return {"deadline": None, "min_comment_chars": 30, "priority_min_total": 75,
            "reject_max_total": 75, "extreme_share": 0.2}


@dataclass(frozen=True)
class CallSettings:
    """Everything that makes one call different from another."""

    tracks: tuple[Track, ...] = TRACKS_2025
    directions: tuple[str, ...] = DIRECTIONS
    rubric: tuple[Indicator, ...] = RUBRIC_2025
    enabled_rules: tuple[str, ...] = ELIGIBILITY_RULE_IDS
    rule_params: dict[str, Any] = field(default_factory=default_rule_params)
    conflict_policy: dict[str, Any] = field(default_factory=default_conflict_policy)
    reviewers_per_app: int = 5
    funding: dict[str, Any] = field(default_factory=default_funding)
    review: dict[str, Any] = field(default_factory=default_review)

    def track(self, track_id: str) -> Track:
        """The track with this id; KeyError when the call has none."""
        for track in self.tracks:
            if track.track_id == track_id:
                return track
        raise KeyError(track_id)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (lists instead of tuples)."""
        return copy.deepcopy(asdict(self))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CallSettings:
        """Rebuild settings stored by `to_json`; missing keys take the 2025 defaults."""
        base = cls()
        tracks = tuple(
            Track(**{**t, "partner_provinces": tuple(t.get("partner_provinces", ())),
                     "partner_universities": tuple(t.get("partner_universities", ()))})
            for t in data.get("tracks", [])
        ) or base.tracks
        rubric = tuple(Indicator.from_json(i) for i in data.get("rubric", [])) or base.rubric
        return cls(
            tracks=tracks,
            directions=tuple(data.get("directions", base.directions)),
            rubric=rubric,
            enabled_rules=tuple(data.get("enabled_rules", base.enabled_rules)),
            rule_params={**base.rule_params,
                         **upgrade_rule_params(dict(data.get("rule_params", {})))},
            conflict_policy={**base.conflict_policy, **data.get("conflict_policy", {})},
            reviewers_per_app=int(data.get("reviewers_per_app", base.reviewers_per_app)),
            funding={**base.funding, **copy.deepcopy(data.get("funding", {}))},
            review={**base.review, **copy.deepcopy(data.get("review", {}))},
        )


def template_2025() -> CallSettings:
    """The default call template: the 2025 S&T Aid to Xinjiang call."""
    return CallSettings()
