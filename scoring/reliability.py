"""How far the reviews can be trusted: agreement, variance shares, leniency, outliers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scoring.bayes import Posterior
from scoring.calibrate import Calibration
from scoring.table import ReviewTable

# Scale factor turning a median absolute deviation into a normal-consistent SD.
_MAD_TO_SD = 1.4826


def krippendorff_alpha_interval(unit_idx: np.ndarray, values: np.ndarray) -> float:
    """Krippendorff's alpha with the interval metric, for any pattern of missing ratings.

    From the coincidence matrix o_ck = Σ_u #pairs(c, k in u) / (m_u − 1) over units with
    m_u ≥ 2 values: alpha = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck with δ²_ck = (c − k)².
    Both sums are sums of squared differences over pairs, so they are computed from per-unit
    sums and sums of squares without forming the matrix.
    """
    unit_idx = np.asarray(unit_idx, dtype=np.int64)
    values = np.asarray(values, dtype=float)
    counts = np.bincount(unit_idx)
    pairable = counts[unit_idx] >= 2
    unit_idx, values = unit_idx[pairable], values[pairable]
    n = len(values)
    if n < 2:
        return float("nan")
    m = np.bincount(unit_idx).astype(float)
    sums = np.bincount(unit_idx, weights=values)
    squares = np.bincount(unit_idx, weights=values**2)
    used = m >= 2
    # Σ over ordered pairs i≠j in a unit of (v_i − v_j)² = 2 (m Σv² − (Σv)²).
    within = 2 * (m[used] * squares[used] - sums[used] ** 2) / (m[used] - 1)
    observed = within.sum()
    expected = 2 * (n * float(values @ values) - float(values.sum()) ** 2)
    if expected == 0:
        return float("nan") if observed == 0 else -np.inf
    return float(1 - (n - 1) * observed / expected)


@dataclass(frozen=True)
class VarianceComponents:
    """Posterior mean variances of the model's parts, with their shares of the total."""

    application: float
    expert: float
    noise: float

    @property
    def shares(self) -> tuple[float, float, float]:
        """Shares of application, expert and noise variance in a single review."""
        total = self.application + self.expert + self.noise
        return self.application / total, self.expert / total, self.noise / total

    def mean_reliability(self, reviews: int) -> float:
        """Reliability of a plain mean of this many reviews by different experts."""
        error = (self.expert + self.noise) / reviews
        return self.application / (self.application + error)

    def calibrated_reliability(self, reviews: int) -> float:
        """Reliability of the calibrated score when expert biases are known exactly."""
        return self.application / (self.application + self.noise / reviews)


def variance_components(posterior: Posterior) -> VarianceComponents:
    """Variance components as posterior means of the sampled variances."""
    variances = (posterior.sigma_draws**2).mean(axis=0)
    return VarianceComponents(*(float(v) for v in variances))


@dataclass(frozen=True, eq=False)
class Leniency:
    """Per-expert leniency (points added to an average expert's score) with a 90 % interval."""

    expert_ids: tuple[str, ...]
    n_reviews: np.ndarray
    leniency: np.ndarray
    low: np.ndarray
    high: np.ndarray


def expert_leniency(table: ReviewTable, posterior: Posterior) -> Leniency:
    """Each expert's posterior mean bias and its 5 %–95 % interval."""
    low, high = np.quantile(posterior.bias_draws, [0.05, 0.95], axis=0)
    return Leniency(
        expert_ids=posterior.expert_ids,
        n_reviews=table.reviews_per_expert(),
        leniency=posterior.bias_draws.mean(axis=0),
        low=low,
        high=high,
    )


@dataclass(frozen=True)
class OutlierReview:
    """A review whose residual lies beyond the threshold: to follow up, never to drop."""

    review_index: int
    app_id: str
    expert_id: str
    score: float
    expected: float
    robust_z: float


def outlier_reviews(
    table: ReviewTable, calibration: Calibration, threshold: float = 3.0
) -> tuple[OutlierReview, ...]:
    """Reviews whose residual is more than threshold robust SDs (scaled MAD) from the median."""
    resid = calibration.residual
    centre = float(np.median(resid))
    spread = _MAD_TO_SD * float(np.median(np.abs(resid - centre)))
    if spread == 0:
        return ()
    z = (resid - centre) / spread
    return tuple(
        OutlierReview(
            review_index=int(i),
            app_id=table.app_ids[table.app_idx[i]],
            expert_id=table.expert_ids[table.expert_idx[i]],
            score=float(table.score[i]),
            expected=float(calibration.fitted[i]),
            robust_z=float(z[i]),
        )
        for i in np.flatnonzero(np.abs(z) > threshold)
    )
