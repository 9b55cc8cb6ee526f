"""Simulated demo reviews: valid half-point scores, consistent verdicts, realistic progress."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from reviewapp.call_settings_model import RUBRIC_2025, Indicator
from reviewapp.demo.reviews import (
    DRAFT,
    SUBMITTED,
    recommendation_for,
    simulate_reviews,
)
from scoring.rubric import Rubric, RubricIndicator, review_total, score_problems

RUBRIC = Rubric(tuple(RubricIndicator(i.key, float(i.points), i.priority) for i in RUBRIC_2025))

pair_lists = st.lists(
    st.tuples(st.sampled_from([f"A{n:03d}" for n in range(30)]),
              st.sampled_from([f"E{n:03d}" for n in range(12)])),
    max_size=120, unique=True,
)


def _grid(apps: int, experts: int) -> list[tuple[str, str]]:
    """Every (application, expert) pair of a small grid."""
    return [(f"A{a:03d}", f"E{e:03d}") for a in range(apps) for e in range(experts)]


@settings(max_examples=40, deadline=None)
@given(pairs=pair_lists, seed=st.integers(0, 10_000))
def test_reviews_are_valid_and_only_on_given_pairs(pairs, seed):
    """Scores are half points within each indicator; totals and verdicts agree."""
    reviews = simulate_reviews(pairs, RUBRIC_2025, seed)
    assert {(r.app_id, r.expert_id) for r in reviews} <= set(pairs)
    assert len({(r.app_id, r.expert_id) for r in reviews}) == len(reviews)
    for review in reviews:
        scores = dict(review.scores)
        if review.status == SUBMITTED:
            assert score_problems(RUBRIC, scores) == {}
            assert review.total == review_total(RUBRIC, scores)
            assert review.recommendation == recommendation_for(review.total)
            assert review.comment.endswith("。")
        else:
            assert review.status == DRAFT
            assert 0 < len(scores) < len(RUBRIC_2025)
            assert review.total is None and review.recommendation == ""


def test_same_seed_same_reviews_and_a_realistic_mix():
    """A seed fixes the result; most pairs are submitted, some drafts, some not started."""
    pairs = _grid(40, 20)
    reviews = simulate_reviews(pairs, RUBRIC_2025, 3)
    assert reviews == simulate_reviews(list(reversed(pairs)), RUBRIC_2025, 3)
    assert reviews != simulate_reviews(pairs, RUBRIC_2025, 4)
    counts = Counter(r.status for r in reviews)
    assert 0.6 * len(pairs) < counts[SUBMITTED] < len(pairs)
    assert 0 < counts[DRAFT] < counts[SUBMITTED]
    assert len(reviews) < len(pairs)
    verdicts = Counter(r.recommendation for r in reviews if r.status == SUBMITTED)
    assert set(verdicts) == {"优先支持", "同意支持", "不予支持"}


def test_better_applications_score_higher():
    """An application's latent quality shows in every expert's total (means correlate)."""
    reviews = [r for r in simulate_reviews(_grid(30, 12), RUBRIC_2025, 8) if r.total is not None]
    by_app: dict[str, list[float]] = {}
    by_half: dict[int, dict[str, list[float]]] = {0: {}, 1: {}}
    for review in reviews:
        by_app.setdefault(review.app_id, []).append(review.total)
        half = int(review.expert_id[1:]) % 2
        by_half[half].setdefault(review.app_id, []).append(review.total)
    apps = sorted(set(by_half[0]) & set(by_half[1]))
    first = [sum(by_half[0][a]) / len(by_half[0][a]) for a in apps]
    second = [sum(by_half[1][a]) / len(by_half[1][a]) for a in apps]
    mean_first, mean_second = sum(first) / len(first), sum(second) / len(second)
    covariance = sum((x - mean_first) * (y - mean_second) for x, y in zip(first, second,
                                                                          strict=True))
    assert covariance > 0  # two disjoint panels agree on which applications are better
    spread = max(sum(v) / len(v) for v in by_app.values()) - min(
        sum(v) / len(v) for v in by_app.values())
    assert spread > 15


def test_demo_logins_keep_open_work():
    """A demo login's pairs: about half open (one a draft), the rest submitted."""
    pairs = _grid(7, 3)
    reviews = simulate_reviews(pairs, RUBRIC_2025, 1, slow_experts={"E001"})
    mine = {r.app_id: r.status for r in reviews if r.expert_id == "E001"}
    assert mine == {"A003": DRAFT, "A004": SUBMITTED, "A005": SUBMITTED, "A006": SUBMITTED}


def test_one_indicator_rubric():
    """A rubric of one indicator still gives whole reviews and drafts with that score."""
    single = (Indicator("overall", "总体评价", "Overall", 10, 1),)
    reviews = simulate_reviews(_grid(20, 10), single, 2)
    assert reviews and all(len(r.scores) == 1 for r in reviews)
    for review in reviews:
        expected = None if review.status == DRAFT else review.scores[0][1] * 10
        assert review.total == expected
