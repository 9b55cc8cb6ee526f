"""Every review of a call as the `reviews` workbook `import-reviews` reads back."""

from __future__ import annotations

from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.local_time import format_datetime
from reviewapp.models import Application, Assignment, Call, Expert, Review
from reviewapp.workbook.export import export_reviews
from reviewapp.workbook.records import ReviewRecord


class ReviewsExportError(LookupError):
    """The call does not exist."""


def review_records(call_id: int) -> list[ReviewRecord]:
    """One record per stored review of the call (drafts too), by application then expert."""
    rows = db.session.execute(
        select(Review, Application.app_id, Expert.expert_id)
        .join(Assignment, Review.assignment_id == Assignment.id)
        .join(Application, Assignment.application_id == Application.id)
        .join(Expert, Assignment.expert_id == Expert.id)
        .where(Assignment.call_id == call_id)
        .order_by(Application.app_id, Expert.expert_id)
    )
    return [
        ReviewRecord(
            app_id, expert_id, scores=dict(review.scores or {}),
            recommendation=review.recommendation or "", comment=review.comment or "",
            status="draft" if review.status == "draft" else "submitted",
            total=None if review.total is None else round(review.total, 2),
            submitted_at=format_datetime(review.submitted_at) if review.submitted_at else "",
        )
        for review, app_id, expert_id in rows
    ]


def reviews_workbook(call_id: int) -> bytes:
    """The call's reviews as .xlsx bytes (sheet `reviews`, the contract's columns)."""
    call = db.session.get(Call, call_id)
    if call is None:
        raise ReviewsExportError(call_id)
    return export_reviews(review_records(call_id), call.call_settings())
