"""Tests for Krippendorff's alpha, variance components, leniency and outliers."""

import numpy as np
import pytest

from scoring.bayes import sample_posterior
from scoring.calibrate import calibrate
from scoring.reliability import (
    expert_leniency,
    krippendorff_alpha_interval,
    outlier_reviews,
    variance_components,
)
from scoring.simulation import simulate_call
from scoring.table import ReviewTable

NAN = np.nan
# Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 observers x 12 units
# with missing values; the interval alpha he reports is 0.849.
TEXTBOOK = np.array([
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
])


def _long(matrix):
    """Unit index and value of every present rating of a coders x units matrix."""
    coder, unit = np.nonzero(~np.isnan(matrix))
    return unit, matrix[coder, unit]


def test_alpha_matches_the_textbook_example():
    """The interval alpha of Krippendorff's worked example is 0.849."""
    assert krippendorff_alpha_interval(*_long(TEXTBOOK)) == pytest.approx(0.849, abs=5e-4)


def test_alpha_is_one_for_perfect_agreement_and_near_zero_for_noise():
    """Identical ratings give 1; ratings unrelated to the unit give about 0."""
    units = np.repeat(np.arange(50), 3)
    assert krippendorff_alpha_interval(units, units * 1.5) == pytest.approx(1)
    noise = np.random.default_rng(0).normal(size=len(units))
    assert abs(krippendorff_alpha_interval(units, noise)) < 0.15
    assert np.isnan(krippendorff_alpha_interval(np.array([0, 1]), np.array([1.0, 2.0])))


def test_variance_components_and_leniency_recover_the_simulation():
    """Shares follow the simulated SDs and lenient experts get intervals above zero."""
    sim = simulate_call(21, sd_quality=8, sd_bias=8, sd_noise=4)
    post = sample_posterior(sim.table, draws=400, burn_in=100, seed=0)
    parts = variance_components(post)
    app_share, expert_share, noise_share = parts.shares
    assert app_share == pytest.approx(64 / 144, abs=0.12)
    assert noise_share == pytest.approx(16 / 144, abs=0.06)
    assert parts.calibrated_reliability(5) > parts.mean_reliability(5)
    lenient = expert_leniency(sim.table, post)
    assert np.corrcoef(lenient.leniency, sim.bias)[0, 1] > 0.95
    strong = sim.bias > 12
    assert strong.any() and np.all(lenient.low[strong] > 0)
    assert np.all(lenient.low <= lenient.high)
    assert lenient.n_reviews.sum() == sim.table.n_reviews


def test_outliers_are_flagged_not_dropped():
    """A wild review is flagged with its ids, and the table keeps it."""
    sim = simulate_call(3)
    score = sim.table.score.copy()
    score[17] = 0.0 if score[17] > 50 else 100.0
    table = ReviewTable(
        sim.table.app_ids, sim.table.expert_ids, sim.table.app_idx, sim.table.expert_idx, score
    )
    flagged = outlier_reviews(table, calibrate(table))
    assert 17 in [o.review_index for o in flagged]
    wild = next(o for o in flagged if o.review_index == 17)
    assert wild.app_id == table.app_ids[table.app_idx[17]] and abs(wild.robust_z) > 3
    assert table.n_reviews == sim.table.n_reviews
    assert len(flagged) < 0.02 * table.n_reviews
