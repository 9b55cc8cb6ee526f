"""A small stored call shared by the staff call-workspace tests."""

from __future__ import annotations

from datetime import date

from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    ApplicationUnit,
    AvoidanceRequest,
    Call,
    EligibilityResult,
    Expert,
    Relation,
    Unit,
)

DIRECTIONS = ("数字经济", "智慧农业", "绿色环保")


def store_small_call(with_eligibility: bool = False) -> int:
    """Store a call with 3 units, 25 applications, 4 experts, 1 relation, 1 avoidance."""
    call = Call(name="测试批次", deadline=date(2025, 6, 30))
    db.session.add(call)
    db.session.flush()
    units = [
        Unit(call_id=call.id, unit_id="U1", name="新疆某企业", unit_type="企业", province="新疆"),
        Unit(call_id=call.id, unit_id="U2", name="北京某大学", unit_type="高校", province="北京"),
        Unit(call_id=call.id, unit_id="U3", name="新疆某研究所", unit_type="科研院所",
             province="新疆"),
    ]
    db.session.add_all(units)
    db.session.flush()
    applications = []
    for n in range(1, 26):
        lead = units[0] if n % 2 else units[2]
        application = Application(
            call_id=call.id, app_id=f"A{n:03d}", title=f"项目{n}",
            track="T1" if n <= 15 else "T2", direction=DIRECTIONS[n % 3],
            lead_unit_id=lead.unit_id, partner_unit_ids=["U2"], pi_id=f"P{n}",
            pi_name=f"负责人{n}", requested_yuan=n * 20_000 + 5_050,
        )
        application.units = [ApplicationUnit(unit_id=lead.id, role="lead"),
                              ApplicationUnit(unit_id=units[1].id, role="partner")]
        applications.append(application)
    db.session.add_all(applications)
    experts = [
        Expert(call_id=call.id, expert_id=f"E{n}", name=f"专家{n}", province=province,
               title=title, directions=list(directions), available=n != 4)
        for n, province, title, directions in [
            (1, "新疆", "正高级", ("数字经济",)),
            (2, "北京", "正高级", ("数字经济", "智慧农业")),
            (3, "上海", "副高级", ("绿色环保",)),
            (4, "新疆", "副高级", ("智慧农业",)),
        ]
    ]
    db.session.add_all(experts)
    db.session.flush()
    db.session.add(Relation(call_id=call.id, person_id="E1", relation="曾任职", other_id="U1"))
    db.session.add(AvoidanceRequest(call_id=call.id, application_id=applications[0].id,
                                    expert_id=experts[1].id, reason="竞争关系"))
    if with_eligibility:
        # A001 fails a hard rule, A002 is flagged, the rest pass; A025 is unchecked.
        for application in applications[:-1]:
            verdict = {"A001": "fail", "A002": "flag"}.get(application.app_id, "pass")
            db.session.add(EligibilityResult(application_id=application.id, rule_id="E01",
                                             verdict=verdict))
    db.session.commit()
    return call.id
