"""Funding lines under a track budget: rank order with skipping, partial funding, lottery zone.

The default, as with NIH paylines and Horizon Europe ranked lists, walks the ranking and
funds each application that still fits, skipping those that no longer do. Hence the
funded total never exceeds the budget, and no unfunded application fits in what is left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scoring.ordering import Candidate, line_rank, lottery_zone


@dataclass(frozen=True)
class FundingLine:
    """Which candidates are funded and with how much, with what produced the list."""

    order: tuple[int, ...]  # candidate indices in the order they were walked
    amounts_yuan: tuple[int, ...]  # per candidate, in input order; 0 when unfunded
    budget_yuan: int
    method: str  # greedy, lottery, quotas or knapsack
    seed: int | None = None
    lottery_zone: tuple[int, ...] = ()  # candidates that were drawn, in rank order
    warning: str = ""

    @property
    def funded(self) -> tuple[bool, ...]:
        """Funded flag per candidate, in input order."""
        return tuple(amount > 0 for amount in self.amounts_yuan)

    @property
    def spent_yuan(self) -> int:
        """Total amount awarded."""
        return sum(self.amounts_yuan)

    @property
    def remaining_yuan(self) -> int:
        """Budget left after the awards."""
        return self.budget_yuan - self.spent_yuan

    def cumulative_yuan(self, order: Sequence[int]) -> tuple[int, ...]:
        """Running total of awarded money along the given order."""
        return tuple(int(x) for x in np.cumsum([self.amounts_yuan[i] for i in order]))


def minimum_award(requested_yuan: int, max_cut_percent: int) -> int:
    """Smallest award the call allows: the request less the largest cut, rounded up to a yuan."""
    if not 0 <= max_cut_percent < 100:
        raise ValueError("max_cut_percent must be in 0..99")
    return -(-requested_yuan * (100 - max_cut_percent) // 100)


def _walk(
    candidates: Sequence[Candidate], budget_yuan: int, walk: Sequence[int], max_cut_percent: int
) -> tuple[int, ...]:
    """Awards from walking candidates in the given order, funding what fits (cut if allowed)."""
    amounts = [0] * len(candidates)
    remaining = budget_yuan
    for index in walk:
        requested = candidates[index].requested_yuan
        if requested <= remaining:
            amounts[index] = requested
        elif minimum_award(requested, max_cut_percent) <= remaining:
            amounts[index] = remaining
        remaining -= amounts[index]
    return tuple(amounts)


def validate_inputs(
    candidates: Sequence[Candidate], budget_yuan: int, order: Sequence[int]
) -> None:
    """Reject negative money and orders that are not a permutation of the candidates."""
    if budget_yuan < 0:
        raise ValueError("budget must not be negative")
    if any(c.requested_yuan <= 0 for c in candidates):
        raise ValueError("every request must be a positive number of yuan")
    if sorted(order) != list(range(len(candidates))):
        raise ValueError("order must list every candidate exactly once")


def fund_greedy(
    candidates: Sequence[Candidate],
    budget_yuan: int,
    order: Sequence[int],
    max_cut_percent: int = 0,
) -> FundingLine:
    """Fund in rank order, skipping what no longer fits; cut up to max_cut_percent to fit."""
    validate_inputs(candidates, budget_yuan, order)
    return FundingLine(
        order=tuple(order),
        amounts_yuan=_walk(candidates, budget_yuan, order, max_cut_percent),
        budget_yuan=budget_yuan,
        method="greedy",
    )


def fund_with_lottery(
    candidates: Sequence[Candidate],
    budget_yuan: int,
    order: Sequence[int],
    rank_q25: np.ndarray,
    rank_q75: np.ndarray,
    seed: int,
    max_cut_percent: int = 0,
) -> FundingLine:
    """SNSF-style: fund the clearly-above, draw the zone around the line by seed, then the rest.

    The zone is every candidate whose 50 % rank interval contains the line of the plain
    greedy list. Candidates whose interval lies above the line are walked first in rank
    order, the zone next in the drawn order, and the candidates below the line last, so
    money the zone leaves still goes down the list.
    """
    validate_inputs(candidates, budget_yuan, order)
    plain = _walk(candidates, budget_yuan, order, max_cut_percent)
    line = line_rank(order, [amount > 0 for amount in plain])
    zone = lottery_zone(order, rank_q25, rank_q75, line)
    in_zone = set(zone)
    cut = line + 0.5
    above = [i for i in order if i not in in_zone and rank_q75[i] <= cut]
    below = [i for i in order if i not in in_zone and rank_q75[i] > cut]
    drawn = [zone[k] for k in np.random.default_rng(seed).permutation(len(zone))]
    walk = above + drawn + below
    return FundingLine(
        order=tuple(walk),
        amounts_yuan=_walk(candidates, budget_yuan, walk, max_cut_percent),
        budget_yuan=budget_yuan,
        method="lottery",
        seed=seed,
        lottery_zone=zone,
    )
