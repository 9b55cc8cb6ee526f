"""The task queue (huey): SQLite in `instance/` by default, Redis when configured.

One huey task, `reviewapp.run_job(job_id)`, runs every kind of job; the job's row says what
to do. Consumers are `reviewapp worker` (any machine that reaches the database and the
queue) or the embedded consumer `reviewapp serve` starts in its own process.
"""

from __future__ import annotations

import atexit
import fcntl
import logging
import os
import time
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app
from huey import RedisHuey, SqliteHuey
from huey.api import Huey, TaskWrapper
from huey.consumer import Consumer

TASK_NAME = "reviewapp.run_job"
log = logging.getLogger(__name__)


def defaults(app: Flask) -> dict[str, Any]:
    """The job settings an app has unless its configuration says otherwise."""
    return {
        # REVIEWAPP_REDIS_URL=redis://host:6379/0 switches the queue to Redis.
        "REDIS_URL": None,
        "JOBS_QUEUE_NAME": "reviewapp",
        "JOBS_SQLITE_PATH": os.path.join(app.instance_path, "jobs-queue.sqlite"),
        # Tests run each job inside start_job unless they drive the queue themselves.
        "JOBS_IMMEDIATE": app.testing,
        "JOBS_HEARTBEAT_SECONDS": 5.0,
        "JOBS_STALE_SECONDS": 120.0,
        "JOBS_WORKERS": 2,
        # Under gunicorn, one web process per machine also runs jobs (see docs/jobs.md);
        # False when `reviewapp worker` processes run them instead.
        "JOBS_IN_GUNICORN": True,
    }


@dataclass
class QueueState:
    """An app's huey instance and its one task."""

    huey: Huey
    task: TaskWrapper


def make_huey(config: dict[str, Any]) -> Huey:
    """Redis when REDIS_URL is set, else SQLite; immediate mode runs tasks at once."""
    immediate = bool(config["JOBS_IMMEDIATE"])
    # results=False: a job's result lives in its row, never in the queue.
    if config["REDIS_URL"]:
        return RedisHuey(config["JOBS_QUEUE_NAME"], url=config["REDIS_URL"], results=False,
                         immediate=immediate)
    return SqliteHuey(config["JOBS_QUEUE_NAME"], filename=config["JOBS_SQLITE_PATH"],
                      results=False, immediate=immediate)


class JobQueue:
    """The app's queue, created with the app (`init_app`) like the other extensions."""

    def init_app(self, app: Flask) -> None:
        """Fill in the job settings, make the huey instance and register the task."""
        for key, value in defaults(app).items():
            app.config.setdefault(key, value)

        def run_job(job_id: int) -> None:
            """Run job `job_id` inside an app context of its own."""
            from reviewapp.jobs.runner import execute_job

            with app.app_context():
                execute_job(job_id)

        huey = make_huey(app.config)
        task = huey.task(name=TASK_NAME)(run_job)
        app.extensions["reviewapp_jobs"] = QueueState(huey, task)
        if under_gunicorn() and app.config["JOBS_IN_GUNICORN"] and not huey.immediate:
            claim = GunicornConsumer(app)
            app.before_request(claim.ensure)

    def state(self, app: Flask | None = None) -> QueueState:
        """The queue of `app` (default: the current app)."""
        state: QueueState = (app or current_app).extensions["reviewapp_jobs"]
        return state

    def enqueue(self, job_id: int) -> None:
        """Put the job on the queue (in immediate mode: run it now)."""
        self.state().task(job_id)


job_queue = JobQueue()


class EmbeddedConsumer(Consumer):
    """A consumer living in another program's process: it leaves signals to that program."""

    def _set_signal_handlers(self) -> None:
        """Keep the host's handlers (Ctrl-C stops the web server, not only the queue)."""


def start_embedded_consumer(app: Flask, workers: int | None = None) -> Consumer:
    """Start worker threads in this process; they stop when the process exits."""
    huey = job_queue.state(app).huey
    consumer = EmbeddedConsumer(huey, workers=workers or app.config["JOBS_WORKERS"],
                                worker_type="thread", periodic=False, max_delay=1.0,
                                check_worker_health=False)
    consumer.start()
    atexit.register(consumer.stop)
    return consumer


def under_gunicorn() -> bool:
    """Whether this process is a gunicorn worker (its master sets SERVER_SOFTWARE)."""
    return os.environ.get("SERVER_SOFTWARE", "").startswith("gunicorn/")


class GunicornConsumer:
    """One embedded consumer per machine among gunicorn's workers, held by a file lock.

    Each worker tries the lock (non-blocking, at most every RETRY_SECONDS) when it serves a
    request; the holder runs the consumer threads. When the holder dies, the system drops
    its lock and the next worker to serve a request takes over.
    """

    RETRY_SECONDS = 10.0

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.path = os.path.join(app.instance_path, "jobs-consumer.lock")
        self.handle: Any = None
        self.consumer: Consumer | None = None
        self.next_try = 0.0

    def ensure(self) -> None:
        """Take the lock and start the consumer if no process on this machine has it."""
        if self.handle is not None or time.monotonic() < self.next_try:
            return
        self.next_try = time.monotonic() + self.RETRY_SECONDS
        handle = open(self.path, "a+")  # noqa: SIM115  (kept open: it holds the lock)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return
        self.handle = handle
        self.consumer = start_embedded_consumer(self.app)
        log.info("jobs: this gunicorn worker (pid %s) runs the embedded consumer", os.getpid())


def run_worker(app: Flask, workers: int) -> None:
    """Consume the queue with `workers` threads until interrupted (`reviewapp worker`)."""
    huey = job_queue.state(app).huey
    if huey.immediate:
        raise RuntimeError("JOBS_IMMEDIATE is set: this app runs jobs inline, not on a queue")
    # Threads, not forked processes: forked children would share the database pool.
    # More processes: start more `reviewapp worker` commands.
    Consumer(huey, workers=workers, worker_type="thread", periodic=False, max_delay=1.0).run()
