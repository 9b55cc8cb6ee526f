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
from reviewapp.models import JOB_ACTIVE_STATUSES, Application, Assignment, Call, Job
from reviewapp.services.assignment import start_assignment_run
from reviewapp.services.invitations import InvitationError, MailResult, invite_experts
from reviewapp.services.mail import MailSettings
from reviewapp.services.pair_edits import ACTIVE, REFUSED, current_run

# The job lock assignment runs hold on their call (reviewapp/jobs): a refill waits for it.
ASSIGNMENT_LOCK = "assignment"


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


def open_slots(call_id: int) -> int:
    """Places on panels left empty by a decline or recusal (and not yet filled)."""
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
        select(func.coalesce(Application.reviewers_override, per_app),
               func.coalesce(active.c.n, 0))
        .outerjoin(active, active.c.application_id == Application.id)
        .where(Application.id.in_(refused))).all()
    return sum(max(wanted - have, 0) for wanted, have in rows)


def refill_declined(call_id: int, user: Any, settings: MailSettings) -> RefillResult:
    """Re-run around every kept pair to fill refused slots, then invite the new experts."""
    slots = open_slots(call_id)
    busy = db.session.scalar(select(Job.id).where(
        Job.call_id == call_id, Job.lock_key == ASSIGNMENT_LOCK,
        Job.status.in_(JOB_ACTIVE_STATUSES)).limit(1))
    if busy is not None:
        raise RefillBusy(f"assignment job {busy} of call {call_id} is still running")
    run = current_run(call_id)
    if run is None:
        raise InvitationError("the call has no assignment run yet: run the assignment first")
    if slots == 0:
        raise InvitationError("no declined or recused place is open")
    new_run, _pairs, summary = start_assignment_run(call_id, run.per_app, run.mode, run.seed,
                                                    user)
    if new_run.status == "infeasible":
        return RefillResult(new_run.id, new_run.status, slots, None,
                            list(summary.get("diagnostics", [])))
    return RefillResult(new_run.id, new_run.status, slots,
                        invite_experts(call_id, user, settings))
