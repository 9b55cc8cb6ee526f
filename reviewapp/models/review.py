"""Reviews (评审意见) experts write, and the committee's decisions (立项决策)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.extensions import Model
from reviewapp.models.common import non_negative, one_of, user_fk, utcnow, yuan_column

if TYPE_CHECKING:
    from reviewapp.models.application import Application
    from reviewapp.models.assignment import Assignment

REVIEW_STATUSES = ("draft", "submitted", "locked")


class Review(Model):
    """One expert's scores on one assignment: indicator key → points."""

    __table_args__ = (
        one_of("status", REVIEW_STATUSES, name="status"),
        CheckConstraint("total IS NULL OR total >= 0", name="total_non_negative"),
        CheckConstraint("version >= 1", name="version_positive"),
        *non_negative("recommended_yuan"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignment.id", ondelete="CASCADE"), unique=True
    )
    scores: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Optional remarks per indicator key.
    comments: Mapped[dict[str, Any]] = mapped_column(default=dict)
    total: Mapped[float | None]
    recommendation: Mapped[str] = mapped_column(String(20), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    # The amount the expert recommends when less than requested (核减), and why.
    recommended_yuan: Mapped[int | None] = yuan_column(nullable=True)
    cut_reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    # Bumped by the service on every save, so a stale form cannot overwrite a newer one.
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None]
    # Set when staff reopen a submitted review, so the expert is told why.
    reopened_at: Mapped[datetime | None]
    reopen_reason: Mapped[str] = mapped_column(Text, default="")

    assignment: Mapped[Assignment] = relationship(back_populates="review")


class Decision(Model):
    """The committee's decision on one application: outcome, rank and approved amount."""

    __table_args__ = (
        *non_negative("approved_yuan"),
        CheckConstraint("rank IS NULL OR rank >= 1", name="rank_positive"),
        one_of("outcome", ("approve", "reject", "reserve"), name="outcome", nullable=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), unique=True
    )
    rank: Mapped[int | None]
    approved_yuan: Mapped[int] = yuan_column()
    # approve / reject / reserve (立项 / 不立项 / 备选); NULL until the committee decides.
    outcome: Mapped[str | None] = mapped_column(String(10))
    # Why the approved amount is below the request (核减理由).
    cut_reason: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[int | None] = user_fk()
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship()
