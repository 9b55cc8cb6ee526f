"""Tests for the Gibbs sampler and rank uncertainty."""

import numpy as np
import pytest
from scipy.stats import kendalltau

from scoring.bayes import rank_draws, rank_summary, sample_posterior
from scoring.convergence import effective_sample_size
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


# Coverage: 3 simulated calls × 150 applications = 450 intervals per level; with the
# binomial SD of a 90 % rate at 1.4 points, ±5 points is a 3.5-SD tolerance.
COVERAGE_TOLERANCE = 0.05


def identifiable_truth(sim) -> np.ndarray:
    """True quality plus the mean true leniency of the experts (the model's zero point)."""
    return sim.quality + sim.bias.mean()


def test_score_intervals_cover_the_truth_at_their_nominal_rate():
    """50 % and 90 % intervals hold the truth about 50 % and 90 % of the time."""
    hits = {0.5: [], 0.9: []}
    for seed in (21, 22, 23):
        sim = simulate_call(seed, n_apps=150, n_experts=45)
        post = sample_posterior(sim.table, draws=1000, seed=seed)
        truth = identifiable_truth(sim)
        for level in hits:
            low, high = post.score_interval(level)
            hits[level].extend((truth >= low) & (truth <= high))
    for level, covered in hits.items():
        assert np.mean(covered) == pytest.approx(level, abs=COVERAGE_TOLERANCE)


def test_chains_converge_and_say_so():
    """Default runs reach 200 effective draws everywhere; a short run reports that it did not."""
    post = sample_posterior(SIM.table, seed=3)
    conv = post.convergence
    assert conv.chains == 4 and post.score_draws.shape[0] == 4 * conv.draws_per_chain
    assert conv.min_ess >= 200 and conv.max_rhat < 1.02
    assert conv.converged
    summary = rank_summary(post, np.arange(150))
    assert np.nanmin(summary.rank_ess) >= 200
    short = sample_posterior(SIM.table, draws=40, burn_in=0, seed=3)
    assert short.convergence.min_ess < 200 and not short.convergence.converged


def test_the_common_level_mixes():
    """The mean score of all applications (the level) is no longer the slow direction."""
    post = sample_posterior(SIM.table, seed=4)
    level = post.by_chain(np.nanmean(post.score_draws, axis=1)[:, None])
    assert effective_sample_size(level)[0] >= 200


def test_biases_are_centred_within_each_component():
    """Each draw's expert effects sum to zero inside every connected component."""
    post = sample_posterior(SIM.table, draws=200, burn_in=20, seed=5)
    assert np.abs(post.bias_draws.sum(axis=1)).max() < 1e-6


def test_score_intervals_stay_inside_the_rubric_range():
    """Near the top of the scale no interval passes the rubric's maximum."""
    sim = simulate_call(31, n_apps=120, n_experts=40, sd_quality=6.0)
    top = ReviewTable(app_ids=sim.table.app_ids, expert_ids=sim.table.expert_ids,
                      app_idx=sim.table.app_idx, expert_idx=sim.table.expert_idx,
                      score=np.clip(sim.table.score + 25, 0, 100))
    post = sample_posterior(top, draws=800, seed=6)
    low, high = post.score_interval(0.9)
    assert high.max() <= 100 and low.min() >= 0
    assert np.nanmax(post.score_draws) <= 100
    small = sample_posterior(top, draws=400, seed=6, score_range=(0, 20))
    assert np.nanmax(small.score_draws) <= 20


def test_calibrated_scores_beat_the_raw_mean():
    """The posterior mean orders applications closer to the truth than the raw mean."""
    sim = simulate_call(41, n_apps=150, n_experts=45)
    post = sample_posterior(sim.table, seed=7)
    raw = np.bincount(sim.table.app_idx, sim.table.score) / sim.table.reviews_per_app()
    assert kendalltau(post.score_mean(), sim.quality)[0] > kendalltau(raw, sim.quality)[0] + 0.05


def test_disconnected_components_each_get_their_own_level():
    """Two groups that share no expert are each centred on their own experts."""
    first = simulate_call(51, n_apps=60, n_experts=20)
    second = simulate_call(52, n_apps=60, n_experts=20)
    t1, t2 = first.table, second.table
    table = ReviewTable(
        app_ids=t1.app_ids + tuple(f"B{a}" for a in t2.app_ids),
        expert_ids=t1.expert_ids + tuple(f"B{e}" for e in t2.expert_ids),
        app_idx=np.concatenate([t1.app_idx, t2.app_idx + t1.n_apps]),
        expert_idx=np.concatenate([t1.expert_idx, t2.expert_idx + t1.n_experts]),
        score=np.concatenate([t1.score, t2.score + 10]),
    )
    post = sample_posterior(table, draws=400, seed=8)
    bias = post.bias_draws
    assert np.abs(bias[:, :20].sum(axis=1)).max() < 1e-6
    assert np.abs(bias[:, 20:].sum(axis=1)).max() < 1e-6
    # The second group's +10 shows in its scores, not in its experts.
    shift = post.score_mean()[60:].mean() - post.score_mean()[:60].mean()
    assert shift == pytest.approx(10 + second.quality.mean() - first.quality.mean(), abs=1.5)
