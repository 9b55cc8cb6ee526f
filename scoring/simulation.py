"""Simulated calls with known true quality and strongly biased experts, for tests and benchmarks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scoring.table import ReviewTable


@dataclass(frozen=True, eq=False)
class SimulatedCall:
    """A simulated call: the reviews and the truth behind them."""

    table: ReviewTable
    quality: np.ndarray  # true score an average expert would give, per application
    bias: np.ndarray  # true leniency per expert
    requested_yuan: np.ndarray  # int64 per application


def simulate_call(
    seed: int,
    n_apps: int = 200,
    n_experts: int = 60,
    per_app: int = 5,
    panel_size: int = 10,
    sd_quality: float = 8.0,
    sd_bias: float = 8.0,
    sd_noise: float = 4.0,
) -> SimulatedCall:
    """Each application draws its experts from one panel of neighbours on a ring of experts."""
    rng = np.random.default_rng(seed)
    quality = 70 + sd_quality * rng.standard_normal(n_apps)
    bias = sd_bias * rng.standard_normal(n_experts)
    bias -= bias.mean()
    starts = rng.integers(0, n_experts, size=n_apps)
    app_idx, expert_idx = [], []
    for a, start in enumerate(starts):
        panel = (start + np.arange(panel_size)) % n_experts
        for e in rng.choice(panel, size=per_app, replace=False):
            app_idx.append(a)
            expert_idx.append(int(e))
    app_arr = np.array(app_idx, dtype=np.int64)
    exp_arr = np.array(expert_idx, dtype=np.int64)
    raw = quality[app_arr] + bias[exp_arr] + sd_noise * rng.standard_normal(len(app_arr))
    score = np.clip(np.round(raw * 2) / 2, 0, 100)
    table = ReviewTable(
        app_ids=tuple(f"A{i:04d}" for i in range(n_apps)),
        expert_ids=tuple(f"E{i:03d}" for i in range(n_experts)),
        app_idx=app_arr,
        expert_idx=exp_arr,
        score=score,
    )
    requested = rng.integers(10, 51, size=n_apps).astype(np.int64) * 10_000
    return SimulatedCall(table=table, quality=quality, bias=bias, requested_yuan=requested)
