"""Split R-hat and effective sample size on chains whose answer is known."""

import numpy as np
import pytest

from scoring.convergence import effective_sample_size, split_rhat, worst


def ar1_chains(rho: float, chains: int = 4, n: int = 2000, seed: int = 0) -> np.ndarray:
    """Stationary AR(1) chains with unit variance, shaped (chains, n, 1)."""
    rng = np.random.default_rng(seed)
    x = np.empty((chains, n))
    x[:, 0] = rng.standard_normal(chains)
    shock = np.sqrt(1 - rho**2)
    for t in range(1, n):
        x[:, t] = rho * x[:, t - 1] + shock * rng.standard_normal(chains)
    return x[:, :, None]


def test_independent_draws_count_fully():
    """Independent draws: ESS near the number of draws, R-hat near 1."""
    draws = np.random.default_rng(1).standard_normal((4, 1000, 3))
    ess = effective_sample_size(draws)
    assert np.all((ess > 3200) & (ess < 4800))
    assert np.all(np.abs(split_rhat(draws) - 1) < 0.01)


@pytest.mark.parametrize("rho", [0.5, 0.9])
def test_autocorrelated_draws_count_as_theory_says(rho):
    """AR(1): ESS ≈ N (1 − ρ) / (1 + ρ), within 25 %."""
    chains = ar1_chains(rho)
    expected = chains.shape[0] * chains.shape[1] * (1 - rho) / (1 + rho)
    assert effective_sample_size(chains)[0] == pytest.approx(expected, rel=0.25)


def test_chains_that_disagree_or_drift_are_caught():
    """Chains stuck at different levels, or one drifting, give R-hat well above 1."""
    rng = np.random.default_rng(2)
    apart = rng.standard_normal((4, 500, 1)) + np.array([0, 0, 0, 3.0])[:, None, None]
    assert split_rhat(apart)[0] > 1.1
    drifting = rng.standard_normal((4, 500, 1)) + np.linspace(0, 4, 500)[None, :, None]
    assert split_rhat(drifting)[0] > 1.1
    assert effective_sample_size(drifting)[0] < 200


def test_constant_and_missing_quantities_are_not_reported_as_failures():
    """A quantity that never varies has no ESS; worst() skips what is not finite."""
    draws = np.zeros((4, 100, 2))
    draws[:, :, 1] = np.nan
    assert np.isnan(effective_sample_size(draws)).all()
    assert split_rhat(draws)[0] == 1.0
    assert worst(np.array([np.nan, 1.02, 1.0]), highest=True) == 1.02
    assert np.isnan(worst(np.array([np.nan]), highest=False))
