"""Fair mode: the worst application sum is the integral max-min, then the total is maximal."""

from __future__ import annotations

import itertools
import time

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from solver_checks import assert_valid, is_valid, random_problem

from assignment.problem import make_problem
from assignment.solvers import solve
from assignment.solvers.common import make_result


def brute_force(problem):
    """The lexicographic best (worst sum, total) over every valid assignment, or None."""
    usable = np.flatnonzero(problem.usable_mask())
    per_app = [
        list(itertools.combinations(usable[problem.pair_app[usable] == a], problem.demand[a]))
        for a in range(problem.n_apps)
    ]
    best = None
    for combo in itertools.product(*per_app):
        chosen = np.fromiter(itertools.chain.from_iterable(combo), dtype=np.int64)
        result = make_result(problem, chosen, "fair", "optimal", None, time.perf_counter())
        if not is_valid(problem, result):
            continue
        key = (round(result.min_app_score, 9), round(result.objective, 9))
        best = key if best is None or key > best else best
    return best


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.booleans(), st.booleans())
def test_fair_matches_brute_force(seed, one_per_unit, require_external):
    """On tiny instances the worst sum and then the total equal exhaustive search."""
    problem = random_problem(seed, one_per_unit, require_external, size=(3, 5, 2))
    best = brute_force(problem)
    result = solve(problem, "fair", time_limit=20)
    if best is None:
        assert result.status == "infeasible"
        return
    assert_valid(problem, result)
    assert abs(result.min_app_score - best[0]) < 1e-6
    assert abs(result.objective - best[1]) < 1e-6
    assert result.bound >= result.min_app_score - 1e-6


def test_fair_trades_total_for_the_worst_application():
    """Max-sum gives one expert both strong pairs; fair mode spreads them."""
    problem = make_problem(
        ["a", "b"], ["x", "y"],
        [("a", "x", 1.0), ("a", "y", 0.4), ("b", "x", 0.5), ("b", "y", 0.0)],
        per_app=1, max_load=1,
    )
    total = solve(problem, "sum")
    fair = solve(problem, "fair")
    assert abs(total.objective - 1.0) < 1e-9 and abs(total.min_app_score - 0.0) < 1e-9
    assert abs(fair.objective - 0.9) < 1e-9 and abs(fair.min_app_score - 0.4) < 1e-9
    assert fair.status == "optimal"
