"""The declaration step (回避声明): no conflict, a declared conflict (C7) or a decline."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from reviewapp.extensions import db, rows_changed
from reviewapp.models import Assignment, Conflict
from reviewapp.models.common import utcnow
from reviewapp.services.audit import record_audit

DECISIONS = {"none": "accepted", "conflict": "recused", "decline": "declined"}
# A decision may be taken while the pair waits for it; a conflict may still be declared
# after reading, as long as nothing was submitted.
OPEN_FOR = {"none": ("invited",), "conflict": ("invited", "accepted"),
            "decline": ("invited",)}


class DeclarationError(ValueError):
    """A decision the pair cannot take: `message_zh`/`message_en` say why."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        """Keep both messages."""
        super().__init__(message_en)
        self.message_zh, self.message_en = message_zh, message_en


def declare(assignment: Assignment, decision: str, reason: str, user: Any) -> str:
    """Record the expert's answer; a conflict also excludes the pair for good (C7).

    The status changes only from a state that allows it (checked in the UPDATE, so two
    tabs cannot both answer); returns the new status. One audit row, one commit.
    """
    text = (reason or "").strip()
    if decision not in DECISIONS:
        raise DeclarationError("请选择一项声明", "choose one of the answers")
    if decision != "none" and not text:
        raise DeclarationError("请填写理由", "give a reason")
    new_status = DECISIONS[decision]
    if decision == "none" and assignment.status == "accepted":
        return new_status
    if decision == "conflict" and assignment.review is not None \
            and assignment.review.status != "draft":
        raise DeclarationError("评审意见已提交，不能再声明回避",
                               "the review is submitted: a conflict can no longer be declared")
    before = assignment.status
    changed = rows_changed(
        update(Assignment)
        .where(Assignment.id == assignment.id, Assignment.status.in_(OPEN_FOR[decision]))
        .values(status=new_status, responded_at=utcnow(), response_reason=text)
        .execution_options(synchronize_session=False))
    if not changed:
        db.session.rollback()
        raise DeclarationError("该任务已作出声明，请刷新页面",
                               "this task has been answered already: reload the page")
    if decision == "conflict":
        _record_declared_conflict(assignment, text, user)
    record_audit(user, f"assignment.declare_{decision}", "assignment", assignment.id,
                 before={"status": before}, after={"status": new_status}, reason=text or None,
                 call_id=assignment.call_id)
    db.session.commit()
    db.session.refresh(assignment)
    return new_status


def _record_declared_conflict(assignment: Assignment, reason: str, user: Any) -> None:
    """A C7 conflict row, so no later run pairs the two again; staff see it with the reason."""
    exists = db.session.scalar(select(Conflict.id).where(
        Conflict.application_id == assignment.application_id,
        Conflict.expert_id == assignment.expert_id,
        Conflict.rule_id == "C7", Conflict.source == "declared"))
    if exists is None:
        db.session.add(Conflict(
            call_id=assignment.call_id, application_id=assignment.application_id,
            expert_id=assignment.expert_id, rule_id="C7", source="declared",
            evidence="专家声明回避", evidence_en="Declared by the expert", reason=reason,
            created_by=getattr(user, "id", None)))
