"""Tests for the Gibbs sampler and rank uncertainty."""

import numpy as np
import pytest
from scipy.stats import kendalltau

from scoring.bayes import rank_draws, rank_summary, sample_posterior
from scoring.simulation import simulate_call
from scoring.table import ReviewTable

SIM = simulate_call(11, n_apps=150, n_experts=45)


def test_same_seed_same_draws_and_other_seed_differs():
    """A fixed seed makes the posterior reproducible."""
    first = sample_posterior(SIM.table, draws=200, burn_in=50, seed=5)
    again = sample_posterior(SIM.table, draws=200, burn_in=50, seed=5)
    other = sample_posterior(SIM.table, draws=200, burn_in=50, seed=6)
    assert np.array_equal(first.score_draws, again.score_draws)
    assert not np.array_equal(first.score_draws, other.score_draws)


def test_intervals_cover_the_truth_about_as_often_as_claimed():
    """90 % score intervals hold true quality for roughly 90 % of applications."""
    post = sample_posterior(SIM.table, draws=800, burn_in=200, seed=1)
    low, high = post.score_interval(0.9)
    coverage = np.mean((SIM.quality >= low) & (SIM.quality <= high))
    assert 0.8 <= coverage <= 0.98
    assert kendalltau(post.score_mean(), SIM.quality)[0] > 0.75
    sd_app, sd_exp, sd_noise = post.sigma_draws.mean(axis=0)
    assert 5 < sd_exp < 12 and 3 < sd_noise < 5.5


def test_rank_summary_is_ordered_and_line_probabilities_make_sense():
    """Quantiles are ordered, ranks are a permutation per draw, P(above) falls with rank."""
    post = sample_posterior(SIM.table, draws=400, burn_in=100, seed=2)
    subset = np.arange(0, 150, 2)
    ranks = rank_draws(post, subset)
    assert np.all(np.sort(ranks, axis=1) == np.arange(1, len(subset) + 1))
    summary = rank_summary(post, subset, line_rank=20)
    assert np.all(summary.rank_q05 <= summary.rank_q25)
    assert np.all(summary.rank_q25 <= summary.rank_q75)
    assert np.all(summary.rank_q75 <= summary.rank_q95)
    assert summary.p_above_line.sum() == pytest.approx(20)
    best = np.argmax(SIM.quality[subset])
    worst = np.argmin(SIM.quality[subset])
    assert summary.p_above_line[best] > 0.95 and summary.p_above_line[worst] < 0.05
    assert rank_summary(post, subset).p_above_line is None


def test_unreviewed_applications_have_no_scores():
    """Applications without reviews get NaN draws and cannot be ranked."""
    table = ReviewTable(
        app_ids=(*SIM.table.app_ids, "EMPTY"), expert_ids=SIM.table.expert_ids,
        app_idx=SIM.table.app_idx, expert_idx=SIM.table.expert_idx, score=SIM.table.score,
    )
    post = sample_posterior(table, draws=20, burn_in=5, seed=0)
    assert np.isnan(post.score_draws[:, -1]).all()
    with pytest.raises(ValueError):
        rank_draws(post, np.array([0, len(table.app_ids) - 1]))
