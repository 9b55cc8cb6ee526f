"""The demo's expert side: tasks visible to experts, one decline and one declared conflict.

Runs after the simulated reviews (and after the invitation step once that exists): pairs
still `assigned` are marked invited, then two demo experts answer one invitation each —
one declines, one declares a conflict (C7) — through the experts' own declaration service.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update

from reviewapp.extensions import db, rows_changed
from reviewapp.models import Assignment, Expert
from reviewapp.models.common import utcnow
from reviewapp.services.audit import record_audit
from reviewapp.services.expert_declaration import declare

DECLINE_REASON = "近期出差，无法在截止日期前完成评审。"
CONFLICT_REASON = "本人曾与该项目负责人合作发表论文（2023 年）。"


def invite_assigned_pairs(call_id: int) -> int:
    """Mark the call's `assigned` pairs invited, so demo experts see their tasks; commits."""
    count = rows_changed(
        update(Assignment).where(Assignment.call_id == call_id, Assignment.status == "assigned")
        .values(status="invited", invited_at=utcnow())
        .execution_options(synchronize_session=False))
    record_audit(None, "demo.invite", "call", call_id, after={"invited": count},
                 call_id=call_id)
    db.session.commit()
    return int(count or 0)


def _invited_pairs(call_id: int, expert_code: str) -> list[Assignment]:
    """The expert's invited pairs in the call, in id order."""
    return list(db.session.scalars(
        select(Assignment).join(Expert).where(
            Assignment.call_id == call_id, Expert.expert_id == expert_code,
            Assignment.status == "invited").order_by(Assignment.id)))


def _other_invited_experts(call_id: int, skip: Sequence[str]) -> list[str]:
    """Codes of experts outside `skip` with an invited pair, in code order."""
    return list(db.session.scalars(
        select(Expert.expert_id).join(Assignment, Assignment.expert_id == Expert.id)
        .where(Assignment.call_id == call_id, Assignment.status == "invited",
               Expert.expert_id.not_in(list(skip)))
        .group_by(Expert.expert_id).order_by(Expert.expert_id)))


def stage_expert_answers(call_id: int, demo_experts: Sequence[str]) -> dict[str, int]:
    """Invite the open pairs; one expert declines a task and another declares a conflict.

    Demo experts after the first answer when they keep another task to declare (so
    `expert1` always has one); otherwise experts without a demo login answer.
    """
    counts = {"invited": invite_assigned_pairs(call_id), "declined": 0, "recused": 0}
    answers = [("conflict", CONFLICT_REASON, "recused"), ("decline", DECLINE_REASON, "declined")]
    demo = list(demo_experts)
    candidates = [(code, 2) for code in reversed(demo[1:])]
    candidates += [(code, 1) for code in _other_invited_experts(call_id, demo)]
    for code, needed in candidates:
        if not answers:
            break
        pairs = _invited_pairs(call_id, code)
        if len(pairs) < needed:
            continue
        decision, reason, status = answers.pop()
        declare(pairs[-1], decision, reason, None)
        counts[status] += 1
    return counts
