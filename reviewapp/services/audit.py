"""The audit trail: one row per audited action, written in the caller's transaction."""

from __future__ import annotations

from typing import Any

from reviewapp.extensions import db
from reviewapp.models import AuditLog


def record_audit(
    user: Any,
    action: str,
    object_type: str,
    object_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
    call_id: int | None = None,
) -> AuditLog:
    """Add an audit row to the session; the caller's commit stores it with the change."""
    user_id = getattr(user, "id", None) if getattr(user, "is_authenticated", True) else None
    entry = AuditLog(
        user_id=user_id,
        call_id=call_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=before,
        after=after,
        reason=reason,
    )
    db.session.add(entry)
    return entry
