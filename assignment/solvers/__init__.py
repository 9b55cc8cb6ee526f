"""Solvers for the three objectives, behind one `solve` entry point that checks inputs first."""

from __future__ import annotations

import time

from assignment.diagnostics import check
from assignment.problem import OBJECTIVES, Problem, Result
from assignment.solvers.common import infeasible_result
from assignment.solvers.flow import solve_sum
from assignment.solvers.randomized import solve_randomized


def solve(
    problem: Problem,
    objective: str = "sum",
    max_prob: float | None = None,
    seed: int | None = None,
    time_limit: float = 120.0,
) -> Result:
    """Solve `problem` for `objective` (sum, fair or randomized); infeasible input is explained."""
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {OBJECTIVES}, not {objective!r}")
    started = time.perf_counter()
    found = check(problem)
    if any(d.blocking for d in found):
        return infeasible_result(problem, objective, found, started)
    if objective == "fair":
        # Imported here: scipy.optimize costs a second of start-up the other modes never need.
        from assignment.solvers.fair import solve_fair

        return solve_fair(problem, time_limit=time_limit)
    if objective == "randomized":
        return solve_randomized(problem, max_prob=0.5 if max_prob is None else max_prob,
                                seed=seed)
    return solve_sum(problem)
