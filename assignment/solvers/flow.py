"""Max-sum assignment (the app's "optimal" mode): one exact min-cost flow."""

from __future__ import annotations

import time

from assignment.diagnostics import explain_infeasible
from assignment.problem import Problem, Result
from assignment.solvers.common import infeasible_result, make_result
from assignment.solvers.network import build_network, solve_flow
from assignment.solvers.stopping import ShouldStop, checkpoint, never


def solve_sum(problem: Problem, should_stop: ShouldStop = never) -> Result:
    """Maximise total affinity under every constraint; exact up to the cost scaling.

    Costs are affinities times `scale` rounded to integers, so the chosen set's total is
    within `assignments / scale` of the true optimum; that bound is reported. The flow is
    one OR-Tools call: `should_stop` is polled before and after it.
    """
    started = time.perf_counter()
    net = build_network(problem)
    checkpoint(should_stop)
    flows = solve_flow(net)
    checkpoint(should_stop)
    if flows is None:
        return infeasible_result(problem, "sum", explain_infeasible(problem, net), started)
    chosen = net.pairs[flows[: net.n_pairs] > 0]
    total = float(problem.pair_score[chosen].sum())
    return make_result(problem, chosen, "sum", "optimal", total + len(chosen) / net.scale,
                       started)
