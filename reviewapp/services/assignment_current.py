"""The call's current assignment run: its pairs are the ones staff invite and experts review."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, or_, select, update

from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, AssignmentRun, Expert, RunPair
from reviewapp.services.audit import record_audit
from reviewapp.services.conflicts import forbidden_pairs

# Pairs the expert turned down: they stay in the table but are no longer on the panel.
REFUSED = ("declined", "recused")


class CurrentRunError(ValueError):
    """A run that cannot become current, with the reason for staff."""


class PanelsWouldBreak(CurrentRunError):
    """The run's panels no longer fit beside the pairs kept since (codes of applications)."""

    def __init__(self, over: list[str], short: list[str], dropped: list[str]) -> None:
        self.over, self.short, self.dropped = over, short, dropped
        parts = ([f"over their size: {', '.join(over)}"] if over else []) + (
            [f"short of experts who declined since: {', '.join(short)}"] if short else []) + (
            [f"emptied, the run having no panel for them: {', '.join(dropped)}"]
            if dropped else [])
        super().__init__("panels would be " + "; ".join(parts))


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


def broken_panels(run: AssignmentRun) -> tuple[list[str], list[str], list[str]]:
    """Applications whose panel `make_current(run)` would put over or under its size.

    Pairs invited, answered, done or locked since the run stay beside its pairs: where
    the run lacks them, the panel would hold more experts than the run's K (or the
    application's own size it ran with). A run pair the expert declined or recused since
    is not added again, which would leave that panel short. Unsettled pairs of an
    application the run has no panel for would be deleted with nothing in their place.
    Returns (over, short, dropped) application codes.
    """
    kept = db.session.execute(
        select(Assignment.application_id, Assignment.expert_id, Assignment.status)
        .where(Assignment.call_id == run.call_id,
               or_(Assignment.status != "assigned", Assignment.locked.is_(True)))).all()
    staying: dict[int, set[int]] = {}
    refused: set[tuple[int, int]] = set()
    for app_row, expert_row, status in kept:
        if status in REFUSED:
            refused.add((app_row, expert_row))
        else:
            staying.setdefault(app_row, set()).add(expert_row)
    panels: dict[int, set[int]] = {}
    codes: dict[int, str] = {}
    for app_row, code, expert_row in db.session.execute(
            select(RunPair.application_id, Application.app_id, RunPair.expert_id)
            .join(Application, Application.id == RunPair.application_id)
            .where(RunPair.run_id == run.id)):
        panels.setdefault(app_row, set()).add(expert_row)
        codes[app_row] = code
    dropped = sorted(set(db.session.scalars(
        select(Application.app_id).join(Assignment, Assignment.application_id == Application.id)
        .where(Assignment.call_id == run.call_id, Assignment.status == "assigned",
               Assignment.locked.is_(False), Application.id.not_in(
                   select(RunPair.application_id).where(RunPair.run_id == run.id))))))
    sizes = run.params.get("per_app_overrides") or {}
    over, short = [], []
    for app_row, experts in panels.items():
        code = codes[app_row]
        if len(staying.get(app_row, set()) | experts) > int(sizes.get(code, run.per_app)):
            over.append(code)
        if any((app_row, expert_row) in refused for expert_row in experts):
            short.append(code)
    return sorted(over), sorted(short), dropped


def make_run_current(call_id: int, run_id: int, user: Any) -> AssignmentRun:
    """Make a stored run the call's current one, refusing one whose panels no longer fit.

    Refused: a run whose pairs now break a conflict, and a run whose panels would go over
    or under their size beside the pairs kept since (`broken_panels`).
    """
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
    over, short, dropped = broken_panels(run)
    if over or short or dropped:
        raise PanelsWouldBreak(over, short, dropped)
    before = current_run(call_id)
    kept = db.session.scalar(select(func.count()).select_from(Assignment).where(
        Assignment.call_id == call_id,
        or_(Assignment.status != "assigned", Assignment.locked.is_(True))))
    make_current(run)
    record_audit(user, "assignment.make_current", "assignment_run", run_id,
                 before={"run": before.id if before else None},
                 after={"run": run_id, "kept_pairs": kept}, call_id=call_id)
    db.session.commit()
    return run
