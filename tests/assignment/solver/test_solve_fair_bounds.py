"""Fair mode's pieces: Lagrangian flow bounds hold for any multipliers; the programmes agree
with exhaustive search."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from assignment.solvers.fair_bounds import individual_bound, total_bound, worst_bound
from assignment.solvers.fair_programme import build_programme, total_mip, worst_lp
from assignment.solvers.network import build_network
from tests.helpers.solver import planted_problem, valid_assignments

seeds = st.integers(0, 2**32 - 1)


def _feasible(seed, one_per_unit, require_external):
    """A tiny problem, feasible by construction, and all its valid (worst, total) pairs."""
    problem, _ = planted_problem(seed, one_per_unit, require_external, size=(3, 5, 2))
    found = valid_assignments(problem)
    assert found and (problem.demand > 0).any()
    return problem, found


@settings(max_examples=60, deadline=None)
@given(seeds, st.booleans(), st.booleans(), st.lists(st.floats(0, 1), min_size=3, max_size=3))
def test_worst_bounds_hold_for_any_multipliers(seed, one_per_unit, require_external, lam):
    """The individual and λ-flow bounds are at least the true max-min worst sum."""
    problem, found = _feasible(seed, one_per_unit, require_external)
    best_worst = max(w for w, _ in found)
    assert individual_bound(problem) >= best_worst - 1e-9
    served = problem.demand > 0
    weights = np.asarray(lam)[: problem.n_apps][served]
    bound, chosen = worst_bound(problem, build_network(problem), weights)
    assert bound >= best_worst - 1e-9
    assert np.isin(chosen, np.flatnonzero(problem.usable_mask())).all()


@settings(max_examples=60, deadline=None)
@given(seeds, st.booleans(), st.booleans(), st.lists(st.floats(0, 5), min_size=3, max_size=3))
def test_total_bound_holds_for_any_multipliers(seed, one_per_unit, require_external, mu):
    """At any reachable level t, the μ-flow bound is at least the best total with worst ≥ t."""
    problem, found = _feasible(seed, one_per_unit, require_external)
    weights = np.asarray(mu)[: problem.n_apps][problem.demand > 0]
    for t in sorted({w for w, _ in found}):
        best_total = max(total for w, total in found if w >= t - 1e-12)
        bound, _ = total_bound(problem, build_network(problem), weights, t)
        assert bound >= best_total - 1e-9


@settings(max_examples=60, deadline=None)
@given(seeds, st.booleans(), st.booleans())
def test_programmes_over_all_pairs_match_exhaustive_search(seed, one_per_unit, require_external):
    """The worst-sum LP bounds the max-min; the MIP at the max-min finds the best total."""
    problem, found = _feasible(seed, one_per_unit, require_external)
    best_worst = max(w for w, _ in found)
    best_total = max(total for w, total in found if w >= best_worst - 1e-12)
    prog = build_programme(problem, np.flatnonzero(problem.usable_mask()))
    level, lam = worst_lp(prog, time_limit=10)
    assert level >= best_worst - 1e-7
    assert np.all(lam >= -1e-9) and abs(lam.sum() - 1) < 1e-6
    outcome = total_mip(prog, best_worst, time_limit=10, gap=1e-9)
    assert outcome.proven and outcome.chosen is not None
    assert abs(problem.pair_score[outcome.chosen].sum() - best_total) < 1e-6
