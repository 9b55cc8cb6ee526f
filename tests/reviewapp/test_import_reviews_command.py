"""`reviewapp import-reviews`: assigned pairs only, valid scores, all or nothing."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from reviewapp.extensions import db
from reviewapp.models import AuditLog, Review
from reviewapp.workbook.records import ReviewRecord
from tests.helpers.paper_reviews import (
    EXPERTS,
    assigned_pairs,
    paper_review,
    store_assigned_call,
    write_book,
)


def _count(app, model) -> int:
    """Rows of a table."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_import_stores_submitted_reviews(app, runner, tmp_path):
    """Every assigned pair's paper review is stored as submitted with its total."""
    call_id = store_assigned_call(app)
    pairs = assigned_pairs(app, call_id)
    book = write_book(tmp_path, [paper_review(a, e) for a, e in pairs])
    done = runner.invoke(args=["import-reviews", str(call_id), str(book)])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output.strip().splitlines()[-1]) == {"call": call_id, "reviews": 48}
    with app.app_context():
        reviews = db.session.scalars(select(Review)).all()
        assert len(reviews) == 48 and {r.status for r in reviews} == {"submitted"}
        first = paper_review(*pairs[0])
        stored = next(r for r in reviews if r.assignment.application.app_id == pairs[0][0]
                      and r.assignment.expert.expert_id == pairs[0][1])
        assert stored.total == sum(first.scores.values())
        assert stored.recommendation == "同意支持" and stored.assignment.status == "done"
        assert db.session.scalars(select(AuditLog).where(
            AuditLog.action == "import_reviews")).first() is not None


def test_unassigned_pair_stops_the_whole_import(app, runner, tmp_path):
    """One review of a pair that was never assigned: nothing stored, the row is named."""
    call_id = store_assigned_call(app)
    pairs = assigned_pairs(app, call_id)
    assigned = set(pairs)
    stranger = next((f"A{n:02d}", e) for n in range(16) for e in EXPERTS
                    if (f"A{n:02d}", e) not in assigned)
    book = write_book(tmp_path, [paper_review(a, e) for a, e in [*pairs, stranger]])
    done = runner.invoke(args=["import-reviews", str(call_id), str(book)])
    assert done.exit_code != 0
    assert f"第 {len(pairs) + 2} 行" in done.output and "not assigned" in done.output
    assert _count(app, Review) == 0


def test_bad_scores_block_the_import_and_a_blank_recommendation_does_not(app, runner, tmp_path):
    """A score over the indicator's points blocks the import; a blank recommendation is kept."""
    call_id = store_assigned_call(app)
    pairs = assigned_pairs(app, call_id)
    good = paper_review(*pairs[0])
    too_high = ReviewRecord(*pairs[1], {**good.scores, "team": 11}, "同意支持")
    blank = ReviewRecord(*pairs[2], good.scores, "")
    book = write_book(tmp_path, [good, too_high, blank])
    done = runner.invoke(args=["import-reviews", str(call_id), str(book)])
    assert done.exit_code != 0
    assert "第 3 行" in done.output and "第 4 行" not in done.output
    assert _count(app, Review) == 0
    fixed = write_book(tmp_path, [good, blank])
    assert runner.invoke(args=["import-reviews", str(call_id), str(fixed)]).exit_code == 0
    with app.app_context():
        recommendations = sorted(r.recommendation for r in db.session.scalars(select(Review)))
    assert recommendations == ["", good.recommendation]
    missing = runner.invoke(args=["import-reviews", "999999", str(book)])
    assert missing.exit_code != 0 and "no call" in missing.output
