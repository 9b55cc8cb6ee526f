"""What-if: the stored run's list again under another budget, aggregation, quotas or cuts.

Nothing is sampled and nothing is stored: the stored scores, rank intervals and lottery
seed are walked again by the scoring library, and the page shows the new ranks beside the
saved ones. Asked with the run's own budget, rules and the calibrated score, the what-if
gives back the saved list exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from reviewapp.models import RankingRun
from reviewapp.services.committee import track_rows
from reviewapp.services.ranking import QUOTA_GROUPS
from scoring.funding import fund_greedy, fund_with_lottery
from scoring.ordering import Candidate, rank_order
from scoring.quotas import Quota, QuotaInfeasible, fund_with_quotas

AGGREGATIONS = ("calibrated", "mean", "trimmed")
SCORE_KEYS = {"calibrated": "score", "mean": "mean", "trimmed": "trimmed"}


class WhatIfRefused(ValueError):
    """A what-if the funding rules cannot answer (the page's form checks these first)."""


@dataclass(frozen=True)
class QuotaRow:
    """One quota of a what-if: a group (direction or partner_province), its value, bounds."""

    group: str
    value: str
    min_count: int = 0
    max_count: int | None = None
    max_yuan: int | None = None

    def quota(self) -> Quota:
        """The scoring library's quota (the group named as the candidates' groups are)."""
        return Quota(f"{QUOTA_GROUPS[self.group]}:{self.value}", self.min_count,
                     self.max_count, self.max_yuan)


@dataclass(frozen=True)
class WhatIf:
    """A what-if question about one track of the current run.

    `quotas` None keeps the run's quotas for the track; a tuple (maybe empty) replaces them.
    """

    budget_yuan: int | None
    aggregation: str = "calibrated"
    max_cut_percent: int = 0
    lottery: bool = False
    quotas: tuple[QuotaRow, ...] | None = None


@dataclass(frozen=True)
class WhatIfRow:
    """One application under the what-if: its new rank and whether it crosses the line."""

    app_id: str
    rank: int
    funded: bool
    awarded_yuan: int


@dataclass(frozen=True)
class WhatIfResult:
    """Per application code, the what-if row; who crosses the line each way; or a message."""

    rows: dict[str, WhatIfRow]
    spent_yuan: int
    error: str = ""
    crosses_up: tuple[str, ...] = ()
    drops_out: tuple[str, ...] = ()


def saved_question(run: RankingRun, track_id: str) -> WhatIf:
    """The question whose answer is the saved list: the run's budget and rules as stored."""
    summary, _rows = track_rows(run, track_id)
    rules = run.result["ranking"]["rules"]
    return WhatIf(budget_yuan=summary["budget_yuan"], aggregation="calibrated",
                  max_cut_percent=rules["max_cut_percent"], lottery=rules["lottery"],
                  quotas=saved_quotas(run, track_id))


def saved_quotas(run: RankingRun, track_id: str) -> tuple[QuotaRow, ...]:
    """The stored run's quotas that bind this track."""
    return tuple(
        QuotaRow(q["kind"], q["value"], q["quota"]["min_count"], q["quota"]["max_count"],
                 q["quota"]["max_yuan"])
        for q in run.result["ranking"]["rules"]["quotas"] if q["track"] in (None, track_id))


def _tie_keys(run: RankingRun, row: dict[str, Any]) -> tuple[float, ...]:
    """Priority flags in the call's order, then indicator means in tie-break order."""
    rubric = sorted(run.inputs["rubric"], key=lambda item: item[2])
    flags = tuple(float(flag in row["flags"]) for flag in run.inputs["priorities"])
    return (*flags, *(float(row["indicators"][key]) for key, _, _ in rubric))


def check_question(question: WhatIf) -> None:
    """Refuse the combinations the funding rules do not allow, as a real run would."""
    if question.aggregation not in AGGREGATIONS:
        raise WhatIfRefused(f"aggregation must be one of {AGGREGATIONS}")
    if not 0 <= question.max_cut_percent < 100:
        raise WhatIfRefused("max_cut_percent must be from 0 to 99")
    if question.quotas and (question.lottery or question.max_cut_percent):
        raise WhatIfRefused("quotas cannot be combined with the lottery zone or with cuts")
    if question.lottery and question.aggregation != "calibrated":
        raise WhatIfRefused("the lottery zone needs the calibrated score's rank intervals")
    for row in question.quotas or ():
        if row.group not in QUOTA_GROUPS:
            raise WhatIfRefused(f"quota group must be one of {', '.join(QUOTA_GROUPS)}")


def what_if(run: RankingRun, track_id: str, question: WhatIf) -> WhatIfResult:
    """The track's list under the question, by the run's lottery seed; the run is not changed."""
    check_question(question)
    _, saved_rows = track_rows(run, track_id)
    # In the order the run met them (by code): the seed's lottery permutes that order.
    rows = sorted(saved_rows, key=lambda row: row["app_id"])
    key = SCORE_KEYS[question.aggregation]
    candidates = [
        Candidate(row["app_id"], row["requested_yuan"], float(row[key]), _tie_keys(run, row),
                  groups=(f"direction:{row['direction']}",
                          *(f"province:{p}" for p in row["provinces"])))
        for row in rows
    ]
    order = rank_order(candidates, run.lottery_seed)
    quotas = tuple(q.quota() for q in (
        saved_quotas(run, track_id) if question.quotas is None else question.quotas))
    amounts: tuple[int, ...] = tuple(0 for _ in candidates)
    if question.budget_yuan is not None and candidates:
        try:
            if quotas:
                line = fund_with_quotas(candidates, question.budget_yuan, order, quotas)
            elif question.lottery:
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
    saved = {row["app_id"]: bool(row["funded"]) for row in rows}
    in_order = sorted(result.values(), key=lambda r: r.rank)
    return WhatIfResult(
        result, sum(amounts),
        crosses_up=tuple(r.app_id for r in in_order if r.funded and not saved[r.app_id]),
        drops_out=tuple(r.app_id for r in in_order if saved[r.app_id] and not r.funded))
