"""Jobs: long work (assignment runs, imports, rankings) whose progress a page polls."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from reviewapp.extensions import Model
from reviewapp.models.common import one_of, user_fk, utcnow

JOB_STATUSES = ("queued", "running", "done", "failed", "cancelled")
JOB_ACTIVE_STATUSES = ("queued", "running")
JOB_FINISHED_STATUSES = ("done", "failed", "cancelled")
# The lock: one active job per call and lock key (a partial unique index, SQLite and PostgreSQL).
_ACTIVE = text("status IN ('queued', 'running')")


class Job(Model):
    """One piece of long work and how far it has got."""

    __table_args__ = (
        one_of("status", JOB_STATUSES, name="status"),
        CheckConstraint("progress >= 0 AND progress <= 1", name="progress_range"),
        CheckConstraint("step_index >= 0 AND step_index <= step_count", name="step_range"),
        Index("uq_job_active_lock", "call_id", "lock_key", unique=True,
              sqlite_where=_ACTIVE, postgresql_where=_ACTIVE),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    call_id: Mapped[int | None] = mapped_column(
        ForeignKey("call.id", ondelete="CASCADE"), index=True
    )
    # Jobs of one call with the same lock key never run at once (usually the kind).
    lock_key: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(12), default="queued", index=True)
    progress: Mapped[float] = mapped_column(default=0.0)
    # The current step's msgid (untranslated: each page translates it in its own language).
    message: Mapped[str] = mapped_column(Text, default="")
    step_index: Mapped[int] = mapped_column(default=0)
    step_count: Mapped[int] = mapped_column(default=0)
    params: Mapped[dict[str, Any] | None]
    # An uploaded file the job reads (a workbook), dropped when the job ends.
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)
    result: Mapped[dict[str, Any] | None]
    error: Mapped[str] = mapped_column(Text, default="")
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[int | None] = user_fk()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    # A running job's worker touches this every few seconds; a silent job is dead.
    heartbeat_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def active(self) -> bool:
        """Whether the job is waiting or running."""
        return self.status in JOB_ACTIVE_STATUSES
