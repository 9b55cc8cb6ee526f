"""Funding rules: cap (E01), self-funding (E07), audits (E08), adoption (E09), 外拨 (E10).

Money is compared in integer yuan; ratios from the call's parameters become exact fractions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reviewapp.eligibility.facts import (
    MEDICAL,
    ApplicationFacts,
    RuleOutcome,
    failed,
    flagged,
    funding_enterprises,
    not_applicable,
    passed,
    ratio,
    unit_label,
)
from reviewapp.money import wan_text as wan


def track_cap_yuan(facts: ApplicationFacts, params: Mapping[str, Any]) -> int:
    """The cap per project: the track's own cap, or the call's `cap_yuan` for an unknown track."""
    try:
        return int(facts.settings.track(facts.application.track).cap_yuan)
    except KeyError:
        return int(params["cap_yuan"])


def check_e01(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E01: requested fiscal funds ≤ the cap; exactly the cap passes, one yuan more fails."""
    requested = facts.application.requested_yuan
    cap = track_cap_yuan(facts, params)
    if requested <= cap:
        return passed("E01", f"申请 {wan(requested)}万元 ≤ 上限 {wan(cap)}万元",
                      f"requested {wan(requested)} wan ≤ cap {wan(cap)} wan")
    return failed("E01", f"申请 {wan(requested)}万元 > 上限 {wan(cap)}万元",
                  f"requested {wan(requested)} wan > cap {wan(cap)} wan")


def check_e07(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E07: self-funding ≥ ratio × requested; exactly the ratio passes. Medical leads: n/a.

    The evidence names the funding enterprise (the lead when it is an enterprise, else a
    joining Xinjiang enterprise). When none joins, only the amounts are judged here: the
    missing enterprise is E22's finding, so one defect fails one rule.
    """
    lead = facts.lead
    if lead is not None and lead.unit_type == MEDICAL:
        return not_applicable("E07", "医疗卫生机构牵头，适用 E09", "medical lead: E09 applies")
    funders = funding_enterprises(facts, params)
    app = facts.application
    factor = ratio(params["self_funding_ratio"])
    shown = str(factor) if factor.denominator != 1 else str(factor.numerator)
    who = "、".join(u.name for u in funders) or "无新疆企业参与"
    own, asked = wan(app.self_funding_yuan), wan(app.requested_yuan)
    if app.self_funding_yuan >= factor * app.requested_yuan:
        return passed("E07", f"自筹 {own}万元 ≥ {shown} × 申请 {asked}万元（{who}）",
                      f"self-funding {own} wan ≥ {shown} × requested {asked} wan ({who})")
    return failed("E07", f"自筹 {own}万元 < {shown} × 申请 {asked}万元（{who}）",
                  f"self-funding {own} wan < {shown} × requested {asked} wan ({who})")


def check_e08(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E08: the funding enterprise has audit reports for every required year.

    With several joining Xinjiang enterprises, one with every report suffices (it can
    be the funder). Medical leads, and leads joined by no Xinjiang enterprise (E22's
    finding), are n/a.
    """
    lead = facts.lead
    if lead is not None and lead.unit_type == MEDICAL:
        return not_applicable("E08", "医疗卫生机构牵头，适用 E09", "medical lead: E09 applies")
    funders = funding_enterprises(facts, params)
    if not funders:
        return not_applicable("E08", "无参与的新疆企业（见 E22）",
                              "no Xinjiang enterprise joins (see E22)")
    required = sorted(int(y) for y in params["audit_years"])
    gaps = {u.unit_id: [y for y in required if y not in u.audit_years] for u in funders}
    complete = [u for u in funders if not gaps[u.unit_id]]
    wanted = "、".join(str(y) for y in required)
    if complete:
        unit = complete[0]
        return passed("E08", f"{unit_label(unit)} 已提供 {wanted} 年度审计报告",
                      f"{unit.name} has audit reports for {', '.join(map(str, required))}")
    unit = funders[0]
    missing = "、".join(str(y) for y in gaps[unit.unit_id])
    return failed("E08", f"{unit_label(unit)} 缺少 {missing} 年度审计报告",
                  f"{unit.name} lacks audit reports for {', '.join(map(str, gaps[unit.unit_id]))}")


def check_e09(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E09: a medical-institution lead names the units that will adopt the technology."""
    if facts.lead is None or facts.lead.unit_type != MEDICAL:
        return not_applicable("E09", "非医疗卫生机构牵头", "lead is not a medical institution")
    adopters = [u.strip() for u in facts.application.adoption_units if u.strip()]
    if adopters:
        return passed("E09", "推广应用单位：" + "、".join(adopters),
                      "adoption units: " + ", ".join(adopters))
    return failed("E09", "医疗卫生机构牵头，未明确推广应用单位",
                  "medical lead names no adoption unit")


def check_e10(facts: ApplicationFacts, params: Mapping[str, Any]) -> RuleOutcome:
    """E10 (soft): 外拨 ≤ max share × requested; exactly the share passes, above flags."""
    app = facts.application
    share = ratio(params["outsourced_max_share"])
    limit = f"{float(share * 100):g}%"
    if app.requested_yuan > 0:
        percent = f"{app.outsourced_yuan * 100 / app.requested_yuan:.2f}%"
    else:
        percent = "—"
    zh = f"外拨 {wan(app.outsourced_yuan)}万元 / 申请 {wan(app.requested_yuan)}万元 = {percent}"
    en = (f"outsourced {wan(app.outsourced_yuan)} wan / requested "
          f"{wan(app.requested_yuan)} wan = {percent}")
    if app.outsourced_yuan <= share * app.requested_yuan:
        return passed("E10", f"{zh} ≤ {limit}", f"{en} ≤ {limit}")
    return flagged("E10", f"{zh} > {limit}", f"{en} > {limit}")
