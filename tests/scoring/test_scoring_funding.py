"""Tests for the published order, funding lines, quotas, lottery and knapsack comparison."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.funding import fund_greedy, fund_with_lottery, minimum_award
from scoring.ordering import Candidate, line_rank, lottery_zone, rank_order
from scoring.quotas import (
    KNAPSACK_WARNING,
    Quota,
    QuotaInfeasible,
    fund_with_quotas,
    knapsack_comparison,
)

WAN = 10_000

candidate_lists = st.lists(
    st.tuples(st.floats(40, 95, allow_nan=False), st.integers(1, 60)), min_size=1, max_size=30
).map(lambda rows: [Candidate(f"A{i}", w * WAN, s) for i, (s, w) in enumerate(rows)])


@settings(max_examples=60, deadline=None)
@given(candidates=candidate_lists, budget_wan=st.integers(0, 800), cut=st.integers(0, 30))
def test_greedy_fits_budget_and_leaves_nothing_that_fits(candidates, budget_wan, cut):
    """The funded total fits, and no unfunded application fits (even cut) in what is left."""
    order = rank_order(candidates, seed=0)
    line = fund_greedy(candidates, budget_wan * WAN, order, max_cut_percent=cut)
    assert line.spent_yuan <= line.budget_yuan
    for c, amount in zip(candidates, line.amounts_yuan, strict=True):
        if amount == 0:
            assert minimum_award(c.requested_yuan, cut) > line.remaining_yuan
        else:
            assert minimum_award(c.requested_yuan, cut) <= amount <= c.requested_yuan


def test_greedy_skips_what_no_longer_fits():
    """A large application that does not fit is skipped and the next one is funded."""
    cands = [
        Candidate("A", 40 * WAN, 90), Candidate("B", 50 * WAN, 85), Candidate("C", 20 * WAN, 80)
    ]
    line = fund_greedy(cands, 70 * WAN, rank_order(cands, 0))
    assert line.funded == (True, False, True)
    assert line.cumulative_yuan((0, 1, 2)) == (40 * WAN, 40 * WAN, 60 * WAN)
    assert line_rank((0, 1, 2), line.funded) == 1
    cut = fund_greedy(cands, 70 * WAN, (0, 1, 2), max_cut_percent=40)
    assert cut.amounts_yuan == (40 * WAN, 30 * WAN, 0)


def test_ties_follow_score_then_indicator_priority_then_lottery():
    """Equal scores (to two decimals) fall back to tie keys, then to the seeded lottery."""
    cands = [
        Candidate("low", WAN, 80.001, (15, 10)),
        Candidate("tie_a", WAN, 80.0, (18, 10)),
        Candidate("tie_b", WAN, 80.0, (18, 10)),
        Candidate("top", WAN, 81.0, (1, 1)),
        Candidate("second_key", WAN, 80.0, (18, 12)),
    ]
    orders = {rank_order(cands, seed) for seed in range(20)}
    for order in orders:
        names = [cands[i].app_id for i in order]
        assert names[:2] == ["top", "second_key"] and names[-1] == "low"
    assert len(orders) == 2
    assert rank_order(cands, 3) == rank_order(cands, 3)


def test_quotas_are_met_and_the_walk_prefers_rank():
    """A minimum for a small group pulls its best member in; maxima are respected."""
    cands = [
        Candidate(f"D{i}", 10 * WAN, 90 - i, groups=("direction:big",)) for i in range(6)
    ] + [Candidate("S0", 10 * WAN, 50, groups=("direction:small",)),
         Candidate("S1", 10 * WAN, 40, groups=("direction:small",))]
    order = rank_order(cands, 0)
    quotas = [Quota("direction:small", min_count=1), Quota("direction:big", max_count=4)]
    line = fund_with_quotas(cands, 50 * WAN, order, quotas)
    funded = {c.app_id for c, f in zip(cands, line.funded, strict=True) if f}
    assert funded == {"D0", "D1", "D2", "D3", "S0"}
    assert line.spent_yuan <= line.budget_yuan
    with pytest.raises(QuotaInfeasible):
        fund_with_quotas(cands, 50 * WAN, order, [Quota("direction:small", min_count=3)])


@settings(max_examples=15, deadline=None)
@given(
    data=st.lists(
        st.tuples(st.integers(1, 50), st.sampled_from("abc")), min_size=2, max_size=15
    ),
    budget_wan=st.integers(0, 300),
    cap=st.integers(0, 3),
)
def test_quota_lists_respect_budget_and_caps(data, budget_wan, cap):
    """Any quota list fits the budget, respects maxima and cannot take one more candidate."""
    cands = [Candidate(f"A{i}", w * WAN, 100 - i, groups=(f"g:{g}",)) for i, (w, g) in
             enumerate(data)]
    quotas = [Quota(f"g:{g}", max_count=cap) for g in "abc"]
    line = fund_with_quotas(cands, budget_wan * WAN, rank_order(cands, 0), quotas, 5.0)
    assert line.spent_yuan <= budget_wan * WAN
    counts = {g: 0 for g in "abc"}
    for c, f in zip(cands, line.funded, strict=True):
        counts[c.groups[0][2:]] += f
    assert max(counts.values()) <= cap
    for c, f in zip(cands, line.funded, strict=True):
        if not f:
            assert c.requested_yuan > line.remaining_yuan or counts[c.groups[0][2:]] == cap


def test_lottery_draws_the_zone_by_seed():
    """Only zone members change between seeds; the same seed gives the same list."""
    cands = [Candidate(f"A{i}", 10 * WAN, 90 - i) for i in range(10)]
    order = rank_order(cands, 0)
    q25 = np.array([1, 2, 3, 3, 3, 4, 7, 8, 9, 10], dtype=float)
    q75 = np.array([1, 2, 5, 6, 7, 6, 7, 8, 9, 10], dtype=float)
    assert lottery_zone(order, q25, q75, 4) == (2, 3, 4, 5)
    lines = [fund_with_lottery(cands, 40 * WAN, order, q25, q75, seed) for seed in range(12)]
    assert all(line.lottery_zone == (2, 3, 4, 5) for line in lines)
    for line in lines:
        assert line.funded[:2] == (True, True) and not any(line.funded[6:])
        assert sum(line.funded[2:6]) == 2 and line.seed is not None
    assert len({line.funded for line in lines}) > 1
    again = fund_with_lottery(cands, 40 * WAN, order, q25, q75, 5)
    assert again.funded == lines[5].funded


def test_knapsack_is_only_a_comparison_with_its_warning():
    """Maximising total score funds the cheap projects over a better expensive one."""
    cands = [Candidate("big", 50 * WAN, 95)] + [
        Candidate(f"small{i}", 10 * WAN, 70) for i in range(5)
    ]
    order = rank_order(cands, 0)
    knap = knapsack_comparison(cands, 50 * WAN, order)
    assert knap.warning == KNAPSACK_WARNING and knap.method == "knapsack"
    assert knap.funded == (False, True, True, True, True, True)
    assert fund_greedy(cands, 50 * WAN, order).funded[0]


def test_bad_money_is_refused():
    """Negative budgets, non-positive requests, broken orders and cut caps raise."""
    cands = [Candidate("A", WAN, 50)]
    with pytest.raises(ValueError):
        fund_greedy(cands, -1, (0,))
    with pytest.raises(ValueError):
        fund_greedy([Candidate("A", 0, 50)], 1, (0,))
    with pytest.raises(ValueError):
        fund_greedy(cands, 1, (0, 0))
    with pytest.raises(ValueError):
        minimum_award(100, 100)


def _brute_force(cands, budget, order, quotas):
    """The rank-lexicographically best feasible list, by enumerating every subset."""
    best = None
    for mask in range(1 << len(cands)):
        chosen = {i for i in range(len(cands)) if mask >> i & 1}
        if sum(cands[i].requested_yuan for i in chosen) > budget:
            continue
        ok = True
        for q in quotas:
            members = [i for i in chosen if q.group in cands[i].groups]
            ok &= len(members) >= q.min_count
            ok &= q.max_count is None or len(members) <= q.max_count
        if ok:
            key = tuple(i in chosen for i in order)
            best = key if best is None or key > best else best
    return best


@settings(max_examples=25, deadline=None)
@given(
    data=st.lists(
        st.tuples(st.integers(1, 30), st.sampled_from(["a", "b", "ab", "c"])),
        min_size=2, max_size=9,
    ),
    budget_wan=st.integers(10, 120),
    min_a=st.integers(0, 3),
    max_b=st.integers(0, 3),
)
def test_quota_walk_equals_the_best_list_in_rank_order(data, budget_wan, min_a, max_b):
    """The walk funds exactly the feasible list that is best when read down the ranking."""
    cands = [Candidate(f"A{i}", w * WAN, 100 - i, groups=tuple(f"g:{x}" for x in g))
             for i, (w, g) in enumerate(data)]
    order = rank_order(cands, 0)
    quotas = [Quota("g:a", min_count=min_a), Quota("g:b", max_count=max_b),
              Quota("g:c", min_count=1)]
    best = _brute_force(cands, budget_wan * WAN, order, quotas)
    if best is None:
        with pytest.raises(QuotaInfeasible):
            fund_with_quotas(cands, budget_wan * WAN, order, quotas)
        return
    line = fund_with_quotas(cands, budget_wan * WAN, order, quotas)
    assert tuple(line.funded[i] for i in order) == best
