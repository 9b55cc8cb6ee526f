"""Max-sum mode: every constraint holds and the total equals an independent MIP's optimum."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assignment.problem import make_problem
from assignment.solvers import solve
from assignment.solvers.common import make_result
from tests.helpers.solver import (
    INFEASIBLE_CAUSES,
    assert_valid,
    infeasible_problem,
    lp_optimum,
    planted_problem,
)

seeds = st.integers(0, 2**32 - 1)


@settings(max_examples=150, deadline=None)
@given(seeds, st.booleans(), st.booleans(), st.integers(1, 3))
def test_planted_assignments_are_valid(seed, one_per_unit, require_external, plants):
    """The instance builder keeps its promise: each planted assignment meets every rule."""
    problem, planted = planted_problem(seed, one_per_unit, require_external, plants=plants)
    assert len(planted) == plants
    for chosen in planted:
        assert_valid(problem, make_result(problem, chosen, "sum", "optimal", None, 0.0))


@settings(max_examples=150, deadline=None)
@given(seeds, st.booleans(), st.booleans())
def test_sum_is_optimal_on_feasible_instances(seed, one_per_unit, require_external):
    """Every rule kept, and the total equals the independent MIP's optimum (and the LP's)."""
    problem, (planted,) = planted_problem(seed, one_per_unit, require_external)
    best = lp_optimum(problem, integral=True)
    assert best is not None
    assert best >= problem.pair_score[planted].sum() - 1e-9
    result = solve(problem, "sum")
    assert result.status == "optimal"
    assert_valid(problem, result)
    assert abs(result.objective - best) < 1e-6
    relaxed = lp_optimum(problem)
    assert relaxed is not None and abs(relaxed - best) < 1e-6  # a flow: the LP is integral
    assert result.bound >= best - 1e-9


@settings(max_examples=40, deadline=None)
@given(seeds, st.sampled_from(INFEASIBLE_CAUSES))
def test_sum_reports_planted_infeasibility(seed, cause):
    """An instance broken on purpose is infeasible for the LP too, and the solver says why."""
    problem = infeasible_problem(seed, cause)
    assert lp_optimum(problem) is None
    result = solve(problem, "sum")
    assert result.status == "infeasible"
    assert result.diagnostics


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
