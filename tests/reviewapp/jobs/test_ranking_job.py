"""The ranking run as a job on a real queue (SQLite file or Redis): the committee's pages
queue it, poll it on their own address, refuse a second one, and a cancel stores nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from reviewapp import jobs
from reviewapp.extensions import db
from reviewapp.models import AuditLog, Job, RankingRun
from reviewapp.services import ranking_runs
from reviewapp.services.ranking import RANKING_STEPS
from reviewapp.services.ranking_runs import current_run, make_ranking_run
from tests.helpers.reviewed_call import _reviewed_call


@pytest.fixture
def call_id(app, runner, tmp_path) -> int:
    """A reviewed call without a ranking run."""
    return _reviewed_call(app, runner, tmp_path)


def ranking_jobs(app, call_id):
    """The call's ranking jobs, oldest first, as (status, step, steps)."""
    with app.app_context():
        return [(job.status, job.step_index, job.step_count) for job in db.session.scalars(
            select(Job).where(Job.call_id == call_id, Job.kind == "ranking").order_by(Job.id))]


def runs(app, call_id):
    """The call's stored runs as (id, current)."""
    with app.app_context():
        return db.session.execute(select(RankingRun.id, RankingRun.current)
                                  .where(RankingRun.call_id == call_id)
                                  .order_by(RankingRun.id)).all()


def test_the_call_page_queues_the_ranking_polls_it_and_shows_the_stored_run(
        app, client, auth, call_id, drain):
    """No run: the page says so and samples nothing; the button queues one job, a second
    press is refused, the committee's poll follows it to the end and the run is stored."""
    auth.login_as("committee")
    page = f"/committee/calls/{call_id}/"
    text = client.get(page).get_data(as_text=True)
    assert "该批次尚未计算排序" in text and "/runs/refresh" in text
    assert runs(app, call_id) == []

    assert client.post(f"/committee/calls/{call_id}/runs/refresh").status_code == 302
    assert ranking_jobs(app, call_id) == [("queued", 0, 0)]
    with app.app_context():
        job_id = db.session.scalar(select(Job.id).where(Job.kind == "ranking"))
    text = client.get(page).get_data(as_text=True)
    assert f'data-poll="/committee/calls/{call_id}/jobs/{job_id}"' in text
    assert "<progress" in text and "/runs/refresh" not in text
    refused = client.post(f"/committee/calls/{call_id}/runs", follow_redirects=True)
    assert "已在本批次排队或运行" in refused.get_data(as_text=True)
    assert len(ranking_jobs(app, call_id)) == 1
    state = client.get(f"/committee/calls/{call_id}/jobs/{job_id}").get_json()
    assert (state["status"], state["finished"], state["title"]) == ("queued", False, "排序计算")

    assert drain() == 1
    assert ranking_jobs(app, call_id) == [("done", RANKING_STEPS, RANKING_STEPS)]
    state = client.get(f"/committee/calls/{call_id}/jobs/{job_id}").get_json()
    assert (state["status"], state["finished"]) == ("done", True)
    (run_id, current), = runs(app, call_id)
    assert current
    with app.app_context():
        run = db.session.get(RankingRun, run_id)
        assert run.inputs["reason"] == "first" and run.created_by is not None
        assert db.session.get(Job, job_id).result["run_id"] == run_id
    text = client.get(page).get_data(as_text=True)
    assert "<progress" not in text and str(run.sampler_seed) in text
    assert "/runs/refresh" not in text  # fresh: only "new seeds" is offered


def test_a_cancel_while_storing_rolls_the_new_run_back(app, client, auth, call_id, drain,
                                                       monkeypatch):
    """Cancelled after the last step, before the commit: no run stored, the old one current."""
    with app.app_context():
        old = make_ranking_run(call_id, None).id
    auth.login_as("committee")
    client.post(f"/committee/calls/{call_id}/runs")
    extras = ranking_runs.ranking_extras

    def cancel_then_extras(*args, **kwargs):
        """The committee presses cancel while the result is being built."""
        with db.engine.begin() as conn:
            conn.execute(update(Job).where(Job.kind == "ranking").values(cancel_requested=True))
        return extras(*args, **kwargs)

    monkeypatch.setattr(ranking_runs, "ranking_extras", cancel_then_extras)
    assert drain() == 1
    assert [status for status, *_ in ranking_jobs(app, call_id)] == ["cancelled"]
    assert runs(app, call_id) == [(old, True)]
    with app.app_context():
        assert current_run(call_id).id == old
        assert not db.session.scalars(select(AuditLog).where(
            AuditLog.action == "ranking_run", AuditLog.object_id != str(old))).all()


def test_a_queued_ranking_is_cancelled_at_once_from_the_committee_page(
        app, client, auth, call_id, drain):
    """The committee's cancel stops a queued job; the worker then skips it."""
    auth.login_as("committee")
    client.post(f"/committee/calls/{call_id}/runs/refresh")
    with app.app_context():
        job_id = db.session.scalar(select(Job.id).where(Job.kind == "ranking"))
    response = client.post(f"/committee/calls/{call_id}/jobs/{job_id}/cancel",
                           headers={"Accept": "application/json"})
    assert response.get_json()["status"] == "cancelled"
    drain()
    assert [status for status, *_ in ranking_jobs(app, call_id)] == ["cancelled"]
    assert runs(app, call_id) == []


@pytest.mark.parametrize("role, status", [
    (None, 302), ("expert", 403), ("committee", 200), ("staff", 200), ("admin", 200)])
def test_the_committee_poll_per_role(app, client, auth, call_id, role, status):
    """Anonymous → login; expert → 403; committee, staff and admin → the ranking job."""
    with app.app_context():
        job_id = jobs.start_job("ranking", call_id, {"mode": "refresh"}).id
    if role:
        auth.login_as(role)
    url = f"/committee/calls/{call_id}/jobs/{job_id}"
    response = client.get(url)
    assert response.status_code == status
    if status == 302:
        assert "/login" in response.headers["Location"]
    if status == 200:
        assert response.get_json()["id"] == job_id
        assert response.headers["Cache-Control"] == "no-store"
    cancel = client.post(f"{url}/cancel")
    assert cancel.status_code == (403 if role == "expert" else 302)


def test_committee_members_poll_only_ranking_jobs_of_the_call(app, client, auth, call_id):
    """Another kind of job, another call's address or the staff poll: not for the committee."""
    with app.app_context():
        ranking = jobs.start_job("ranking", call_id, {"mode": "refresh"}).id
        other = jobs.start_job("eligibility", call_id).id
    auth.login_as("committee")
    assert client.get(f"/committee/calls/{call_id}/jobs/{other}").status_code == 404
    assert client.post(f"/committee/calls/{call_id}/jobs/{other}/cancel").status_code == 404
    assert client.get(f"/committee/calls/{call_id + 1}/jobs/{ranking}").status_code == 404
    assert client.get(f"/staff/calls/{call_id}/jobs/{ranking}").status_code == 403
    auth.logout()
    auth.login_as("staff")
    assert client.get(f"/committee/calls/{call_id}/jobs/{other}").status_code == 200
    with app.app_context():
        assert db.session.get(Job, other).status == "queued"
