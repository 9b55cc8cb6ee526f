"""The Gibbs sweep behind `scoring.bayes`: one joint Gaussian block, then levels and variances.

Given the levels μ and the three variances, the scores α and the expert effects b are
jointly Gaussian with a sparse precision Q = XᵀX/σ² + prior. Drawing them one block after
the other mixes badly when the review graph is a long chain (a group of lenient experts
and the scores of their applications can drift together for hundreds of sweeps), so they
are drawn together: perturb the data and the prior means with their own noise and solve
Q x = r once (Papandreou & Yuille's perturb-and-solve gives an exact draw). The solve
eliminates the larger side of the bipartite graph, whose block of Q is diagonal, and
factors the smaller one with a sparse LU (its pattern is the co-review graph's). The
sum-to-zero of b within each component is then imposed by conditioning the Gaussian
draw on it (x − Q⁻¹Aᵀ(AQ⁻¹Aᵀ)⁻¹Ax).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import linalg, sparse
from scipy.sparse.linalg import splu

from scoring.table import ReviewTable

_IG_SHAPE = 1.0
# Prior scale of each SD as a share of the rubric's range (5 points on a 100-point scale).
_PRIOR_SD_SHARE = 0.05


@dataclass
class ChainState:
    """One chain's current values."""

    alpha: np.ndarray  # (apps,)
    bias: np.ndarray  # (experts,)
    mu: np.ndarray  # (components,)
    var_app: float
    var_exp: float
    var_noise: float


@dataclass(frozen=True, eq=False)
class _Side:
    """One side of the bipartite review graph: applications or experts."""

    index: np.ndarray  # node of each review
    size: int
    counts: np.ndarray  # reviews per node


@dataclass(frozen=True, eq=False)
class ReviewGraph:
    """Everything about the reviews that stays fixed across sweeps."""

    table: ReviewTable
    app_comp: np.ndarray  # component per application, -1 when unreviewed
    expert_comp: np.ndarray  # component per expert, -1 when it reviewed nothing
    n_comp: int
    low: float
    high: float
    apps: _Side
    experts: _Side
    # The factored side's reduced matrix, one term per (i, j, eliminated node k joining
    # them): its stored entry, the product of the two review counts, and k.
    pair_entry: np.ndarray
    pair_weight: np.ndarray
    pair_owner: np.ndarray
    diagonal_entry: np.ndarray  # stored entry of each (i, i)
    pattern: sparse.csc_matrix  # the sparsity pattern; data[p] is entry order[p]
    order: np.ndarray

    @classmethod
    def build(cls, table: ReviewTable, app_comp: np.ndarray, expert_comp: np.ndarray,
              n_comp: int, low: float, high: float) -> ReviewGraph:
        """Index the graph once; the factored side is the smaller one."""
        apps = _Side(table.app_idx, table.n_apps, table.reviews_per_app())
        experts = _Side(table.expert_idx, table.n_experts, table.reviews_per_expert())
        keep, drop = (experts, apps) if experts.size <= apps.size else (apps, experts)
        incidence = sparse.coo_matrix(
            (np.ones(table.n_reviews), (drop.index, keep.index)), shape=(drop.size, keep.size)
        ).tocsr()
        incidence.sum_duplicates()
        rows, weights, owners = [], [], []
        for node in range(drop.size):
            cols = incidence.indices[incidence.indptr[node] : incidence.indptr[node + 1]]
            vals = incidence.data[incidence.indptr[node] : incidence.indptr[node + 1]]
            rows.append((cols[:, None] * keep.size + cols[None, :]).ravel())
            weights.append(np.outer(vals, vals).ravel())
            owners.append(np.full(cols.size**2, node))
        diagonal = np.arange(keep.size) * (keep.size + 1)
        flat = np.concatenate([*rows, diagonal])
        entries, inverse = np.unique(flat, return_inverse=True)
        # The pattern is fixed: each sweep only refills its values in this order.
        pattern = sparse.csc_matrix(
            (np.arange(1, entries.size + 1, dtype=float), np.divmod(entries, keep.size)),
            shape=(keep.size, keep.size),
        )
        n_pairs = flat.size - keep.size
        return cls(
            table, app_comp, expert_comp, n_comp, low, high, apps, experts,
            pair_entry=inverse[:n_pairs],
            pair_weight=np.concatenate(weights) if weights else np.empty(0),
            pair_owner=np.concatenate(owners) if owners else np.empty(0, dtype=np.int64),
            diagonal_entry=inverse[n_pairs:],
            pattern=pattern, order=pattern.data.astype(np.int64) - 1,
        )

    @property
    def experts_factored(self) -> bool:
        """Whether the expert side is the one factored (the application side eliminated)."""
        return self.experts.size <= self.apps.size

    @property
    def span(self) -> float:
        """Width of the rubric's range."""
        return self.high - self.low


def sweep(graph: ReviewGraph, s: ChainState, rng: np.random.Generator) -> None:
    """One Gibbs sweep: (α, b) jointly, then each component's level, then the variances."""
    _draw_effects(graph, s, rng)
    _draw_levels(graph, s, rng)
    _draw_variances(graph, s, rng)


def _draw_effects(graph: ReviewGraph, s: ChainState, rng: np.random.Generator) -> None:
    """(α, b) | μ, variances: perturb-and-solve, then centre b within each component."""
    table = graph.table
    noise_sd = np.sqrt(s.var_noise)
    perturbed = table.score + noise_sd * rng.standard_normal(table.n_reviews)
    prior_mean = np.where(graph.app_comp >= 0, s.mu[np.maximum(graph.app_comp, 0)],
                          (graph.low + graph.high) / 2)
    # Precision diagonals of each side, and the right-hand side r = Xᵀỹ/σ² + Λ(m + ε).
    d_app = graph.apps.counts / s.var_noise + 1 / s.var_app
    d_exp = graph.experts.counts / s.var_noise + 1 / s.var_exp
    r_app = np.bincount(table.app_idx, perturbed, table.n_apps) / s.var_noise
    r_app += prior_mean / s.var_app + rng.standard_normal(table.n_apps) / np.sqrt(s.var_app)
    r_exp = np.bincount(table.expert_idx, perturbed, table.n_experts) / s.var_noise
    r_exp += rng.standard_normal(table.n_experts) / np.sqrt(s.var_exp)
    solve = _Solver(graph, d_app, d_exp, s.var_noise)
    alpha, bias = solve(r_app, r_exp)
    # Condition on A b = 0 (one row per component): x − Q⁻¹Aᵀ (A Q⁻¹ Aᵀ)⁻¹ A x.
    inside = graph.expert_comp >= 0
    if graph.n_comp:
        constraint = np.zeros((table.n_experts, graph.n_comp))
        constraint[np.flatnonzero(inside), graph.expert_comp[inside]] = 1.0
        q_alpha, q_bias = solve(np.zeros((table.n_apps, graph.n_comp)), constraint)
        gram = constraint.T @ q_bias
        weights = linalg.solve(gram, constraint.T @ bias, assume_a="pos")
        alpha = alpha - q_alpha @ weights
        bias = bias - q_bias @ weights
    s.alpha, s.bias = alpha, bias


class _Solver:
    """Solves Q x = r for one sweep's precision, eliminating the larger side."""

    def __init__(self, graph: ReviewGraph, d_app: np.ndarray, d_exp: np.ndarray,
                 var_noise: float) -> None:
        self.graph = graph
        self.var_noise = var_noise
        self.d_keep, self.d_drop = (d_exp, d_app) if graph.experts_factored else (d_app, d_exp)
        # Schur complement: D_keep − Bᵀ D_drop⁻¹ B, with B = counts / σ².
        weights = graph.pair_weight / self.d_drop[graph.pair_owner] / var_noise**2
        values = -np.bincount(graph.pair_entry, weights, graph.order.size)
        values[graph.diagonal_entry] += self.d_keep
        pattern = graph.pattern
        reduced = sparse.csc_matrix((values[graph.order], pattern.indices, pattern.indptr),
                                    shape=pattern.shape)
        self.lu = splu(reduced)

    def _coupling(self, values: np.ndarray, to_keep: bool) -> np.ndarray:
        """B or Bᵀ times `values`: sums over the reviews joining the two sides, / σ²."""
        g = self.graph
        keep = g.experts if g.experts_factored else g.apps
        drop = g.apps if g.experts_factored else g.experts
        src, dst = (drop, keep) if to_keep else (keep, drop)
        gathered = values[src.index]
        if gathered.ndim == 1:
            return np.bincount(dst.index, gathered, dst.size) / self.var_noise
        columns = [np.bincount(dst.index, column, dst.size) for column in gathered.T]
        return np.column_stack(columns) / self.var_noise

    def __call__(self, r_app: np.ndarray, r_exp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """x = Q⁻¹ r, returned as (α part, b part); r may hold several columns."""
        r_keep, r_drop = (r_exp, r_app) if self.graph.experts_factored else (r_app, r_exp)
        d_drop = self.d_drop if r_drop.ndim == 1 else self.d_drop[:, None]
        rhs = r_keep - self._coupling(r_drop / d_drop, to_keep=True)
        x_keep = self.lu.solve(rhs)
        x_drop = (r_drop - self._coupling(x_keep, to_keep=False)) / d_drop
        return (x_drop, x_keep) if self.graph.experts_factored else (x_keep, x_drop)


def _draw_levels(graph: ReviewGraph, s: ChainState, rng: np.random.Generator) -> None:
    """μ_c | α: normal, under the weak prior N(midpoint, range²)."""
    reviewed = graph.app_comp >= 0
    size = max(graph.n_comp, 1)
    comp = graph.app_comp[reviewed]
    counts = np.bincount(comp, minlength=size)
    sums = np.bincount(comp, s.alpha[reviewed], size)
    prior_precision = 1 / graph.span**2
    precision = counts / s.var_app + prior_precision
    mean = (sums / s.var_app + (graph.low + graph.high) / 2 * prior_precision) / precision
    s.mu = mean + rng.standard_normal(size) / np.sqrt(precision)


def _draw_variances(graph: ReviewGraph, s: ChainState, rng: np.random.Generator) -> None:
    """The three variances | rest: inverse-gamma, with a prior scale set by the range."""
    table = graph.table
    reviewed = graph.app_comp >= 0
    with_reviews = graph.expert_comp >= 0
    resid = table.score - s.alpha[table.app_idx] - s.bias[table.expert_idx]
    spread = s.alpha[reviewed] - s.mu[graph.app_comp[reviewed]]
    scale = (_PRIOR_SD_SHARE * graph.span) ** 2
    s.var_noise = _draw_variance(rng, resid, resid.size, scale)
    s.var_app = _draw_variance(rng, spread, spread.size, scale)
    # Centring takes one degree of freedom from the biases of each component.
    free = max(int(with_reviews.sum()) - graph.n_comp, 0)
    s.var_exp = _draw_variance(rng, s.bias[with_reviews], free, scale)


def _draw_variance(rng: np.random.Generator, values: np.ndarray, count: int,
                   scale: float) -> float:
    """Draw a variance from its inverse-gamma full conditional."""
    rate = scale + 0.5 * float(values @ values)
    return rate / float(rng.gamma(_IG_SHAPE + 0.5 * count))
