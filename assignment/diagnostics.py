"""Why an assignment cannot be made, in words staff can act on (Chinese and English).

`check` runs before solving and finds the local causes: an application with too few
eligible experts (and why: conflicts, outside its field, unavailable, same unit, no
external expert), loads that cannot cover the demand, broken locks. `explain_infeasible`
runs when the solver still finds no assignment and names the group of applications that
compete for too few experts (a minimum cut of the flow network).
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import max_flow

from assignment.problem import Diagnostic, Problem
from assignment.solvers.network import Network

_MAX_LISTED = 10


def check(problem: Problem) -> list[Diagnostic]:
    """Local reasons the problem is infeasible; an empty list when none is found."""
    found: list[Diagnostic] = []
    usable = problem.usable_mask()
    forbidden = problem.forbidden_mask()
    n_apps, n_experts = problem.n_apps, problem.n_experts
    candidates = np.bincount(problem.pair_app, minlength=n_apps)
    eligible = np.bincount(problem.pair_app[usable], minlength=n_apps)
    conflicts = np.bincount(problem.forbidden_app, minlength=n_apps)
    unavailable = np.bincount(
        problem.pair_app[~forbidden & ~problem.available[problem.pair_expert]], minlength=n_apps)
    for a in np.flatnonzero(eligible < problem.demand):
        app, need = problem.app_ids[a], int(problem.demand[a])
        outside = n_experts - int(candidates[a])
        found.append(Diagnostic(
            "too_few_experts",
            f"项目 {app}：仅有 {eligible[a]} 名可用专家（{conflicts[a]} 名因回避排除，"
            f"{outside} 名不属于其领域，{unavailable[a]} 名不可用），需要 {need} 名",
            f"application {app}: only {eligible[a]} eligible experts ({conflicts[a]} conflicts, "
            f"{outside} outside its field, {unavailable[a]} unavailable), needs {need}",
            app_id=app,
        ))
    u_app, u_exp = problem.pair_app[usable], problem.pair_expert[usable]
    if problem.one_per_unit:
        unit = problem.expert_unit[u_exp]
        # Experts without a recorded unit each count as a unit of their own.
        unit_key = np.where(unit >= 0, unit, -1 - u_exp)
        distinct = np.unique(np.stack([u_app, unit_key]), axis=1)[0]
        n_units = np.bincount(distinct, minlength=n_apps)
        for a in np.flatnonzero((n_units < problem.demand) & (eligible >= problem.demand)):
            app, need = problem.app_ids[a], int(problem.demand[a])
            found.append(Diagnostic(
                "too_few_units",
                f"项目 {app}：可用专家只来自 {n_units[a]} 个单位，"
                f"同一单位至多 1 名，需要 {need} 名",
                f"application {app}: eligible experts come from only {n_units[a]} units "
                f"(at most one per unit), needs {need}",
                app_id=app,
            ))
    if problem.require_external:
        n_ext = np.bincount(u_app[problem.expert_external[u_exp]], minlength=n_apps)
        for a in np.flatnonzero((n_ext == 0) & (problem.demand > 0)):
            app = problem.app_ids[a]
            found.append(Diagnostic(
                "no_external_expert",
                f"项目 {app}：没有可用的疆外专家，至少需要 1 名",
                f"application {app}: no eligible expert from outside the home region, needs 1",
                app_id=app,
            ))
    found.extend(_check_loads(problem, usable))
    found.extend(_check_locks(problem, usable))
    return found


def _check_loads(problem: Problem, usable: np.ndarray) -> list[Diagnostic]:
    """Loads that cannot cover the demand, or minimum loads that cannot be met."""
    found = []
    avail = problem.available
    demand = int(problem.demand.sum())
    capacity = int(problem.max_load[avail].sum())
    if capacity < demand:
        found.append(Diagnostic(
            "capacity_short",
            f"专家评审容量合计 {capacity}，需求 {demand}，缺少 {demand - capacity} 个评审名额",
            f"experts can take {capacity} reviews in total but {demand} are needed: "
            f"{demand - capacity} missing",
        ))
    floor = int(problem.min_load[avail].sum())
    if floor > demand:
        found.append(Diagnostic(
            "min_load_excess",
            f"专家最少评审数合计 {floor}，超过评审名额 {demand}",
            f"minimum loads add up to {floor}, more than the {demand} reviews needed",
        ))
    per_expert = np.bincount(problem.pair_expert[usable], minlength=problem.n_experts)
    reachable = np.minimum(per_expert, problem.max_load)
    for e in np.flatnonzero(avail & (problem.min_load > reachable)):
        expert = problem.expert_ids[e]
        found.append(Diagnostic(
            "min_load_unreachable",
            f"专家 {expert}：最少评审 {problem.min_load[e]} 项，但只能评审 {reachable[e]} 项",
            f"expert {expert}: minimum load {problem.min_load[e]} but can review only "
            f"{reachable[e]}",
            expert_id=expert,
        ))
    return found


def _check_locks(problem: Problem, usable: np.ndarray) -> list[Diagnostic]:
    """Locked pairs that are now forbidden, or more locks than an app or expert takes."""
    found = []
    for n in np.flatnonzero(problem.locked & ~usable):
        app = problem.app_ids[problem.pair_app[n]]
        expert = problem.expert_ids[problem.pair_expert[n]]
        found.append(Diagnostic(
            "locked_pair_blocked",
            f"锁定的分配 {app}–{expert} 现已回避或专家不可用：请先解除锁定",
            f"locked pair {app}–{expert} is now a conflict or the expert is unavailable: "
            f"unlock it first",
            app_id=app, expert_id=expert,
        ))
    locks = problem.locked
    per_app = np.bincount(problem.pair_app[locks], minlength=problem.n_apps)
    for a in np.flatnonzero(per_app > problem.demand):
        app = problem.app_ids[a]
        found.append(Diagnostic(
            "too_many_locks",
            f"项目 {app}：锁定 {per_app[a]} 名专家，超过所需 {problem.demand[a]} 名",
            f"application {app}: {per_app[a]} locked experts, more than the "
            f"{problem.demand[a]} it needs",
            app_id=app,
        ))
    per_expert = np.bincount(problem.pair_expert[locks], minlength=problem.n_experts)
    for e in np.flatnonzero(per_expert > problem.max_load):
        expert = problem.expert_ids[e]
        found.append(Diagnostic(
            "too_many_locks",
            f"专家 {expert}：锁定 {per_expert[e]} 项，超过其最多评审数 {problem.max_load[e]}",
            f"expert {expert}: {per_expert[e]} locked pairs, more than the maximum load "
            f"{problem.max_load[e]}",
            expert_id=expert,
        ))
    return found


def explain_infeasible(problem: Problem, net: Network) -> list[Diagnostic]:
    """Name the applications that compete for too few experts, or the lower bounds at fault."""
    n = net.n_nodes
    source = n
    smf = max_flow.SimpleMaxFlow()
    apps = np.arange(problem.n_apps)
    smf.add_arcs_with_capacity(np.r_[np.full(len(apps), source), net.tail],
                               np.r_[apps, net.head], np.r_[problem.demand, net.upper])
    sink = problem.n_apps + problem.n_experts
    smf.solve(source, sink)
    demand = int(problem.demand.sum())
    got = int(smf.optimal_flow())
    if got >= demand:
        return [Diagnostic(
            "lower_bounds",
            "每个项目都能配满专家，但最少评审数、疆外专家要求或锁定的分配无法同时满足",
            "every application can be filled, but the minimum loads, the out-of-region rule "
            "or the locked pairs cannot all hold together",
        )]
    cut = np.asarray(smf.get_source_side_min_cut(), dtype=np.int64)
    group = np.sort(cut[cut < problem.n_apps])
    listed = ", ".join(problem.app_ids[a] for a in group[:_MAX_LISTED])
    more = f" …(+{len(group) - _MAX_LISTED})" if len(group) > _MAX_LISTED else ""
    return [Diagnostic(
        "competing_applications",
        f"{len(group)} 个项目（{listed}{more}）共同竞争的专家不足："
        f"总计缺少 {demand - got} 个评审名额，"
        f"请增加这些领域的专家或提高其最多评审数",
        f"{len(group)} applications ({listed}{more}) compete for too few experts: "
        f"{demand - got} reviews missing in total; add experts in these fields or raise "
        f"their maximum loads",
    )]
