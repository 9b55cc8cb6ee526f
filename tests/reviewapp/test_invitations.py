"""Invitations: the command, the outbox, SMTP, no duplicates, language, reminders."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import Assignment, AuditLog, Expert, MailMessage
from reviewapp.services import mail as mail_service
from reviewapp.services.invitations import invite_experts, send_reminders
from reviewapp.services.mail import MailSettings, mail_settings
from tests.helpers.invitation_data import FakeSMTP, pairs_by_code, store_assigned_call

OUTBOX = MailSettings(base_url="http://review.example/")
SMTP = MailSettings(host="smtp.example", base_url="http://review.example/")


@pytest.fixture
def call_id(app) -> int:
    """A call with a stored run, nobody invited yet."""
    with app.app_context():
        return store_assigned_call()


@pytest.fixture
def fake_smtp(monkeypatch):
    """smtplib.SMTP replaced by a recorder."""
    FakeSMTP.sent, FakeSMTP.refuse = [], False
    monkeypatch.setattr(mail_service.smtplib, "SMTP", FakeSMTP)
    return FakeSMTP


def test_invite_command_fills_the_outbox_once(app, runner, call_id):
    """Every pair becomes invited; one message per expert; a second run mails nobody."""
    done = runner.invoke(args=["invite", str(call_id)])
    assert done.exit_code == 0, done.output
    summary = json.loads(done.output.strip().splitlines()[-1])
    with app.app_context():
        pairs = list(pairs_by_code(call_id).values())
        experts = {p.expert_id for p in pairs}
        assert {p.status for p in pairs} == {"invited"}
        assert all(p.invited_at is not None for p in pairs)
        messages = db.session.scalars(select(MailMessage)).all()
        assert len(messages) == len(experts) == summary["experts"]
        assert summary["pairs"] == len(pairs) and summary["mail"]["outbox"] == len(messages)
        assert {m.status for m in messages} == {"outbox"} and {m.kind for m in messages} == {
            "invitation"}
        first = messages[0]
        own = [p for p in pairs if p.expert_id == first.expert_id]
        assert sorted(first.assignment_ids) == sorted(p.id for p in own)
        for pair in own:
            assert pair.application.app_id in first.body
            assert pair.application.title in first.body
        assert "评审邀请" in first.subject and "/login?next=/expert/" in first.body
    again = runner.invoke(args=["invite", str(call_id)])
    assert json.loads(again.output.strip().splitlines()[-1])["experts"] == 0
    with app.app_context():
        assert db.session.scalar(select(db.func.count(MailMessage.id))) == len(experts)
        assert db.session.scalars(select(AuditLog).where(
            AuditLog.action == "invitations.send")).all()


def test_invite_without_a_run_says_so(app, runner):
    """A call without any run cannot be invited: a clear error and a non-zero exit."""
    from datetime import date

    from reviewapp.call_settings_model import template_2025
    from reviewapp.services.call_import import create_call

    with app.app_context():
        call = create_call("空批次", date(2025, 3, 31), template_2025())
        db.session.commit()
        empty = call.id
    done = runner.invoke(args=["invite", str(empty)])
    assert done.exit_code != 0 and "run the assignment first" in done.output
    assert runner.invoke(args=["invite", "99999"]).exit_code != 0


def test_smtp_sends_and_failures_stay_visible(app, call_id, fake_smtp):
    """With SMTP every message with an address is sent; a refused one is kept as failed."""
    with app.app_context():
        expert = db.session.scalars(select(Expert).join(Assignment, Assignment.expert_id
                                                        == Expert.id)).first()
        expert.email = ""
        db.session.commit()
        result = invite_experts(call_id, None, SMTP)
        messages = db.session.scalars(select(MailMessage)).all()
        assert result.mail["sent"] == len(messages) - 1 == len(fake_smtp.sent)
        kept = [m for m in messages if m.status == "outbox"]
        assert len(kept) == 1 and kept[0].expert_id == expert.id and "no e-mail" in kept[0].error
        assert fake_smtp.sent[0]["Subject"].startswith("【评审邀请】")
        fake_smtp.refuse = True
        reminded = send_reminders(call_id, None, None, SMTP)
        assert reminded.mail["failed"] == reminded.experts - 1
        failed = db.session.scalars(select(MailMessage).where(
            MailMessage.status == "failed")).all()
        assert failed and all("refused" in m.error for m in failed)


def test_english_when_the_account_says_so(app, call_id, make_user):
    """An expert whose account is set to English gets the English text."""
    with app.app_context():
        code = db.session.scalars(select(Expert.expert_id).join(
            Assignment, Assignment.expert_id == Expert.id)).first()
    make_user("expert", expert_code=code)
    with app.app_context():
        from reviewapp.models import User

        user = db.session.scalars(select(User).where(User.expert_code == code)).one()
        user.locale = "en"
        db.session.commit()
        invite_experts(call_id, None, OUTBOX)
        english = db.session.scalars(select(MailMessage).join(Expert).where(
            Expert.expert_id == code)).one()
        others = db.session.scalars(select(MailMessage).where(
            MailMessage.id != english.id)).all()
        assert english.language == "en" and english.subject.startswith("Invitation to review")
        assert {m.language for m in others} == {"zh"}


def test_reminders_list_only_open_tasks_of_the_named_experts(app, call_id):
    """A reminder goes to named experts with invited/accepted pairs, listing only those."""
    with app.app_context():
        invite_experts(call_id, None, OUTBOX)
        pairs = sorted(pairs_by_code(call_id).items())
        (_, finished), done_pair = pairs[0]
        (open_app, waiting), _open_pair = next(p for p in pairs if p[0][1] != finished)
        for (_, expert), pair in pairs:
            if expert == finished:
                pair.status = "done"
        db.session.commit()
        result = send_reminders(call_id, [finished, waiting], None, OUTBOX)
        assert result.experts == 1
        reminder = db.session.scalars(select(MailMessage).where(
            MailMessage.kind == "reminder")).one()
        assert db.session.get(Expert, reminder.expert_id).expert_id == waiting
        assert done_pair.id not in reminder.assignment_ids and open_app in reminder.body
        assert "评审提醒" in reminder.subject


def test_mail_settings_read_smtp_and_mail_keys():
    """REVIEWAPP_SMTP_* keys win over Flask-Mail's MAIL_*; no host means the outbox."""
    assert not mail_settings({}).smtp
    settings = mail_settings({"SMTP_HOST": "mx", "SMTP_PORT": 587, "SMTP_STARTTLS": True,
                              "MAIL_SERVER": "other", "BASE_URL": "https://r.example/"})
    assert (settings.host, settings.port, settings.starttls) == ("mx", 587, True)
    assert settings.login_url == "https://r.example/login?next=/expert/"
    assert mail_settings({"MAIL_SERVER": "m2", "MAIL_USE_SSL": True}).ssl
