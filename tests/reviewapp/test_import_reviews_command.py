"""`reviewapp import-reviews`: assigned pairs only, valid scores, all or nothing."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import func, select

from reviewapp.call_settings_model import RUBRIC_2025, template_2025
from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, AuditLog, Expert, Review
from reviewapp.services.call_import import create_call
from reviewapp.workbook.export import export_reviews
from reviewapp.workbook.records import ReviewRecord

EXPERTS = ("E01", "E02", "E03", "E04", "E05", "E06")
# Leniency in points of 100: E01 is generous, E06 is harsh.
LENIENCY = {"E01": 12, "E02": 3, "E03": 0, "E04": -2, "E05": -4, "E06": -10}


def store_assigned_call(app) -> int:
    """A call with 8 applications per track, 3 experts assigned to each; returns its id."""
    with app.app_context():
        call = create_call("评审导入测试", date(2025, 3, 31), template_2025())
        experts = [Expert(call_id=call.id, expert_id=code, name=f"专家{code}") for code in EXPERTS]
        db.session.add_all(experts)
        for n in range(16):
            track = "T1" if n < 8 else "T2"
            application = Application(
                call_id=call.id, app_id=f"A{n:02d}", title=f"项目{n}", track=track,
                direction="数字经济", lead_unit_id="U1", requested_yuan=(20 + 3 * n) * 10_000,
            )
            db.session.add(application)
            db.session.flush()
            for k in range(3):
                expert = experts[(n + k) % len(experts)]
                db.session.add(Assignment(call_id=call.id, application_id=application.id,
                                          expert_id=expert.id))
        db.session.commit()
        return call.id


def assigned_pairs(app, call_id: int) -> list[tuple[str, str]]:
    """(app code, expert code) of every assignment of the call."""
    with app.app_context():
        query = (select(Application.app_id, Expert.expert_id)
                 .join(Assignment, Assignment.application_id == Application.id)
                 .join(Expert, Assignment.expert_id == Expert.id)
                 .where(Assignment.call_id == call_id))
        return sorted(db.session.execute(query).tuples())


def true_quality(app_id: str) -> int:
    """The score an average expert would give: distinct per application, not in id order."""
    return 40 + 3 * (7 * int(app_id[1:]) % 16)


def paper_review(app_id: str, expert_id: str) -> ReviewRecord:
    """A review whose total is the application's quality plus the expert's leniency."""
    quality = true_quality(app_id)
    share = min(max((quality + LENIENCY[expert_id]) / 100, 0), 1)
    scores = {ind.key: round(ind.points * share * 2) / 2 for ind in RUBRIC_2025}
    return ReviewRecord(app_id, expert_id, scores, "同意支持", "意见")


def write_book(tmp_path, reviews, name="reviews.xlsx"):
    """Write the reviews workbook to a file and return its path."""
    path = tmp_path / name
    path.write_bytes(export_reviews(reviews))
    return path


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
