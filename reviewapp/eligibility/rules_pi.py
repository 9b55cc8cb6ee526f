"""PI rules: employment (E13), title (E14), retirement (E15), time (E16), aid staff (E17),
and the credit blacklist of the lead and the PI (E18).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from reviewapp.eligibility.facts import (
    ENTERPRISE,
    ApplicationFacts,
    RuleOutcome,
    add_months,
    failed,
    flagged,
    not_applicable,
    passed,
)
from reviewapp.eligibility.retirement import (
    format_age,
    normalize_sex,
    retirement_date,
    schedule_for,
    statutory_age_months,
)
from reviewapp.vocabulary import DEGREE_WORDS, RANK, TITLE_WORDS

TITLE_RANK = RANK
SENIOR = TITLE_RANK["副高级"]
INTERMEDIATE = TITLE_RANK["中级"]
DOCTORATE = "博士"


def title_rank(title: str) -> int:
    """The rank of any spelling of a title (教授 → 正高级 4 … 无 0); an unknown title ranks 0."""
    return TITLE_RANK.get(TITLE_WORDS.lookup(title or "无") or "", 0)


def is_professional(title: str, degree: str) -> bool:
    """Professional staff: 副高级 or above, or a doctorate (picks women's 55→58 schedule)."""
    return title_rank(title) >= SENIOR or DEGREE_WORDS.lookup(degree) == DOCTORATE


def check_e13(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E13: the PI is employed by the lead (contract or letter of intent)."""
    if facts.application.pi_employed_by_lead:
        return passed("E13", "负责人与申报单位已签约", "PI employed by the lead")
    return failed("E13", "负责人未与申报单位签订工作合同或意向协议", "PI not employed by the lead")


def check_e14(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E14: 副高级 or above, or a doctorate; an enterprise lead's PI may hold 中级."""
    app = facts.application
    enterprise = facts.lead is not None and facts.lead.unit_type == ENTERPRISE
    rank = title_rank(app.pi_title)
    shown_zh = f"职称 {app.pi_title or '无'}，学位 {app.pi_degree or '无'}"
    shown_en = f"title {app.pi_title or '-'}, degree {app.pi_degree or '-'}"
    if rank >= SENIOR or DEGREE_WORDS.lookup(app.pi_degree) == DOCTORATE:
        return passed("E14", shown_zh, shown_en)
    if enterprise and rank >= INTERMEDIATE:
        return passed("E14", f"{shown_zh}（企业申报放宽至中级）",
                      f"{shown_en} (enterprise lead: 中级 suffices)")
    unread = [(zh, en, text) for zh, en, vocabulary, text in (
        ("职称", "title", TITLE_WORDS, app.pi_title),
        ("学位", "degree", DEGREE_WORDS, app.pi_degree))
        if text.strip() and vocabulary.lookup(text) is None]
    if unread:
        return flagged("E14", "；".join(f"{zh}“{text}”无法识别" for zh, _, text in unread)
                       + "，请人工核对", "; ".join(f"{en} '{text}' not recognised"
                                            for _, en, text in unread) + "; staff check")
    need_zh = "中级以上职称（企业）" if enterprise else "副高级以上职称或博士学位"
    need_en = "中级 or above (enterprise)" if enterprise else "副高级 or above, or a doctorate"
    return failed("E14", f"{shown_zh}；须{need_zh}", f"{shown_en}; needs {need_en}")


def check_e15(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E15 (soft): the PI reaches statutory retirement age on or after the project's end.

    Retirement age follows the 2025 reform (retirement.py); women with 副高级+ or a
    doctorate take the 55→58 schedule, others 50→55. Unknown sex or birth date flags.
    """
    app = facts.application
    end = facts.project_end
    if app.pi_birth_date is None or not normalize_sex(app.pi_sex):
        return flagged("E15", "负责人性别或出生日期缺失，无法核对退休年龄",
                       "PI sex or birth date missing: retirement age not checked")
    schedule = schedule_for(app.pi_sex, is_professional(app.pi_title, app.pi_degree))
    age_zh, age_en = format_age(statutory_age_months(schedule, app.pi_birth_date))
    retire = retirement_date(schedule, app.pi_birth_date)
    zh = (f"{normalize_sex(app.pi_sex)}，{app.pi_birth_date.isoformat()} 生，"
          f"法定退休年龄 {age_zh}（{schedule.name}），退休日 {retire.isoformat()}")
    en = (f"born {app.pi_birth_date.isoformat()}, retirement age {age_en}, "
          f"retires {retire.isoformat()}")
    if retire >= end:
        return passed("E15", f"{zh}，不早于项目结束 {end.isoformat()}",
                      f"{en}, not before project end {end.isoformat()}")
    return flagged("E15", f"{zh}，早于项目结束 {end.isoformat()}",
                   f"{en}, before project end {end.isoformat()}")


def check_e16(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E16: the PI commits at least the call's minimum months a year (6)."""
    months, least = facts.application.pi_months_per_year, float(params["min_pi_months"])
    if months >= least:
        return passed("E16", f"每年投入 {months:g} 个月 ≥ {least:g} 个月",
                      f"{months:g} ≥ {least:g} months/year")
    return failed("E16", f"每年投入 {months:g} 个月 < {least:g} 个月",
                  f"{months:g} < {least:g} months/year")


def check_e17(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E17: an aid-staff PI serves until at least the project's end and attached both letters.

    Service ending on the project's end day passes; a day earlier fails. Other PIs: n/a.
    """
    app = facts.application
    if not app.pi_aid_staff:
        return not_applicable("E17", "负责人非援疆科技人员", "PI is not aid-Xinjiang staff")
    end = facts.project_end
    problems_zh, problems_en = [], []
    if app.pi_service_end is None:
        problems_zh.append("未填写在疆服务截止日期")
        problems_en.append("no service end date")
    elif app.pi_service_end < end:
        service, ends = app.pi_service_end.isoformat(), end.isoformat()
        problems_zh.append(f"在疆服务截止 {service} 早于项目结束 {ends}")
        problems_en.append(f"service ends {service} before project end {ends}")
    if not app.pi_letters:
        problems_zh.append("缺《服务周期承诺函》或推荐函")
        problems_en.append("commitment or recommendation letter missing")
    if problems_zh:
        return failed("E17", "；".join(problems_zh), "; ".join(problems_en))
    service_end = app.pi_service_end.isoformat() if app.pi_service_end else ""
    return passed("E17", f"在疆服务至 {service_end}，覆盖项目结束 {end.isoformat()}；函件齐全",
                  f"serves until {service_end}, covers project end {end.isoformat()}; "
                  "letters attached")


def blacklist_window_start(deadline: date, years: int) -> date:
    """The first day inside the blacklist window: the deadline minus `years` years."""
    return add_months(deadline, -12 * years)


def check_e18(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E18: neither the lead nor the PI was blacklisted within the last N years.

    The window is the N years ending on the deadline, both ends included — the same reading
    as the conflict windows C2/C4: a listing that ended exactly N years before the deadline
    still lies inside and fails; one that ended N years and a day before passes.
    """
    years = int(params["blacklist_years"])
    start = blacklist_window_start(facts.deadline, years)
    app = facts.application
    listed = [("申报单位", "lead unit", facts.lead.blacklisted_until if facts.lead else None),
              ("项目负责人", "PI", app.pi_blacklisted_until)]
    hits = [(zh, en, until) for zh, en, until in listed if until is not None and until >= start]
    if hits:
        return failed(
            "E18", "；".join(f"{zh}失信黑名单截止 {u.isoformat()}，不早于 {start.isoformat()}"
                            for zh, _, u in hits),
            "; ".join(f"{en} blacklisted until {u.isoformat()}, on or after {start.isoformat()}"
                      for _, en, u in hits),
        )
    return passed("E18", f"近{years}年（{start.isoformat()} 起）无失信黑名单记录",
                  f"no blacklist on or after {start.isoformat()}")
