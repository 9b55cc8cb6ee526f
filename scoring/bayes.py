"""Bayesian additive model y = α_application + b_expert + ε, sampled by Gibbs, and ranks.

The model, per connected component c of the review graph (as the ridge fit has it):
- α_a ~ N(μ_c, σα²): the score an average expert of the component would give. Drawing α
  directly (the centred form) rather than μ + θ keeps the level from mixing slowly when
  every application has several reviews.
- b_e ~ N(0, σb²) with Σ b_e = 0 within each component: leniency is only known relative
  to the other experts of a component, so the effects are centred exactly and never
  drift against the level.
- μ_c ~ N(midpoint, range²); ε ~ N(0, σ²); each variance inverse-gamma with a scale of
  (range / 20)², so the priors follow the rubric's points, not a fixed scale.
`scoring.gibbs` draws (α, b) jointly, then μ and the variances. Several chains start
spread around the ridge fit; split R-hat and the effective sample size say whether they
agree (`Convergence`). Reported scores are α clipped to the rubric's range (a score
cannot pass the rubric's maximum); ranks are taken on α itself, so two applications
near the top keep their order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from scoring.calibrate import Calibration, calibrate, review_components
from scoring.convergence import MAX_RHAT, MIN_ESS, effective_sample_size, split_rhat, worst
from scoring.gibbs import ChainState, ReviewGraph, sweep
from scoring.table import ReviewTable

DEFAULT_RANGE = (0.0, 100.0)


@dataclass(frozen=True, eq=False)
class Convergence:
    """How well the chains agree, per reported quantity (NaN where nothing is sampled)."""

    chains: int
    draws_per_chain: int
    score_ess: np.ndarray  # per application
    score_rhat: np.ndarray
    bias_ess: np.ndarray  # per expert
    bias_rhat: np.ndarray
    sigma_ess: np.ndarray  # SD of applications, experts, noise
    sigma_rhat: np.ndarray

    @property
    def min_ess(self) -> float:
        """The smallest effective sample size of any reported quantity."""
        values = np.concatenate([self.score_ess, self.bias_ess, self.sigma_ess])
        return worst(values, highest=False)

    @property
    def max_rhat(self) -> float:
        """The largest split R-hat of any reported quantity."""
        values = np.concatenate([self.score_rhat, self.bias_rhat, self.sigma_rhat])
        return worst(values, highest=True)

    @property
    def converged(self) -> bool:
        """Enough effective draws everywhere, and chains that agree."""
        return self.min_ess >= MIN_ESS and self.max_rhat <= MAX_RHAT


@dataclass(frozen=True, eq=False)
class Posterior:
    """Posterior draws of application scores, expert biases and the three SDs.

    Draws are stacked chain after chain: row `chain * draws_per_chain + k`.
    """

    app_ids: tuple[str, ...]
    expert_ids: tuple[str, ...]
    score_draws: np.ndarray  # (draws, apps): α clipped to the range; NaN when unreviewed
    bias_draws: np.ndarray  # (draws, experts), centred within each component
    sigma_draws: np.ndarray  # (draws, 3): SD of applications, experts, noise
    seed: int
    convergence: Convergence
    score_range: tuple[float, float] = DEFAULT_RANGE
    latent_draws: np.ndarray | None = None  # α unclipped, for ranks; None: score_draws

    @property
    def chains(self) -> int:
        """Number of independent chains behind the draws."""
        return self.convergence.chains

    def score_mean(self) -> np.ndarray:
        """Posterior mean score per application."""
        mean: np.ndarray = self.score_draws.mean(axis=0)
        return mean

    def score_interval(self, level: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
        """Equal-tailed credible interval of each application's score."""
        tail = (1 - level) / 2
        low, high = np.quantile(self.score_draws, [tail, 1 - tail], axis=0)
        return low, high

    def by_chain(self, draws: np.ndarray) -> np.ndarray:
        """Stacked draws (rows) reshaped to (chains, draws per chain, quantities)."""
        return draws.reshape(self.chains, -1, *draws.shape[1:])


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
    rank_ess: np.ndarray  # effective sample size of each application's rank


def sample_posterior(
    table: ReviewTable,
    draws: int = 2000,
    burn_in: int = 100,
    seed: int = 0,
    chains: int = 4,
    score_range: tuple[float, float] = DEFAULT_RANGE,
    on_chain: Callable[[int, int], None] | None = None,
) -> Posterior:
    """Run `chains` Gibbs chains, `draws` kept in all; the same inputs and seed, the same draws.

    `on_chain(chain, chains)`, when given, is called before each chain starts (a progress
    bar's step; it may raise to stop the sampling).
    """
    if chains < 1 or draws < chains or burn_in < 0:
        raise ValueError("need chains ≥ 1, draws ≥ chains and burn_in ≥ 0")
    low, high = float(score_range[0]), float(score_range[1])
    if not high > low:
        raise ValueError("the score range must be increasing")
    app_comp, expert_comp, n_comp = review_components(table)
    graph = ReviewGraph.build(table, app_comp, expert_comp, n_comp, low, high)
    per_chain = -(-draws // chains)
    latent = np.empty((chains, per_chain, table.n_apps))
    bias = np.empty((chains, per_chain, table.n_experts))
    sigma = np.empty((chains, per_chain, 3))
    fit = calibrate(table)
    for chain, stream in enumerate(np.random.SeedSequence(seed).spawn(chains)):
        if on_chain is not None:
            on_chain(chain, chains)
        rng = np.random.default_rng(stream)
        state = _start(graph, fit, rng)
        for step in range(burn_in + per_chain):
            sweep(graph, state, rng)
            if step >= burn_in:
                k = step - burn_in
                latent[chain, k] = state.alpha
                bias[chain, k] = state.bias
                sigma[chain, k] = np.sqrt([state.var_app, state.var_exp, state.var_noise])
    latent[:, :, app_comp < 0] = np.nan
    score = np.clip(latent, low, high)
    convergence = Convergence(
        chains=chains, draws_per_chain=per_chain,
        score_ess=effective_sample_size(score), score_rhat=split_rhat(score),
        bias_ess=effective_sample_size(bias), bias_rhat=split_rhat(bias),
        sigma_ess=effective_sample_size(sigma), sigma_rhat=split_rhat(sigma),
    )
    stacked = chains * per_chain
    return Posterior(
        app_ids=table.app_ids, expert_ids=table.expert_ids,
        score_draws=score.reshape(stacked, -1), bias_draws=bias.reshape(stacked, -1),
        sigma_draws=sigma.reshape(stacked, 3), seed=seed, convergence=convergence,
        score_range=(low, high), latent_draws=latent.reshape(stacked, -1),
    )


def _start(graph: ReviewGraph, fit: Calibration, rng: np.random.Generator) -> ChainState:
    """A chain started at the ridge fit, spread by about one SD of each part."""
    mid = (graph.low + graph.high) / 2
    alpha = np.nan_to_num(fit.score, nan=mid) + fit.sigma_app * rng.standard_normal(
        fit.score.size)
    bias = fit.expert_bias + fit.sigma_expert * rng.standard_normal(fit.expert_bias.size)
    size = max(graph.n_comp, 1)
    reviewed = graph.app_comp >= 0
    counts = np.maximum(np.bincount(graph.app_comp[reviewed], minlength=size), 1)
    mu = np.bincount(graph.app_comp[reviewed], alpha[reviewed], size) / counts
    spread = np.exp(0.5 * rng.standard_normal(3))
    floor = 1e-6 * graph.span**2
    return ChainState(
        alpha=alpha, bias=bias, mu=mu,
        var_app=fit.sigma_app**2 * spread[0] + floor,
        var_exp=fit.sigma_expert**2 * spread[1] + floor,
        var_noise=fit.sigma_noise**2 * spread[2] + floor,
    )


def rank_draws(posterior: Posterior, app_index: np.ndarray) -> np.ndarray:
    """1-based rank of each chosen application in every draw, ranked among the chosen only."""
    draws = posterior.score_draws if posterior.latent_draws is None else posterior.latent_draws
    scores = draws[:, app_index]
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
    """Expected rank, 50 % and 90 % rank intervals, P(rank ≤ line_rank), and rank ESS."""
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
        rank_ess=effective_sample_size(posterior.by_chain(ranks.astype(float))),
    )
