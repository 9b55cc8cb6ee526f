"""Helpers shared by the solvers: turning chosen pairs into a `Result`."""

from __future__ import annotations

import time

import numpy as np

from assignment.problem import Diagnostic, Problem, Result


def make_result(
    problem: Problem,
    chosen: np.ndarray,
    objective_name: str,
    status: str,
    bound: float | None,
    started: float,
    *,
    seed: int | None = None,
    max_prob: float | None = None,
    expected_objective: float | None = None,
    marginals: np.ndarray | None = None,
    diagnostics: tuple[Diagnostic, ...] = (),
) -> Result:
    """A `Result` for the candidate pairs at indices `chosen`, timed from `started`."""
    chosen = np.sort(np.asarray(chosen, dtype=np.int64))
    apps = problem.pair_app[chosen]
    scores = problem.pair_score[chosen]
    sums = np.bincount(apps, weights=scores, minlength=problem.n_apps)
    served = problem.demand > 0
    return Result(
        status=status,
        objective_name=objective_name,
        pair_app=apps,
        pair_expert=problem.pair_expert[chosen],
        pair_score=scores,
        app_sums=sums,
        objective=float(scores.sum()),
        min_app_score=float(sums[served].min()) if served.any() else 0.0,
        bound=bound,
        seconds=time.perf_counter() - started,
        seed=seed,
        max_prob=max_prob,
        expected_objective=expected_objective,
        marginals=marginals,
        diagnostics=diagnostics,
    )


def infeasible_result(
    problem: Problem, objective_name: str, found: list[Diagnostic], started: float
) -> Result:
    """The `Result` of a problem that has no assignment, carrying the reasons."""
    empty = np.zeros(0, dtype=np.int64)
    return make_result(problem, empty, objective_name, "infeasible", None, started,
                       diagnostics=tuple(found))
