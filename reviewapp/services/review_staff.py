"""Staff writes on reviews: reopen a submitted review with a reason (reminders: invitations)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from reviewapp.extensions import db, rows_changed
from reviewapp.models import Assignment, Review
from reviewapp.models.common import utcnow
from reviewapp.services.audit import record_audit


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
    changed = rows_changed(
        update(Review).where(Review.id == review_id, Review.status == "submitted")
        .values(status="draft", version=Review.version + 1, reopened_at=utcnow(),
                reopen_reason=text, submitted_at=None)
        .execution_options(synchronize_session=False))
    if not changed:
        db.session.rollback()
        raise ReviewStaffError("只能退回已提交的评审意见",
                               "only a submitted review can be reopened")
    db.session.execute(update(Assignment).where(Assignment.id == review.assignment_id)
                       .values(status="accepted").execution_options(synchronize_session=False))
    record_audit(user, "review.reopen", "review", review_id, before={"status": "submitted"},
                 after={"status": "draft"}, reason=text, call_id=call_id)
    db.session.commit()
