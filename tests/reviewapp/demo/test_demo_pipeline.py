"""`reviewapp demo` runs the whole pipeline: eligibility, conflicts, assignment, reviews."""

from __future__ import annotations

from collections import Counter

import pytest
from flask_babel import force_locale
from sqlalchemy import and_, func, select

from reviewapp.call_settings_model import template_2025
from reviewapp.demo.operations import find_demo_call, store_demo_reviews
from reviewapp.demo.reviews import SimulatedReview, recommendation_for
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    Assignment,
    AssignmentRun,
    Call,
    Conflict,
    EligibilityResult,
    Expert,
    Review,
    User,
)
from reviewapp.services.call_overview import pipeline_stages
from reviewapp.services.reviews_import import call_rubric
from scoring.rubric import score_problems
from tests.helpers.staff_call_data import store_small_call

ARGS = ["demo", "--seed", "11", "--applications", "40", "--experts", "90"]


def _count(model: type) -> int:
    """Rows of one model."""
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def _stages(fresh_app) -> dict[str, tuple[str, str]]:
    """Stepper stage key → (state, summary) of the demo call, summaries in English."""
    with fresh_app.test_request_context(), force_locale("en"):
        return {s.key: (s.state, str(s.summary)) for s in pipeline_stages(find_demo_call())}


def _account_work(expert_code: str) -> Counter:
    """Review status (or 'none') of each assignment of one expert."""
    rows = db.session.scalars(
        select(Review.status).select_from(Assignment)
        .join(Expert, Expert.id == Assignment.expert_id)
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(Expert.expert_id == expert_code))
    return Counter(status or "none" for status in rows)


def test_demo_runs_every_stage_and_stores_reviews(fresh_app):
    """Every stage stores rows; assignments avoid conflicts; reviews sit on assigned pairs."""
    result = fresh_app.test_cli_runner().invoke(args=ARGS)
    assert result.exit_code == 0, result.output
    for line in ("Eligibility: ", "forbidden pairs", "Assignment (K=5, optimal): optimal",
                 "Reviews: "):
        assert line in result.output
    assert result.output.index("Reviews: ") < result.output.index("username")
    with fresh_app.app_context():
        for model in (EligibilityResult, Conflict, Assignment, Review, AssignmentRun):
            assert _count(model) > 0, model.__name__
        clash = select(func.count()).select_from(Assignment).join(Conflict, and_(
            Conflict.application_id == Assignment.application_id,
            Conflict.expert_id == Assignment.expert_id, Conflict.source != "staff_removed")
        ).where(Assignment.status != "recused")  # a recusal is the pair's declared conflict
        assert db.session.scalar(clash) == 0
        ineligible = select(func.count()).select_from(Assignment).join(
            Application, Application.id == Assignment.application_id).where(
            Application.status == "ineligible")
        assert db.session.scalar(ineligible) == 0
        rubric = call_rubric(template_2025())
        statuses = Counter()
        for review, assignment in db.session.execute(
                select(Review, Assignment).join(Assignment, Review.assignment_id == Assignment.id)):
            statuses[review.status] += 1
            if review.status == "submitted":
                assert assignment.status == "done"
                assert score_problems(rubric, review.scores) == {}
                assert review.recommendation == recommendation_for(review.total)
                assert review.comment
            else:
                assert assignment.status == "accepted" and review.total is None
        assert statuses["submitted"] > statuses["draft"] > 0
        assert _count(Review) < _count(Assignment)  # some pairs are not started yet
        experts = db.session.scalars(select(User).where(User.role == "expert")).all()
        assert len(experts) == 5
        for user in experts:
            work = _account_work(user.expert_code)
            assert work["submitted"] >= 1 and work["none"] + work["draft"] >= 1, work
    stages = _stages(fresh_app)
    assert stages["conflicts"][0] == "done" and "excluded pairs" in stages["conflicts"][1]
    # The demo has one declined and one recused pair awaiting a refill: staff are told.
    assert stages["assignment"][0] in ("done", "attention")
    assert stages["assignment"][1].startswith("optimal · ") and "objective" in stages[
        "assignment"][1]
    assert stages["progress"][0] == "attention" and "reviews submitted" in stages["progress"][1]
    assert stages["results"][0] in ("done", "attention")
    assert "rankable" in stages["results"][1]


def test_no_reviews_stops_after_the_assignment(fresh_app):
    """With --no-reviews the pairs are assigned but nothing is reviewed; strays are refused."""
    result = fresh_app.test_cli_runner().invoke(args=[*ARGS, "--no-reviews"])
    assert result.exit_code == 0, result.output
    assert "none simulated" in result.output
    with fresh_app.app_context():
        assert _count(Assignment) > 0 and _count(Review) == 0
        assigned = set(db.session.scalars(select(Assignment.application_id)))
        stray = db.session.scalars(select(Application).where(
            Application.id.not_in(assigned))).first()
        expert = db.session.scalars(select(Expert)).first()
        review = SimulatedReview(stray.app_id, expert.expert_id, "draft", (), None, "", "")
        with pytest.raises(ValueError, match="not assigned"):
            store_demo_reviews(find_demo_call().id, [review])
    stages = _stages(fresh_app)
    # The demo has one declined and one recused pair awaiting a refill: staff are told.
    assert stages["assignment"][0] in ("done", "attention")
    assert stages["progress"] == ("todo", f"0 of {_pairs(fresh_app)} reviews submitted")
    assert stages["results"] == ("todo", "")


def _pairs(fresh_app) -> int:
    """Assignments stored in the app's database."""
    with fresh_app.app_context():
        return _count(Assignment)


def test_stepper_flags_an_infeasible_run(app):
    """A last run that found no assignment needs attention and says so."""
    with app.test_request_context(), force_locale("en"):
        call = db.session.get(Call, store_small_call(with_eligibility=True))
        db.session.add(AssignmentRun(call_id=call.id, per_app=5, status="infeasible"))
        db.session.commit()
        stages = {s.key: (s.state, str(s.summary)) for s in pipeline_stages(call)}
    assert stages["assignment"] == ("attention", "last run infeasible · 0 pairs")
    assert stages["conflicts"] == ("todo", "")
    assert stages["progress"] == ("todo", "")
