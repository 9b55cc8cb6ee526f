"""Fair mode: the worst application sum is the integral max-min, then the total is maximal."""

from __future__ import annotations

from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from assignment.problem import Problem, make_problem
from assignment.solvers import fair, solve
from tests.helpers.solver import (
    INFEASIBLE_CAUSES,
    assert_valid,
    brute_force,
    infeasible_problem,
    planted_problem,
)

seeds = st.integers(0, 2**32 - 1)


@settings(max_examples=60, deadline=None)
@given(seeds, st.booleans(), st.booleans())
def test_fair_matches_brute_force(seed, one_per_unit, require_external):
    """On tiny feasible instances the worst sum and then the total equal exhaustive search."""
    problem, _ = planted_problem(seed, one_per_unit, require_external, size=(3, 5, 2))
    best = brute_force(problem)
    assert best is not None
    result = solve(problem, "fair", time_limit=20)
    assert_valid(problem, result)
    assert result.status == "optimal"
    assert abs(result.min_app_score - best[0]) < 1e-6
    assert abs(result.objective - best[1]) < 1e-6
    assert result.bound >= result.min_app_score - 1e-6


@settings(max_examples=40, deadline=None)
@given(seeds, st.booleans(), st.booleans())
def test_fair_on_few_columns_stays_honest(seed, one_per_unit, require_external):
    """With one starting column per slot the bound still holds, and `optimal` means optimal."""
    problem, _ = planted_problem(seed, one_per_unit, require_external, size=(3, 6, 2))
    best = brute_force(problem)
    assert best is not None
    with mock.patch.object(fair, "COLUMNS_MIN", 1), mock.patch.object(fair, "COLUMNS_PER_SLOT", 1):
        result = solve(problem, "fair", time_limit=20)
    assert_valid(problem, result)
    assert result.bound >= best[0] - 1e-6
    assert result.min_app_score <= best[0] + 1e-9
    assert result.min_app_score >= solve(problem, "sum").min_app_score - 1e-9
    if result.status == "optimal":
        assert abs(result.min_app_score - best[0]) < 1e-6
        assert best[1] - 1e-6 <= result.objective * (1 + fair.MIP_GAP) + fair.MIP_GAP
    else:
        assert [d.code for d in result.diagnostics] == ["fair_not_proven"]
        assert not result.diagnostics[0].blocking


@settings(max_examples=15, deadline=None)
@given(seeds, st.sampled_from(INFEASIBLE_CAUSES))
def test_fair_reports_planted_infeasibility(seed, cause):
    """An instance broken on purpose is infeasible in fair mode too, with its reasons."""
    result = solve(infeasible_problem(seed, cause), "fair", time_limit=20)
    assert result.status == "infeasible"
    assert result.diagnostics


def test_fair_trades_total_for_the_worst_application():
    """Max-sum gives one expert both strong pairs; fair mode spreads them."""
    problem = make_problem(
        ["a", "b"], ["x", "y"],
        [("a", "x", 1.0), ("a", "y", 0.4), ("b", "x", 0.5), ("b", "y", 0.0)],
        per_app=1, max_load=1,
    )
    total = solve(problem, "sum")
    fair_result = solve(problem, "fair")
    assert abs(total.objective - 1.0) < 1e-9 and abs(total.min_app_score - 0.0) < 1e-9
    assert abs(fair_result.objective - 0.9) < 1e-9
    assert abs(fair_result.min_app_score - 0.4) < 1e-9
    assert fair_result.status == "optimal"


def test_fair_refutes_an_lp_level_out_of_integral_reach():
    """Two apps want one expert: the LP shares it (worst 0.5), an assignment cannot."""
    problem = make_problem(
        ["a", "b"], ["x", "y"],
        [("a", "x", 1.0), ("a", "y", 0.0), ("b", "x", 1.0), ("b", "y", 0.0)],
        per_app=1, max_load=1,
    )
    result = solve(problem, "fair")
    assert result.status == "optimal"
    assert abs(result.min_app_score) < 1e-9 and abs(result.objective - 1.0) < 1e-9
    assert result.bound < 1e-4


def _medium_problem(seed):
    """A 30 × 50 call with both panel rules, conflicts, a lock and 15 candidates per app."""
    rng = np.random.default_rng(seed)
    n_apps, n_experts, per_app = 30, 50, 15
    pair_app = np.repeat(np.arange(n_apps), per_app)
    pair_expert = np.concatenate([rng.choice(n_experts, per_app, replace=False)
                                  for _ in range(n_apps)])
    quality = rng.random(n_experts)
    forbid = rng.random(len(pair_app)) < 0.05
    unit = np.where(rng.random(n_experts) < 0.1, -1, rng.integers(0, 20, n_experts))
    available = rng.random(n_experts) < 0.95
    locked = np.zeros(len(pair_app), dtype=bool)
    locked[0] = not forbid[0] and available[pair_expert[0]]
    return Problem(
        app_ids=tuple(f"A{i}" for i in range(n_apps)),
        expert_ids=tuple(f"E{j}" for j in range(n_experts)),
        pair_app=pair_app,
        pair_expert=pair_expert,
        pair_score=np.round(0.5 * quality[pair_expert] + 0.5 * rng.random(len(pair_app)), 4),
        demand=np.full(n_apps, 3),
        max_load=rng.integers(2, 5, n_experts),
        min_load=np.zeros(n_experts, dtype=np.int64),
        available=available,
        forbidden_app=pair_app[forbid],
        forbidden_expert=pair_expert[forbid],
        locked=locked,
        expert_unit=unit,
        expert_external=np.where(unit >= 0, (rng.random(20) < 0.5)[unit],
                                 rng.random(n_experts) < 0.5),
        one_per_unit=True,
        require_external=True,
    )


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_fair_on_a_medium_call_keeps_every_rule_and_never_loses_to_max_sum(seed):
    """Every rule holds, the worst sum is at least max-sum's, the bound is at least the worst."""
    problem = _medium_problem(seed)
    total = solve(problem, "sum")
    with mock.patch.object(fair, "COLUMNS_MIN", 3), mock.patch.object(fair, "COLUMNS_PER_SLOT", 1):
        result = solve(problem, "fair", time_limit=30)
    if total.status == "infeasible":
        assert result.status == "infeasible"
        return
    assert_valid(problem, result)
    assert result.min_app_score >= total.min_app_score - 1e-9
    assert result.bound >= result.min_app_score - 1e-9
    assert result.objective <= total.bound + 1e-9


def test_fair_is_deterministic():
    """The same problem gives the same pairs twice."""
    problem = _medium_problem(7)
    first = solve(problem, "fair")
    second = solve(problem, "fair")
    assert first.status != "infeasible"
    assert np.array_equal(first.pair_app, second.pair_app)
    assert np.array_equal(first.pair_expert, second.pair_expert)


def test_fair_with_a_tiny_time_limit_still_returns_a_valid_assignment():
    """Out of time, fair mode falls back on what it has and never below max-sum's worst."""
    problem = _medium_problem(11)
    result = solve(problem, "fair", time_limit=0.01)
    assert_valid(problem, result)
    assert result.min_app_score >= solve(problem, "sum").min_app_score - 1e-9
    assert result.bound >= result.min_app_score
