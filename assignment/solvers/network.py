"""The assignment as a min-cost flow network with lower bounds (the laminar panel gadgets).

Path of one unit of flow: application → {external, local} group node (lower bound 1 on
external when the call requires an out-of-region expert) → (application, unit) node
(capacity 1 when at most one expert per unit) → expert → sink (lower bound min load,
capacity max load). A unit lies wholly inside or outside the home region, so the two
rules nest and stay a flow; gadget nodes exist only where a rule is switched on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from assignment.problem import Problem

# OR-Tools multiplies costs by (nodes + 1) internally; keep that product far below 2**63.
_COST_HEADROOM = 2.0**56
_MAX_SCALE = 1e9


@dataclass(frozen=True)
class Network:
    """Arcs of the flow network; arcs [0, n_pairs) are the usable candidate pairs in order."""

    n_nodes: int
    tail: np.ndarray
    head: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    cost: np.ndarray
    supply: np.ndarray
    pairs: np.ndarray  # indices into the problem's candidate pairs, one per pair arc
    scale: float

    @property
    def n_pairs(self) -> int:
        """Number of pair arcs (the first arcs of the network)."""
        return len(self.pairs)


def cost_scale(scores: np.ndarray, n_nodes: int) -> float:
    """The factor that turns float affinities into int64 costs without overflow."""
    biggest = float(np.abs(scores).max()) if len(scores) else 1.0
    return min(_MAX_SCALE, _COST_HEADROOM / (max(biggest, 1e-12) * (n_nodes + 1)))


def build_network(problem: Problem) -> Network:
    """The flow network of `problem` over its usable pairs (not forbidden, expert available)."""
    n_apps, n_experts = problem.n_apps, problem.n_experts
    pairs = np.flatnonzero(problem.usable_mask())
    p_app = problem.pair_app[pairs]
    p_exp = problem.pair_expert[pairs]
    demand = problem.demand
    sink = n_apps + n_experts
    next_node = sink + 1
    tails, heads, lowers, uppers = [], [], [], []

    def add(tail: np.ndarray, head: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        """Queue a block of arcs (cost 0 unless they are the pair arcs)."""
        tails.append(np.asarray(tail, dtype=np.int64))
        heads.append(np.asarray(head, dtype=np.int64))
        lowers.append(np.asarray(lower, dtype=np.int64))
        uppers.append(np.asarray(upper, dtype=np.int64))

    parent = p_app.astype(np.int64)
    apps = np.arange(n_apps, dtype=np.int64)
    ext = problem.expert_external[p_exp].astype(np.int64)
    if problem.require_external:
        group_base = next_node
        next_node += 2 * n_apps
        need = np.minimum(demand, 1)
        add(apps, group_base + 2 * apps + 1, need, demand)
        add(apps, group_base + 2 * apps, np.zeros(n_apps), demand - need)
        parent = group_base + 2 * p_app + ext
    if problem.one_per_unit:
        unit = problem.expert_unit[p_exp]
        has_unit = unit >= 0
        keys = p_app * (int(unit.max(initial=0)) + 1) + np.maximum(unit, 0)
        uniq, inverse = np.unique(keys[has_unit], return_inverse=True)
        first = np.flatnonzero(has_unit)[np.unique(inverse, return_index=True)[1]]
        au_nodes = next_node + np.arange(len(uniq))
        next_node += len(uniq)
        add(parent[first], au_nodes, np.zeros(len(uniq)), np.ones(len(uniq)))
        parent = parent.copy()
        parent[has_unit] = au_nodes[inverse]
    pair_lower = problem.locked[pairs].astype(np.int64)
    pair_block = (parent, sink - n_experts + p_exp, pair_lower, np.ones(len(pairs)))
    experts = np.arange(n_experts, dtype=np.int64)
    add(n_apps + experts, np.full(n_experts, sink),
        np.where(problem.available, problem.min_load, 0), problem.max_load)

    supply = np.zeros(next_node, dtype=np.int64)
    supply[:n_apps] = demand
    supply[sink] = -int(demand.sum())
    scale = cost_scale(problem.pair_score[pairs], next_node)
    pair_cost = -np.rint(problem.pair_score[pairs] * scale).astype(np.int64)
    n_other = sum(len(t) for t in tails)
    return Network(
        n_nodes=next_node,
        tail=np.concatenate([pair_block[0].astype(np.int64), *tails]),
        head=np.concatenate([pair_block[1].astype(np.int64), *heads]),
        lower=np.concatenate([pair_block[2], *lowers]),
        upper=np.concatenate([pair_block[3].astype(np.int64), *uppers]),
        cost=np.concatenate([pair_cost, np.zeros(n_other, dtype=np.int64)]),
        supply=supply,
        pairs=pairs,
        scale=scale,
    )


def solve_flow(
    net: Network, multiplier: int = 1, pair_upper: int | None = None
) -> np.ndarray | None:
    """Min-cost flow on `net` with every bound and supply times `multiplier`; None if infeasible.

    `pair_upper` caps each unlocked pair arc (in the multiplied units), which is how the
    randomized mode bounds every pair's probability. Returns the flow on every arc.
    """
    lower = net.lower * multiplier
    upper = net.upper * multiplier
    if pair_upper is not None:
        pairs = slice(0, net.n_pairs)
        upper[pairs] = np.where(net.lower[pairs] > 0, upper[pairs], np.minimum(upper[pairs],
                                                                                 pair_upper))
    if np.any(upper < lower):
        return None
    # Lower bounds: pre-send `lower` along each arc and move it into the node supplies.
    supply = net.supply * multiplier
    supply = supply - np.bincount(net.tail, lower, net.n_nodes).astype(np.int64)
    supply = supply + np.bincount(net.head, lower, net.n_nodes).astype(np.int64)
    smcf = min_cost_flow.SimpleMinCostFlow()
    arcs = smcf.add_arcs_with_capacity_and_unit_cost(net.tail, net.head, upper - lower, net.cost)
    smcf.set_nodes_supplies(np.arange(net.n_nodes), supply)
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        if status in (smcf.INFEASIBLE, smcf.UNBALANCED):
            return None
        raise RuntimeError(f"min-cost flow failed with status {status}")
    flows: np.ndarray = smcf.flows(arcs) + lower
    return flows
