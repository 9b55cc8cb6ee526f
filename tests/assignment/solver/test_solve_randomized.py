"""Randomized mode: pair probabilities ≤ Q, the LP's expected affinity, exact marginals."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from assignment.problem import make_problem
from assignment.solvers import solve
from assignment.solvers.network import build_network, solve_flow
from assignment.solvers.randomized import probability_fraction, round_flow
from tests.helpers.solver import (
    INFEASIBLE_CAUSES,
    assert_valid,
    infeasible_problem,
    lp_optimum,
    planted_problem,
)

seeds = st.integers(0, 2**32 - 1)


@settings(max_examples=80, deadline=None)
@given(seeds, st.booleans(), st.booleans(), st.sampled_from([0.34, 0.5, 0.75, 1.0]))
def test_randomized_respects_q_and_reaches_the_lp(seed, one_per_unit, require_external, q):
    """Marginals stay ≤ Q (locks at 1), their value is the capped LP optimum, draws are valid.

    The instance holds ⌈1/Q⌉ planted assignments sharing no unlocked pair, so the capped
    LP is feasible by construction.
    """
    plants = math.ceil(1 / q - 1e-9)
    problem, _ = planted_problem(seed, one_per_unit, require_external, size=(5, 10, 3),
                                 plants=plants)
    best = lp_optimum(problem, cap=q)
    assert best is not None
    result = solve(problem, "randomized", max_prob=q, seed=seed)
    assert_valid(problem, result)
    unlocked = ~problem.locked
    assert np.all(result.marginals[unlocked] <= q + 1e-12)
    assert abs(result.expected_objective - best) < 1e-6
    assert np.all(result.marginals[problem.locked] == 1)


@settings(max_examples=20, deadline=None)
@given(seeds, st.sampled_from(INFEASIBLE_CAUSES), st.sampled_from([0.5, 1.0]))
def test_randomized_reports_planted_infeasibility(seed, cause, q):
    """An instance broken on purpose has no randomized assignment either."""
    problem = infeasible_problem(seed, cause)
    assert lp_optimum(problem, cap=q) is None
    result = solve(problem, "randomized", max_prob=q, seed=seed)
    assert result.status == "infeasible"
    assert result.diagnostics


def spread_problem():
    """Ten applications, twelve interchangeable experts: many optimal draws."""
    apps = [f"a{i}" for i in range(10)]
    experts = [f"e{j}" for j in range(12)]
    rng = np.random.default_rng(7)
    scores = [(a, e, float(rng.uniform(0.5, 1.0))) for a in apps for e in experts]
    return make_problem(apps, experts, scores, per_app=3, max_load=3)


def test_seed_reproduces_and_different_seeds_differ():
    """The same seed gives the same pairs; two seeds give different ones."""
    problem = spread_problem()
    first = solve(problem, "randomized", max_prob=0.4, seed=11)
    again = solve(problem, "randomized", max_prob=0.4, seed=11)
    other = solve(problem, "randomized", max_prob=0.4, seed=12)
    pairs = [set(zip(r.pair_app.tolist(), r.pair_expert.tolist(), strict=True))
             for r in (first, again, other)]
    assert pairs[0] == pairs[1]
    assert pairs[0] != pairs[2]
    assert first.seed == 11


def test_empirical_marginals_approach_the_fractional_solution():
    """Over many draws each pair's frequency matches its probability."""
    problem = spread_problem()
    frac = probability_fraction(0.4)
    net = build_network(problem)
    flows = solve_flow(net, multiplier=frac.denominator, pair_upper=frac.numerator)
    target = flows[: net.n_pairs] / frac.denominator
    draws = 600
    counts = np.zeros(net.n_pairs)
    rng = np.random.default_rng(3)
    for _ in range(draws):
        rounded = round_flow(net, flows, frac.denominator, rng)
        assert np.all(rounded % frac.denominator == 0)
        counts += rounded[: net.n_pairs] / frac.denominator
    # Binomial standard error at p ≤ 0.4 over 600 draws is at most 0.02; allow 5 of them.
    assert np.max(np.abs(counts / draws - target)) < 0.1
    assert target.max() <= 0.4


def test_probability_fraction_never_exceeds_q():
    """The rational cap used by the flow is at most the requested Q."""
    for q in (0.3333, 0.5, 0.123456, 0.999, 2.0):
        assert float(probability_fraction(q)) <= min(q, 1.0)
