"""Max-sum mode: every constraint holds and the total equals the LP optimum (a flow)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from solver_checks import assert_valid, lp_optimum, random_problem

from assignment.problem import make_problem
from assignment.solvers import solve


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32 - 1), st.booleans(), st.booleans())
def test_sum_matches_lp_and_respects_constraints(seed, one_per_unit, require_external):
    """Feasible exactly when the LP is, with the LP's optimum, and every rule kept."""
    problem = random_problem(seed, one_per_unit, require_external)
    result = solve(problem, "sum")
    best = lp_optimum(problem)
    if best is None:
        assert result.status == "infeasible"
        assert result.diagnostics
        return
    assert result.status == "optimal"
    assert_valid(problem, result)
    assert abs(result.objective - best) < 1e-6
    assert result.bound >= best - 1e-9


def test_negative_scores_are_candidates_and_locks_hold():
    """Negative and zero scores may be assigned; a locked weak pair stays."""
    problem = make_problem(
        ["a1", "a2"], ["e1", "e2", "e3"],
        [("a1", "e1", 0.9), ("a1", "e2", -0.5), ("a2", "e1", 0.8), ("a2", "e3", 0.0)],
        per_app=2, max_load=2, locked=[("a2", "e2")],
    )
    result = solve(problem, "sum")
    assert result.status == "optimal"
    assert_valid(problem, result)
    assert abs(result.objective - (0.9 - 0.5 + 0.8 + 0.0)) < 1e-9
    chosen = {(problem.app_ids[a], problem.expert_ids[e])
              for a, e in zip(result.pair_app, result.pair_expert, strict=True)}
    assert ("a2", "e2") in chosen


def test_panel_rules_change_the_choice():
    """One per unit and one external expert override the best two local colleagues."""
    experts = ["u1a", "u1b", "out"]
    scores = [("a", "u1a", 1.0), ("a", "u1b", 0.9), ("a", "out", 0.1)]
    free = solve(make_problem(["a"], experts, scores, 2, 1), "sum")
    ruled = solve(make_problem(
        ["a"], experts, scores, 2, 1, expert_unit={"u1a": "U1", "u1b": "U1", "out": "U2"},
        expert_external={"out": True}, one_per_unit=True, require_external=True,
    ), "sum")
    assert abs(free.objective - 1.9) < 1e-9
    assert abs(ruled.objective - 1.1) < 1e-9
