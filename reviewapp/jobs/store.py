"""Job rows: start (under the database lock), cancel, read, and close jobs whose worker died."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from reviewapp.extensions import db
from reviewapp.jobs.queue import job_queue
from reviewapp.jobs.registry import get_kind
from reviewapp.models import JOB_ACTIVE_STATUSES, Job, User
from reviewapp.models.common import utcnow
from reviewapp.progress import N_
from reviewapp.services.audit import record_audit

log = logging.getLogger(__name__)

STALE_ERROR = N_("The worker stopped answering, so the job was abandoned. Start it again.")
QUEUE_ERROR = N_("The job could not be queued: is the queue server (Redis) running?")


class JobBusy(Exception):
    """A job holding the same lock on the call is queued or running: `job` is that job."""

    def __init__(self, job: Job | None) -> None:
        self.job = job
        holder = f"job {job.id} ({job.kind}, {job.status})" if job is not None else "a job"
        super().__init__(f"{holder} is already active on this call; wait for it or cancel it")


class JobError(Exception):
    """A job that failed for a reason staff can act on; the message is shown to them."""


def user_of(user_id: int | None) -> User | None:
    """The user with this id, if any (audit rows name who started or cancelled a job)."""
    return db.session.get(User, user_id) if user_id is not None else None


def stale_before() -> datetime:
    """Running jobs whose last heartbeat is older than this are dead."""
    return utcnow() - timedelta(seconds=float(current_app.config["JOBS_STALE_SECONDS"]))


def is_stale(job: Job) -> bool:
    """Whether a running job's worker has stopped touching it."""
    last = job.heartbeat_at or job.started_at or job.created_at
    return job.status == "running" and last < stale_before()


def reap_stale(call_id: int | None = None, lock_key: str | None = None) -> int:
    """Mark running jobs without a recent heartbeat failed (on this call and lock, if given)."""
    when = stale_before()
    statement = (
        update(Job)
        .where(Job.status == "running",
               or_(Job.heartbeat_at < when, Job.heartbeat_at.is_(None) & (Job.created_at < when)))
        .values(status="failed", error=STALE_ERROR, finished_at=utcnow(), payload=None)
    )
    if call_id is not None:
        statement = statement.where(Job.call_id == call_id)
    if lock_key is not None:
        statement = statement.where(Job.lock_key == lock_key)
    with db.engine.begin() as conn:
        return conn.execute(statement).rowcount


def active_job(call_id: int | None, lock_key: str) -> Job | None:
    """The queued or running job holding `lock_key` on the call, if any."""
    return db.session.scalars(
        select(Job).where(Job.call_id == call_id, Job.lock_key == lock_key,
                          Job.status.in_(JOB_ACTIVE_STATUSES)).limit(1)
    ).first()


def latest_job(call_id: int | None, kind: str) -> Job | None:
    """The call's most recent job of `kind` (active or finished), if any."""
    return db.session.scalars(
        select(Job).where(Job.call_id == call_id, Job.kind == kind)
        .order_by(Job.id.desc()).limit(1)
    ).first()


def start_job(kind: str, call_id: int | None, params: dict[str, Any] | None = None,
              user_id: int | None = None, payload: bytes | None = None) -> Job:
    """Queue a job of a registered kind; raise JobBusy when its lock on the call is taken."""
    job_kind = get_kind(kind)
    reap_stale(call_id, job_kind.lock)
    job = Job(kind=kind, call_id=call_id, lock_key=job_kind.lock, params=params or {},
              payload=payload, created_by=user_id, status="queued")
    db.session.add(job)
    try:
        db.session.flush()
        record_audit(user_of(user_id), "start_job", "job", job.id,
                     after={"kind": kind, **(params or {})}, call_id=call_id)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise JobBusy(active_job(call_id, job_kind.lock)) from None
    try:
        job_queue.enqueue(job.id)
    except Exception as exc:  # the queue's server is down: the job must not hold the lock
        log.exception("job %s: not queued", job.id)
        close_job(job.id, "failed", error=QUEUE_ERROR)
        raise JobError(QUEUE_ERROR) from exc
    db.session.refresh(job)
    return job


def cancel_job(job: Job, user_id: int | None = None) -> Job:
    """Stop a job: a queued or dead one at once, a running one at its next step check."""
    if job.status == "queued":
        close_job(job.id, "cancelled", only_from=("queued",))
    elif job.status == "running" and is_stale(job):
        close_job(job.id, "failed", error=STALE_ERROR, only_from=("running",))
    elif job.status == "running":
        with db.engine.begin() as conn:
            conn.execute(update(Job).where(Job.id == job.id).values(cancel_requested=True))
    else:
        return job
    record_audit(user_of(user_id), "cancel_job", "job", job.id, before={"status": job.status},
                 call_id=job.call_id)
    db.session.commit()
    db.session.refresh(job)
    return job


def close_job(job_id: int, status: str, *, result: dict[str, Any] | None = None,
              error: str = "", only_from: tuple[str, ...] = JOB_ACTIVE_STATUSES) -> bool:
    """Finish a job in its own transaction (the work's session may have been rolled back)."""
    values: dict[str, Any] = {"status": status, "finished_at": utcnow(), "payload": None,
                              "error": error}
    if status == "done":
        values.update(progress=1.0, result=result)
    with db.engine.begin() as conn:
        changed = conn.execute(update(Job).where(Job.id == job_id, Job.status.in_(only_from))
                               .values(**values)).rowcount
    return bool(changed)


def job_state(job: Job) -> dict[str, Any]:
    """The job as the progress poll returns it (the message untranslated)."""
    stale = is_stale(job)
    return {
        "id": job.id, "kind": job.kind, "call_id": job.call_id, "status": job.status,
        "progress": round(job.progress, 4), "message": job.message,
        "step": job.step_index, "steps": job.step_count, "error": job.error,
        "cancel_requested": job.cancel_requested, "stale": stale,
        "finished": not job.active,
    }
