"""Importing reviews scored on paper: only assigned pairs, all or nothing, stored as submitted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from reviewapp.call_settings_model import CallSettings
from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, Call, Expert, Review
from reviewapp.models.common import utcnow
from reviewapp.services.audit import record_audit
from reviewapp.workbook.columns import review_sheet
from reviewapp.workbook.issues import ImportIssue, has_errors, storing_failed
from reviewapp.workbook.parse import read_sheets
from reviewapp.workbook.reader import ParsedRow, Source, open_book
from scoring.rubric import Rubric, RubricIndicator, review_total

# Assignments an expert has left cannot carry a review.
_CLOSED = ("declined", "recused")


class ReviewsImportError(LookupError):
    """The call does not exist."""


@dataclass(frozen=True)
class ReviewsImportResult:
    """How many reviews were stored (0 when anything was wrong) and every issue found."""

    stored: int
    issues: list[ImportIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the reviews were stored."""
        return not has_errors(self.issues)


def call_rubric(settings: CallSettings) -> Rubric:
    """The call's rubric as the scoring library's plain type."""
    return Rubric(tuple(
        RubricIndicator(ind.key, float(ind.points), ind.priority) for ind in settings.rubric
    ))


def _open_assignments(call_id: int) -> dict[tuple[str, str], Assignment]:
    """The current assignment of each (app code, expert code) pair still open for review."""
    query = (
        select(Assignment, Application.app_id, Expert.expert_id)
        .join(Application, Assignment.application_id == Application.id)
        .join(Expert, Assignment.expert_id == Expert.id)
        .where(Assignment.call_id == call_id)
        .order_by(Assignment.round)
    )
    pairs: dict[tuple[str, str], Assignment] = {}
    for assignment, app_code, expert_code in db.session.execute(query):
        if assignment.status not in _CLOSED:
            pairs[(app_code, expert_code)] = assignment  # a later round wins
    return pairs


def _row_issue(sheet: str, row: ParsedRow, column: str, value: str, zh: str, en: str
               ) -> ImportIssue:
    """An error on one row of the reviews sheet."""
    return ImportIssue(sheet, row.row, column, value, zh, en)


def _check_rows(
    sheet_title: str, rows: list[ParsedRow], headers: dict[str, str],
    assigned: dict[tuple[str, str], Assignment],
) -> list[ImportIssue]:
    """Pair and duplicate problems of the parsed rows.

    A blank recommendation is allowed: paper score sheets do not always carry one, and the
    ranking reads only the scores. A recommendation that is given must be one of the three
    (the column's own check).
    """
    issues: list[ImportIssue] = []
    seen: dict[tuple[str, str], int] = {}
    expert_header = headers.get("expert_id", "expert_id")
    for row in rows:
        if not row.ok:
            continue
        pair = (row.values["app_id"], row.values["expert_id"])
        if pair in seen:
            issues.append(_row_issue(
                sheet_title, row, expert_header, pair[1],
                f"同一专家对同一项目的评审意见重复，与第 {seen[pair]} 行相同",
                f"a second review of the same pair, as row {seen[pair]}",
            ))
            continue
        seen[pair] = row.row
        if pair not in assigned:
            issues.append(_row_issue(
                sheet_title, row, expert_header, pair[1],
                f"专家 {pair[1]} 未被分配评审项目 {pair[0]}（或已回避、拒绝）："
                "只能导入已分配的评审",
                f"expert {pair[1]} is not assigned to {pair[0]} (or declined or recused): "
                "only assigned pairs may carry a review",
            ))
        elif (review := assigned[pair].review) is not None and review.status == "locked":
            issues.append(_row_issue(
                sheet_title, row, expert_header, pair[1],
                "该评审意见已锁定，不能覆盖", "this review is locked and cannot be replaced",
            ))
    return issues


def _store(rows: list[ParsedRow], rubric: Rubric, assigned: dict[tuple[str, str], Assignment],
           now: datetime) -> int:
    """Write each row as a submitted review on its assignment; return how many."""
    for row in rows:
        values = row.values
        assignment = assigned[(values["app_id"], values["expert_id"])]
        scores = {key: float(values[key]) for key in rubric.keys}
        review = assignment.review or Review(assignment=assignment, version=0)
        review.scores = scores
        review.total = review_total(rubric, scores)
        review.recommendation = values.get("recommendation") or ""
        review.comment = values.get("comment") or ""
        review.status = "submitted"
        review.submitted_at = now
        review.version = (review.version or 0) + 1
        assignment.status = "done"
        db.session.add(review)
    return len(rows)


def _without_drafts(sheet_title: str, rows: list[ParsedRow], issues: list[ImportIssue]
                    ) -> tuple[list[ParsedRow], list[ImportIssue]]:
    """Rows and issues without the draft rows an export carries: only submitted ones import."""
    drafts = {row.row for row in rows if row.values.get("status") == "draft"}
    return ([row for row in rows if row.row not in drafts],
            [i for i in issues if not (i.sheet == sheet_title and i.row in drafts)])


def import_reviews(call_id: int, path: Source, user: Any = None) -> ReviewsImportResult:
    """Store the workbook's reviews as submitted, or nothing when any row has a problem."""
    call = db.session.get(Call, call_id)
    if call is None:
        raise ReviewsImportError(call_id)
    settings = call.call_settings()
    raw, issues = open_book(path)
    if raw is None:
        return ReviewsImportResult(0, issues)
    spec = review_sheet(settings)
    sheet = read_sheets(raw, (spec,), settings, issues).get(spec.key)
    if sheet is None:
        return ReviewsImportResult(0, issues)
    rows, issues = _without_drafts(sheet.title, sheet.rows, issues)
    # Row checks run even after cell errors, so one report names every problem.
    assigned = _open_assignments(call_id)
    issues += _check_rows(sheet.title, rows, sheet.headers, assigned)
    if has_errors(issues):
        return ReviewsImportResult(0, issues)
    try:
        stored = _store(rows, call_rubric(settings), assigned, utcnow())
        record_audit(user, "import_reviews", "call", call_id, after={"reviews": stored},
                     call_id=call_id)
        db.session.commit()
    except SQLAlchemyError as exc:
        db.session.rollback()
        return ReviewsImportResult(0, [*issues, storing_failed(exc, "评审意见")])
    return ReviewsImportResult(stored, issues)
