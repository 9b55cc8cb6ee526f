"""A call's life after import: staff archive it, admins delete it; both audited with a reason."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from reviewapp.extensions import db
from reviewapp.models import Application, Call, Expert
from reviewapp.models.common import utcnow
from reviewapp.services.audit import record_audit

REASON_MAX = 1000


class CallLifecycleError(ValueError):
    """A request refused, with a message for the user (Chinese / English)."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        """Keep both messages; the English one doubles as the exception text."""
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en


def _call_with_reason(call_id: int, reason: str) -> tuple[Call, str]:
    """The call and the stripped reason, or the error saying which is missing."""
    call = db.session.get(Call, call_id)
    if call is None:
        raise CallLifecycleError(f"没有编号为 {call_id} 的批次", f"no call with id {call_id}")
    reason = (reason or "").strip()
    if not reason or len(reason) > REASON_MAX:
        raise CallLifecycleError(f"请填写理由（最多 {REASON_MAX} 字）",
                                 f"give a reason (at most {REASON_MAX} characters)")
    return call, reason


def _facts(call: Call) -> dict[str, Any]:
    """What the audit keeps of a call: name, deadline and how much it held."""
    def count(model: type[Application] | type[Expert]) -> int:
        """Rows of `model` in the call."""
        return int(db.session.scalar(
            select(func.count()).select_from(model).where(model.call_id == call.id)) or 0)

    return {"name": call.name, "deadline": call.deadline.isoformat(),
            "applications": count(Application), "experts": count(Expert)}


def archive_call(call_id: int, reason: str, user: Any, archived: bool = True) -> Call:
    """Archive a call (or bring it back with `archived=False`); its data stays."""
    call, reason = _call_with_reason(call_id, reason)
    before = {"archived_at": call.archived_at.isoformat() if call.archived_at else None}
    call.archived_at = utcnow() if archived else None
    record_audit(user, "call.archive" if archived else "call.restore", "call", call.id,
                 before=before, after=_facts(call), reason=reason, call_id=call.id)
    db.session.commit()
    return call


def delete_call(call_id: int, reason: str, user: Any) -> dict[str, Any]:
    """Delete a call and everything in it; the audit row keeps what it was and why."""
    call, reason = _call_with_reason(call_id, reason)
    facts = _facts(call)
    # The audit row outlives the call: its call_id would be cleared by the delete anyway.
    record_audit(user, "call.delete", "call", call.id, before=facts, reason=reason)
    db.session.delete(call)
    db.session.commit()
    return facts
