"""What-if: the stored run's list again under another budget, aggregation, quotas or cuts.

Nothing is sampled and nothing is stored: the stored scores, intervals and seed are
walked again by the scoring library, and the page shows the new ranks beside the saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from reviewapp.models import RankingRun
from reviewapp.services.committee import track_rows
from scoring.funding import fund_greedy, fund_with_lottery
from scoring.ordering import Candidate, rank_order
from scoring.quotas import Quota, QuotaInfeasible, fund_with_quotas

AGGREGATIONS = ("calibrated", "mean", "trimmed")


@dataclass(frozen=True)
class WhatIf:
    """A what-if question about one track of the current run."""

    budget_yuan: int | None
    aggregation: str = "calibrated"
    max_cut_percent: int = 0
    lottery: bool = False
    quotas: bool = True  # keep the call's quotas


@dataclass(frozen=True)
class WhatIfRow:
    """One application under the what-if: its new rank and whether it crosses the line."""

    app_id: str
    rank: int
    funded: bool
    awarded_yuan: int


@dataclass(frozen=True)
class WhatIfResult:
    """Per application code, the what-if row; and a message when the question has no answer."""

    rows: dict[str, WhatIfRow]
    spent_yuan: int
    error: str = ""


def _tie_keys(run: RankingRun, row: dict[str, Any]) -> tuple[float, ...]:
    """Priority flags in the call's order, then indicator means in tie-break order."""
    rubric = sorted(run.inputs["rubric"], key=lambda item: item[2])
    flags = tuple(float(flag in row["flags"]) for flag in run.inputs["priorities"])
    return (*flags, *(float(row["indicators"][key]) for key, _, _ in rubric))


def _quotas(run: RankingRun, track_id: str) -> tuple[Quota, ...]:
    """The stored run's quotas that bind this track."""
    rules = run.result["ranking"]["rules"]
    return tuple(Quota(**q["quota"]) for q in rules["quotas"] if q["track"] in (None, track_id))


def what_if(run: RankingRun, track_id: str, question: WhatIf) -> WhatIfResult:
    """The track's list under the question, by the run's lottery seed."""
    if question.aggregation not in AGGREGATIONS:
        raise ValueError(f"aggregation must be one of {AGGREGATIONS}")
    _, rows = track_rows(run, track_id)
    key = {"calibrated": "score", "mean": "mean", "trimmed": "trimmed"}[question.aggregation]
    candidates = [
        Candidate(row["app_id"], row["requested_yuan"], float(row[key]), _tie_keys(run, row),
                  groups=(f"direction:{row['direction']}",
                          *(f"province:{p}" for p in row["provinces"])))
        for row in rows
    ]
    order = rank_order(candidates, run.lottery_seed)
    quotas = _quotas(run, track_id) if question.quotas else ()
    amounts: tuple[int, ...] = tuple(0 for _ in candidates)
    if question.budget_yuan is not None and candidates:
        try:
            if quotas:
                line = fund_with_quotas(candidates, question.budget_yuan, order, quotas)
            elif question.lottery and question.aggregation == "calibrated":
                q25 = np.array([row["rank_q25"] for row in rows])
                q75 = np.array([row["rank_q75"] for row in rows])
                line = fund_with_lottery(candidates, question.budget_yuan, order, q25, q75,
                                         run.lottery_seed, question.max_cut_percent)
            else:
                line = fund_greedy(candidates, question.budget_yuan, order,
                                   question.max_cut_percent)
        except QuotaInfeasible as error:
            return WhatIfResult({}, 0, str(error))
        amounts = line.amounts_yuan
    result = {
        candidates[i].app_id: WhatIfRow(candidates[i].app_id, position + 1, amounts[i] > 0,
                                        amounts[i])
        for position, i in enumerate(order)
    }
    return WhatIfResult(result, sum(amounts))
