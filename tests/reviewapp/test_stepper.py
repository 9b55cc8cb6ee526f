"""The stepper's counts come from two queries and equal counting the stored rows one by one."""

from __future__ import annotations

from collections import Counter

from flask_babel import force_locale
from sqlalchemy import event, select

from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    Assignment,
    AssignmentRun,
    AuditLog,
    Call,
    Conflict,
    Decision,
    EligibilityResult,
    Expert,
    Review,
)
from reviewapp.services import call_overview
from tests.helpers.staff_call_data import store_small_call

ACTIVE = ("assigned", "invited", "accepted", "done")  # pairs that hold a place on a panel


def store_pipeline_rows(call_id: int) -> None:
    """Overrides, conflicts (one lifted), a run with every status, reviews and decisions."""
    apps = list(db.session.scalars(select(Application).where(Application.call_id == call_id)
                                   .order_by(Application.app_id)))
    experts = list(db.session.scalars(select(Expert).where(Expert.call_id == call_id)
                                      .order_by(Expert.expert_id)))
    a001 = db.session.scalar(select(EligibilityResult)
                             .where(EligibilityResult.application_id == apps[0].id))
    a001.override_verdict, a001.override_reason = "pass", "已补交材料"
    db.session.add(EligibilityResult(application_id=apps[3].id, rule_id="E02", verdict="fail"))
    for app, expert, rule, source in [(0, 0, "C1", "detected"), (0, 0, "C2", "detected"),
                                      (1, 0, "C1", "detected"), (1, 0, "C1", "staff_removed"),
                                      (2, 1, "C7", "declared"), (4, 2, "STAFF", "staff_added")]:
        db.session.add(Conflict(call_id=call_id, application_id=apps[app].id,
                                expert_id=experts[expert].id, rule_id=rule, source=source))
    apps[5].reviewers_override = 2
    run = AssignmentRun(call_id=call_id, mode="optimal", status="optimal", per_app=3,
                        objective=12.5)
    db.session.add(run)
    db.session.flush()
    statuses = ["assigned", "accepted", "done", "declined", "recused", "invited"]
    for n, app in enumerate(apps[5:17]):
        for k, expert in enumerate(experts[:3]):
            status = statuses[(n + k) % len(statuses)] if n > 0 else "done"
            assignment = Assignment(call_id=call_id, run_id=run.id, application_id=app.id,
                                    expert_id=expert.id, status=status)
            db.session.add(assignment)
            db.session.flush()
            if (n + k) % 3:
                db.session.add(Review(assignment_id=assignment.id,
                                      status=("draft", "submitted", "locked")[(n * k) % 3]))
    for app in apps[6:9]:
        db.session.add(Decision(application_id=app.id, rank=1, approved_yuan=100_000))
    db.session.add_all([AuditLog(call_id=call_id, action="conflicts.detect", object_type="call",
                                 object_id=str(call_id)),
                        AuditLog(call_id=call_id, action="eligibility.run", object_type="call",
                                 object_id=str(call_id))])
    db.session.commit()


def counted_by_hand(call: Call) -> dict[str, int]:
    """The stepper's numbers, by loading the rows and counting them in Python."""
    apps = {a.id: a for a in db.session.scalars(
        select(Application).where(Application.call_id == call.id))}
    worst: dict[int, int] = {}
    for result in db.session.scalars(select(EligibilityResult).where(
            EligibilityResult.application_id.in_(apps))):
        level = {"fail": 2, "flag": 1}.get(result.effective_verdict, 0)
        worst[result.application_id] = max(worst.get(result.application_id, 0), level)
    levels = Counter(worst.values())
    conflicts = db.session.scalars(select(Conflict).where(Conflict.call_id == call.id)).all()
    active = [a for a in db.session.scalars(select(Assignment).where(
        Assignment.call_id == call.id)) if a.status in ACTIVE]
    per_app = Counter(a.application_id for a in active)
    k = call.call_settings().reviewers_per_app
    reviewed = [a for a in active if a.review and a.review.status in ("submitted", "locked")]
    audit = db.session.scalars(select(AuditLog).where(AuditLog.call_id == call.id)).all()
    return {
        "applications": len(apps),
        "experts": len(db.session.scalars(select(Expert).where(
            Expert.call_id == call.id)).all()),
        "eligible": levels[0], "flagged": levels[1], "ineligible": levels[2],
        "conflicts": len({(c.application_id, c.expert_id) for c in conflicts
                          if c.source != "staff_removed"}),
        "pairs": len(active),
        "covered": sum(1 for app_id, n in per_app.items()
                       if n >= (apps[app_id].reviewers_override or k)),
        "submitted": len(reviewed),
        "scored": len({a.application_id for a in reviewed}),
        "decisions": len(db.session.scalars(select(Decision).where(
            Decision.application_id.in_(apps))).all()),
        "audit": len(audit),
        "detected": int(any(a.action == "conflicts.detect" for a in audit)),
        "offline": sum(1 for a in apps.values() if a.classified and a.status != "ineligible"),
    }


def test_counts_equal_counting_by_hand_in_two_queries(app):
    """Every count matches the rows counted one by one; the stepper runs two statements."""
    with app.test_request_context(), force_locale("en"):
        call = db.session.get(Call, store_small_call(with_eligibility=True))
        empty = counted_by_hand(call)
        assert call_overview.pipeline_counts(call) == empty
        store_pipeline_rows(call.id)
        expected = counted_by_hand(call)
        assert expected["pairs"] and expected["covered"] and expected["scored"]
        assert expected["conflicts"] == 4 and expected["ineligible"] == 1
        assert call_overview.pipeline_counts(call) == expected
        statements: list[str] = []

        def listener(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            stages = {s.key: (s.state, str(s.summary))
                      for s in call_overview.pipeline_stages(call)}
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert len(statements) == 2
    to_review = expected["applications"] - expected["ineligible"]
    assert stages["eligibility"] == ("attention", (
        f"{expected['eligible']} eligible · 1 ineligible · {expected['flagged']} flagged"))
    assert stages["conflicts"] == ("done", "4 excluded pairs")
    assert stages["assignment"] == ("attention", f"optimal · {expected['pairs']} pairs · "
                                                 "objective 12.5")
    assert stages["progress"] == ("attention", f"{expected['submitted']} of "
                                               f"{expected['pairs']} reviews submitted")
    assert stages["results"] == ("attention", f"{expected['scored']} of {to_review} "
                                              "applications rankable")
    assert stages["decisions"] == ("attention", "3 decided")
    assert stages["audit"][1] == "2 entries"
