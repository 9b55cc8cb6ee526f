"""A real consumer: the embedded one runs a started job to the end (bounded wait)."""

from __future__ import annotations

import time

from reviewapp import jobs
from reviewapp.extensions import db
from reviewapp.models import Job

WAIT_SECONDS = 60  # a bound, not a speed test: a loaded machine may be slow


def wait_until_finished(app, job_id: int) -> Job:
    """Poll the job row (as a page does) until it ends or the bound passes."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        with app.app_context():
            job = db.session.get(Job, job_id)
            assert job is not None
            if not job.active or time.monotonic() > deadline:
                db.session.expunge(job)
                return job
        time.sleep(0.1)


def test_the_embedded_consumer_runs_jobs_in_threads(app):
    """start_embedded_consumer: worker threads take the job from the queue and finish it."""
    app.config["JOBS_HEARTBEAT_SECONDS"] = 0.05  # the heartbeat thread runs too
    consumer = jobs.start_embedded_consumer(app, workers=1)
    try:
        with app.app_context():
            job_id = jobs.start_job("test.steps", None, {"echo": "跑完"}).id
        job = wait_until_finished(app, job_id)
    finally:
        consumer.stop(graceful=True)
    assert (job.status, job.result["echo"]) == ("done", "跑完")
    assert job.heartbeat_at is not None


def test_the_worker_command_refuses_inline_apps(app, runner):
    """An app running jobs inline has no queue to consume: a clear message, no hang."""
    app.config["JOBS_IMMEDIATE"] = True
    from reviewapp.jobs import job_queue

    job_queue.init_app(app)
    result = runner.invoke(args=["worker", "--workers", "1"])
    assert result.exit_code != 0
    assert "JOBS_IMMEDIATE" in result.output


def test_inline_mode_runs_the_job_inside_start_job(app):
    """JOBS_IMMEDIATE (the default under TESTING): the job is done when start_job returns."""
    from reviewapp.jobs import job_queue

    app.config["JOBS_IMMEDIATE"] = True
    job_queue.init_app(app)
    with app.app_context():
        job = jobs.start_job("test.steps", None, {"echo": 1})
        assert (job.status, job.result["echo"]) == ("done", 1)


def test_under_gunicorn_one_worker_per_machine_consumes(app, monkeypatch, tmp_path):
    """The file lock lets the first gunicorn worker run the consumer and no other."""
    from reviewapp.jobs.queue import GunicornConsumer, under_gunicorn

    monkeypatch.setenv("SERVER_SOFTWARE", "gunicorn/23.0.0")
    assert under_gunicorn()
    app.instance_path = str(tmp_path)
    first, second = GunicornConsumer(app), GunicornConsumer(app)
    first.ensure()
    try:
        second.ensure()
        assert first.consumer is not None and second.consumer is None
        assert second.handle is None
    finally:
        first.consumer.stop(graceful=True)
        first.handle.close()  # the worker died: its lock is free again
    second.next_try = 0.0
    second.ensure()
    assert second.consumer is not None
    second.consumer.stop(graceful=True)
    second.handle.close()
