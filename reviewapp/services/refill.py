"""Refill: the slots of experts who declined or recused go to new experts, who are invited.

The assignment is re-run with every invited, accepted, reviewed and locked pair fixed
(`services/assignment.build_problem` keeps them), the refused pairs forbidden, and the
current run's K, mode and seed; the new pairs are then invited like any other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from reviewapp.extensions import db
from reviewapp.jobs.store import active_job
from reviewapp.models import Application, Assignment, Call, Expert
from reviewapp.progress import NO_PROGRESS, Progress, Steps
from reviewapp.services.assignment import STEPS as ASSIGNMENT_STEPS
from reviewapp.services.assignment import RunRequest, run_assignment
from reviewapp.services.invitations import (
    INVITE_STEPS,
    InvitationError,
    MailResult,
    invite_experts,
)
from reviewapp.services.mail import MailSettings
from reviewapp.services.pair_edits import ACTIVE, REFUSED, current_run

# The job lock assignment runs hold on their call (reviewapp/jobs): a refill waits for it.
ASSIGNMENT_LOCK = "assignment"
# A refill's steps: the assignment run's, then the invitation's.
REFILL_STEPS = ASSIGNMENT_STEPS + INVITE_STEPS


class RefillBusy(InvitationError):
    """An assignment run of the call is queued or running: a refill must not race it."""


@dataclass(frozen=True)
class RefillResult:
    """The refill run and what it did: its status, open slots before, invitations sent."""

    run_id: int
    status: str
    open_slots: int
    invited: MailResult | None
    diagnostics: list[dict[str, str]] = field(default_factory=list)
    # The pairs the refill added, as (application code, expert code), sorted.
    new_pairs: list[tuple[str, str]] = field(default_factory=list)


def open_places(call_id: int) -> dict[str, int]:
    """Per application code: places on its panel left empty by a decline or recusal."""
    call = db.session.get(Call, call_id)
    if call is None:
        raise InvitationError(f"no call with id {call_id}")
    run = current_run(call_id)
    per_app = run.per_app if run is not None else call.call_settings().reviewers_per_app
    refused = select(Assignment.application_id).where(
        Assignment.call_id == call_id, Assignment.status.in_(REFUSED)).distinct()
    active = (select(Assignment.application_id, func.count().label("n"))
              .where(Assignment.call_id == call_id, Assignment.status.in_(ACTIVE))
              .group_by(Assignment.application_id).subquery())
    rows = db.session.execute(
        select(Application.app_id, func.coalesce(Application.reviewers_override, per_app),
               func.coalesce(active.c.n, 0))
        .outerjoin(active, active.c.application_id == Application.id)
        .where(Application.id.in_(refused))).all()
    return {app_id: wanted - have for app_id, wanted, have in rows if wanted > have}


def open_slots(call_id: int) -> int:
    """Places on panels left empty by a decline or recusal (and not yet filled)."""
    return sum(open_places(call_id).values())


def active_pairs(call_id: int) -> set[tuple[str, str]]:
    """The call's pairs on a panel now, as (application code, expert code)."""
    return {(app_id, expert_id) for app_id, expert_id in db.session.execute(
        select(Application.app_id, Expert.expert_id).select_from(Assignment)
        .join(Application, Application.id == Assignment.application_id)
        .join(Expert, Expert.id == Assignment.expert_id)
        .where(Assignment.call_id == call_id, Assignment.status.in_(ACTIVE)))}


def refill_declined(call_id: int, user: Any, settings: MailSettings,
                    progress: Progress = NO_PROGRESS, check_busy: bool = True) -> RefillResult:
    """Re-run around every kept pair to fill refused slots, then invite the new experts.

    The run and its invitations are one commit, so a job cancelled before it stores
    neither; the mail is sent after it. `check_busy=False` is for the refill job, whose
    own lock already keeps assignment runs out.
    """
    slots = open_slots(call_id)
    if check_busy:
        busy = active_job(call_id, ASSIGNMENT_LOCK)
        if busy is not None:
            raise RefillBusy(f"assignment job {busy.id} of call {call_id} is still running")
    run = current_run(call_id)
    if run is None:
        raise InvitationError("the call has no assignment run yet: run the assignment first")
    if slots == 0:
        raise InvitationError("no declined or recused place is open")
    before = active_pairs(call_id)
    new_run = run_assignment(call_id, RunRequest(run.per_app, run.mode, run.seed), user,
                             progress=Steps(progress, 0, REFILL_STEPS), commit=False)
    if new_run.status == "infeasible":
        progress.check_cancelled()
        db.session.commit()
        return RefillResult(new_run.id, new_run.status, slots, None,
                            list((new_run.summary or {}).get("diagnostics", [])))
    added = sorted(active_pairs(call_id) - before)
    invited = invite_experts(call_id, user, settings,
                             progress=Steps(progress, ASSIGNMENT_STEPS, REFILL_STEPS))
    return RefillResult(new_run.id, new_run.status, slots, invited, new_pairs=added)
