"""Invitations and reminders: experts of the current assignment learn of their tasks.

`invite_experts` moves every `assigned` pair of the call to `invited` in one conditional
UPDATE, so two staff members pressing the button at once (or a re-invite after a refill)
never mail the same pair twice: only the rows that one UPDATE changed are written to.
One message per expert lists their newly invited applications and the login link.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exists, select, update

from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, AssignmentRun, Call, Expert, MailMessage
from reviewapp.models.common import utcnow
from reviewapp.progress import N_, NO_PROGRESS, Progress
from reviewapp.services.audit import record_audit
from reviewapp.services.mail import MailSettings, deliver, expert_language
from reviewapp.services.mail_text import Task, compose

# Pairs a reminder is about: invited and not answered, or accepted and not yet reviewed.
OPEN_FOR_EXPERT = ("invited", "accepted")
# Steps an invitation job reports: writing the invitations, sending the mail.
INVITE_STEPS = 2


class InvitationError(ValueError):
    """An invitation or reminder the service refuses, with a message for the user."""


@dataclass(frozen=True)
class MailResult:
    """What one invitation or reminder round did: experts and pairs, and mail by status."""

    experts: int
    pairs: int
    mail: dict[str, int] = field(default_factory=dict)
    message_ids: tuple[int, ...] = ()


def get_call(call_id: int) -> Call:
    """The call, or InvitationError when there is none."""
    call = db.session.get(Call, call_id)
    if call is None:
        raise InvitationError(f"no call with id {call_id}")
    return call


def _letters(call: Call, kind: str, pairs: Sequence[Assignment], settings: MailSettings,
             user: Any) -> list[MailMessage]:
    """One stored message per expert of `pairs`, listing that expert's applications."""
    by_expert: dict[int, list[Assignment]] = defaultdict(list)
    for pair in pairs:
        by_expert[pair.expert_id].append(pair)
    messages = []
    for rows in by_expert.values():
        expert = rows[0].expert
        rows.sort(key=lambda r: r.application.app_id)
        language = expert_language(expert.expert_id)
        letter = compose(kind, language, expert.name, call.name,
                         [Task(r.application.app_id, r.application.title) for r in rows],
                         settings.login_url)
        message = MailMessage(
            call_id=call.id, expert_id=expert.id, kind=kind, recipient=expert.email or "",
            language=language, subject=letter.subject, body=letter.body,
            assignment_ids=[r.id for r in rows], created_by=getattr(user, "id", None))
        db.session.add(message)
        messages.append(message)
    db.session.flush()
    return messages


def _pairs(ids: Sequence[int]) -> list[Assignment]:
    """The assignment rows with these ids, application and expert loaded."""
    if not ids:
        return []
    return list(db.session.scalars(select(Assignment).where(Assignment.id.in_(ids))
                                   .join(Assignment.application).join(Assignment.expert)
                                   .order_by(Expert.expert_id, Application.app_id)
                                   .execution_options(populate_existing=True)))


def invite_experts(call_id: int, user: Any, settings: MailSettings,
                   progress: Progress = NO_PROGRESS) -> MailResult:
    """Invite every expert with `assigned` pairs in the call: one message each; audited.

    The pairs become `invited` (with `invited_at`) and the messages are committed in one
    transaction; they are sent afterwards when SMTP is configured (`deliver`). Pairs
    already invited are left alone, so re-inviting mails only experts with new pairs.
    A job's `progress` hears two steps; a cancel before the commit stores nothing, one
    after it lets the stored messages be sent (a message is never half sent).
    """
    progress.step(1, INVITE_STEPS, N_("Writing the invitations"))
    call = get_call(call_id)
    has_run = db.session.scalar(select(exists().where(AssignmentRun.call_id == call_id)))
    if not has_run:
        raise InvitationError("the call has no assignment run yet: run the assignment first")
    now = utcnow()
    ids = list(db.session.scalars(
        update(Assignment)
        .where(Assignment.call_id == call_id, Assignment.status == "assigned")
        .values(status="invited", invited_at=now)
        .returning(Assignment.id)
        .execution_options(synchronize_session=False)))
    pairs = _pairs(ids)
    messages = _letters(call, "invitation", pairs, settings, user)
    record_audit(user, "invitations.send", "call", call_id,
                 after={"pairs": len(pairs), "experts": len(messages),
                        "smtp": settings.smtp}, call_id=call_id)
    progress.check_cancelled()
    db.session.commit()
    message_ids = tuple(m.id for m in messages)
    progress.note(2, INVITE_STEPS, N_("Sending the mail"))
    sent = deliver(message_ids, settings)
    return MailResult(len(messages), len(pairs), sent, message_ids)


def send_reminders(call_id: int, expert_codes: Sequence[str] | None, user: Any,
                   settings: MailSettings) -> MailResult:
    """Remind experts (by pool code; None: every expert) of their open tasks; audited.

    One message per expert lists their invited or accepted pairs not yet reviewed; an
    expert without open tasks gets nothing. Sent, or kept in the outbox, as invitations.
    """
    call = get_call(call_id)
    query = (select(Assignment.id).join(Assignment.expert)
             .where(Assignment.call_id == call_id,
                    Assignment.status.in_(OPEN_FOR_EXPERT)))
    if expert_codes is not None:
        query = query.where(Expert.expert_id.in_(list(expert_codes)))
    pairs = _pairs(list(db.session.scalars(query)))
    messages = _letters(call, "reminder", pairs, settings, user)
    record_audit(user, "invitations.remind", "call", call_id,
                 after={"pairs": len(pairs), "experts": len(messages),
                        "asked": None if expert_codes is None else sorted(expert_codes)},
                 call_id=call_id)
    db.session.commit()
    message_ids = tuple(m.id for m in messages)
    return MailResult(len(messages), len(pairs), deliver(message_ids, settings), message_ids)


def resend_outbox(call_id: int, user: Any, settings: MailSettings) -> dict[str, int]:
    """Try again to send the call's unsent or failed messages (needs SMTP); audited."""
    get_call(call_id)
    if not settings.smtp:
        raise InvitationError("no SMTP server is configured (REVIEWAPP_SMTP_HOST)")
    ids = list(db.session.scalars(select(MailMessage.id).where(
        MailMessage.call_id == call_id, MailMessage.status.in_(("outbox", "failed")))))
    record_audit(user, "invitations.resend", "call", call_id, after={"messages": len(ids)},
                 call_id=call_id)
    db.session.commit()
    return deliver(ids, settings)
