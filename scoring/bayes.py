"""Bayesian additive model y = μ + θ_a + b_e + ε sampled by Gibbs, and rank uncertainty.

Priors: θ ~ N(0, σθ²), b ~ N(0, σb²), ε ~ N(0, σ²), flat on μ, inverse-gamma on the
three variances. Given the rest, all θ are independent normals, and so are all b, so
each is drawn as one vectorised block with np.bincount. The chain starts at the ridge
fit, which is close to the posterior mode, so a short burn-in suffices.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scoring.calibrate import calibrate
from scoring.table import ReviewTable

# Weak inverse-gamma prior on each variance: shape and scale in squared score points.
_IG_SHAPE = 1.0
_IG_SCALE = 1.0


@dataclass(frozen=True, eq=False)
class Posterior:
    """Posterior draws of application scores, expert biases and the three SDs."""

    app_ids: tuple[str, ...]
    expert_ids: tuple[str, ...]
    score_draws: np.ndarray  # (draws, apps): μ + θ; NaN columns for unreviewed apps
    bias_draws: np.ndarray  # (draws, experts)
    sigma_draws: np.ndarray  # (draws, 3): SD of applications, experts, noise
    seed: int

    def score_mean(self) -> np.ndarray:
        """Posterior mean score per application."""
        return self.score_draws.mean(axis=0)

    def score_interval(self, level: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
        """Equal-tailed credible interval of each application's score."""
        tail = (1 - level) / 2
        low, high = np.quantile(self.score_draws, [tail, 1 - tail], axis=0)
        return low, high


@dataclass(frozen=True, eq=False)
class RankSummary:
    """Rank uncertainty of a set of applications (rank 1 is best)."""

    app_index: np.ndarray  # indices into Posterior.app_ids, in the order given
    expected_rank: np.ndarray
    rank_q05: np.ndarray
    rank_q25: np.ndarray
    rank_q75: np.ndarray
    rank_q95: np.ndarray
    p_above_line: np.ndarray | None  # P(rank ≤ line_rank) when a line was given


def sample_posterior(
    table: ReviewTable, draws: int = 1000, burn_in: int = 200, seed: int = 0
) -> Posterior:
    """Run the Gibbs sampler; the same table and seed give the same draws."""
    if draws < 1 or burn_in < 0:
        raise ValueError("draws must be positive and burn_in non-negative")
    rng = np.random.default_rng(seed)
    start = calibrate(table)
    app, exp, y = table.app_idx, table.expert_idx, table.score
    n_apps, n_experts, n = table.n_apps, table.n_experts, table.n_reviews
    per_app = table.reviews_per_app()
    per_expert = table.reviews_per_expert()
    reviewed = per_app > 0
    n_reviewed = int(reviewed.sum())

    theta = np.nan_to_num(start.app_effect)
    bias = start.expert_bias.copy()
    mu = float(np.mean(y - theta[app] - bias[exp]))
    var_app = start.sigma_app**2
    var_exp = start.sigma_expert**2
    var_noise = start.sigma_noise**2

    score_draws = np.empty((draws, n_apps))
    bias_draws = np.empty((draws, n_experts))
    sigma_draws = np.empty((draws, 3))
    for step in range(burn_in + draws):
        # θ | rest: conjugate normal per application.
        sums = np.bincount(app, weights=y - mu - bias[exp], minlength=n_apps)
        precision = per_app / var_noise + 1 / var_app
        theta = sums / var_noise / precision + rng.standard_normal(n_apps) / np.sqrt(precision)
        # b | rest: conjugate normal per expert.
        sums = np.bincount(exp, weights=y - mu - theta[app], minlength=n_experts)
        precision = per_expert / var_noise + 1 / var_exp
        bias = sums / var_noise / precision + rng.standard_normal(n_experts) / np.sqrt(precision)
        # μ | rest under a flat prior.
        noise = rng.standard_normal() * np.sqrt(var_noise / n)
        mu = float(np.mean(y - theta[app] - bias[exp]) + noise)
        resid = y - mu - theta[app] - bias[exp]
        var_noise = _draw_variance(rng, resid, n)
        var_app = _draw_variance(rng, theta[reviewed], n_reviewed)
        var_exp = _draw_variance(rng, bias, n_experts)
        if step >= burn_in:
            k = step - burn_in
            score_draws[k] = mu + theta
            bias_draws[k] = bias
            sigma_draws[k] = np.sqrt([var_app, var_exp, var_noise])
    score_draws[:, ~reviewed] = np.nan
    return Posterior(
        app_ids=table.app_ids,
        expert_ids=table.expert_ids,
        score_draws=score_draws,
        bias_draws=bias_draws,
        sigma_draws=sigma_draws,
        seed=seed,
    )


def _draw_variance(rng: np.random.Generator, values: np.ndarray, count: int) -> float:
    """Draw a variance from its inverse-gamma full conditional."""
    scale = _IG_SCALE + 0.5 * float(values @ values)
    return scale / rng.gamma(_IG_SHAPE + 0.5 * count)


def rank_draws(posterior: Posterior, app_index: np.ndarray) -> np.ndarray:
    """1-based rank of each chosen application in every draw, ranked among the chosen only."""
    scores = posterior.score_draws[:, app_index]
    if np.isnan(scores).any():
        raise ValueError("cannot rank applications without reviews")
    order = np.argsort(-scores, axis=1, kind="stable")
    ranks = np.empty_like(order)
    positions = np.broadcast_to(np.arange(1, len(app_index) + 1), order.shape)
    np.put_along_axis(ranks, order, positions, axis=1)
    return ranks


def rank_summary(
    posterior: Posterior, app_index: np.ndarray, line_rank: int | None = None
) -> RankSummary:
    """Expected rank, 50 % and 90 % rank intervals, and P(rank ≤ line_rank)."""
    app_index = np.asarray(app_index, dtype=np.int64)
    ranks = rank_draws(posterior, app_index)
    q05, q25, q75, q95 = np.quantile(ranks, [0.05, 0.25, 0.75, 0.95], axis=0)
    return RankSummary(
        app_index=app_index,
        expected_rank=ranks.mean(axis=0),
        rank_q05=q05,
        rank_q25=q25,
        rank_q75=q75,
        rank_q95=q95,
        p_above_line=None if line_rank is None else (ranks <= line_rank).mean(axis=0),
    )
