"""Experts' minimum and maximum loads (最少/最多评审数), per expert and in bulk; audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import Call, Expert, Unit
from reviewapp.services.audit import record_audit

SCOPES = ("all", "available", "external", "local")
UNLIMITED = object()  # a bulk maximum that removes the limit


class LoadError(ValueError):
    """Loads the service refuses, naming the experts at fault."""


def _checked(expert: Expert, min_load: int, max_load: int | None) -> None:
    """Refuse negative loads and a minimum above the maximum."""
    if min_load < 0 or (max_load is not None and max_load < 0):
        raise LoadError(f"{expert.expert_id}: loads cannot be negative")
    if max_load is not None and min_load > max_load:
        raise LoadError(f"{expert.expert_id}: minimum {min_load} is above maximum {max_load}")


def set_expert_load(call_id: int, expert_id: str, min_load: int, max_load: int | None,
                    user: Any) -> Expert:
    """Set one expert's minimum and maximum load (None: no maximum)."""
    expert = db.session.scalar(select(Expert).where(Expert.call_id == call_id,
                                                    Expert.expert_id == expert_id))
    if expert is None:
        raise LoadError(f"call {call_id} has no expert {expert_id}")
    _checked(expert, min_load, max_load)
    before = {"min_load": expert.min_load, "max_load": expert.max_load}
    expert.min_load, expert.max_load = min_load, max_load
    record_audit(user, "expert.loads", "expert", expert_id, before=before,
                 after={"min_load": min_load, "max_load": max_load}, call_id=call_id)
    db.session.commit()
    return expert


def _in_scope(expert: Expert, scope: str, provinces: dict[int, str], home: str) -> bool:
    """Whether the bulk change reaches this expert."""
    if scope == "available":
        return expert.available
    if scope in ("external", "local"):
        province = provinces.get(expert.unit_id or -1) or expert.province or ""
        external = bool(province) and home not in province
        return external == (scope == "external")
    return True


def set_loads_in_bulk(call_id: int, scope: str, min_load: int | None,
                      max_load: int | None | object, user: Any) -> int:
    """Set the minimum and/or maximum of every expert in `scope`; all or nothing.

    `None` leaves that bound as it is; `UNLIMITED` as the maximum removes the limit.
    Returns how many experts changed.
    """
    if scope not in SCOPES:
        raise LoadError(f"scope must be one of {', '.join(SCOPES)}")
    call = db.session.get(Call, call_id)
    if call is None:
        raise LoadError(f"no call with id {call_id}")
    home = call.call_settings().conflict_policy.get("home_province", "新疆")
    provinces = dict(db.session.execute(select(Unit.id, Unit.province)
                                        .where(Unit.call_id == call_id)).tuples().all())
    experts = [e for e in db.session.scalars(select(Expert).where(Expert.call_id == call_id)
                                             .order_by(Expert.expert_id))
               if _in_scope(e, scope, provinces, home)]
    changes: dict[str, tuple[int, int | None]] = {}
    for expert in experts:
        low = expert.min_load if min_load is None else min_load
        high = expert.max_load if max_load is None else (
            None if max_load is UNLIMITED else max_load)
        assert high is None or isinstance(high, int)
        _checked(expert, low, high)
        if (low, high) != (expert.min_load, expert.max_load):
            changes[expert.expert_id] = (low, high)
    for expert in experts:
        if expert.expert_id in changes:
            expert.min_load, expert.max_load = changes[expert.expert_id]
    record_audit(user, "expert.loads_bulk", "call", call_id,
                 after={"scope": scope, "min_load": min_load,
                        "max_load": "unlimited" if max_load is UNLIMITED else max_load,
                        "experts": len(changes)}, call_id=call_id)
    db.session.commit()
    return len(changes)
