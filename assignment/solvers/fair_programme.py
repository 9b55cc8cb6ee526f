"""The fair mode's linear programmes over a chosen subset of the candidate pairs (HiGHS).

Rows: K per application, expert loads, at most one expert per (application, unit), at
least one out-of-region expert, plus the application sums S_a. `worst_lp` is the LP
relaxation of "maximise the worst sum"; `total_lp` and `total_mip` maximise the total with
every application at t or more. The LPs return the multipliers of the S_a rows, which the
Lagrangian flows in `fair_bounds` turn into bounds over all pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from assignment.problem import Problem

# App sums are compared with this slack so float round-off never cuts off t itself.
TOLERANCE = 1e-7
# scipy.optimize.milp status codes.
_OPTIMAL, _TIME_LIMIT, _INFEASIBLE = 0, 1, 2


@dataclass(frozen=True)
class Programme:
    """Assignment rows over `pairs` as A_eq x = b_eq, A_ub x ≤ b_ub, and the app-sum rows."""

    pairs: np.ndarray  # indices into the problem's candidate pairs, one per column
    scores: np.ndarray
    lower: np.ndarray  # 1 for locked pairs
    a_eq: sparse.csr_array
    b_eq: np.ndarray
    a_ub: sparse.csr_array
    b_ub: np.ndarray
    app_sums: sparse.csr_array  # one row per served application
    served: np.ndarray


@dataclass(frozen=True)
class MipOutcome:
    """A MIP's chosen pairs (None if none found), and whether HiGHS proved its answer."""

    chosen: np.ndarray | None
    proven: bool
    infeasible: bool


def build_programme(problem: Problem, pairs: np.ndarray) -> Programme:
    """The rows of `problem` restricted to the candidate pairs at indices `pairs`."""
    n = len(pairs)
    cols = np.arange(n)
    apps = problem.pair_app[pairs]
    experts = problem.pair_expert[pairs]
    ones = np.ones(n)
    served = np.flatnonzero(problem.demand > 0)
    a_eq = sparse.csr_array((ones, (apps, cols)), shape=(problem.n_apps, n))
    per_expert = sparse.csr_array((ones, (experts, cols)), shape=(problem.n_experts, n))
    min_load = np.where(problem.available, problem.min_load, 0)
    floors = np.flatnonzero(min_load > 0)
    blocks = [per_expert, -per_expert[floors]]
    rhs = [problem.max_load.astype(float), -min_load[floors].astype(float)]
    if problem.one_per_unit:
        unit = problem.expert_unit[experts]
        has = unit >= 0
        keys = apps[has].astype(np.int64) * (int(unit.max(initial=0)) + 1) + unit[has]
        _, group = np.unique(keys, return_inverse=True)
        size = int(group.max(initial=-1)) + 1
        blocks.append(sparse.csr_array((ones[has], (group, cols[has])), shape=(size, n)))
        rhs.append(np.ones(size))
    if problem.require_external:
        ext = problem.expert_external[experts]
        matrix = sparse.csr_array((ones[ext], (apps[ext], cols[ext])), shape=(problem.n_apps, n))
        blocks.append(-matrix[served])
        rhs.append(-np.minimum(problem.demand[served], 1).astype(float))
    sums = sparse.csr_array((problem.pair_score[pairs], (apps, cols)), shape=(problem.n_apps, n))
    return Programme(
        pairs=pairs,
        scores=problem.pair_score[pairs],
        lower=problem.locked[pairs].astype(float),
        a_eq=a_eq,
        b_eq=problem.demand.astype(float),
        a_ub=sparse.vstack(blocks).tocsr(),
        b_ub=np.concatenate(rhs),
        app_sums=sums[served].tocsr(),
        served=served,
    )


def worst_lp(prog: Programme, time_limit: float) -> tuple[float, np.ndarray] | None:
    """LP max of the worst app sum over these pairs, and its multipliers λ (they sum to 1).

    None when HiGHS does not finish within `time_limit` seconds.
    """
    n, m = len(prog.pairs), len(prog.served)
    span = float(np.abs(prog.scores).sum()) + 1.0
    t_column = sparse.csr_array(np.ones((m, 1)))
    a_ub = sparse.vstack([
        sparse.hstack([prog.a_ub, sparse.csr_array((prog.a_ub.shape[0], 1))]),
        sparse.hstack([-prog.app_sums, t_column]),
    ]).tocsr()
    a_eq = sparse.hstack([prog.a_eq, sparse.csr_array((prog.a_eq.shape[0], 1))]).tocsr()
    found = linprog(np.r_[np.zeros(n), -1.0], A_ub=a_ub, b_ub=np.r_[prog.b_ub, np.zeros(m)],
                    A_eq=a_eq, b_eq=prog.b_eq,
                    bounds=np.c_[np.r_[prog.lower, -span], np.r_[np.ones(n), span]],
                    method="highs-ds", options={"time_limit": time_limit})
    if found.status != 0:
        return None
    return -float(found.fun), -found.ineqlin.marginals[-m:]


def total_lp(prog: Programme, t: float, time_limit: float) -> tuple[float, np.ndarray] | None:
    """LP max total with every app sum ≥ t over these pairs, and the multipliers μ ≥ 0.

    None when the LP is infeasible or HiGHS does not finish within `time_limit` seconds.
    """
    m = len(prog.served)
    a_ub = sparse.vstack([prog.a_ub, -prog.app_sums]).tocsr()
    found = linprog(-prog.scores, A_ub=a_ub, b_ub=np.r_[prog.b_ub, np.full(m, TOLERANCE - t)],
                    A_eq=prog.a_eq, b_eq=prog.b_eq,
                    bounds=np.c_[prog.lower, np.ones(len(prog.pairs))], method="highs-ds",
                    options={"time_limit": time_limit})
    if found.status != 0:
        return None
    return -float(found.fun), -found.ineqlin.marginals[-m:]


def total_mip(prog: Programme, t: float, time_limit: float, gap: float) -> MipOutcome:
    """Max total with every app sum ≥ t, integral, within `time_limit` s and relative `gap`."""
    rows = [LinearConstraint(prog.a_eq, prog.b_eq, prog.b_eq),
            LinearConstraint(prog.a_ub, -np.inf, prog.b_ub),
            LinearConstraint(prog.app_sums, t - TOLERANCE, np.inf)]
    found = milp(-prog.scores, constraints=rows, bounds=Bounds(prog.lower, 1.0),
                 integrality=np.ones(len(prog.pairs)),
                 options={"time_limit": max(time_limit, 0.1), "mip_rel_gap": gap})
    chosen = None if found.x is None else prog.pairs[found.x > 0.5]
    return MipOutcome(chosen, found.status in (_OPTIMAL, _INFEASIBLE),
                      found.status == _INFEASIBLE)
