"""The audit log (审计): who changed what, when, from what to what, and why."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from reviewapp.extensions import Model
from reviewapp.models.common import user_fk, utcnow


class AuditLog(Model):
    """One audited action."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = user_fk()
    # Kept when the call is deleted: the log outlives what it describes.
    call_id: Mapped[int | None] = mapped_column(
        ForeignKey("call.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    reason: Mapped[str | None] = mapped_column(Text)
