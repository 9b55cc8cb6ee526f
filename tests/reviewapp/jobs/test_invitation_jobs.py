"""Invite and refill as jobs on a real queue (SQLite file or Redis): they share the lock of
assignment runs, and a cancel leaves no pair invited, no message and no run half stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from assignment.problem import Result
from reviewapp.extensions import db
from reviewapp.models import AssignmentRun, AuditLog, Job, MailMessage
from reviewapp.services import invitations
from reviewapp.services.assignment_current import current_run
from tests.helpers.invitation_data import (
    PER_APP,
    invite_and_refuse,
    pairs_by_code,
    store_assigned_call,
)


@pytest.fixture
def call_id(app) -> int:
    """A call with a stored run, nobody invited yet."""
    with app.app_context():
        return store_assigned_call()


def jobs_of(app, call_id):
    """The call's jobs, oldest first, as (kind, status)."""
    with app.app_context():
        return [(job.kind, job.status) for job in db.session.scalars(
            select(Job).where(Job.call_id == call_id).order_by(Job.id))]


def statuses(app, call_id):
    """Each pair's status by (application, expert)."""
    with app.app_context():
        return {key: pair.status for key, pair in pairs_by_code(call_id).items()}


def mail_count(app) -> int:
    """Stored messages."""
    with app.app_context():
        return db.session.scalar(select(func.count(MailMessage.id))) or 0


def press_cancel(call_id: int) -> None:
    """Staff press cancel on the call's running job (from another connection)."""
    with db.engine.begin() as conn:
        conn.execute(update(Job).where(Job.call_id == call_id, Job.status == "running")
                     .values(cancel_requested=True))


def test_invite_refill_and_assignment_runs_exclude_each_other(app, client, auth, call_id,
                                                              drain):
    """A queued assignment run refuses the invitation; a queued invitation the refill and
    a second invitation; drained in order, each runs."""
    auth.login_as("staff")
    base = f"/staff/calls/{call_id}"
    client.post(f"{base}/assignment/run", data={"per_app": str(PER_APP), "mode": "optimal",
                                                "make_current": "y"})
    refused = client.post(f"{base}/invitations/send", follow_redirects=True)
    assert "专家分配 已在本批次排队或运行" in refused.get_data(as_text=True)
    assert jobs_of(app, call_id) == [("assignment", "queued")]
    assert drain() == 1

    client.post(f"{base}/invitations/send")
    page = client.get(f"{base}/invitations").get_data(as_text=True)
    assert "<progress" in page and f'data-poll="{base}/jobs/' in page
    for action in ("refill", "send"):
        text = client.post(f"{base}/invitations/{action}", follow_redirects=True)
        assert "邀请 已在本批次排队或运行" in text.get_data(as_text=True)
    started = client.post(f"{base}/assignment/run", data={
        "per_app": str(PER_APP), "mode": "optimal", "make_current": "y"})
    assert started.status_code == 409
    assert jobs_of(app, call_id) == [("assignment", "done"), ("invite", "queued")]
    assert drain() == 1
    assert jobs_of(app, call_id)[-1] == ("invite", "done")
    assert set(statuses(app, call_id).values()) == {"invited"}
    page = client.get(f"{base}/invitations").get_data(as_text=True)
    assert "<progress" not in page and "邀请：" in page


def test_a_cancelled_invitation_invites_and_mails_nobody(app, client, auth, call_id, drain,
                                                        monkeypatch):
    """Cancelled after the first step, before the commit: every pair still `assigned`."""
    auth.login_as("staff")
    client.post(f"/staff/calls/{call_id}/invitations/send")
    get_call = invitations.get_call

    def cancel_then_get(wanted: int):
        """The cancel arrives as the invitations are being written."""
        press_cancel(wanted)
        return get_call(wanted)

    monkeypatch.setattr(invitations, "get_call", cancel_then_get)
    assert drain() == 1
    assert jobs_of(app, call_id) == [("invite", "cancelled")]
    assert set(statuses(app, call_id).values()) == {"assigned"}
    assert mail_count(app) == 0
    with app.app_context():
        assert db.session.scalar(select(AuditLog.id).where(
            AuditLog.action == "invitations.send")) is None


def test_a_refill_job_runs_on_the_queue_with_its_steps(app, client, auth, call_id, drain):
    """Queued, then drained: six steps, the new pairs invited and mailed."""
    with app.app_context():
        apps = invite_and_refuse(call_id)
    mails = mail_count(app)
    auth.login_as("staff")
    client.post(f"/staff/calls/{call_id}/invitations/refill")
    assert jobs_of(app, call_id) == [("refill", "queued")]
    assert drain() == 1
    with app.app_context():
        job = db.session.scalars(select(Job)).one()
        assert (job.status, job.step_index, job.step_count) == ("done", 6, 6)
        assert sorted(app_id for app_id, _ in job.result["new_pairs"]) == apps
        assert current_run(call_id).id == job.result["run_id"]
    assert mail_count(app) == mails + 2


def test_a_refill_cancelled_after_its_run_stores_neither_run_nor_invitation(
        app, client, auth, call_id, drain, monkeypatch):
    """The cancel lands once the re-run is solved: its run, pairs and mail are rolled back."""
    with app.app_context():
        invite_and_refuse(call_id)
        runs = db.session.scalar(select(func.count(AssignmentRun.id)))
        current = current_run(call_id).id
    before, mails = statuses(app, call_id), mail_count(app)
    auth.login_as("staff")
    client.post(f"/staff/calls/{call_id}/invitations/refill")
    summary = Result.summary

    def cancel_then_summary(result):
        """The cancel arrives after the solver, before the run is written."""
        press_cancel(call_id)
        return summary(result)

    monkeypatch.setattr(Result, "summary", cancel_then_summary)
    assert drain() == 1
    assert jobs_of(app, call_id) == [("refill", "cancelled")]
    assert statuses(app, call_id) == before and mail_count(app) == mails
    with app.app_context():
        assert db.session.scalar(select(func.count(AssignmentRun.id))) == runs
        assert current_run(call_id).id == current
