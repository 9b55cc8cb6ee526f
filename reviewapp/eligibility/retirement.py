"""Statutory retirement age under the 2025 reform (渐进式延迟法定退休年龄).

Source: the NPC Standing Committee decision of 2024-09-13, in force 2025-01-01, and its
attached schedules. Each schedule starts with the first birth month whose retirement
falls in 2025 and adds one month of age per `step` months of birth, up to a cap:
men 60 → 63 (born 1965-01 onwards, +1 month per 4, 63 from birth month 1976-09);
women formerly 55 → 58 (born 1970-01 onwards, +1 per 4, 58 from 1981-09);
women formerly 50 → 55 (born 1975-01 onwards, +1 per 2, 55 from 1984-11).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reviewapp.eligibility.facts import add_months
from reviewapp.vocabulary import SEX_WORDS

MALE = "男"
FEMALE = "女"


@dataclass(frozen=True)
class Schedule:
    """One reform schedule: the old age, the first cohort raised, the pace and the cap."""

    name: str
    base_years: int
    first_cohort: tuple[int, int]  # (year, month) of birth
    step_months: int  # months of birth per extra month of age
    max_extra_months: int


MEN_60 = Schedule("男职工 60→63", 60, (1965, 1), 4, 36)
WOMEN_55 = Schedule("女干部 55→58", 55, (1970, 1), 4, 36)
WOMEN_50 = Schedule("女工人 50→55", 50, (1975, 1), 2, 60)


def normalize_sex(text: str) -> str:
    """`男`/`女` from any spelling the sex vocabulary knows (男性, female, M …); '' if unknown."""
    return SEX_WORDS.lookup(text) or ""


def schedule_for(sex: str, professional: bool) -> Schedule:
    """The schedule for a person: men one; women 55→58 if professional staff, else 50→55."""
    if normalize_sex(sex) == MALE:
        return MEN_60
    if normalize_sex(sex) == FEMALE:
        return WOMEN_55 if professional else WOMEN_50
    raise ValueError(f"unknown sex: {sex!r}")


def statutory_age_months(schedule: Schedule, birth: date) -> int:
    """The statutory retirement age, in months, of someone born on `birth`."""
    cohort = (birth.year - schedule.first_cohort[0]) * 12 + birth.month - schedule.first_cohort[1]
    if cohort < 0:
        return schedule.base_years * 12
    extra = min(cohort // schedule.step_months + 1, schedule.max_extra_months)
    return schedule.base_years * 12 + extra


def retirement_date(schedule: Schedule, birth: date) -> date:
    """The day a person reaches statutory retirement age."""
    return add_months(birth, statutory_age_months(schedule, birth))


def format_age(months: int) -> tuple[str, str]:
    """An age in months as Chinese and English text: 60岁1个月 / 60 y 1 m."""
    years, rest = divmod(months, 12)
    zh = f"{years}岁" + (f"{rest}个月" if rest else "")
    en = f"{years} y" + (f" {rest} m" if rest else "")
    return zh, en
