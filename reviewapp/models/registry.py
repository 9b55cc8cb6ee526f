"""Who takes part in a call: units (单位), people (PIs), relations and avoidance requests."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from reviewapp.call_settings_model import RELATION_KINDS
from reviewapp.extensions import Model
from reviewapp.models.common import call_fk, one_of


class Unit(Model):
    """A unit of one call, keyed by its workbook code `unit_id`."""

    __table_args__ = (UniqueConstraint("call_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = call_fk()
    unit_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    unit_type: Mapped[str] = mapped_column(String(40))
    province: Mapped[str] = mapped_column(String(40))
    legal_person: Mapped[bool] = mapped_column(default=True)
    blacklisted_until: Mapped[date | None]
    audit_years: Mapped[list[Any]] = mapped_column(default=list)
    credit_code: Mapped[str | None] = mapped_column(String(40))
    # The parent's workbook code, not a foreign key: a parent may sit outside the call.
    parent_unit_id: Mapped[str | None] = mapped_column(String(64))

    def __repr__(self) -> str:
        return f"<Unit {self.unit_id} {self.name!r}>"


class Person(Model):
    """A person of one call (a PI), keyed by the workbook's `pi_id`."""

    __table_args__ = (UniqueConstraint("call_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = call_fk()
    person_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100))
    sex: Mapped[str] = mapped_column(String(4), default="")
    birth_date: Mapped[date | None]


class Relation(Model):
    """A relation between a person (expert or PI code) and a unit or another person."""

    __table_args__ = (
        one_of("relation", RELATION_KINDS, name="relation_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = call_fk()
    # Workbook codes, since either side may be an expert, a PI or a unit.
    person_id: Mapped[str] = mapped_column(String(64), index=True)
    relation: Mapped[str] = mapped_column(String(10))
    other_id: Mapped[str] = mapped_column(String(64), index=True)
    until: Mapped[date | None]


class AvoidanceRequest(Model):
    """An applicant's request to avoid one expert, or every expert of one unit."""

    __table_args__ = (
        CheckConstraint(
            "(expert_id IS NULL) <> (unit_id IS NULL)", name="expert_xor_unit"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = call_fk()
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    expert_id: Mapped[int | None] = mapped_column(
        ForeignKey("expert.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("unit.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(Text, default="")
