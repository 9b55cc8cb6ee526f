"""Stopping a solve: `should_stop` is polled between phases and a True answer ends the solve."""

from __future__ import annotations

import multiprocessing
import time

import numpy as np
import pytest

from assignment.problem import Problem
from assignment.solvers import SolveStopped, solve
from assignment.solvers.stopping import never, run_stoppable

OBJECTIVES = ["sum", "fair", "randomized"]
# Sizes each mode solves in about a second (the fair mode's MIP grows hard fast; the
# randomized mode needs candidates enough for pair probabilities of at most 0.5).
SIZES = {"sum": (40, 80, 15), "fair": (40, 80, 15), "randomized": (40, 120, 30)}


def random_problem(seed: int, n_apps: int, n_experts: int, per_app: int) -> Problem:
    """A call with both panel rules, a few conflicts, tight loads and `per_app` candidates."""
    rng = np.random.default_rng(seed)
    pair_app = np.repeat(np.arange(n_apps), per_app)
    pair_expert = np.concatenate([rng.choice(n_experts, per_app, replace=False)
                                  for _ in range(n_apps)])
    quality = rng.random(n_experts)
    forbid = rng.random(len(pair_app)) < 0.03
    n_units = max(n_experts // 4, 1)
    unit = rng.integers(0, n_units, n_experts)
    demand = 5
    return Problem(
        app_ids=tuple(f"A{i}" for i in range(n_apps)),
        expert_ids=tuple(f"E{j}" for j in range(n_experts)),
        pair_app=pair_app,
        pair_expert=pair_expert,
        pair_score=np.round(0.5 * quality[pair_expert] + 0.5 * rng.random(len(pair_app)), 4),
        demand=np.full(n_apps, demand),
        max_load=np.full(n_experts, -(-n_apps * demand * 6 // 5 // n_experts)),
        min_load=np.zeros(n_experts, dtype=np.int64),
        available=np.ones(n_experts, dtype=bool),
        forbidden_app=pair_app[forbid],
        forbidden_expert=pair_expert[forbid],
        locked=np.zeros(len(pair_app), dtype=bool),
        expert_unit=unit,
        expert_external=(rng.random(n_units) < 0.5)[unit],
        one_per_unit=True,
        require_external=True,
    )


class StopOnCall:
    """A `should_stop` answering True on its n-th call (never when n is 0); counts calls."""

    def __init__(self, n: int = 0) -> None:
        self.n, self.calls = n, 0

    def __call__(self) -> bool:
        self.calls += 1
        return self.calls == self.n


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_a_solve_never_stopped_is_unchanged_and_polls_every_phase(objective):
    """Polling changes nothing in the answer; each mode polls more than once."""
    problem = random_problem(1, *SIZES[objective])
    plain = solve(problem, objective, seed=3, time_limit=30)
    polled = StopOnCall()
    watched = solve(problem, objective, seed=3, time_limit=30, should_stop=polled)
    assert watched.status == plain.status != "infeasible"
    assert np.array_equal(watched.pair_app, plain.pair_app)
    assert np.array_equal(watched.pair_expert, plain.pair_expert)
    assert polled.calls >= {"sum": 4, "randomized": 4, "fair": 3}[objective]


@pytest.mark.parametrize("objective", ["sum", "randomized"])
def test_every_poll_can_stop_a_flow_solve(objective):
    """Stopped at any of its polls, the solve raises at once and polls no more."""
    problem = random_problem(2, *SIZES[objective])
    total = StopOnCall()
    solve(problem, objective, seed=3, should_stop=total)
    for n in range(1, total.calls + 1):
        stop = StopOnCall(n)
        with pytest.raises(SolveStopped):
            solve(problem, objective, seed=3, should_stop=stop)
        assert stop.calls == n


def test_a_long_fair_solve_stops_inside_highs():
    """A fair solve of 400 applications (30 s or more, mostly in single HiGHS calls) asked
    to stop after 4 s ends at once: its child process is ended."""
    problem = random_problem(3, 400, 800, 60)
    started = time.perf_counter()
    asked: list[float] = []

    def after_a_while() -> bool:
        if time.perf_counter() - started < 4:
            return False
        asked.append(time.perf_counter())
        return True

    with pytest.raises(SolveStopped):
        solve(problem, "fair", time_limit=120, should_stop=after_a_while)
    assert len(asked) == 1 and time.perf_counter() - asked[0] < 2
    assert not multiprocessing.active_children()


def test_a_stoppable_fair_solve_reports_the_solvers_errors():
    """An error in the child process reaches the caller as itself."""
    with pytest.raises(ZeroDivisionError):
        run_stoppable(divmod, (1, 0), never)
