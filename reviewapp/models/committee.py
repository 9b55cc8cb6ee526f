"""The committee's records: stored ranking runs and the meeting's decision list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from reviewapp.extensions import Model
from reviewapp.models.common import call_fk, user_fk, utcnow

# Committee outcomes of one application (立项决策).
DECISION_OUTCOMES = ("approve", "reject", "reserve")


class RankingRun(Model):
    """One computed ranking of a call: its inputs, both seeds, its result and who ran it.

    The committee pages and `ranking.xlsx` read the call's current run, so a page view
    never samples; a re-run with the recorded seeds reproduces the result.
    """

    __table_args__ = (
        CheckConstraint("sampler_seed >= 0", name="sampler_seed_non_negative"),
        CheckConstraint("lottery_seed >= 0", name="lottery_seed_non_negative"),
        CheckConstraint("draws >= 1", name="draws_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = call_fk()
    sampler_seed: Mapped[int]
    lottery_seed: Mapped[int]
    draws: Mapped[int] = mapped_column(default=1000)
    # Reviews counted (id → version), budgets, funding rules, priorities, why it was run.
    inputs: Mapped[dict[str, Any]] = mapped_column(default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    current: Mapped[bool] = mapped_column(default=False, index=True)
    created_by: Mapped[int | None] = user_fk()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DecisionList(Model):
    """A call's decision list: meeting notes, and who froze it when."""

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(
        ForeignKey("call.id", ondelete="CASCADE"), unique=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    frozen_at: Mapped[datetime | None]
    frozen_by: Mapped[int | None] = user_fk()
    frozen_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("ranking_run.id", ondelete="SET NULL"), index=True
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def frozen(self) -> bool:
        """Whether the list is frozen: nothing changes until an admin unfreezes it."""
        return self.frozen_at is not None
