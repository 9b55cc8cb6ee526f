"""Convergence of Markov chains: split R-hat and effective sample size, vectorised.

Both follow the multi-chain definitions Stan uses (Gelman et al., BDA3 §11.4–11.5):
chains are split in halves so a drift within one chain shows as disagreement between
halves; the effective sample size sums the chains' pooled autocorrelations with Geyer's
initial monotone sequence. Input draws are shaped (chains, draws, quantities).
"""

from __future__ import annotations

import numpy as np

# A reported quantity needs at least this many effective draws; R-hat above the limit
# means the chains have not mixed. Vehtari et al. (2021) advise 1.01, but the largest of
# several hundred R-hats from 4 × 500 draws passes 1.01 by chance alone (1.011 on the demo
# with ESS ≥ 568 everywhere), so a run is flagged only beyond 1.05, where chains disagree.
MIN_ESS = 200.0
MAX_RHAT = 1.05


def _split(draws: np.ndarray) -> np.ndarray:
    """Each chain cut into two halves (an odd middle draw dropped)."""
    chains, n, k = draws.shape
    half = n // 2
    return np.concatenate([draws[:, :half], draws[:, n - half :]], axis=0).reshape(
        2 * chains, half, k
    )


def split_rhat(draws: np.ndarray) -> np.ndarray:
    """Split R-hat per quantity; 1 for a quantity that never varies, NaN for NaN columns."""
    split = _split(np.asarray(draws, dtype=float))
    n = split.shape[1]
    if n < 2:
        return np.full(split.shape[2], np.nan)
    chain_means = split.mean(axis=1)
    within = split.var(axis=1, ddof=1).mean(axis=0)
    between = n * chain_means.var(axis=0, ddof=1)
    pooled = (n - 1) / n * within + between / n
    with np.errstate(divide="ignore", invalid="ignore"):
        rhat = np.sqrt(pooled / within)
    return np.where(within > 0, rhat, np.where(np.isnan(within), np.nan, 1.0))


def _autocovariance(split: np.ndarray) -> np.ndarray:
    """Autocovariance of every chain at every lag, by FFT: (chains, lags, quantities)."""
    n = split.shape[1]
    centred = split - split.mean(axis=1, keepdims=True)
    size = 1 << (2 * n - 1).bit_length()
    spectrum = np.fft.rfft(centred, n=size, axis=1)
    acov: np.ndarray = np.fft.irfft(spectrum * np.conjugate(spectrum), n=size, axis=1)[:, :n] / n
    return acov


def effective_sample_size(draws: np.ndarray) -> np.ndarray:
    """Multi-chain effective sample size per quantity (NaN where a quantity never varies)."""
    split = _split(np.asarray(draws, dtype=float))
    m, n, _ = split.shape
    if n < 4:
        return np.full(split.shape[2], np.nan)
    acov = _autocovariance(split)
    within = acov[:, 0].mean(axis=0) * n / (n - 1)
    var_plus = within * (n - 1) / n + split.mean(axis=1).var(axis=0, ddof=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        rho = 1.0 - (within - acov.mean(axis=0)) / var_plus  # (lags, quantities)
    rho[0] = 1.0
    pairs = rho[0 : n - n % 2 : 2] + rho[1 : n - n % 2 : 2]
    # Geyer: keep the pair sums while positive, and make them non-increasing.
    positive = np.cumprod(pairs > 0, axis=0).astype(bool)
    monotone = np.minimum.accumulate(np.where(positive, pairs, np.inf), axis=0)
    tau = -1.0 + 2.0 * np.where(positive, monotone, 0.0).sum(axis=0)
    tau = np.maximum(tau, 1.0 / np.log10(m * n))
    ess = m * n / tau
    return np.where(var_plus > 0, ess, np.nan)


def worst(values: np.ndarray, highest: bool) -> float:
    """The worst finite value (highest R-hat or lowest ESS); NaN when there is none."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return float("nan")
    return float(finite.max() if highest else finite.min())
