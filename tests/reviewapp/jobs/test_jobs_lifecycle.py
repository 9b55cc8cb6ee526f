"""Jobs: queued → running → done/failed/cancelled, progress, the database lock, dead workers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from reviewapp import jobs
from reviewapp.extensions import db
from reviewapp.jobs.runner import UNEXPECTED_ERROR
from reviewapp.jobs.store import STALE_ERROR
from reviewapp.models import AuditLog, Call, Job
from reviewapp.models.common import utcnow


@pytest.fixture
def call_id(db_session):
    """A stored call's id."""
    call = Call(name="2025 援疆", deadline=utcnow().date())
    db_session.add(call)
    db_session.commit()
    return call.id


def work_rows(session):
    """How many audit rows the test kind's work wrote."""
    return session.scalar(select(func.count()).select_from(AuditLog)
                          .where(AuditLog.action == "test.work"))


def test_job_runs_through_the_queue_to_done(db_session, call_id, drain, make_user):
    """A started job waits queued until a consumer runs it; then done with its result."""
    user = make_user("staff")
    job = jobs.start_job("test.steps", call_id, {"echo": "你好"}, user.id)
    assert (job.status, job.progress, job.created_by) == ("queued", 0.0, user.id)
    assert jobs.active_job(call_id, "test.steps").id == job.id
    assert drain() == 1
    db_session.refresh(job)
    assert (job.status, job.progress, job.error) == ("done", 1.0, "")
    assert job.result == {"echo": "你好", "user": user.id}
    assert (job.step_index, job.step_count, job.message) == (3, 3, "Saving the conflicts")
    assert job.started_at is not None and job.finished_at >= job.started_at
    assert work_rows(db_session) == 1
    assert jobs.active_job(call_id, "test.steps") is None
    assert jobs.latest_job(call_id, "test.steps").id == job.id
    started = db_session.scalars(select(AuditLog).where(AuditLog.action == "start_job")).one()
    assert (started.user_id, started.call_id, started.after) == (
        user.id, call_id, {"kind": "test.steps", "echo": "你好"})


def test_a_second_start_on_the_same_call_is_refused_by_the_database(db_session, call_id,
                                                                     drain):
    """Two starts → the second raises JobBusy naming the first; other calls are free."""
    first = jobs.start_job("test.steps", call_id)
    with pytest.raises(jobs.JobBusy) as refused:
        jobs.start_job("test.steps", call_id)
    assert refused.value.job.id == first.id
    assert f"job {first.id}" in str(refused.value)
    # A kind sharing the lock is refused too; a job without a call takes no lock.
    with pytest.raises(jobs.JobBusy):
        jobs.start_job("test.other", call_id)
    jobs.start_job("test.steps", None)
    jobs.start_job("test.steps", None)
    assert drain() == 3
    again = jobs.start_job("test.steps", call_id)
    assert again.status == "queued"
    assert db_session.scalar(select(func.count()).select_from(Job)
                             .where(Job.call_id == call_id)) == 2


def test_the_lock_is_a_unique_index_not_process_memory(db_session, call_id):
    """Writing a second active row directly fails, whatever code path tries it."""
    from sqlalchemy.exc import IntegrityError

    for status in ("queued", "running"):
        db_session.add(Job(kind="x", call_id=call_id, lock_key="x", status=status))
    with pytest.raises(IntegrityError):
        db_session.commit()
    db_session.rollback()
    db_session.add_all([Job(kind="x", call_id=call_id, lock_key="x", status=s)
                        for s in ("running", "done", "failed", "cancelled", "done")])
    db_session.commit()


def test_a_failing_job_keeps_its_message_and_stores_nothing(db_session, call_id, drain):
    """JobError: failed with the message for staff; the work's writes are rolled back."""
    job = jobs.start_job("test.steps", call_id, {"fail": True})
    drain()
    db_session.refresh(job)
    assert (job.status, job.error) == ("failed", "The workbook has no sheet named units.")
    assert job.result is None and job.finished_at is not None
    assert work_rows(db_session) == 0
    assert jobs.active_job(call_id, "test.steps") is None


def test_an_unexpected_error_fails_the_job_without_leaking_details(db_session, call_id, drain,
                                                                    caplog):
    """Any other exception: failed, a fixed message on the page, the traceback in the log."""
    job = jobs.start_job("test.steps", call_id, {"crash": True})
    drain()
    db_session.refresh(job)
    assert (job.status, job.error) == ("failed", UNEXPECTED_ERROR)
    assert "boom" in caplog.text
    assert work_rows(db_session) == 0


def test_cancelling_a_queued_job_ends_it_before_it_runs(db_session, call_id, drain):
    """A queued job is cancelled at once; when its task comes up it is skipped."""
    job = jobs.start_job("test.steps", call_id)
    jobs.cancel_job(job)
    assert job.status == "cancelled"
    assert jobs.active_job(call_id, "test.steps") is None
    drain()
    db_session.refresh(job)
    assert (job.status, job.started_at) == ("cancelled", None)
    assert work_rows(db_session) == 0


def test_cancelling_a_running_job_stops_it_at_the_next_step(db_session, call_id, drain):
    """cancel_requested → the next step check raises; the work is rolled back."""
    job = jobs.start_job("test.steps", call_id, {"cancel_midway": True})
    drain()
    db_session.refresh(job)
    assert (job.status, job.step_index) == ("cancelled", 1)
    assert work_rows(db_session) == 0


def test_cancel_of_a_running_job_sets_the_flag_only(db_session, call_id):
    """A live running job is asked to stop; it stays running until its next check."""
    job = Job(kind="test.steps", call_id=call_id, lock_key="test.steps", status="running",
              started_at=utcnow(), heartbeat_at=utcnow())
    db_session.add(job)
    db_session.commit()
    jobs.cancel_job(job)
    assert (job.status, job.cancel_requested) == ("running", True)
    assert jobs.job_state(job)["cancel_requested"] is True


def dead_job(session, call_id, **times):
    """A running job whose worker died an hour ago."""
    hour_ago = utcnow() - timedelta(hours=1)
    job = Job(kind="test.steps", call_id=call_id, lock_key="test.steps", status="running",
              created_at=hour_ago, started_at=hour_ago, **times)
    session.add(job)
    session.commit()
    return job


def test_a_dead_worker_does_not_block_the_call(db_session, call_id, drain):
    """A running job without a heartbeat is failed at the next start, which then goes on."""
    dead = dead_job(db_session, call_id, heartbeat_at=utcnow() - timedelta(hours=1))
    assert jobs.job_state(dead)["stale"] is True
    job = jobs.start_job("test.steps", call_id)
    db_session.refresh(dead)
    assert (dead.status, dead.error) == ("failed", STALE_ERROR)
    drain()
    db_session.refresh(job)
    assert job.status == "done"


def test_staff_can_cancel_a_dead_job(db_session, call_id):
    """Cancelling a stale running job marks it failed at once (nobody would see the flag)."""
    dead = dead_job(db_session, call_id, heartbeat_at=None)
    jobs.cancel_job(dead)
    assert (dead.status, dead.error) == ("failed", STALE_ERROR)


def test_a_live_running_job_is_not_taken_for_dead(db_session, call_id):
    """A recent heartbeat keeps the lock: the second start is refused."""
    dead_job(db_session, call_id, heartbeat_at=utcnow())
    with pytest.raises(jobs.JobBusy):
        jobs.start_job("test.steps", call_id)


def test_unknown_kinds_are_refused(db_session, call_id):
    """Starting a kind nobody registered says which kinds exist."""
    with pytest.raises(KeyError, match="test.steps"):
        jobs.start_job("no.such.kind", call_id)
    assert db_session.scalar(select(func.count()).select_from(Job)) == 0


def test_step_reports_a_fraction_and_the_count(app, db_session, call_id):
    """step(i, n) stores (i-1)/n, i, n and the msgid; the state carries them."""
    from reviewapp.jobs.runner import JobContext

    job = Job(kind="test.steps", call_id=call_id, lock_key="test.steps", status="running")
    db_session.add(job)
    db_session.commit()
    JobContext(job, None, db.engine).step(4, 5, "Building the conflict matrix")
    db_session.refresh(job)
    state = jobs.job_state(job)
    assert (state["progress"], state["step"], state["steps"]) == (0.6, 4, 5)
    assert state["message"] == "Building the conflict matrix"
    assert state["finished"] is False
