"""Time and memory of the affinity model at call scale (default 20,000 × 10,000, top 200).

Run by hand: `.venv/bin/python benchmarks/affinity_scale.py [--apps N] [--experts M]`.
Texts are drawn from the demo call's direction vocabularies, as real ones share terms.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import time

from assignment.affinity import AffinityApp, AffinityExpert, compute_affinity
from reviewapp.demo.vocab import VOCAB


def build(n_apps: int, n_experts: int, seed: int) -> tuple[list, list]:
    """Synthetic applications and experts with direction-specific words."""
    rng = random.Random(seed)
    directions = list(VOCAB)
    apps = []
    for a in range(n_apps):
        direction = rng.choice(directions)
        vocab = VOCAB[direction]
        words = rng.sample(vocab.keywords, 4)
        obj, problem = rng.choice(vocab.objects), rng.choice(vocab.problems)
        apps.append(AffinityApp(
            f"A{a}", direction, tuple(words),
            f"{obj}{words[0]}关键技术引进与示范",
            f"针对{obj}{problem}等问题，引进区外合作单位在{words[0]}方面的科技成果，"
            f"重点开展{words[1]}、{words[2]}等关键技术的本地化适配与集成示范，"
            f"形成{words[3]}成套技术并在疆内推广应用。"))
    experts = []
    for e in range(n_experts):
        picked = rng.sample(directions, rng.randint(1, 3))
        words = rng.sample(VOCAB[picked[0]].keywords, 4)
        experts.append(AffinityExpert(
            f"E{e}", tuple(picked), tuple(words),
            f"长期从事{'、'.join(words[:3])}等方向的研究与应用，主持国家及省部级科研项目多项。"))
    return apps, experts


def main() -> None:
    """Build, score, print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--apps", type=int, default=20_000)
    parser.add_argument("--experts", type=int, default=10_000)
    parser.add_argument("--top-n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    apps, experts = build(args.apps, args.experts, args.seed)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    affinity = compute_affinity(apps, experts, top_n=args.top_n)
    seconds = time.perf_counter() - start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "apps": args.apps, "experts": args.experts, "top_n": args.top_n,
        "kept_pairs": int(affinity.scores.nnz), "seconds": round(seconds, 1),
        "peak_rss_mib": round(rss_after / 1024),
        "rss_growth_mib": round((rss_after - rss_before) / 1024),
        "best_of_first_app": affinity.explain(0, int(affinity.scores[0].toarray().argmax()))
        .summary(),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
