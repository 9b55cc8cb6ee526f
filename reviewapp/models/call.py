"""A call (批次) and its tracks (项目类别) with their budgets."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.call_settings_model import CallSettings
from reviewapp.extensions import Model
from reviewapp.models.common import call_fk, non_negative, utcnow, yuan_column

CALL_STATUSES = ("draft", "open", "reviewing", "closed")


class Call(Model):
    """One funding call; its rules, rubric and conflict policy live in `settings`."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    deadline: Mapped[date]
    settings: Mapped[dict[str, Any]] = mapped_column(default=lambda: CallSettings().to_json())
    status: Mapped[str] = mapped_column(String(20), default="draft")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when staff archive the call: it leaves the list of calls, its data stays.
    archived_at: Mapped[datetime | None]
    # SHA-256 of the workbook the call was imported from: a second identical import asks first.
    source_digest: Mapped[str | None] = mapped_column(String(64), index=True)

    tracks: Mapped[list[CallTrack]] = relationship(
        back_populates="call", cascade="all, delete-orphan", passive_deletes=True,
        order_by="CallTrack.track_id",
    )

    def call_settings(self) -> CallSettings:
        """The stored settings as a `CallSettings`."""
        return CallSettings.from_json(self.settings or {})

    def __repr__(self) -> str:
        return f"<Call {self.id} {self.name!r}>"


class CallTrack(Model):
    """A track of one call with the budget envelope staff set for it."""

    __table_args__ = (
        UniqueConstraint("call_id", "track_id"),
        *non_negative("budget_yuan"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = call_fk()
    track_id: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    budget_yuan: Mapped[int | None] = yuan_column(nullable=True)

    call: Mapped[Call] = relationship(back_populates="tracks")
