"""Infeasible input is explained in words staff can act on, never a bare INFEASIBLE."""

from __future__ import annotations

from assignment.problem import make_problem
from assignment.solvers import solve


def codes(result):
    """The diagnostic codes of a result."""
    return [d.code for d in result.diagnostics]


def test_too_few_eligible_experts_names_the_causes():
    """Conflicts, missing fields and unavailable experts are counted per application."""
    problem = make_problem(
        ["A0123"], ["e1", "e2", "e3", "e4"],
        [("A0123", "e1", 1.0), ("A0123", "e2", 1.0), ("A0123", "e3", 1.0)],
        per_app=3, max_load=1, forbidden=[("A0123", "e1")], unavailable=["e2"],
    )
    result = solve(problem)
    assert result.status == "infeasible"
    found = result.diagnostics[0]
    assert found.code == "too_few_experts" and found.app_id == "A0123"
    assert "only 1 eligible experts (1 conflicts, 1 outside its field, 1 unavailable)" in (
        found.message_en)
    assert "需要 3 名" in found.message_zh


def test_capacity_and_min_load_totals():
    """Too little total load, and minimum loads above the demand, are both reported."""
    scores = [(a, e, 0.5) for a in ("a", "b") for e in ("x", "y")]
    short = solve(make_problem(["a", "b"], ["x", "y"], scores, per_app=2, max_load=1))
    assert "capacity_short" in codes(short)
    excess = solve(make_problem(["a", "b"], ["x", "y"], scores, per_app=1, max_load=2,
                                min_load=2))
    assert "min_load_excess" in codes(excess)


def test_units_and_external_rules():
    """Same-unit candidates and missing external candidates are named per application."""
    problem = make_problem(
        ["a"], ["x", "y"], [("a", "x", 1.0), ("a", "y", 1.0)], per_app=2, max_load=1,
        expert_unit={"x": "U", "y": "U"}, one_per_unit=True, require_external=True,
    )
    assert codes(solve(problem, "fair")) == ["too_few_units", "no_external_expert"]


def test_competing_applications_found_by_min_cut():
    """Each application alone is fine, but two share one expert of load 1."""
    problem = make_problem(
        ["a", "b", "c"], ["x", "y", "z"],
        [("a", "x", 1.0), ("b", "x", 1.0), ("c", "y", 1.0), ("c", "z", 1.0)],
        per_app=1, max_load={"x": 1, "y": 1, "z": 1},
    )
    result = solve(problem, "randomized", seed=1)
    assert codes(result) == ["competing_applications"]
    assert "(a, b)" in result.diagnostics[0].message_en
    assert "1 reviews missing" in result.diagnostics[0].message_en


def test_locked_pair_that_became_a_conflict():
    """A lock on a pair that is now forbidden asks staff to unlock it."""
    problem = make_problem(["a"], ["x", "y"], [("a", "x", 1.0), ("a", "y", 1.0)], per_app=1,
                           max_load=1, locked=[("a", "x")], forbidden=[("a", "x")])
    assert codes(solve(problem)) == ["locked_pair_blocked"]
