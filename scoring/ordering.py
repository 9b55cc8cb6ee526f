"""The published ranking order and the lottery zone around a funding line.

Order: calibrated score (equal when it agrees to the two decimals shown), then the mean
of each indicator in the call's priority order, then a lottery drawn with a recorded seed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

SCORE_DECIMALS = 2


@dataclass(frozen=True)
class Candidate:
    """An application competing for a track's budget."""

    app_id: str
    requested_yuan: int
    score: float  # calibrated score out of 100
    tie_keys: tuple[float, ...] = ()  # indicator means in the call's priority order
    groups: tuple[str, ...] = ()  # quota groups, e.g. "direction:数字经济", "province:北京"


def rank_order(candidates: Sequence[Candidate], seed: int) -> tuple[int, ...]:
    """Indices of candidates best first, ties broken by indicator priority, then by lottery."""
    lengths = {len(c.tie_keys) for c in candidates}
    if len(lengths) > 1:
        raise ValueError("every candidate needs the same number of tie keys")
    for c in candidates:
        if not np.isfinite(c.score) or not all(np.isfinite(k) for k in c.tie_keys):
            raise ValueError(f"{c.app_id}: score and tie keys must be finite")
    lottery = np.random.default_rng(seed).permutation(len(candidates))
    keys = [
        (-round(c.score, SCORE_DECIMALS), *(-round(k, SCORE_DECIMALS) for k in c.tie_keys),
         int(lottery[i]))
        for i, c in enumerate(candidates)
    ]
    return tuple(sorted(range(len(candidates)), key=keys.__getitem__))


def line_rank(order: Sequence[int], funded: Sequence[bool]) -> int:
    """Number of candidates at the top of the order funded before the first one that is not."""
    for position, index in enumerate(order):
        if not funded[index]:
            return position
    return len(order)


def lottery_zone(
    order: Sequence[int], rank_q25: np.ndarray, rank_q75: np.ndarray, line: int
) -> tuple[int, ...]:
    """Candidates (in rank order) whose 50 % rank interval straddles the line below rank `line`.

    rank_q25 and rank_q75 are indexed like the candidates; ranks are 1-based, so the line
    lies at line + 0.5.
    """
    cut = line + 0.5
    return tuple(i for i in order if rank_q25[i] < cut < rank_q75[i])
