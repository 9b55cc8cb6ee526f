"""Bounds over all usable pairs from Lagrangian min-cost flows (weak duality, any multipliers).

For multipliers λ ≥ 0 on the applications, every assignment x with worst sum t has
t·Σλ ≤ Σ_a λ_a S_a(x), and the right side is maximised over the whole flow polytope (every
panel rule included) by one min-cost flow with pair costs −λ_a·w. Likewise, with μ ≥ 0, the
max total among assignments whose sums are all ≥ t is at most
max_x Σ (1 + μ_a)·w·x − t·Σμ. Both are exact up to the integer cost scaling, which is added.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from assignment.problem import Problem
from assignment.solvers.network import Network, build_network, solve_flow

# OR-Tools multiplies costs by (nodes + 1) internally; keep that product far below 2**63.
_COST_HEADROOM = 2.0**56


def individual_bound(problem: Problem) -> float:
    """The worst over served apps of each app's best sum alone (every expert free for it).

    Without expert loads the applications decouple, so one max-sum flow gives every
    application its own best panel under the unit, external and lock rules.
    """
    free = replace(problem, max_load=np.full(problem.n_experts, max(problem.n_apps, 1)),
                   min_load=np.zeros(problem.n_experts, dtype=np.int64))
    net = build_network(free)
    served = problem.demand > 0
    used, unit = _max_flow_of(problem, net, problem.pair_score[net.pairs])
    best = np.bincount(problem.pair_app[used], problem.pair_score[used], problem.n_apps)
    # Each app's panel is off its own optimum by at most one cost unit per chosen pair.
    return float((best + problem.demand * unit)[served].min())


def worst_bound(
    problem: Problem, net: Network, lam: np.ndarray
) -> tuple[float, np.ndarray]:
    """An upper bound on the worst app sum of any assignment, from multipliers over served apps.

    Also returns the pairs of the flow that attains it, the columns the LP was missing.
    """
    served = problem.demand > 0
    weight = np.zeros(problem.n_apps)
    weight[served] = np.maximum(lam, 0.0)
    if weight.max(initial=0.0) <= 0:
        weight[served] = 1.0
    # The bound is scale-free in λ; a largest multiplier of 1 keeps the cost rounding small.
    weight /= weight.max()
    value, chosen = _weighted_max(problem, net, weight)
    return value / weight.sum(), chosen


def total_bound(
    problem: Problem, net: Network, mu: np.ndarray, t: float
) -> tuple[float, np.ndarray]:
    """An upper bound on the total of any assignment whose served app sums are all ≥ t.

    Also returns the pairs of the flow that attains it.
    """
    weight = np.ones(problem.n_apps)
    weight[problem.demand > 0] += np.maximum(mu, 0.0)
    value, chosen = _weighted_max(problem, net, weight)
    return value - t * float(weight.sum() - problem.n_apps), chosen


def _weighted_max(
    problem: Problem, net: Network, weight: np.ndarray
) -> tuple[float, np.ndarray]:
    """Upper bound on max Σ weight[app]·score over the flow polytope, and the flow's pairs."""
    values = weight[problem.pair_app[net.pairs]] * problem.pair_score[net.pairs]
    used, unit = _max_flow_of(problem, net, values)
    # Arcs of weight 0 cost exactly 0; every other chosen arc is off by at most one unit
    # between the found flow and the optimal one.
    inexact = int(problem.demand[weight > 0].sum())
    chosen = np.isin(net.pairs, used)
    return float(values[chosen].sum()) + inexact * unit, used


def _max_flow_of(
    problem: Problem, net: Network, values: np.ndarray
) -> tuple[np.ndarray, float]:
    """Pairs of the flow maximising Σ values, and the value of one integer cost unit."""
    biggest = max(float(np.abs(values).max(initial=0.0)), 1e-12)
    units = max(int(problem.demand.sum()), 1)
    scale = min(_COST_HEADROOM / (net.n_nodes + 1), 2.0**60 / units) / biggest
    cost = net.cost.copy()
    cost[: net.n_pairs] = -np.rint(values * scale).astype(np.int64)
    flows = solve_flow(replace(net, cost=cost))
    if flows is None:
        raise ValueError("the flow network has no feasible flow")
    return net.pairs[flows[: net.n_pairs] > 0], 1.0 / scale
