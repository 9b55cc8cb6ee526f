"""The assignment run as a job on a real queue (SQLite file or Redis): progress until done."""

from __future__ import annotations

import multiprocessing
from collections import Counter

import pytest
from sqlalchemy import func, select, update

from assignment import solvers
from assignment.solvers import SolveStopped
from reviewapp.extensions import db
from reviewapp.jobs import runner
from reviewapp.models import Application, Assignment, AssignmentRun, Expert, Job, RunPair
from reviewapp.services import assignment as assignment_service
from reviewapp.services.conflicts import forbidden_pairs
from tests.helpers.assignment_call import K
from tests.helpers.assignment_call import call_id as call_id  # noqa: F401 (fixture)


def test_page_shows_the_run_progress_until_done(app, client, auth, call_id, drain):
    """Queued: the page shows the bar and refuses a second run; drained: the run is stored."""
    auth.login_as("staff")
    base = f"/staff/calls/{call_id}/assignment"
    data = {"per_app": str(K), "mode": "optimal", "make_current": "y"}
    started = client.post(f"{base}/run", data=data)
    assert started.status_code == 302 and started.headers["Location"].endswith(base)
    page = client.get(base).get_data(as_text=True)
    assert "<progress" in page and "等待" in page
    assert client.post(f"{base}/run", data=data).status_code == 409
    assert drain() == 1
    page = client.get(base).get_data(as_text=True)
    assert "<progress" not in page
    with app.app_context():
        job = db.session.scalars(select(Job).where(Job.kind == "assignment")).one()
        run = db.session.scalars(select(AssignmentRun)).one()
        assert (job.status, job.result["run_id"]) == ("done", run.id)
        assert run.is_current and run.created_by is not None
        pairs = db.session.execute(
            select(Application.app_id, Expert.expert_id).select_from(RunPair)
            .join(Application, Application.id == RunPair.application_id)
            .join(Expert, Expert.id == RunPair.expert_id)).all()
        codes = forbidden_pairs(call_id)
    assert f"#{run.id}" in page
    assert set(Counter(a for a, _ in pairs).values()) == {K}
    assert not codes & {(a, e) for a, e in pairs}


@pytest.mark.parametrize("mode", ["optimal", "fair"])
def test_a_cancel_during_the_solve_stops_it_and_stores_nothing(app, client, auth, call_id,
                                                               drain, monkeypatch, mode):
    """Staff cancel while the solver works: the solver itself stops, no run is stored."""
    # The detection and the affinity poll too: read the row at every poll, so the
    # solver's first poll is not answered from the last second's reading.
    monkeypatch.setattr(runner, "STOP_POLL_SECONDS", 0.0)
    auth.login_as("staff")
    real_solve = assignment_service.solve
    seen: list[str] = []

    def solve_while_cancelled(*args, **kwargs):
        with db.engine.begin() as conn:  # staff press cancel once the solve has begun
            conn.execute(update(Job).values(cancel_requested=True))
        try:
            return real_solve(*args, **kwargs)
        except SolveStopped:
            seen.append("stopped by the solver")
            raise

    monkeypatch.setattr(assignment_service, "solve", solve_while_cancelled)
    base = f"/staff/calls/{call_id}/assignment"
    data = {"per_app": str(K), "mode": mode, "make_current": "y"}
    assert client.post(f"{base}/run", data=data).status_code == 302
    assert drain() == 1
    assert seen == ["stopped by the solver"]
    with app.app_context():
        job = db.session.scalars(select(Job).where(Job.kind == "assignment")).one()
        assert job.status == "cancelled"
        for model in (AssignmentRun, RunPair, Assignment):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0


def test_a_fair_run_solves_in_its_child_process_to_the_end(app, client, auth, call_id, drain):
    """Not cancelled, the fair mode's child process answers and the run is stored."""
    auth.login_as("staff")
    data = {"per_app": str(K), "mode": "fair", "make_current": "y"}
    assert client.post(f"/staff/calls/{call_id}/assignment/run", data=data).status_code == 302
    assert drain() == 1
    with app.app_context():
        job = db.session.scalars(select(Job).where(Job.kind == "assignment")).one()
        run = db.session.scalars(select(AssignmentRun)).one()
        assert job.status == "done" and run.status in ("optimal", "feasible")
        assert run.mode == "fair" and run.is_current
        pairs = db.session.scalars(select(RunPair.application_id)
                                   .where(RunPair.run_id == run.id)).all()
    assert set(Counter(pairs).values()) == {K}


def test_a_cancel_ends_the_fair_modes_child_process(app, client, auth, call_id, drain,
                                                    monkeypatch):
    """Cancel pressed as the fair mode's child process starts: it is ended, nothing kept."""
    auth.login_as("staff")
    monkeypatch.setattr(runner, "STOP_POLL_SECONDS", 0.05)
    real_run = solvers.run_stoppable
    ended: list[bool] = []

    def press_cancel() -> None:
        with app.app_context(), db.engine.begin() as conn:
            conn.execute(update(Job).values(cancel_requested=True))

    def run_then_cancel(function, args, should_stop):
        # Pressed as the child is spawned: run_stoppable starts it before its first poll, and
        # a spawned interpreter cannot answer within that poll, so the cancel always finds the
        # child working (a timer racing the child failed on a loaded machine).
        press_cancel()
        try:
            return real_run(function, args, should_stop)
        except SolveStopped:
            ended.append(not multiprocessing.active_children())
            raise

    monkeypatch.setattr(solvers, "run_stoppable", run_then_cancel)
    data = {"per_app": str(K), "mode": "fair", "make_current": "y"}
    assert client.post(f"/staff/calls/{call_id}/assignment/run", data=data).status_code == 302
    assert drain() == 1
    assert ended == [True]
    with app.app_context():
        assert db.session.scalars(select(Job.status)).one() == "cancelled"
        for model in (AssignmentRun, RunPair, Assignment):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0
