"""An application (申报项目) and the units taking part in it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.extensions import Model
from reviewapp.models.common import call_fk, non_negative, one_of, yuan_column

if TYPE_CHECKING:
    from reviewapp.models.call import Call
    from reviewapp.models.registry import Person, Unit

UNIT_ROLES = ("lead", "partner", "participant")
# Bounds of a per-application panel size (评审专家人数) set by staff.
REVIEWERS_MIN, REVIEWERS_MAX = 1, 20


class Application(Model):
    """One application with every field of `ApplicationRecord`, money in integer yuan."""

    __table_args__ = (
        UniqueConstraint("call_id", "app_id"),
        *non_negative(
            "requested_yuan", "self_funding_yuan", "outsourced_yuan",
            "duration_months", "achievement_count",
        ),
        CheckConstraint(
            f"reviewers_override BETWEEN {REVIEWERS_MIN} AND {REVIEWERS_MAX}",
            name="reviewers_override_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = call_fk()
    app_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    track: Mapped[str] = mapped_column(String(20), index=True)
    direction: Mapped[str] = mapped_column(String(60))
    # The workbook's unit codes as given; `units` holds the same links resolved to rows.
    lead_unit_id: Mapped[str] = mapped_column(String(64))
    partner_unit_ids: Mapped[list[Any]] = mapped_column(default=list)
    participant_unit_ids: Mapped[list[Any]] = mapped_column(default=list)
    agreements_signed: Mapped[bool] = mapped_column(default=False)
    achievement_count: Mapped[int] = mapped_column(default=0)
    achievement_types: Mapped[list[Any]] = mapped_column(default=list)
    achievement_ip_clear: Mapped[bool] = mapped_column(default=False)
    pi_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    pi_id: Mapped[str] = mapped_column(String(64), default="", index=True)
    pi_name: Mapped[str] = mapped_column(String(100), default="")
    pi_sex: Mapped[str] = mapped_column(String(4), default="")
    pi_birth_date: Mapped[date | None]
    pi_title: Mapped[str] = mapped_column(String(20), default="无")
    pi_degree: Mapped[str] = mapped_column(String(20), default="无")
    pi_employed_by_lead: Mapped[bool] = mapped_column(default=False)
    pi_months_per_year: Mapped[float] = mapped_column(default=0.0)
    pi_aid_staff: Mapped[bool] = mapped_column(default=False)
    pi_service_end: Mapped[date | None]
    pi_letters: Mapped[bool] = mapped_column(default=False)
    pi_blacklisted_until: Mapped[date | None]
    requested_yuan: Mapped[int] = yuan_column()
    self_funding_yuan: Mapped[int] = yuan_column()
    outsourced_yuan: Mapped[int] = yuan_column()
    duration_months: Mapped[int] = mapped_column(default=24)
    stage: Mapped[str] = mapped_column(String(20), default="")
    output_types: Mapped[list[Any]] = mapped_column(default=list)
    demo_site: Mapped[str] = mapped_column(Text, default="")
    demo_scale: Mapped[str] = mapped_column(Text, default="")
    quantified_outputs: Mapped[str] = mapped_column(Text, default="")
    adoption_units: Mapped[list[Any]] = mapped_column(default=list)
    keywords: Mapped[list[Any]] = mapped_column(default=list)
    abstract: Mapped[str] = mapped_column(Text, default="")
    # 涉密: kept out of online assignment and review, handled offline (RULES.md).
    classified: Mapped[bool] = mapped_column(default=False)
    # imported → eligible / ineligible (set by eligibility) → funded / rejected.
    status: Mapped[str] = mapped_column(String(20), default="imported", index=True)
    # Priorities under equal conditions (同等条件下优先, RULES.md); the first three come
    # from the workbook's optional flag columns, all are set by staff.
    partner_supported: Mapped[bool] = mapped_column(default=False)
    chain_leader: Mapped[bool] = mapped_column(default=False)
    commissioner: Mapped[bool] = mapped_column(default=False)
    strong_team: Mapped[bool] = mapped_column(default=False)
    industrial_prospects: Mapped[bool] = mapped_column(default=False)
    # Experts wanted for this application; NULL means the assignment run's K.
    reviewers_override: Mapped[int | None] = mapped_column(default=None)

    call: Mapped[Call] = relationship()
    pi: Mapped[Person | None] = relationship()
    units: Mapped[list[ApplicationUnit]] = relationship(
        back_populates="application", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<Application {self.app_id} {self.title!r}>"


class ApplicationUnit(Model):
    """A unit taking part in an application as lead, partner or participant."""

    __table_args__ = (
        UniqueConstraint("application_id", "unit_id"),
        one_of("role", UNIT_ROLES, name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(12))

    application: Mapped[Application] = relationship(back_populates="units")
    unit: Mapped[Unit] = relationship()
