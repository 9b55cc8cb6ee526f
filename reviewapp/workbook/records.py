"""Plain records of a call workbook: what import produces and export consumes.

Field names follow the English keys of DESIGN.md ("The call workbook"), except money,
which is stored in integer yuan (`*_yuan`) while the workbook speaks 万元 (`*_wan`).
These records carry no Flask or SQLAlchemy: parsing, the demo generator, the rule engine
and the database service all meet here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class UnitRecord:
    """One unit (单位): a lead, partner or participating organisation, or an expert's employer."""

    unit_id: str
    name: str
    unit_type: str  # 企业 / 高校 / 科研院所 / 医疗卫生机构
    province: str
    legal_person: bool = True
    blacklisted_until: date | None = None
    audit_years: tuple[int, ...] = ()
    credit_code: str | None = None
    parent_unit_id: str | None = None


@dataclass(frozen=True)
class ApplicationRecord:
    """One application (申报项目) with its PI's facts, as the workbook states them."""

    app_id: str
    title: str
    track: str  # track id, e.g. T1
    direction: str
    lead_unit_id: str
    partner_unit_ids: tuple[str, ...] = ()
    participant_unit_ids: tuple[str, ...] = ()
    agreements_signed: bool = False
    achievement_count: int = 0
    achievement_types: tuple[str, ...] = ()
    achievement_ip_clear: bool = False
    pi_id: str = ""
    pi_name: str = ""
    pi_sex: str = ""  # 男 / 女
    pi_birth_date: date | None = None
    pi_title: str = "无"  # 正高级 / 副高级 / 中级 / 初级 / 无
    pi_degree: str = "无"  # 博士 / 硕士 / 学士 / 无
    pi_employed_by_lead: bool = False
    pi_months_per_year: float = 0.0
    pi_aid_staff: bool = False
    pi_service_end: date | None = None
    pi_letters: bool = False
    pi_blacklisted_until: date | None = None
    requested_yuan: int = 0
    self_funding_yuan: int = 0
    outsourced_yuan: int = 0
    duration_months: int = 24
    stage: str = ""
    output_types: tuple[str, ...] = ()
    demo_site: str = ""
    demo_scale: str = ""
    quantified_outputs: str = ""
    adoption_units: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    abstract: str = ""
    # Optional flags (是/否, blank = 否): priorities under equal conditions.
    partner_supported: bool = False
    chain_leader: bool = False
    commissioner: bool = False
    classified: bool = False


@dataclass(frozen=True)
class ExpertRecord:
    """One expert (专家) of the pool."""

    expert_id: str
    name: str
    unit_id: str | None = None
    unit_name: str = ""
    province: str = ""
    title: str = ""
    directions: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    profile: str = ""
    max_load: int | None = None
    available: bool = True
    email: str = ""


@dataclass(frozen=True)
class RelationRecord:
    """A relation (关系): person↔unit for 曾任职, else person↔person."""

    person_id: str
    relation: str  # 曾任职 / 合作 / 亲属 / 师生
    other_id: str
    until: date | None = None


@dataclass(frozen=True)
class AvoidanceRecord:
    """An applicant's request (回避申请) to avoid one expert or one unit's experts."""

    app_id: str
    expert_id: str | None = None
    unit_id: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class ReviewRecord:
    """One review (评审意见) scored on paper: indicator key → points."""

    app_id: str
    expert_id: str
    scores: dict[str, float] = field(default_factory=dict)
    recommendation: str = ""
    comment: str = ""
    status: str = ""  # draft / submitted; blank means submitted
    total: float | None = None
    submitted_at: str = ""


@dataclass(frozen=True)
class CallBook:
    """Everything one call workbook holds."""

    units: tuple[UnitRecord, ...] = ()
    applications: tuple[ApplicationRecord, ...] = ()
    experts: tuple[ExpertRecord, ...] = ()
    relations: tuple[RelationRecord, ...] = ()
    avoidance: tuple[AvoidanceRecord, ...] = ()
