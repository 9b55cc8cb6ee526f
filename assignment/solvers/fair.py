"""Fair assignment: raise the worst-off application's affinity sum as high as it goes, then
maximise the total without lowering it (the goal of PeerReview4All and FairFlow).

Max-min is not a flow, so this is mixed-integer programming with HiGHS (through scipy) over
the usable pairs. The LP relaxation of "maximise the worst sum t" bounds t from above;
then "maximise the total with every application at t or more" is solved as a MIP for
t at that bound, and, only if no integral assignment reaches it, for lower t found by
bisection down to the max-sum assignment's worst sum, which is always reachable. That
MIP has a real objective and an almost integral relaxation, so HiGHS closes it fast
where the max-min MIP itself stalls. All panel rules are rows of the same programme.
"""

from __future__ import annotations

import time

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from assignment.diagnostics import explain_infeasible
from assignment.problem import Problem, Result
from assignment.solvers.common import infeasible_result, make_result
from assignment.solvers.flow import solve_sum
from assignment.solvers.network import build_network

# Worst sums are compared with this slack so float round-off never cuts off t itself.
_TOLERANCE = 1e-7
_BISECTIONS = 8
# The worst sum is optimal when no assignment beats it by this much (relative above 1);
# it must stay well above HiGHS' MIP feasibility tolerance of 1e-6.
_GAP = 1e-5


def _assignment_rows(problem: Problem, pairs: np.ndarray) -> list[LinearConstraint]:
    """Rows every stage shares: K per app, loads, one per unit, one external expert."""
    n = len(pairs)
    cols = np.arange(n)
    apps = problem.pair_app[pairs]
    experts = problem.pair_expert[pairs]
    ones = np.ones(n)
    per_app = sparse.csr_array((ones, (apps, cols)), shape=(problem.n_apps, n))
    per_expert = sparse.csr_array((ones, (experts, cols)), shape=(problem.n_experts, n))
    min_load = np.where(problem.available, problem.min_load, 0)
    rows = [
        LinearConstraint(per_app, problem.demand, problem.demand),
        LinearConstraint(per_expert, min_load, problem.max_load),
    ]
    if problem.one_per_unit:
        unit = problem.expert_unit[experts]
        has = unit >= 0
        keys = apps[has].astype(np.int64) * (int(unit.max(initial=0)) + 1) + unit[has]
        _, group = np.unique(keys, return_inverse=True)
        matrix = sparse.csr_array((ones[has], (group, cols[has])),
                                  shape=(int(group.max(initial=-1)) + 1, n))
        rows.append(LinearConstraint(matrix, -np.inf, 1))
    if problem.require_external:
        ext = problem.expert_external[experts]
        matrix = sparse.csr_array((ones[ext], (apps[ext], cols[ext])), shape=(problem.n_apps, n))
        rows.append(LinearConstraint(matrix, np.minimum(problem.demand, 1), np.inf))
    return rows


def _lp_worst_bound(
    rows: list[LinearConstraint], app_scores: sparse.csr_array, lower: np.ndarray
) -> float | None:
    """The LP optimum of the worst application sum (None when even the LP is infeasible)."""
    n = app_scores.shape[1]
    with_t = [LinearConstraint(sparse.hstack([row.A, sparse.csr_array((row.A.shape[0], 1))]),
                               row.lb, row.ub) for row in rows]
    worst = sparse.hstack([app_scores, -np.ones((app_scores.shape[0], 1))])
    span = float(abs(app_scores).sum()) + 1.0
    relaxed = milp(np.r_[np.zeros(n), -1.0],
                   constraints=[*with_t, LinearConstraint(worst, 0, np.inf)],
                   bounds=Bounds(np.r_[lower, -span], np.r_[np.ones(n), span]))
    return None if relaxed.x is None else -float(relaxed.fun)


def solve_fair(problem: Problem, time_limit: float = 120.0) -> Result:
    """Max-min application sum, then the max total at that level, within `time_limit` seconds.

    The result's `bound` is the proven upper bound on the worst application sum.
    """
    started = time.perf_counter()
    pairs = np.flatnonzero(problem.usable_mask())
    n = len(pairs)
    scores = problem.pair_score[pairs]
    apps = problem.pair_app[pairs]
    served = np.flatnonzero(problem.demand > 0)
    rows = _assignment_rows(problem, pairs)
    app_scores = sparse.csr_array((scores, (apps, np.arange(n))), shape=(problem.n_apps, n))
    app_scores = app_scores[served]
    lower = problem.locked[pairs].astype(float)

    upper_t = _lp_worst_bound(rows, app_scores, lower)
    floor = solve_sum(problem)
    if upper_t is None or floor.status == "infeasible":
        net = build_network(problem)
        return infeasible_result(problem, "fair", explain_infeasible(problem, net), started)
    deadline = started + time_limit

    def at_least(t: float, share: float = 1.0) -> tuple[np.ndarray | None, bool]:
        """Max-total pairs with every served app ≥ t; also whether the MIP finished."""
        remaining = max((deadline - time.perf_counter()) * share, 1.0)
        keep = LinearConstraint(app_scores, t - _TOLERANCE, np.inf)
        found = milp(-scores, constraints=[*rows, keep], bounds=Bounds(lower, np.ones(n)),
                     integrality=np.ones(n), options={"time_limit": remaining})
        chosen = None if found.x is None else pairs[found.x > 0.5]
        return chosen, found.status in (0, 2)

    # The LP bound may be out of integral reach and slow to refute: keep time for bisection.
    best, proven = at_least(upper_t, share=0.5)
    if best is not None:
        return make_result(problem, best, "fair", "optimal" if proven else "feasible",
                           upper_t, started)
    # No integral assignment reaches the LP bound: bisect between a reachable level
    # (the max-sum assignment's worst sum) and the lowest level shown unreachable.
    low, high = floor.min_app_score, upper_t
    best = _pairs_of(problem, floor)
    all_proven = proven
    for _ in range(_BISECTIONS):
        if time.perf_counter() >= deadline or high - low <= _GAP * max(1.0, abs(high)):
            break
        middle = (low + high) / 2
        chosen, finished = at_least(middle)
        all_proven &= finished
        if chosen is None:
            high = middle
            continue
        best = chosen
        low = float(np.bincount(problem.pair_app[chosen], problem.pair_score[chosen],
                                problem.n_apps)[served].min())
    # Close the gap: no assignment strictly above `low` means `low` is the max-min.
    step = _GAP * max(1.0, abs(low))
    if high - low > step and time.perf_counter() < deadline:
        chosen, finished = at_least(low + step)
        all_proven &= finished
        if chosen is None:
            high = low + step
        else:
            best = chosen
            low = float(np.bincount(problem.pair_app[chosen], problem.pair_score[chosen],
                                    problem.n_apps)[served].min())
    # Each MIP already maximised the total among assignments at its level or above.
    status = "optimal" if all_proven and high - low <= step * (1 + 1e-9) else "feasible"
    return make_result(problem, best, "fair", status, high, started)


def _pairs_of(problem: Problem, result: Result) -> np.ndarray:
    """Indices into the problem's candidate pairs of the pairs a result assigned."""
    keys = problem.pair_app.astype(np.int64) * problem.n_experts + problem.pair_expert
    wanted = result.pair_app.astype(np.int64) * problem.n_experts + result.pair_expert
    return np.flatnonzero(np.isin(keys, wanted))
