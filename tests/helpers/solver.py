"""The solver tests' instances and independent models.

Instances: `planted_problem` builds random problems around planted assignments, so they
are feasible by construction; `infeasible_problem` breaks one with a named cause;
Independent models: `assert_valid` checks every rule of a result, `lp_optimum` solves the
assignment as a HiGHS LP or MIP written from the rules alone (no flow network), and
`brute_force` enumerates every assignment of a tiny problem.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import replace

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from assignment.problem import Problem, Result
from assignment.solvers.common import make_result


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


def valid_assignments(problem: Problem) -> list[tuple[float, float]]:
    """(worst sum, total) of every valid assignment, by exhaustive search."""
    usable = np.flatnonzero(problem.usable_mask())
    per_app = [
        list(itertools.combinations(usable[problem.pair_app[usable] == a], problem.demand[a]))
        for a in range(problem.n_apps)
    ]
    found = []
    for combo in itertools.product(*per_app):
        chosen = np.fromiter(itertools.chain.from_iterable(combo), dtype=np.int64)
        result = make_result(problem, chosen, "fair", "optimal", None, time.perf_counter())
        if is_valid(problem, result):
            found.append((result.min_app_score, result.objective))
    return found


def brute_force(problem: Problem) -> tuple[float, float] | None:
    """The lexicographic best (worst sum, total) over every valid assignment, or None."""
    found = [(round(w, 9), round(t, 9)) for w, t in valid_assignments(problem)]
    return max(found) if found else None


def planted_problem(
    seed: int,
    one_per_unit: bool,
    require_external: bool,
    size: tuple[int, int, int] = (6, 8, 3),
    plants: int = 1,
) -> tuple[Problem, list[np.ndarray]]:
    """A random problem built around planted assignments that meet every rule.

    Returns the problem and its `plants` planted assignments (indices into its candidate
    pairs), so the problem is feasible by construction. Plants share no pair except a lock,
    so their average is a fractional assignment with every unlocked pair at most 1/plants.
    Around them: extra candidates, conflicts and unavailable experts only off the plants,
    loads with room to spare, minimum loads every plant meets, units and regions every
    planted panel satisfies. `size` caps the applications, experts and experts per
    application.
    """
    rng = np.random.default_rng(seed)
    n_apps = int(rng.integers(1, size[0] + 1))
    n_experts = int(rng.integers(max(2, plants * size[2]), max(size[1], plants * size[2]) + 1))
    available = rng.random(n_experts) < 0.85
    available[rng.permutation(n_experts)[: plants * size[2]]] = True
    pool = np.flatnonzero(available)
    demand = rng.integers(1, min(size[2], len(pool) // plants) + 1, n_apps)
    lock_app = int(rng.integers(n_apps)) if rng.random() < 0.5 else -1
    panels = [_panels(rng, pool, int(demand[a]), plants, a == lock_app) for a in range(n_apps)]
    candidate = rng.random((n_apps, n_experts)) < rng.uniform(0.2, 0.8)
    planted_cells = np.zeros((plants, n_apps, n_experts), dtype=bool)
    for a, app_panels in enumerate(panels):
        for p, panel in enumerate(app_panels):
            planted_cells[p, a, panel] = True
    candidate |= planted_cells.any(axis=0)
    pair_app, pair_expert = np.nonzero(candidate)
    on_plant = planted_cells.any(axis=0)[pair_app, pair_expert]
    forbid = ~on_plant & (rng.random(len(pair_app)) < 0.2)
    locked = np.zeros(len(pair_app), dtype=bool)
    if lock_app >= 0:
        locked[(pair_app == lock_app) & (pair_expert == panels[lock_app][0][0])] = True
    loads = planted_cells.sum(axis=1)  # (plants, experts)
    high, low = loads.max(axis=0), loads.min(axis=0)
    max_load = np.maximum(high + rng.integers(0, 2, n_experts), 1)
    min_load = np.where(rng.random(n_experts) < 0.3, rng.integers(0, low + 1), 0)
    unit, external = _planted_units(rng, n_experts, [p for ps in panels for p in ps],
                                    require_external)
    problem = Problem(
        app_ids=tuple(f"A{i}" for i in range(n_apps)),
        expert_ids=tuple(f"E{j}" for j in range(n_experts)),
        pair_app=pair_app.astype(np.int64),
        pair_expert=pair_expert.astype(np.int64),
        pair_score=np.round(rng.uniform(-0.3, 1.0, len(pair_app)), 3),
        demand=demand.astype(np.int64),
        max_load=max_load.astype(np.int64),
        min_load=min_load.astype(np.int64),
        available=available,
        forbidden_app=pair_app[forbid].astype(np.int64),
        forbidden_expert=pair_expert[forbid].astype(np.int64),
        locked=locked,
        expert_unit=unit,
        expert_external=external,
        one_per_unit=one_per_unit,
        require_external=require_external,
    )
    chosen = [np.flatnonzero(cells[pair_app, pair_expert]) for cells in planted_cells]
    return problem, chosen


def _panels(
    rng: np.random.Generator, pool: np.ndarray, demand: int, plants: int, locked: bool
) -> list[np.ndarray]:
    """`plants` panels of `demand` experts from `pool`, disjoint but for a locked first one."""
    shared = 1 if locked else 0
    drawn = rng.choice(pool, shared + plants * (demand - shared), replace=False)
    rest = drawn[shared:].reshape(plants, demand - shared)
    return [np.concatenate([drawn[:shared], row]) for row in rest]


def _planted_units(
    rng: np.random.Generator, n_experts: int, panels: list[np.ndarray], require_external: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Units (-1: none) and out-of-region flags under which every planted panel is valid.

    Experts of one unit share its region. In a panel with two experts of one unit the
    second one loses its unit; a panel without an outsider gets one (its first expert's
    unit, or that expert alone, becomes out-of-region).
    """
    n_units = 3
    unit = rng.integers(-1, n_units, n_experts)
    unit_external = rng.random(n_units) < 0.5
    own_external = rng.random(n_experts) < 0.5
    for panel in panels:
        seen: set[int] = set()
        for e in panel:
            if int(unit[e]) in seen:
                unit[e] = -1
            elif unit[e] >= 0:
                seen.add(int(unit[e]))
    for panel in panels:
        external = np.where(unit >= 0, unit_external[np.maximum(unit, 0)], own_external)
        if require_external and not external[panel].any():
            first = panel[0]
            if unit[first] >= 0:
                unit_external[unit[first]] = True
            else:
                own_external[first] = True
    return unit, np.where(unit >= 0, unit_external[np.maximum(unit, 0)], own_external)


INFEASIBLE_CAUSES = ("lock_forbidden", "demand_above_candidates", "load_short",
                     "no_outsider", "min_load_unreachable")


def infeasible_problem(seed: int, cause: str) -> Problem:
    """A planted problem broken by one named cause, so that no assignment exists."""
    problem, (plant,) = planted_problem(seed, one_per_unit=False, require_external=False,
                                        size=(4, 6, 2))
    rng = np.random.default_rng(seed + 1)
    if cause == "lock_forbidden":
        pair = int(rng.integers(len(problem.pair_app)))
        locked = problem.locked.copy()
        locked[pair] = True
        return replace(
            problem, locked=locked,
            forbidden_app=np.append(problem.forbidden_app, problem.pair_app[pair]),
            forbidden_expert=np.append(problem.forbidden_expert, problem.pair_expert[pair]))
    if cause == "demand_above_candidates":
        demand = problem.demand.copy()
        app = int(rng.integers(problem.n_apps))
        demand[app] = int(np.count_nonzero(problem.pair_app == app)) + 1
        return replace(problem, demand=demand)
    if cause == "load_short":
        # Loads exactly cover the plant, then one of its experts loses one.
        max_load = np.bincount(problem.pair_expert[plant], minlength=problem.n_experts)
        max_load[rng.choice(np.flatnonzero(max_load))] -= 1
        return replace(problem, max_load=max_load, min_load=np.minimum(problem.min_load, max_load))
    if cause == "no_outsider":
        external = problem.expert_external.copy()
        app = int(rng.integers(problem.n_apps))
        external[problem.pair_expert[problem.pair_app == app]] = False
        return replace(problem, expert_external=external, require_external=True)
    if cause == "min_load_unreachable":
        expert = int(rng.choice(np.flatnonzero(problem.available)))
        reachable = int(np.count_nonzero(problem.pair_expert == expert))
        min_load, max_load = problem.min_load.copy(), problem.max_load.copy()
        min_load[expert] = reachable + 1
        max_load[expert] = max(int(max_load[expert]), reachable + 1)
        return replace(problem, min_load=min_load, max_load=max_load)
    raise ValueError(f"unknown cause {cause}")
