"""Conflicts of interest (回避) and eligibility verdicts (形式审查) per application."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from reviewapp.call_settings_model import CONFLICT_RULE_IDS
from reviewapp.extensions import Model
from reviewapp.models.common import call_fk, one_of, user_fk, utcnow

CONFLICT_RULES = (*CONFLICT_RULE_IDS, "STAFF")
CONFLICT_SOURCES = ("detected", "declared", "staff_added", "staff_removed")
VERDICTS = ("pass", "fail", "flag", "na")


class Conflict(Model):
    """An (application, expert) pair excluded (staff_removed: re-allowed), with its reason."""

    __table_args__ = (
        UniqueConstraint("application_id", "expert_id", "rule_id", "source"),
        one_of("rule_id", CONFLICT_RULES, name="rule_id"),
        one_of("source", CONFLICT_SOURCES, name="source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = call_fk()
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    expert_id: Mapped[int] = mapped_column(ForeignKey("expert.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[str] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(16))
    evidence: Mapped[str] = mapped_column(Text, default="")
    # The evidence in English, for pages in English; '' on rows stored before it existed
    # (pages then show `evidence`). Exports keep the Chinese `evidence`.
    evidence_en: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = user_fk()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def evidence_in(self, english: bool) -> str:
        """The evidence in the page's language; the Chinese when no English was stored."""
        return self.evidence_en if english and self.evidence_en else self.evidence


class EligibilityResult(Model):
    """One eligibility rule's verdict on one application, with an optional staff override."""

    __table_args__ = (
        UniqueConstraint("application_id", "rule_id"),
        one_of("verdict", VERDICTS, name="verdict"),
        one_of("override_verdict", VERDICTS, name="override_verdict", nullable=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    rule_id: Mapped[str] = mapped_column(String(8))
    verdict: Mapped[str] = mapped_column(String(8))
    evidence: Mapped[str] = mapped_column(Text, default="")
    message: Mapped[str] = mapped_column(Text, default="")
    override_verdict: Mapped[str | None] = mapped_column(String(8))
    override_reason: Mapped[str | None] = mapped_column(Text)
    overridden_by: Mapped[int | None] = user_fk()
    overridden_at: Mapped[datetime | None]

    @property
    def effective_verdict(self) -> str:
        """The staff override when there is one, else the rule engine's verdict."""
        return self.override_verdict or self.verdict
