"""An expert (专家) of a call's pool."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.extensions import Model
from reviewapp.models.common import call_fk, non_negative

if TYPE_CHECKING:
    from reviewapp.models.registry import Unit


class Expert(Model):
    """One expert of one call; `expert_id` is the pool code a User account links to."""

    __table_args__ = (
        UniqueConstraint("call_id", "expert_id"),
        *non_negative("min_load", "max_load"),
        CheckConstraint("max_load IS NULL OR max_load >= min_load", name="load_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = call_fk()
    expert_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(100))
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="SET NULL"), index=True
    )
    unit_name: Mapped[str] = mapped_column(String(200), default="")
    province: Mapped[str] = mapped_column(String(40), default="")
    title: Mapped[str] = mapped_column(String(40), default="")
    directions: Mapped[list[Any]] = mapped_column(default=list)
    keywords: Mapped[list[Any]] = mapped_column(default=list)
    profile: Mapped[str] = mapped_column(Text, default="")
    min_load: Mapped[int] = mapped_column(default=0)
    max_load: Mapped[int | None]
    available: Mapped[bool] = mapped_column(default=True)
    email: Mapped[str] = mapped_column(String(200), default="")

    unit: Mapped[Unit | None] = relationship()

    def __repr__(self) -> str:
        return f"<Expert {self.expert_id} {self.name!r}>"
