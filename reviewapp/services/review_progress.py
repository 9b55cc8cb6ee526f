"""Review progress for staff (评审进度): the overdue list and the submitted reviews to reopen.

The per-expert and per-application counts are `services/progress_tables.py`; staff see
everything, experts none of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select

from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, Call, Expert, Review
from reviewapp.services.expert_tasks import review_deadline
from reviewapp.services.listing import contains_any

# Pairs that still owe a review.
OPEN = ("invited", "accepted")
VISIBLE = ("invited", "accepted", "declined", "recused", "done")


@dataclass(frozen=True)
class ReviewRow:
    """One review or owed pair, for the overdue list and the reopen buttons."""

    assignment_id: int
    review_id: int | None
    app_id: str
    expert_id: str
    expert_name: str
    status: str
    review_status: str | None
    total: float | None


def _review_rows_select(call_id: int) -> Select[Any]:
    """The call's pairs as `ReviewRow` columns, each with its review if there is one."""
    return (
        select(Assignment.id, Review.id, Application.app_id, Expert.expert_id, Expert.name,
               Assignment.status, Review.status, Review.total)
        .join(Application, Assignment.application_id == Application.id)
        .join(Expert, Assignment.expert_id == Expert.id)
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(Assignment.call_id == call_id)
    )


def review_rows(call_id: int, owed_only: bool) -> list[ReviewRow]:
    """Pairs owing a review (`owed_only`), else every submitted review, by application."""
    query = _review_rows_select(call_id).order_by(Application.app_id, Expert.expert_id)
    if owed_only:
        query = query.where(Assignment.status.in_(OPEN))
    else:
        query = query.where(Review.status.in_(("submitted", "locked")))
    return [ReviewRow(*row) for row in db.session.execute(query)]


def submitted_reviews(call_id: int, search: str, limit: int) -> tuple[list[ReviewRow], int]:
    """Up to `limit` submitted reviews whose application or expert matches `search` (any
    when empty), by application, and how many match in all."""
    query = _review_rows_select(call_id).where(Review.status.in_(("submitted", "locked")))
    matches = contains_any(search, Application.app_id, Application.title, Expert.expert_id,
                           Expert.name)
    if matches is not None:
        query = query.where(matches)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.execute(
        query.order_by(Application.app_id, Expert.expert_id).limit(limit))
    return [ReviewRow(*row) for row in rows], total


def overdue_rows(call: Call, today: date) -> list[ReviewRow]:
    """Owed pairs once the call's review deadline has passed; none before or without one."""
    deadline = review_deadline(call.call_settings())
    if deadline is None or today <= deadline:
        return []
    return review_rows(call.id, owed_only=True)
