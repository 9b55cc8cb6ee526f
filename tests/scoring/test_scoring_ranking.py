"""Tests for one track's ranked list with its funding line and uncertainty."""

import numpy as np
import pytest

from scoring.bayes import sample_posterior
from scoring.calibrate import calibrate
from scoring.ordering import Candidate
from scoring.quotas import Quota
from scoring.ranking import rank_track
from scoring.simulation import simulate_call

SIM = simulate_call(4, n_apps=120, n_experts=36)
CAL = calibrate(SIM.table)
POST = sample_posterior(SIM.table, draws=300, burn_in=100, seed=0)
CANDS = [
    Candidate(app_id, int(SIM.requested_yuan[i]), float(CAL.score[i]),
              groups=(f"direction:{i % 3}",))
    for i, app_id in enumerate(SIM.table.app_ids)
    if i % 2 == 0  # one track: the even applications
]
BUDGET = 600 * 10_000


def test_rows_are_in_rank_order_with_a_fitting_line():
    """Rows follow the calibrated score, money adds up and the line fits the budget."""
    ranking = rank_track(CANDS, POST, BUDGET, seed=1)
    rows = ranking.rows
    assert [r.rank for r in rows] == list(range(1, len(CANDS) + 1))
    assert all(a.score >= b.score for a, b in zip(rows, rows[1:], strict=False))
    assert rows[-1].cumulative_yuan == sum(r.awarded_yuan for r in rows) <= BUDGET
    left = BUDGET - rows[-1].cumulative_yuan
    assert all(r.requested_yuan > left for r in rows if not r.funded)
    assert all(r.score_low <= r.score_high for r in rows)
    assert rows[0].p_above_line > 0.9 and rows[-1].p_above_line < 0.1
    assert ranking.line_rank == next(r.rank for r in rows if not r.funded) - 1


def test_without_budget_nothing_is_funded_and_money_is_requested():
    """No budget: no line, cumulative requested money, no probabilities."""
    rows = rank_track(CANDS, POST, None, seed=1).rows
    assert not any(r.funded for r in rows) and rows[0].p_above_line is None
    assert rows[-1].cumulative_yuan == sum(c.requested_yuan for c in CANDS)


def test_lottery_and_quota_modes():
    """The lottery marks its zone; quotas hold; the two modes do not mix."""
    lottery = rank_track(CANDS, POST, BUDGET, seed=2, lottery=True)
    zone = [r for r in lottery.rows if r.in_lottery_zone]
    assert zone and lottery.line.method == "lottery"
    assert all(r.rank_q25 < lottery.line_rank + 0.5 < r.rank_q75 for r in zone)
    assert sum(r.awarded_yuan for r in lottery.rows) <= BUDGET
    quota = rank_track(CANDS, POST, BUDGET, seed=2, quotas=[Quota("direction:0", max_count=2)])
    groups = {c.app_id: c.groups for c in CANDS}
    funded_in_group = [r for r in quota.rows if r.funded and "direction:0" in groups[r.app_id]]
    assert len(funded_in_group) == 2
    assert sum(r.awarded_yuan for r in quota.rows) <= BUDGET
    with pytest.raises(ValueError):
        rank_track(CANDS, POST, BUDGET, seed=2, lottery=True, quotas=[Quota("x")])
    assert rank_track([], POST, BUDGET, seed=0).rows == ()


def test_unknown_application_is_refused():
    """Candidates must have posterior draws."""
    with pytest.raises(ValueError):
        rank_track([Candidate("NOPE", 1, 1.0)], POST, BUDGET, seed=0)
    assert np.isfinite([r.expected_rank for r in rank_track(CANDS, POST, BUDGET, 0).rows]).all()
