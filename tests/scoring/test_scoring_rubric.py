"""Tests for rubric totals and score validation."""

import pytest

from scoring.rubric import Rubric, RubricIndicator, review_total, review_totals, score_problems

RUBRIC = Rubric((
    RubricIndicator("necessity", 15, priority=3),
    RubricIndicator("maturity", 20, priority=2),
    RubricIndicator("technical", 20, priority=1),
    RubricIndicator("outputs", 15, priority=5),
    RubricIndicator("benefit", 20, priority=4),
    RubricIndicator("team", 10, priority=6),
))
FULL = {"necessity": 15, "maturity": 20, "technical": 20, "outputs": 15, "benefit": 20, "team": 10}


def test_points_are_weights_when_they_add_to_100():
    """With no explicit weights, the total is the plain sum of points."""
    scores = {**FULL, "maturity": 12.5, "team": 0}
    assert review_total(RUBRIC, scores) == pytest.approx(100 - 7.5 - 10)


def test_explicit_weights_rescale_to_100():
    """Weights apply to each indicator's fraction of its points and are scaled to 100."""
    rubric = Rubric((RubricIndicator("a", 10, weight=3), RubricIndicator("b", 5, weight=1)))
    assert review_total(rubric, {"a": 10, "b": 0}) == pytest.approx(75)
    assert review_total(rubric, {"a": 5, "b": 5}) == pytest.approx(62.5)
    assert review_totals(rubric, [{"a": 0, "b": 0}, {"a": 10, "b": 5}]) == [0, 100]


def test_problems_name_each_bad_indicator():
    """Out-of-range, non-half, missing, non-numeric and unknown scores are each reported."""
    scores = {**FULL, "necessity": 16, "maturity": 12.25, "outputs": "x", "extra": 1}
    del scores["team"]
    problems = score_problems(RUBRIC, scores)
    assert set(problems) == {"necessity", "maturity", "outputs", "team", "extra"}
    assert problems["team"] == "missing"
    with pytest.raises(ValueError):
        review_total(RUBRIC, scores)
    assert score_problems(RUBRIC, {**FULL, "team": 9.5}) == {}


def test_priority_keys_follow_the_call_priority():
    """Tie-break keys come in priority order, not display order."""
    assert RUBRIC.priority_keys == (
        "technical", "maturity", "necessity", "benefit", "outputs", "team"
    )


def test_invalid_rubrics_are_rejected():
    """Empty rubrics, duplicate keys and zero points cannot be built."""
    with pytest.raises(ValueError):
        Rubric(())
    with pytest.raises(ValueError):
        Rubric((RubricIndicator("a", 5), RubricIndicator("a", 5)))
    with pytest.raises(ValueError):
        Rubric((RubricIndicator("a", 0),))
