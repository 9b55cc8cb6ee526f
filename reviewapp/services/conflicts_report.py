"""Reads behind the conflicts page: counts per rule, one filtered page, export rows, in SQL.

A row is one stored rule of one pair (sources detected, declared, staff_added), marked
lifted when a `staff_removed` row of the same pair and rule exists (its reason shown).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from reviewapp.extensions import db
from reviewapp.models import Application, Conflict, Expert
from reviewapp.services.conflicts import ConflictRow, Lift, in_force, rule_counts
from reviewapp.services.listing import RowsPage, contains_any, page_of


@dataclass(frozen=True)
class ConflictFilters:
    """What the table is narrowed to ('' = any); `state` is active or lifted."""

    rule: str = ""
    source: str = ""
    state: str = ""
    search: str = ""


def _lifts(call_id: int) -> Select[tuple[int, int, str, str]]:
    """Pair and rule of each lift of the call, with its reason."""
    return (select(Lift.application_id, Lift.expert_id, Lift.rule_id,
                   func.max(Lift.reason).label("reason"))
            .where(Lift.call_id == call_id, Lift.source == "staff_removed")
            .group_by(Lift.application_id, Lift.expert_id, Lift.rule_id))


def filtered(call_id: int, filters: ConflictFilters) -> Select[tuple[str, ...]]:
    """The rows the filters select, by application, expert, rule and source: every stored
    rule of the call's pairs with codes, expert name and any lift reason."""
    lifts = _lifts(call_id).subquery()
    stmt = (
        select(Application.app_id, Expert.expert_id, Expert.name, Conflict.rule_id,
               Conflict.source, Conflict.evidence, Conflict.reason,
               lifts.c.reason.label("lift_reason"), Conflict.evidence_en)
        .select_from(Conflict)
        .join(Application, Application.id == Conflict.application_id)
        .join(Expert, Expert.id == Conflict.expert_id)
        .outerjoin(lifts, (lifts.c.application_id == Conflict.application_id)
                   & (lifts.c.expert_id == Conflict.expert_id)
                   & (lifts.c.rule_id == Conflict.rule_id))
        .where(Conflict.call_id == call_id, Conflict.source != "staff_removed")
    )
    if filters.rule:
        stmt = stmt.where(Conflict.rule_id == filters.rule)
    if filters.source:
        stmt = stmt.where(Conflict.source == filters.source)
    if filters.state == "active":
        stmt = stmt.where(lifts.c.reason.is_(None))
    elif filters.state == "lifted":
        stmt = stmt.where(lifts.c.reason.is_not(None))
    search = contains_any(filters.search, Application.app_id, Expert.expert_id, Expert.name,
                          Conflict.evidence, Conflict.evidence_en)
    if search is not None:
        stmt = stmt.where(search)
    return stmt.order_by(Application.app_id, Expert.expert_id, Conflict.rule_id,
                         Conflict.source)


def _as_rows(stmt: Select[Any]) -> list[ConflictRow]:
    """The selected rows as the page's ConflictRow records."""
    return [ConflictRow(app_id, expert_id, name, rule, source, evidence, reason or "",
                        lift_reason is not None, lift_reason or "", evidence_en)
            for app_id, expert_id, name, rule, source, evidence, reason, lift_reason,
            evidence_en in db.session.execute(stmt)]


def conflict_page(call_id: int, filters: ConflictFilters, page: int,
                  per_page: int) -> RowsPage[ConflictRow]:
    """The page `page` (clamped to the pages there are) of the rows the filters select."""
    return page_of(db.session, filtered(call_id, filters), page, per_page, _as_rows)


def conflict_export(call_id: int, filters: ConflictFilters) -> list[ConflictRow]:
    """Every row the filters select, in the page's order."""
    return _as_rows(filtered(call_id, filters))


def pairs_in_force(call_id: int) -> tuple[int, dict[str, int]]:
    """Forbidden pairs of the call, and per rule (a pair counts under each rule forbidding it)."""
    pairs = (select(Conflict.application_id, Conflict.expert_id)
             .where(in_force(call_id)).distinct().subquery())
    total = db.session.scalar(select(func.count()).select_from(pairs)) or 0
    return total, rule_counts(call_id)
