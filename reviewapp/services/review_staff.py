"""Staff writes on reviews: reopen a submitted review with a reason, remind experts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update

from reviewapp.extensions import db
from reviewapp.models import Assignment, Call, Expert, Review
from reviewapp.models.common import utcnow
from reviewapp.services.audit import record_audit
from reviewapp.services.expert_tasks import review_deadline


class ReviewStaffError(ValueError):
    """A staff action refused: `message_zh`/`message_en` say why."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        """Keep both messages."""
        super().__init__(message_en)
        self.message_zh, self.message_en = message_zh, message_en


def reopen_review(call_id: int, review_id: int, reason: str, user: Any) -> None:
    """Send a submitted review back to its expert as a draft; the reason is shown to them.

    The review's version moves on, so a form still open on the old version cannot save.
    One audit row, one commit.
    """
    text = (reason or "").strip()
    if not text:
        raise ReviewStaffError("请填写退回理由", "give a reason for reopening")
    review = db.session.scalar(select(Review).join(Assignment).where(
        Review.id == review_id, Assignment.call_id == call_id))
    if review is None:
        raise ReviewStaffError("没有这份评审意见", "no such review in this call")
    changed = db.session.execute(
        update(Review).where(Review.id == review_id, Review.status == "submitted")
        .values(status="draft", version=Review.version + 1, reopened_at=utcnow(),
                reopen_reason=text, submitted_at=None)
        .execution_options(synchronize_session=False)).rowcount
    if not changed:
        db.session.rollback()
        raise ReviewStaffError("只能退回已提交的评审意见",
                               "only a submitted review can be reopened")
    db.session.execute(update(Assignment).where(Assignment.id == review.assignment_id)
                       .values(status="accepted").execution_options(synchronize_session=False))
    record_audit(user, "review.reopen", "review", review_id, before={"status": "submitted"},
                 after={"status": "draft"}, reason=text, call_id=call_id)
    db.session.commit()


@dataclass(frozen=True)
class Reminder:
    """One reminder: to whom, and what it says."""

    expert_id: str
    email: str
    subject: str
    body: str


def deliver_reminder(call_id: int, reminder: Reminder, user: Any) -> None:
    """Send one reminder: kept in the audit log (the mail outbox takes it over once it exists)."""
    record_audit(user, "review.remind", "expert", reminder.expert_id,
                 after={"email": reminder.email, "subject": reminder.subject,
                        "body": reminder.body}, call_id=call_id)


def remind_experts(call_id: int, expert_codes: list[str], user: Any) -> int:
    """Remind each listed expert who still owes reviews; how many were reminded. Commits."""
    call = db.session.get(Call, call_id)
    if call is None:
        raise ReviewStaffError("没有这个批次", "no such call")
    deadline = review_deadline(call.call_settings())
    owed = db.session.execute(
        select(Expert.expert_id, Expert.name, Expert.email, func.count(Assignment.id))
        .join(Assignment, Assignment.expert_id == Expert.id)
        .where(Assignment.call_id == call_id, Expert.expert_id.in_(expert_codes),
               Assignment.status.in_(("invited", "accepted")))
        .group_by(Expert.expert_id, Expert.name, Expert.email)).all()
    due = f"，截止日期 {deadline.isoformat()}" if deadline else ""
    for code, name, email, count in owed:
        deliver_reminder(call_id, Reminder(
            code, email, f"【评审提醒】{call.name}",
            f"{name} 专家：您好！您在“{call.name}”中还有 {count} 个项目尚未提交评审意见{due}。"
            "请登录系统“我的评审任务”完成评审。谢谢！"), user)
    db.session.commit()
    return len(owed)
