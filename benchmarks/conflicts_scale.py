"""Time and memory of conflict detection on a synthetic call of realistic shape.

Run by hand: `.venv/bin/python benchmarks/conflicts_scale.py [--apps 20000] [--experts 10000]`.
Units: universities with colleges (colleges share the university's credit code or hang
under it by parent id), institutes and companies; 10 % of experts give a unit name only.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from datetime import date, timedelta

import numpy as np

from assignment.conflicts import (
    Application,
    Avoidance,
    ConflictInputs,
    ConflictPolicy,
    Declared,
    Expert,
    Relation,
    Unit,
    detect_conflicts,
)


def build_units(rng: np.random.Generator, n_universities: int, n_others: int) -> list[Unit]:
    """Universities with five colleges each, then institutes and companies."""
    units = []
    for u in range(n_universities):
        uid = f"UNI{u}"
        units.append(Unit(uid, f"第{u}大学", credit_code=f"CODE-UNI{u}"))
        for c in range(5):
            shared = f"CODE-UNI{u}" if rng.random() < 0.5 else None
            units.append(Unit(f"{uid}-C{c}", f"第{u}大学第{c}学院", credit_code=shared,
                              parent_unit_id=uid))
    for o in range(n_others):
        units.append(Unit(f"ORG{o}", f"新疆第{o}有限责任公司", credit_code=f"CODE-ORG{o}"))
    return units


def build_inputs(n_apps: int, n_experts: int, seed: int) -> ConflictInputs:
    """A synthetic call: units, experts, applications, relations and requests."""
    rng = np.random.default_rng(seed)
    units = build_units(rng, n_universities=max(1, n_experts // 40), n_others=n_experts // 4)
    unit_ids = [u.unit_id for u in units]
    names = {u.unit_id: u.name for u in units}
    picks = rng.integers(0, len(unit_ids), size=n_experts)
    experts = []
    for e, pick in enumerate(picks):
        uid = unit_ids[pick]
        if rng.random() < 0.1:  # name only, typed a little differently
            typed = names[uid].replace("有限责任", "有限 ")
            experts.append(Expert(f"E{e}", f"专家{e}", None, typed))
        else:
            experts.append(Expert(f"E{e}", f"专家{e}", uid))
    apps = []
    for a in range(n_apps):
        chosen = rng.choice(len(unit_ids), size=4, replace=False)
        pi = f"E{rng.integers(n_experts)}" if rng.random() < 0.05 else f"P{a}"
        apps.append(Application(f"A{a}", unit_ids[chosen[0]], (unit_ids[chosen[1]],),
                                tuple(unit_ids[c] for c in chosen[2:3 + int(rng.random() < 0.5)]),
                                pi, f"负责人{a}"))
    deadline = date(2025, 3, 31)
    kinds = ["合作"] * 6 + ["师生"] * 2 + ["亲属"]
    def any_unit() -> str:
        """A random unit id."""
        return unit_ids[rng.integers(len(unit_ids))]

    relations = [Relation(f"E{rng.integers(n_experts)}", "曾任职", any_unit(),
                          deadline - timedelta(days=int(rng.integers(0, 3000))))
                 for _ in range(n_experts // 2)]
    relations += [Relation(f"E{rng.integers(n_experts)}", kinds[rng.integers(len(kinds))],
                           f"P{rng.integers(n_apps)}",
                           deadline - timedelta(days=int(rng.integers(0, 3000))))
                  for _ in range(n_apps * 2)]
    avoidance = [Avoidance(f"A{rng.integers(n_apps)}", expert_id=f"E{rng.integers(n_experts)}")
                 for _ in range(n_apps // 10)]
    avoidance += [Avoidance(f"A{rng.integers(n_apps)}", unit_id=any_unit())
                  for _ in range(n_apps // 20)]
    declared = [Declared(f"A{rng.integers(n_apps)}", f"E{rng.integers(n_experts)}", "同事")
                for _ in range(n_apps // 40)]
    return ConflictInputs(tuple(units), tuple(experts), tuple(apps), tuple(relations),
                          tuple(avoidance), tuple(declared))


def main() -> None:
    """Build the call, detect conflicts, print one JSON line of figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--apps", type=int, default=20_000)
    parser.add_argument("--experts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    inputs = build_inputs(args.apps, args.experts, args.seed)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    conflicts = detect_conflicts(inputs, ConflictPolicy(date(2025, 3, 31)))
    seconds = time.perf_counter() - start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "apps": args.apps, "experts": args.experts, "units": len(inputs.units),
        "relations": len(inputs.relations), "rows": len(conflicts),
        "forbidden_pairs": int(len(conflicts.forbidden_pairs())),
        "by_rule": conflicts.counts_by_rule(), "seconds": round(seconds, 2),
        "peak_rss_mib": round(rss_after / 1024),
        "rss_growth_mib": round((rss_after - rss_before) / 1024),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
