"""Mail to experts (invitations, reminders): sent by SMTP or kept in the outbox for staff."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from reviewapp.extensions import Model
from reviewapp.models.common import call_fk, one_of, user_fk, utcnow

MAIL_KINDS = ("invitation", "reminder")
# outbox: not sent (no SMTP configured, or not yet tried); sent; failed: SMTP refused it.
MAIL_STATUSES = ("outbox", "sent", "failed")


class MailMessage(Model):
    """One message to one expert; never deleted, so staff can always read what was said."""

    __table_args__ = (
        one_of("kind", MAIL_KINDS, name="kind"),
        one_of("status", MAIL_STATUSES, name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = call_fk()
    expert_id: Mapped[int | None] = mapped_column(
        ForeignKey("expert.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(16), default="zh")
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # The assignment rows the message is about (ids), for the record.
    assignment_ids: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(12), default="outbox", index=True)
    error: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = user_fk()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
