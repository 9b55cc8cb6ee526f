"""Assignment runs and the expert–application pairs they (or staff) produce."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.extensions import Model
from reviewapp.models.common import call_fk, one_of, user_fk, utcnow

if TYPE_CHECKING:
    from reviewapp.models.application import Application
    from reviewapp.models.expert import Expert
    from reviewapp.models.review import Review

# assigned (by a run, not yet visible to the expert) → invited → accepted (declared no
# conflict) | declined | recused (declared a conflict, C7) → done (review submitted).
ASSIGNMENT_STATUSES = ("assigned", "invited", "accepted", "declined", "recused", "done")
# The statuses an expert sees: only invited pairs ever reach the expert's pages.
VISIBLE_TO_EXPERT = ("invited", "accepted", "declined", "recused", "done")


class AssignmentRun(Model):
    """One solver run over a call: its inputs, bounds and outcome."""

    __table_args__ = (
        CheckConstraint("per_app >= 1", name="per_app_positive"),
        CheckConstraint("seconds IS NULL OR seconds >= 0", name="seconds_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = call_fk()
    mode: Mapped[str] = mapped_column(String(20), default="optimal")
    seed: Mapped[int | None]
    per_app: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default="queued")
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    objective: Mapped[float | None]
    bound: Mapped[float | None]
    seconds: Mapped[float | None]
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by: Mapped[int | None] = user_fk()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    # The call's current run: its pairs are the ones invited and reviewed (one per call,
    # kept by `make_run_current`).
    is_current: Mapped[bool] = mapped_column(default=False)

    pairs: Mapped[list[RunPair]] = relationship(
        back_populates="run", cascade="all, delete-orphan", passive_deletes=True)


class RunPair(Model):
    """One pair a run chose, with its affinity and why: kept for every run, current or not."""

    __table_args__ = (UniqueConstraint("run_id", "application_id", "expert_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("assignment_run.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("expert.id", ondelete="CASCADE"),
                                           index=True)
    affinity: Mapped[float] = mapped_column(default=0.0)
    explanation: Mapped[dict[str, Any]] = mapped_column(default=dict)

    run: Mapped[AssignmentRun] = relationship(back_populates="pairs")


class Assignment(Model):
    """An expert assigned to review an application in a round."""

    __table_args__ = (
        UniqueConstraint("application_id", "expert_id", "round"),
        one_of("status", ASSIGNMENT_STATUSES, name="status"),
        CheckConstraint("round >= 1", name="round_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = call_fk()
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignment_run.id", ondelete="SET NULL"), index=True
    )
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    expert_id: Mapped[int] = mapped_column(ForeignKey("expert.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(12), default="assigned", index=True)
    affinity: Mapped[float] = mapped_column(default=0.0)
    locked: Mapped[bool] = mapped_column(default=False)
    explanation: Mapped[dict[str, Any]] = mapped_column(default=dict)
    invited_at: Mapped[datetime | None]
    responded_at: Mapped[datetime | None]
    # The expert's reason for declining or declaring a conflict.
    response_reason: Mapped[str] = mapped_column(Text, default="")

    application: Mapped[Application] = relationship()
    expert: Mapped[Expert] = relationship()
    review: Mapped[Review | None] = relationship(back_populates="assignment")
