"""Unit rules: the lead (E02), partners (E03, E21), agreements (E04), the number of units
(E06) and the Xinjiang enterprise of a university or institute lead (E22).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reviewapp.eligibility.facts import (
    INSTITUTE,
    UNIVERSITY,
    ApplicationFacts,
    RuleOutcome,
    failed,
    flagged,
    home_enterprises,
    in_home,
    normalize_province,
    not_applicable,
    passed,
    unit_label,
    unknown_fields,
)
from reviewapp.vocabulary import province_of
from reviewapp.workbook.records import UnitRecord


def _missing_note(facts: ApplicationFacts) -> tuple[str, str]:
    """Evidence suffix naming unit ids the workbook does not define."""
    if not facts.missing_unit_ids:
        return "", ""
    ids = "、".join(facts.missing_unit_ids)
    return f"；未找到单位 {ids}", f"; unknown units {', '.join(facts.missing_unit_ids)}"


def check_e02(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E02: the lead is a Xinjiang-registered independent legal person of an allowed type.

    Allowed types are the call's `lead_unit_types`, narrowed per track by
    `track_lead_unit_types` (T2 admits no medical institution, guide 二（二）3).
    """
    lead = facts.lead
    if lead is None:
        app = facts.application
        return failed("E02", f"申报单位 {app.lead_unit_id} 未找到",
                      f"lead unit {app.lead_unit_id} not found")
    allowed = params["track_lead_unit_types"].get(facts.application.track,
                                                  params["lead_unit_types"])
    unknown_zh, unknown_en = unknown_fields(lead)
    if unknown_zh:
        return flagged("E02", f"{unit_label(lead)}：{unknown_zh}，请人工核对",
                       f"{lead.name}: {unknown_en}; staff check")
    problems_zh, problems_en = [], []
    if not in_home(lead, params):
        problems_zh.append(f"注册地为{lead.province}，不在{params['home_province']}")
        problems_en.append(f"registered in {lead.province}, not {params['home_province']}")
    if not lead.legal_person:
        problems_zh.append("不具有独立法人资格")
        problems_en.append("not an independent legal person")
    if lead.unit_type not in allowed:
        problems_zh.append(f"单位性质“{lead.unit_type}”不在本类别允许的 {'、'.join(allowed)} 之列")
        problems_en.append(f"type {lead.unit_type} not among {', '.join(allowed)}")
    if problems_zh:
        return failed("E02", f"{unit_label(lead)}：" + "；".join(problems_zh),
                      f"{lead.name}: " + "; ".join(problems_en))
    return passed("E02", f"{unit_label(lead)}，独立法人", f"{lead.name}: Xinjiang legal person")


def _out_of_region(unit: UnitRecord, params: Mapping[str, Any]) -> bool:
    """Whether a partner counts: outside Xinjiang, legal person, of an allowed type."""
    return (not in_home(unit, params) and unit.legal_person
            and unit.unit_type in params["partner_unit_types"])


def check_e03(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E03: at least one partner unit lies outside Xinjiang and is an independent legal person."""
    note_zh, note_en = _missing_note(facts)
    good = [u for u in facts.partners if _out_of_region(u, params) and not unknown_fields(u)[0]]
    if good:
        return passed("E03", "区外合作单位：" + "、".join(unit_label(u) for u in good),
                      "partners outside Xinjiang: " + ", ".join(u.name for u in good))
    unreadable = [(u, unknown_fields(u)) for u in facts.partners if unknown_fields(u)[0]]
    if unreadable:
        return flagged("E03", "；".join(f"{u.name}：{zh}" for u, (zh, _) in unreadable)
                       + "，请人工核对", "; ".join(f"{u.name}: {en}" for u, (_, en) in unreadable)
                       + "; staff check")
    if not facts.partners:
        return failed("E03", "无区外合作单位" + note_zh, "no partner unit" + note_en)
    listed = "、".join(
        unit_label(u) + ("" if u.legal_person else "，非独立法人") for u in facts.partners
    )
    return failed("E03", f"合作单位均不符合区外独立法人要求：{listed}{note_zh}",
                  "no partner is an out-of-region legal person: "
                  + ", ".join(u.name for u in facts.partners) + note_en)


def check_e04(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E04: the signed cooperation agreement with every partner/participant is attached."""
    if facts.application.agreements_signed:
        return passed("E04", "合作协议已签订", "cooperation agreements signed")
    return failed("E04", "合作协议未签订或未上传", "cooperation agreements not signed")


def check_e06(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E06: lead + partners + participants, counted by distinct unit id, ≤ max_units."""
    app = facts.application
    ids = dict.fromkeys((app.lead_unit_id, *app.partner_unit_ids, *app.participant_unit_ids))
    count, most = len(ids), int(params["max_units"])
    listed = "、".join(ids)
    if count <= most:
        return passed("E06", f"联合申报单位 {count} 家 ≤ {most} 家（{listed}）",
                      f"{count} units ≤ {most}")
    return failed("E06", f"联合申报单位 {count} 家 > {most} 家（{listed}）",
                  f"{count} units > {most}")


def _matches_track(unit: UnitRecord, provinces: set[str], universities: tuple[str, ...]) -> bool:
    """Whether a partner fits the track: in a listed province, or (part of) a listed university."""
    return normalize_province(unit.province) in provinces or any(
        uni in unit.name for uni in universities
    )


def check_e21(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E21: at least one out-of-region partner fits the track's provinces or universities.

    With no partner outside Xinjiang at all the rule is n/a: that is E03's finding.
    """
    app = facts.application
    try:
        track = facts.settings.track(app.track)
    except KeyError:
        return failed("E21", f"项目类别“{app.track}”不在本批次", f"track {app.track} not in call")
    outside = [u for u in facts.partners
               if not in_home(u, params) and province_of(u.province) is not None]
    if not outside:
        return not_applicable("E21", "无区外合作单位（见 E03）",
                              "no partner outside Xinjiang (see E03)")
    provinces = {normalize_province(p) for p in track.partner_provinces}
    fits = [u for u in outside if _matches_track(u, provinces, track.partner_universities)]
    tid = track.track_id
    if fits:
        return passed("E21", f"{tid} 合作单位符合：" + "、".join(unit_label(u) for u in fits),
                      f"{tid} partner fits: " + ", ".join(u.name for u in fits))
    wanted = (*track.partner_provinces, *track.partner_universities)
    found = "、".join(unit_label(u) for u in facts.partners) or "无"
    return failed("E21", f"{tid} 合作单位须来自 {'、'.join(wanted)}；现为 {found}",
                  f"{tid} needs a partner from {', '.join(wanted)}")


def check_e22(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E22: a university or institute lead is joined by at least one Xinjiang enterprise."""
    lead = facts.lead
    if lead is None or lead.unit_type not in (UNIVERSITY, INSTITUTE):
        return not_applicable("E22", "非高校、科研院所牵头",
                              "lead is not a university or institute")
    firms = home_enterprises(facts, params)
    if firms:
        return passed("E22", "新疆企业参与：" + "、".join(u.name for u in firms),
                      "Xinjiang enterprise joins: " + ", ".join(u.name for u in firms))
    unreadable = [(u, unknown_fields(u)) for u in facts.joining_units if unknown_fields(u)[0]]
    if unreadable:
        return flagged("E22", "；".join(f"{u.name}：{zh}" for u, (zh, _) in unreadable)
                       + "，请人工核对是否为新疆企业",
                       "; ".join(f"{u.name}: {en}" for u, (_, en) in unreadable)
                       + "; staff check whether it is a Xinjiang enterprise")
    return failed("E22", f"{lead.unit_type}牵头，未联合新疆企业",
                  f"{lead.unit_type} lead without a Xinjiang enterprise")
