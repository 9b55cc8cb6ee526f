"""Shared helpers for the solver tests: random instances, a constraint checker, LP optima."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from assignment.problem import Problem, Result


def random_problem(
    seed: int, one_per_unit: bool, require_external: bool, size: tuple[int, int, int] = (6, 8, 3)
) -> Problem:
    """A small random problem with conflicts, locks, units, regions and uneven loads.

    `size` caps the applications, experts and experts per application.
    """
    rng = np.random.default_rng(seed)
    n_apps, n_experts = int(rng.integers(1, size[0] + 1)), int(rng.integers(2, size[1] + 1))
    mask = rng.random((n_apps, n_experts)) < rng.uniform(0.4, 1.0)
    pair_app, pair_expert = np.nonzero(mask)
    scores = np.round(rng.uniform(-0.3, 1.0, len(pair_app)), 3)
    forbid = rng.random(len(pair_app)) < 0.15
    locked = np.zeros(len(pair_app), dtype=bool)
    if len(pair_app) and rng.random() < 0.5:
        locked[rng.integers(len(pair_app))] = True
    max_load = rng.integers(1, 4, n_experts)
    unit = rng.integers(-1, 3, n_experts)
    unit_external = rng.random(3) < 0.5
    return Problem(
        app_ids=tuple(f"A{i}" for i in range(n_apps)),
        expert_ids=tuple(f"E{j}" for j in range(n_experts)),
        pair_app=pair_app.astype(np.int64),
        pair_expert=pair_expert.astype(np.int64),
        pair_score=scores,
        demand=rng.integers(1, size[2] + 1, n_apps),
        max_load=max_load,
        min_load=np.minimum(rng.integers(0, 2, n_experts), max_load),
        available=rng.random(n_experts) < 0.9,
        forbidden_app=pair_app[forbid].astype(np.int64),
        forbidden_expert=pair_expert[forbid].astype(np.int64),
        locked=locked,
        expert_unit=unit,
        expert_external=np.where(unit >= 0, unit_external[unit], rng.random(n_experts) < 0.5),
        one_per_unit=one_per_unit,
        require_external=require_external,
    )


def is_valid(problem: Problem, result: Result) -> bool:
    """Whether `result` meets every constraint of `problem`."""
    try:
        assert_valid(problem, result)
    except AssertionError:
        return False
    return True


def assert_valid(problem: Problem, result: Result) -> None:
    """Fail unless `result` meets every constraint of `problem`."""
    keys = problem.pair_app * problem.n_experts + problem.pair_expert
    chosen = result.pair_app * problem.n_experts + result.pair_expert
    assert len(np.unique(chosen)) == len(chosen), "a pair is assigned twice"
    index = np.searchsorted(np.sort(keys), chosen)
    assert np.all(np.sort(keys)[np.minimum(index, len(keys) - 1)] == chosen), "not a candidate"
    usable = problem.usable_mask()
    assert np.isin(chosen, keys[usable]).all(), "forbidden pair or unavailable expert"
    assert np.isin(keys[problem.locked], chosen).all(), "a locked pair was dropped"
    per_app = np.bincount(result.pair_app, minlength=problem.n_apps)
    assert np.array_equal(per_app, problem.demand), "wrong number of experts per application"
    load = np.bincount(result.pair_expert, minlength=problem.n_experts)
    assert np.all(load <= problem.max_load), "max load exceeded"
    floor = np.where(problem.available, problem.min_load, 0)
    assert np.all(load >= floor), "min load not met"
    if problem.one_per_unit:
        unit = problem.expert_unit[result.pair_expert]
        has = unit >= 0
        pairs = np.stack([result.pair_app[has], unit[has]], axis=1)
        assert len(np.unique(pairs, axis=0)) == len(pairs), "two experts of one unit"
    if problem.require_external:
        ext = np.bincount(result.pair_app[problem.expert_external[result.pair_expert]],
                          minlength=problem.n_apps)
        assert np.all(ext >= np.minimum(problem.demand, 1)), "no external expert"
    sums = np.bincount(result.pair_app, result.pair_score, problem.n_apps)
    assert np.allclose(sums, result.app_sums)
    assert abs(result.objective - result.pair_score.sum()) < 1e-9


def lp_rows(problem: Problem, pairs: np.ndarray) -> list[LinearConstraint]:
    """The assignment constraints over `pairs` written independently of the solvers."""
    n = len(pairs)
    apps, experts = problem.pair_app[pairs], problem.pair_expert[pairs]
    rows = [
        LinearConstraint(sparse.csr_array((np.ones(n), (apps, np.arange(n))),
                                          shape=(problem.n_apps, n)), problem.demand,
                         problem.demand),
        LinearConstraint(sparse.csr_array((np.ones(n), (experts, np.arange(n))),
                                          shape=(problem.n_experts, n)),
                         np.where(problem.available, problem.min_load, 0), problem.max_load),
    ]
    if problem.one_per_unit:
        for a in range(problem.n_apps):
            for u in set(problem.expert_unit.tolist()) - {-1}:
                row = ((apps == a) & (problem.expert_unit[experts] == u)).astype(float)
                rows.append(LinearConstraint(row[None, :], -np.inf, 1))
    if problem.require_external:
        for a in range(problem.n_apps):
            row = ((apps == a) & problem.expert_external[experts]).astype(float)
            rows.append(LinearConstraint(row[None, :], min(problem.demand[a], 1), np.inf))
    return rows


def lp_optimum(problem: Problem, cap: float = 1.0, integral: bool = False) -> float | None:
    """Max total affinity by HiGHS with pairs in [locked, cap]; None if infeasible."""
    pairs = np.flatnonzero(problem.usable_mask())
    if (problem.locked & ~problem.usable_mask()).any():
        return None  # a lock on a forbidden pair must be lifted by staff first
    if len(pairs) == 0:
        return None if problem.demand.sum() else 0.0
    lower = problem.locked[pairs].astype(float)
    upper = np.where(problem.locked[pairs], 1.0, cap)
    found = milp(-problem.pair_score[pairs], constraints=lp_rows(problem, pairs),
                 bounds=Bounds(lower, upper),
                 integrality=np.ones(len(pairs)) if integral else None)
    return None if found.x is None else -float(found.fun)
