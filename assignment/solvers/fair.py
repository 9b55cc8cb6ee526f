"""Fair assignment: raise the worst-off application's affinity sum as high as it goes, then
maximise the total without lowering it (the goal of PeerReview4All and FairFlow).

Max-min is not a flow, so the integral step is a HiGHS MIP, but over a small column set:
each application's best candidates, the max-sum assignment's pairs and the locked pairs.
Lagrangian min-cost flows over every usable pair keep that honest (`fair_bounds`):

1. Bound the worst sum: the LP "maximise the worst sum" over the columns gives a level t
   and multipliers λ; a λ-weighted flow over all pairs bounds the worst sum, and the
   pairs it uses join the columns until the bound meets the LP (column generation). Each
   application's best panel alone is a second, cheap bound.
2. Price the total: the same for the LP "maximise the total with every application ≥ t",
   whose multipliers μ price all pairs in a (1 + μ)-weighted flow, a bound on the total.
3. Reach it: the MIP "maximise the total with every application ≥ t" at that level; only
   if it finds nothing, at lower t by bisection down to the max-sum assignment's worst
   sum, which is always reachable.

`bound` is the proven upper bound on the worst sum. `status` is `optimal` only when the
worst sum meets it and the total is proven maximal at that level within the MIP gap;
otherwise `feasible`, with a non-blocking diagnostic saying what is proven.
"""

from __future__ import annotations

import time

import numpy as np

from assignment.problem import Diagnostic, Problem, Result
from assignment.solvers.common import infeasible_result, make_result
from assignment.solvers.fair_bounds import individual_bound, total_bound, worst_bound
from assignment.solvers.fair_programme import (
    TOLERANCE,
    Programme,
    build_programme,
    total_lp,
    total_mip,
    worst_lp,
)
from assignment.solvers.flow import solve_sum
from assignment.solvers.network import Network, build_network

# Columns per application to start from: this many best candidates, or COLUMNS_PER_SLOT
# per expert it needs, whichever is more.
COLUMNS_MIN = 20
COLUMNS_PER_SLOT = 4
MIP_GAP = 1e-4
_ROUNDS = 6
_BISECTIONS = 8
# Even out of time, an LP gets this long: without its level there is nothing to aim at.
_LP_SECONDS = 1.0
# The worst sum is proven optimal when within this (relative above 1) of the bound; it
# stays well above HiGHS' feasibility tolerance of 1e-6 and the flows' cost rounding.
_GAP = 1e-5


def solve_fair(problem: Problem, time_limit: float = 120.0) -> Result:
    """Max-min application sum, then the max total at that level, within `time_limit` seconds.

    The result's `bound` is the proven upper bound on the worst application sum.
    """
    started = time.perf_counter()
    deadline = started + time_limit
    floor = solve_sum(problem)
    if floor.status == "infeasible":
        return infeasible_result(problem, "fair", list(floor.diagnostics), started)
    floor_pairs = _pairs_of(problem, floor)
    if not (problem.demand > 0).any():
        return make_result(problem, floor_pairs, "fair", "optimal", 0.0, started)
    net = build_network(problem)
    columns = _initial_columns(problem, net.pairs, floor_pairs)
    # Bounds only refine; most of the time is kept for the MIPs that find assignments.
    prog, level, bound = _bound_worst(problem, net, columns, floor.min_app_score,
                                      started + time_limit * 0.25)
    prog, upper = _price_total(problem, net, prog, level, started + time_limit * 0.4)

    chosen, proven, found_at, refuted = _raise_worst(prog, floor_pairs, floor.min_app_score,
                                                     level, deadline)
    complete = len(prog.pairs) == net.n_pairs
    worst = _worst(problem, chosen)
    if complete:
        # Over every usable pair, a MIP's "no assignment reaches t" is a proof.
        bound = min(bound, max(refuted, worst))
    bound = float(max(bound, worst))
    if found_at < level and time.perf_counter() < deadline:
        # Below the LP level more assignments qualify: the total needs its own bound.
        upper = _total_upper(problem, net, prog, found_at, deadline)[0]
    elif found_at < level:
        upper = np.inf
    total = float(problem.pair_score[chosen].sum())
    worst_proven = worst >= bound - _GAP * max(1.0, abs(bound))
    total_proven = (complete and proven) or total >= upper - MIP_GAP * max(1.0, abs(upper))
    if worst_proven and total_proven:
        return make_result(problem, chosen, "fair", "optimal", bound, started)
    note = _unproven_note(worst, bound, total, upper)
    return make_result(problem, chosen, "fair", "feasible", bound, started,
                       diagnostics=(note,))


def _initial_columns(problem: Problem, usable: np.ndarray, floor_pairs: np.ndarray) -> np.ndarray:
    """Each app's best usable candidates (and best external ones), max-sum pairs, locked pairs."""
    order = np.lexsort((-problem.pair_score[usable], problem.pair_app[usable]))
    ranked = usable[order]
    ranked_apps = problem.pair_app[ranked]
    rank = np.arange(len(ranked)) - np.searchsorted(ranked_apps, ranked_apps)
    wanted = np.maximum(COLUMNS_MIN, COLUMNS_PER_SLOT * problem.demand)
    keep = [ranked[rank < wanted[ranked_apps]], floor_pairs, usable[problem.locked[usable]]]
    if problem.require_external:
        ext = ranked[problem.expert_external[problem.pair_expert[ranked]]]
        ext_apps = problem.pair_app[ext]
        ext_rank = np.arange(len(ext)) - np.searchsorted(ext_apps, ext_apps)
        keep.append(ext[ext_rank < problem.demand[ext_apps]])
    return np.unique(np.concatenate(keep))


def _bound_worst(
    problem: Problem, net: Network, columns: np.ndarray, floor_worst: float, deadline: float
) -> tuple[Programme, float, float]:
    """Column generation on the worst-sum LP: the programme, its LP optimum, a proven bound.

    The LP optimum is the level the MIP aims at; if HiGHS fails on the LP, the max-sum
    worst sum stands in for it.
    """
    bound = individual_bound(problem)
    level = floor_worst
    for _ in range(_ROUNDS):
        prog = build_programme(problem, columns)
        solved = worst_lp(prog, max(deadline - time.perf_counter(), _LP_SECONDS))
        if solved is None:
            break
        level, lam = solved
        if bound <= level + _GAP * max(1.0, abs(level)) or time.perf_counter() >= deadline:
            break
        found, chosen = worst_bound(problem, net, lam)
        bound = min(bound, found)
        grown = np.union1d(columns, chosen)
        if bound <= level + _GAP * max(1.0, abs(level)) or len(grown) == len(columns):
            break
        columns = grown
    return prog, level, max(bound, level)


def _raise_worst(
    prog: Programme, floor_pairs: np.ndarray, floor_worst: float, level: float, deadline: float
) -> tuple[np.ndarray, bool, float, float]:
    """The best MIP's pairs, whether HiGHS proved them, the level t asked, the lowest refuted.

    A refuted level counts only over the programme's columns. The MIP runs at the LP
    level, then, only if it finds nothing there, at lower levels by bisection. Each MIP
    maximises the total: on hard calls HiGHS reaches a level sooner that way than when
    asked for any assignment at all.
    """
    # The LP optimum may be out of integral reach and slow to refute: keep time for bisection.
    outcome = total_mip(prog, level, (deadline - time.perf_counter()) * 0.5, MIP_GAP)
    if outcome.chosen is not None:
        return outcome.chosen, outcome.proven, level, np.inf
    refuted = level if outcome.infeasible else np.inf
    # The max-sum pairs are columns, so its worst sum is reachable and its total maximal.
    best, proven, found_at = floor_pairs, True, floor_worst
    low, ceiling = floor_worst, level
    for attempt in range(_BISECTIONS + 1):
        step = _GAP * max(1.0, abs(low))
        if time.perf_counter() >= deadline or ceiling - low <= step:
            break
        # The last try closes the gap: nothing strictly above `low` makes `low` the max-min.
        middle = max((low + ceiling) / 2, low + step) if attempt < _BISECTIONS else low + step
        outcome = total_mip(prog, middle, deadline - time.perf_counter(), MIP_GAP)
        if outcome.chosen is None:
            ceiling = middle
            refuted = min(refuted, middle) if outcome.infeasible else refuted
            continue
        best, proven, found_at = outcome.chosen, outcome.proven, middle
        low = _programme_worst(prog, best)
    return best, proven, found_at, refuted


def _price_total(
    problem: Problem, net: Network, prog: Programme, level: float, deadline: float
) -> tuple[Programme, float]:
    """Column generation on the LP "max total with every app sum ≥ level" before the MIP.

    Returns the grown programme and the lowest proven bound on that total over all pairs.
    """
    upper = np.inf
    for _ in range(_ROUNDS):
        if time.perf_counter() >= deadline:
            break
        found, chosen, relaxed = _total_upper(problem, net, prog, level, deadline)
        upper = min(upper, found)
        grown = np.union1d(prog.pairs, chosen)
        # Once the columns carry the LP over all pairs, more columns do not help the MIP.
        if found - relaxed <= MIP_GAP * max(1.0, abs(found)) or len(grown) == len(prog.pairs):
            break
        prog = build_programme(problem, grown)
    return prog, upper


def _total_upper(
    problem: Problem, net: Network, prog: Programme, level: float, deadline: float
) -> tuple[float, np.ndarray, float]:
    """A bound on the total at `level` over all pairs, its flow's pairs, the programme's LP.

    The programme's LP multipliers price every pair in one Lagrangian flow.
    """
    relaxed = total_lp(prog, level, max(deadline - time.perf_counter(), _LP_SECONDS))
    if relaxed is None:
        return np.inf, prog.pairs, np.inf
    found, chosen = total_bound(problem, net, relaxed[1], level - TOLERANCE)
    return found, chosen, relaxed[0]


def _unproven_note(worst: float, bound: float, total: float, upper: float) -> Diagnostic:
    """A non-blocking diagnostic: how far the worst sum and the total may be from optimal."""
    gap = (upper - total) / max(abs(upper), 1e-12) if np.isfinite(upper) else None
    total_zh = f"总分距可证上界 {gap:.3%} 以内" if gap is not None else "总分未证明最优"
    total_en = (f"the total is within {gap:.3%} of a proven upper bound" if gap is not None
                else "the total is not proven maximal")
    return Diagnostic(
        "fair_not_proven",
        f"最差项目得分 {worst:.6g}，可证上界 {bound:.6g}；{total_zh}",
        f"worst application sum {worst:.6g}, proven upper bound {bound:.6g}; {total_en}",
        blocking=False,
    )


def _programme_worst(prog: Programme, chosen: np.ndarray) -> float:
    """The worst served app sum of the chosen pairs (all of which are programme columns)."""
    x = np.isin(prog.pairs, chosen).astype(float)
    return float((prog.app_sums @ x).min())


def _worst(problem: Problem, chosen: np.ndarray) -> float:
    """The worst served application sum of the candidate pairs at indices `chosen`."""
    sums = np.bincount(problem.pair_app[chosen], problem.pair_score[chosen], problem.n_apps)
    return float(sums[problem.demand > 0].min())


def _pairs_of(problem: Problem, result: Result) -> np.ndarray:
    """Indices into the problem's candidate pairs of the pairs a result assigned."""
    keys = problem.pair_app.astype(np.int64) * problem.n_experts + problem.pair_expert
    wanted = result.pair_app.astype(np.int64) * problem.n_experts + result.pair_expert
    return np.flatnonzero(np.isin(keys, wanted))
