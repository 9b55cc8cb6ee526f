"""Solvers for the three objectives, behind one `solve` entry point that checks inputs first."""

from __future__ import annotations

import time

from assignment.diagnostics import check
from assignment.problem import OBJECTIVES, Problem, Result
from assignment.solvers.common import infeasible_result
from assignment.solvers.flow import solve_sum
from assignment.solvers.randomized import solve_randomized
from assignment.solvers.stopping import (
    ShouldStop,
    SolveStopped,
    checkpoint,
    never,
    run_stoppable,
)

__all__ = ["ShouldStop", "SolveStopped", "solve"]


def solve(
    problem: Problem,
    objective: str = "sum",
    max_prob: float | None = None,
    seed: int | None = None,
    time_limit: float = 120.0,
    should_stop: ShouldStop | None = None,
) -> Result:
    """Solve `problem` for `objective` (sum, fair or randomized); infeasible input is explained.

    With `should_stop`, the solve polls it while it works and raises `SolveStopped` (a
    cancelled job), returning nothing, once it answers True: between the phases of the
    flow solvers; for `fair`, every 0.2 s while a child process solves (`run_stoppable`).
    """
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {OBJECTIVES}, not {objective!r}")
    started = time.perf_counter()
    stop = should_stop or never
    checkpoint(stop)
    found = check(problem)
    if any(d.blocking for d in found):
        return infeasible_result(problem, objective, found, started)
    checkpoint(stop)
    if objective == "fair":
        # Imported here: scipy.optimize costs a second of start-up the other modes never need.
        from assignment.solvers.fair import solve_fair

        if should_stop is None:
            return solve_fair(problem, time_limit)
        return run_stoppable(solve_fair, (problem, time_limit), should_stop)
    if objective == "randomized":
        return solve_randomized(problem, max_prob=0.5 if max_prob is None else max_prob,
                                seed=seed, should_stop=stop)
    return solve_sum(problem, should_stop=stop)
