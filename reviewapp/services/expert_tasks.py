"""What an expert may read: their own invited tasks and the applications behind them.

Every lookup is by the expert's pool code *and* the assignment id, in SQL, so a guessed id
of someone else's task finds nothing (the view answers 404).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager, selectinload

from reviewapp.call_settings_model import CallSettings
from reviewapp.extensions import db
from reviewapp.models import (
    VISIBLE_TO_EXPERT,
    Application,
    ApplicationUnit,
    Assignment,
    Call,
    Expert,
    Review,
)

# The expert's view of a task, in the order the list sorts them.
TASK_STATES = ("to_declare", "to_score", "draft", "submitted", "declined", "recused")


@dataclass(frozen=True)
class Task:
    """One row of 我的评审任务."""

    assignment_id: int
    app_id: str
    title: str
    call_name: str
    state: str  # one of TASK_STATES
    deadline: date | None
    scored: int  # indicators with a score
    indicators: int
    total: float | None
    reopen_reason: str


def review_deadline(settings: CallSettings) -> date | None:
    """The call's review deadline, when staff have set one."""
    text = settings.review.get("deadline")
    return date.fromisoformat(text) if text else None


def task_state(assignment: Assignment) -> str:
    """The expert's view of a pair's status and its review's."""
    review = assignment.review
    if assignment.status == "invited":
        return "to_declare"
    if assignment.status in ("declined", "recused"):
        return assignment.status
    if review is not None and review.status in ("submitted", "locked"):
        return "submitted"
    return "draft" if review is not None else "to_score"


def _own(expert_code: str | None) -> Select[tuple[Assignment]]:
    """The select of this expert's visible assignments, application and call loaded."""
    return (
        select(Assignment)
        .join(Assignment.expert)
        .join(Assignment.application)
        .join(Application.call)
        .options(contains_eager(Assignment.application).contains_eager(Application.call),
                 selectinload(Assignment.review))
        .where(Expert.expert_id == (expert_code or ""),
               Assignment.status.in_(VISIBLE_TO_EXPERT))
    )


def expert_tasks(expert_code: str | None) -> list[Task]:
    """Every visible task of the pool expert with this code, in any call."""
    if not expert_code:
        return []
    query = _own(expert_code).order_by(Call.deadline.desc(), Application.app_id)
    tasks = []
    for assignment in db.session.scalars(query):
        settings = assignment.application.call.call_settings()
        review = assignment.review
        scores = (review.scores or {}) if review else {}
        tasks.append(Task(
            assignment.id, assignment.application.app_id, assignment.application.title,
            assignment.application.call.name, task_state(assignment),
            review_deadline(settings),
            sum(1 for ind in settings.rubric if scores.get(ind.key) is not None),
            len(settings.rubric), review.total if review else None,
            review.reopen_reason if review and review.status == "draft" else "",
        ))
    order = {state: n for n, state in enumerate(TASK_STATES)}
    return sorted(tasks, key=lambda t: order[t.state])


def own_assignment(assignment_id: int, expert_code: str | None) -> Assignment | None:
    """The expert's own visible assignment with this id; None for anyone else's."""
    if not expert_code:
        return None
    query = _own(expert_code).where(Assignment.id == assignment_id)
    return db.session.scalars(query).first()


@dataclass(frozen=True)
class UnitLine:
    """A unit of the application as the expert sees it."""

    role: str
    name: str
    unit_type: str
    province: str


def application_units(application_id: int) -> list[UnitLine]:
    """The application's units, lead first."""
    order = {"lead": 0, "partner": 1, "participant": 2}
    rows = db.session.scalars(
        select(ApplicationUnit).where(ApplicationUnit.application_id == application_id)
        .options(selectinload(ApplicationUnit.unit))
    )
    lines = [UnitLine(r.role, r.unit.name, r.unit.unit_type, r.unit.province) for r in rows]
    return sorted(lines, key=lambda u: (order.get(u.role, 3), u.name))


@dataclass(frozen=True)
class TaskView:
    """What a task's pages show beside the pair: the expert's state of it and the units."""

    state: str
    units: list[UnitLine]


def task_view(assignment: Assignment) -> TaskView:
    """The task's state for the expert and its application's units, lead first."""
    return TaskView(task_state(assignment), application_units(assignment.application_id))


def own_review(assignment: Assignment) -> Review | None:
    """The assignment's review, read fresh from the database (another tab may have saved)."""
    return db.session.scalars(
        select(Review).where(Review.assignment_id == assignment.id)
        .execution_options(populate_existing=True)
    ).first()


def call_of(assignment: Assignment) -> Call:
    """The call the assignment belongs to."""
    return assignment.application.call
