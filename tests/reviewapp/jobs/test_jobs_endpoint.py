"""The progress poll and cancel: JSON per role, only through the job's own call."""

from __future__ import annotations

import pytest

from reviewapp import jobs
from reviewapp.extensions import db
from reviewapp.models import Call, Job
from reviewapp.models.common import utcnow


@pytest.fixture
def call_ids(app):
    """Two stored calls' ids."""
    with app.app_context():
        calls = [Call(name=f"批次 {n}", deadline=utcnow().date()) for n in (1, 2)]
        db.session.add_all(calls)
        db.session.commit()
        return [call.id for call in calls]


@pytest.fixture
def job_id(app, call_ids):
    """A queued job of the first call."""
    with app.app_context():
        return jobs.start_job("test.steps", call_ids[0]).id


@pytest.mark.parametrize("role, status", [
    (None, 302), ("expert", 403), ("committee", 403), ("staff", 200), ("admin", 200)])
def test_the_poll_answers_staff_and_admin_only(client, auth, call_ids, job_id, role, status):
    """Anonymous → login; expert and committee → 403; staff and admin → the state."""
    if role:
        auth.login_as(role)
    response = client.get(f"/staff/calls/{call_ids[0]}/jobs/{job_id}")
    assert response.status_code == status
    if status == 302:
        assert "/login" in response.headers["Location"]
    if status == 200:
        data = response.get_json()
        assert (data["id"], data["status"], data["finished"]) == (job_id, "queued", False)
        assert data["status_label"] == "等待工作进程"
        assert response.headers["Cache-Control"] == "no-store"


def test_a_job_is_reached_only_through_its_own_call(client, auth, call_ids, job_id):
    """Another call's address, or the call-less address, is a 404."""
    auth.login_as("staff")
    assert client.get(f"/staff/calls/{call_ids[1]}/jobs/{job_id}").status_code == 404
    assert client.get(f"/staff/jobs/{job_id}").status_code == 404
    assert client.get(f"/staff/calls/{call_ids[0]}/jobs/999999").status_code == 404
    assert client.post(f"/staff/calls/{call_ids[1]}/jobs/{job_id}/cancel").status_code == 404


def test_the_poll_translates_the_step(app, client, auth, call_ids, job_id):
    """The stored msgid comes back in the page's language with "i/n"."""
    # Its own app context: the requests must not share one (Babel keeps the locale in g).
    with app.app_context():
        job = db.session.get(Job, job_id)
        job.status, job.message, job.step_index, job.step_count = (
            "running", "Building the conflict matrix", 3, 5)
        job.heartbeat_at = utcnow()
        db.session.commit()
    auth.login_as("staff")
    data = client.get(f"/staff/calls/{call_ids[0]}/jobs/{job_id}").get_json()
    assert data["text"] == "构建冲突矩阵 3/5"
    assert data["title"] == "Test steps"
    client.post("/language/en")
    data = client.get(f"/staff/calls/{call_ids[0]}/jobs/{job_id}").get_json()
    assert data["text"] == "Building the conflict matrix 3/5"


@pytest.mark.parametrize("role, status", [
    (None, 302), ("expert", 403), ("committee", 403), ("staff", 200), ("admin", 200)])
def test_cancel_is_for_staff_and_admin(app, client, auth, call_ids, job_id, role, status):
    """Only staff and admin cancel; the JSON answer is the new state."""
    if role:
        auth.login_as(role)
    response = client.post(f"/staff/calls/{call_ids[0]}/jobs/{job_id}/cancel",
                           headers={"Accept": "application/json"})
    assert response.status_code == status
    expected = "cancelled" if status == 200 else "queued"
    with app.app_context():
        assert db.session.get(Job, job_id).status == expected
    if status == 200:
        assert response.get_json()["status"] == "cancelled"


def test_cancel_without_script_goes_back_to_the_call(client, auth, call_ids, job_id):
    """A plain form post is redirected to the call's overview."""
    auth.login_as("staff")
    response = client.post(f"/staff/calls/{call_ids[0]}/jobs/{job_id}/cancel")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/calls/{call_ids[0]}")


def test_a_call_less_job_has_its_own_address(app, client, auth):
    """Jobs without a call (an import) are polled at /staff/jobs/<id>."""
    with app.app_context():
        job_id = jobs.start_job("test.steps", None).id
    auth.login_as("staff")
    assert client.get(f"/staff/jobs/{job_id}").get_json()["id"] == job_id
