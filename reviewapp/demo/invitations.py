"""The demo call's invitations: every expert invited, and answers of every kind.

After the simulated reviews, the reviewed pairs are dated as invited and answered a few
days earlier; every other pair is invited through the same service staff use (the
messages land in the outbox, as no SMTP server is configured for the demo). Then a few
experts who are not demo logins decline or declare a conflict, and some accept, so the
staff page shows every state; the places they leave are refilled as staff would, and the
new experts invited. Demo logins (expert1 …) keep invited tasks for the visitor to answer.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Collection
from datetime import timedelta

from sqlalchemy import select

from reviewapp.demo.review_states import stage_expert_answers
from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, Expert
from reviewapp.models.common import utcnow
from reviewapp.services.audit import record_audit
from reviewapp.services.conflicts import declare_conflict
from reviewapp.services.invitations import invite_experts
from reviewapp.services.mail import MailSettings
from reviewapp.services.refill import open_slots, refill_declined

DECLINED = 4
RECUSED = 3
ACCEPTED_SHARE = 0.3
DECLINE_REASONS = ("近期出差，时间无法保证", "本人研究方向与项目相差较远",
                   "工作任务繁重，无法按期完成")
RECUSAL_REASONS = ("曾与项目负责人合作发表论文", "与申报单位有业务往来", "曾参与该项目的前期论证")


def _date_reviewed_pairs(call_id: int) -> None:
    """Reviewed (done) and drafted (accepted) pairs were invited and answered earlier."""
    now = utcnow()
    for pair in db.session.scalars(select(Assignment).where(
            Assignment.call_id == call_id, Assignment.status.in_(("accepted", "done")))):
        pair.invited_at = pair.invited_at or now - timedelta(days=5)
        pair.responded_at = pair.responded_at or now - timedelta(days=4)


def _answer(call_id: int, demo_experts: Collection[str], seed: int) -> Counter[str]:
    """Answers for invited pairs of experts who are not demo logins; the count per answer."""
    rows = list(db.session.execute(
        select(Assignment, Application.app_id, Expert.expert_id)
        .join(Application, Application.id == Assignment.application_id)
        .join(Expert, Expert.id == Assignment.expert_id)
        .where(Assignment.call_id == call_id, Assignment.status == "invited",
               Expert.expert_id.not_in(list(demo_experts)))
        .order_by(Application.app_id, Expert.expert_id)).tuples().all())
    rng = random.Random(seed)
    rng.shuffle(rows)
    answers: Counter[str] = Counter()
    now = utcnow()
    recusals = []
    for n, (pair, app_id, expert_id) in enumerate(rows):
        if n < DECLINED:
            pair.status, pair.response_reason = "declined", rng.choice(DECLINE_REASONS)
        elif n < DECLINED + RECUSED:
            pair.status, pair.response_reason = "recused", rng.choice(RECUSAL_REASONS)
            recusals.append((app_id, expert_id, pair.response_reason))
        elif rng.random() < ACCEPTED_SHARE:
            pair.status = "accepted"
        else:
            continue
        pair.responded_at = now
        answers[pair.status] += 1
    record_audit(None, "demo.answer_invitations", "call", call_id, after=dict(answers),
                 call_id=call_id)
    db.session.commit()
    for app_id, expert_id, reason in recusals:
        declare_conflict(call_id, app_id, expert_id, reason, None)
    return answers


def demo_invitations(call_id: int, demo_experts: Collection[str], seed: int) -> dict[str, int]:
    """Invite the demo call's experts, then answer for some; the pairs per status."""
    _date_reviewed_pairs(call_id)
    db.session.commit()
    invite_experts(call_id, None, MailSettings())
    _answer(call_id, demo_experts, seed)
    # Demo logins answer too, through the experts' own declaration service.
    stage_expert_answers(call_id, list(demo_experts))
    # Staff refill the places left open, so every panel is full again (and invited).
    if open_slots(call_id):
        refill_declined(call_id, None, MailSettings())
    return dict(Counter(db.session.scalars(select(Assignment.status).where(
        Assignment.call_id == call_id))))
