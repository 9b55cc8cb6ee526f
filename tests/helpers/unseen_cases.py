"""A hand-made call, filled the way a provincial office would, with the verdict of every case.

Written from DESIGN.md, RULES.md and the 2025 guide only (not from the parser or the rule
engine), so it checks them from outside. Each application tests ONE eligibility rule on
one side of its edge; experts, relations and avoidance requests make every workbook
conflict rule (C1–C6) fire. Semantic values here; `unseen_book` renders them as cells in
the many spellings real workbooks use.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

DEADLINE = date(2025, 4, 30)  # projects run 2025-04-30 → 2027-04-30 (24 months)


@dataclass(frozen=True)
class Raw:
    """A cell written exactly as given, bypassing the rotating spellings."""

    value: Any


@dataclass(frozen=True)
class Case:
    """One application, the reason it exists, and the verdicts the guide demands."""

    row: dict[str, Any]
    why: str
    failed: frozenset[str] = frozenset()
    flags: frozenset[str] = frozenset()

    @property
    def eligible(self) -> bool:
        """No hard rule fails."""
        return not self.failed


def _unit(uid: str, name: str, kind: str, province: str, **extra: Any) -> dict[str, Any]:
    """A units row; legal person unless told otherwise."""
    return {"unit_id": uid, "name": name, "unit_type": kind, "province": province,
            "legal_person": extra.pop("legal_person", True), **extra}


AUDITED = (2023, 2024)
ZJU_CODE = "12100000470095016Q"

UNITS = (
    _unit("U01", "新疆天山新材料有限公司", "企业", "新疆", audit_years=AUDITED,
          credit_code="91650100MA77XK0012"),
    _unit("U02", "新疆大学", "高校", "新疆维吾尔自治区"),
    _unit("U03", "新疆农业科学院", "科研院所", "新疆"),
    _unit("U04", "新疆医科大学第一附属医院", "医疗卫生机构", "新疆"),
    _unit("U05", "浙江大学", "高校", "浙江", credit_code=ZJU_CODE),
    _unit("U06", "四川大学", "高校", "四川省"),
    _unit("U07", "清华大学", "高校", "北京"),
    _unit("U08", "北京理工大学", "高校", "北京市"),
    _unit("U09", "新疆绿洲食品有限公司", "企业", "新疆", audit_years=(2023,)),
    _unit("U10", "新疆昆仑机械有限公司", "企业", "新疆", audit_years=AUDITED,
          blacklisted_until=date(2022, 4, 29)),
    _unit("U11", "新疆戈壁能源有限公司", "企业", "新疆", audit_years=AUDITED,
          blacklisted_until=date(2023, 6, 1)),
    _unit("U12", "新疆天山新材料有限公司哈密分公司", "企业", "新疆", legal_person=False,
          audit_years=AUDITED),
    _unit("U13", "上海浦江技术服务部", "企业", "上海", legal_person=False),
    _unit("U14", "兰州大学", "高校", "甘肃"),
    _unit("U15", "新疆大学计算机科学与技术学院", "高校", "新疆", legal_person=False,
          parent_unit_id="U02"),
    # The same university typed again under another id: one legal entity by its code.
    _unit("U16", "浙江大学（玉泉校区）", "高校", "浙江", credit_code=ZJU_CODE),
    _unit("U17", "新疆棉纺科技有限公司", "企业", "新疆", audit_years=AUDITED),
    _unit("U18", "内蒙古草原生物科技有限公司", "企业", "内蒙古"),
    _unit("U19", "深圳智造科技有限公司", "企业", "深圳"),
    _unit("U20", "江苏大学", "高校", "江苏"),
    _unit("U21", "湖北省农业科学院", "科研院所", "湖北"),
    _unit("U22", "陕西秦川装备有限公司", "企业", "陕西"),
    _unit("U23", "新疆师范大学", "高校", "新疆"),
    _unit("U24", "山东大学", "高校", "山东"),
    _unit("U25", "河南大学", "高校", "河南"),
    _unit("U26", "福建省农业科学院", "科研院所", "福建"),
    _unit("U27", "新疆农业大学", "高校", "新疆"),
    _unit("U28", "湖南大学", "高校", "湖南"),
    _unit("U29", "广州医药研究院", "科研院所", "广东"),
    _unit("U30", "重庆大学", "高校", "重庆"),
    _unit("U31", "天津大学", "高校", "天津"),
)

# Units that are one legal entity with another (by parent unit or by credit code).
ENTITY_OF = {"U15": "U02", "U16": "U05"}

_BASE: dict[str, Any] = {
    "title": "高性能复合材料成套技术引进与产业化示范",
    "track": "T1",
    "direction": "先进制造和新材料",
    "lead_unit_id": "U01",
    "partner_unit_ids": ("U05",),
    "participant_unit_ids": (),
    "agreements_signed": True,
    "achievement_count": 1,
    "achievement_types": ("专利",),
    "achievement_ip_clear": True,
    "pi_sex": "男",
    "pi_birth_date": date(1975, 3, 15),
    "pi_title": "正高级",
    "pi_degree": "博士",
    "pi_employed_by_lead": True,
    "pi_months_per_year": 8,
    "pi_aid_staff": False,
    "pi_letters": False,
    "requested_wan": "50",
    "self_funding_wan": "100",
    "outsourced_wan": "10",
    "duration_months": 24,
    "stage": "中试",
    "output_types": ("新产品", "发明专利"),
    "demo_site": "昌吉国家农业科技园区",
    "demo_scale": "年产 500 吨生产线 1 条",
    "quantified_outputs": "新增销售收入 2000 万元，申请发明专利 3 项",
    "adoption_units": (),
    "keywords": ("复合材料", "成果转化"),
    "abstract": "引进区外成熟专利技术，在新疆建设示范生产线。",
}


def _case(num: int, why: str, failed: tuple[str, ...] = (), flags: tuple[str, ...] = (),
          **changes: Any) -> Case:
    """Application A<num>: the clean base with `changes`, expecting `failed` and `flags`."""
    app_id = f"A{num:02d}"
    row = {"app_id": app_id, **_BASE, "pi_id": f"P{num:02d}", "pi_name": f"负责人{num:02d}",
           **changes}
    return Case(row, why, frozenset(failed), frozenset(flags))


T2_NAME = "省区（区校）创新合作项目"
T1_NAME = "援疆省市科技合作项目"
UNIVERSITY_WITH_ENTERPRISE = {"lead_unit_id": "U02", "participant_unit_ids": ("U17",)}

CASES = (
    _case(1, "exactly 50 万元 passes E01", requested_wan=Raw("50万元")),
    _case(2, "50.01 万元 fails E01", ("E01",), requested_wan="50.01",
          self_funding_wan="100.02"),
    _case(3, "lead is a branch, not a legal person: E02", ("E02",), lead_unit_id="U12"),
    _case(4, "only partner is not a legal person: E03", ("E03",), partner_unit_ids=("U13",)),
    _case(5, "agreement not signed: E04", ("E04",), agreements_signed=False),
    _case(6, "three achievements: E05", ("E05",), achievement_count=3,
          achievement_types=("专利", "专利", "技术发明奖")),
    _case(7, "two achievements, award and patent, pass E05", achievement_count=2,
          achievement_types=("省部级以上科技进步奖", "专利"), track=T1_NAME),
    _case(8, "IP ownership unclear: E05", ("E05",), achievement_ip_clear=False),
    _case(9, "four units: E06", ("E06",), participant_unit_ids=("U17", "U03")),
    _case(10, "self-funding exactly 2× (25.5 → 51) passes E07", requested_wan="25.5",
          self_funding_wan="51", outsourced_wan="5"),
    _case(11, "self-funding 99.99 for 50: E07", ("E07",), self_funding_wan="99.99"),
    _case(12, "enterprise lead lacks its 2024 audit: E08", ("E08",), lead_unit_id="U09"),
    _case(13, "medical lead without adoption units: E09", ("E09",), lead_unit_id="U04",
          self_funding_wan="0", direction="生物医药与大健康"),
    _case(14, "medical lead naming adoption units passes (no self-funding needed)",
          lead_unit_id="U04", self_funding_wan="0", direction="生物医药与大健康",
          adoption_units=("喀什地区第一人民医院", "和田地区人民医院")),
    _case(15, "outsourced 31 % flags E10", flags=("E10",), outsourced_wan="15.5"),
    _case(16, "outsourced exactly 30 % passes E10", outsourced_wan="15"),
    _case(17, "basic-research stage: E11", ("E11",), stage="基础研究"),
    _case(18, "papers and monographs only: E11", ("E11",), output_types=("论文", "论著")),
    _case(19, "no demonstration site: E12", ("E12",), demo_site=""),
    _case(20, "PI not employed by the lead: E13", ("E13",), pi_employed_by_lead=False),
    _case(21, "enterprise PI 中级 passes E14", pi_title="中级", pi_degree="硕士"),
    _case(22, "university PI 中级 without doctorate: E14", ("E14",), pi_title="中级",
          pi_degree="硕士", **UNIVERSITY_WITH_ENTERPRISE),
    _case(23, "PI born 1960 is past retirement at project end: E15", flags=("E15",),
          pi_birth_date=date(1960, 5, 1)),
    _case(24, "man born 1967-01: 60+7 months under the 2025 reform, retires 2027-08 > end",
          pi_birth_date=date(1967, 1, 10)),
    _case(25, "PI gives 5.9 months a year: E16", ("E16",), pi_months_per_year=5.9),
    _case(26, "aid-staff PI whose service ends before the project: E17", ("E17",),
          pi_aid_staff=True, pi_service_end=date(2026, 12, 31), pi_letters=True),
    _case(27, "aid-staff PI covering the project with letters passes; PI is expert X07",
          pi_aid_staff=True, pi_service_end=date(2027, 12, 31), pi_letters=True,
          pi_id="X07", pi_name="援疆专家"),
    _case(28, "lead blacklist ended 3 years and a day before the deadline passes E18",
          lead_unit_id="U10"),
    _case(29, "lead blacklisted until 2023-06: E18", ("E18",), lead_unit_id="U11"),
    _case(30, "PI blacklisted until 2024-01: E18", ("E18",),
          pi_blacklisted_until=date(2024, 1, 1)),
    _case(31, "duration 36 months flags E19", flags=("E19",), duration_months=36),
    _case(32, "direction not in the list: E20", ("E20",), direction="人工智能"),
    _case(33, "T2 with a 北京 partner: E21", ("E21",), track="T2", partner_unit_ids=("U08",)),
    _case(34, "T2 with 清华大学 passes E21 (track by name)", track=T2_NAME,
          partner_unit_ids=("U07",)),
    _case(35, "T2 with a 四川 partner passes", track="T2", partner_unit_ids=("U06",)),
    _case(36, "university lead without a Xinjiang enterprise: E22", ("E22",),
          lead_unit_id="U02"),
    _case(37, "T1 partner in 深圳 (广东) passes E21", partner_unit_ids=("U19",)),
    _case(38, "institute lead with a Xinjiang enterprise passes E22", lead_unit_id="U03",
          participant_unit_ids=("U17",)),
    _case(39, "T2 with a 甘肃 partner passes", track="T2", partner_unit_ids=("U14",)),
    _case(40, "university lead with a Xinjiang enterprise passes", pi_title="副高级",
          pi_degree="硕士", **UNIVERSITY_WITH_ENTERPRISE),
    _case(41, "professional woman born 1972-03: 55+7 months, retires 2027-10 > end",
          pi_sex="女", pi_birth_date=date(1972, 3, 1)),
    _case(42, "aid-staff PI without the letters: E17", ("E17",), pi_aid_staff=True,
          pi_service_end=date(2028, 1, 1), pi_letters=False),
    _case(43, "the only partner is in Xinjiang: E03", ("E03",), partner_unit_ids=("U03",)),
    _case(44, "university PI 中级 with a doctorate passes E14", pi_title="中级",
          pi_degree="博士", **UNIVERSITY_WITH_ENTERPRISE),
    _case(45, "PI gives exactly 6 months a year: passes E16", pi_months_per_year=6),
    _case(46, "aid-staff service ending on the project's last day passes E17",
          pi_aid_staff=True, pi_service_end=date(2027, 4, 30), pi_letters=True),
    _case(47, "the achievement is a paper: E05", ("E05",), achievement_types=("论文",)),
    _case(48, "university lead joined by a 陕西 enterprise only: E22", ("E22",),
          lead_unit_id="U02", participant_unit_ids=("U22",)),
    _case(49, "university lead's Xinjiang enterprise lacks its 2024 audit: E08", ("E08",),
          lead_unit_id="U02", participant_unit_ids=("U09",)),
    _case(50, "T1 with a 四川 partner: E21", ("E21",), partner_unit_ids=("U06",)),
    _case(51, "PI sex not given: retirement unknown, E15 flags", flags=("E15",), pi_sex=""),
)


def _expert(num: int, unit: str, unit_name: str, province: str, **extra: Any) -> dict[str, Any]:
    """An experts row at `unit`."""
    return {"expert_id": f"X{num:02d}", "name": f"专家{num:02d}", "unit_id": unit,
            "unit_name": unit_name, "province": province, "title": "正高级",
            "directions": ("先进制造和新材料", "生物医药与大健康"),
            "keywords": ("复合材料", "成果转化"), "profile": "长期从事相关领域研究。",
            "max_load": 5, "available": True, "email": f"x{num:02d}@example.org", **extra}


EXPERTS = (
    _expert(1, "U01", "新疆天山新材料有限公司", "新疆"),
    _expert(2, "U15", "新疆大学计算机科学与技术学院", "新疆"),
    _expert(3, "U16", "浙江大学（玉泉校区）", "浙江"),
    _expert(4, "U24", "山东大学", "山东"),
    _expert(5, "U21", "湖北省农业科学院", "湖北"),
    _expert(6, "U22", "陕西秦川装备有限公司", "陕西"),
    _expert(7, "U21", "湖北省农业科学院", "湖北"),
    _expert(8, "U24", "山东大学", "山东"),
    _expert(9, "U23", "新疆师范大学", "新疆"),
    _expert(10, "U18", "内蒙古草原生物科技有限公司", "内蒙古"),
    _expert(11, "U25", "河南大学", "河南"),
    _expert(12, "U26", "福建省农业科学院", "福建"),
    _expert(13, "U20", "江苏大学", "江苏"),
    _expert(14, "U20", "江苏大学", "江苏", max_load=None),
    _expert(15, "U27", "新疆农业大学", "新疆"),
    _expert(16, "U23", "新疆师范大学", "新疆"),
    _expert(17, "U28", "湖南大学", "湖南"),
    _expert(18, "U29", "广州医药研究院", "广东"),
    _expert(19, "U25", "河南大学", "河南", available=False),
    _expert(20, "U30", "重庆大学", "重庆"),
    _expert(21, "U27", "新疆农业大学", "新疆"),
    _expert(22, "U28", "湖南大学", "湖南"),
    _expert(23, "U31", "天津大学", "天津"),
    _expert(24, "U26", "福建省农业科学院", "福建"),
)
UNAVAILABLE = frozenset({"X19"})


def _relation(person: str, kind: str, other: str, until: date | None = None) -> dict[str, Any]:
    """A relations row."""
    return {"person_id": person, "relation": kind, "other_id": other, "until": until}


RELATIONS = (
    _relation("X04", "曾任职", "U06", date(2022, 5, 1)),  # a day inside the 3-year window
    _relation("X05", "曾任职", "U07", date(2022, 4, 30)),  # exactly on the edge
    _relation("X06", "曾任职", "U14", date(2022, 4, 29)),  # a day outside
    _relation("X17", "曾任职", "U17", date(2024, 12, 31)),
    _relation("X20", "曾任职", "U15", date(2024, 1, 1)),  # a college of the university U02
    _relation("X23", "曾任职", "U16", date(2024, 1, 1)),  # U05 typed again (same code)
    _relation("X08", "亲属", "P01"),
    _relation("P10", "合作", "X09", date(2024, 6, 30)),  # given PI → expert
    _relation("X10", "合作", "P16", date(2022, 4, 29)),  # a day outside
    _relation("X11", "师生", "P24"),
    _relation("P38", "师生", "X15"),  # given student → advisor
)

AVOIDANCE = (
    {"app_id": "A14", "expert_id": "X12", "unit_id": None, "reason": "存在竞争关系"},
    {"app_id": "A16", "expert_id": None, "unit_id": "U20", "reason": "同领域竞争单位"},
    {"app_id": "A40", "expert_id": None, "unit_id": "U02", "reason": "避免本校及下属学院专家"},
    {"app_id": "A07", "expert_id": None, "unit_id": "U16", "reason": "合作单位专家回避"},
)

# Named person-to-person conflicts; C1, C2 and unit-level C6 follow from units below.
NAMED_CONFLICTS = frozenset({
    ("A27", "X07", "C3"),
    ("A01", "X08", "C3"),
    ("A10", "X09", "C4"),
    ("A24", "X11", "C5"),
    ("A38", "X15", "C5"),
    ("A14", "X12", "C6"),
})
# A past job that ended exactly 3 years before the deadline still conflicts: "within the
# last 3 years" includes the window's first day, for conflicts as for E18's blacklist.
WINDOW_START = date(2022, 4, 30)
# Pairs a careless checker might forbid but the policy allows.
NOT_CONFLICTS = frozenset({("A39", "X06"), ("A16", "X10")})


def _entity(unit_id: str) -> str:
    """The legal entity a unit belongs to."""
    return ENTITY_OF.get(unit_id, unit_id)


def app_units(row: dict[str, Any]) -> set[str]:
    """Entities of an application's lead, partner and participating units."""
    ids = (row["lead_unit_id"], *row["partner_unit_ids"], *row["participant_unit_ids"])
    return {_entity(uid) for uid in ids}


def expected_conflicts() -> set[tuple[str, str, str]]:
    """Every (app, expert, rule) the workbook must forbid, units compared as legal entities."""
    found = set(NAMED_CONFLICTS)
    past_jobs = {(r["person_id"], _entity(r["other_id"])) for r in RELATIONS
                 if r["relation"] == "曾任职" and (r["until"] or DEADLINE) >= WINDOW_START}
    avoided = {(a["app_id"], _entity(a["unit_id"])) for a in AVOIDANCE if a["unit_id"]}
    for case in CASES:
        app_id, units = case.row["app_id"], app_units(case.row)
        for expert in EXPERTS:
            expert_id, entity = expert["expert_id"], _entity(expert["unit_id"])
            if entity in units:
                found.add((app_id, expert_id, "C1"))
            if any((expert_id, unit) in past_jobs for unit in units):
                found.add((app_id, expert_id, "C2"))
            if (app_id, entity) in avoided:
                found.add((app_id, expert_id, "C6"))
    return found


def expert_entity() -> dict[str, str]:
    """Expert id → the legal entity of its unit (for the one-per-unit rule)."""
    return {e["expert_id"]: _entity(e["unit_id"]) for e in EXPERTS}


def expert_province() -> dict[str, str]:
    """Expert id → province as written."""
    return {e["expert_id"]: e["province"] for e in EXPERTS}


def assert_keeps_every_rule(pairs: Iterable[tuple[str, str]], applications: set[str],
                            per_app: int) -> None:
    """The (app_id, expert_id) pairs of a run give each of `applications` `per_app`
    experts, none conflicted, unavailable or over their load, one per legal entity and
    at least one from outside 新疆 on every panel."""
    pairs = [(app_id, expert_id) for app_id, expert_id in pairs]
    panels: dict[str, list[str]] = defaultdict(list)
    for app_id, expert_id in pairs:
        panels[app_id].append(expert_id)
    assert set(panels) == applications
    assert {app: len(panel) for app, panel in panels.items()} == dict.fromkeys(
        applications, per_app)

    forbidden = {(app, expert) for app, expert, _rule in expected_conflicts()}
    assert sorted(set(pairs) & forbidden) == []
    assert not {expert for _app, expert in pairs} & UNAVAILABLE

    loads = Counter(expert for _app, expert in pairs)
    limits = {e["expert_id"]: e["max_load"] for e in EXPERTS if e["max_load"]}
    assert {x: n for x, n in loads.items() if x in limits and n > limits[x]} == {}

    entity, province = expert_entity(), expert_province()
    for app_id, panel in panels.items():
        units = [entity[expert] for expert in panel]
        assert len(units) == len(set(units)), (app_id, panel)
        assert any(province[expert] != "新疆" for expert in panel), (app_id, panel)


@dataclass(frozen=True)
class Book:
    """The sheets of one workbook as semantic rows, before rendering."""

    units: tuple[dict[str, Any], ...] = UNITS
    applications: tuple[dict[str, Any], ...] = field(
        default_factory=lambda: tuple(case.row for case in CASES))
    experts: tuple[dict[str, Any], ...] = EXPERTS
    relations: tuple[dict[str, Any], ...] = RELATIONS
    avoidance: tuple[dict[str, Any], ...] = AVOIDANCE
