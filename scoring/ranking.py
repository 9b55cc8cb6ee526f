"""One track's ranked list: published order, funding line and rank uncertainty per row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scoring.bayes import Posterior, rank_summary
from scoring.funding import FundingLine, fund_greedy, fund_with_lottery
from scoring.ordering import Candidate, line_rank, rank_order
from scoring.quotas import Quota, fund_with_quotas


@dataclass(frozen=True)
class RankedRow:
    """One application's line in the ranked list."""

    app_id: str
    rank: int  # position in the published order, 1 is best
    score: float  # calibrated score
    score_low: float  # 5 % posterior quantile of the score
    score_high: float  # 95 % posterior quantile of the score
    requested_yuan: int
    awarded_yuan: int
    cumulative_yuan: int  # awarded money down to this row (requested when there is no line)
    funded: bool
    expected_rank: float
    rank_q05: float
    rank_q25: float
    rank_q75: float
    rank_q95: float
    p_above_line: float | None
    in_lottery_zone: bool


@dataclass(frozen=True)
class TrackRanking:
    """A track's ranked rows and the funding line that marked them."""

    rows: tuple[RankedRow, ...]
    line: FundingLine | None  # None when the track has no budget
    line_rank: int | None  # candidates above the first unfunded one in rank order
    seed: int


def rank_track(
    candidates: Sequence[Candidate],
    posterior: Posterior,
    budget_yuan: int | None,
    seed: int,
    lottery: bool = False,
    quotas: Sequence[Quota] = (),
    max_cut_percent: int = 0,
) -> TrackRanking:
    """Rank a track's candidates, draw its funding line and attach rank uncertainty."""
    if lottery and quotas:
        raise ValueError("the lottery zone and quotas cannot be combined")
    if not candidates:
        return TrackRanking(rows=(), line=None, line_rank=None, seed=seed)
    position = {app_id: i for i, app_id in enumerate(posterior.app_ids)}
    missing = [c.app_id for c in candidates if c.app_id not in position]
    if missing:
        raise ValueError(f"no posterior for applications {missing}")
    app_index = np.array([position[c.app_id] for c in candidates], dtype=np.int64)
    order = rank_order(candidates, seed)

    line: FundingLine | None = None
    line_at: int | None = None
    summary = rank_summary(posterior, app_index)
    if budget_yuan is not None:
        if quotas:
            line = fund_with_quotas(candidates, budget_yuan, order, quotas)
            line_at = line_rank(order, line.funded)
        else:
            plain = fund_greedy(candidates, budget_yuan, order, max_cut_percent)
            line_at = line_rank(order, plain.funded)
            line = plain
            if lottery:
                line = fund_with_lottery(
                    candidates, budget_yuan, order, summary.rank_q25, summary.rank_q75,
                    seed, max_cut_percent,
                )
        summary = rank_summary(posterior, app_index, line_at)

    low, high = np.quantile(posterior.score_draws[:, app_index], [0.05, 0.95], axis=0)
    amounts = line.amounts_yuan if line else tuple(0 for _ in candidates)
    running = np.cumsum(
        [amounts[i] if line else candidates[i].requested_yuan for i in order]
    )
    zone = set(line.lottery_zone) if line else set()
    rows = tuple(
        RankedRow(
            app_id=candidates[i].app_id,
            rank=pos + 1,
            score=float(candidates[i].score),
            score_low=float(low[i]),
            score_high=float(high[i]),
            requested_yuan=candidates[i].requested_yuan,
            awarded_yuan=amounts[i],
            cumulative_yuan=int(running[pos]),
            funded=amounts[i] > 0,
            expected_rank=float(summary.expected_rank[i]),
            rank_q05=float(summary.rank_q05[i]),
            rank_q25=float(summary.rank_q25[i]),
            rank_q75=float(summary.rank_q75[i]),
            rank_q95=float(summary.rank_q95[i]),
            p_above_line=(
                None if summary.p_above_line is None else float(summary.p_above_line[i])
            ),
            in_lottery_zone=i in zone,
        )
        for pos, i in enumerate(order)
    )
    return TrackRanking(rows=rows, line=line, line_rank=line_at, seed=seed)
