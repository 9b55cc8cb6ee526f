"""Running one job: claim its row, call its kind's function, report progress, close the row."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from typing import Any

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from reviewapp.extensions import db
from reviewapp.jobs.registry import get_kind
from reviewapp.jobs.store import JobError, close_job
from reviewapp.models import Job, User
from reviewapp.models.common import utcnow
from reviewapp.progress import N_, JobCancelled

log = logging.getLogger(__name__)
UNEXPECTED_ERROR = N_("Unexpected error; the server log has the details.")
# `should_stop` reads the job row at most this often; the heartbeat's event in between.
STOP_POLL_SECONDS = 1.0


class JobContext:
    """What a job function gets: its inputs, and the progress reporter of its row.

    Progress and cancel checks go through their own short transactions, so the work's
    session (`db.session`) commits once, at the end, and a cancelled job stores nothing.
    """

    def __init__(self, job: Job, user: User | None, engine: Engine) -> None:
        self.job_id = job.id
        self.kind = job.kind
        self.call_id = job.call_id
        self.params: dict[str, Any] = dict(job.params or {})
        self.payload = job.payload
        self.user = user
        # Set by the heartbeat when staff cancel: a solver callback may poll it cheaply.
        self.stop_event = threading.Event()
        self._engine = engine
        self._polled = 0.0

    def step(self, index: int, count: int, message: str) -> None:
        """Check for cancel, then record that step `index` of `count` (`message`: msgid) starts."""
        self.check_cancelled()
        self.note(index, count, message)

    def note(self, index: int, count: int, message: str) -> None:
        """Record that step `index` of `count` starts, without a cancel check (the work
        has committed: a cancel now would leave it half done, so it runs to its end)."""
        count = max(count, 1)
        index = min(max(index, 1), count)
        self._write(progress=(index - 1) / count, step_index=index, step_count=count,
                    message=message, heartbeat_at=utcnow())

    def check_cancelled(self) -> None:
        """Raise JobCancelled when staff asked to stop."""
        if self._read_cancel():
            raise JobCancelled()

    def should_stop(self) -> bool:
        """Whether staff asked to stop: the heartbeat's event, else the row once a second.

        Cheap enough for a solver to poll between phases (`assignment.solvers.solve`).
        While the work writes to SQLite the row is not read (the read could wait on the
        write lock; a cancel cannot be stored then anyway): the event alone answers.
        """
        if self.stop_event.is_set():
            return True
        now = time.monotonic()
        if now - self._polled >= STOP_POLL_SECONDS and not work_holds_sqlite_write():
            self._polled = now
            self._read_cancel()
        return self.stop_event.is_set()

    def _read_cancel(self) -> bool:
        """Read the row's cancel request; a request also sets `stop_event`."""
        with self._engine.connect() as conn:
            wanted = bool(conn.scalar(select(Job.cancel_requested)
                                      .where(Job.id == self.job_id)))
        if wanted:
            self.stop_event.set()
        return wanted

    def _write(self, **values: Any) -> None:
        """Update the job row in a transaction of its own; a busy SQLite skips the update."""
        if work_holds_sqlite_write():
            log.debug("job %s: progress not recorded inside the work's write", self.job_id)
            return
        try:
            with self._engine.begin() as conn:
                conn.execute(update(Job).where(Job.id == self.job_id).values(**values))
        except OperationalError:
            log.warning("job %s: progress not recorded (database busy)", self.job_id)


def work_holds_sqlite_write() -> bool:
    """Whether the work's session has begun writing to SQLite (a second writer would wait)."""
    session = db.session()
    if not session.in_transaction():
        return False
    raw = session.connection().connection.dbapi_connection
    return isinstance(raw, sqlite3.Connection) and raw.in_transaction


class Heartbeat(threading.Thread):
    """Touches the running job's row every few seconds and notices a cancel request."""

    def __init__(self, context: JobContext, engine: Engine, interval: float) -> None:
        super().__init__(name=f"job-{context.job_id}-heartbeat", daemon=True)
        self.context = context
        self.engine = engine
        self.interval = interval
        self.done = threading.Event()

    def run(self) -> None:
        """Beat until the job ends."""
        while not self.done.wait(self.interval):
            try:
                with self.engine.begin() as conn:
                    conn.execute(update(Job).where(Job.id == self.context.job_id)
                                 .values(heartbeat_at=utcnow()))
                    if conn.scalar(select(Job.cancel_requested)
                                   .where(Job.id == self.context.job_id)):
                        self.context.stop_event.set()
            except OperationalError:
                log.warning("job %s: heartbeat skipped (database busy)", self.context.job_id)

    def stop(self) -> None:
        """End the beat and wait for the thread."""
        self.done.set()
        self.join()


def claim(job_id: int, engine: Engine) -> bool:
    """Move a queued job to running; False when it is gone, cancelled or taken."""
    now = utcnow()
    with engine.begin() as conn:
        return bool(conn.execute(
            update(Job).where(Job.id == job_id, Job.status == "queued")
            .values(status="running", started_at=now, heartbeat_at=now)).rowcount)


def execute_job(job_id: int) -> None:
    """Run job `job_id` to its end (inside an app context): done, failed or cancelled."""
    engine = db.engine
    if not claim(job_id, engine):
        log.info("job %s: not queued any more, skipped", job_id)
        return
    job = db.session.get(Job, job_id)
    assert job is not None  # claimed just now
    user = db.session.get(User, job.created_by) if job.created_by is not None else None
    context = JobContext(job, user, engine)
    heartbeat = Heartbeat(context, engine, float(current_app.config["JOBS_HEARTBEAT_SECONDS"]))
    heartbeat.start()
    try:
        result = get_kind(job.kind).function(context)
    except JobCancelled:
        db.session.rollback()
        close_job(job_id, "cancelled")
    except JobError as exc:
        db.session.rollback()
        close_job(job_id, "failed", error=str(exc))
    except Exception:
        log.exception("job %s (%s) failed", job_id, job.kind)
        db.session.rollback()
        close_job(job_id, "failed", error=UNEXPECTED_ERROR)
    else:
        close_job(job_id, "done", result=result or {})
    finally:
        heartbeat.stop()
        db.session.remove()
