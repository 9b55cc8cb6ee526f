"""Mis-ordered expert pairs on the demo call, against the generator's intended expertise.

Ground truth per (application, expert): 2 when the application's direction is the
expert's main field (their first direction), 1 when it is one of their other fields,
0 otherwise. For each application, every pair of experts with different truth is checked:
mis-ordered when the affinity orders them the other way, a tie counting one half.
The model is run with its default weights and with the direction weight at 0 (keywords
and text alone), the harder test, since the full model is told the direction.
Run by hand: `.venv/bin/python benchmarks/affinity_demo.py [--seed 2025]`.
"""

from __future__ import annotations

import argparse
import json

import numpy as np

from assignment.affinity import AffinityApp, AffinityExpert, AffinityWeights, compute_affinity
from reviewapp.demo.generator import generate_demo_book


def truth(book) -> np.ndarray:
    """Intended expertise level of each (application, expert) pair: 2, 1 or 0."""
    levels = np.zeros((len(book.applications), len(book.experts)), dtype=np.int8)
    for j, expert in enumerate(book.experts):
        for i, app in enumerate(book.applications):
            if expert.directions and app.direction == expert.directions[0]:
                levels[i, j] = 2
            elif app.direction in expert.directions:
                levels[i, j] = 1
    return levels


def misordered(scores: np.ndarray, levels: np.ndarray) -> float:
    """Pooled share of differently-levelled expert pairs ordered against the truth."""
    wrong = total = 0.0
    for row_scores, row_levels in zip(scores, levels, strict=True):
        # Sort by level; compare every expert of a level with every expert of a lower one.
        for high in (2, 1):
            upper = row_scores[row_levels == high]
            lower = np.sort(row_scores[row_levels < high])
            below = np.searchsorted(lower, upper, side="left")
            equal = np.searchsorted(lower, upper, side="right") - below
            wrong += float((len(lower) - below - equal).sum() + 0.5 * equal.sum())
            total += len(upper) * len(lower)
    return wrong / total


def main() -> None:
    """Print one JSON line: mis-ordered share with and without the direction component."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    book = generate_demo_book(args.seed)
    apps = [AffinityApp(a.app_id, a.direction, a.keywords, a.title, a.abstract)
            for a in book.applications]
    experts = [AffinityExpert(e.expert_id, e.directions, e.keywords, e.profile)
               for e in book.experts]
    levels = truth(book)
    results = {"applications": len(apps), "experts": len(experts)}
    for name, weights in (("default_weights", AffinityWeights()),
                          ("keywords_and_text_only", AffinityWeights(0.0, 0.5, 0.5)),
                          ("text_only", AffinityWeights(0.0, 0.0, 1.0))):
        scores = compute_affinity(apps, experts, weights=weights, top_n=None).dense()
        results[name] = round(misordered(scores, levels), 4)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
