"""Builders of a fully eligible application that each test bends at one edge."""

from __future__ import annotations

import dataclasses
from datetime import date

from reviewapp.call_settings_model import CallSettings, template_2025
from reviewapp.eligibility import ApplicationFacts, RuleOutcome, build_facts
from reviewapp.eligibility.engine import RULES_BY_ID
from reviewapp.eligibility.facts import rule_params
from reviewapp.workbook.records import ApplicationRecord, UnitRecord

DEADLINE = date(2025, 3, 31)
PROJECT_END = date(2027, 3, 31)

XJ_FIRM = UnitRecord("U1", "新疆天山科技有限公司", "企业", "新疆", audit_years=(2023, 2024))
BJ_UNI = UnitRecord("U2", "北京理工大学", "高校", "北京")
XJ_UNI = UnitRecord("U3", "新疆大学", "高校", "新疆")
XJ_FIRM2 = UnitRecord("U4", "新疆棉纺有限公司", "企业", "新疆", audit_years=(2023, 2024))
XJ_HOSPITAL = UnitRecord("U5", "新疆医科大学第一附属医院", "医疗卫生机构", "新疆")
SX_INST = UnitRecord("U6", "陕西省农业科学院", "科研院所", "陕西")
TSINGHUA = UnitRecord("U7", "清华大学", "高校", "北京")
UNITS = (XJ_FIRM, BJ_UNI, XJ_UNI, XJ_FIRM2, XJ_HOSPITAL, SX_INST, TSINGHUA)


def good_app(**changes: object) -> ApplicationRecord:
    """An application that passes every rule of the 2025 call, with `changes` applied."""
    app = ApplicationRecord(
        app_id="A001", title="棉花智能分拣技术转移", track="T1", direction="棉花和纺织服装",
        lead_unit_id="U1", partner_unit_ids=("U2",), agreements_signed=True,
        achievement_count=1, achievement_types=("发明专利",), achievement_ip_clear=True,
        pi_id="P1", pi_name="张三", pi_sex="男", pi_birth_date=date(1970, 5, 1),
        pi_title="副高级", pi_degree="博士", pi_employed_by_lead=True, pi_months_per_year=8,
        requested_yuan=500_000, self_funding_yuan=1_000_000, outsourced_yuan=150_000,
        duration_months=24, stage="中试", output_types=("发明专利", "新产品"),
        demo_site="阿克苏地区", demo_scale="1条生产线", quantified_outputs="新增销售收入500万元",
    )
    return dataclasses.replace(app, **changes)


def unit(base: UnitRecord, **changes: object) -> UnitRecord:
    """A copy of a unit with `changes`."""
    return dataclasses.replace(base, **changes)


def facts(
    app: ApplicationRecord,
    units: tuple[UnitRecord, ...] = UNITS,
    deadline: date = DEADLINE,
    settings: CallSettings | None = None,
) -> ApplicationFacts:
    """Facts of `app` against `units` (later units replace earlier ones with the same id)."""
    index = {u.unit_id: u for u in units}
    return build_facts(app, index, deadline, settings or template_2025())


def run(rule_id: str, app: ApplicationRecord, **kwargs: object) -> RuleOutcome:
    """One rule's outcome on `app`."""
    fx = facts(app, **kwargs)
    return RULES_BY_ID[rule_id].check(fx, rule_params(fx.settings))


def verdict(rule_id: str, app: ApplicationRecord, **kwargs: object) -> str:
    """One rule's verdict on `app`."""
    return run(rule_id, app, **kwargs).verdict


# One application per rule, each breaking exactly that rule.
BROKEN = {
    "E01": {"requested_yuan": 500_100, "self_funding_yuan": 2_000_000},
    "E02": {"lead_unit_id": "U8", "partner_unit_ids": ("U2",)},
    "E03": {"partner_unit_ids": ("U10",)},
    "E04": {"agreements_signed": False},
    "E05": {"achievement_count": 3},
    "E06": {"partner_unit_ids": ("U2", "U6"), "participant_unit_ids": ("U4",)},
    "E07": {"self_funding_yuan": 999_999},
    "E08": {"lead_unit_id": "U9"},
    "E09": {"lead_unit_id": "U5"},
    "E10": {"outsourced_yuan": 150_001},
    "E11": {"stage": "实验研究"},
    "E12": {"demo_site": ""},
    "E13": {"pi_employed_by_lead": False},
    "E14": {"pi_title": "初级", "pi_degree": "硕士"},
    "E15": {"pi_birth_date": date(1966, 1, 1)},
    "E16": {"pi_months_per_year": 5},
    "E17": {"pi_aid_staff": True, "pi_letters": True, "pi_service_end": date(2027, 3, 30)},
    "E18": {"pi_blacklisted_until": date(2022, 4, 1)},
    "E19": {"duration_months": 18},
    "E20": {"direction": "航空航天"},
    "E21": {"partner_unit_ids": ("U6",)},
    "E22": {"lead_unit_id": "U3", "self_funding_yuan": 1_000_000},
}


def broken_units() -> tuple[UnitRecord, ...]:
    """The factory's units plus the faulty ones BROKEN refers to."""
    return (*UNITS, unit(XJ_FIRM, unit_id="U8", legal_person=False),
            unit(XJ_FIRM, unit_id="U9", audit_years=(2024,)),
            unit(BJ_UNI, unit_id="U10", legal_person=False))
