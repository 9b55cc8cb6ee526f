"""Calibrated scores from the additive model y = μ + θ_application + b_expert + ε.

The model is fitted by ridge least squares on a sparse design, one intercept per
connected component of the review graph (applications and experts joined by reviews).
Within a component every expert bias is identified relative to the others; across
components it is not, so each component is centred on its own mean and the result says
how many components there were.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph
from scipy.sparse.linalg import spsolve

from scoring.table import ReviewTable

# Ridge used only to estimate the variance components before the real fit.
_PILOT_PENALTY = 1e-3


@dataclass(frozen=True, eq=False)
class Component:
    """One connected group of applications and experts."""

    app_ids: tuple[str, ...]
    expert_ids: tuple[str, ...]
    n_reviews: int


@dataclass(frozen=True, eq=False)
class Calibration:
    """Fitted model: calibrated score per application, bias per expert, residual per review."""

    app_ids: tuple[str, ...]
    expert_ids: tuple[str, ...]
    score: np.ndarray  # μ_component + θ; NaN for applications without reviews
    app_effect: np.ndarray  # θ
    expert_bias: np.ndarray  # b: positive means lenient
    fitted: np.ndarray  # per review
    residual: np.ndarray  # per review
    app_component: np.ndarray  # component index per application, -1 when unreviewed
    expert_component: np.ndarray  # component index per expert
    components: tuple[Component, ...]
    sigma_app: float  # estimated SD of true application effects
    sigma_expert: float  # estimated SD of expert biases
    sigma_noise: float  # estimated SD of review noise

    @property
    def connected(self) -> bool:
        """True when all reviewed applications share one component."""
        return len(self.components) <= 1


def review_components(table: ReviewTable) -> tuple[np.ndarray, np.ndarray, int]:
    """Component index per application (-1 if unreviewed) and per expert, and their count."""
    n_apps, n_experts = table.n_apps, table.n_experts
    ones = np.ones(table.n_reviews)
    adjacency = sparse.coo_matrix(
        (ones, (table.app_idx, n_apps + table.expert_idx)),
        shape=(n_apps + n_experts, n_apps + n_experts),
    ).tocsr()
    _, labels = csgraph.connected_components(adjacency, directed=False)
    reviewed = np.zeros(n_apps + n_experts, dtype=bool)
    reviewed[table.app_idx] = True
    reviewed[n_apps + table.expert_idx] = True
    # Renumber so that only nodes with reviews get a component, in order of first app.
    mapping: dict[int, int] = {}
    compact = np.full(n_apps + n_experts, -1, dtype=np.int64)
    for node in np.flatnonzero(reviewed):
        compact[node] = mapping.setdefault(int(labels[node]), len(mapping))
    return compact[:n_apps], compact[n_apps:], len(mapping)


def _solve(
    table: ReviewTable, comp_of_review: np.ndarray, n_comp: int, app_pen: float, exp_pen: float
) -> np.ndarray:
    """Ridge solution [θ, b, μ_components] of the additive model."""
    n, n_apps, n_experts = table.n_reviews, table.n_apps, table.n_experts
    rows = np.repeat(np.arange(n), 3)
    cols = np.column_stack(
        [table.app_idx, n_apps + table.expert_idx, n_apps + n_experts + comp_of_review]
    ).ravel()
    design = sparse.csr_matrix(
        (np.ones(3 * n), (rows, cols)), shape=(n, n_apps + n_experts + n_comp)
    )
    penalty = np.concatenate(
        [np.full(n_apps, app_pen), np.full(n_experts, exp_pen), np.zeros(n_comp)]
    )
    normal = (design.T @ design + sparse.diags(penalty)).tocsc()
    return np.atleast_1d(spsolve(normal, design.T @ table.score))


def calibrate(table: ReviewTable, penalties: tuple[float, float] | None = None) -> Calibration:
    """Fit the additive model; penalties (app, expert) default to noise/effect variance ratios."""
    if table.n_reviews == 0:
        raise ValueError("no reviews to calibrate")
    app_comp, expert_comp, n_comp = review_components(table)
    comp_of_review = app_comp[table.app_idx]
    n_apps, n_experts = table.n_apps, table.n_experts
    floor = 1e-6 * max(float(np.var(table.score)), 1.0)

    pilot = _solve(table, comp_of_review, n_comp, _PILOT_PENALTY, _PILOT_PENALTY)
    theta, bias = pilot[:n_apps], pilot[n_apps : n_apps + n_experts]
    resid = table.score - pilot[table.app_idx] - pilot[n_apps + table.expert_idx]
    resid -= pilot[n_apps + n_experts + comp_of_review]
    reviewed_apps = np.flatnonzero(app_comp >= 0)
    per_app = table.reviews_per_app()[reviewed_apps]
    per_expert = table.reviews_per_expert()
    # Parameters per component: its apps and experts, minus the two gauge directions it lacks.
    dof = table.n_reviews - (len(reviewed_apps) + n_experts - n_comp)
    var_noise = max(float(resid @ resid) / dof, floor) if dof > 0 else float(np.var(table.score))
    var_app = max(float(np.var(theta[reviewed_apps]) - var_noise * np.mean(1 / per_app)), floor)
    var_exp = max(
        float(np.var(bias) - var_noise * np.mean(1 / np.maximum(per_expert, 1))), floor
    )

    if penalties is None:
        penalties = (var_noise / var_app, var_noise / var_exp)
    solution = _solve(table, comp_of_review, n_comp, *penalties)
    theta = solution[:n_apps]
    bias = solution[n_apps : n_apps + n_experts]
    mu = solution[n_apps + n_experts :]
    fitted = mu[comp_of_review] + theta[table.app_idx] + bias[table.expert_idx]
    score = np.where(app_comp >= 0, mu[np.maximum(app_comp, 0)] + theta, np.nan)

    components = tuple(
        Component(
            app_ids=tuple(table.app_ids[i] for i in np.flatnonzero(app_comp == c)),
            expert_ids=tuple(table.expert_ids[i] for i in np.flatnonzero(expert_comp == c)),
            n_reviews=int(np.sum(comp_of_review == c)),
        )
        for c in range(n_comp)
    )
    return Calibration(
        app_ids=table.app_ids,
        expert_ids=table.expert_ids,
        score=score,
        app_effect=np.where(app_comp >= 0, theta, np.nan),
        expert_bias=bias,
        fitted=fitted,
        residual=table.score - fitted,
        app_component=app_comp,
        expert_component=expert_comp,
        components=components,
        sigma_app=float(np.sqrt(var_app)),
        sigma_expert=float(np.sqrt(var_exp)),
        sigma_noise=float(np.sqrt(var_noise)),
    )
