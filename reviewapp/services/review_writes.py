"""Saving and submitting a review: checked again here, written by compare-and-set.

The form's `version` is compared in the same UPDATE that writes, so of two saves from
two tabs, devices or server processes exactly one wins and the other changes nothing
(`StaleReview`, answered 409). The first save inserts the row; the unique assignment
column makes a racing second insert fail the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from reviewapp.call_settings_model import CallSettings
from reviewapp.extensions import db, rows_changed
from reviewapp.models import Assignment, Review
from reviewapp.models.common import utcnow
from reviewapp.services.audit import record_audit
from reviewapp.services.review_checks import ReviewInput, check_review, consistency_questions
from reviewapp.services.reviews_import import call_rubric
from scoring.rubric import review_total

# Pairs whose review may be written by the expert.
WRITABLE = ("accepted",)


class ReviewWriteError(Exception):
    """A save that stored nothing; the subclasses say why."""


class StaleReview(ReviewWriteError):
    """Another save came first: the form's version is not the stored one."""


class ReviewClosed(ReviewWriteError):
    """The review is submitted (or the pair is not open for writing)."""


@dataclass
class ReviewInvalid(ReviewWriteError):
    """Values the rubric refuses: field name → (Chinese, English) message."""

    errors: dict[str, tuple[str, str]]


@dataclass
class NeedsConfirmation(ReviewWriteError):
    """A submission that contradicts itself: each question as (Chinese, English)."""

    questions: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class SavedReview:
    """What a save stored: the new version, when, the status and the total (None if partial)."""

    version: int
    saved_at: datetime
    status: str
    total: float | None


def partial_total(settings: CallSettings, scores: dict[str, float | None]) -> float | None:
    """The total out of 100 when every indicator is scored, else None."""
    given = {k: float(v) for k, v in scores.items() if v is not None}
    if len(given) != len(settings.rubric):
        return None
    return round(review_total(call_rubric(settings), given), 2)


def write_review(assignment: Assignment, data: ReviewInput, version: int, submit: bool,
                 confirmed: bool, user: Any) -> SavedReview:
    """Store the expert's draft, or submit it; raises a `ReviewWriteError` storing nothing."""
    if assignment.status not in WRITABLE:
        raise ReviewClosed()
    settings = assignment.application.call.call_settings()
    errors = check_review(settings, assignment.application.requested_yuan, data, submit)
    if errors:
        raise ReviewInvalid(errors)
    if submit and not confirmed:
        questions = consistency_questions(settings, data)
        if questions:
            raise NeedsConfirmation(questions)
    now = utcnow()
    total = partial_total(settings, data.scores)
    values: dict[str, Any] = {
        "scores": {k: float(v) for k, v in data.scores.items() if v is not None},
        "comments": {k: v for k, v in data.comments.items() if v},
        "total": total, "recommendation": data.recommendation,
        "comment": data.comment, "recommended_yuan": data.recommended_yuan,
        "cut_reason": data.cut_reason, "updated_at": now,
        "status": "submitted" if submit else "draft",
        "submitted_at": now if submit else None,
    }
    try:
        new_version = _compare_and_set(assignment.id, version, values)
        if submit:
            db.session.execute(update(Assignment).where(Assignment.id == assignment.id)
                               .values(status="done")
                               .execution_options(synchronize_session=False))
        record_audit(user, "review.submit" if submit else "review.save", "assignment",
                     assignment.id, after={"version": new_version, "total": total},
                     call_id=assignment.call_id)
        db.session.commit()
    except IntegrityError as error:  # a racing first save inserted the row
        db.session.rollback()
        raise StaleReview() from error
    return SavedReview(new_version, now, values["status"], total)


def _compare_and_set(assignment_id: int, version: int, values: dict[str, Any]) -> int:
    """Write `values` if the stored version is `version` (0: no row yet); the new version."""
    if version == 0:
        exists = db.session.scalar(
            Review.__table__.select().with_only_columns(Review.id)
            .where(Review.assignment_id == assignment_id))
        if exists is not None:
            raise StaleReview()
        db.session.add(Review(assignment_id=assignment_id, version=1, **values))
        db.session.flush()
        return 1
    changed = rows_changed(
        update(Review)
        .where(Review.assignment_id == assignment_id, Review.version == version,
               Review.status == "draft")
        .values(version=Review.version + 1, **values)
        .execution_options(synchronize_session=False))
    if changed != 1:
        db.session.rollback()
        raise StaleReview()
    return version + 1
