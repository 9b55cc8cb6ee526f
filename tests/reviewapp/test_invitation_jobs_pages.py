"""Invite and refill from the invitations page as jobs (inline under tests): what they did
is shown when they end, and both hold the call's assignment lock."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from reviewapp.extensions import db
from reviewapp.models import Assignment, AssignmentRun, Expert, Job, MailMessage
from tests.helpers.invitation_data import invite_and_refuse, pairs_by_code, store_assigned_call


@pytest.fixture
def call_id(app) -> int:
    """A call with a stored run, nobody invited yet."""
    with app.app_context():
        return store_assigned_call()


def test_the_invite_button_runs_the_job_and_shows_the_counts(app, client, auth, call_id):
    """Invited pairs, one message per expert in the outbox, and the page says so."""
    auth.login_as("staff")
    page = client.post(f"/staff/calls/{call_id}/invitations/send", follow_redirects=True)
    text = page.get_data(as_text=True)
    with app.app_context():
        job = db.session.scalars(select(Job)).one()
        experts = db.session.scalar(select(func.count(MailMessage.id)))
        pairs = db.session.scalar(select(func.count(Assignment.id)))
        assert (job.kind, job.lock_key, job.status) == ("invite", "assignment", "done")
        assert job.result == {"experts": experts, "pairs": pairs, "smtp": False,
                              "mail": {"sent": 0, "outbox": experts, "failed": 0}}
        assert (job.step_index, job.step_count) == (2, 2)
    assert (f"邀请：{experts} 位专家，{pairs} 个评审任务。已发送 0 封，"
            f"存入待发邮件 {experts} 封") in text


def test_the_refill_button_lists_the_places_it_filled(app, client, auth, call_id):
    """The job re-runs, invites the new experts and names each refilled place."""
    with app.app_context():
        apps = invite_and_refuse(call_id)
        mails = db.session.scalar(select(func.count(MailMessage.id)))
    auth.login_as("staff")
    text = client.post(f"/staff/calls/{call_id}/invitations/refill",
                       follow_redirects=True).get_data(as_text=True)
    with app.app_context():
        job = db.session.scalars(select(Job)).one()
        result = job.result
        assert (job.kind, job.lock_key, job.status) == ("refill", "assignment", "done")
        assert result["status"] != "infeasible" and result["open_slots"] == 2
        assert sorted(app_id for app_id, _ in result["new_pairs"]) == apps
        after = pairs_by_code(call_id)
        assert all(after[tuple(pair)].status == "invited" for pair in result["new_pairs"])
        assert db.session.scalar(select(func.count(MailMessage.id))) == mails + 2
        assert (job.step_index, job.step_count) == (6, 6)
    assert f"第 {result['run_id']} 次分配补足了 2 个空缺名额中的 2 个" in text
    for app_id, expert_id in result["new_pairs"]:
        assert f"{app_id} ← {expert_id}" in text
    assert "补充分配：2 位专家，2 个评审任务" in text


def test_an_infeasible_refill_shows_the_diagnosis_and_changes_no_pair(app, client, auth,
                                                                      call_id):
    """No free expert left: the run is stored as infeasible, the page says why."""
    with app.app_context():
        apps = invite_and_refuse(call_id)
        pairs = pairs_by_code(call_id)
        # Only the experts already on (or refused by) the two open panels stay available.
        keep = {pair.expert_id for (app_id, _), pair in pairs.items() if app_id in apps}
        for expert in db.session.scalars(select(Expert).where(Expert.call_id == call_id)):
            expert.available = expert.id in keep
        db.session.commit()
        before = {key: pair.status for key, pair in pairs_by_code(call_id).items()}
    auth.login_as("staff")
    text = client.post(f"/staff/calls/{call_id}/invitations/refill",
                       follow_redirects=True).get_data(as_text=True)
    with app.app_context():
        job = db.session.scalars(select(Job)).one()
        assert job.status == "done" and job.result["status"] == "infeasible"
        assert job.result["invited"] is None and job.result["diagnostics"]
        run = db.session.get(AssignmentRun, job.result["run_id"])
        assert run.status == "infeasible" and not run.is_current
        assert {key: pair.status for key, pair in pairs_by_code(call_id).items()} == before
    assert "重新分配未找到可行方案" in text
    assert job.result["diagnostics"][0]["zh"][:20] in text


def test_a_refill_with_no_open_place_fails_with_the_reason(app, client, auth, call_id):
    """Nothing declined: the job fails saying so; nothing stored."""
    auth.login_as("staff")
    text = client.post(f"/staff/calls/{call_id}/invitations/refill",
                       follow_redirects=True).get_data(as_text=True)
    assert "没有因谢绝或回避而空出的名额。" in text
    with app.app_context():
        assert db.session.scalars(select(Job.status)).all() == ["failed"]
        assert db.session.scalar(select(func.count(AssignmentRun.id))) == 1
