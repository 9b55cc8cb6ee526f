"""Plain inputs and outputs of the eligibility rules, and the helpers they share.

Nothing here imports Flask or SQLAlchemy: an application is checked from its
`ApplicationRecord`, its resolved `UnitRecord`s, the call's deadline and `CallSettings`.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from typing import Any

from reviewapp.call_settings_model import CallSettings
from reviewapp.vocabulary import (
    DEGREE_WORDS,
    SEX_WORDS,
    STAGE_WORDS,
    TITLE_WORDS,
    UNIT_TYPE_WORDS,
    Vocabulary,
    direction_vocabulary,
    province_of,
)
from reviewapp.workbook.records import ApplicationRecord, UnitRecord

VERDICTS = ("pass", "fail", "flag", "na")
ENTERPRISE = "企业"
UNIVERSITY = "高校"
INSTITUTE = "科研院所"
MEDICAL = "医疗卫生机构"

# Engine-only parameters the 2025 template does not list; a call's rule_params win.
# `track_lead_unit_types` narrows E02 per track. It is empty by default because RULES.md
# admits all four lead types in both tracks, although guide 二（二）3 names no medical
# institution for T2: a call that reads it strictly sets {"T2": ["高校", "科研院所", "企业"]}.
ENGINE_DEFAULT_PARAMS: dict[str, Any] = {"track_lead_unit_types": {}}



@dataclass(frozen=True)
class RuleOutcome:
    """The verdict of one rule on one application, with the evidence behind it."""

    rule_id: str
    verdict: str  # pass / fail / flag / na
    evidence_zh: str
    evidence_en: str


@dataclass(frozen=True)
class ApplicationFacts:
    """One application with its units resolved, as the rules see it."""

    application: ApplicationRecord
    lead: UnitRecord | None
    partners: tuple[UnitRecord, ...]
    participants: tuple[UnitRecord, ...]
    missing_unit_ids: tuple[str, ...]
    deadline: date
    settings: CallSettings

    @property
    def project_end(self) -> date:
        """The day the project ends: the deadline plus its execution period."""
        return add_months(self.deadline, self.application.duration_months)

    @property
    def joining_units(self) -> tuple[UnitRecord, ...]:
        """Partner and participating units (everyone but the lead)."""
        return self.partners + self.participants


@dataclass(frozen=True)
class Rule:
    """One eligibility rule: id, hard/soft, message, the workbook fields it reads, its check."""

    rule_id: str
    kind: str  # hard / soft
    message_zh: str
    message_en: str
    fields: tuple[str, ...]
    check: Callable[[ApplicationFacts, Mapping[str, Any]], RuleOutcome]


def _as_known(vocabulary: Vocabulary, text: str) -> str:
    """The canonical value of a spelling the vocabulary knows; other text unchanged."""
    return vocabulary.lookup(text) or text


def canonical_unit(unit: UnitRecord) -> UnitRecord:
    """A unit with its type and province spelled as the rules read them (公司 → 企业)."""
    return replace(unit, unit_type=_as_known(UNIT_TYPE_WORDS, unit.unit_type),
                   province=normalize_province(unit.province))


def canonical_application(app: ApplicationRecord, settings: CallSettings) -> ApplicationRecord:
    """An application with its typed fields spelled as the rules read them (教授 → 正高级).

    A spelling no vocabulary knows is kept as written, so a rule can say so.
    """
    return replace(
        app, pi_title=_as_known(TITLE_WORDS, app.pi_title),
        pi_degree=_as_known(DEGREE_WORDS, app.pi_degree),
        stage=_as_known(STAGE_WORDS, app.stage), pi_sex=_as_known(SEX_WORDS, app.pi_sex),
        direction=_as_known(direction_vocabulary(settings.directions), app.direction),
    )


def build_facts(
    application: ApplicationRecord,
    units: Mapping[str, UnitRecord],
    deadline: date,
    settings: CallSettings,
) -> ApplicationFacts:
    """Resolve an application's unit ids against the call's units; read typed fields."""
    application = canonical_application(application, settings)
    units = {key: canonical_unit(unit) for key, unit in units.items()
             if key in (application.lead_unit_id, *application.partner_unit_ids,
                        *application.participant_unit_ids)}
    missing = tuple(
        unit_id
        for unit_id in (application.lead_unit_id, *application.partner_unit_ids,
                        *application.participant_unit_ids)
        if unit_id not in units
    )
    return ApplicationFacts(
        application=application,
        lead=units.get(application.lead_unit_id),
        partners=tuple(units[u] for u in application.partner_unit_ids if u in units),
        participants=tuple(units[u] for u in application.participant_unit_ids if u in units),
        missing_unit_ids=missing,
        deadline=deadline,
        settings=settings,
    )


def rule_params(settings: CallSettings) -> dict[str, Any]:
    """The call's rule parameters over the engine defaults."""
    return {**ENGINE_DEFAULT_PARAMS, **settings.rule_params}


def passed(rule_id: str, zh: str, en: str) -> RuleOutcome:
    """A passing outcome."""
    return RuleOutcome(rule_id, "pass", zh, en)


def failed(rule_id: str, zh: str, en: str) -> RuleOutcome:
    """A failing outcome (hard rules only)."""
    return RuleOutcome(rule_id, "fail", zh, en)


def flagged(rule_id: str, zh: str, en: str) -> RuleOutcome:
    """A flag for staff to decide (soft rules only)."""
    return RuleOutcome(rule_id, "flag", zh, en)


def not_applicable(rule_id: str, zh: str, en: str) -> RuleOutcome:
    """The rule does not apply to this application."""
    return RuleOutcome(rule_id, "na", zh, en)


def ratio(value: Any) -> Fraction:
    """A rule parameter (int, float or text) as an exact fraction: 0.3 → 3/10."""
    return Fraction(str(value))


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (Jan 31 + 1 → Feb 28/29)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def normalize_province(text: str) -> str:
    """A province as its short name: `广东省` → `广东`, `深圳市` → `广东`, `兵团` → `新疆`.

    Text no spelling of a province matches is returned stripped, as written.
    """
    return province_of(text) or (text or "").strip()


def unknown_fields(unit: UnitRecord) -> tuple[str, str]:
    """The unit's unreadable type or province as evidence text ('' when both are known)."""
    zh, en = [], []
    if unit.unit_type not in UNIT_TYPE_WORDS.canonical:
        zh.append(f"单位性质“{unit.unit_type}”无法识别")
        en.append(f"unit type '{unit.unit_type}' not recognised")
    if province_of(unit.province) is None:
        zh.append(f"所在省份“{unit.province}”无法识别")
        en.append(f"province '{unit.province}' not recognised")
    return "，".join(zh), ", ".join(en)


def in_home(unit: UnitRecord, params: Mapping[str, Any]) -> bool:
    """Whether the unit lies in the call's home province (Xinjiang)."""
    return normalize_province(unit.province) == normalize_province(params["home_province"])


def unit_label(unit: UnitRecord) -> str:
    """A unit as `name（type，province）` for evidence texts."""
    return f"{unit.name}（{unit.unit_type}，{unit.province}）"


def home_enterprises(facts: ApplicationFacts, params: Mapping[str, Any]) -> list[UnitRecord]:
    """Xinjiang enterprises among the partner and participating units."""
    return [u for u in facts.joining_units if u.unit_type == ENTERPRISE and in_home(u, params)]


def funding_enterprises(facts: ApplicationFacts, params: Mapping[str, Any]) -> list[UnitRecord]:
    """Who raises the self-funding: the lead if an enterprise, else joining Xinjiang enterprises.

    Empty for a medical lead (E09 replaces E07/E08 there) and when no lead is known.
    """
    lead = facts.lead
    if lead is None or lead.unit_type == MEDICAL:
        return []
    if lead.unit_type == ENTERPRISE:
        return [lead]
    return home_enterprises(facts, params)
