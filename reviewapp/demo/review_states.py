"""The demo's expert side: tasks visible to experts, one decline and one declared conflict.

Runs after the simulated reviews (and after the invitation step once that exists): pairs
still `assigned` are marked invited, then two demo experts answer one invitation each —
one declines, one declares a conflict (C7) — through the experts' own declaration service.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update

from reviewapp.extensions import db
from reviewapp.models import Assignment, Expert
from reviewapp.models.common import utcnow
from reviewapp.services.audit import record_audit
from reviewapp.services.expert_declaration import declare

DECLINE_REASON = "近期出差，无法在截止日期前完成评审。"
CONFLICT_REASON = "本人曾与该项目负责人合作发表论文（2023 年）。"


def invite_assigned_pairs(call_id: int) -> int:
    """Mark the call's `assigned` pairs invited, so demo experts see their tasks; commits."""
    count = db.session.execute(
        update(Assignment).where(Assignment.call_id == call_id, Assignment.status == "assigned")
        .values(status="invited", invited_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
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


def stage_expert_answers(call_id: int, demo_experts: Sequence[str]) -> dict[str, int]:
    """Invite the open pairs; the last demo experts with two open tasks decline and recuse one.

    The first demo expert keeps all their tasks, so `expert1` always has one to declare.
    """
    counts = {"invited": invite_assigned_pairs(call_id), "declined": 0, "recused": 0}
    answers = [("conflict", CONFLICT_REASON, "recused"), ("decline", DECLINE_REASON, "declined")]
    for code in reversed(list(demo_experts)[1:]):
        if not answers:
            break
        pairs = _invited_pairs(call_id, code)
        if len(pairs) < 2:
            continue
        decision, reason, status = answers.pop()
        declare(pairs[-1], decision, reason, None)
        counts[status] += 1
    return counts
