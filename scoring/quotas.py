"""Funding lines with quotas (CP-SAT feasibility walk) and the knapsack comparison.

With quotas (at least / at most so many per direction or partner province, or at most
so much money), the ranking is walked best first and each application is fixed as funded
whenever some completion of the list still satisfies the budget and every quota, else as
not funded. The result is the best list in rank order that can meet the quotas.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scoring.funding import FundingLine, validate_inputs
from scoring.ordering import SCORE_DECIMALS, Candidate

KNAPSACK_WARNING = (
    "仅供比较：在预算内使总分最大会资助许多低价项目而挤掉更好的高价项目，不能作为立项名单。"
    " Comparison only: maximising the total score under the budget funds many cheap "
    "projects over better expensive ones; do not use it as the funding list."
)


@dataclass(frozen=True)
class Quota:
    """Bounds on the funded applications of one group."""

    group: str
    min_count: int = 0
    max_count: int | None = None
    max_yuan: int | None = None


class QuotaInfeasible(ValueError):
    """No funding list fits the budget and meets every quota."""


def _build(
    candidates: Sequence[Candidate], budget_yuan: int, quotas: Sequence[Quota]
) -> tuple[cp_model.CpModel, list[cp_model.IntVar]]:
    """Model: one Boolean per candidate, the budget and every quota."""
    # Data
    model = cp_model.CpModel()
    chosen = [model.new_bool_var(f"fund_{i}") for i in range(len(candidates))]
    cost = [c.requested_yuan for c in candidates]
    # Constraints
    model.add(sum(cost[i] * x for i, x in enumerate(chosen)) <= budget_yuan)
    for quota in quotas:
        members = [i for i, c in enumerate(candidates) if quota.group in c.groups]
        count = sum(chosen[i] for i in members)
        if quota.min_count:
            model.add(count >= quota.min_count)
        if quota.max_count is not None:
            model.add(count <= quota.max_count)
        if quota.max_yuan is not None:
            model.add(sum(cost[i] * chosen[i] for i in members) <= quota.max_yuan)
    return model, chosen


def _solver(time_limit_s: float) -> cp_model.CpSolver:
    """A CP-SAT solver with a time limit and two workers (the machine is shared)."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = 2
    return solver


@dataclass(frozen=True)
class _Problem:
    """Costs, budget and quotas as flat lists for the walk."""

    cost: tuple[int, ...]
    budget_yuan: int
    quotas: tuple[Quota, ...]
    groups_of: tuple[tuple[int, ...], ...]  # quota indices per candidate
    max_count: tuple[float, ...]
    max_yuan: tuple[float, ...]

    @classmethod
    def of(
        cls, candidates: Sequence[Candidate], budget_yuan: int, quotas: Sequence[Quota]
    ) -> _Problem:
        """Flatten candidates and quotas."""
        return cls(
            cost=tuple(c.requested_yuan for c in candidates),
            budget_yuan=budget_yuan,
            quotas=tuple(quotas),
            groups_of=tuple(
                tuple(q for q, quota in enumerate(quotas) if quota.group in c.groups)
                for c in candidates
            ),
            max_count=tuple(math.inf if q.max_count is None else q.max_count for q in quotas),
            max_yuan=tuple(math.inf if q.max_yuan is None else q.max_yuan for q in quotas),
        )


class _Tally:
    """Money and per-quota counts of a set of candidates, updated one candidate at a time."""

    def __init__(self, problem: _Problem) -> None:
        """An empty set."""
        self.problem = problem
        self.chosen: set[int] = set()
        self.spent = 0
        self.counts = [0] * len(problem.quotas)
        self.money = [0] * len(problem.quotas)

    def copy(self) -> _Tally:
        """An independent copy."""
        other = _Tally(self.problem)
        other.chosen, other.spent = set(self.chosen), self.spent
        other.counts, other.money = list(self.counts), list(self.money)
        return other

    def add(self, index: int, sign: int = 1) -> None:
        """Add the candidate (or remove it with sign=-1)."""
        cost = self.problem.cost[index]
        if sign > 0:
            self.chosen.add(index)
        else:
            self.chosen.discard(index)
        self.spent += sign * cost
        for q in self.problem.groups_of[index]:
            self.counts[q] += sign
            self.money[q] += sign * cost

    def fits_with(self, index: int) -> bool:
        """Whether adding the candidate keeps the budget and the maxima."""
        p, cost = self.problem, self.problem.cost[index]
        if self.spent + cost > p.budget_yuan:
            return False
        return all(
            self.counts[q] < p.max_count[q] and self.money[q] + cost <= p.max_yuan[q]
            for q in p.groups_of[index]
        )

    def fits(self) -> bool:
        """Whether the set keeps the budget and every maximum."""
        p = self.problem
        return self.spent <= p.budget_yuan and all(
            c <= mc and m <= my
            for c, m, mc, my in zip(self.counts, self.money, p.max_count, p.max_yuan, strict=True)
        )

    def can_drop(self, index: int) -> bool:
        """Whether removing the candidate keeps every minimum."""
        p = self.problem
        return all(self.counts[q] > p.quotas[q].min_count for q in p.groups_of[index])

    def meets_minimums(self) -> bool:
        """Whether the set has every quota's minimum count."""
        return all(c >= q.min_count for c, q in zip(self.counts, self.problem.quotas, strict=True))


def _minimums_out_of_reach(
    funded: _Tally, index: int, decided: set[int], cheapest: list[list[int]]
) -> bool:
    """Whether funding index surely leaves too little money or too few members for the minimums.

    cheapest lists each quota's members by rising cost. The money the minimums still
    need is at least the largest per-group need, or the sum when the groups share no
    undecided candidate; either way a relaxation, so True is a proof and False is not.
    """
    problem = funded.problem
    trial = funded.copy()
    trial.add(index)
    left = problem.budget_yuan - trial.spent
    needs: list[int] = []
    seen: set[int] = set()
    overlap = False
    for q, quota in enumerate(problem.quotas):
        missing = quota.min_count - trial.counts[q]
        if missing <= 0:
            continue
        still_open = [i for i in cheapest[q] if i not in decided and i != index]
        if len(still_open) < missing:
            return True
        overlap = overlap or not seen.isdisjoint(still_open)
        seen.update(still_open)
        needs.append(sum(problem.cost[i] for i in still_open[:missing]))
    need = sum(needs) if not overlap else max(needs, default=0)
    return need > left


def _repair(witness: _Tally, index: int, decided: set[int], order: Sequence[int]) -> _Tally | None:
    """Add index to the witness, dropping its worst-ranked undecided members until it fits.

    A cheap attempt before asking the solver: members are dropped only while the
    minimums still hold without them. None when this does not give a feasible list.
    """
    trial = witness.copy()
    trial.add(index)
    for other in reversed(order):
        if trial.fits():
            break
        if other in trial.chosen and other != index and other not in decided:
            if trial.can_drop(other):
                trial.add(other, sign=-1)
    return trial if trial.fits() and trial.meets_minimums() else None


def fund_with_quotas(
    candidates: Sequence[Candidate],
    budget_yuan: int,
    order: Sequence[int],
    quotas: Sequence[Quota],
    time_limit_s: float = 10.0,
) -> FundingLine:
    """Walk the ranking, funding each candidate while a feasible completion still exists.

    A feasible completion (witness) is kept along the walk: a candidate inside it is
    funded at no cost, one outside it is first tried by repairing the witness, and only
    then by the solver. A solve that ends without an answer within the time limit counts
    as infeasible.
    """
    validate_inputs(candidates, budget_yuan, order)
    problem = _Problem.of(candidates, budget_yuan, quotas)
    model, chosen = _build(candidates, budget_yuan, quotas)
    solver = _solver(time_limit_s)
    # The plain greedy list is the answer whenever it already meets the minimums.
    witness = _Tally(problem)
    for index in order:
        if witness.fits_with(index):
            witness.add(index)
    if not witness.meets_minimums():
        position = {index: pos for pos, index in enumerate(order)}
        model.maximize(sum((len(order) - position[i]) * x for i, x in enumerate(chosen)))
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise QuotaInfeasible("no funding list fits the budget and meets every quota")
        witness = _Tally(problem)
        for i, x in enumerate(chosen):
            if solver.boolean_value(x):
                witness.add(i)
        model.clear_objective()

    funded = _Tally(problem)
    decided: set[int] = set()
    cheapest = [
        sorted((i for i, groups in enumerate(problem.groups_of) if q in groups),
               key=problem.cost.__getitem__)
        for q in range(len(quotas))
    ]
    for index in order:
        fundable = funded.fits_with(index)
        if fundable and index not in witness.chosen:
            repaired = _repair(witness, index, decided, order)
            if repaired is None and not _minimums_out_of_reach(funded, index, decided, cheapest):
                repaired = _solve_with(model, chosen, solver, witness.chosen, index, problem)
            fundable = repaired is not None
            witness = repaired if repaired is not None else witness
        model.add(chosen[index] == int(fundable))
        decided.add(index)
        if fundable:
            funded.add(index)
    amounts = tuple(
        c.requested_yuan if i in funded.chosen else 0 for i, c in enumerate(candidates)
    )
    return FundingLine(
        order=tuple(order), amounts_yuan=amounts, budget_yuan=budget_yuan, method="quotas"
    )


def _solve_with(
    model: cp_model.CpModel, chosen: list[cp_model.IntVar], solver: cp_model.CpSolver,
    witness: set[int], index: int, problem: _Problem,
) -> _Tally | None:
    """A feasible completion that funds index (hinted by the witness), or None."""
    model.clear_hints()
    for i, x in enumerate(chosen):
        model.add_hint(x, i in witness or i == index)
    model.add_assumption(chosen[index])
    status = solver.solve(model)
    model.clear_assumptions()
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    found = _Tally(problem)
    for i, x in enumerate(chosen):
        if solver.boolean_value(x):
            found.add(i)
    return found


def knapsack_comparison(
    candidates: Sequence[Candidate],
    budget_yuan: int,
    order: Sequence[int],
    time_limit_s: float = 10.0,
) -> FundingLine:
    """The set maximising the total score within the budget, for comparison only."""
    validate_inputs(candidates, budget_yuan, order)
    model, chosen = _build(candidates, budget_yuan, ())
    scale = 10**SCORE_DECIMALS
    model.maximize(sum(round(c.score * scale) * chosen[i] for i, c in enumerate(candidates)))
    solver = _solver(time_limit_s)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"knapsack comparison failed: {solver.status_name(status)}")
    amounts = tuple(
        c.requested_yuan if solver.boolean_value(chosen[i]) else 0
        for i, c in enumerate(candidates)
    )
    return FundingLine(
        order=tuple(order), amounts_yuan=amounts, budget_yuan=budget_yuan,
        method="knapsack", warning=KNAPSACK_WARNING,
    )
