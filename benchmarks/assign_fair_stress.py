"""Stress calls for the fair objective: shared experts and tight loads, vs the max-sum total.

Usage: .venv/bin/python benchmarks/assign_fair_stress.py [--time-limit 30] [--only NAME]
Every instance is seeded (numpy default_rng), has one expert per unit and one from outside
the home region required, and is solved in this process with
`solve(problem, objective="fair", time_limit=...)` and once with `objective="sum"`.
Prints a Markdown table; the total's proven gap of an unproven call follows it.

- shared-100x60, shared-500x400: every application may take every expert, scored by the
  expert's quality plus a little noise, so all want the same experts; the 100 × 60 loads
  (K=3, L=5) exactly cover demand, the 500 × 400 ones (K=5, L=7) leave 300 slots over.
- topic-s3, topic-s7: 500 × 1,000, K=5, L=3, top-200 candidates from topic vectors
  (`assign_scale.candidate_pairs`, seeds 3 and 7).
- random30-L3, random25-L4: 500 × 1,000 with 30 random candidates per application and
  L=3, and 500 × 700 with 25 and L=4 (K=5), scored by expert quality and noise.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from assign_scale import candidate_pairs

from assignment.problem import Problem
from assignment.solvers import solve


def build(app_ids: tuple[str, ...], expert_ids: tuple[str, ...], pair_app: np.ndarray,
          pair_expert: np.ndarray, score: np.ndarray, per_app: int, max_load: int,
          unit: np.ndarray, external: np.ndarray) -> Problem:
    """A problem over these candidate pairs with both panel rules (one per unit, external)."""
    n_apps, n_experts = len(app_ids), len(expert_ids)
    return Problem(
        app_ids=app_ids,
        expert_ids=expert_ids,
        pair_app=pair_app.astype(np.int64),
        pair_expert=pair_expert.astype(np.int64),
        pair_score=score,
        demand=np.full(n_apps, per_app),
        max_load=np.full(n_experts, max_load),
        min_load=np.zeros(n_experts, np.int64),
        available=np.ones(n_experts, bool),
        forbidden_app=np.zeros(0, np.int64),
        forbidden_expert=np.zeros(0, np.int64),
        locked=np.zeros(len(pair_app), bool),
        expert_unit=unit,
        expert_external=external,
        one_per_unit=True,
        require_external=True,
    )


def ids(prefix: str, count: int) -> tuple[str, ...]:
    """Ids `prefix0` … `prefix{count-1}`."""
    return tuple(f"{prefix}{i}" for i in range(count))


def shared(n_apps: int, n_experts: int, per_app: int, max_load: int, seed: int,
           noise: float) -> Problem:
    """Every application a candidate of every expert, scored by one quality plus noise."""
    rng = np.random.default_rng(seed)
    quality = rng.random(n_experts)
    pair_app = np.repeat(np.arange(n_apps), n_experts)
    pair_expert = np.tile(np.arange(n_experts), n_apps)
    score = np.round(quality[pair_expert] + noise * rng.random(len(pair_app)), 4)
    unit = rng.integers(0, n_experts // 2, n_experts)
    external = (rng.random(n_experts // 2 + 1) < 0.6)[unit]
    return build(ids("a", n_apps), ids("e", n_experts), pair_app, pair_expert, score, per_app,
                 max_load, unit, external)


def topic(seed: int, max_load: int) -> Problem:
    """500 × 1,000, K=5: top-200 topic candidates, 300 units, 60 % of them external."""
    frame = candidate_pairs(500, 1000, seed)
    apps, app_ids = pd.factorize(frame.paper_id, sort=True)
    experts, expert_ids = pd.factorize(frame.reviewer_id, sort=True)
    rng = np.random.default_rng(seed)
    unit = rng.integers(0, 300, len(expert_ids))
    external = (rng.random(300) < 0.6)[unit]
    return build(tuple(app_ids), tuple(expert_ids), apps, experts, frame.score.to_numpy(), 5,
                 max_load, unit, external)


def scattered(n_apps: int, n_experts: int, candidates: int, per_app: int, max_load: int,
              seed: int) -> Problem:
    """`candidates` random experts per application, scored 0.6 quality + 0.4 noise."""
    rng = np.random.default_rng(seed)
    quality = rng.random(n_experts)
    pair_app = np.repeat(np.arange(n_apps), candidates)
    pair_expert = np.concatenate([rng.choice(n_experts, candidates, replace=False)
                                  for _ in range(n_apps)])
    score = np.round(0.6 * quality[pair_expert] + 0.4 * rng.random(len(pair_app)), 4)
    unit = rng.integers(0, n_experts // 3, n_experts)
    external = (rng.random(n_experts // 3 + 1) < 0.6)[unit]
    return build(ids("a", n_apps), ids("e", n_experts), pair_app, pair_expert, score, per_app,
                 max_load, unit, external)


INSTANCES = {
    "shared-100x60": lambda: shared(100, 60, 3, 5, seed=6, noise=0.1),
    "shared-500x400": lambda: shared(500, 400, 5, 7, seed=7, noise=0.2),
    "topic-s3": lambda: topic(3, 3),
    "topic-s7": lambda: topic(7, 3),
    "random30-L3": lambda: scattered(500, 1000, 30, 5, 3, seed=2),
    "random25-L4": lambda: scattered(500, 700, 25, 5, 4, seed=3),
}


def main() -> None:
    """Solve each instance (or the one named) in fair and sum mode; print one row each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--only", choices=sorted(INSTANCES))
    args = parser.parse_args()
    print("| instance | worst | bound on the worst | gap % | total | max-sum total | status "
          "| seconds |")
    print("|---|---|---|---|---|---|---|---|")
    notes = []
    for name, make in INSTANCES.items():
        if args.only and name != args.only:
            continue
        problem = make()
        started = time.perf_counter()
        fair = solve(problem, objective="fair", time_limit=args.time_limit)
        seconds = time.perf_counter() - started
        best = solve(problem, objective="sum")
        gap = 100 * (fair.bound - fair.min_app_score) / max(abs(fair.bound), 1e-12)
        print(f"| {name} | {fair.min_app_score:.4f} | {fair.bound:.4f} | {gap:.2f} | "
              f"{fair.objective:.3f} | {best.objective:.3f} | {fair.status} | {seconds:.2f} |",
              flush=True)
        notes += [f"{name}: {d.message_en}" for d in fair.diagnostics]
    if notes:
        print("\n" + "\n".join(notes))


if __name__ == "__main__":
    main()
