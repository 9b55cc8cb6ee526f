"""Rule-breaking and edge cases planted among the demo applications (rules E01–E22)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from reviewapp.call_settings_model import WESTERN_PROVINCES
from reviewapp.demo.applications import BIO, MEDICAL, AppContext
from reviewapp.workbook.records import ApplicationRecord

Patch = Callable[[AppContext, ApplicationRecord], ApplicationRecord]


@dataclass(frozen=True)
class Case:
    """A way an application breaks a rule (or looks as if it did without breaking one)."""

    name: str
    rule: str  # the eligibility rule it tests, e.g. E07
    verdict: str  # "hard": ineligible; "soft": flagged for staff; "pass": eligible edge case
    patch: Patch
    lead: str | None = None  # a unit type, or "special:<key>" of UnitPool.special
    track: str | None = None


def _set(**changes: Any) -> Patch:
    """A patch that sets fields to fixed values."""
    return lambda ctx, app: replace(app, **changes)


def _over_cap(ctx: AppContext, app: ApplicationRecord) -> ApplicationRecord:
    """55 万元 requested, still matched 2:1."""
    return replace(app, requested_yuan=550_000,
                   self_funding_yuan=max(app.self_funding_yuan, 1_100_000))


def _low_self_funding(ctx: AppContext, app: ApplicationRecord) -> ApplicationRecord:
    """Self-raised funds only 1.5 times the request."""
    return replace(app, self_funding_yuan=app.requested_yuan * 3 // 2)


def _outsourced_40(ctx: AppContext, app: ApplicationRecord) -> ApplicationRecord:
    """40 % of the fiscal funds passed out to the partner."""
    return replace(app, outsourced_yuan=app.requested_yuan * 2 // 5)


def _too_many_units(ctx: AppContext, app: ApplicationRecord) -> ApplicationRecord:
    """Two Xinjiang participants beside the partner make four units in all."""
    pool, rng = ctx.pool, ctx.rng
    firm = rng.choice([uid for uid in pool.enterprises[app.direction] if uid != app.lead_unit_id])
    research = rng.choice(pool.suited(pool.xj["高校"] + pool.xj["科研院所"], app.direction))
    return replace(app, participant_unit_ids=(firm, research))


def _aid_staff_leaves(ctx: AppContext, app: ApplicationRecord) -> ApplicationRecord:
    """An aid-Xinjiang PI whose service ends a year before the project does."""
    return replace(app, pi_aid_staff=True, pi_service_end=date(2026, 6, 30), pi_letters=True)


def _western_partner(ctx: AppContext, app: ApplicationRecord) -> ApplicationRecord:
    """A T1 application whose only partner sits in a western province (a T2 partner)."""
    western = [uid for uid in ctx.pool.t2_partners
               if ctx.pool.get(uid).province in WESTERN_PROVINCES]
    return replace(app, partner_unit_ids=(ctx.rng.choice(western),))


def _beijing_partner(ctx: AppContext, app: ApplicationRecord) -> ApplicationRecord:
    """A T2 application with a Beijing partner that is not a partner university."""
    return replace(app, partner_unit_ids=(ctx.pool.special["beijing_non_partner"],))


def _bracket_partner(ctx: AppContext, app: ApplicationRecord) -> ApplicationRecord:
    """A partner typed with half-width brackets, a duplicate name of a listed university."""
    return replace(app, partner_unit_ids=(ctx.pool.special["bracket_variant"],))


CASES = (
    Case("amount_over_cap", "E01", "hard", _over_cap, lead="企业"),
    Case("college_lead", "E02", "hard", _set(), lead="special:college"),
    Case("lead_outside_xinjiang", "E02", "hard", _set(), lead="special:outer_enterprise",
         track="T1"),
    Case("no_partner", "E03", "hard", _set(partner_unit_ids=())),
    Case("agreement_unsigned", "E04", "hard", _set(agreements_signed=False)),
    Case("no_achievement", "E05", "hard",
         _set(achievement_count=0, achievement_types=(), achievement_ip_clear=False)),
    Case("too_many_units", "E06", "hard", _too_many_units, lead="企业"),
    Case("self_funding_1_5x", "E07", "hard", _low_self_funding, lead="企业"),
    Case("audit_2023_missing", "E08", "hard", _set(), lead="special:audit_missing"),
    Case("medical_no_adoption", "E09", "hard", _set(adoption_units=()), lead=MEDICAL),
    Case("outsourced_40pct", "E10", "soft", _outsourced_40),
    Case("basic_research_stage", "E11", "hard", _set(stage="基础研究")),
    Case("papers_only", "E11", "hard",
         _set(output_types=("论文", "软科学研究报告"),
              quantified_outputs="发表高水平论文5篇，形成软科学研究报告1份")),
    Case("no_demonstration", "E12", "hard",
         _set(demo_site="", demo_scale="", quantified_outputs="")),
    Case("pi_not_employed", "E13", "hard", _set(pi_employed_by_lead=False)),
    Case("pi_mid_title_university", "E14", "hard",
         _set(pi_title="中级", pi_degree="硕士"), lead="高校"),
    Case("pi_retires_before_end", "E15", "soft",
         _set(pi_sex="男", pi_birth_date=date(1961, 8, 15))),
    Case("pi_four_months", "E16", "hard", _set(pi_months_per_year=4.0)),
    Case("aid_staff_leaves_early", "E17", "hard", _aid_staff_leaves),
    Case("blacklisted_lead", "E18", "hard", _set(), lead="special:blacklisted_lead"),
    Case("blacklisted_pi", "E18", "hard", _set(pi_blacklisted_until=date(2023, 11, 30))),
    Case("duration_36_months", "E19", "soft", _set(duration_months=36)),
    Case("t2_beijing_partner", "E21", "hard", _beijing_partner, track="T2"),
    Case("t1_western_partner", "E21", "hard", _western_partner, track="T1"),
    Case("university_without_enterprise", "E22", "hard", _set(participant_unit_ids=()),
         lead="高校"),
    Case("old_blacklist_lead", "E18", "pass", _set(), lead="special:old_blacklist"),
    Case("lead_name_variant", "E02", "pass", _set(), lead="special:name_variant"),
    Case("partner_bracket_variant", "E21", "pass", _bracket_partner, track="T1"),
)


def case_direction(ctx: AppContext, case: Case) -> str | None:
    """The direction a case's application must have, when its lead decides it."""
    if case.lead == MEDICAL:
        return BIO
    if case.lead and case.lead.startswith("special:"):
        tags = ctx.pool.tags[ctx.pool.special[case.lead.removeprefix("special:")]]
        return tags[0] if len(tags) == 1 else None
    return None
