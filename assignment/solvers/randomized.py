"""Randomized assignment (Jecmen et al., NeurIPS 2020): best expected affinity with every pair's
probability at most Q, then one draw whose pair marginals are exactly those probabilities.

The fractional optimum is itself a flow: with Q = p/q, multiply every bound by q and cap
each pair arc at p. The draw rounds that flow along cycles of fractional arcs, moving each
cycle up or down with the probabilities that keep every arc's expectation, so each pair is
chosen with probability exactly its fractional value and every bound still holds.
"""

from __future__ import annotations

import secrets
import time
from fractions import Fraction

import numpy as np

from assignment.diagnostics import explain_infeasible
from assignment.problem import Diagnostic, Problem, Result
from assignment.solvers.common import infeasible_result, make_result
from assignment.solvers.network import Network, build_network, solve_flow
from assignment.solvers.stopping import ShouldStop, checkpoint, never

_MAX_DENOMINATOR = 1000
# Rounding cycles between two polls of `should_stop`.
_CYCLES_PER_CHECK = 64


def probability_fraction(max_prob: float) -> Fraction:
    """The largest fraction with denominator ≤ 1000 that does not exceed `max_prob` (≤ 1)."""
    if not 0 < max_prob:
        raise ValueError("max_prob must be positive")
    if max_prob >= 1:
        return Fraction(1)
    frac = Fraction(max_prob).limit_denominator(_MAX_DENOMINATOR)
    if frac > max_prob:
        frac = Fraction(int(max_prob * _MAX_DENOMINATOR), _MAX_DENOMINATOR)
    return frac


def solve_randomized(problem: Problem, max_prob: float, seed: int | None = None,
                     should_stop: ShouldStop = never) -> Result:
    """Maximise expected affinity with pair probabilities ≤ `max_prob`, then draw with `seed`.

    `should_stop` is polled around the flow and every few cycles of the rounding.
    """
    started = time.perf_counter()
    frac = probability_fraction(max_prob)
    if frac == 0:
        raise ValueError("max_prob is below 1/1000")
    p, q = frac.numerator, frac.denominator
    net = build_network(problem)
    checkpoint(should_stop)
    flows = solve_flow(net, multiplier=q, pair_upper=p)
    checkpoint(should_stop)
    if flows is None:
        found = explain_infeasible(problem, net)
        if solve_flow(net) is not None:
            found = [Diagnostic(
                "max_prob_too_low",
                f"每对分配概率上限 {float(frac):g} 过低：可用专家不足以分散评审，请提高上限",
                f"the pair probability cap {float(frac):g} is too low for the eligible "
                f"experts to spread the reviews; raise it",
            )]
        return infeasible_result(problem, "randomized", found, started)
    seed = secrets.randbits(32) if seed is None else seed
    rounded = round_flow(net, flows, q, np.random.default_rng(seed), should_stop)
    marginals = np.zeros(len(problem.pair_app))
    marginals[net.pairs] = flows[: net.n_pairs] / q
    chosen = net.pairs[rounded[: net.n_pairs] == q]
    # The LP optimum bounds the expected objective; a single draw may land above or below.
    expected = float(marginals @ problem.pair_score)
    return make_result(
        problem, chosen, "randomized", "optimal", expected + len(chosen) / net.scale, started,
        seed=seed, max_prob=float(frac), expected_objective=expected, marginals=marginals,
    )


def round_flow(net: Network, flows: np.ndarray, q: int, rng: np.random.Generator,
               should_stop: ShouldStop = never) -> np.ndarray:
    """Round a flow in units of 1/q to multiples of q along cycles, keeping every arc's mean.

    Every node's net flow is a multiple of q, so a node touching a fractional arc touches
    at least two: walking along fractional arcs always closes a cycle.
    """
    value = flows.astype(np.int64).copy()
    tail, head = net.tail, net.head
    frac_arcs = np.flatnonzero(value % q)
    incident: dict[int, set[int]] = {}
    for arc in frac_arcs.tolist():
        incident.setdefault(int(tail[arc]), set()).add(arc)
        incident.setdefault(int(head[arc]), set()).add(arc)
    cycles = 0
    while incident:
        cycles += 1
        if cycles % _CYCLES_PER_CHECK == 0:
            checkpoint(should_stop)
        cycle = _find_cycle(incident, tail, head)
        forward = np.asarray([tail[arc] == node for node, arc in cycle])
        arcs = np.asarray([arc for _, arc in cycle])
        v = value[arcs]
        up_room = np.where(forward, q - v % q, v % q)
        down_room = np.where(forward, v % q, q - v % q)
        alpha, beta = int(up_room.min()), int(down_room.min())
        step = alpha if rng.random() * (alpha + beta) < beta else -beta
        value[arcs] = v + np.where(forward, step, -step)
        for arc in arcs[value[arcs] % q == 0].tolist():
            for node in (int(tail[arc]), int(head[arc])):
                incident[node].discard(arc)
                if not incident[node]:
                    del incident[node]
    return value


def _find_cycle(
    incident: dict[int, set[int]], tail: np.ndarray, head: np.ndarray
) -> list[tuple[int, int]]:
    """A cycle of fractional arcs as (node it leaves from, arc) steps."""
    node = next(iter(incident))
    seen: dict[int, int] = {}
    path: list[tuple[int, int]] = []
    previous = -1
    while node not in seen:
        seen[node] = len(path)
        arc = next(a for a in incident[node] if a != previous)
        path.append((node, arc))
        node = int(head[arc]) if tail[arc] == node else int(tail[arc])
        previous = arc
    return path[seen[node]:]
