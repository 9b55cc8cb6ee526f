"""Job tests: the app with a real queue (SQLite file or Redis) instead of inline jobs."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import update

from reviewapp.extensions import db
from reviewapp.jobs import JobContext, JobError, job_kind, job_queue
from reviewapp.models import AuditLog, Job

REDIS_SKIP_REASON = "TEST_REDIS_URL not set: Redis queue tests skipped"


@pytest.fixture(params=["sqlite-queue", "redis-queue"])
def queue_config(request: pytest.FixtureRequest, tmp_path: Any) -> dict[str, Any]:
    """A queue of its own for the test: a SQLite file, or a uniquely named Redis queue."""
    name = f"test-jobs-{uuid.uuid4().hex[:12]}"
    if request.param == "redis-queue":
        url = os.environ.get("TEST_REDIS_URL")
        if not url:
            pytest.skip(REDIS_SKIP_REASON)
        return {"REDIS_URL": url, "JOBS_QUEUE_NAME": name}
    return {"REDIS_URL": None, "JOBS_QUEUE_NAME": name,
            "JOBS_SQLITE_PATH": str(tmp_path / "queue.sqlite")}


@pytest.fixture(autouse=True)
def real_queue(app: Flask, queue_config: dict[str, Any]) -> Iterator[Flask]:
    """The test app's jobs go on a real queue that the test drives (never inline)."""
    # No heartbeat thread writes during a test: stale jobs are made by hand.
    app.config.update(queue_config, JOBS_IMMEDIATE=False, JOBS_HEARTBEAT_SECONDS=3600)
    job_queue.init_app(app)
    yield app
    job_queue.state(app).huey.flush()


@pytest.fixture
def drain(app: Flask) -> Callable[[], int]:
    """Run every queued task in this thread, in order; returns how many ran."""

    def run_pending() -> int:
        huey = job_queue.state(app).huey
        count = 0
        while (task := huey.dequeue()) is not None:
            huey.execute(task)
            count += 1
        return count

    return run_pending


@job_kind("test.steps", title="Test steps")
def steps_job(context: JobContext) -> dict[str, Any]:
    """Three steps; params may ask it to fail, crash or be cancelled before step 2."""
    context.step(1, 3, "Reading applications and units")
    if context.params.get("cancel_midway"):
        with db.engine.begin() as conn:  # staff press cancel while it works
            conn.execute(update(Job).where(Job.id == context.job_id).values(
                cancel_requested=True))
    db.session.add(AuditLog(action="test.work", object_type="job",
                            object_id=str(context.job_id)))
    context.step(2, 3, "Building the conflict matrix")
    if context.params.get("fail"):
        raise JobError("The workbook has no sheet named units.")
    if context.params.get("crash"):
        raise RuntimeError("boom")
    context.step(3, 3, "Saving the conflicts")
    db.session.commit()
    return {"echo": context.params.get("echo"), "user": getattr(context.user, "id", None)}


@job_kind("test.other", title="Test steps", lock="test.steps")
def other_job(context: JobContext) -> dict[str, Any]:
    """A second kind sharing the first one's lock."""
    return {}
