"""Review progress for staff (评审进度): per expert, per application, overdue, last reminder.

Counts are made in SQL, one grouped query per table; staff see everything, experts none
of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, or_, select

from reviewapp.extensions import db
from reviewapp.local_time import format_datetime
from reviewapp.models import Application, Assignment, Call, Expert, MailMessage, Review
from reviewapp.services.expert_tasks import review_deadline
from reviewapp.services.listing import contains_pattern

# Pairs that still owe a review.
OPEN = ("invited", "accepted")
VISIBLE = ("invited", "accepted", "declined", "recused", "done")


@dataclass(frozen=True)
class ExpertProgress:
    """One expert's tasks by state."""

    expert_pk: int
    expert_id: str
    name: str
    unit_name: str
    email: str
    tasks: int
    to_declare: int
    drafts: int
    submitted: int
    declined: int
    recused: int
    last_reminded: str

    @property
    def open(self) -> int:
        """Tasks still owed (to declare, to score or draft)."""
        return self.tasks - self.submitted - self.declined - self.recused


@dataclass(frozen=True)
class ApplicationProgress:
    """One application's panel by state, and the mean of its submitted totals."""

    app_id: str
    title: str
    panel: int
    submitted: int
    open: int
    left: int  # declined or recused: slots to refill
    mean_total: float | None


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


def _state_counts() -> list[ColumnElement[Any]]:
    """The summed CASE columns shared by the per-expert and per-application queries."""
    submitted = Review.status.in_(("submitted", "locked"))
    return [
        func.count(Assignment.id),
        func.sum(case((Assignment.status == "invited", 1), else_=0)),
        func.sum(case((Review.status == "draft", 1), else_=0)),
        func.sum(case((submitted, 1), else_=0)),
        func.sum(case((Assignment.status == "declined", 1), else_=0)),
        func.sum(case((Assignment.status == "recused", 1), else_=0)),
    ]


def expert_progress(call_id: int) -> list[ExpertProgress]:
    """Each expert with visible tasks, most open work first."""
    reminded = dict(db.session.execute(
        select(MailMessage.expert_id, func.max(MailMessage.created_at))
        .where(MailMessage.call_id == call_id, MailMessage.kind == "reminder")
        .group_by(MailMessage.expert_id)).tuples().all())
    rows = db.session.execute(
        select(Expert.id, Expert.expert_id, Expert.name, Expert.unit_name, Expert.email,
               *_state_counts())
        .join(Assignment, Assignment.expert_id == Expert.id)
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(Assignment.call_id == call_id, Assignment.status.in_(VISIBLE))
        .group_by(Expert.id, Expert.expert_id, Expert.name, Expert.unit_name, Expert.email)
    ).all()
    result = []
    for pk, code, name, unit, email, *counts in rows:
        tasks, to_declare, drafts, submitted, declined, recused = (int(n or 0) for n in counts)
        last = reminded.get(pk)
        result.append(ExpertProgress(pk, code, name, unit, email, tasks, to_declare, drafts,
                                     submitted, declined, recused,
                                     last_reminded=format_datetime(last) if last else ""))
    return sorted(result, key=lambda e: (-e.open, e.expert_id))


def application_progress(call_id: int) -> list[ApplicationProgress]:
    """Each application with a panel, fewest submitted reviews first."""
    counts = _state_counts()
    mean = func.avg(case((Review.status.in_(("submitted", "locked")), Review.total)))
    rows = db.session.execute(
        select(Application.app_id, Application.title, counts[0], counts[3], counts[4],
               counts[5], mean)
        .join(Assignment, Assignment.application_id == Application.id)
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(Assignment.call_id == call_id, Assignment.status.in_(VISIBLE))
        .group_by(Application.app_id, Application.title)
    ).all()
    result = []
    for app_id, title, panel, submitted, declined, recused, mean_total in rows:
        left = int(declined or 0) + int(recused or 0)
        result.append(ApplicationProgress(
            app_id, title, int(panel), int(submitted or 0),
            int(panel) - int(submitted or 0) - left, left,
            None if mean_total is None else round(float(mean_total), 1)))
    return sorted(result, key=lambda a: (a.submitted, a.app_id))


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
    if search.strip():
        pattern = contains_pattern(search.strip())
        query = query.where(or_(*(column.ilike(pattern, escape="\\") for column in (
            Application.app_id, Application.title, Expert.expert_id, Expert.name))))
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
