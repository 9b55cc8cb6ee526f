"""The call's current assignment run: its pairs are the ones staff invite and experts review."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update

from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, AssignmentRun, Expert, RunPair
from reviewapp.services.audit import record_audit
from reviewapp.services.conflicts import forbidden_pairs


class CurrentRunError(ValueError):
    """A run that cannot become current, with the reason for staff."""


def current_run(call_id: int) -> AssignmentRun | None:
    """The call's current run, if staff (or the command line) made one current."""
    return db.session.scalars(select(AssignmentRun).where(
        AssignmentRun.call_id == call_id, AssignmentRun.is_current.is_(True))).first()


def make_current(run: AssignmentRun) -> None:
    """Mark `run` current and replace the call's unsettled pairs by its pairs (no commit).

    Pairs already invited, answered, done or locked stay as they are; only pairs still
    `assigned` and unlocked are replaced.
    """
    db.session.execute(update(AssignmentRun).where(
        AssignmentRun.call_id == run.call_id, AssignmentRun.id != run.id)
        .values(is_current=False))
    run.is_current = True
    db.session.execute(delete(Assignment).where(
        Assignment.call_id == run.call_id, Assignment.status == "assigned",
        Assignment.locked.is_(False)))
    existing = set(db.session.execute(select(Assignment.application_id, Assignment.expert_id)
                                      .where(Assignment.call_id == run.call_id)).all())
    for pair in db.session.scalars(select(RunPair).where(RunPair.run_id == run.id)):
        if (pair.application_id, pair.expert_id) not in existing:
            db.session.add(Assignment(
                call_id=run.call_id, run_id=run.id, application_id=pair.application_id,
                expert_id=pair.expert_id, affinity=pair.affinity,
                explanation=dict(pair.explanation)))


def make_run_current(call_id: int, run_id: int, user: Any) -> AssignmentRun:
    """Make a stored run the call's current one, refusing one that now breaks a conflict."""
    run = db.session.get(AssignmentRun, run_id)
    if run is None or run.call_id != call_id:
        raise CurrentRunError(f"call {call_id} has no run {run_id}")
    if run.status not in ("optimal", "feasible"):
        raise CurrentRunError(f"run {run_id} has no assignment ({run.status})")
    pairs = set(db.session.execute(
        select(Application.app_id, Expert.expert_id)
        .select_from(RunPair)
        .join(Application, Application.id == RunPair.application_id)
        .join(Expert, Expert.id == RunPair.expert_id).where(RunPair.run_id == run_id)).all())
    broken = sorted(pairs & forbidden_pairs(call_id))
    if broken:
        raise CurrentRunError("、".join(f"{a}–{e}" for a, e in broken[:10]))
    before = current_run(call_id)
    make_current(run)
    record_audit(user, "assignment.make_current", "assignment_run", run_id,
                 before={"run": before.id if before else None}, after={"run": run_id},
                 call_id=call_id)
    db.session.commit()
    return run
