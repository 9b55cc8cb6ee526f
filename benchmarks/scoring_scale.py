"""Benchmark the scoring library at call scale: 2,000 applications x 5 reviews.

Run by hand: .venv/bin/python benchmarks/scoring_scale.py [--apps 2000] [--draws 1000]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy.stats import kendalltau

from scoring.aggregate import mean_scores, trimmed_mean_scores
from scoring.bayes import rank_summary, sample_posterior
from scoring.calibrate import calibrate
from scoring.funding import fund_greedy, fund_with_lottery
from scoring.ordering import Candidate, line_rank, rank_order
from scoring.quotas import Quota, fund_with_quotas, knapsack_comparison
from scoring.reliability import krippendorff_alpha_interval, outlier_reviews
from scoring.simulation import simulate_call


def timed(label: str, func, *args, **kwargs):
    """Run func once, print its wall time, and return its result."""
    start = time.perf_counter()
    result = func(*args, **kwargs)
    print(f"{label:<34} {time.perf_counter() - start:8.3f} s")
    return result


def main() -> None:
    """Simulate one large call and time every stage of ranking it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--apps", type=int, default=2000)
    parser.add_argument("--draws", type=int, default=2000)
    parser.add_argument("--burn-in", type=int, default=100)
    args = parser.parse_args()
    sim = simulate_call(2025, n_apps=args.apps, n_experts=args.apps // 5, panel_size=15)
    table = sim.table
    print(f"{table.n_apps} applications, {table.n_experts} experts, {table.n_reviews} reviews")

    total = time.perf_counter()
    cal = timed("ridge calibration", calibrate, table)
    post = timed(
        f"Gibbs (4 chains, {args.draws} draws in all + {args.burn_in} burn-in each)",
        sample_posterior, table, draws=args.draws, burn_in=args.burn_in, seed=0,
    )
    conv = post.convergence
    print(f"convergence: min ESS {conv.min_ess:.0f}, max split R-hat {conv.max_rhat:.4f}"
          f" ({'converged' if conv.converged else 'NOT converged'})")
    cands = [
        Candidate(app_id, int(sim.requested_yuan[i]), float(cal.score[i]),
                  groups=(f"direction:{i % 15}",))
        for i, app_id in enumerate(table.app_ids)
    ]
    budget = int(sim.requested_yuan.sum() // 4)
    order = timed("published order (ties)", rank_order, cands, 0)
    line = timed("greedy funding line", fund_greedy, cands, budget, order)
    at = line_rank(order, line.funded)
    summary = timed("rank summary + P(above line)", rank_summary, post, np.arange(len(cands)), at)
    timed("lottery zone line", fund_with_lottery, cands, budget, order,
          summary.rank_q25, summary.rank_q75, 7)
    print(f"{'TOTAL ridge+Gibbs+order+line+ranks':<34} {time.perf_counter() - total:8.3f} s")
    timed("alpha (interval)", krippendorff_alpha_interval, table.app_idx, table.score)
    timed("outlier flags", outlier_reviews, table, cal)
    quotas = [Quota(f"direction:{d}", min_count=5, max_count=60) for d in range(2, 15)]
    quotas += [Quota("direction:0", min_count=45), Quota("direction:1", max_count=25)]
    timed("quota walk (15 directions, CP-SAT)", fund_with_quotas, cands, budget, order, quotas)
    timed("knapsack comparison (CP-SAT)", knapsack_comparison, cands, budget, order)

    print("Kendall tau with true quality:")
    for name, values in (("mean", mean_scores(table)), ("trimmed mean", trimmed_mean_scores(table)),
                         ("calibrated (ridge)", cal.score), ("posterior mean", post.score_mean())):
        print(f"  {name:<20} {kendalltau(values, sim.quality)[0]:.3f}")
    zone = sum(1 for i in order if summary.rank_q25[i] < at + 0.5 < summary.rank_q75[i])
    print(f"funded {sum(line.funded)} of {len(cands)}; line after rank {at}; lottery zone {zone}")


if __name__ == "__main__":
    main()
