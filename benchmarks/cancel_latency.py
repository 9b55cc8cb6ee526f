"""How long after a cancel the conflicts and affinity jobs end, on a generated large call.

Run by hand: `.venv/bin/python benchmarks/cancel_latency.py [--apps 3000] [--experts 3000]
[--points 0.2 0.5 0.8] [--database-url postgresql+psycopg://…]`.
A temporary SQLite database (or a schema of its own in the PostgreSQL database given,
dropped at the end) holds a generated call (the demo generator) with every
application eligible. Each kind first runs uncancelled (its steps timed from the job row,
watched every 20 ms); then, for each point p, a new job is cancelled p × that duration
after it starts, as the cancel button does (the row's flag), and the time from the press
to the job's end is taken. The job runs in a child process through the real runner
(heartbeat every 5 s, the row polled at most once a second), as a worker would, so the
watcher shares no interpreter lock with it. Prints one JSON line per job.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import create_engine, func, select, text, update
from sqlalchemy.exc import OperationalError

from reviewapp import create_app
from reviewapp.call_settings_model import template_2025
from reviewapp.demo.generator import generate_demo_book
from reviewapp.extensions import db
from reviewapp.jobs import start_job
from reviewapp.jobs.runner import execute_job
from reviewapp.models import Application, Conflict, EligibilityResult, Job
from reviewapp.services.call_import import create_call, store_call_book
from reviewapp.services.conflicts import detect_conflicts


def press_cancel(job_id: int) -> None:
    """Set the job's cancel flag as the cancel button does, retrying while SQLite is locked
    (the storing step holds its write lock)."""
    while True:
        try:
            with db.engine.begin() as conn:
                conn.execute(update(Job).where(Job.id == job_id).values(cancel_requested=True))
            return
        except OperationalError:
            time.sleep(0.05)


def run(app: Flask, kind: str, call_id: int, cancel_after: float | None) -> dict[str, Any]:
    """Run one job in a thread; cancel it after `cancel_after` seconds (None: never)."""
    with app.app_context():
        job_id = start_job(kind, call_id).id

    def work() -> None:
        with app.app_context():
            db.engine.dispose(close=False)  # the child's own connections
            execute_job(job_id)

    worker = multiprocessing.get_context("fork").Process(target=work)
    began = time.perf_counter()
    worker.start()
    steps: dict[str, float] = {}
    pressed = None
    with app.app_context():
        while worker.is_alive():
            if cancel_after is not None and pressed is None \
                    and time.perf_counter() - began >= cancel_after:
                pressed = time.perf_counter()
                steps.setdefault("cancel pressed", round(pressed - began, 2))
                press_cancel(job_id)
                steps.setdefault("cancel stored", round(time.perf_counter() - began, 2))
            with db.engine.connect() as conn:
                step = conn.scalar(select(Job.step_index).where(Job.id == job_id))
            steps.setdefault(f"step {step}", round(time.perf_counter() - began, 2))
            time.sleep(0.02)
        ended = time.perf_counter()
        worker.join()
        job = db.session.get(Job, job_id)
        assert job is not None
        db.session.refresh(job)
        status = job.status
    return {"status": status, "seconds": round(ended - began, 2), "seen": steps,
            "after_cancel": None if pressed is None else round(ended - pressed, 2)}


def main() -> None:
    """Run the benchmark on SQLite, or on a schema of its own in PostgreSQL."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--apps", type=int, default=3000)
    parser.add_argument("--experts", type=int, default=3000)
    parser.add_argument("--points", type=float, nargs="+", default=[0.2, 0.5, 0.8])
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    config: dict[str, Any] = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}", "SECRET_KEY": "bench",
        "JOBS_SQLITE_PATH": str(folder / "queue.sqlite"), "JOBS_IMMEDIATE": False}
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    if args.database_url:
        with create_engine(args.database_url).begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        config |= {"SQLALCHEMY_DATABASE_URI": args.database_url, "SQLALCHEMY_ENGINE_OPTIONS": {
            "connect_args": {"options": f"-csearch_path={schema}"}}}
    try:
        measure(create_app(config), args)
    finally:
        if args.database_url:
            with create_engine(args.database_url).begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def measure(app: Flask, args: argparse.Namespace) -> None:
    """Store the generated call, then time each kind uncancelled and cancelled."""
    with app.app_context():
        db.create_all()
        call = create_call("bench", date(2025, 3, 31), template_2025())
        store_call_book(call, generate_demo_book(seed=3, n_applications=args.apps,
                                                 n_experts=args.experts))
        for application_id in db.session.scalars(select(Application.id)):
            db.session.add(EligibilityResult(application_id=application_id, rule_id="E01",
                                             verdict="pass"))
        db.session.commit()
        call_id = call.id
        detect_conflicts(call_id)  # the affinity count reads the stored conflicts
        stored = db.session.scalar(select(func.count()).select_from(Conflict))
    for kind in ("conflicts", "affinity"):
        full = run(app, kind, call_id, None)
        print(json.dumps({"kind": kind, "applications": args.apps, "experts": args.experts,
                          "database": app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0],
                          "stored_conflicts": stored, "uncancelled": full}), flush=True)
        for point in args.points:
            print(json.dumps({"kind": kind, "at": point,
                              **run(app, kind, call_id, point * full["seconds"])}),
                  flush=True)


if __name__ == "__main__":
    main()
